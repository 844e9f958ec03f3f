"""The store: schema from migrations, deduplication, versions, clustering kept
incremental in the store, and what concurrent or killed writers leave behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from consilience import Settings, read_inputs
from consilience.service.store import Store, StoreError, open_store
from consilience.service.store.engine import sqlite_integrity
from consilience.service.store.models import Base, ClusterState, StoredArticle
from consilience.service.store.repository import (
    NewArticle,
    add_articles,
    content_hash,
    find_story,
    list_stories,
    load_dossier,
    story_articles,
    versions,
)
from consilience.service.update import clusterer_from_bytes, refresh, stale_stories
from tests.service.newsroom import SAMPLE_STORY

ROOT = Path(__file__).resolve().parents[2]


def sample_items() -> list[NewArticle]:
    batch = read_inputs([str(SAMPLE_STORY)])
    return [NewArticle(a, a.source, raw=Path(a.source).read_bytes()) for a in batch.articles]


def test_migrations_build_the_models_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == "0001"
    assert sqlite_integrity(store) == "ok"
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_store_that_cannot_be_opened_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot"):
        open_store(tmp_path / "file" / "store.sqlite")
    with pytest.raises(StoreError):
        open_store("nosuchdb://x")
    not_sqlite = tmp_path / "garbage.sqlite"
    not_sqlite.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        open_store(not_sqlite)


def test_articles_are_deduplicated_by_content_and_canonical_url(store: Store) -> None:
    items = sample_items()
    first = add_articles(store, items)
    assert len(first.ids) == 5 and not first.duplicates
    respaced = replace(
        items[0], article=replace(items[0].article, text=items[0].article.text + "\n\n")
    )
    again = add_articles(store, [*items[:2], respaced])
    assert not again.ids and len(again.duplicates) == 3
    article = items[1].article
    url_a = NewArticle(
        replace(article, text="Other text about the port strike, long enough."),
        "x",
        canonical_url="https://e.org/a",
    )
    url_b = NewArticle(
        replace(article, text="A corrected text about the port strike, also long."),
        "y",
        canonical_url="https://e.org/a",
    )
    assert len(add_articles(store, [url_a, url_b]).duplicates) == 1
    with store.transaction() as session:
        row = session.scalars(select(StoredArticle).order_by(StoredArticle.id)).first()
        assert row is not None
        assert row.raw == Path(row.location).read_bytes()
        assert row.text == items[0].article.text
        assert row.content_hash == content_hash(row.text)


def test_stories_are_versioned_and_clustering_stays_incremental(store: Store) -> None:
    items = sample_items()
    settings = Settings()
    add_articles(store, items[:3])
    [first] = refresh(store, settings)
    with store.transaction() as session:
        state = session.get(ClusterState, 1)
        assert state is not None and state.revision == 1 and state.article_count == 3
    add_articles(store, items[3:])
    [second] = refresh(store, settings)
    assert (first.story_id, first.number, second.story_id, second.number) == (
        first.story_id,
        1,
        first.story_id,
        2,
    )
    with store.transaction() as session:
        state = session.get(ClusterState, 1)
        assert state is not None and state.revision == 2
        blob = state.state
    clusterer = clusterer_from_bytes(blob)
    assert len(clusterer.known_ids) == 5
    assert refresh(store, settings) == []  # nothing new: no new version
    assert stale_stories(store) == []
    rows = versions(store, first.story_id)
    assert [(v.number, v.counts["articles"]) for v in rows] == [(1, 3), (2, 5)]
    old, new = (load_dossier(store, first.story_id, n) for n in (1, 2))
    assert old is not None and new is not None and len(new.articles) == 5
    assert [a.source for a in new.articles] == [
        a.location for a in story_articles(store, first.story_id)
    ]
    story = find_story(store, first.story_id[:5])
    assert story is not None and story.id == first.story_id
    assert [s.id for s in list_stories(store)] == [first.story_id]


_WRITER = textwrap.dedent(
    """
    import itertools, sys
    from consilience import read_inputs
    from consilience.service.store import open_store
    from consilience.service.store.repository import NewArticle, add_articles
    from consilience.service.update import cluster_pending
    from consilience.settings import Settings
    from dataclasses import replace
    store = open_store(sys.argv[1])
    base = read_inputs([sys.argv[2]]).articles
    tag = sys.argv[3]
    print("ready", flush=True)
    for n in itertools.count():
        article = base[n % len(base)]
        text = article.text + f"\\n\\nUpdate {tag}-{n}: more about the port."
        add_articles(store, [NewArticle(replace(article, text=text), f"{tag}-{n}")])
        if n % 3 == 2:
            cluster_pending(store, Settings())
        if len(sys.argv) > 4 and n + 1 >= int(sys.argv[4]):
            break
    """
)


def _writer(db: Path, tag: str, count: int | None = None) -> subprocess.Popen[str]:
    args = [sys.executable, "-c", _WRITER, str(db), str(SAMPLE_STORY), tag]
    if count is not None:
        args.append(str(count))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)


def _consistent(db: Path) -> int:
    """Checks a store left by writers; returns its number of articles."""
    reopened = open_store(db)
    try:
        assert sqlite_integrity(reopened) == "ok"
        with reopened.transaction() as session:
            rows = list(session.scalars(select(StoredArticle)))
            state = session.get(ClusterState, 1)
            clustered = session.scalar(
                select(func.count()).where(StoredArticle.clustered.is_(True))
            )
        for row in rows:
            assert row.content_hash == content_hash(row.text)
        if state is not None:
            clusterer = clusterer_from_bytes(state.state)
            assert len(clusterer.known_ids) == state.article_count == clustered
        refresh(reopened, Settings(), analyze=False)  # the store goes on working
        return len(rows)
    finally:
        reopened.close()


def test_kill_9_during_writes_leaves_a_consistent_store(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    open_store(db).close()
    writer = _writer(db, "k")
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = open_store(db, migrate=False)
        with probe.transaction() as session:
            count = session.scalar(select(func.count(StoredArticle.id))) or 0
        probe.close()
        if count >= 7:
            break
        time.sleep(0.05)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=10)
    assert writer.returncode == -signal.SIGKILL
    assert _consistent(db) >= 7


def test_two_writers_on_one_store(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    writers = [_writer(db, tag, count=6) for tag in ("a", "b")]
    for writer in writers:
        writer.communicate(timeout=120)
        assert writer.returncode == 0
    assert _consistent(db) == 12
