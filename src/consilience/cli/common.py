"""Pieces shared by the CLI commands: output, problems, exit codes, progress."""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from consilience.atomic import atomic_open
from consilience.errors import ConfigurationError, ConsilienceError
from consilience.records import SKIPPED_RECORD, Problem
from consilience.safetext import display_path, one_line, visible_controls
from consilience.settings import Settings

if TYPE_CHECKING:
    from consilience.dossier import Dossier

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


def _dash_is_stdout(output: Path | None) -> Path | None:
    """``-o -`` names standard output, as in most command-line tools."""
    return None if output is not None and str(output) == "-" else output


OUTPUT_HELP = "Write here instead of stdout (- is stdout)."
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=OUTPUT_HELP, callback=_dash_is_stdout),
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", help="Skip text/HTML files larger than this.", min=1)
]
VerboseOption = Annotated[
    int,
    typer.Option(
        "--verbose",
        "-v",
        count=True,
        help="Show progress on stderr: each stage of the analysis with its time, each "
        "story of a batch (-vv: debug detail).",
    ),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
EmbedderOption = Annotated[
    str,
    typer.Option(
        "--embedder", help="lexical | minilm | auto | a sentence-transformers model path."
    ),
]
NerOption = Annotated[str, typer.Option("--ner", help="auto | classical | spacy:NAME_OR_PATH")]
DEFAULT_SETTINGS = Settings()
DEFAULT_MAX_BYTES = DEFAULT_SETTINGS.max_file_bytes
#: The --format help every command shares: what the default is.
FORMAT_HELP = (
    "Output format. Default: the terminal view (text) when stdout is a terminal, JSON when "
    "it is piped or redirected; with --output FILE, the format its extension names "
    "(.json, .md, .txt, .html), else JSON."
)
_FORMAT_OF_EXTENSION = {
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}


class OutputFormat(StrEnum):
    json = "json"
    md = "md"
    text = "text"
    html = "html"


def pick_format(
    requested: str | None,
    output: Path | None,
    choices: Sequence[str],
    *,
    stdout_is_tty: bool | None = None,
) -> str:
    """The format to write: the one asked for; else the one ``output``'s extension names
    (among ``choices``); else the terminal view on a terminal and JSON elsewhere (a pipe,
    a redirection, a file), so that ``consilience analyze x | jq`` just works."""
    if requested is not None:
        return requested
    if output is not None:
        by_extension = _FORMAT_OF_EXTENSION.get(output.suffix.lower())
        return by_extension if by_extension is not None and by_extension in choices else "json"
    if stdout_is_tty is None:
        stdout_is_tty = sys.stdout.isatty()
    return "text" if stdout_is_tty and "text" in choices else "json"


class _NotReportedTwice(logging.Filter):
    """Drops the pipeline's "skipped ..." warnings: the CLI prints each skipped input
    itself, once, in its own words."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not hasattr(record, SKIPPED_RECORD)


def configure_logging(verbose: int) -> None:
    """Warnings only by default; ``-v``: progress, one line per stage of the analysis
    (with its CPU seconds) and per story of a batch; ``-vv``: debug detail."""
    # Loads the readers (trafilatura) with it: a command that logs reads inputs.
    from consilience.ingest.logs import THIRD_PARTY_LOGGERS, InputLogFilter

    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    # Third-party lines name the file being read, and no record carries an escape sequence.
    handler.addFilter(InputLogFilter())
    handler.addFilter(_NotReportedTwice())
    logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger("consilience.pipeline").setLevel(level if verbose > 0 else logging.ERROR)
    # The libraries' complaints about a page repeat what the CLI's "skipped" line says.
    third_party = logging.CRITICAL if verbose < 1 else logging.ERROR if verbose < 2 else level
    for noisy in THIRD_PARTY_LOGGERS:
        logging.getLogger(noisy).setLevel(third_party)


def fail(message: str, code: int = EXIT_SKIPPED) -> NoReturn:
    stderr.print(f"consilience: {one_line(message)}", markup=False, highlight=False)
    raise typer.Exit(code)


def report_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        stderr.print(
            f"consilience: skipped {one_line(str(problem))}", markup=False, highlight=False
        )


def report_stage_problems(dossier: Dossier, already: Sequence[Problem]) -> bool:
    """Print the problems the analysis added to ``already`` (articles a stage failed on,
    articles past the story limits); true when there were any."""
    added = [
        Problem(item.source, item.reason, item.line) for item in dossier.skipped[len(already) :]
    ]
    report_problems(added)
    return bool(added)


def write_output(content: str, output: Path | None) -> None:
    """``content`` to ``output`` (crash-safely: the old file or the new one, whole), or to
    stdout, where a full disk or a closed pipe is one line on stderr, not a traceback."""
    if output is None:
        if sys.stdout.isatty():
            content = visible_controls(content)
        with writing_stdout():
            sys.stdout.write(content)
            if not content.endswith("\n"):
                sys.stdout.write("\n")
        return
    with output_stream(output) as write:
        write(content)


@contextmanager
def output_stream(output: Path | None) -> Iterator[Callable[[str], object]]:
    """A writer of text to ``output`` (stdout when ``None``). A file is written
    crash-safely: to a temporary file beside it, flushed and synced, renamed over it
    only when the block ends without error (nothing half-written otherwise)."""
    if output is None:
        with writing_stdout():
            yield sys.stdout.write
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with atomic_open(output) as handle:
            yield lambda text: handle.write(text.encode("utf-8"))
    except OSError as exc:
        fail(f"cannot write {display_path(output)}: {exc.strerror or exc}")


@contextmanager
def writing_stdout() -> Iterator[None]:
    """Writes to stdout in the block; a failure (``> /dev/full``, ``| head -1``) ends the
    run with one line on stderr."""
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        # Nothing more can go there: point stdout at /dev/null so that the interpreter's
        # own flush at exit does not print a second error.
        with suppress(OSError, ValueError, io.UnsupportedOperation):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        fail(f"cannot write to standard output: {exc.strerror or exc}")


def stdout_console() -> Console:
    width = None
    if not sys.stdout.isatty():
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() else 100
    return Console(width=width, highlight=False, soft_wrap=False)


@contextmanager
def file_progress(total_hint: int) -> Iterator[Callable[[Path], None] | None]:
    """A progress bar on stderr while reading many files (only on a terminal)."""
    if total_hint < _PROGRESS_MIN_FILES:
        yield None
        return
    with progress_bar("reading", total_hint) as step:
        if step is None:
            yield None
            return

        def advance(path: Path) -> None:
            step(display_path(path.name))

        yield advance


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[str], None] | None]:
    """A bar on stderr advanced once per item (named as it starts), drawn only when
    stderr is a terminal (``None`` otherwise); it disappears when the block ends."""
    if not stderr.is_terminal or total <= 0:
        yield None
        return
    with Progress(
        TextColumn(escape(label)),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=escape(one_line(name)[:40]))

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
