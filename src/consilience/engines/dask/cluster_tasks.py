"""The tasks of the distributed clustering, as plain functions (no Dask in here).

Each one works on a partition, or on one bucket of a key-partitioned exchange, and calls
the same pure steps as :class:`~consilience.cluster.StoryClusterer`
(:mod:`consilience.cluster.nodes`, :mod:`consilience.cluster.fingerprint`,
:func:`~consilience.linkage.average_link`, and the clusterer itself for the
events and the reasons of each topic group). Why each exchange gives what the
single-process path computes is said where it happens.

Payloads that cross the network are NumPy arrays or short lists, never articles.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from consilience.cluster.features import extract_features
from consilience.cluster.fingerprint import fingerprint_text, same_content, signature
from consilience.cluster.nodes import (
    TopicRow,
    kept_weights,
    node_profile,
    pair_topic_similarities,
    rank_candidates,
)
from consilience.cluster.settings import ClusterSettings
from consilience.engines.dask.reading import (
    POSITION_BITS,
    Partition,
    Piece,
    partition_of,
    read_partition,
)
from consilience.linkage import average_link
from consilience.pipeline import prepare
from consilience.records import Problem
from consilience.settings import Settings

Pairs = tuple[np.ndarray, np.ndarray]
#: (later, earlier, similarity, rank) of candidate edges.
Edges = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
_NO_GROUP = -1


def bucket_of(text: str, count: int) -> int:
    """A stable bucket for a string key (Python's own hash differs between processes)."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % count


def bucket_of_label(label: int, count: int) -> int:
    return zlib.crc32(label.to_bytes(8, "little", signed=True)) % count


def _split_arrays(
    targets: np.ndarray, count: int, *arrays: np.ndarray
) -> list[tuple[np.ndarray, ...]]:
    """``arrays`` dealt into ``count`` parts by ``targets``, each part in input order."""
    order = np.argsort(targets, kind="stable")
    bounds = np.searchsorted(targets[order], np.arange(count + 1))
    return [
        tuple(array[order[bounds[t] : bounds[t + 1]]] for array in arrays) for t in range(count)
    ]


def _concat(
    parts: Sequence[tuple[np.ndarray, ...]], dtypes: Sequence[type]
) -> tuple[np.ndarray, ...]:
    return tuple(
        np.concatenate([part[i] for part in parts]) if parts else np.zeros(0, dtype)
        for i, dtype in enumerate(dtypes)
    )


# --- per article ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleDigest:
    """What the clustering needs of one article, computed where the article was read:
    its near-duplicate signature and its kept features (as a node would keep them)."""

    ordinal: int
    id: str
    source: str
    signature: np.ndarray
    keys: tuple[str, ...]
    weights: np.ndarray
    title: str
    #: Readable forms of the kept name and date keys (prefixed).
    forms: dict[str, str]
    topic: TopicRow
    blocking: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DigestPartition:
    digests: list[ArticleDigest]
    problems: list[tuple[int, Problem]]
    files_with_lines: set[str]


def digest_partition(
    partition: Partition,
    newlines: dict[Piece, int],
    settings: Settings,
    cluster: ClusterSettings,
) -> DigestPartition:
    """Read, clean, segment, fingerprint and featurize one partition."""
    read = read_partition(partition, newlines, settings)
    digests: list[ArticleDigest] = []
    for ordinal, article in read.articles:
        prepared = prepare(article, settings)
        minhash = signature(fingerprint_text(prepared), cluster.num_perm)
        features = extract_features(prepared)
        weights = kept_weights(features)
        profile = node_profile(weights, features.title, cluster.name_share, cluster.blocking_keys)
        forms = {
            prefix + key: form
            for key, form in features.forms.items()
            for prefix in ("n:", "d:")
            if prefix + key in weights
        }
        digests.append(
            ArticleDigest(
                ordinal=ordinal,
                id=article.external_id or article.source,
                source=article.source,
                signature=minhash.hashvalues.astype(np.uint32),
                keys=tuple(weights),
                weights=profile.values,
                title=features.title,
                forms=forms,
                topic=profile.topic,
                blocking=tuple(profile.blocking_keys),
            )
        )
    return DigestPartition(digests, read.problems, read.files_with_lines)


def digest_problems(part: DigestPartition) -> tuple[list[tuple[int, Problem]], set[str], int]:
    return part.problems, part.files_with_lines, len(part.digests)


# --- duplicate ids ----------------------------------------------------------------------


def id_rows(part: DigestPartition, count: int) -> list[list[tuple[str, int, str]]]:
    rows: list[list[tuple[str, int, str]]] = [[] for _ in range(count)]
    for digest in part.digests:
        rows[bucket_of(digest.id, count)].append((digest.id, digest.ordinal, digest.source))
    return rows


def duplicate_ids(*pieces: list[tuple[str, int, str]]) -> list[tuple[int, Problem]]:
    """Records whose id an earlier record already has: the single-process path keeps the
    first and reports the others, and so does this."""
    by_id: dict[str, list[tuple[int, str]]] = {}
    for rows in pieces:
        for article_id, ordinal, source in rows:
            by_id.setdefault(article_id, []).append((ordinal, source))
    found: list[tuple[int, Problem]] = []
    for article_id, records in by_id.items():
        if len(records) > 1:
            records.sort()
            found.extend(
                (ordinal, Problem(source, f"duplicate article id {article_id!r}"))
                for ordinal, source in records[1:]
            )
    return sorted(found, key=lambda item: item[0])


def node_digests(
    part: DigestPartition, excluded: set[int], copies: dict[int, int] | None = None
) -> list[ArticleDigest]:
    return [
        d
        for d in part.digests
        if d.ordinal not in excluded and (copies is None or d.ordinal not in copies)
    ]


# --- near-duplicates --------------------------------------------------------------------


def band_rows(
    part: DigestPartition,
    excluded: set[int],
    bands: tuple[tuple[int, int], ...],
    count: int,
) -> list[tuple[np.ndarray, ...]]:
    """One row per article and LSH band, sent to the bucket of the band's values."""
    articles = node_digests(part, excluded)
    if not articles:
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int16), np.zeros((0, 0), np.uint32))
        return [empty] * count
    ordinals = np.repeat([d.ordinal for d in articles], len(bands)).astype(np.int64)
    band_ids = np.tile(np.arange(len(bands), dtype=np.int16), len(articles))
    signatures = np.repeat(np.stack([d.signature for d in articles]), len(bands), axis=0)
    targets = np.fromiter(
        (
            zlib.crc32(bytes([band]) + row[start:end].tobytes()) % count
            for row, band in zip(signatures, band_ids.tolist(), strict=True)
            for start, end in (bands[band],)
        ),
        dtype=np.int64,
        count=len(ordinals),
    )
    return _split_arrays(targets, count, ordinals, band_ids, signatures)


