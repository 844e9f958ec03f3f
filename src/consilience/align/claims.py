"""Align sentences across articles into claims: the same fact in different words, in a
different order, or partly overlapping.

Every evidence sentence becomes a :class:`ClaimUnit`. Similarity between two units is the
embedder's cosine plus a bonus for shared anchors (entities, numbers, dates), so that two
wordings of one fact that share its names and figures align even when their words differ.
Units are grouped by average-linkage clustering, which, unlike connected components,
does not chain loosely related sentences into one blob.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from consilience.align.checkworthy import checkworthiness
from consilience.align.embedders import Embedder, LexicalEmbedder, cross_cosine
from consilience.linkage import average_link_adjacency
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
#: A sentence supports another claim as well when it is, on average, this much less
#: alike to that claim's sentences than clustering asks.
_EXPANSION_SLACK = 0.03

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


#: Pairs less alike than this are not kept: average link counts them as 0. Low enough
#: that no pair that could tip a merge at the claim thresholds (0.2 and up) is lost.
SIMILARITY_FLOOR = 0.05
_BLOCK = 256


class SimilarityGraph:
    """The similarity of the pairs of units alike enough to matter: row blocks of a sparse
    product, so memory follows the number of kept pairs, never the square of the
    sentences. Similarity is the embedder's cosine (averaged with the lexical one for a
    model), plus the shared-anchor bonus, minus a penalty for two sentences of one
    article (an article rarely states one fact twice)."""

    def __init__(self, units: Sequence[ClaimUnit], embedder: Embedder) -> None:
        self.size = len(units)
        self.neighbours: dict[int, dict[int, float]] = {i: {} for i in range(self.size)}
        if self.size < 2:
            return
        texts = [u.text for u in units]
        lexical = LexicalEmbedder().encode(texts)
        model = embedder.encode(texts) if embedder.name != LexicalEmbedder.name else None
        pairs, extras = _bonus_arrays(_anchor_bonus(units))
        articles = np.array([u.article_id for u in units])
        ids = list(self.neighbours)
        for start in range(0, self.size, _BLOCK):
            rows = slice(start, min(self.size, start + _BLOCK))
            block = cross_cosine(lexical[rows], lexical)
            if model is not None:
                block = (
                    _MODEL_WEIGHT * cross_cosine(model[rows], model) + (1 - _MODEL_WEIGHT) * block
                )
            # Each cell gets at most one bonus (pairs are distinct, i < j): adding them
            # at once is the same float32 sum as adding them one by one.
            for near, far in ((0, 1), (1, 0)):
                chosen = (pairs[:, near] >= start) & (pairs[:, near] < rows.stop)
                block[pairs[chosen, near] - start, pairs[chosen, far]] += extras[chosen]
            same = articles[rows][:, None] == articles[None, :]
            block = np.where(same & (block < 0.85), block - _SAME_ARTICLE_PENALTY, block)
            block = np.clip(block, 0.0, 1.0)
            local, columns = np.nonzero(block >= SIMILARITY_FLOOR)
            upper = local + start < columns
            local, columns = local[upper], columns[upper]
            values = block[local, columns].tolist()
            # Row-major order: every row's neighbours are inserted in increasing order
            # (mean_between relies on it). Keys are the shared ints of ``ids``, not one
            # new int per entry: a big story's graph holds millions of them.
            for i, j, value in zip((local + start).tolist(), columns.tolist(), values, strict=True):
                self.neighbours[i][ids[j]] = value
                self.neighbours[j][ids[i]] = value

    def get(self, i: int, j: int) -> float:
        if i == j:
            return 1.0
        return self.neighbours[i].get(j, 0.0)

    def mean_between(self, rows: Sequence[int], cols: Sequence[int]) -> float:
        """The average similarity of the pairs across two groups of units."""
        wanted = set(cols)
        ordered = sorted(wanted)
        total = sum(self._values_towards(rows, wanted, ordered))
        total += len(wanted.intersection(rows))
        return total / (len(rows) * len(cols))

    def _values_towards(
        self, rows: Sequence[int], wanted: set[int], ordered: list[int]
    ) -> Iterator[float]:
        """The similarities from each of ``rows`` to the units ``wanted``, row by row,
        each row's in increasing order of the other unit (neighbours are kept in that
        order), walking whichever is shorter: the row's neighbours or ``ordered``."""
        for i in rows:
            neighbours = self.neighbours[i]
            if len(neighbours) <= len(ordered):
                yield from (value for j, value in neighbours.items() if j in wanted)
            else:
                yield from (neighbours[j] for j in ordered if j in neighbours)

    def submatrix(self, rows: Sequence[int], cols: Sequence[int]) -> NDArray[np.float32]:
        out = np.zeros((len(rows), len(cols)), dtype=np.float32)
        position = {c: k for k, c in enumerate(cols)}
        for r, i in enumerate(rows):
            if i in position:
                out[r, position[i]] = 1.0
            neighbours = self.neighbours[i]
            # Walk whichever is shorter: the row's neighbours or the wanted columns.
            if len(neighbours) <= len(position):
                for j, value in neighbours.items():
                    k = position.get(j)
                    if k is not None:
                        out[r, k] = value
            else:
                for j, k in position.items():
                    found = neighbours.get(j)
                    if found is not None:
                        out[r, k] = found
        return out


