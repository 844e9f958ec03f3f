"""Stored articles into stories, stories into dossier versions.

The clustering is :class:`consilience.cluster.StoryClusterer`, kept incremental between
runs: its saved state (``consilience.cluster.state``'s archive) is one blob in the store.
A clustering step loads it, adds the articles not clustered yet, and saves it back in one
transaction with the stories' new memberships, but only if nobody saved another revision
meanwhile; otherwise the step is redone from the newer state. Two watchers on one store
therefore never lose each other's articles, and never hold the write lock while they
compute.

A story is analyzed again whenever its articles differ from those of its newest dossier
version, so a process killed between clustering and analysis leaves work that the next
run finds and does.
"""

from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select, update

from consilience.cluster import StoryClusterer
from consilience.cluster.state import load_state, save_state
from consilience.pipeline import analyze_articles, prepare
from consilience.service.changes import dossier_counts
from consilience.service.store import Store, StoreError
from consilience.service.store.models import (
    ClusterState,
    DossierVersion,
    StoredArticle,
    StoredStory,
    utcnow,
)
from consilience.service.store.repository import add_version, as_article, story_articles
from consilience.settings import Settings

log = logging.getLogger(__name__)

_STATE_ID = 1
_ATTEMPTS = 8


class _StaleStateError(Exception):
    """Another process saved the clustering first: redo the step on its state."""


@dataclass(frozen=True, slots=True)
class NewVersion:
    story_id: str
    number: int
    title: str
    articles: int


def state_bytes(clusterer: StoryClusterer) -> bytes:
    """The clustering as :func:`consilience.cluster.state.save_state` writes it."""
    with tempfile.TemporaryDirectory(prefix="consilience-state-") as tmp:
        path = Path(tmp) / "state.npz"
        save_state(clusterer, path)
        return path.read_bytes()


def clusterer_from_bytes(blob: bytes) -> StoryClusterer:
    with tempfile.TemporaryDirectory(prefix="consilience-state-") as tmp:
        path = Path(tmp) / "state.npz"
        path.write_bytes(blob)
        return load_state(path)


def article_number(key: str) -> int:
    return int(key.removeprefix("article-"))


def cluster_pending(store: Store, settings: Settings) -> list[str]:
    """Add the stored articles not clustered yet to the clustering; returns the ids of
    the stories whose articles changed."""
    for _ in range(_ATTEMPTS):
        with store.transaction() as session:
            saved = session.get(ClusterState, _STATE_ID)
            revision = saved.revision if saved is not None else 0
            blob = saved.state if saved is not None else None
            pending = list(
                session.scalars(
                    select(StoredArticle)
                    .where(StoredArticle.clustered.is_(False))
                    .order_by(StoredArticle.id)
                )
            )
            before: dict[int, str | None] = dict(
                session.execute(
                    select(StoredArticle.id, StoredArticle.story_id).where(
                        StoredArticle.clustered.is_(True)
                    )
                ).all()
            )
        if not pending:
            return []
        clusterer = clusterer_from_bytes(blob) if blob else StoryClusterer()
        clusterer.add(prepare(as_article(row, for_clustering=True), settings) for row in pending)
        try:
            return _save_clustering(store, clusterer, revision, before)
        except _StaleStateError:
            log.info("clustering state moved on meanwhile; clustering again")
    raise StoreError("the clustering state keeps changing under this process; try again")


