"""Reading and writing the store. Every function takes the :class:`Store` (or, for the
steps that must share one transaction, a session) and returns plain values or detached
rows; no caller ever holds a transaction open while it fetches or analyzes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from consilience.dossier import Dossier
from consilience.records import Article
from consilience.service.store.engine import Store
from consilience.service.store.models import (
    DossierVersion,
    Source,
    StoredArticle,
    StoredStory,
    utcnow,
)

_SPACE = re.compile(r"\s+")
SEARCH_LIMIT = 50


def content_hash(text: str) -> str:
    """The article's identity by content: its text with runs of white space made one."""
    return hashlib.sha256(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article read from somewhere, with what it was read from."""

    article: Article
    location: str
    canonical_url: str | None = None
    raw: bytes | None = None
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class Added:
    """What :func:`add_articles` did: stored ids, and the locations already in the store."""

    ids: list[int]
    duplicates: list[str]


def add_articles(
    store: Store, items: Sequence[NewArticle], *, source_id: int | None = None
) -> Added:
    """Store each new article in its own transaction. An article whose canonical URL or
    content hash is already stored (by anyone, even a concurrent watcher) is a duplicate."""
    ids: list[int] = []
    duplicates: list[str] = []
    for item in items:
        digest = content_hash(item.article.text)
        try:
            with store.transaction() as session:
                if _known(session, item.canonical_url, digest):
                    duplicates.append(item.location)
                    continue
                row = _article_row(item, digest, source_id)
                session.add(row)
                session.flush()
                ids.append(row.id)
        except IntegrityError:
            duplicates.append(item.location)
    if source_id is not None and ids:
        with store.transaction() as session:
            session.execute(
                update(Source)
                .where(Source.id == source_id)
                .values(article_count=Source.article_count + len(ids))
            )
    return Added(ids, duplicates)


def _known(session: Session, canonical_url: str | None, digest: str) -> bool:
    condition = StoredArticle.content_hash == digest
    if canonical_url:
        condition = or_(condition, StoredArticle.canonical_url == canonical_url)
    return session.scalar(select(StoredArticle.id).where(condition).limit(1)) is not None


def _article_row(item: NewArticle, digest: str, source_id: int | None) -> StoredArticle:
    article = item.article
    return StoredArticle(
        canonical_url=item.canonical_url,
        content_hash=digest,
        source_id=source_id,
        location=item.location,
        content_type=item.content_type,
        raw=item.raw,
        text=article.text,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        url=article.url,
        place=article.place,
        reader=article.reader,
        title_span=list(article.title_span) if article.title_span else None,
        dateline_span=list(article.dateline_span) if article.dateline_span else None,
        external_id=article.external_id,
        clustered=False,
    )


def known_location(store: Store, canonical_url: str) -> bool:
    with store.transaction() as session:
        found = session.scalar(
            select(StoredArticle.id).where(StoredArticle.canonical_url == canonical_url).limit(1)
        )
    return found is not None


def cluster_key(article_id: int) -> str:
    """The id an article has inside the clustering state."""
    return f"article-{article_id}"


def as_article(row: StoredArticle, *, for_clustering: bool = False) -> Article:
    """The library's :class:`Article` for a stored article. Inside the clustering its id
    is :func:`cluster_key`; in a dossier it keeps the record's own id, if any."""
    key = cluster_key(row.id)
    return Article(
        id=key,
        source=row.location,
        text=row.text,
        title=row.title,
        outlet=row.outlet,
        published=row.published,
        url=row.url,
        place=row.place,
        reader=row.reader,
        title_span=(row.title_span[0], row.title_span[1]) if row.title_span else None,
        dateline_span=(row.dateline_span[0], row.dateline_span[1]) if row.dateline_span else None,
        external_id=key if for_clustering else row.external_id,
    )


# --- sources ----------------------------------------------------------------------------


def add_source(store: Store, kind: str, location: str) -> tuple[Source, bool]:
    """Register a feed or folder to watch; returns it and whether it is new."""
    try:
        with store.transaction() as session:
            found = session.scalar(select(Source).where(Source.location == location))
            if found is not None:
                if not found.active:
                    found.active = True
                return found, False
            source = Source(kind=kind, location=location, active=True, article_count=0)
            session.add(source)
            session.flush()
            return source, True
    except IntegrityError:
        with store.transaction() as session:
            found = session.scalar(select(Source).where(Source.location == location))
            if found is None:
                raise
            return found, False


def list_sources(store: Store) -> list[Source]:
    with store.transaction() as session:
        return list(session.scalars(select(Source).order_by(Source.id)))


def claim_due_sources(
    store: Store,
    owner: str,
    *,
    every: dt.timedelta,
    lease: dt.timedelta,
    force: bool = False,
) -> list[Source]:
    """The active sources due for a poll, each leased to ``owner`` (a source another
    watcher holds is left to it)."""
    now = utcnow()
    claimed: list[Source] = []
    with store.transaction() as session:
        candidates = list(session.scalars(select(Source).where(Source.active.is_(True))))
        for source in candidates:
            if source.lease_until is not None and source.lease_until > now:
                continue
            if (
                not force
                and source.last_polled_at is not None
                and source.last_polled_at + every > now
            ):
                continue
            source.lease_until = now + lease
            source.lease_owner = owner
            claimed.append(source)
    return claimed


def record_poll(
    store: Store,
    source_id: int,
    *,
    status: str,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    """Remember a poll's outcome and free the source's lease."""
    with store.transaction() as session:
        source = session.get(Source, source_id)
        if source is None:
            return
        source.last_polled_at = utcnow()
        source.last_status = status
        source.last_error = error
        if etag is not None:
            source.etag = etag
        if last_modified is not None:
            source.last_modified = last_modified
        source.lease_until = None
        source.lease_owner = None


# --- stories and versions ---------------------------------------------------------------


def list_stories(store: Store, *, limit: int = 200, offset: int = 0) -> list[StoredStory]:
    """Live stories (not merged into another), most recently updated first."""
    with store.transaction() as session:
        query = (
            select(StoredStory)
            .where(StoredStory.merged_into.is_(None))
            .order_by(StoredStory.updated_at.desc(), StoredStory.id)
            .limit(limit)
            .offset(offset)
        )
        return list(session.scalars(query))


def find_story(store: Store, wanted: str) -> StoredStory | None:
    """A story by id or unique id prefix; a merged story leads to the story it joined."""
    with store.transaction() as session:
        story = session.get(StoredStory, wanted)
        if story is None and wanted:
            escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            found = list(
                session.scalars(
                    select(StoredStory).where(StoredStory.id.like(escaped + "%", escape="\\"))
                )
            )
            story = found[0] if len(found) == 1 else None
        seen: set[str] = set()
        while story is not None and story.merged_into and story.id not in seen:
            seen.add(story.id)
            story = session.get(StoredStory, story.merged_into)
        return story


def story_articles(store: Store, story_id: str) -> list[StoredArticle]:
    """A story's stored articles, in the order they were added."""
    with store.transaction() as session:
        query = (
            select(StoredArticle)
            .where(StoredArticle.story_id == story_id)
            .order_by(StoredArticle.id)
        )
        return list(session.scalars(query))


def versions(store: Store, story_id: str) -> list[DossierVersion]:
    """A story's dossier versions, oldest first, without loading the dossiers."""
    with store.transaction() as session:
        query = (
            select(DossierVersion)
            .options(defer(DossierVersion.dossier))
            .where(DossierVersion.story_id == story_id)
            .order_by(DossierVersion.number)
        )
        rows = list(session.scalars(query))
        for row in rows:
            session.expunge(row)
        return rows


def load_dossier(store: Store, story_id: str, number: int) -> Dossier | None:
    with store.transaction() as session:
        blob = session.scalar(
            select(DossierVersion.dossier).where(
                DossierVersion.story_id == story_id, DossierVersion.number == number
            )
        )
    return None if blob is None else decode_dossier(blob)


def encode_dossier(dossier: Dossier) -> bytes:
    return zlib.compress(dossier.to_json(indent=None).encode("utf-8"), 6)


def decode_dossier(blob: bytes) -> Dossier:
    return Dossier.from_json(zlib.decompress(blob))


def add_version(
    store: Store,
    story_id: str,
    article_ids: Sequence[int],
    dossier: Dossier,
    counts: dict[str, int],
) -> int | None:
    """Store a new dossier version (numbered after the newest); ``None`` when the newest
    version already covers exactly these articles (a concurrent watcher analyzed them)."""
    wanted = sorted(article_ids)
    blob = encode_dossier(dossier)
    for _ in range(5):
        try:
            with store.transaction() as session:
                latest = session.scalar(
                    select(DossierVersion)
                    .where(DossierVersion.story_id == story_id)
                    .order_by(DossierVersion.number.desc())
                    .limit(1)
                )
                if latest is not None and sorted(latest.article_ids) == wanted:
                    return None
                number = 1 if latest is None else latest.number + 1
                now = utcnow()
                session.add(
                    DossierVersion(
                        story_id=story_id,
                        number=number,
                        created_at=now,
                        article_ids=wanted,
                        counts=counts,
                        dossier=blob,
                    )
                )
                story = session.get(StoredStory, story_id)
                if story is not None:
                    story.latest_version = number
                    story.updated_at = now
                    story.article_count = counts.get("articles", story.article_count)
                    story.origin_count = counts.get("origins", 0)
                    story.conflict_count = counts.get("conflicts", 0)
                    story.claim_count = counts.get("claims", 0)
                    if dossier.story.title:
                        story.title = dossier.story.title
                return number
        except IntegrityError:
            continue  # another process took this number: read the newest again
    return None


def search(store: Store, query: str, *, limit: int = SEARCH_LIMIT) -> list[StoredArticle]:
    """Articles whose title, outlet, address or text contains every word of ``query``."""
    words = [w for w in query.split() if w][:8]
    if not words:
        return []
    with store.transaction() as session:
        statement = select(StoredArticle)
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            statement = statement.where(
                or_(
                    func.lower(StoredArticle.title).like(pattern.lower(), escape="\\"),
                    func.lower(StoredArticle.outlet).like(pattern.lower(), escape="\\"),
                    func.lower(StoredArticle.location).like(pattern.lower(), escape="\\"),
                    func.lower(StoredArticle.text).like(pattern.lower(), escape="\\"),
                )
            )
        rows = list(session.scalars(statement.order_by(StoredArticle.id.desc()).limit(limit)))
        for row in rows:
            session.expunge(row)
        return rows


def article_count(store: Store) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count(StoredArticle.id))) or 0)
