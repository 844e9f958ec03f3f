"""Average-link agglomerative clustering over a sparse similarity graph.

Written here because the libraries do not fit: scipy's and scikit-learn's average link
need every pairwise distance (all pairs: quadratic in time and memory), and
scikit-learn's connectivity-restricted variant averages over the connected pairs only,
which overrates clusters whose other pairs were never compared. Here a pair that is not
an edge counts as similarity 0, which is exact average link when the candidate
generation kept every pair that matters, and it costs O(E log E) for E edges.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping


def average_link(
    nodes: Iterable[int],
    edges: Mapping[tuple[int, int], float],
    threshold: float,
    *,
    relative: float = 0.0,
) -> list[list[int]]:
    """Clusters of ``nodes``: merge the two clusters with the highest average pairwise
    similarity while it is at least ``threshold``. ``edges`` maps ``(a, b)`` with
    ``a < b`` to a similarity; missing pairs are 0. Clusters come out sorted by their
    smallest node, members sorted: the result does not depend on input order.

    With ``relative`` > 0, two clusters also need an average similarity of at least
    ``relative`` times the cohesion (average internal similarity) of the looser of the
    two: two tight clusters that resemble each other far less than their own members do
    stay apart even above ``threshold``."""
    links: dict[int, dict[int, float]] = {node: {} for node in sorted(set(nodes))}
    for (a, b), similarity in sorted(edges.items()):
        if a == b or a not in links or b not in links:
            continue
        links[a][b] = links[a].get(b, 0.0) + similarity
        links[b][a] = links[b].get(a, 0.0) + similarity
    return average_link_adjacency(links, threshold, relative=relative)


def average_link_adjacency(
    links: dict[int, dict[int, float]], threshold: float, *, relative: float = 0.0
) -> list[list[int]]:
    """:func:`average_link` over a symmetric adjacency (``links[a][b] == links[b][a]``,
    every node a key, no self-links), which it consumes: pass a copy to keep yours. For
    a caller that holds its graph that way, it saves building a second one."""
    size: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for node in sorted(links):
        size[node] = 1
        members[node] = [node]
    # A merge bumps the cluster's version; heap entries of older versions are stale.
    version = dict.fromkeys(size, 0)
    internal = dict.fromkeys(size, 0.0)
    heap: list[tuple[float, int, int, int, int]] = []
    for a, neighbours in links.items():
        for b, total in neighbours.items():
            if a < b and total >= threshold:
                heap.append((-total, a, b, 0, 0))
    heapq.heapify(heap)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if a not in size or b not in size or (version[a], version[b]) != (version_a, version_b):
            continue
        if relative > 0.0:
            cohesions = [internal[c] / (size[c] * (size[c] - 1) / 2) for c in (a, b) if size[c] > 1]
            if cohesions and links[a][b] / (size[a] * size[b]) < relative * min(cohesions):
                continue
        # Keep the smaller id so that cluster ids, and so ties, never depend on order.
        keep, gone = a, b
        internal[keep] += internal.pop(gone) + links[keep][gone]
        size[keep] += size.pop(gone)
        members[keep].extend(members.pop(gone))
        version[keep] += 1
        gone_links = links.pop(gone)
        keep_links = links[keep]
        keep_links.pop(gone, None)
        for neighbour, value in gone_links.items():
            if neighbour != keep:
                links[neighbour].pop(gone, None)
                keep_links[neighbour] = keep_links.get(neighbour, 0.0) + value
        for neighbour, value in sorted(keep_links.items()):
            links[neighbour][keep] = value
            average = value / (size[keep] * size[neighbour])
            if average >= threshold:
                low, high = min(keep, neighbour), max(keep, neighbour)
                heapq.heappush(heap, (-average, low, high, version[low], version[high]))
    return sorted(sorted(group) for group in members.values())
