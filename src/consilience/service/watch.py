"""The watch loop: poll the registered feeds when they are due, store what is new,
cluster it, analyze the stories it changed; again and again until stopped.

Several watchers may share one store: each leases the feeds it polls, and the clustering
and dossier versions are written with the checks of :mod:`.update`."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from consilience.records import Problem
from consilience.service.fetch import Fetcher
from consilience.service.intake import Intake, poll_feed
from consilience.service.store import Store
from consilience.service.store.repository import claim_due_sources, record_poll
from consilience.service.update import NewVersion, refresh
from consilience.settings import Settings

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)


@dataclass
class Round:
    """One round of the loop."""

    polled: int = 0
    intake: Intake = field(default_factory=Intake)
    versions: list[NewVersion] = field(default_factory=list)


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def watch_round(
    store: Store,
    fetcher: Fetcher,
    settings: Settings,
    *,
    every: dt.timedelta,
    force: bool = False,
    min_articles: int = 1,
) -> Round:
    """Poll the due feeds once, then bring the stories up to date."""
    result = Round()
    for source in claim_due_sources(store, owner_name(), every=every, lease=LEASE, force=force):
        result.polled += 1
        if source.kind != "feed":
            record_poll(store, source.id, status="skipped", error=f"unknown kind {source.kind}")
            continue
        try:
            result.intake.merge(poll_feed(store, fetcher, source, settings))
        except Exception as exc:  # one broken source must not stop the others
            log.exception("polling %s failed", source.location)
            record_poll(store, source.id, status="failed", error=f"{type(exc).__name__}: {exc}")
            result.intake.problems.append(Problem(source.location, f"internal error: {exc}"))
    result.versions = refresh(store, settings, min_articles=min_articles)
    return result


def watch(
    store: Store,
    fetcher: Fetcher,
    settings: Settings,
    *,
    every: dt.timedelta,
    stop: threading.Event,
    min_articles: int = 1,
    on_round: Callable[[Round], None] | None = None,
    tick: float = 5.0,
) -> None:
    """Run rounds until ``stop`` is set; a feed is polled at most once per ``every``
    (due feeds are looked for every ``tick`` seconds)."""
    while not stop.is_set():
        result = watch_round(store, fetcher, settings, every=every, min_articles=min_articles)
        if on_round is not None:
            on_round(result)
        stop.wait(min(tick, every.total_seconds()) if result.polled == 0 else 0.0)
