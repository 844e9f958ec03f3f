"""The last tasks of the distributed clustering: events, stories and their reasons, per
bucket of topic groups (plain functions, no Dask in here).

Each bucket rebuilds a :class:`~consilience.cluster.StoryClusterer` from its groups'
nodes and the edges inside them, and lets it decide: average link over those edges
gives each group back whole (a group's merges only ever involved its own parts), and the
clusterer splits it into events and explains each story exactly as in one process.

Two things of the single-process clusterer are global and are carried here: the order
in which it first met each feature (its vocabulary index, which breaks ties between
equally shared names in the reasons) and the spelling of a name or date in the article
that first gave it. Both come from a key-partitioned exchange over every node's
features (:func:`key_rows` -> :func:`key_info`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from consilience.cluster.nodes import ArticleEntry
from consilience.cluster.settings import ClusterSettings
from consilience.cluster.stories import StoryClusterer
from consilience.engines.dask.cluster_tasks import (
    DigestPartition,
    Edges,
    bucket_of,
    bucket_of_label,
    node_digests,
)
from consilience.engines.dask.reading import partition_of

_NO_GROUP = -1
#: Kinds of features that the reasons show (and whose order and spelling matter).
_SHOWN_KINDS = ("n:", "d:", "u:", "t:")
#: Bits of a "first seen" number that hold the feature's position in its node.
_POSITION_BITS = 8


def key_rows(
    part: DigestPartition,
    excluded: set[int],
    copies: dict[int, int],
    labels: dict[int, int],
    count: int,
) -> list[list[tuple[str, int, str, int]]]:
    """Per node and shown feature: (key, where first seen, spelling, group label)."""
    rows: list[list[tuple[str, int, str, int]]] = [[] for _ in range(count)]
    for digest in node_digests(part, excluded, copies):
        label = labels.get(digest.ordinal, _NO_GROUP)
        for position, key in enumerate(digest.keys):
            if key[:2] in _SHOWN_KINDS:
                seen = (digest.ordinal << _POSITION_BITS) | position
                rows[bucket_of(key, count)].append((key, seen, digest.forms.get(key, ""), label))
    return rows


def key_info(
    count: int, *pieces: list[tuple[str, int, str, int]]
) -> list[dict[str, tuple[int, str]]]:
    """For each feature of a group of two or more nodes, where the pile first has it and
    how that article spells it, sent to the buckets of the groups that hold it."""
    first: dict[str, tuple[int, str]] = {}
    groups: dict[str, set[int]] = {}
    for rows in pieces:
        for key, seen, form, label in rows:
            known = first.get(key)
            if known is None or seen < known[0]:
                first[key] = (seen, form)
            if label != _NO_GROUP:
                groups.setdefault(key, set()).add(label)
    out: list[dict[str, tuple[int, str]]] = [{} for _ in range(count)]
    for key, labels in groups.items():
        for label in labels:
            out[bucket_of_label(label, count)][key] = first[key]
    return out


@dataclass(frozen=True, slots=True)
class GroupNode:
    ordinal: int
    id: str
    keys: tuple[str, ...]
    weights: np.ndarray
    title: str


@dataclass(slots=True)
class GroupRows:
    nodes: list[GroupNode] = field(default_factory=list)
    #: (copy's ordinal, copy's id, its node's ordinal)
    copies: list[tuple[int, str, int]] = field(default_factory=list)


def group_rows(
    part: DigestPartition,
    excluded: set[int],
    copies: dict[int, int],
    labels: dict[int, int],
    copy_labels: dict[int, int],
    count: int,
) -> list[GroupRows]:
    """Nodes and copies sent to the bucket of their topic group (a node alone in its
    group is its own label)."""
    out = [GroupRows() for _ in range(count)]
    for digest in part.digests:
        if digest.ordinal in excluded:
            continue
        node = copies.get(digest.ordinal)
        if node is not None:
            target = out[bucket_of_label(copy_labels[digest.ordinal], count)]
            target.copies.append((digest.ordinal, digest.id, node))
            continue
        label = labels.get(digest.ordinal, digest.ordinal)
        out[bucket_of_label(label, count)].nodes.append(
            GroupNode(digest.ordinal, digest.id, digest.keys, digest.weights, digest.title)
        )
    return out


def bucket_stories(
    settings: ClusterSettings,
    count: int,
    edges: Edges,
    infos: list[dict[str, tuple[int, str]]],
    *pieces: GroupRows,
) -> list[list[tuple[int, str]]]:
    """The stories of one bucket of topic groups, each as (its first article's ordinal,
    its JSON line), sent to the partition of that first article."""
    nodes = sorted((n for rows in pieces for n in rows.nodes), key=lambda n: n.ordinal)
    copies = [c for rows in pieces for c in rows.copies]
    info: dict[str, tuple[int, str]] = {}
    for found in infos:
        info.update(found)
    clusterer = StoryClusterer(settings)
    _fill_vocabulary(clusterer, nodes, info)
    node_number = {node.ordinal: number for number, node in enumerate(nodes)}
    articles = sorted(
        [(n.ordinal, n.id, n.ordinal) for n in nodes] + [(o, i, n) for o, i, n in copies]
    )
    members: dict[int, list[int]] = {}
    for number, (_, article_id, node) in enumerate(articles):
        clusterer.articles.append(ArticleEntry(article_id, node_number[node]))
        clusterer.known_ids[article_id] = number
        members.setdefault(node, []).append(number)
    for item in nodes:
        weights = dict(zip(item.keys, item.weights.tolist(), strict=True))
        clusterer.restore_node(members[item.ordinal], weights, {}, item.title)
    for key, (_, form) in info.items():
        if form and key in clusterer.vocabulary:
            clusterer.forms[clusterer.vocabulary[key]] = form
    later, earlier, similarity, rank = edges
    # The single-process path records each node's own candidates first, in rank order,
    # then the later nodes that picked it: a node's edges keep that order here, and the
    # sums over them (the story's central article) add up alike.
    for index in np.lexsort((rank, later)).tolist():
        clusterer.restore_edge(
            node_number[int(later[index])],
            node_number[int(earlier[index])],
            float(similarity[index]),
        )
    clusterer.cluster_restored()
    out: list[list[tuple[int, str]]] = [[] for _ in range(count)]
    for story in clusterer.stories():
        first = articles[clusterer.known_ids[story.article_ids[0]]][0]
        out[partition_of(first)].append((first, story.model_dump_json()))
    return out


def _fill_vocabulary(
    clusterer: StoryClusterer, nodes: list[GroupNode], info: dict[str, tuple[int, str]]
) -> None:
    """Number the bucket's features in the order the whole pile first met them (those
    the reasons never compare come after, in any fixed order)."""
    present = dict.fromkeys(key for node in nodes for key in node.keys)
    shown = sorted((info[key][0], key) for key in present if key in info)
    ordered = [key for _, key in shown] + [key for key in present if key not in info]
    for key in ordered:
        clusterer.vocabulary[key] = len(clusterer.words)
        clusterer.words.append(key)


def story_lines(*pieces: list[tuple[int, str]]) -> str:
    """One partition's stories, in the order of their first article, as JSON Lines."""
    stories = sorted((story for piece in pieces for story in piece), key=lambda s: s[0])
    return "".join(line + "\n" for _, line in stories)
