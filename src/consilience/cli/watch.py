"""``consilience watch``: poll the stored feeds, analyze the stories that change."""

from __future__ import annotations

import signal
import threading
from typing import Annotated, Any

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_SKIPPED,
    DebugOption,
    MaxBytesOption,
    VerboseOption,
    configure_logging,
    fail,
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


def watch_command(
    every: Annotated[
        str, typer.Option("--every", help="Poll each feed this often (30s, 15m, 1h).")
    ] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then stop.")] = False,
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
    """Watch the feeds in the store: new articles are stored, clustered and analyzed."""
    configure_logging(verbose)
    problems = 0
    with translate_errors(debug):
        from consilience.service.history import parse_since
        from consilience.service.store.models import utcnow
        from consilience.service.store.repository import list_sources
        from consilience.service.watch import Round, watch, watch_round

        now = utcnow()
        interval = now - parse_since(every, now=now)
        if interval.total_seconds() <= 0:
            fail(f"--every {every}: give a positive duration", 2)
        store = open_service_store(db)
        if not any(s.active and s.kind == "feed" for s in list_sources(store)):
            stderr.print(
                "consilience: no feed to watch yet (consilience add FEED_URL adds one)",
                markup=False,
            )
        settings = Settings(max_file_bytes=max_bytes)
        fetcher = make_fetcher(
            allow_private=allow_private,
            ignore_robots=ignore_robots,
            timeout=timeout,
            delay=delay,
            max_bytes=max_bytes,
        )

        def report(result: Round) -> None:
            nonlocal problems
            problems += len(result.intake.problems)
            report_problems(result.intake.problems)
            if result.intake.added:
                stderr.print(
                    f"consilience: {len(result.intake.added)} new article(s)", markup=False
                )
            print_versions(result.versions)

        try:
            if once:
                report(
                    watch_round(
                        store,
                        fetcher,
                        settings,
                        every=interval,
                        force=True,
                        min_articles=min_articles,
                    )
                )
            else:
                stop = threading.Event()

                def on_signal(_signum: int, _frame: Any) -> None:
                    stop.set()

                signal.signal(signal.SIGTERM, on_signal)
                signal.signal(signal.SIGINT, on_signal)
                watch(
                    store,
                    fetcher,
                    settings,
                    every=interval,
                    stop=stop,
                    min_articles=min_articles,
                    on_round=report,
                )
        finally:
            fetcher.close()
            store.close()
    if once and problems:
        raise typer.Exit(EXIT_SKIPPED)
