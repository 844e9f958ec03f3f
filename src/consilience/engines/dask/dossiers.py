"""``consilience analyze-stories --engine dask``: a dossier per story, stories analyzed
on the workers.

The stories file and the inputs are both read in partitions where they live. Story
rows (article id -> story) and articles meet in buckets by article id; the articles of
each story then meet in buckets by story id, where the story is analyzed
(:func:`~consilience.pipeline.dossier_of_story`, as the single-process path does). The
client receives each dossier as it is done and writes it: nothing else than dossiers,
problems and counts reaches it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from distributed import Client

from consilience.cluster.story_files import missing_note, read_story_line
from consilience.engines.dask.cluster_tasks import bucket_of
from consilience.engines.dask.clustering import plan
from consilience.engines.dask.reading import (
    POSITION_BITS,
    Partition,
    Piece,
    count_newlines,
    empty_files,
    in_input_order,
    newlines_before,
    read_lines,
    read_partition,
)
from consilience.engines.dask.runtime import Runner
from consilience.pipeline import dossier_of_story
from consilience.records import Article, Problem
from consilience.settings import Settings

#: (article id, story's place in the file, story id, article's index in the story,
#: articles the story lists)
StoryRow = tuple[str, int, str, int, int]
#: (story's place, story id, article's index, articles listed, the article)
Member = tuple[int, str, int, int, Article]
#: (story's place in the file, story id, articles it lists)
Header = tuple[int, str, int]
#: (story's place, story id, dossier JSON or None, note or None)
Analyzed = tuple[int, str, str | None, str | None]


@dataclass(frozen=True, slots=True)
class DossierRun:
    problems: list[Problem]
    #: One line per story whose articles are not all in the inputs, in story order.
    notes: list[str]
    dossiers: int


def read_story_rows(
    partition: Partition, newlines: dict[Piece, int], min_articles: int, count: int
) -> tuple[list[list[StoryRow]], list[list[Header]], list[tuple[int, Problem]]]:
    """The stories of one range of the stories file (those of at least
    ``min_articles`` articles): a row per article, sent to the bucket of the article's
    id, and a header per story, sent to the bucket of the story's id."""
    rows: list[list[StoryRow]] = [[] for _ in range(count)]
    headers: list[list[Header]] = [[] for _ in range(count)]
    problems: list[tuple[int, Problem]] = []
    base = partition.index << POSITION_BITS
    position = 0
    for piece in partition.pieces:
        for item in read_lines(piece, newlines.get(piece, 0), read_story_line):
            if isinstance(item, Problem):
                problems.append((piece.file, item))
                continue
            place = base + position
            position += 1
            if len(item.article_ids) < min_articles:
                continue
            headers[bucket_of(item.id, count)].append((place, item.id, len(item.article_ids)))
            for index, article_id in enumerate(item.article_ids):
                row = (article_id, place, item.id, index, len(item.article_ids))
                rows[bucket_of(article_id, count)].append(row)
    return rows, headers, problems


def read_article_rows(
    partition: Partition, newlines: dict[Piece, int], settings: Settings, count: int
) -> tuple[list[list[tuple[str, int, Article]]], list[tuple[int, Problem]], set[str]]:
    """The articles of one partition sent to the buckets of their ids."""
    read = read_partition(partition, newlines, settings)
    rows: list[list[tuple[str, int, Article]]] = [[] for _ in range(count)]
    for ordinal, article in read.articles:
        article_id = article.external_id or article.source
        rows[bucket_of(article_id, count)].append((article_id, ordinal, article))
    return rows, read.problems, read.files_with_lines


def join_members(
    count: int, stories: list[list[StoryRow]], articles: list[list[tuple[str, int, Article]]]
) -> tuple[list[list[Member]], list[tuple[int, Problem]]]:
    """Each story's articles, sent to the bucket of the story id; a second article with
    an id already read is reported, as the single-process path does."""
    first: dict[str, tuple[int, Article]] = {}
    duplicates: list[tuple[int, Problem]] = []
    for rows in articles:
        for article_id, ordinal, article in rows:
            known = first.get(article_id)
            if known is None or ordinal < known[0]:
                first[article_id] = (ordinal, article)
                if known is not None:
                    later, dropped = known
                    duplicates.append((later, _duplicate(dropped, article_id)))
            else:
                duplicates.append((ordinal, _duplicate(article, article_id)))
    out: list[list[Member]] = [[] for _ in range(count)]
    for story_rows in stories:
        for article_id, place, story_id, index, listed in story_rows:
            found = first.get(article_id)
            if found is not None:
                member = (place, story_id, index, listed, found[1])
                out[bucket_of(story_id, count)].append(member)
    return out, sorted(duplicates, key=lambda item: item[0])


