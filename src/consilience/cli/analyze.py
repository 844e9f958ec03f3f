"""``consilience analyze``: one story's inputs in, one dossier out."""

from __future__ import annotations

from typing import Annotated

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    DEFAULT_SETTINGS,
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
    report_stage_problems,
    stdout_console,
    translate_errors,
    write_output,
    writing_stdout,
)
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
    max_articles: Annotated[
        int, typer.Option("--max-articles", help="Read at most this many articles.", min=1)
    ] = DEFAULT_SETTINGS.max_story_articles,
    max_story_chars: Annotated[
        int,
        typer.Option(
            "--max-story-chars", help="Read articles up to this many characters in all.", min=1
        ),
    ] = DEFAULT_SETTINGS.max_story_chars,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes for the per-article stages of a large story "
            "(default: the number of cores). The dossier is the same.",
        ),
    ] = None,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Analyze articles about one story and write its dossier."""
    # The pipeline loads when a story is analyzed: `consilience --help` stays instant.
    from consilience import ingest
    from consilience.pipeline import analyze_articles, default_jobs
    from consilience.report import render

    configure_logging(verbose)
    with translate_errors(debug):
        settings = Settings(
            embedder=embedder,
            ner=ner,
            nli=nli,
            max_file_bytes=max_bytes,
            max_story_articles=max_articles,
            max_story_chars=max_story_chars,
        )
        with file_progress(len(inputs) if len(inputs) > 1 else 0) as on_file:
            batch = ingest.read_inputs(inputs, settings, on_file=on_file)
        report_problems(batch.problems)
        if not batch.articles:
            fail("no article could be read from the inputs")
        dossier = analyze_articles(
            batch.articles, settings, problems=batch.problems, jobs=jobs or default_jobs()
        )
        failed = report_stage_problems(dossier, batch.problems)
        if output_format is OutputFormat.text and output is None:
            with writing_stdout():
                render.print_terminal(dossier, stdout_console())
        else:
            write_output(render.render(dossier, output_format.value), output)
    if batch.problems or failed:
        raise typer.Exit(EXIT_SKIPPED)
