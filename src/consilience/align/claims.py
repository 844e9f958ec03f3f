"""Align sentences across articles into claims: the same fact in different words, in a
different order, or partly overlapping.

Every evidence sentence becomes a :class:`ClaimUnit`. Similarity between two units is the
embedder's cosine plus a bonus for shared anchors (entities, numbers, dates), so that two
wordings of one fact that share its names and figures align even when their words differ.
Units are grouped by average-linkage clustering, which, unlike connected components,
does not chain loosely related sentences into one blob.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from consilience.align.checkworthy import checkworthiness
from consilience.align.embedders import Embedder, LexicalEmbedder, cosine_matrix
from consilience.records import PreparedArticle
from consilience.settings import Settings

#: Default claim similarity thresholds per embedder, picked for precision near 0.9 on the
#: project's annotated stories (benchmarks/eval_align.py prints the sweep). Other
#: sentence-transformers models use minilm's.
DEFAULT_THRESHOLDS = {"lexical": 0.2, "minilm": 0.4}
#: A model's cosine is averaged with the lexical one: on the annotated stories the mix
#: beat the model alone (F1 0.64 vs 0.61), as names and figures matter more in news than
#: a general-purpose embedding weighs them.
_MODEL_WEIGHT = 0.5
_ANCHOR_BONUS = 0.1
_SAME_ARTICLE_PENALTY = 0.35
_MIN_WORDS = 4

AnchorMap = Mapping[tuple[str, int], frozenset[str]]


@dataclass(frozen=True, slots=True)
class ClaimUnit:
    """One sentence of one article, as a candidate statement of a claim."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    checkworthiness: float
    reasons: tuple[str, ...] = ()
    anchors: frozenset[str] = frozenset()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimCluster:
    """Units that state the same claim. ``representative`` indexes ``units``."""

    units: tuple[ClaimUnit, ...]
    representative: int
    cohesion: float
    #: Pairwise similarities of the units (row/column order of ``units``).
    similarities: tuple[tuple[float, ...], ...] = ()
    #: Indexes of the units that joined as extra support (a sentence stating this fact
    #: besides the one it was clustered for), not by clustering.
    extra: frozenset[int] = frozenset()

    @property
    def core_article_ids(self) -> tuple[str, ...]:
        """The articles of the units the clustering itself put together."""
        return tuple(
            dict.fromkeys(u.article_id for i, u in enumerate(self.units) if i not in self.extra)
        )

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(u.article_id for u in self.units))

    @property
    def best(self) -> ClaimUnit:
        return self.units[self.representative]

    def similarity_between(self, left: set[str], right: set[str]) -> float:
        """The highest similarity between a unit from articles ``left`` and one from
        articles ``right``."""
        best = 0.0
        for i, a in enumerate(self.units):
            if a.article_id not in left:
                continue
            for j, b in enumerate(self.units):
                if b.article_id in right and i != j:
                    best = max(best, self.similarities[i][j])
        return best

    @property
    def checkworthiness(self) -> float:
        return max(u.checkworthiness for u in self.units)


def claim_units(articles: Sequence[PreparedArticle], anchors: AnchorMap) -> list[ClaimUnit]:
    """Every evidence sentence of every article, scored for check-worthiness."""
    units: list[ClaimUnit] = []
    for prepared in articles:
        for sentence in prepared.evidence_sentences():
            if sentence.role == "question" or len(sentence.text.split()) < _MIN_WORDS:
                continue
            worth = checkworthiness(sentence.text)
            units.append(
                ClaimUnit(
                    article_id=prepared.id,
                    sentence=sentence.index,
                    start=sentence.start,
                    end=sentence.end,
                    text=sentence.text,
                    checkworthiness=worth.score,
                    reasons=worth.reasons,
                    anchors=anchors.get((prepared.id, sentence.index), frozenset()),
                    flags=sentence.flags,
                )
            )
    return units


def threshold_for(embedder: Embedder, settings: Settings) -> float:
    if settings.claim_similarity is not None:
        return settings.claim_similarity
    return DEFAULT_THRESHOLDS.get(embedder.name, DEFAULT_THRESHOLDS["minilm"])