def _duplicate(article: Article, article_id: str) -> Problem:
    return Problem(article.source, f"duplicate article id {article_id!r}")


def analyze_members(
    settings: Settings, headers: list[list[Header]], *pieces: list[Member]
) -> list[Analyzed]:
    """The dossier of every story of one bucket, and the note on it when its articles
    are not all in the inputs. A story id given twice is analyzed for its first story."""
    members: dict[int, list[Member]] = {}
    for found in pieces:
        for member in found:
            members.setdefault(member[0], []).append(member)
    out: list[Analyzed] = []
    for place, story_id, listed in first_of_each_id(h for found in headers for h in found):
        kept = sorted(members.get(place, []), key=lambda member: member[2])
        articles = [member[4] for member in kept]
        dossier = dossier_of_story(articles, settings).to_json() if articles else None
        out.append((place, story_id, dossier, missing_note(story_id, listed, len(articles))))
    return out


def first_of_each_id(headers: Iterable[Header]) -> list[Header]:
    first: dict[str, Header] = {}
    for header in sorted(headers):
        first.setdefault(header[1], header)
    return sorted(first.values())


def analyze_stories(
    client: Client,
    stories_path: str,
    inputs: Sequence[str],
    write: Callable[[str, str], None],
    settings: Settings | None = None,
    *,
    min_articles: int = 2,
    target_bytes: int | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> DossierRun:
    """Write (via ``write(story_id, dossier_json)``) the dossier of every story of at
    least ``min_articles`` articles of the stories file, from the articles of
    ``inputs``, as each is done."""
    settings = settings or Settings()
    runner = Runner(client, on_progress)
    layout = plan(inputs, client, target_bytes)
    story_layout = plan([stories_path], client, target_bytes)
    count = max(1, len(layout.partitions))
    ranges = [p for lay in (layout, story_layout) for part in lay.partitions for p in part.pieces]
    ranges = [p for p in ranges if p.is_range]
    before = newlines_before(ranges, client.gather(runner.each(count_newlines, ranges)))

    def lines_before(part: Partition) -> dict[Piece, int]:
        return {p: before[p] for p in part.pieces if p in before}

    story_reads = [
        runner.submit(read_story_rows, part, lines_before(part), min_articles, count)
        for part in story_layout.partitions
    ]
    article_reads = [
        runner.submit(read_article_rows, part, lines_before(part), settings, count)
        for part in layout.partitions
    ]
    runner.follow("reading", article_reads)
    story_pieces = runner.exchange([runner.pick(r, 0) for r in story_reads], count)
    header_pieces = runner.exchange([runner.pick(r, 1) for r in story_reads], count)
    article_pieces = runner.exchange([runner.pick(r, 0) for r in article_reads], count)
    joined = [
        runner.submit(join_members, count, story_pieces[b], article_pieces[b]) for b in range(count)
    ]
    analyses = [
        runner.submit(analyze_members, settings, header_pieces[b], *pieces)
        for b, pieces in enumerate(runner.exchange([runner.pick(j, 0) for j in joined], count))
    ]
    runner.follow("dossiers", analyses)

    problems: list[tuple[int, Problem]] = list(story_layout.problems)
    for found in client.gather([runner.pick(r, 2) for r in story_reads]):
        problems.extend(found)
    ordered = in_input_order(problems)
    reads = client.gather([runner.submit(_problems_and_lines, r) for r in article_reads])
    article_problems = list(layout.problems)
    for found, _ in reads:
        article_problems.extend(found)
    article_problems.extend(empty_files(layout, [lines for _, lines in reads]))
    ordered.extend(in_input_order(article_problems))
    duplicates = sorted(
        (d for found in client.gather([runner.pick(j, 1) for j in joined]) for d in found),
        key=lambda item: item[0],
    )
    ordered.extend(problem for _, problem in duplicates)

    notes: list[tuple[int, str]] = []
    written = 0
    for future in analyses:
        runner.wait([future])
        for place, story_id, dossier, note in future.result():
            if dossier is not None:
                write(story_id, dossier)
                written += 1
            if note is not None:
                notes.append((place, note))
    return DossierRun(ordered, [note for _, note in sorted(notes)], written)


def _problems_and_lines(
    read: tuple[object, list[tuple[int, Problem]], set[str]],
) -> tuple[list[tuple[int, Problem]], set[str]]:
    return read[1], read[2]