def band_matches(
    bands: tuple[tuple[int, int], ...], threshold: float, *pieces: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, ...]:
    """Near-copy pairs among articles sharing a band: ``(later, earlier)`` pairs whose
    signatures pass :func:`same_content`, each compared in the first band they share
    only; and ``(later, first)`` aliases of articles whose signature is identical to an
    earlier one's (such an article is a copy of whatever that first one resolves to,
    and cannot make any other article a node, so it is compared with nobody: a wire
    story on a thousand sites costs a thousand rows, not half a million pairs)."""
    parts = [p for p in pieces if len(p[0])]
    later: list[int] = []
    earlier: list[int] = []
    alias_later: list[int] = []
    alias_first: list[int] = []
    if parts:
        ordinals = np.concatenate([p[0] for p in parts])
        band_ids = np.concatenate([p[1] for p in parts])
        signatures = np.concatenate([p[2] for p in parts])
        groups: dict[tuple[int, bytes], list[int]] = {}
        for row, (band, values) in enumerate(zip(band_ids.tolist(), signatures, strict=True)):
            start, end = bands[band]
            groups.setdefault((band, values[start:end].tobytes()), []).append(row)
        for (band, _), rows in groups.items():
            if len(rows) < 2:
                continue
            rows.sort(key=lambda r: int(ordinals[r]))
            firsts: dict[bytes, int] = {}
            kept: list[int] = []
            for row in rows:
                whole = signatures[row].tobytes()
                if whole in firsts:
                    if band == 0:
                        alias_later.append(int(ordinals[row]))
                        alias_first.append(int(ordinals[firsts[whole]]))
                    continue
                firsts[whole] = row
                kept.append(row)
            for j, row in enumerate(kept):
                for other in kept[:j]:
                    a, b = signatures[other], signatures[row]
                    if any(np.array_equal(a[s:e], b[s:e]) for s, e in bands[:band]):
                        continue  # compared in their first shared band
                    if same_content(a, b, threshold):
                        later.append(int(ordinals[row]))
                        earlier.append(int(ordinals[other]))
    return tuple(
        np.asarray(values, dtype=np.int64) for values in (later, earlier, alias_later, alias_first)
    )


