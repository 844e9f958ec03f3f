"""Which runs of a derived sentence are copied from the original, and from where.

A derived sentence is read as a path through the original's words: each word is either
copied (aligned to a position of the original) or written anew. Continuing a copy (the
next word of the original) is free, starting a copy elsewhere costs one jump, and a word
left unaligned costs a little more than a jump when it is a content word (so that a word
the original has is always credited) and a little less for a function word (so that a
lone "the" does not start a copy from a random place). The cheapest path is found by
dynamic programming in time linear in the sentence times the number of places each of its
words occurs in the original.

Written by hand because the libraries at hand align strings character by character
(difflib, rapidfuzz) and find one longest match, not the fewest copies that cover a
sentence, which is what tells a sentence spliced from two places from a copied one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consilience.compare.tokens import Token

_JUMP = 1.0
_SKIP_FUNCTION_WORD = 0.6
_SKIP_CONTENT_WORD = 1.1


@dataclass(frozen=True, slots=True)
class CopySegment:
    """Derived tokens ``derived_start .. derived_start + length`` copy original tokens
    ``original_start .. original_start + length``."""

    derived_start: int
    original_start: int
    length: int

    @property
    def derived_end(self) -> int:
        return self.derived_start + self.length

    @property
    def original_end(self) -> int:
        return self.original_start + self.length


def positions_of(tokens: Sequence[Token]) -> dict[str, list[int]]:
    """Where each word form occurs in the original, in order."""
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        positions.setdefault(token.norm, []).append(index)
    return positions


def copy_path(derived: Sequence[Token], positions: Mapping[str, Sequence[int]]) -> list[int | None]:
    """For each derived token, the original position it is copied from, or ``None``."""
    count = len(derived)
    if count == 0:
        return []
    # aligned[i][j]: cheapest cost of tokens 0..i with token i copied from position j;
    # skipped[i]: cheapest cost with token i left unaligned.
    aligned: list[dict[int, float]] = []
    continued: list[set[int]] = []
    skipped: list[float] = []
    for i, token in enumerate(derived):
        before = _best(aligned[i - 1], skipped[i - 1]) if i else 0.0
        here: dict[int, float] = {}
        cont: set[int] = set()
        for j in positions.get(token.norm, ()):
            cost = before + _JUMP
            if i and (j - 1) in aligned[i - 1] and aligned[i - 1][j - 1] <= cost:
                cost = aligned[i - 1][j - 1]
                cont.add(j)
            here[j] = cost
        aligned.append(here)
        continued.append(cont)
        skip_cost = _SKIP_CONTENT_WORD if token.content else _SKIP_FUNCTION_WORD
        skipped.append(before + skip_cost)
    path: list[int | None] = [None] * count
    state = _argbest(aligned[-1], skipped[-1])
    for i in range(count - 1, -1, -1):
        path[i] = state
        if state is not None and state in continued[i]:
            state -= 1
        elif i:
            state = _argbest(aligned[i - 1], skipped[i - 1])
    return path


def _best(aligned: Mapping[int, float], skipped: float) -> float:
    return min(min(aligned.values(), default=skipped), skipped)


def _argbest(aligned: Mapping[int, float], skipped: float) -> int | None:
    """The cheapest state; ties go to copying, then to the earliest position."""
    if not aligned:
        return None
    position = min(aligned, key=lambda j: (aligned[j], j))
    return position if aligned[position] <= skipped else None


def settle_sources(
    path: Sequence[int | None],
    derived: Sequence[Token],
    original: Sequence[Token],
    positions: Mapping[str, Sequence[int]],
) -> list[int | None]:
    """The path with each copied run taken from the place nearest its neighbours' when
    the original writes the same words in several places.

    The cheapest path counts copies, not where they come from: a name the original
    repeats ("Natalia Moon" in a caption and in the text) would otherwise be taken from
    its first occurrence, and a sentence copied from one place would read as spliced
    from two."""
    settled = list(path)
    segments = copy_segments(settled)
    for k, segment in enumerate(segments):
        words = [t.norm for t in derived[segment.derived_start : segment.derived_end]]
        before = segments[k - 1].original_end if k else None
        after = segments[k + 1].original_start if k + 1 < len(segments) else None
        if before is None and after is None:
            continue

        best = segment.original_start
        for start in _occurrences(words, original, positions):
            if _distance(start, len(words), before, after) < _distance(
                best, len(words), before, after
            ):
                best = start
        if best != segment.original_start:
            for offset in range(segment.length):
                settled[segment.derived_start + offset] = best + offset
            segments[k] = CopySegment(segment.derived_start, best, segment.length)
    return settled


def _distance(start: int, length: int, before: int | None, after: int | None) -> int:
    """How far a copy of ``length`` words from ``start`` is from its neighbours'."""
    gap = abs(start - before) if before is not None else 0
    return gap + (abs(after - (start + length)) if after is not None else 0)


def _occurrences(
    words: Sequence[str], original: Sequence[Token], positions: Mapping[str, Sequence[int]]
) -> list[int]:
    """Where the original writes ``words`` in a row."""
    count = len(words)
    return [
        start
        for start in positions.get(words[0], ())
        if start + count <= len(original)
        and all(original[start + m].norm == words[m] for m in range(1, count))
    ]


def copy_segments(path: Sequence[int | None]) -> list[CopySegment]:
    """Maximal runs of consecutive derived tokens copied from consecutive positions."""
    segments: list[CopySegment] = []
    for i, j in enumerate(path):
        if j is None:
            continue
        if segments:
            last = segments[-1]
            if last.derived_end == i and last.original_end == j:
                segments[-1] = CopySegment(last.derived_start, last.original_start, last.length + 1)
                continue
        segments.append(CopySegment(i, j, 1))
    return segments
