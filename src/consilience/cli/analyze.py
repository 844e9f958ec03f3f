"""``consilience analyze``: one story's inputs in, one dossier out."""

from __future__ import annotations

from typing import Annotated

import typer

from consilience import ingest
from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_SKIPPED,
    DebugOption,
    InputsArgument,
    MaxBytesOption,
    OutputFormat,
    OutputOption,
    VerboseOption,
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
    inputs: InputsArgument,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.json,
    output: OutputOption = None,
    embedder: Annotated[
        str, typer.Option(help="lexical | minilm | auto | a sentence-transformers model path.")
    ] = "lexical",
    ner: Annotated[str, typer.Option(help="auto | classical | spacy:NAME_OR_PATH")] = "auto",
    nli: Annotated[
        str, typer.Option(help="structural | transformers:PATH (a local NLI model directory)")
    ] = "structural",
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Analyze articles about one story and write its dossier."""
    configure_logging(verbose)
    with translate_errors(debug):
        settings = Settings(embedder=embedder, ner=ner, nli=nli, max_file_bytes=max_bytes)
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
