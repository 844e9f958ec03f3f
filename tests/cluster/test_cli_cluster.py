"""The `cluster` command: JSON Lines shape, state, dossiers, exit codes, problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience.cli import app
from tests.cluster.conftest import EVENTS, event_records

runner = CliRunner()


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_stories_as_json_lines(tmp_path: Path) -> None:
    out = tmp_path / "stories.jsonl"
    result = runner.invoke(app, ["cluster", str(EVENTS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    stories = _lines(out)
    assert len(stories) == 5
    for story in stories:
        assert set(story) == {"id", "title", "article_ids", "why"}
        assert isinstance(story["why"], list) and story["why"]
        assert all(set(reason) == {"kind", "text", "values"} for reason in story["why"])
    ids = [a for story in stories for a in story["article_ids"]]  # type: ignore[attr-defined]
    assert sorted(ids) == sorted(r["id"] for r in event_records())


def test_files_are_named_by_their_path_and_stdout_is_the_default(tmp_path: Path) -> None:
    for record in event_records()[:3]:
        (tmp_path / f"{record['id']}.txt").write_text(str(record["text"]), encoding="utf-8")
    result = runner.invoke(app, ["cluster", str(tmp_path)])
    assert result.exit_code == 0, result.output
    story = json.loads(result.stdout.strip())
    assert story["article_ids"] == [
        str(tmp_path / "quake-peru-1.txt"),
        *[str(tmp_path / f"quake-peru-{n}.txt") for n in (2, 3)],
    ]


def test_state_extends_and_equals_one_run(tmp_path: Path) -> None:
    records = event_records()
    first = _write(tmp_path / "first.jsonl", records[:7])
    second = _write(tmp_path / "second.jsonl", records[7:])
    state = tmp_path / "state.npz"
    assert runner.invoke(app, ["cluster", str(first), "--state", str(state)]).exit_code == 0
    out = tmp_path / "again.jsonl"
    # Articles already in the state are recognised by their id and not added twice.
    result = runner.invoke(
        app, ["cluster", str(second), str(first), "--state", str(state), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    whole = tmp_path / "whole.jsonl"
    assert runner.invoke(app, ["cluster", str(EVENTS), "-o", str(whole)]).exit_code == 0
    assert _lines(out) == _lines(whole)


def test_dossier_per_story_of_two_or_more(tmp_path: Path) -> None:
    museum = [r for r in event_records() if r["event"] == "museum"]
    lone = next(r for r in event_records() if r["event"] == "quake-peru")
    source = _write(tmp_path / "in.jsonl", [*museum, lone])
    dossiers = tmp_path / "dossiers"
    result = runner.invoke(app, ["cluster", str(source), "--analyze", str(dossiers)])
    assert result.exit_code == 0, result.output
    files = sorted(dossiers.iterdir())
    assert len(files) == 1
    dossier = json.loads(files[0].read_text(encoding="utf-8"))
    assert len(dossier["articles"]) == 2
    story = next(json.loads(line) for line in result.stdout.splitlines() if "museum-1" in line)
    assert files[0].name == f"{story['id']}.json"


def test_bad_input_is_one_line_per_problem_and_exit_1(tmp_path: Path) -> None:
    records = event_records()[:3]
    lines = [json.dumps(r) for r in records] + ["{not json", json.dumps(records[0])]
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["cluster", str(source), str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    problems = result.stderr.strip().splitlines()
    assert len(problems) == 3, result.stderr
    assert any("mixed.jsonl:4" in line and "malformed JSON" in line for line in problems)
    assert any("duplicate article id 'quake-peru-1'" in line for line in problems)
    assert any("nope.txt" in line and "no such file" in line for line in problems)
    assert len(result.stdout.strip().splitlines()) == 1  # the three good articles: one story


def test_nothing_readable_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("{broken\n", encoding="utf-8")
    result = runner.invoke(app, ["cluster", str(empty)])
    assert result.exit_code == 1
    not_a_state = tmp_path / "state.npz"
    not_a_state.write_text("hello", encoding="utf-8")
    result = runner.invoke(app, ["cluster", str(EVENTS), "--state", str(not_a_state)])
    assert result.exit_code == 1
    assert "not a cluster state" in result.output


def test_the_lexical_embedder_is_refused_with_a_reason(tmp_path: Path) -> None:
    # Its TF-IDF vocabulary is fitted on each batch: it once crashed the clustering
    # ("setting an array element with a sequence").
    out = tmp_path / "stories.jsonl"
    result = runner.invoke(app, ["cluster", str(EVENTS), "--embedder", "lexical", "-o", str(out)])
    assert result.exit_code == 2
    assert "--embedder lexical gives TF-IDF vectors" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_auto_without_a_model_clusters_on_terms_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from consilience.align import embedders
    from consilience.errors import BackendError

    def no_model() -> None:
        raise BackendError("minilm is not installed")

    monkeypatch.setattr(embedders, "OnnxMiniLmEmbedder", no_model)
    auto, none = tmp_path / "auto.jsonl", tmp_path / "none.jsonl"
    result = runner.invoke(app, ["cluster", str(EVENTS), "--embedder", "auto", "-o", str(auto)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["cluster", str(EVENTS), "-o", str(none)]).exit_code == 0
    assert _lines(auto) == _lines(none)
