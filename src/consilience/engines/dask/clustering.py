"""``consilience cluster --engine dask``: the single-process clustering, spread over a
Dask cluster, with the same stories.

The stages, each a set of tasks (see :mod:`.cluster_tasks` and :mod:`.story_tasks`):

1. *read*: each partition of the inputs is read, cleaned, segmented, fingerprinted and
   featurized where it lives; the digests stay in the workers' memory;
2. *duplicate ids*: rows shuffled by id; a later record with a known id is reported;
3. *near-copies*: one row per article and LSH band, shuffled by the band's values;
   pairs sharing a band are compared; one task turns the pairs (two integers each)
   into "copy of" decisions, in input order;
4. *candidates*: blocking keys shuffled by key give the pairs to compare; shuffled to
   the later node's partition, ranked and compared (the earlier node's topic row is
   fetched from its partition);
5. *topic groups*: average link over every kept edge, in one task: this step sees the
   whole graph (compact: ~24 bytes an edge; it is where the design stops scaling);
6. *stories*: nodes, copies, the edges inside each group and the global order and
   spelling of features are shuffled by topic group; each bucket splits its groups
   into events and explains them; the stories come back to the client partition by
   partition, in input order.

Nothing but problems, per-partition counts and the finished stories reaches the client.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from distributed import Client

from consilience.cluster.fingerprint import band_ranges
from consilience.cluster.settings import ClusterSettings
from consilience.engines.dask import cluster_tasks as tasks
from consilience.engines.dask import story_tasks
from consilience.engines.dask.reading import (
    Plan,
    count_newlines,
    empty_files,
    in_input_order,
    newlines_before,
    partition_of,
    plan_partitions,
)
from consilience.engines.dask.runtime import Future, Runner
from consilience.records import Problem
from consilience.settings import Settings

#: Input bytes per partition: at least, at most, and partitions per worker thread
#: (several, so that a slow partition does not leave the others idle).
MIN_PARTITION_BYTES = 1 << 18
MAX_PARTITION_BYTES = 1 << 26
PARTITIONS_PER_THREAD = 4


@dataclass(frozen=True, slots=True)
class ClusterRun:
    """What a run reports besides its stories."""

    problems: list[Problem]
    articles: int
    stories: int
    partitions: int


def partition_bytes(total: int, threads: int) -> int:
    share = math.ceil(total / max(1, threads * PARTITIONS_PER_THREAD))
    return max(MIN_PARTITION_BYTES, min(MAX_PARTITION_BYTES, share))


def plan(inputs: Sequence[str], client: Client, target_bytes: int | None = None) -> Plan:
    """The partitions of ``inputs`` for the workers of ``client``."""
    if target_bytes is not None:
        return plan_partitions(inputs, target_bytes)
    threads = sum(client.nthreads().values()) or 1
    return plan_partitions(inputs, lambda total: partition_bytes(total, threads))


def read_digests(
    runner: Runner, layout: Plan, settings: Settings, cluster: ClusterSettings
) -> tuple[list[Future], list[Problem], int]:
    """Stage 1, started; returns the digests' futures, the reading problems (in the
    single-process order) and the number of articles read."""
    pieces = [p for part in layout.partitions for p in part.pieces if p.is_range]
    counts = runner.client.gather(runner.each(count_newlines, pieces))
    before = newlines_before(pieces, counts)
    digests = runner.each(
        tasks.digest_partition,
        layout.partitions,
        [{p: before[p] for p in part.pieces if p in before} for part in layout.partitions],
        [settings] * len(layout.partitions),
        [cluster] * len(layout.partitions),
    )
    runner.follow("reading", digests)
    summaries = runner.each(tasks.digest_problems, digests)
    runner.wait(summaries)
    problems: list[tuple[int, Problem]] = list(layout.problems)
    with_lines: list[set[str]] = []
    articles = 0
    for found, lines, count in runner.client.gather(summaries):
        problems.extend(found)
        with_lines.append(lines)
        articles += count
    problems.extend(empty_files(layout, with_lines))
    return digests, in_input_order(problems), articles


def cluster_stories(
    client: Client,
    inputs: Sequence[str],
    write: Callable[[str], object],
    settings: Settings | None = None,
    cluster: ClusterSettings | None = None,
    *,
    target_bytes: int | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    on_read: Callable[[list[Problem], int], None] | None = None,
) -> ClusterRun:
    """Cluster ``inputs`` on the cluster of ``client``; ``write`` receives the stories
    as JSON Lines text, in order, a partition at a time. ``on_read(problems, articles)``
    is called once the inputs are read (before any story is written)."""
    settings = settings or Settings()
    cluster = cluster or ClusterSettings()
    runner = Runner(client, on_progress)
    layout = plan(inputs, client, target_bytes)
    count = len(layout.partitions)
    if count == 0:
        problems = in_input_order(layout.problems)
        if on_read is not None:
            on_read(problems, 0)
        return ClusterRun(problems, 0, 0, 0)
    digests, problems, articles = read_digests(runner, layout, settings, cluster)

    # 2. Duplicate ids: the client needs them anyway, to report them.
    duplicates = _all_to_all(runner, digests, tasks.id_rows, tasks.duplicate_ids, count)
    losers = sorted(
        (item for found in client.gather(duplicates) for item in found), key=lambda x: x[0]
    )
    problems.extend(problem for _, problem in losers)
    excluded: list[set[int]] = [set() for _ in range(count)]
    for ordinal, _ in losers:
        excluded[partition_of(ordinal)].add(ordinal)
    articles -= len(losers)
    if on_read is not None:
        on_read(problems, articles)

    # 3. Near-copies.
    bands = band_ranges(cluster.near_duplicate_jaccard, cluster.num_perm)
    splits = runner.each(tasks.band_rows, digests, excluded, [bands] * count, [count] * count)
    matches = [
        runner.submit(tasks.band_matches, bands, cluster.near_duplicate_jaccard, *pieces)
        for pieces in runner.exchange(splits, count)
    ]
    resolved = runner.submit(tasks.resolve_copies, count, *matches)
    runner.follow("near-copies", [*matches, resolved])
    copies = [runner.pick(resolved, p) for p in range(count)]

    # 4. Candidate pairs and their topic similarity.
    splits = runner.each(tasks.blocking_rows, digests, excluded, copies, [count] * count)
    by_key = [
        runner.submit(tasks.key_pairs, cluster.max_postings, count, *pieces)
        for pieces in runner.exchange(splits, count)
    ]
    ranked = [
        runner.submit(tasks.rank_pairs, cluster.max_candidates, count, *pieces)
        for pieces in runner.exchange(by_key, count)
    ]
    requests = [runner.pick(r, 1) for r in ranked]
    responses = [
        runner.submit(tasks.topic_responses, digests[q], *pieces)
        for q, pieces in enumerate(runner.exchange(requests, count))
    ]
    edges = [
        runner.submit(
            tasks.pair_similarities,
            digests[p],
            runner.pick(ranked[p], 0),
            cluster.edge_floor,
            *pieces,
        )
        for p, pieces in enumerate(runner.exchange(responses, count))
    ]
    runner.follow("candidates", edges)

    # 5. Topic groups: the one central task.
    groups = runner.submit(tasks.topic_groups, cluster.topic_threshold, count, resolved, *edges)
    runner.follow("topic groups", [groups])
    labels = [runner.pick(groups, 0, p) for p in range(count)]
    copy_labels = [runner.pick(groups, 1, p) for p in range(count)]

    # 6. Stories, per bucket of topic groups.
    splits = runner.each(story_tasks.key_rows, digests, excluded, copies, labels, [count] * count)
    infos = [
        runner.submit(story_tasks.key_info, count, *pieces)
        for pieces in runner.exchange(splits, count)
    ]
    info_pieces = runner.exchange(infos, count)
    splits = runner.each(
        story_tasks.group_rows, digests, excluded, copies, labels, copy_labels, [count] * count
    )
    buckets = [
        runner.submit(
            story_tasks.bucket_stories,
            cluster,
            count,
            runner.pick(groups, 2, g),
            info_pieces[g],
            *pieces,
        )
        for g, pieces in enumerate(runner.exchange(splits, count))
    ]
    lines = [
        runner.submit(story_tasks.story_lines, *pieces)
        for pieces in runner.exchange(buckets, count)
    ]
    runner.follow("stories", lines)
    stories = 0
    for future in lines:
        runner.wait([future])
        text = future.result()
        stories += text.count("\n")
        write(text)
    return ClusterRun(problems, articles, stories, count)


def _all_to_all(
    runner: Runner,
    sources: list[Future],
    split: Callable[..., object],
    combine: Callable[..., object],
    count: int,
) -> list[Future]:
    splits = runner.each(split, sources, [count] * count)
    return [runner.submit(combine, *pieces) for pieces in runner.exchange(splits, count)]