def resolve_copies(count: int, *matches: tuple[np.ndarray, ...]) -> list[dict[int, int]]:
    """Which articles are copies, and of which node, per partition.

    The single-process index adds articles in order: an article is a copy of the
    earliest *node* (an earlier article that is not itself a copy) it nearly
    duplicates, else a node. Only articles with a near-copy pair need deciding, in
    order, each from earlier decisions; the pairs are compact (two integers each).
    """
    earlier: dict[int, list[int]] = {}
    aliases: dict[int, int] = {}
    for later_ids, earlier_ids, alias_later, alias_first in matches:
        for j, i in zip(later_ids.tolist(), earlier_ids.tolist(), strict=True):
            earlier.setdefault(j, []).append(i)
        aliases.update(zip(alias_later.tolist(), alias_first.tolist(), strict=True))
    copy_of: dict[int, int] = {}
    for j in sorted(earlier.keys() | aliases.keys()):
        if j in aliases:
            first = aliases[j]
            copy_of[j] = copy_of.get(first, first)
            continue
        nodes = [i for i in earlier[j] if i not in copy_of]
        if nodes:
            copy_of[j] = min(nodes)
    out: list[dict[int, int]] = [{} for _ in range(count)]
    for copy, node in copy_of.items():
        out[partition_of(copy)][copy] = node
    return out


# --- candidate pairs and their similarity -----------------------------------------------


def blocking_rows(
    part: DigestPartition, excluded: set[int], copies: dict[int, int], count: int
) -> list[tuple[list[str], list[int]]]:
    rows: list[tuple[list[str], list[int]]] = [([], []) for _ in range(count)]
    for digest in node_digests(part, excluded, copies):
        for key in digest.blocking:
            keys, ordinals = rows[bucket_of(key, count)]
            keys.append(key)
            ordinals.append(digest.ordinal)
    return rows


def key_pairs(max_postings: int, count: int, *pieces: tuple[list[str], list[int]]) -> list[Pairs]:
    """``(later, earlier)`` for nodes sharing a blocking key, sent to the partition of
    the later node. The single-process index lists a key's nodes in order and stops
    at ``max_postings``: a node among the first ``max_postings`` finds all earlier ones,
    a later node finds none through that key, exactly what is emitted here."""
    postings: dict[str, list[int]] = {}
    for keys, ordinals in pieces:
        for key, ordinal in zip(keys, ordinals, strict=True):
            postings.setdefault(key, []).append(ordinal)
    laters: list[np.ndarray] = []
    earliers: list[np.ndarray] = []
    for ordinals in postings.values():
        if len(ordinals) < 2:
            continue
        listed = np.sort(np.asarray(ordinals, dtype=np.int64))[:max_postings]
        first, second = np.triu_indices(len(listed), k=1)
        laters.append(listed[second])
        earliers.append(listed[first])
    later, earlier = _concat(list(zip(laters, earliers, strict=True)), (np.int64, np.int64))
    return [
        (part[0], part[1]) for part in _split_arrays(later >> POSITION_BITS, count, later, earlier)
    ]


def rank_pairs(
    max_candidates: int, count: int, *pieces: Pairs
) -> tuple[tuple[np.ndarray, ...], list[np.ndarray]]:
    """Each node's candidates ranked as the single-process path ranks them, and the
    earlier nodes whose topic rows this partition needs, per partition holding them."""
    later, earlier = _concat(list(pieces), (np.int64, np.int64))
    order = np.argsort(later, kind="stable")
    later, earlier = later[order], earlier[order]
    starts: list[int] = (
        np.flatnonzero(np.r_[True, later[1:] != later[:-1]]).tolist() if len(later) else []
    )
    out_later: list[int] = []
    out_earlier: list[int] = []
    out_rank: list[int] = []
    bounds = [*list(starts), len(later)]
    for start, stop in itertools.pairwise(bounds):
        node = int(later[start])
        chosen = rank_candidates(earlier[start:stop].tolist(), max_candidates)
        out_later.extend([node] * len(chosen))
        out_earlier.extend(chosen)
        out_rank.extend(range(len(chosen)))
    candidates = (
        np.asarray(out_later, dtype=np.int64),
        np.asarray(out_earlier, dtype=np.int64),
        np.asarray(out_rank, dtype=np.int64),
    )
    needed = np.unique(candidates[1])
    requests = [part[0] for part in _split_arrays(needed >> POSITION_BITS, count, needed)]
    return candidates, requests


