"""Inputs read in partitions where they live: files in lists, JSON Lines in byte ranges.

The client only lists the inputs (directories walked, globs expanded, sizes read) and
cuts them into partitions; the workers read them. A JSON Lines file larger than a
partition is split into byte ranges, each range reading the lines that *start* in it
(a line crossing the range's end is read whole by its range, and skipped by the next).
Line numbers (they name an article without an ``id`` and every problem) come from a
first pass in which each range counts its newlines.

Every article gets an *ordinal*, ``partition << 32 | position``: ordinals sort in input
order, which is the order the single-process path reads, so both engines number nodes
and stories alike. Nothing here imports Dask; these are the plain functions the tasks run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from consilience.ingest import (
    GZIP_MAGIC,
    GZIPPED_JSON_LINES,
    expand_inputs,
    is_json_lines,
    read_path,
    read_record_line,
)
from consilience.records import Article, Problem
from consilience.settings import Settings

#: Bits of an ordinal that number the articles of one partition.
POSITION_BITS = 32
_COUNT_CHUNK = 1 << 20

T = TypeVar("T")


def partition_of(ordinal: int) -> int:
    return ordinal >> POSITION_BITS


@dataclass(frozen=True, slots=True)
class Piece:
    """One file, or one byte range ``[start, end)`` of a JSON Lines file."""

    file: int
    path: str
    start: int = 0
    end: int = -1

    @property
    def is_range(self) -> bool:
        return self.end >= 0


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """The partitions of a run, the problems found while listing the inputs (each with
    the number of the file it concerns, -1 before any file), and the JSON Lines files."""

    partitions: tuple[Partition, ...]
    problems: tuple[tuple[int, Problem], ...]
    json_lines: tuple[str, ...]
    total_bytes: int


def plan_partitions(inputs: Sequence[str], target_bytes: int | Callable[[int], int]) -> Plan:
    """Cut ``inputs`` into partitions of about ``target_bytes`` each (or of the size
    that function gives for the total), in input order."""
    paths, listing = expand_inputs(inputs)
    problems: list[tuple[int, Problem]] = [(-1, problem) for problem in listing]
    files: list[tuple[int, str, int, bool]] = []
    json_lines: list[str] = []
    for number, path in enumerate(paths):
        source = str(path)
        try:
            size = path.stat().st_size
        except OSError:
            size = 0  # the worker's reader reports it, in the single-process wording
        if not is_json_lines(path):
            files.append((number, source, size, False))
            continue
        try:
            with path.open("rb") as handle:
                magic = handle.read(2)
        except OSError as exc:
            problems.append((number, Problem(source, f"cannot read ({exc.strerror})")))
            continue
        if magic == GZIP_MAGIC:
            problems.append((number, Problem(source, GZIPPED_JSON_LINES)))
            continue
        json_lines.append(source)
        files.append((number, source, size, True))
    total = sum(size for _, _, size, _ in files)
    target = max(1, target_bytes(total) if callable(target_bytes) else target_bytes)
    pieces: list[tuple[Piece, int]] = []
    for number, source, size, ranged in files:
        if not ranged:
            pieces.append((Piece(number, source), size))
            continue
        for start in range(0, max(size, 1), target):
            end = min(start + target, size)
            pieces.append((Piece(number, source, start, end), end - start))
    partitions: list[Partition] = []
    current: list[Piece] = []
    filled = 0
    for piece, size in pieces:
        current.append(piece)
        filled += size
        if filled >= target:
            partitions.append(Partition(len(partitions), tuple(current)))
            current, filled = [], 0
    if current:
        partitions.append(Partition(len(partitions), tuple(current)))
    return Plan(tuple(partitions), tuple(problems), tuple(json_lines), total)


def count_newlines(piece: Piece) -> int:
    """Newlines in a JSON Lines range (0 for a whole file, which needs none)."""
    if not piece.is_range or piece.start >= piece.end:
        return 0
    count = 0
    with Path(piece.path).open("rb") as handle:
        handle.seek(piece.start)
        left = piece.end - piece.start
        while left > 0:
            chunk = handle.read(min(_COUNT_CHUNK, left))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def newlines_before(pieces: Sequence[Piece], counts: Sequence[int]) -> dict[Piece, int]:
    """For each range, the newlines of its file before the range starts."""
    before: dict[Piece, int] = {}
    running: dict[str, int] = {}
    for piece, count in zip(pieces, counts, strict=True):
        if piece.is_range:
            before[piece] = running.get(piece.path, 0)
            running[piece.path] = before[piece] + count
    return before


@dataclass(frozen=True, slots=True)
class PartitionRead:
    """What one partition holds: its articles with their ordinals, its problems (with
    the file number), and the JSON Lines files in which it found a non-blank line."""

    articles: list[tuple[int, Article]]
    problems: list[tuple[int, Problem]]
    files_with_lines: set[str]


def read_partition(
    partition: Partition, newlines: dict[Piece, int], settings: Settings
) -> PartitionRead:
    """Read every article of ``partition`` as the single-process reader would."""
    articles: list[tuple[int, Article]] = []
    problems: list[tuple[int, Problem]] = []
    with_lines: set[str] = set()
    base = partition.index << POSITION_BITS
    for piece in partition.pieces:
        if piece.is_range:
            items = _read_range(piece, newlines.get(piece, 0), settings)
        else:
            items = read_path(Path(piece.path), settings)
        for item in items:
            if isinstance(item, Problem):
                problems.append((piece.file, item))
            else:
                articles.append((base + len(articles), item))
            if piece.is_range:
                with_lines.add(piece.path)
    return PartitionRead(articles, problems, with_lines)


def _read_range(piece: Piece, before: int, settings: Settings) -> Iterator[Article | Problem]:
    def parse(raw: bytes, source: str, number: int) -> Article | Problem | None:
        return read_record_line(raw, source, number, settings)

    return read_lines(piece, before, parse)


def read_lines(
    piece: Piece, before: int, parse: Callable[[bytes, str, int], T | Problem | None]
) -> Iterator[T | Problem]:
    """``parse`` over the lines starting in ``[piece.start, piece.end)``, numbered from
    the start of the file (``before`` newlines precede the range); ``None`` (a blank
    line) is left out."""
    source = piece.path
    try:
        handle = Path(piece.path).open("rb")  # noqa: SIM115 (closed below, or never opened)
    except OSError as exc:
        yield Problem(source, f"cannot read ({exc.strerror})")
        return
    with handle:
        position = piece.start
        number = before + 1
        if piece.start > 0:
            handle.seek(piece.start - 1)
            if handle.read(1) != b"\n":
                # The rest of a line that started in the previous range.
                position += len(handle.readline())
                number += 1
        while position < piece.end:
            raw = handle.readline()
            if not raw:
                break
            item = parse(raw, source, number)
            if item is not None:
                yield item
            position += len(raw)
            number += 1


def empty_files(plan: Plan, reads: Sequence[set[str]]) -> list[tuple[int, Problem]]:
    """JSON Lines files in which no range found a non-blank line."""
    found = set().union(*reads) if reads else set()
    numbers = {
        piece.path: piece.file for partition in plan.partitions for piece in partition.pieces
    }
    return [
        (numbers[path], Problem(path, "empty file"))
        for path in plan.json_lines
        if path not in found
    ]


def in_input_order(problems: Sequence[tuple[int, Problem]]) -> list[Problem]:
    """Problems in the order the single-process reader reports them (a stable sort on
    the file number: a file's own problems are already in order)."""
    return [problem for _, problem in sorted(problems, key=lambda item: item[0])]


def split_by(items: Sequence[T], target: Callable[[T], int], count: int) -> list[list[T]]:
    """``items`` dealt into ``count`` lists by ``target``, each keeping their order."""
    out: list[list[T]] = [[] for _ in range(count)]
    for item in items:
        out[target(item)].append(item)
    return out
