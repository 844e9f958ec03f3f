"""Inputs into stored articles: local files (everything ``consilience analyze`` reads,
plus WARC files), web pages and feeds. Each input that fails is one problem naming it;
the others go on."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import or_, select

from consilience import ingest
from consilience.errors import InputError
from consilience.records import Article, Problem
from consilience.service.fetch import Fetcher, FetchError
from consilience.service.fetch.feeds import Feed, looks_like_feed, parse_feed
from consilience.service.fetch.guard import BlockedAddressError
from consilience.service.fetch.pages import canonical_url, page_article
from consilience.service.fetch.warc import is_warc, read_warc
from consilience.service.store import Store
from consilience.service.store.models import Source, StoredArticle
from consilience.service.store.repository import (
    NewArticle,
    add_articles,
    add_source,
    record_poll,
)
from consilience.settings import Settings

log = logging.getLogger(__name__)

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


@dataclass
class Intake:
    """What adding inputs did."""

    added: list[int] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)

    def merge(self, other: Intake) -> None:
        self.added += other.added
        self.duplicates += other.duplicates
        self.problems += other.problems
        self.feeds += other.feeds


def is_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def add_inputs(
    store: Store,
    inputs: Sequence[str],
    settings: Settings,
    *,
    fetcher: Fetcher | None = None,
    as_feed: bool | None = None,
) -> Intake:
    """Store the articles of ``inputs``: URLs (pages or feeds; a feed is also registered
    for ``watch``) and local files, directories or globs."""
    intake = Intake()
    urls = [i for i in inputs if is_url(i)]
    paths = [i for i in inputs if not is_url(i)]
    if paths:
        intake.merge(add_paths(store, paths, settings))
    if urls and fetcher is None:
        intake.problems += [Problem(u, "fetching is not enabled here") for u in urls]
        return intake
    for url in urls:
        assert fetcher is not None
        intake.merge(add_url(store, fetcher, url, settings, as_feed=as_feed))
    return intake


def add_paths(
    store: Store,
    inputs: Sequence[str],
    settings: Settings,
    *,
    label: Callable[[str], str] | None = None,
) -> Intake:
    """Store the articles of local files; ``label`` renames where each came from (the
    web app's uploads are read from a temporary folder)."""
    intake = Intake()
    files, problems = ingest.expand_inputs(inputs)
    intake.problems += problems
    items: list[NewArticle] = []
    for path in files:
        try:
            if is_warc(path):
                for item in read_warc(path, settings):
                    if isinstance(item, Problem):
                        intake.problems.append(item)
                    else:
                        items.append(item)
                continue
            for found in ingest.read_file(path, settings):
                if isinstance(found, Problem):
                    intake.problems.append(found)
                else:
                    items.append(_local(found, path))
        except InputError as exc:
            intake.problems.append(Problem(exc.source, exc.reason, exc.line))
    if label is not None:
        items = [
            replace(
                i,
                location=label(i.location),
                article=replace(i.article, source=label(i.article.source)),
            )
            for i in items
        ]
        intake.problems = [replace(p, source=label(p.source)) for p in intake.problems]
    added = add_articles(store, items)
    intake.added += added.ids
    intake.duplicates += added.duplicates
    return intake


def _local(article: Article, path: Path) -> NewArticle:
    raw: bytes | None = None
    if article.reader != "json":  # one file, one article: keep the file's bytes
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None
    url = canonical_url(article.url) if article.url and is_url(article.url) else None
    return NewArticle(article, location=article.source, canonical_url=url, raw=raw)


def add_url(
    store: Store, fetcher: Fetcher, url: str, settings: Settings, *, as_feed: bool | None = None
) -> Intake:
    """A page becomes an article; a feed is registered and its entries read. With
    ``as_feed`` None the response decides."""
    intake = Intake()
    try:
        fetched = fetcher.get(url, accept=FEED_ACCEPT if as_feed else None)
        if as_feed or (
            as_feed is None and looks_like_feed(fetched.content, fetched.url, fetched.content_type)
        ):
            feed = parse_feed(fetched.content, fetched.url, fetched.content_type)
            source, _ = add_source(store, "feed", url)
            intake.feeds.append(url)
            intake.merge(_read_entries(store, fetcher, source.id, feed, settings))
            record_poll(
                store,
                source.id,
                status="ok",
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
            return intake
        item = page_article(fetched.content, fetched.content_type, fetched.url, settings)
    except InputError as exc:
        intake.problems.append(Problem(exc.source, exc.reason))
        return intake
    added = add_articles(store, [item])
    intake.added += added.ids
    intake.duplicates += added.duplicates
    return intake


def poll_feed(store: Store, fetcher: Fetcher, source: Source, settings: Settings) -> Intake:
    """One conditional poll of a registered feed; its outcome is recorded on the source."""
    intake = Intake()
    try:
        fetched = fetcher.get(
            source.location,
            etag=source.etag,
            last_modified=source.last_modified,
            accept=FEED_ACCEPT,
        )
        if fetched.not_modified:
            record_poll(store, source.id, status="not modified")
            return intake
        feed = parse_feed(fetched.content, fetched.url, fetched.content_type)
    except InputError as exc:
        intake.problems.append(Problem(exc.source, exc.reason))
        record_poll(store, source.id, status="failed", error=exc.reason)
        return intake
    intake.merge(_read_entries(store, fetcher, source.id, feed, settings))
    failed = len(intake.problems)
    record_poll(
        store,
        source.id,
        status="ok" if not failed else f"ok, {failed} entr{'y' if failed == 1 else 'ies'} failed",
        error=str(intake.problems[0]) if failed else None,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )
    return intake


def _read_entries(
    store: Store, fetcher: Fetcher, source_id: int, feed: Feed, settings: Settings
) -> Intake:
    intake = Intake()
    links = [entry.link for entry in feed.entries]
    known = _known_links(store, links)
    for entry in feed.entries:
        if entry.link in known or canonical_url(entry.link) in known:
            continue
        try:
            fetched = fetcher.get(entry.link)
            item = page_article(fetched.content, fetched.content_type, fetched.url, settings)
        except BlockedAddressError as exc:
            intake.problems.append(Problem(exc.source, exc.reason))
            continue
        except InputError as exc:
            if not entry.content:
                intake.problems.append(Problem(exc.source, exc.reason))
                continue
            log.info("%s: %s; reading the feed's copy instead", exc.source, exc.reason)
            try:
                article = ingest.read_document(
                    entry.content, entry.link, settings, url=entry.link, html=True
                )
            except InputError as inner:
                intake.problems.append(Problem(exc.source, f"{exc.reason}; {inner.reason}"))
                continue
            item = NewArticle(
                article,
                location=entry.link,
                canonical_url=canonical_url(entry.link),
                raw=entry.content.encode("utf-8"),
                content_type="text/html; charset=utf-8",
            )
        added = add_articles(store, [item], source_id=source_id)
        intake.added += added.ids
        intake.duplicates += added.duplicates
    return intake


def _known_links(store: Store, links: Sequence[str]) -> set[str]:
    if not links:
        return set()
    wanted = set(links) | {canonical_url(link) for link in links}
    with store.transaction() as session:
        rows = session.execute(
            select(StoredArticle.location, StoredArticle.canonical_url).where(
                or_(
                    StoredArticle.location.in_(wanted),
                    StoredArticle.canonical_url.in_(wanted),
                )
            )
        )
        return {value for row in rows for value in row if value}


__all__ = ["FetchError", "Intake", "add_inputs", "add_paths", "add_url", "is_url", "poll_feed"]