def _save_clustering(
    store: Store, clusterer: StoryClusterer, revision: int, before: dict[int, str | None]
) -> list[str]:
    stories = {story.id: story for story in clusterer.stories()}
    after = {article_number(key): s.id for s in stories.values() for key in s.article_ids}
    changed: set[str] = set()
    left: set[str] = set()
    for number, story_id in after.items():
        old = before.get(number)
        if old != story_id:
            changed.add(story_id)
            if old is not None:
                left.add(old)
    changed |= left & stories.keys()
    blob = state_bytes(clusterer)
    now = utcnow()
    with store.transaction() as session:
        if revision == 0:
            if session.get(ClusterState, _STATE_ID) is not None:
                raise _StaleStateError
            session.add(
                ClusterState(
                    id=_STATE_ID, revision=1, state=blob, article_count=len(after), updated_at=now
                )
            )
        else:
            moved = session.execute(
                update(ClusterState)
                .where(ClusterState.id == _STATE_ID, ClusterState.revision == revision)
                .values(revision=revision + 1, state=blob, article_count=len(after), updated_at=now)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                raise _StaleStateError
        for story_id in sorted(changed):
            story = stories[story_id]
            row = session.get(StoredStory, story_id)
            why = [reason.model_dump(mode="json") for reason in story.why]
            if row is None:
                session.add(
                    StoredStory(
                        id=story_id,
                        title=story.title,
                        created_at=now,
                        updated_at=now,
                        article_count=len(story.article_ids),
                        why=why,
                        latest_version=0,
                    )
                )
            else:
                row.merged_into = None
                row.article_count = len(story.article_ids)
                row.why = why
                if row.latest_version == 0:
                    row.title = story.title
        for gone in sorted(left - stories.keys()):
            row = session.get(StoredStory, gone)
            if row is not None:
                first = min(n for n, s in before.items() if s == gone)
                row.merged_into = after[first]
        session.flush()
        members: dict[str, list[int]] = defaultdict(list)
        for number, story_id in after.items():
            if before.get(number, "") != story_id:
                members[story_id].append(number)
        for story_id, numbers in members.items():
            session.execute(
                update(StoredArticle)
                .where(StoredArticle.id.in_(numbers))
                .values(story_id=story_id, clustered=True)
            )
    return sorted(changed)


def stale_stories(store: Store, *, min_articles: int = 1) -> list[str]:
    """Live stories whose articles are not those of their newest dossier version."""
    with store.transaction() as session:
        members: dict[str, set[int]] = defaultdict(set)
        for number, story_id in session.execute(
            select(StoredArticle.id, StoredArticle.story_id).where(
                StoredArticle.story_id.is_not(None)
            )
        ):
            if story_id is not None:
                members[story_id].add(number)
        analyzed = {
            story_id: set(ids)
            for story_id, ids in session.execute(
                select(DossierVersion.story_id, DossierVersion.article_ids).join(
                    StoredStory,
                    (StoredStory.id == DossierVersion.story_id)
                    & (StoredStory.latest_version == DossierVersion.number),
                )
            )
        }
        live = set(session.scalars(select(StoredStory.id).where(StoredStory.merged_into.is_(None))))
    return sorted(
        story_id
        for story_id, numbers in members.items()
        if story_id in live and len(numbers) >= min_articles and analyzed.get(story_id) != numbers
    )


def analyze_story(store: Store, story_id: str, settings: Settings) -> NewVersion | None:
    """Analyze a story's current articles and store the dossier as its next version
    (``None`` when a version for exactly these articles exists already)."""
    rows = story_articles(store, story_id)
    if not rows:
        return None
    articles = [replace(as_article(row), id=f"a{i}") for i, row in enumerate(rows, start=1)]
    dossier = analyze_articles(articles, settings)
    number = add_version(store, story_id, [r.id for r in rows], dossier, dossier_counts(dossier))
    if number is None:
        return None
    return NewVersion(story_id, number, dossier.story.title or rows[0].title or "", len(rows))


def refresh(
    store: Store, settings: Settings, *, min_articles: int = 1, analyze: bool = True
) -> list[NewVersion]:
    """Cluster what is new, then analyze every story whose articles changed."""
    cluster_pending(store, settings)
    if not analyze:
        return []
    return analyze_stories(store, stale_stories(store, min_articles=min_articles), settings)


def analyze_stories(store: Store, story_ids: Sequence[str], settings: Settings) -> list[NewVersion]:
    made: list[NewVersion] = []
    for story_id in story_ids:
        version = analyze_story(store, story_id, settings)
        if version is not None:
            log.info("story %s: version %d", story_id, version.number)
            made.append(version)
    return made
