"""Stories: events of one kind apart, copies together, incremental = batch, why."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from consilience import Settings
from consilience.cluster import Story, StoryClusterer
from consilience.cluster.state import load_state, save_state
from consilience.errors import InputError
from consilience.ingest import read_inputs
from consilience.pipeline import prepare
from consilience.records import PreparedArticle
from tests.conftest import SAMPLE_STORY

Events = list[tuple[PreparedArticle, str]]


def _partition(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in stories}


def _gold(events: Events) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for prepared, event in events:
        groups.setdefault(event, set()).add(prepared.article.external_id or "")
    return {frozenset(group) for group in groups.values()}


def _batch(events: Events) -> StoryClusterer:
    clusterer = StoryClusterer(keep_articles=True)
    clusterer.add(prepared for prepared, _ in events)
    return clusterer


def test_each_event_is_one_story_and_events_of_one_kind_stay_apart(events: Events) -> None:
    # Two earthquakes, two arrests of the same footballer five years apart, a museum.
    assert _partition(_batch(events).stories()) == _gold(events)


def test_near_copies_collapse_into_one_node(events: Events) -> None:
    clusterer = _batch(events)
    node_of = {entry.id: entry.node for entry in clusterer.articles}
    assert node_of["quake-peru-copy"] == node_of["quake-peru-1"]
    assert len(set(node_of.values())) == len(node_of) - 1
    story = next(s for s in clusterer.stories() if "quake-peru-copy" in s.article_ids)
    copies = next(r for r in story.why if r.kind == "near_duplicates")
    assert copies.values == ["quake-peru-copy"]


@pytest.mark.parametrize("cuts", [(5,), (1, 9), (3, 7, 12)])
def test_adding_in_batches_gives_the_batch_result(events: Events, cuts: tuple[int, ...]) -> None:
    clusterer = StoryClusterer()
    start = 0
    for cut in (*cuts, len(events)):
        clusterer.add(prepared for prepared, _ in events[start:cut])
        start = cut
    assert clusterer.stories() == _batch(events).stories()


def test_a_saved_state_extends_like_the_original(events: Events, tmp_path: Path) -> None:
    earlier = [e for e in events if not e[1].startswith("okafor")]
    later = [e for e in events if e[1].startswith("okafor")]
    first = StoryClusterer(keep_articles=True)
    first.add(prepared for prepared, _ in earlier)
    path = tmp_path / "state.npz"
    save_state(first, path)
    loaded = load_state(path)
    assert loaded.stories() == first.stories()
    changed = loaded.add(prepared for prepared, _ in later)
    assert loaded.stories() == _batch(earlier + later).stories()
    # Only the new articles' part of the graph was clustered again.
    assert {loaded.articles[loaded.nodes[n].articles[0]].id for n in changed} == {
        p.article.external_id for p, _ in later
    }
    assert loaded.story_articles(loaded.stories()[0])[0].text == events[0][0].article.text


def test_articles_already_clustered_are_skipped(events: Events) -> None:
    clusterer = _batch(events)
    before = clusterer.stories()
    assert clusterer.add(prepared for prepared, _ in events[:4]) == []
    assert clusterer.stories() == before
    assert len(clusterer.articles) == len(events)


def test_what_is_not_a_state_is_an_input_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip archive")
    with pytest.raises(InputError, match="not a cluster state"):
        load_state(junk)
    other = tmp_path / "other.npz"
    np.savez(other, values=np.arange(3))
    with pytest.raises(InputError, match="missing"):
        load_state(other)


def test_why_names_what_the_articles_share_and_what_keeps_stories_apart(events: Events) -> None:
    stories = {s.article_ids[0]: s for s in _batch(events).stories()}
    peru, sulawesi = stories["quake-peru-1"], stories["quake-sulawesi-1"]
    reasons = {r.kind: r for r in peru.why}
    assert "Arequipa" in reasons["names"].values
    assert reasons["dates"].values == ["March 2019"]
    assert "6.4" in reasons["figures"].values
    assert "earthquake" in reasons["terms"].values
    apart = reasons["kept_apart"]
    assert apart.values[0] == sulawesi.id
    assert "Mamuju" in apart.text and "Arequipa" in apart.text
    later = {r.kind: r for r in stories["okafor-2021-1"].why}
    assert "February 2021" in later["kept_apart"].values
    assert "August 2016" in later["kept_apart"].values


def test_a_lone_article_says_so_and_ids_are_stable(events: Events) -> None:
    clusterer = _batch(events)
    batch = read_inputs([str(SAMPLE_STORY)], Settings())
    clusterer.add(prepare(article, Settings()) for article in batch.articles[:1])
    lone = [s for s in clusterer.stories() if len(s.article_ids) == 1]
    assert [r.kind for r in lone[0].why] == ["single"]
    first = lone[0].article_ids[0]
    assert lone[0].id == "s-" + hashlib.sha1(first.encode()).hexdigest()[:10]


def test_copies_of_one_real_story_form_one_story(events: Events) -> None:
    clusterer = _batch(events)
    batch = read_inputs([str(SAMPLE_STORY)], Settings())
    clusterer.add(prepare(article, Settings()) for article in batch.articles)
    sources = {a.source for a in batch.articles}
    stories = [s for s in clusterer.stories() if sources & set(s.article_ids)]
    assert len(stories) == 1 and set(stories[0].article_ids) == sources


def test_an_embedder_fitted_per_batch_is_refused_by_the_clusterer() -> None:
    # The lexical embedder's vocabulary changes from batch to batch: its vectors of two
    # batches cannot be compared (they once crashed the clustering).
    from consilience.align.embedders import LexicalEmbedder
    from consilience.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="fits its vectors on each batch"):
        StoryClusterer(embedder=LexicalEmbedder())
