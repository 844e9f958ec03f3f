"""``consilience analyze``: one story's inputs in, one dossier out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from consilience import ingest
from consilience.cli.common import (
    EXIT_SKIPPED,
    OutputFormat,
    configure_logging,
    fail,
    file_progress,
    report_problems,
    stdout_console,
    translate_errors,
    write_output,
)
from consilience.pipeline import analyze_articles
from consilience.report import render
from consilience.settings import Settings


def analyze_command(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories (read recursively) or globs.")
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    embedder: Annotated[
        str, typer.Option(help="lexical | minilm | auto | a sentence-transformers model path.")
    ] = "lexical",
    ner: Annotated[str, typer.Option(help="classical | spacy:NAME_OR_PATH")] = "classical",
    max_bytes: Annotated[
        int, typer.Option(help="Skip text/HTML files larger than this.", min=1)
    ] = Settings().max_file_bytes,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True)] = 0,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Analyze articles about one story and write its dossier."""
    configure_logging(verbose)
    with translate_errors(debug):
        settings = Settings(embedder=embedder, ner=ner, max_file_bytes=max_bytes)
        with file_progress(len(inputs) if len(inputs) > 1 else 0) as on_file:
            batch = ingest.read_inputs(inputs, settings, on_file=on_file)
        report_problems(batch.problems)
        if not batch.articles:
            fail("no article could be read from the inputs")
        dossier = analyze_articles(batch.articles, settings, problems=batch.problems)
        if output_format is OutputFormat.text and output is None:
            render.print_terminal(dossier, stdout_console())
        else:
            write_output(render.render(dossier, output_format.value), output)
    if batch.problems:
        raise typer.Exit(EXIT_SKIPPED)