def similarity_matrix(units: Sequence[ClaimUnit], embedder: Embedder) -> NDArray[np.float32]:
    """Cosine of the units' embeddings plus the shared-anchor bonus, minus a penalty for
    pairs from the same article (an article rarely states one fact twice)."""
    texts = [u.text for u in units]
    sim = cosine_matrix(LexicalEmbedder().encode(texts))
    if embedder.name != LexicalEmbedder.name:
        sim = _MODEL_WEIGHT * cosine_matrix(embedder.encode(texts)) + (1 - _MODEL_WEIGHT) * sim
    n = len(units)
    articles = np.array([u.article_id for u in units])
    same_article = articles[:, None] == articles[None, :]
    weight = _anchor_weights(units)
    bonus = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        a = units[i].anchors
        if not a:
            continue
        for j in range(i + 1, n):
            b = units[j].anchors
            shared = a & b
            if shared:
                union = sum(weight[x] for x in a | b)
                if union > 0:
                    bonus[i, j] = bonus[j, i] = (
                        _ANCHOR_BONUS * sum(weight[x] for x in shared) / union
                    )
    sim = sim + bonus
    sim = np.where(same_article & (sim < 0.85), sim - _SAME_ARTICLE_PENALTY, sim)
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0).astype(np.float32)


def _anchor_weights(units: Sequence[ClaimUnit]) -> dict[str, float]:
    """Inverse document frequency of each anchor over the story's sentences: the names
    every sentence mentions ("the United States" in a US story) say little about which
    fact a sentence states; a rare figure or name says a lot."""
    counts: dict[str, int] = {}
    for unit in units:
        for anchor in unit.anchors:
            counts[anchor] = counts.get(anchor, 0) + 1
    total = max(1, len(units))
    return {anchor: float(np.log((1 + total) / (1 + df))) for anchor, df in counts.items()}


def cluster_units(
    units: Sequence[ClaimUnit], sim: NDArray[np.float32], threshold: float
) -> list[ClaimCluster]:
    """Average-linkage clusters whose members are, on average, at least ``threshold``
    similar. Ordered by first appearance, deterministic."""
    n = len(units)
    if n == 0:
        return []
    if n == 1:
        labels = np.array([1])
    else:
        distance = 1.0 - sim.astype(np.float64)
        np.fill_diagonal(distance, 0.0)
        distance = (distance + distance.T) / 2
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    clusters = []
    for indices in sorted(members.values(), key=lambda idx: idx[0]):
        sub = sim[np.ix_(indices, indices)]
        if len(indices) == 1:
            representative, cohesion = 0, 1.0
        else:
            mean_sim = (sub.sum(axis=1) - 1.0) / (len(indices) - 1)
            score = mean_sim + np.array(
                [_wording_bonus(units[i]) for i in indices], dtype=np.float32
            )
            representative = int(np.argmax(score))
            cohesion = float(mean_sim.mean())
        clusters.append(
            ClaimCluster(
                units=tuple(units[i] for i in indices),
                representative=representative,
                cohesion=cohesion,
                similarities=tuple(tuple(round(float(x), 4) for x in row) for row in sub),
            )
        )
    return clusters


def subcluster(cluster: ClaimCluster, keep: Sequence[int]) -> ClaimCluster:
    """The cluster restricted to the units at ``keep``, with its representative chosen
    again among them."""
    indices = sorted(keep)
    units = tuple(cluster.units[i] for i in indices)
    sims = tuple(tuple(cluster.similarities[i][j] for j in indices) for i in indices)
    if len(units) == 1:
        return ClaimCluster(units, 0, 1.0, sims)
    means = [(sum(row) - 1.0) / (len(row) - 1) for row in sims]
    scores = [m + _wording_bonus(u) for m, u in zip(means, units, strict=True)]
    best = max(range(len(units)), key=lambda i: (scores[i], -i))
    return ClaimCluster(units, best, sum(means) / len(means), sims)


def _wording_bonus(unit: ClaimUnit) -> float:
    """Prefer, as a claim's wording, a plain factual sentence: no junk marks, no filler
    opener, no opinion, with concrete anchors."""
    bonus = 0.0 if unit.flags else 0.05
    bonus -= 0.05 * sum(r in ("filler", "opinion", "speculation") for r in unit.reasons)
    return bonus + 0.02 * min(3, len(unit.anchors))


#: Two claims that give the same specific figure or date ("23 pirates", "on December 6")
#: in sentences at least this alike on average are one claim told in two ways.
MERGE_ON_FIGURE = 0.15


