"""`consilience analyze-stories` in one process: a dossier per story, hostile story files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience.cli import app
from consilience.cli.common import output_stream
from tests.cluster.conftest import EVENTS, event_records

runner = CliRunner()


def _stories(path: Path, stories: list[dict[str, object]], extra: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(s) for s in stories] + list(extra)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_dossier_per_story_of_enough_articles(tmp_path: Path) -> None:
    museum = [r["id"] for r in event_records() if r["event"] == "museum"]
    stories = _stories(
        tmp_path / "stories.jsonl",
        [
            {"id": "s-museum", "title": "m", "article_ids": museum, "why": []},
            {"id": "s-alone", "title": "a", "article_ids": ["quake-peru-1"], "why": []},
        ],
        ("{not a story", '{"id": "s-x", "title": 3}'),
    )
    out = tmp_path / "dossiers"
    result = runner.invoke(app, ["analyze-stories", str(stories), str(EVENTS), "-o", str(out)])
    assert result.exit_code == 1  # two lines were not stories
    assert [p.name for p in out.iterdir()] == ["s-museum.json"]
    dossier = json.loads((out / "s-museum.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in dossier["articles"]] == ["a1", "a2"]
    problems = result.stderr.splitlines()
    assert problems[0].startswith(f"consilience: skipped {stories}:3: not a story (")
    assert problems[1].startswith(f"consilience: skipped {stories}:4: not a story (")
    assert problems[2] == f"consilience: 1 dossier(s) written to {out}"
    again = runner.invoke(
        app, ["analyze-stories", str(stories), str(EVENTS), "-o", str(out), "--min-articles", "1"]
    )
    assert again.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["s-alone.json", "s-museum.json"]


def test_missing_stories_file_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze-stories", str(tmp_path / "no.jsonl"), str(EVENTS)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"consilience: {tmp_path / 'no.jsonl'}: no such file"


def test_an_output_file_is_all_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), output_stream(target) as write:
        write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    with output_stream(target) as write:
        write("new")
    assert target.read_text(encoding="utf-8") == "new"
