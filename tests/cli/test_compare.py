"""The `compare` command: formats, output file, inputs of every kind, exit codes, one-line
errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience.cli import app

runner = CliRunner()

ORIGINAL = (
    "Bridge opens in Dunmore\n\n"
    "The mayor of Dunmore opened the new harbour bridge on March 3, 2021, after two years "
    "of work. The bridge carries about 12,000 vehicles a day. Engineers said the old "
    "crossing had not been safe since the floods.\n"
)
DERIVED = (
    "The mayor of Dunmore opened the new harbour bridge on March 5, 2021. The bridge "
    "carries about 12,000 vehicles a day. Critics say the council hid safety reports.\n"
)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    original, derived = tmp_path / "original.txt", tmp_path / "derived.txt"
    original.write_text(ORIGINAL, encoding="utf-8")
    derived.write_text(DERIVED, encoding="utf-8")
    return original, derived


def test_json_verdicts(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out" / "c.json"
    result = runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["kind"] == "comparison" and report["consistent"] is False
    assert [s["verdict"] for s in report["sentences"]] == [
        "conflicting",
        "supported",
        "not_in_original",
    ]
    conflict = report["sentences"][0]["conflicts"][0]
    assert conflict["kind"] == "date"
    assert (conflict["derived"]["value"], conflict["original"]["value"]) == (
        "2021-03-05",
        "2021-03-03",
    )
    passage = report["sentences"][1]["passages"][0]
    assert report["original"]["text"][passage["start"] : passage["end"]] == passage["text"]


def test_consistent_pair_exits_0_too(pair: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["compare", str(pair[0]), str(pair[0]), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["consistent"] is True


def test_text_and_markdown_views(pair: tuple[Path, Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "-f", "md"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Comparison")
    assert "NOT consistent" in result.stdout and "March 3, 2021" in result.stdout
    result = runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "--format", "text"])
    assert result.exit_code == 0
    assert "conflicting" in result.stdout and "not in original" in result.stdout
    out = tmp_path / "view.txt"
    result = runner.invoke(
        app, ["compare", str(pair[0]), str(pair[1]), "-f", "text", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert max(len(line) for line in out.read_text(encoding="utf-8").splitlines()) <= 100


def test_html_and_json_record_inputs(tmp_path: Path) -> None:
    html = tmp_path / "original.html"
    html.write_text(
        "<html><head><title>Bridge</title></head><body><article><h1>Bridge opens</h1>"
        + "".join(f"<p>{p}</p>" for p in ORIGINAL.split("\n\n")[1:])
        + "</article></body></html>",
        encoding="utf-8",
    )
    record = tmp_path / "derived.json"
    record.write_text(json.dumps({"id": "post-1", "text": DERIVED}), encoding="utf-8")
    result = runner.invoke(app, ["compare", str(html), str(record), "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sentences"][1]["verdict"] == "supported"
    assert report["sentences"][0]["conflicts"][0]["kind"] == "date"


def test_markup_in_texts_is_not_interpreted(tmp_path: Path) -> None:
    original, derived = tmp_path / "o.txt", tmp_path / "d.txt"
    original.write_text("The [bold red]mayor[/] opened the bridge on Friday evening.", "utf-8")
    derived.write_text("The [bold red]mayor[/] opened the <script>x</script> bridge.", "utf-8")
    result = runner.invoke(app, ["compare", str(original), str(derived), "-f", "text"])
    assert "[bold red]mayor[/]" in result.stdout
    result = runner.invoke(app, ["compare", str(original), str(derived), "-f", "md"])
    assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout


def test_unreadable_inputs_exit_1_with_one_line(pair: tuple[Path, Path], tmp_path: Path) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    for bad in (binary, tmp_path, tmp_path / "missing.txt"):
        result = runner.invoke(app, ["compare", str(bad), str(pair[1])])
        assert result.exit_code == 1, (bad, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"consilience: {bad}"), result.stderr
        assert result.stdout == "" and "Traceback" not in result.output


def test_file_with_many_articles_is_refused(pair: tuple[Path, Path], tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": ORIGINAL}, {"text": DERIVED}]), encoding="utf-8")
    result = runner.invoke(app, ["compare", str(many), str(pair[1])])
    assert result.exit_code == 1
    assert "holds 2 articles" in result.output


def test_usage_errors_exit_2(pair: tuple[Path, Path]) -> None:
    assert runner.invoke(app, ["compare"]).exit_code == 2
    assert runner.invoke(app, ["compare", str(pair[0])]).exit_code == 2
    assert runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "-f", "html"]).exit_code == 2
    result = runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "--embedder", ""])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
