"""Sparse average link: exact against scikit-learn's dense one, order-free, relative."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import AgglomerativeClustering

from consilience.linkage import average_link


def _dense_groups(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    distance = 1.0 - similarity
    np.fill_diagonal(distance, 0.0)
    labels = (
        AgglomerativeClustering(
            n_clusters=None,
            metric="precomputed",
            linkage="average",
            distance_threshold=1 - threshold,
        )
        .fit(distance)
        .labels_
    )
    return sorted(sorted(np.flatnonzero(labels == label).tolist()) for label in set(labels))


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(2, 18),
    seed=st.integers(0, 10_000),
    density=st.floats(0.2, 1.0),
    threshold=st.floats(0.15, 0.85),
)
def test_matches_dense_average_link(size: int, seed: int, density: float, threshold: float) -> None:
    rng = np.random.default_rng(seed)
    similarity = rng.random((size, size))
    similarity = (similarity + similarity.T) / 2
    similarity[rng.random((size, size)) > density] = 0.0
    similarity = np.minimum(similarity, similarity.T)
    np.fill_diagonal(similarity, 1.0)
    edges = {
        (i, j): float(similarity[i, j])
        for i in range(size)
        for j in range(i + 1, size)
        if similarity[i, j] > 0
    }
    assert average_link(range(size), edges, threshold) == _dense_groups(similarity, threshold)


def test_result_does_not_depend_on_input_order() -> None:
    rng = random.Random(3)
    edges = {
        (i, j): rng.random() for i in range(12) for j in range(i + 1, 12) if rng.random() < 0.5
    }
    shuffled = list(edges.items())
    rng.shuffle(shuffled)
    nodes = list(range(12))
    rng.shuffle(nodes)
    assert average_link(nodes, dict(shuffled), 0.4) == average_link(range(12), edges, 0.4)


def test_missing_pairs_count_as_unrelated() -> None:
    # 0-1 and 1-2 are similar, 0-2 was never compared: the average of {0,1} with 2 is
    # (0.9 + 0) / 2, below the threshold.
    edges = {(0, 1): 0.95, (1, 2): 0.9}
    assert average_link([0, 1, 2], edges, 0.5) == [[0, 1], [2]]


def test_relative_rule_keeps_two_tight_groups_apart() -> None:
    tight = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.85, (3, 4): 0.9, (3, 5): 0.8, (4, 5): 0.85}
    weak_links = {(a, b): 0.12 for a in (0, 1, 2) for b in (3, 4, 5)}
    edges = tight | weak_links
    assert average_link(range(6), edges, 0.1) == [[0, 1, 2, 3, 4, 5]]
    assert average_link(range(6), edges, 0.1, relative=0.3) == [[0, 1, 2], [3, 4, 5]]
