"""`cluster --analyze DIR --format html` and `analyze-stories --format html`: a report per
story (DIR/<story-id>.html beside its dossier) and DIR/index.html listing the stories,
with every text from the articles escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience.cli import app
from consilience.cli.story_index import IndexEntry, render_index, report_name
from tests.conftest import SAMPLE_STORY

runner = CliRunner()
HOSTILE_TITLE = "Drone strike <script>alert(1)</script> & port"


@pytest.fixture
def pile(tmp_path: Path) -> Path:
    """The sample story as JSON Lines: one outlet given (hostile), one credited by a
    dateline, the others with none."""
    lines = []
    for number, path in enumerate(sorted(SAMPLE_STORY.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        record: dict[str, str] = {"id": f"art-{number}", "text": text}
        if number == 0:
            record["title"] = HOSTILE_TITLE
            record["outlet"] = "Ledger <b>& Co</b>"
        if number == 1:
            record["text"] = "WASHINGTON (Reuters) - " + text.split("\n", 2)[-1]
        lines.append(json.dumps(record))
    pile = tmp_path / "pile.jsonl"
    pile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pile


def _check_reports(directory: Path) -> str:
    index = (directory / "index.html").read_text(encoding="utf-8")
    reports = sorted(directory.glob("s-*.html"))
    assert reports, "a report per story"
    for report in reports:
        assert (directory / f"{report.stem}.json").is_file(), "the dossier beside its report"
        assert f'href="{report.name}"' in index
        assert "<script>alert(1)" not in report.read_text(encoding="utf-8")
    assert "<script>alert" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "Ledger &lt;b&gt;&amp; Co&lt;/b&gt;" in index
    assert "Reuters (credited)" in index
    assert not list(directory.glob("*.tmp*")), "nothing half-written is left"
    return index


def test_cluster_writes_a_report_per_story_and_an_index(
    pile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "reports"
    result = runner.invoke(
        app, ["cluster", str(pile), "--analyze", str(out), "--format", "html", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists() and json.loads(result.stdout.splitlines()[0])["id"]
    index = _check_reports(out)
    assert '<td class="n">5</td>' in index


def test_analyze_stories_writes_html_reports(pile: Path, tmp_path: Path) -> None:
    stories = tmp_path / "stories.jsonl"
    assert runner.invoke(app, ["cluster", str(pile), "-o", str(stories)]).exit_code == 0
    out = tmp_path / "dossiers"
    result = runner.invoke(
        app, ["analyze-stories", str(stories), str(pile), "-o", str(out), "-f", "html"]
    )
    assert result.exit_code == 0, result.output
    _check_reports(out)
    assert "index.html" in result.stderr


def test_json_is_still_the_default(pile: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = runner.invoke(app, ["cluster", str(pile), "--analyze", str(out), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in out.iterdir()} == {".json"}


def test_the_index_of_no_story_says_so_and_a_story_called_index_keeps_its_name() -> None:
    assert "No story of two or more articles." in render_index([])
    assert report_name("index") == "story-index.html"
    page = render_index([IndexEntry("index", 'A "quoted" title', 2, ("X",))])
    assert 'href="story-index.html"' in page and "A &quot;quoted&quot; title" in page