def topic_responses(
    part: DigestPartition, *requests: np.ndarray
) -> list[tuple[np.ndarray, list[TopicRow]]]:
    """The topic rows each partition asked this one for."""
    rows = {d.ordinal: d.topic for d in part.digests}
    return [(asked, [rows[o] for o in asked.tolist()]) for asked in requests]


def pair_similarities(
    part: DigestPartition,
    candidates: tuple[np.ndarray, ...],
    edge_floor: float,
    *responses: tuple[np.ndarray, list[TopicRow]],
) -> Edges:
    """Topic similarity of this partition's candidate pairs; the edges that are kept."""
    later, earlier, rank = candidates
    rows: list[TopicRow] = []
    position: dict[int, int] = {}
    for ordinals, topic_rows in (
        ([d.ordinal for d in part.digests], [d.topic for d in part.digests]),
        *((asked.tolist(), found) for asked, found in responses),
    ):
        for ordinal, row in zip(ordinals, topic_rows, strict=True):
            if ordinal not in position:
                position[ordinal] = len(rows)
                rows.append(row)
    left = np.fromiter((position[o] for o in later.tolist()), dtype=np.int64, count=len(later))
    right = np.fromiter((position[o] for o in earlier.tolist()), dtype=np.int64, count=len(earlier))
    similarity = pair_topic_similarities(rows, left, right)
    kept = similarity >= edge_floor
    return later[kept], earlier[kept], similarity[kept], rank[kept]


# --- topic groups (the one central step) -------------------------------------------------


class TopicGroups(NamedTuple):
    """The topic groups of the whole pile, as each partition and bucket needs them."""

    #: Per partition: node -> its group's label (first node), for groups of 2+ nodes.
    labels: list[dict[int, int]]
    #: Per partition: copy -> the label its node's stories are told under.
    copy_labels: list[dict[int, int]]
    #: Per bucket: the edges inside its groups.
    edges: list[Edges]


def topic_groups(
    threshold: float, count: int, copies: list[dict[int, int]], *edges: Edges
) -> TopicGroups:
    """Average link over every kept edge, as the single-process path runs it after
    adding a whole pile at once (its region is then every node).

    This is the one step that sees the whole graph at once: it holds two integers and
    two floats per edge, no article and no feature.
    """
    later, earlier, similarity, rank = _concat(
        list(edges), (np.int64, np.int64, np.float64, np.int64)
    )
    graph = {
        (a, b): s
        for a, b, s in zip(earlier.tolist(), later.tolist(), similarity.tolist(), strict=True)
    }
    nodes = np.unique(np.concatenate([later, earlier])).tolist()
    label_of: dict[int, int] = {}
    for group in average_link(nodes, graph, threshold):
        if len(group) > 1:
            label_of.update(dict.fromkeys(group, group[0]))
    labels: list[dict[int, int]] = [{} for _ in range(count)]
    for node, label in label_of.items():
        labels[partition_of(node)][node] = label
    copy_labels: list[dict[int, int]] = [{} for _ in range(count)]
    for part, found in enumerate(copies):
        for copy, node in found.items():
            copy_labels[part][copy] = label_of.get(node, node)
    group_of_later = np.fromiter(
        (label_of.get(n, _NO_GROUP) for n in later.tolist()), dtype=np.int64, count=len(later)
    )
    group_of_earlier = np.fromiter(
        (label_of.get(n, _NO_GROUP) for n in earlier.tolist()), dtype=np.int64, count=len(later)
    )
    inside = (group_of_later == group_of_earlier) & (group_of_later != _NO_GROUP)
    targets = np.fromiter(
        (bucket_of_label(g, count) for g in group_of_later[inside].tolist()),
        dtype=np.int64,
        count=int(inside.sum()),
    )
    parts = _split_arrays(
        targets, count, later[inside], earlier[inside], similarity[inside], rank[inside]
    )
    return TopicGroups(labels, copy_labels, [(p[0], p[1], p[2], p[3]) for p in parts])
