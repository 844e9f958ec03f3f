"""Pieces shared by the CLI commands: output, problems, exit codes, progress."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from consilience.errors import ConfigurationError, ConsilienceError
from consilience.records import Problem
from consilience.settings import Settings

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
_PROGRESS_MIN_FILES = 20

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


#: Options several commands share, spelled once.
InputsArgument = Annotated[
    list[str],
    typer.Argument(metavar="INPUT", help="Files, directories (read recursively) or globs."),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", help="Skip text/HTML files larger than this.", min=1)
]
VerboseOption = Annotated[
    int, typer.Option("--verbose", "-v", count=True, help="Log progress (-vv: debug detail).")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
DEFAULT_MAX_BYTES = Settings().max_file_bytes


class OutputFormat(StrEnum):
    json = "json"
    md = "md"
    text = "text"
    html = "html"


def configure_logging(verbose: int) -> None:
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # Skipped inputs are reported by the CLI itself, one line each.
    logging.getLogger("consilience.pipeline").setLevel(max(level, logging.ERROR))
    for noisy in ("trafilatura", "htmldate", "charset_normalizer", "dateparser"):
        logging.getLogger(noisy).setLevel(logging.ERROR if verbose < 2 else logging.DEBUG)


def fail(message: str, code: int = EXIT_SKIPPED) -> NoReturn:
    stderr.print(f"consilience: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def report_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        stderr.print(f"consilience: skipped {problem}", markup=False, highlight=False)


def write_output(content: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(content)
        if not content.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    with output_stream(output) as write:
        write(content)


@contextmanager
def output_stream(output: Path | None) -> Iterator[Callable[[str], object]]:
    """A writer of text to ``output`` (stdout when ``None``). A file is written
    crash-safely: to a temporary file beside it, flushed and synced, renamed over it
    only when the block ends without error (nothing half-written otherwise)."""
    if output is None:
        yield sys.stdout.write
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below)
            "w", encoding="utf-8", dir=output.parent, prefix=f".{output.name}.", delete=False
        )
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    temporary = Path(handle.name)
    try:
        with handle:
            yield handle.write
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        fail(f"cannot write {output}: {exc.strerror}")
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def stdout_console() -> Console:
    width = None
    if not sys.stdout.isatty():
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() else 100
    return Console(width=width, highlight=False, soft_wrap=False)


@contextmanager
def file_progress(total_hint: int) -> Iterator[Callable[[Path], None] | None]:
    """A progress bar on stderr while reading many files (only on a terminal)."""
    if total_hint < _PROGRESS_MIN_FILES or not stderr.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total_hint)

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=path.name[:40])

        yield advance


@contextmanager
def translate_errors(debug: bool) -> Iterator[None]:
    """Library errors become one line on stderr and an exit code, never a traceback."""
    try:
        yield
    except typer.Exit:
        raise
    except ConfigurationError as exc:
        fail(str(exc), EXIT_USAGE)
    except ConsilienceError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:
        if debug:
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", 3)
