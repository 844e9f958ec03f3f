"""`--engine dask` on the command line: the local path's output, exit codes and lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from distributed import Client
from typer.testing import CliRunner

from consilience.cli import app
from tests.cluster.conftest import event_records

runner = CliRunner()


def _both(args: list[str], client: Client) -> tuple[object, object]:
    here = runner.invoke(app, args)
    there = runner.invoke(app, [*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    return here, there


def test_cluster_output_file_problems_and_exit_code_match(
    thread_client: Client, tmp_path: Path
) -> None:
    records = event_records()
    lines = [json.dumps(r) for r in records]
    lines[9:9] = ["{not json", json.dumps(records[0])]
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = []
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.jsonl"
        args = ["cluster", str(source), "-o", str(out), "--engine", engine]
        if engine == "dask":
            args += ["--scheduler", thread_client.scheduler.address]
        result = runner.invoke(app, args)
        results.append((result.exit_code, result.stderr, out.read_text(encoding="utf-8")))
    assert results[0] == results[1]
    code, stderr, stories = results[1]
    assert code == 1
    assert stderr.splitlines() == [
        f"consilience: skipped {source}:10: malformed JSON "
        "(Expecting property name enclosed in double quotes)",
        f"consilience: skipped {source}:11: duplicate article id 'quake-peru-1'",
    ]
    assert stories.count("\n") == 5
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_dossiers_of_cluster_and_analyze_stories_match(
    thread_client: Client, events_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stories = tmp_path / "stories.jsonl"
    assert runner.invoke(app, ["cluster", str(events_path), "-o", str(stories)]).exit_code == 0
    lines = stories.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["article_ids"].append("not-in-the-inputs")
    lines[0] = json.dumps(first)
    lines.insert(1, '{"id": "../escape", "title": "t", "article_ids": ["a", "b"], "why": []}')
    stories.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for engine in ("local", "dask"):
        folder = tmp_path / engine
        args = ["analyze-stories", str(stories), str(events_path), "-o", str(folder)]
        args += ["--engine", engine]
        if engine == "dask":
            args += ["--scheduler", thread_client.scheduler.address]
        result = runner.invoke(app, args)
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}
        outputs.append((result.exit_code, result.stderr.replace(str(folder), "DIR"), files))
    assert outputs[0] == outputs[1]
    code, stderr, files = outputs[1]
    assert code == 1
    assert len(files) == 5 and not (tmp_path / "escape.json").exists()
    assert stderr.splitlines() == [
        f"consilience: skipped {stories}:2: story id '../escape' cannot name a file",
        f"consilience: story {first['id']}: 1 of its {len(first['article_ids'])} articles are "
        "not in the inputs; the dossier covers the others",
        "consilience: 5 dossier(s) written to DIR",
    ]
    dossier = json.loads(files[f"{first['id']}.json"])
    assert len(dossier["articles"]) == len(first["article_ids"]) - 1


def test_cluster_analyze_on_dask_writes_the_local_dossiers(
    thread_client: Client, events_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folders = []
    for engine in ("local", "dask"):
        folder = tmp_path / engine
        args = ["cluster", str(events_path), "--analyze", str(folder), "--engine", engine]
        if engine == "dask":
            args += ["--scheduler", thread_client.scheduler.address]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        folders.append((result.stdout, {p.name: p.read_bytes() for p in folder.iterdir()}))
    assert folders[0] == folders[1]
    assert len(folders[1][1]) == 5


def test_without_dask_one_line_and_exit_2(
    events_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    for name in [m for m in sys.modules if m.startswith("consilience.engines.dask.")]:
        monkeypatch.delitem(sys.modules, name)
    result = runner.invoke(app, ["cluster", str(events_path), "--engine", "dask"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "consilience: --engine dask needs Dask (distributed is not installed): "
        "pip install 'consilience[dask]'"
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "2"], "--scheduler and --workers go with --engine dask"),
        (["--engine", "dask", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"], "--workers"),
        (["--engine", "dask", "--state", "s.npz"], "--state goes with --engine local"),
        (["--engine", "dask", "--embedder", "minilm"], "--embedder goes with --engine local"),
    ],
)
def test_options_that_do_not_go_together(
    events_path: Path, options: list[str], message: str
) -> None:
    result = runner.invoke(app, ["cluster", str(events_path), *options])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_unreachable_scheduler_is_one_line(events_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "stories.jsonl"
    nowhere = "inproc://127.0.0.1/1/none"
    args = ["cluster", str(events_path), "-o", str(out), "--engine", "dask", "--scheduler", nowhere]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("consilience: cannot reach the Dask scheduler at inproc://")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()
