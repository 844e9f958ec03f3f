"""``consilience analyze``: one story's inputs in, one dossier out."""

from __future__ import annotations

from typing import Annotated

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    DEFAULT_SETTINGS,
    EXIT_SKIPPED,
    FORMAT_HELP,
    DebugOption,
    EmbedderOption,
    InputsArgument,
    MaxBytesOption,
    NerOption,
    OutputFormat,
    OutputOption,
    VerboseOption,
    configure_logging,
    fail,
    pick_format,
    report_problems,
    report_stage_problems,
    stdout_console,
    translate_errors,
    write_output,
    writing_stdout,
)
from consilience.cli.fetching import AllowPrivateFetchOption, FetchOption
from consilience.settings import Settings


def analyze_command(
    inputs: InputsArgument,
    output_format: Annotated[
        OutputFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = None,
    output: OutputOption = None,
    embedder: EmbedderOption = "lexical",
    ner: NerOption = "auto",
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
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Text view: every claim, passage, link and article, not the short view."
        ),
    ] = False,
    exclude_outlets: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-outlet",
            metavar="NAME",
            help="Leave out the articles of this outlet: its name (any case; AP for "
            "Associated Press) or its web domain (cnn.com, with its subdomains). Repeatable. "
            "The dossier lists them as skipped.",
        ),
    ] = None,
    fetch: FetchOption = False,
    allow_private: AllowPrivateFetchOption = False,
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
    """Analyze articles about one story and write its dossier.

    INPUT may also be a page URL, fetched only with --fetch (its article follows
    those of the files)."""
    # The pipeline loads when a story is analyzed: `consilience --help` stays instant.
    from consilience.cli.fetching import read_story_inputs
    from consilience.ingest import leave_out_outlets
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
        articles, problems = read_story_inputs(
            inputs, settings, fetch=fetch, allow_private=allow_private
        )
        report_problems(problems)
        if not articles:
            fail("no article could be read from the inputs")
        # Left out by the user's choice: listed in the dossier, not a failure of the run.
        articles, left_out = leave_out_outlets(articles, exclude_outlets or [])
        if not articles:
            fail("every article read is of an outlet left out by --exclude-outlet")
        dossier = analyze_articles(
            articles, settings, problems=[*problems, *left_out], jobs=jobs or default_jobs()
        )
        failed = report_stage_problems(dossier, [*problems, *left_out])
        chosen = pick_format(output_format, output, [f.value for f in OutputFormat])
        if chosen == OutputFormat.text and output is None:
            with writing_stdout():
                render.print_terminal(dossier, stdout_console(), full=full)
        else:
            write_output(render.render(dossier, chosen, full=full), output)
    if problems or failed:
        raise typer.Exit(EXIT_SKIPPED)
