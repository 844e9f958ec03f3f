"""``consilience add``: files, pages and feeds into the store; the stories they change
are analyzed again."""

from __future__ import annotations

from typing import Annotated

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_SKIPPED,
    DebugOption,
    MaxBytesOption,
    VerboseOption,
    configure_logging,
    report_problems,
    stderr,
    translate_errors,
)
from consilience.cli.service_options import (
    AllowPrivateOption,
    DbOption,
    DelayOption,
    IgnoreRobotsOption,
    MinArticlesOption,
    TimeoutOption,
    make_fetcher,
    open_service_store,
    print_versions,
)
from consilience.settings import Settings


def add_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Files, directories, globs, WARC files, page URLs or feed URLs.",
        ),
    ],
    feed: Annotated[
        bool, typer.Option("--feed", help="The URLs are feeds (default: the response tells).")
    ] = False,
    analyze: Annotated[
        bool, typer.Option("--analyze/--no-analyze", help="Analyze the changed stories now.")
    ] = True,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
    timeout: TimeoutOption = 20.0,
    delay: DelayOption = 1.0,
    min_articles: MinArticlesOption = 1,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Add articles to the store (a URL is fetched once; a feed is also watched)."""
    configure_logging(verbose)
    with translate_errors(debug):
        from consilience.service.intake import add_inputs, is_url
        from consilience.service.update import refresh

        store = open_service_store(db)
        settings = Settings(max_file_bytes=max_bytes)
        fetcher = None
        if any(is_url(i) for i in inputs):
            fetcher = make_fetcher(
                allow_private=allow_private,
                ignore_robots=ignore_robots,
                timeout=timeout,
                delay=delay,
                max_bytes=max_bytes,
            )
        try:
            intake = add_inputs(
                store, inputs, settings, fetcher=fetcher, as_feed=True if feed else None
            )
        finally:
            if fetcher is not None:
                fetcher.close()
        report_problems(intake.problems)
        for url in intake.feeds:
            stderr.print(f"consilience: watching feed {url}", markup=False)
        stderr.print(
            f"consilience: {len(intake.added)} article(s) added, "
            f"{len(intake.duplicates)} already stored ({store.describe()})",
            markup=False,
        )
        made = refresh(store, settings, min_articles=min_articles, analyze=analyze)
        print_versions(made)
        store.close()
    if intake.problems:
        raise typer.Exit(EXIT_SKIPPED)
