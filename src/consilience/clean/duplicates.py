"""Repeated headlines and duplicated paragraphs or blocks, exact and near-exact."""

from __future__ import annotations

from rapidfuzz import fuzz

from consilience.records import Artifact
from consilience.textspan import normalize_for_compare, overlaps

_MIN_WORDS = 4
#: Candidates come from the paragraphs sharing one of these many rarest words...
_RARE_WORDS = 8
#: ... among the first this many paragraphs using each word.
_MAX_POSTINGS = 50
_MIN_HEADLINE_WORDS = 3


def find_repeated_headline(
    text: str,
    title: str | None,
    title_span: tuple[int, int] | None,
    paragraphs: list[tuple[int, int]],
) -> list[Artifact]:
    """Body paragraphs that repeat the headline (scrapers often paste it twice)."""
    if not title or len(title.split()) < _MIN_HEADLINE_WORDS:
        return []
    wanted = normalize_for_compare(title)
    artifacts = []
    for start, end in paragraphs:
        if title_span is not None and overlaps(start, end, *title_span):
            continue
        if normalize_for_compare(text[start:end]) == wanted:
            artifacts.append(
                Artifact("repeated_headline", start, end, text[start:end], "the headline again")
            )
    return artifacts


def find_duplicate_blocks(
    text: str,
    paragraphs: list[tuple[int, int]],
    *,
    ratio: float,
    ignore: list[tuple[int, int]] | None = None,
) -> list[Artifact]:
    """Later copies of earlier paragraphs. Runs of consecutive copies become one
    ``duplicate_block`` artifact, so a pasted-twice article is one finding, not seven.

    A paragraph is compared only with the earlier originals that share one of its rarer
    words (a near-copy keeps most of its words), each word's list cut at
    :data:`_MAX_POSTINGS`: near-linear in paragraphs, not quadratic, on any text."""
    ignored = ignore or []
    normalized: list[str | None] = []
    for start, end in paragraphs:
        norm = normalize_for_compare(text[start:end])
        skip = len(norm.split()) < _MIN_WORDS or any(overlaps(start, end, a, b) for a, b in ignored)
        normalized.append(None if skip else norm)
    first_seen: dict[str, int] = {}
    copy_of: dict[int, int] = {}
    postings: dict[str, list[int]] = {}
    cutoff = ratio * 100
    for index, maybe in enumerate(normalized):
        if maybe is None:
            continue
        norm = maybe
        if norm in first_seen:
            copy_of[index] = first_seen[norm]
            continue
        words = set(norm.split())
        rare = sorted(words, key=lambda w: (len(postings.get(w, ())), w))[:_RARE_WORDS]
        for earlier in sorted({e for w in rare for e in postings.get(w, ())}):
            other = normalized[earlier] or ""
            shorter, longer = sorted((len(norm), len(other)))
            if shorter < ratio * longer:
                continue
            if fuzz.ratio(norm, other, score_cutoff=cutoff):
                copy_of[index] = earlier
                break
        else:
            first_seen[norm] = index
            for word in words:
                posted = postings.setdefault(word, [])
                if len(posted) < _MAX_POSTINGS:
                    posted.append(index)
    return _merge_runs(text, paragraphs, copy_of)


def _merge_runs(
    text: str, paragraphs: list[tuple[int, int]], copy_of: dict[int, int]
) -> list[Artifact]:
    artifacts: list[Artifact] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        start, end = paragraphs[run[0]][0], paragraphs[run[-1]][1]
        originals = [copy_of[i] + 1 for i in run]
        where = (
            f"paragraph {originals[0]}"
            if len(run) == 1
            else f"paragraphs {min(originals)}–{max(originals)}"
        )
        exact = all(
            normalize_for_compare(text[slice(*paragraphs[i])])
            == normalize_for_compare(text[slice(*paragraphs[copy_of[i]])])
            for i in run
        )
        artifacts.append(
            Artifact(
                "duplicate_block",
                start,
                end,
                text[start:end],
                f"{'copy' if exact else 'near-copy'} of {where}",
            )
        )
        run.clear()

    previous = -2
    for index in sorted(copy_of):
        if index != previous + 1:
            flush()
        run.append(index)
        previous = index
    flush()
    return artifacts
