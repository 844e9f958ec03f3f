"""The Dask engine gives the stories of the single-process path, problems included."""

from __future__ import annotations

import os
import signal
from functools import cache
from pathlib import Path

from distributed import Client
from typer.testing import CliRunner

from consilience.cli import app
from consilience.engines.dask.clustering import cluster_stories

runner = CliRunner()


@cache
def _local(path: Path) -> tuple[str, list[str]]:
    """Stories (JSON Lines) and problem lines of `consilience cluster` in one process."""
    result = runner.invoke(app, ["cluster", str(path)])
    assert result.exit_code in (0, 1), result.output
    return result.stdout, result.stderr.splitlines()


def _on_dask(
    client: Client, path: Path, target_bytes: int, **options: object
) -> tuple[str, list[str]]:
    out: list[str] = []
    run = cluster_stories(client, [str(path)], out.append, target_bytes=target_bytes, **options)  # type: ignore[arg-type]
    assert run.partitions > 1
    return "".join(out), [f"consilience: skipped {problem}" for problem in run.problems]


def test_events_in_many_partitions(thread_client: Client, events_path: Path) -> None:
    stories, problems = _on_dask(thread_client, events_path, target_bytes=1500)
    assert (stories, problems) == _local(events_path)
    assert stories.count("\n") == 5


def test_ecb_articles_with_copies_duplicates_and_a_malformed_line(
    thread_client: Client, ecb_corpus: Path
) -> None:
    stories, problems = _on_dask(thread_client, ecb_corpus, target_bytes=50_000)
    local_stories, local_problems = _local(ecb_corpus)
    assert stories == local_stories
    assert problems == local_problems
    # The malformed line sits in a middle partition: reported once, by its line.
    assert [p for p in problems if "malformed" in p] == [
        f"consilience: skipped {ecb_corpus}:91: malformed JSON (Expecting value)"
    ]
    assert any("duplicate article id" in p for p in problems)
    assert '"near_duplicates"' in stories


def test_worker_processes_give_the_same_stories(process_client: Client, ecb_corpus: Path) -> None:
    assert _on_dask(process_client, ecb_corpus, target_bytes=80_000) == _local(ecb_corpus)


def test_a_killed_worker_is_replaced_and_the_stories_are_the_same(
    process_client: Client, ecb_corpus: Path
) -> None:
    victim = next(iter(process_client.run(os.getpid).values()))
    killed: list[str] = []

    def kill_once(stage: str, done: int, total: int) -> None:
        if stage == "reading" and done >= 2 and not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append(stage)

    result = _on_dask(process_client, ecb_corpus, target_bytes=60_000, on_progress=kill_once)
    assert killed, "no worker was killed during the run"
    assert victim not in process_client.run(os.getpid).values()
    assert result == _local(ecb_corpus)
