"""CLI habits: the format a command writes by default (the terminal view on a terminal,
JSON through a pipe or into a file), the same options spelled the same way on every
command, per-stage progress with -v, and the labelled doubt column of `compare`."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import pty
import struct
import sys
import termios
import threading
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from consilience.cli import app
from consilience.cli.common import pick_format
from consilience.cli.compare import compare_command

runner = CliRunner()
ANALYZE_FORMATS = ["json", "md", "text", "html"]
ORIGINAL = (
    "Ferry capsizes off Kessing\n\n"
    "KESSING, March 11, 2026 — A passenger ferry capsized off the port of Kessing on Tuesday. "
    "Several people were killed, the coast guard said.\n"
)
DERIVED = (
    "Ferry capsizes off Kessing\n\n"
    "A passenger ferry capsized off the port of Kessing on Tuesday. No casualties were "
    "reported, the coast guard said.\n"
)


@pytest.mark.parametrize(
    ("requested", "output", "is_tty", "expected"),
    [
        (None, None, True, "text"),  # a person at a terminal reads the view
        (None, None, False, "json"),  # `| jq`, `> file`: JSON
        ("md", None, True, "md"),  # asked for wins
        ("text", None, False, "text"),
        (None, "report.html", True, "html"),  # -o names its format by its extension
        (None, "notes.MD", False, "md"),
        (None, "view.txt", True, "text"),
        (None, "dossier.json", True, "json"),
        (None, "dossier", True, "json"),  # no extension: JSON
        ("json", "report.html", True, "json"),
    ],
)
def test_the_default_format_follows_the_terminal(
    requested: str | None, output: str | None, is_tty: bool, expected: str
) -> None:
    chosen = pick_format(
        requested, Path(output) if output else None, ANALYZE_FORMATS, stdout_is_tty=is_tty
    )
    assert chosen == expected


def test_an_extension_a_command_cannot_write_gives_json() -> None:
    assert pick_format(None, Path("c.html"), ["json", "md", "text"], stdout_is_tty=True) == "json"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The ferry story and a rewrite denying its deaths."""
    for name, text in (("original.txt", ORIGINAL), ("derived.txt", DERIVED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path / "original.txt", tmp_path / "derived.txt"


def _on_a_terminal(command: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> str:
    """What ``command`` shows with stdout on a pseudo-terminal (120 columns wide)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    shown: list[bytes] = []

    def drain() -> None:  # the terminal's buffer is small: read while the command writes
        with suppress(OSError):  # EIO once the terminal is closed
            while chunk := os.read(leader, 65536):
                shown.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    with os.fdopen(follower, "w", encoding="utf-8") as terminal:
        monkeypatch.setattr(sys, "stdout", terminal)
        command()
        terminal.flush()
        monkeypatch.undo()
    reader.join(timeout=10)
    os.close(leader)
    return b"".join(shown).decode("utf-8", "replace")


def test_compare_shows_the_view_on_a_terminal_and_json_through_a_pipe(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _on_a_terminal(partial(compare_command, pair[0], pair[1]), monkeypatch)
    assert "consilience compare" in shown and "doubt" in shown
    assert not shown.lstrip().startswith("{")
    piped = runner.invoke(app, ["compare", str(pair[0]), str(pair[1])])
    assert piped.exit_code == 0
    report = json.loads(piped.stdout)
    verdicts = [(s["verdict"], [c["kind"] for c in s["conflicts"]]) for s in report["sentences"]]
    assert ("conflicting", ["casualties"]) in verdicts


def test_compare_labels_its_doubt_column(pair: tuple[Path, Path]) -> None:
    view = runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "-f", "text"]).stdout
    header = next(line for line in view.splitlines() if "verdict" in line)
    assert "doubt" in header
    assert "doubt: the estimated chance" in view
    notes = runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "-f", "md"]).stdout
    assert "(doubt 0." in notes and "doubt: the estimated chance" in notes


def test_analyze_writes_the_format_its_output_file_names(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(ORIGINAL, encoding="utf-8")
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(story), "--ner", "classical", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def _options(command: Any) -> dict[str, tuple[str, ...]]:
    """Every visible option of ``command`` by its parameter name: its spellings."""
    return {
        p.name or "": tuple(sorted(p.opts))
        for p in command.params
        if p.param_type_name == "option" and not p.hidden
    }


def test_shared_options_are_spelled_the_same_on_every_command() -> None:
    group: Any = typer.main.get_command(app)
    spellings = {
        "output": ("--output", "-o"),
        "output_format": ("--format", "-f"),
        "verbose": ("--verbose", "-v"),
        "debug": ("--debug",),
        "embedder": ("--embedder",),
        "ner": ("--ner",),
        "max_bytes": ("--max-bytes",),
    }
    seen: dict[str, set[str]] = {name: set() for name in spellings}
    for name, command in group.commands.items():
        for option, opts in _options(command).items():
            if option in spellings:
                assert opts == tuple(sorted(spellings[option])), (name, option, opts)
                seen[option].add(name)
    assert {"analyze", "compare", "cluster", "analyze-stories"} <= seen["verbose"]
    assert {"analyze", "compare", "changes"} <= seen["output_format"]
    assert {"analyze", "compare", "cluster", "add"} <= seen["max_bytes"]
    for name, command in group.commands.items():
        if "output_format" in _options(command) and name in ("analyze", "compare", "changes"):
            help_text = next(p for p in command.params if p.name == "output_format")
            assert "terminal" in (getattr(help_text, "help", "") or ""), name


def test_verbose_shows_each_stage_on_stderr(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(ORIGINAL, encoding="utf-8")
    caplog.set_level(logging.INFO)
    result = runner.invoke(app, ["analyze", str(story), "--ner", "classical", "-v"])
    assert result.exit_code == 0, result.output
    stages = [
        str(r.args[0]) if isinstance(r.args, tuple) else ""
        for r in caplog.records
        if r.name == "consilience.pipeline" and str(r.msg).startswith("stage ")
    ]
    assert stages == ["prepare", "extract", "align", "provenance", "judge"]
    json.loads(result.stdout)
    caplog.clear()
    assert runner.invoke(app, ["analyze", str(story), "--ner", "classical"]).exit_code == 0
    assert not [r for r in caplog.records if r.name == "consilience.pipeline"], "quiet"


def test_an_old_spelling_still_works_hidden(pair: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["compare", str(pair[0]), str(pair[1]), "--no-debug"])
    assert result.exit_code == 0, result.output
    help_text = runner.invoke(app, ["compare", "--help"]).stdout
    assert "--no-debug" not in help_text