def _specific_figures(cluster_units_: Sequence[ClaimUnit]) -> set[str]:
    """Figures and dates that identify a fact: not small counts ("#2") or bare years."""
    out = set()
    for unit in cluster_units_:
        for anchor in unit.anchors:
            if anchor.startswith("#"):
                try:
                    value = float(anchor[1:])
                except ValueError:
                    continue
                if value >= 10 and not (1900 <= value <= 2100):
                    out.add(anchor)
            elif anchor.startswith("@") and len(anchor) >= 11:  # a full day: @2008-12-06
                out.add(anchor)
    return out


def merge_on_figures(
    clusters: list[ClaimCluster], units: Sequence[ClaimUnit], sim: NDArray[np.float32]
) -> list[ClaimCluster]:
    """Join claims that give the same specific figure or date in alike sentences, when no
    article is on both sides (an article rarely states one fact twice)."""
    position = {(u.article_id, u.sentence): i for i, u in enumerate(units)}
    groups = [[position[(u.article_id, u.sentence)] for u in c.units] for c in clusters]
    figures = [_specific_figures(c.units) for c in clusters]
    merged = True
    while merged:
        merged = False
        for a in range(len(groups)):
            if not groups[a] or not figures[a]:
                continue
            for b in range(a + 1, len(groups)):
                if not groups[b] or not (figures[a] & figures[b]):
                    continue
                articles_a = {units[i].article_id for i in groups[a]}
                if articles_a & {units[i].article_id for i in groups[b]}:
                    continue
                if float(sim[np.ix_(groups[a], groups[b])].mean()) < MERGE_ON_FIGURE:
                    continue
                groups[a] = sorted(groups[a] + groups[b])
                figures[a] |= figures[b]
                groups[b] = []
                merged = True
    return [
        _cluster_of(units, sim, members)
        for members in sorted((g for g in groups if g), key=lambda g: g[0])
    ]


def _cluster_of(
    units: Sequence[ClaimUnit], sim: NDArray[np.float32], indices: list[int]
) -> ClaimCluster:
    sub = sim[np.ix_(indices, indices)]
    if len(indices) == 1:
        representative, cohesion = 0, 1.0
    else:
        mean_sim = (sub.sum(axis=1) - 1.0) / (len(indices) - 1)
        score = mean_sim + np.array([_wording_bonus(units[i]) for i in indices], dtype=np.float32)
        representative = int(np.argmax(score))
        cohesion = float(mean_sim.mean())
    return ClaimCluster(
        units=tuple(units[i] for i in indices),
        representative=representative,
        cohesion=cohesion,
        similarities=tuple(tuple(round(float(x), 4) for x in row) for row in sub),
    )


def expand_support(
    clusters: list[ClaimCluster],
    units: Sequence[ClaimUnit],
    sim: NDArray[np.float32],
    threshold: float,
) -> list[ClaimCluster]:
    """A sentence can state several facts (a lede tells who, what, where and how many):
    besides the claim it was clustered into, it also supports any claim of two or more
    articles to whose every sentence it is, on average, at least ``threshold`` alike,
    when its article does not already support that claim."""
    position = {(u.article_id, u.sentence): i for i, u in enumerate(units)}
    by_article: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        by_article.setdefault(unit.article_id, []).append(index)
    out = []
    for cluster in clusters:
        members = [position[(u.article_id, u.sentence)] for u in cluster.units]
        present = {u.article_id for u in cluster.units}
        if len(present) < 2:
            out.append(cluster)
            continue
        added = []
        for article_id, candidates in by_article.items():
            if article_id in present:
                continue
            scores = sim[np.ix_(candidates, members)].mean(axis=1)
            best = int(np.argmax(scores))
            if float(scores[best]) >= threshold:
                added.append(candidates[best])
        if not added:
            out.append(cluster)
            continue
        indices = sorted(members + added)
        grown = _cluster_of(units, sim, indices)
        extra = frozenset(n for n, i in enumerate(indices) if i in set(added))
        out.append(
            ClaimCluster(
                grown.units, grown.representative, grown.cohesion, grown.similarities, extra
            )
        )
    return out


def align_claims(
    articles: Sequence[PreparedArticle],
    anchors: AnchorMap,
    embedder: Embedder,
    settings: Settings,
) -> list[ClaimCluster]:
    """Claims of a story: clusters of sentences that state the same fact."""
    units = claim_units(articles, anchors)
    if not units:
        return []
    sim = similarity_matrix(units, embedder)
    threshold = threshold_for(embedder, settings)
    clusters = merge_on_figures(cluster_units(units, sim, threshold), units, sim)
    return expand_support(clusters, units, sim, threshold - 0.03)
