"""Options the service commands (add, watch, changes, serve) share. The service's
modules are imported inside the commands, so the other commands work without the
``service`` extra installed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from consilience.cli.common import fail

if TYPE_CHECKING:
    from collections.abc import Iterable

    from consilience.service.fetch import Fetcher
    from consilience.service.store import Store
    from consilience.service.update import NewVersion

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="CONSILIENCE_DB",
        help="The store: a SQLite file path or a database URL (postgresql://…). "
        "Default: store.sqlite in the user's data directory.",
    ),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Fetch from loopback, private and link-local addresses too (an intranet feed).",
    ),
]
IgnoreRobotsOption = Annotated[
    bool, typer.Option("--ignore-robots", help="Fetch pages robots.txt disallows.")
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds one response may take.")
]
DelayOption = Annotated[
    float, typer.Option("--delay", min=0.0, help="Seconds between two requests to one host.")
]
MinArticlesOption = Annotated[
    int,
    typer.Option("--min-articles", min=1, help="Analyze stories of at least this many articles."),
]


def open_service_store(db: str | None) -> Store:
    try:
        from consilience.service.store import StoreError, open_store
    except ImportError as exc:
        fail(f"the service needs its extra: pip install 'consilience[service]' ({exc.name})", 2)
    try:
        return open_store(Path(db) if db and "://" not in db else db)
    except StoreError as exc:
        fail(str(exc))


def make_fetcher(
    *,
    allow_private: bool,
    ignore_robots: bool,
    timeout: float,
    delay: float,
    max_bytes: int,
) -> Fetcher:
    from consilience.service.fetch import AddressPolicy, Fetcher, FetchSettings

    return Fetcher(
        FetchSettings(
            timeout=timeout,
            delay=delay,
            max_bytes=max_bytes,
            respect_robots=not ignore_robots,
            policy=AddressPolicy(allow_private=allow_private),
        )
    )


def print_versions(versions: Iterable[NewVersion]) -> None:
    """One line per new dossier version: story id, version, articles, title (tab-separated)."""
    for version in versions:
        typer.echo(
            f"{version.story_id}\tv{version.number}\t{version.articles} article(s)\t{version.title}"
        )
