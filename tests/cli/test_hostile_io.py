"""The command line under hostile names and texts and broken outputs: nothing from an input
reaches the terminal as a control sequence, every skipped input is named in one line, a
full or closed stdout is one line on stderr."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from consilience import Settings
from consilience.cli import app
from consilience.cli.common import configure_logging, write_output
from consilience.ingest import read_inputs
from consilience.ingest.logs import THIRD_PARTY_LOGGERS, InputLogFilter
from tests.conftest import SAMPLE_STORY

runner = CliRunner()
SRC = Path(__file__).resolve().parents[2] / "src"
GOOD = SAMPLE_STORY / "000_672ce715bc024242.txt"
# ESC, CSI (7- and 8-bit), OSC (window title, hyperlink), BEL: what a terminal acts on.
TERMINAL_CONTROLS = ("\x1b", "\x9b", "\x9d", "\x07", "\x08", "\r")


def _cli(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "consilience", *args],
        env=env,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def _hostile_story(directory: Path) -> Path:
    directory.mkdir()
    record = {
        "id": "id\x1b[2J",
        "title": "Title\x1b]0;pwned\x07 \x1b]8;;http://x.invalid\x1b\\link\x1b]8;;\x1b\\",
        "outlet": "\x1b[31mRed Outlet\x9b0m",
        "text": "Dock workers\x1b[2J went on strike on Monday\r in Puerto Cabello, officials said. "
        "The strike ended\x08\x08 on Tuesday, the port authority said.",
    }
    (directory / "evil\x1b]0;title\x07.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    (directory / "binary\x1b[31m.txt").write_bytes(b"\x7fELF\x00\x01" * 50)
    (directory / "good.txt").write_bytes(GOOD.read_bytes())
    return directory


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_no_control_sequence_from_an_input_reaches_the_terminal(tmp_path: Path, fmt: str) -> None:
    story = _hostile_story(tmp_path / "story")
    result = runner.invoke(app, ["analyze", str(story), "--format", fmt])
    assert result.exit_code == 1, result.output  # the binary file is skipped
    for stream in (result.stdout, result.stderr):
        for control in TERMINAL_CONTROLS:
            assert control not in stream, (control, stream[:2000])
    (skipped,) = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert "binary\\x1b[31m.txt" in skipped, "the odd name is shown escaped"


def test_special_files_in_a_folder_are_each_reported(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    (story / "good.txt").write_bytes(GOOD.read_bytes())
    os.mkfifo(story / "pipe")
    (story / "device").symlink_to(os.devnull)
    (story / "loop-a").symlink_to(story / "loop-b")
    (story / "loop-b").symlink_to(story / "loop-a")
    (story / "broken").symlink_to(story / "nothing-here")
    (story / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (story / "empty.json").write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(story)])
    assert result.exit_code == 1
    reasons = {
        line.split(": ", 2)[1].rsplit("/", 1)[-1]: line.split(": ", 2)[2]
        for line in result.stderr.splitlines()
    }
    assert reasons == {
        "broken": "broken symbolic link",
        "device": "a device, not a regular file",
        "elsewhere": "link to a directory, not followed",
        "empty.json": "JSON holds an empty list: no article in it",
        "loop-a": "symbolic link loop",
        "loop-b": "symbolic link loop",
        "pipe": "a FIFO (named pipe), not a regular file",
    }
    assert json.loads(result.stdout)["articles"][0]["source"].endswith("good.txt")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_stdout_is_one_line_on_stderr() -> None:
    with Path("/dev/full").open("w") as full:
        result = _cli("analyze", str(GOOD), stdout=full)
    assert result.returncode == 1
    assert (
        result.stderr == "consilience: cannot write to standard output: No space left on device\n"
    )


def test_a_closed_pipe_on_stdout_is_one_line_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone: `| head -1` after its line
    with os.fdopen(write_end, "w") as closed:
        monkeypatch.setattr(sys, "stdout", closed)
        with pytest.raises(typer.Exit) as stop:
            write_output("x" * 100_000, None)
    assert stop.value.exit_code == 1
    assert capsys.readouterr().err == "consilience: cannot write to standard output: Broken pipe\n"


def test_library_log_lines_name_the_file_they_are_about(tmp_path: Path) -> None:
    page = tmp_path / "deep\x1b[2J.html"
    page.write_text(
        "<html><body>" + "<div>" * 400 + "<p>Dock workers went on strike on Monday.</p></body>",
        encoding="utf-8",
    )
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(InputLogFilter())
    library = logging.getLogger("trafilatura")
    level = library.level
    library.addHandler(handler)
    library.setLevel(logging.DEBUG)
    try:
        read_inputs([str(page)], Settings())
    finally:
        library.removeHandler(handler)
        library.setLevel(level)
    lines = stream.getvalue().splitlines()
    assert lines, "trafilatura complains about this page"
    assert all(line.startswith(f"{tmp_path}/deep\\x1b[2J.html: ") for line in lines), lines


def test_the_cli_silences_library_lines_unless_asked(tmp_path: Path) -> None:
    configure_logging(0)
    assert all(logging.getLogger(name).level == logging.CRITICAL for name in THIRD_PARTY_LOGGERS)
    configure_logging(2)
    assert logging.getLogger("trafilatura").level == logging.DEBUG
    configure_logging(0)
