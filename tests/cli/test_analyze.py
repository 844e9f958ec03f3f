"""The `analyze` command: formats, output file, exit codes, one-line errors."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience.cli import app
from tests.conftest import SAMPLE_STORY

runner = CliRunner()


def test_json_dossier_of_the_sample_story(tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    result = runner.invoke(app, ["analyze", str(SAMPLE_STORY), "-o", str(out)])
    assert result.exit_code == 0, result.output
    dossier = json.loads(out.read_text(encoding="utf-8"))
    assert dossier["schema_version"] == "1"
    assert len(dossier["articles"]) == 5
    for article in dossier["articles"]:
        for artifact in article["artifacts"]:
            assert article["text"][artifact["start"] : artifact["end"]] == artifact["text"]


def test_text_and_markdown_views(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(SAMPLE_STORY), "--format", "md"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# ")
    assert "duplicate block" in result.stdout
    result = runner.invoke(app, ["analyze", str(SAMPLE_STORY), "--format", "text"])
    assert result.exit_code == 0
    assert "Articles" in result.stdout


def test_skipped_input_gives_exit_1_and_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(range(256)) * 10)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "consilience",
            "analyze",
            str(SAMPLE_STORY),
            str(bad),
            str(tmp_path / "missing.txt"),
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert all(line.startswith("consilience: skipped ") for line in lines)
    assert "Traceback" not in result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 5
    assert len(json.loads(result.stdout)["skipped"]) == 2


def test_verbose_progress_names_each_skipped_input_once(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(bytes(range(256)) * 10)
    result = subprocess.run(
        [sys.executable, "-m", "consilience", "analyze", str(SAMPLE_STORY), str(bad), "-v"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    named = [line for line in result.stderr.splitlines() if "bad.bin" in line]
    assert len(named) == 1, result.stderr
    assert named[0].startswith("consilience: skipped ")
    assert "stage align" in result.stderr  # -v did show progress


def test_nothing_readable_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "no article could be read" in result.output


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    assert runner.invoke(app, ["analyze", str(SAMPLE_STORY), "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["nonsense"]).exit_code == 2


def test_markup_in_articles_is_not_interpreted(tmp_path: Path) -> None:
    story = tmp_path / "s.txt"
    story.write_text(
        "Headline [bold red]Markup[/] <script>alert(1)</script>\n\n"
        "The [link=http://x]strike[/link] hit a dock on Monday, officials said today.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["analyze", str(story), "--format", "md"])
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;" in result.stdout
    result = runner.invoke(app, ["analyze", str(story), "--format", "text"])
    assert "[bold red]Markup[/]" in result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("consilience ")


def test_a_stage_failure_is_logged_for_libraries_and_dropped_by_the_cli(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from consilience.cli.common import _NotReportedTwice
    from consilience.pipeline import _isolated
    from consilience.records import Article, Problem

    def broken() -> None:
        raise ValueError("a bug")

    problems: list[Problem] = []
    article = Article(id="a1", source="one.txt", text="Text.")
    with caplog.at_level(logging.WARNING, logger="consilience.pipeline"):
        _isolated("extract", article, broken, problems)
    (record,) = [r for r in caplog.records if "one.txt" in r.getMessage()]
    assert problems and record.levelno == logging.WARNING
    assert not _NotReportedTwice().filter(record)  # the CLI prints problems itself
    other = logging.LogRecord("consilience.pipeline", logging.WARNING, "", 0, "skipped x", (), None)
    assert _NotReportedTwice().filter(other)  # only records marked as a skipped input


def test_exclude_outlet_leaves_its_articles_out_and_lists_them(tmp_path: Path) -> None:
    records = [
        ("Reuters", "https://www.reuters.com/x", "12 people were hurt in Lyon on Monday."),
        ("CNN", "https://edition.cnn.com/y", "14 people were hurt in Lyon on Monday."),
        (
            "Le Monde",
            "https://www.lemonde.fr/z",
            "12 people were hurt in Lyon on Monday, police said.",
        ),
    ]
    story = tmp_path / "story.jsonl"
    story.write_text(
        "".join(
            json.dumps({"outlet": o, "url": u, "text": f"Police said a bus hit a wall. {t}"}) + "\n"
            for o, u, t in records
        ),
        encoding="utf-8",
    )
    out = tmp_path / "d.json"
    result = runner.invoke(
        app, ["analyze", str(story), "--exclude-outlet", "cnn.com", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output  # a choice, not a failure
    dossier = json.loads(out.read_text(encoding="utf-8"))
    assert [a["outlet"] for a in dossier["articles"]] == ["Reuters", "Le Monde"]
    assert [s["reason"] for s in dossier["skipped"]] == ["outlet left out by request (cnn.com)"]
    everything = [
        "--exclude-outlet",
        "reuters",
        "--exclude-outlet",
        "CNN",
        "--exclude-outlet",
        "le monde",
    ]
    gone = tmp_path / "none.json"
    result = runner.invoke(app, ["analyze", str(story), *everything, "-o", str(gone)])
    assert result.exit_code == 1
    assert "every article read is of an outlet left out by --exclude-outlet" in result.output
    assert not gone.exists()
