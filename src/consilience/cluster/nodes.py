"""The pure steps of the story clustering, one node or one pair at a time.

:class:`~consilience.cluster.stories.StoryClusterer` runs them in one process, in order;
the Dask engine (``consilience.engines.dask``) runs the same functions on partitions of a
corpus spread over workers. Nothing here reads a clusterer's state: each result depends
on its arguments only, so the two engines take the same decisions by construction.

* :func:`kept_weights`: the features a node keeps (the strongest of each kind);
* :func:`node_profile`: what the clustering derives from them: the features as kept
  (float32), the topic row and the blocking keys;
* :func:`pair_topic_similarities`: the topic similarity of node pairs;
* :func:`rank_candidates`: which earlier nodes sharing blocking keys a node is compared
  with.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from consilience.cluster.features import (
    EventFeatures,
    background_idf,
    blocking_keys,
    sublinear,
    topic_vector,
)
from consilience.records import Article

#: Kept per node: the strongest features of each kind (weight x rarity). Enough to
#: compare and explain, bounded so that memory stays flat per article on big corpora.
KEEP = {"n:": 40, "d:": 12, "u:": 15, "t:": 60, "N:": 15, "D:": 6, "U:": 8, "T:": 25}
#: Lead features are kept under the kind prefix in upper case ("n:" -> "N:").
LEAD = {"n:": "N:", "d:": "D:", "u:": "U:", "t:": "T:"}
#: Pairs compared per sparse product (bounds the memory of one product).
_PAIR_CHUNK = 20_000


def _strongest(values: Mapping[str, float], limit: int) -> Mapping[str, float]:
    if len(values) <= limit:
        return values
    scored = sorted((-sublinear(w) * background_idf(k), k) for k, w in values.items())
    return {k: values[k] for _, k in scored[:limit]}


def kept_weights(features: EventFeatures) -> dict[str, float]:
    """The prefixed features a node keeps, in the order the clustering stores them."""
    weights: dict[str, float] = {}
    for prefix, values in (
        ("n:", features.names),
        ("d:", features.dates),
        ("u:", features.numbers),
        ("t:", features.terms),
    ):
        kept = _strongest(values, KEEP[prefix])
        weights.update((prefix + key, value) for key, value in kept.items())
    for prefix, lead_prefix in LEAD.items():
        values = {k[2:]: w for k, w in features.lead.items() if k.startswith(prefix)}
        kept = _strongest(values, KEEP[lead_prefix])
        weights.update((lead_prefix + key, value) for key, value in kept.items())
    if features.dated is not None:
        weights["a:" + features.dated] = 1.0
    return weights


def node_features(items: Iterable[tuple[str, float]], title: str) -> EventFeatures:
    """Kept prefixed features back as :class:`EventFeatures` (no forms)."""
    kinds: dict[str, dict[str, float]] = {"n:": {}, "d:": {}, "u:": {}, "t:": {}}
    lead: dict[str, float] = {}
    dated: str | None = None
    for key, weight in items:
        if key[:2] in kinds:
            kinds[key[:2]][key[2:]] = weight
        elif key[:2] == "a:":
            dated = key[2:]
        else:
            lead[key.lower()[:2] + key[2:]] = weight
    return EventFeatures(
        names=kinds["n:"],
        dates=kinds["d:"],
        numbers=kinds["u:"],
        terms=kinds["t:"],
        forms={},
        title=title,
        lead=lead,
        dated=dated,
    )


@lru_cache(maxsize=1_048_576)
def key_hash(key: str) -> int:
    """A stable 64-bit id of a feature key, the same in every process."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@dataclass(frozen=True, slots=True)
class TopicRow:
    """A node's topic vector: key ids (:func:`key_hash`, ascending, unique) and weights."""

    keys: np.ndarray
    values: np.ndarray


def topic_row(features: EventFeatures, name_share: float) -> TopicRow:
    """The topic vector of ``features`` (see :func:`~.features.topic_vector`), as a row
    sorted by key id so that every product sums its terms in one fixed order."""
    vector = topic_vector(features, name_share)
    merged: dict[int, float] = {}
    for key, value in vector.items():
        # Two keys hashing alike (odds ~1e-19 per pair) share one column.
        hashed = key_hash(key)
        merged[hashed] = merged.get(hashed, 0.0) + value
    keys = np.fromiter(sorted(merged), dtype=np.int64, count=len(merged))
    values = np.fromiter((merged[k] for k in keys.tolist()), dtype=np.float32, count=len(keys))
    return TopicRow(keys, values)


@dataclass(frozen=True, slots=True)
class NodeProfile:
    """What the clustering derives from a node's kept features."""

    values: np.ndarray
    features: EventFeatures
    topic: TopicRow
    blocking_keys: list[str]


def node_profile(
    weights: Mapping[str, float], title: str, name_share: float, keys_per_node: int
) -> NodeProfile:
    """The kept features as stored (float32), the topic row and the blocking keys. A
    saved state holds the float32 weights, so a loaded node derives exactly these."""
    values = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
    features = node_features(zip(weights, values.tolist(), strict=True), title)
    return NodeProfile(
        values=values,
        features=features,
        topic=topic_row(features, name_share),
        blocking_keys=blocking_keys(features, keys_per_node),
    )


def pair_topic_similarities(
    rows: Sequence[TopicRow], left: np.ndarray, right: np.ndarray
) -> np.ndarray:
    """Dot product of ``rows[left[i]]`` and ``rows[right[i]]`` for each ``i``.

    Every row's columns are in ascending key-id order (the rows are sorted, and a
    column's rank among the ids present keeps that order), so scipy multiplies in its
    canonical path and a pair's products are summed in key-id order: the value of a
    pair does not depend on which other rows or pairs are computed with it.
    """
    if len(left) == 0:
        return np.zeros(0, dtype=np.float64)
    lengths = np.fromiter((len(row.keys) for row in rows), dtype=np.int64, count=len(rows))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    keys = np.concatenate([row.keys for row in rows] or [np.zeros(0, np.int64)])
    data = np.concatenate([row.values for row in rows] or [np.zeros(0, np.float32)])
    unique, columns = np.unique(keys, return_inverse=True)
    matrix = sp.csr_matrix(
        (data, columns.astype(np.int64), indptr), shape=(len(rows), max(len(unique), 1))
    )
    out = np.empty(len(left), dtype=np.float64)
    for start in range(0, len(left), _PAIR_CHUNK):
        stop = start + _PAIR_CHUNK
        product = matrix[left[start:stop]].multiply(matrix[right[start:stop]])
        out[start:stop] = np.asarray(product.sum(axis=1)).ravel()
    return out


def rank_candidates(found: Iterable[int], limit: int) -> list[int]:
    """Earlier nodes found through shared blocking keys (one entry per shared key), the
    ones sharing most keys first, the latest first among equals, at most ``limit``."""
    counts = Counter(found)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -kv[0]))
    return [other for other, _ in ranked[:limit]]


@dataclass(slots=True)
class Node:
    """One unique content: an article and its near-duplicates."""

    articles: list[int]
    keys: np.ndarray
    weights: np.ndarray
    title: str


@dataclass(slots=True)
class ArticleEntry:
    id: str
    node: int
    article: Article | None = None