def _anchor_bonus(units: Sequence[ClaimUnit]) -> dict[tuple[int, int], float]:
    """The shared-anchor bonus of every pair of units that share an anchor, found through
    an inverted index of anchors."""
    weight = _anchor_weights(units)
    postings: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        for anchor in unit.anchors:
            postings.setdefault(anchor, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        for position, i in enumerate(members):
            for j in members[position + 1 :]:
                pairs.add((i, j))
    out = {}
    for i, j in sorted(pairs):
        a, b = units[i].anchors, units[j].anchors
        union = sum(weight[x] for x in a | b)
        if union > 0:
            out[(i, j)] = _ANCHOR_BONUS * sum(weight[x] for x in a & b) / union
    return out


def _bonus_arrays(
    bonus: dict[tuple[int, int], float],
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    """The bonus as an array of ``(i, j)`` pairs and their float32 values."""
    pairs = np.array(list(bonus), dtype=np.int64).reshape(-1, 2)
    return pairs, np.array(list(bonus.values()), dtype=np.float32)


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
    units: Sequence[ClaimUnit], graph: SimilarityGraph, threshold: float
) -> list[ClaimCluster]:
    """Average-link clusters whose members are, on average, at least ``threshold``
    similar. Ordered by first appearance, deterministic."""
    if not units:
        return []
    groups = average_link_adjacency({i: dict(n) for i, n in graph.neighbours.items()}, threshold)
    return [_cluster_of(units, graph, members) for members in sorted(groups, key=lambda g: g[0])]


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
    clusters: list[ClaimCluster], units: Sequence[ClaimUnit], graph: SimilarityGraph
) -> list[ClaimCluster]:
    """Join claims that give the same specific figure or date in alike sentences, when no
    article is on both sides (an article rarely states one fact twice)."""
    position = {(u.article_id, u.sentence): i for i, u in enumerate(units)}
    groups = [[position[(u.article_id, u.sentence)] for u in c.units] for c in clusters]
    figures = [_specific_figures(c.units) for c in clusters]
    merged = True
    while merged:
        merged = False
        by_figure: dict[str, list[int]] = {}
        for number, found in enumerate(figures):
            if groups[number]:
                for figure in found:
                    by_figure.setdefault(figure, []).append(number)
        for a in range(len(groups)):
            if not groups[a] or not figures[a]:
                continue
            candidates = sorted({b for f in figures[a] for b in by_figure.get(f, ()) if b > a})
            for b in candidates:
                if not groups[b] or not groups[a]:
                    continue
                articles_a = {units[i].article_id for i in groups[a]}
                if articles_a & {units[i].article_id for i in groups[b]}:
                    continue
                if graph.mean_between(groups[a], groups[b]) < MERGE_ON_FIGURE:
                    continue
                groups[a] = sorted(groups[a] + groups[b])
                figures[a] |= figures[b]
                groups[b] = []
                merged = True
    return [
        _cluster_of(units, graph, members)
        for members in sorted((g for g in groups if g), key=lambda g: g[0])
    ]


def _cluster_of(
    units: Sequence[ClaimUnit],
    graph: SimilarityGraph,
    indices: list[int],
    extra: frozenset[int] = frozenset(),
) -> ClaimCluster:
    sub = graph.submatrix(indices, indices)
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
        extra=extra,
    )


def expand_support(
    clusters: list[ClaimCluster],
    units: Sequence[ClaimUnit],
    graph: SimilarityGraph,
    threshold: float,
) -> list[ClaimCluster]:
    """A sentence can state several facts (a lede tells who, what, where and how many):
    besides the claim it was clustered into, it also supports any claim of two or more
    articles to whose sentences it is, on average, at least ``threshold`` alike, when its
    article does not already support that claim."""
    position = {(u.article_id, u.sentence): i for i, u in enumerate(units)}
    out = []
    for cluster in clusters:
        members = [position[(u.article_id, u.sentence)] for u in cluster.units]
        present = {u.article_id for u in cluster.units}
        if len(present) < 2:
            out.append(cluster)
            continue
        totals: dict[int, float] = {}
        for member in members:
            for other, value in graph.neighbours[member].items():
                if units[other].article_id not in present:
                    totals[other] = totals.get(other, 0.0) + value
        best: dict[str, tuple[float, int]] = {}
        for other, total in sorted(totals.items()):
            score = total / len(members)
            article = units[other].article_id
            if score >= threshold and (article not in best or score > best[article][0]):
                best[article] = (score, other)
        if not best:
            out.append(cluster)
            continue
        added = {other for _, other in best.values()}
        indices = sorted(members + list(added))
        extra = frozenset(n for n, i in enumerate(indices) if i in added)
        out.append(_cluster_of(units, graph, indices, extra))
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
    graph = SimilarityGraph(units, embedder)
    threshold = threshold_for(embedder, settings)
    clusters = merge_on_figures(cluster_units(units, graph, threshold), units, graph)
    return expand_support(clusters, units, graph, threshold - _EXPANSION_SLACK)
