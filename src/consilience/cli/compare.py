"""``consilience compare``: an original and a derived text in, a verdict per sentence out.

Exit codes: 0 when the comparison ran (whether the texts agree is in the output), 1 when
an input could not be read, 2 for usage errors.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    FORMAT_HELP,
    DebugOption,
    EmbedderOption,
    MaxBytesOption,
    OutputOption,
    VerboseOption,
    configure_logging,
    fail,
    pick_format,
    stdout_console,
    translate_errors,
    write_output,
    writing_stdout,
)
from consilience.errors import InputError
from consilience.records import Article, Problem
from consilience.safetext import display_path
from consilience.settings import Settings


class CompareFormat(StrEnum):
    json = "json"
    md = "md"
    text = "text"


def _read_one(path: Path, settings: Settings) -> Article:
    """The one article in ``path``; anything else is a one-line error (exit 1)."""
    from consilience.ingest import read_file

    if path.is_dir():
        fail(f"{display_path(path)}: is a directory, give one file")
    articles: list[Article] = []
    try:
        for item in read_file(path, settings):
            if isinstance(item, Problem):
                fail(f"{item}")
            articles.append(item)
    except InputError as exc:
        fail(str(exc))
    if not articles:
        fail(f"{display_path(path)}: no article in it")
    if len(articles) > 1:
        fail(f"{display_path(path)}: holds {len(articles)} articles; compare needs one per file")
    return articles[0]


def compare_command(
    original: Annotated[Path, typer.Argument(help="The original text (text, HTML or JSON).")],
    derived: Annotated[
        Path, typer.Argument(help="The derived text to check: a rewrite, summary or post.")
    ],
    output_format: Annotated[
        CompareFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = None,
    output: OutputOption = None,
    embedder: EmbedderOption = "lexical",
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
    _no_debug: Annotated[
        bool, typer.Option("--no-debug", hidden=True, help="The default (an old spelling).")
    ] = False,
) -> None:
    """Check a derived text against its original: supported, conflicting or not in the
    original, sentence by sentence."""
    # The comparison loads when it runs: `consilience --help` stays instant.
    from consilience.compare import compare_texts
    from consilience.compare import render as compare_render

    configure_logging(verbose)
    with translate_errors(debug):
        settings = Settings(embedder=embedder, max_file_bytes=max_bytes)
        comparison = compare_texts(
            _read_one(original, settings), _read_one(derived, settings), settings
        )
        chosen = pick_format(output_format, output, [f.value for f in CompareFormat])
        if chosen == CompareFormat.text and output is None:
            with writing_stdout():
                compare_render.print_terminal(comparison, stdout_console())
        else:
            write_output(compare_render.render(comparison, chosen), output)
