"""Group a pile of articles into stories, one real-world event each, incrementally.

How articles become stories:

1. **Near-duplicates** (MinHash LSH over word trigrams) collapse into one *node*: copies
   of one report are one piece of content and one vote.
2. **Candidates**: each new node is compared only with earlier nodes that share one of
   its most distinctive names, terms or dated months (an inverted index whose keys stop
   collecting once they are common), never with all of them.
3. **Topic groups**: average link over those candidate pairs with a *topic similarity*
   (content terms and names, weighted by their rarity in general English; with an
   optional sentence embedder, its cosine is mixed in).
4. **Events**: inside each topic group the features are weighed again by how they split
   the group (a name every article of the group shares says "same topic"; a name half of
   them share says "this half"), and average link runs again with that *event
   similarity*, also keeping apart two tight groups that resemble each other far less
   than their own members do. Two earthquakes share the vocabulary and part of the
   places, not the dates, the death tolls and the names of the people.

Incremental: the state keeps the nodes, their features, the candidate edges and the
groups. Adding articles computes edges for the new nodes only and clusters again only the
topic groups they link to (grown while a regrouped group reaches further); the other
stories stay as they were. On the test stories and on ECB+ (772 articles added 100 at a
time), adding in batches gives exactly the stories of adding everything at once; with
greedy average link that is not guaranteed for every input.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash

from consilience.cluster.events import (
    EventModel,
    channel_similarities,
    default_model,
    same_event_probability,
)
from consilience.cluster.features import (
    EventFeatures,
    NameFinder,
    background_idf,
    extract_features,
    find_capitalized_names,
    sublinear,
)
from consilience.cluster.fingerprint import NearDuplicateIndex, fingerprint_text, signature
from consilience.cluster.nodes import (
    ArticleEntry,
    Node,
    TopicRow,
    kept_weights,
    node_features,
    node_profile,
    pair_topic_similarities,
    rank_candidates,
)
from consilience.cluster.settings import ClusterSettings, Embedder, Story
from consilience.cluster.why import explain
from consilience.errors import ConfigurationError
from consilience.linkage import average_link
from consilience.records import Article, PreparedArticle

log = logging.getLogger(__name__)


def embedding_text(prepared: PreparedArticle, words: int = 120) -> str:
    """What an embedder reads of an article: its kept sentences, headline first, cut
    where a small sentence encoder stops reading anyway."""
    kept = " ".join(s.text for s in prepared.sentences if s.skip is None).split()
    return " ".join(kept[:words])


@dataclass(frozen=True, slots=True)
class Fingerprinted:
    """An article with its near-duplicate signature, ready to be added."""

    id: str
    minhash: LeanMinHash
    prepared: PreparedArticle
    features: EventFeatures | None = None


class StoryClusterer:
    """Stories of a growing pile of articles. Create it, :meth:`add` articles as they
    come, read :meth:`stories`; :mod:`consilience.cluster.state` saves and loads it."""

    def __init__(
        self,
        settings: ClusterSettings | None = None,
        *,
        name_finder: NameFinder = find_capitalized_names,
        keep_articles: bool = False,
        embedder: Embedder | None = None,
        event_model: EventModel | None = None,
    ) -> None:
        if embedder is not None and getattr(embedder, "fitted_per_call", False):
            raise ConfigurationError(
                f"embedder {embedder.name!r} fits its vectors on each batch, so vectors of "
                "two batches do not compare: give a sentence-embedding model, or none"
            )
        self.settings = settings or ClusterSettings()
        #: Turns channel similarities into same-event probabilities (stage 4).
        self.event_model = event_model or default_model()
        self.name_finder = name_finder
        self.keep_articles = keep_articles
        #: Optional sentence embedder: its cosine joins the topic similarity (stage 3).
        self.embedder = embedder
        self.embeddings: list[np.ndarray] = []
        self.articles: list[ArticleEntry] = []
        self.nodes: list[Node] = []
        self.signatures: list[np.ndarray] = []
        self.vocabulary: dict[str, int] = {}
        self.words: list[str] = []
        self.forms: dict[int, str] = {}
        self.edges: list[dict[int, float]] = []
        self.postings: dict[int, list[int]] = {}
        self.story_of_node: list[int] = []
        self.group_of_node: list[int] = []
        self.groups: dict[int, list[int]] = {}
        #: Article id -> its number (position in :attr:`articles`).
        self.known_ids: dict[str, int] = {}
        self.duplicates = NearDuplicateIndex(
            self.settings.near_duplicate_jaccard, self.settings.num_perm
        )
        self._topic_rows: list[TopicRow] = []
        self._pending_keys: list[str] = []

    # --- adding ---------------------------------------------------------------------

    def fingerprint(self, prepared: PreparedArticle) -> Fingerprinted:
        """The near-duplicate signature of one article (its features come later, and only
        when it is not a copy of an earlier article)."""
        article = prepared.article
        text = fingerprint_text(prepared)
        return Fingerprinted(
            id=article.external_id or article.source,
            minhash=signature(text, self.settings.num_perm),
            prepared=prepared,
        )

    def add(self, prepared: Iterable[PreparedArticle]) -> list[int]:
        """Add cleaned and segmented articles; returns the nodes whose stories changed. An article whose id (record id or file path) is already in the pile
        is skipped."""
        return self.add_fingerprinted(self.fingerprint(item) for item in prepared)

    def add_fingerprinted(self, items: Iterable[Fingerprinted]) -> list[int]:
        """:meth:`add` for articles already fingerprinted (and maybe featured)."""
        new_nodes: list[int] = []
        grown: set[int] = set()
        pairs: list[tuple[int, int]] = []
        texts: list[str] = []
        for item in items:
            if item.id in self.known_ids:
                log.info("skipped %s: already clustered", item.id)
                continue
            number = len(self.articles)
            self.known_ids[item.id] = number
            kept = item.prepared.article if self.keep_articles else None
            copy_of = self.duplicates.match(item.minhash)
            if copy_of is not None:
                self.articles.append(ArticleEntry(item.id, copy_of, kept))
                self.nodes[copy_of].articles.append(number)
                grown.add(copy_of)
                continue
            features = item.features or extract_features(item.prepared, self.name_finder)
            node = self._new_node(number, features)
            self.articles.append(ArticleEntry(item.id, node, kept))
            self.signatures.append(item.minhash.hashvalues.astype(np.uint32))
            self.duplicates.add(node, item.minhash)
            pairs.extend((node, other) for other in self._candidates(node))
            new_nodes.append(node)
            if self.embedder is not None:
                texts.append(embedding_text(item.prepared))
        if self.embedder is not None and texts:
            vectors = np.asarray(self.embedder.encode(texts), dtype=np.float32)
            self.embeddings.extend(vectors)
        self._link(pairs)
        changed = self._recluster(new_nodes)
        # A story that only gained a near-copy keeps its clustering but did change.
        return sorted(changed | grown)

    def _intern(self, key: str) -> int:
        index = self.vocabulary.get(key)
        if index is None:
            index = len(self.words)
            self.vocabulary[key] = index
            self.words.append(key)
        return index

    def _new_node(self, article: int, features: EventFeatures) -> int:
        return self.restore_node([article], kept_weights(features), features.forms, features.title)

    def restore_node(
        self,
        articles: list[int],
        weights: Mapping[str, float],
        forms: Mapping[str, str],
        title: str,
    ) -> int:
        """Create a node from its kept features (used by :meth:`add` and by loading)."""
        keys = np.fromiter((self._intern(k) for k in weights), dtype=np.int32, count=len(weights))
        profile = node_profile(
            weights, title, self.settings.name_share, self.settings.blocking_keys
        )
        for key, form in forms.items():
            for prefix in ("n:", "d:"):
                index = self.vocabulary.get(prefix + key)
                if index is not None and index not in self.forms:
                    self.forms[index] = form
        node = len(self.nodes)
        self.nodes.append(Node(articles, keys, profile.values, title))
        self.edges.append({})
        self.story_of_node.append(node)
        self.group_of_node.append(node)
        self.groups[node] = [node]
        self._topic_rows.append(profile.topic)
        self._pending_keys = profile.blocking_keys
        return node

    def node_features(self, node: int) -> EventFeatures:
        """The kept features of a node, as :class:`EventFeatures`."""
        item = self.nodes[node]
        words = self.words
        return node_features(
            ((words[i], w) for i, w in zip(item.keys.tolist(), item.weights.tolist(), strict=True)),
            item.title,
        )

    def _candidates(self, node: int) -> list[int]:
        """Earlier nodes sharing a blocking key with ``node`` (the node just created),
        most shared keys first."""
        found: list[int] = []
        for key in self._pending_keys:
            postings = self.postings.setdefault(self._intern(key), [])
            if len(postings) >= self.settings.max_postings:
                continue  # too common to tell events apart
            found.extend(postings)
            postings.append(node)
        return rank_candidates(found, self.settings.max_candidates)

    def topic_similarities(self, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
        """Topic similarity of each node pair (vectorized, in chunks)."""
        if not pairs:
            return np.zeros(0, dtype=np.float64)
        left = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
        right = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
        involved = np.unique(np.concatenate([left, right]))
        rows = [self._topic_rows[node] for node in involved.tolist()]
        out = pair_topic_similarities(
            rows, np.searchsorted(involved, left), np.searchsorted(involved, right)
        )
        if self.embeddings:
            share = self.settings.embedding_share
            vectors = np.stack(self.embeddings)
            cosine = np.einsum("ij,ij->i", vectors[left], vectors[right])
            out = (1.0 - share) * out + share * cosine
        return out

    def _link(self, pairs: Sequence[tuple[int, int]]) -> None:
        similarities = self.topic_similarities(pairs)
        for (a, b), similarity in zip(pairs, similarities.tolist(), strict=True):
            self.restore_edge(a, b, similarity)

    def restore_edge(self, a: int, b: int, similarity: float) -> None:
        """Record a candidate edge (used by :meth:`add` and by loading)."""
        if similarity < self.settings.edge_floor:
            return
        self.edges[a][b] = similarity
        self.edges[b][a] = similarity

    # --- clustering -----------------------------------------------------------------

    def cluster_restored(self) -> None:
        """Group every node from scratch into topic groups and stories: for a clusterer
        filled with :meth:`restore_node` and :meth:`restore_edge` only (the Dask
        engine's per-group step), exactly what :meth:`add` would have decided."""
        self._recluster(list(range(len(self.nodes))))

    def _recluster(self, new_nodes: list[int]) -> set[int]:
        """Cluster again the topic groups the new nodes link to; returns the nodes whose
        stories changed.

        A group can only join another through a pair at least ``topic_threshold``
        similar (an average never exceeds the largest of its terms), so the region to
        redo is the new nodes with the groups they are that similar to, grown while a
        regrouped group reaches further. Groups outside it keep their stories.
        """
        threshold = self.settings.topic_threshold
        fresh = set(new_nodes)
        old_groups: dict[int, list[int]] = {}

        def reach(nodes: Iterable[int]) -> set[int]:
            """Nodes outside the region in groups that ``nodes`` link to."""
            found: set[int] = set()
            for node in nodes:
                for other, similarity in self.edges[node].items():
                    if similarity >= threshold and other not in region and other not in found:
                        group = self.group_of_node[other]
                        old_groups[group] = self.groups[group]
                        found.update(self.groups[group])
            return found

        region: set[int] = set(fresh)
        frontier = reach(fresh)
        while True:
            region |= frontier
            members = sorted(region)
            edges = {
                (a, b): s
                for a in members
                for b, s in self.edges[a].items()
                if a < b and b in region
            }
            result = average_link(members, edges, threshold)
            frontier = reach(
                node for group in result if old_groups.get(group[0]) != group for node in group
            )
            if not frontier:
                break
        changed: set[int] = set(fresh)
        for old in old_groups:
            self.groups.pop(old, None)
        for node in fresh:
            self.groups.pop(node, None)
        for group in result:
            self.groups[group[0]] = group
            for node in group:
                self.group_of_node[node] = group[0]
            if old_groups.get(group[0]) == group:
                continue  # the same group as before: its stories stand
            changed.update(group)
            for story in self._split_events(group, edges):
                for node in story:
                    self.story_of_node[node] = story[0]
        return changed

    def _split_events(
        self, group: list[int], topic_edges: dict[tuple[int, int], float]
    ) -> list[list[int]]:
        """Split a topic group into events (see the module docstring, step 4)."""
        if len(group) < 3:
            return [group]
        model = self.event_model
        position = {node: i for i, node in enumerate(group)}
        event_edges: dict[tuple[int, int], float] = {}
        if len(group) <= self.settings.dense_group_limit:
            probability = same_event_probability(self.group_similarities(group), model)
            for i in range(len(group)):
                for j in range(i + 1, len(group)):
                    event_edges[(group[i], group[j])] = float(probability[i, j])
        else:
            pairs = [(a, b) for a, b in topic_edges if a in position and b in position]
            similarities = self.group_similarities(
                group, [(position[a], position[b]) for a, b in pairs]
            )
            for pair, value in zip(pairs, same_event_probability(similarities, model), strict=True):
                event_edges[pair] = float(value)
        threshold = self.settings.event_threshold or model.threshold
        return self._absorb(average_link(group, event_edges, threshold), event_edges)

    def _absorb(
        self, stories: list[list[int]], edges: Mapping[tuple[int, int], float]
    ) -> list[list[int]]:
        """Small stories join the likeliest larger story of their group when their
        average same-event probability with it reaches ``absorb_threshold``: a short or
        oddly written report of an established event falls below the bar for starting a
        story of its own, not below the lower bar for joining one."""
        limit = self.settings.absorb_size
        large = [list(story) for story in stories if len(story) > limit]
        if not large or len(large) == len(stories):
            return stories
        result = [list(story) for story in large]
        for story in stories:
            if len(story) > limit:
                continue
            averages = [
                sum(edges.get((min(a, b), max(a, b)), 0.0) for a in story for b in other)
                / (len(story) * len(other))
                for other in large
            ]
            best = max(range(len(large)), key=lambda i: (averages[i], -i))
            if averages[best] >= self.settings.absorb_threshold:
                result[best].extend(story)
            else:
                result.append(list(story))
        return sorted(sorted(story) for story in result)

    def group_similarities(
        self, group: list[int], pairs: list[tuple[int, int]] | None = None
    ) -> np.ndarray:
        """The event model's channel similarities inside ``group`` (all pairs, or the
        given pairs of positions in ``group``)."""
        words = self.words
        rows = [
            {
                words[k]: sublinear(w)
                for k, w in zip(
                    self.nodes[node].keys.tolist(), self.nodes[node].weights.tolist(), strict=True
                )
            }
            for node in group
        ]
        model = self.event_model
        return channel_similarities(
            rows, model.channels, model.context_floor, pairs, stem_terms=model.stem_terms
        )

    # --- reading --------------------------------------------------------------------

    def story_nodes(self) -> dict[int, list[int]]:
        """Story key (its first node) -> its nodes."""
        stories: dict[int, list[int]] = {}
        for node, story in enumerate(self.story_of_node):
            stories.setdefault(story, []).append(node)
        return stories

    def stories(self) -> list[Story]:
        """Every story, in the order of its first article."""

        result: list[tuple[int, Story]] = []
        by_group: dict[int, list[list[int]]] = {}
        story_nodes = self.story_nodes()
        for nodes in story_nodes.values():
            by_group.setdefault(self.group_of_node[nodes[0]], []).append(nodes)
        for nodes in story_nodes.values():
            article_numbers = sorted(a for node in nodes for a in self.nodes[node].articles)
            siblings = [
                other for other in by_group[self.group_of_node[nodes[0]]] if other is not nodes
            ]
            story = Story(
                id=self.story_id(article_numbers[0]),
                title=self.nodes[self._central(nodes)].title,
                article_ids=[self.articles[a].id for a in article_numbers],
                why=explain(self, nodes, siblings),
            )
            result.append((article_numbers[0], story))
        return [story for _, story in sorted(result, key=lambda item: item[0])]

    def story_id(self, first_article: int) -> str:
        digest = hashlib.sha1(self.articles[first_article].id.encode("utf-8")).hexdigest()
        return f"s-{digest[:10]}"

    def story_articles(self, story: Story) -> list[Article]:
        """The kept articles of a story (needs ``keep_articles=True``)."""
        found = (self.articles[self.known_ids[i]].article for i in story.article_ids)
        return [article for article in found if article is not None]

    def _central(self, nodes: list[int]) -> int:
        """The node most similar to the rest of its story: its title names the story."""
        if len(nodes) == 1:
            return nodes[0]
        members = set(nodes)
        scores = [
            (sum(s for other, s in self.edges[node].items() if other in members), -node)
            for node in nodes
        ]
        return -max(scores)[1]

    def idf(self, key: str) -> float:
        """Background rarity of a prefixed feature key."""
        return background_idf(key[2:]) if key[:2] in ("n:", "t:") else math.log(8.0)
