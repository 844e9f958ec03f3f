"""Feeds into stories: a feed polled, grown, polled again; what changed between the two
versions; conditional requests; feeds and entries that fail."""

from __future__ import annotations

import datetime as dt
import threading
import time

from consilience.service.fetch import Fetcher
from consilience.service.history import compare
from consilience.service.intake import add_inputs
from consilience.service.store import Store
from consilience.service.store.repository import list_sources, list_stories, versions
from consilience.service.watch import Round, watch, watch_round
from consilience.settings import Settings
from tests.service.newsroom import Newsroom

EVERY = dt.timedelta(minutes=15)


def _sample_paths(site: Newsroom) -> list[str]:
    return sorted(p for p in site.pages if p.startswith("/news/00"))


def test_a_growing_feed_updates_its_story(site: Newsroom, fetcher: Fetcher, store: Store) -> None:
    paths = _sample_paths(site)
    for path in paths[:3]:
        site.publish("/feeds/grow.xml", path)
    site.publish("/feeds/grow.xml", "/news/latin1.html")
    settings = Settings()

    intake = add_inputs(store, [site.base + "/feeds/grow.xml"], settings, fetcher=fetcher)
    assert intake.feeds == [site.base + "/feeds/grow.xml"]
    assert len(intake.added) == 4 and not intake.problems
    first = watch_round(store, fetcher, settings, every=EVERY)
    assert first.polled == 0  # just polled by add: not due yet
    stories = {s.title: s for s in list_stories(store)}
    dock = next(s for s in stories.values() if "Venezuela" in s.title)
    assert dock.article_count == 3 and dock.latest_version == 1
    assert any("Grève" in title for title in stories)

    unchanged = watch_round(store, fetcher, settings, every=EVERY, force=True)
    assert unchanged.polled == 1 and not unchanged.intake.added and not unchanged.versions
    assert list_sources(store)[0].last_status == "not modified"

    for path in paths[3:]:
        site.publish("/feeds/grow.xml", path)
    site.feeds["/feeds/grow.xml"].append(("/missing-article.html", "Gone"))
    grown = watch_round(store, fetcher, settings, every=EVERY, force=True)
    assert len(grown.intake.added) == 2
    assert [str(p) for p in grown.intake.problems] == [
        f"{site.base}/missing-article.html: HTTP 404"
    ]
    assert [(v.story_id, v.number, v.articles) for v in grown.versions] == [(dock.id, 2, 5)]
    assert list_sources(store)[0].last_status.startswith("ok, 1 entr")

    changes = compare(store, dock.id)
    assert changes is not None and (changes.from_version, changes.to_version) == (1, 2)
    assert {a.outlet for a in changes.new_articles} == {"Elsby Gazette", "Metro Review"}
    assert changes.new_outlets == ["Elsby Gazette", "Metro Review"]
    assert {c.name for c in changes.counts} >= {"articles", "claims"}
    assert any(c.change == "opened" for c in changes.conflicts)
    since = compare(store, dock.id, since=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    assert since is not None and since.from_version is None and len(since.new_articles) == 5
    assert [v.number for v in versions(store, dock.id)] == [1, 2]


def test_a_feed_that_is_not_xml_is_one_problem(
    site: Newsroom, fetcher: Fetcher, store: Store
) -> None:
    intake = add_inputs(
        store, [site.base + "/not-a-feed.xml"], Settings(), fetcher=fetcher, as_feed=True
    )
    assert not intake.added and not intake.feeds
    assert len(intake.problems) == 1 and "not a feed" in intake.problems[0].reason
    assert list_sources(store) == []


def test_a_page_url_is_one_article_and_not_watched(
    site: Newsroom, fetcher: Fetcher, store: Store
) -> None:
    url = site.base + _sample_paths(site)[0]
    first = add_inputs(store, [url, url + "?utm_source=feed"], Settings(), fetcher=fetcher)
    assert len(first.added) == 1 and first.duplicates == [url + "?utm_source=feed"]
    assert list_sources(store) == []


def test_the_loop_picks_up_a_new_entry_until_stopped(
    site: Newsroom, fetcher: Fetcher, store: Store
) -> None:
    site.publish("/feeds/loop.xml", "/news/latin1.html")
    add_inputs(store, [site.base + "/feeds/loop.xml"], Settings(), fetcher=fetcher)
    rounds: list[Round] = []
    stop = threading.Event()
    loop = threading.Thread(
        target=watch,
        args=(store, fetcher, Settings()),
        kwargs={
            "every": dt.timedelta(seconds=0.2),
            "stop": stop,
            "on_round": rounds.append,
            "tick": 0.05,
        },
    )
    loop.start()
    try:
        site.publish("/feeds/loop.xml", _sample_paths(site)[0])
        deadline = time.monotonic() + 30
        while not any(r.intake.added for r in rounds):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        stop.set()
        loop.join(timeout=30)
    assert not loop.is_alive()
    assert len(list_stories(store)) == 2
