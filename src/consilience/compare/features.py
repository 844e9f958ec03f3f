"""What the original says about each sentence of a derived text: the passages it draws on,
the details the original lacks, its conflicts, and the numbers the verdict is made from.

The numbers (:data:`FEATURES`) are all readable on their own:

``novel_words``
    content words whose stem occurs nowhere in the original (an added detail, a changed
    name, a made-up word);
``novel_names``
    of those, the ones written as names (capitalized inside the sentence, in a text that
    uses capitals): a person, place or body the original never mentions;
``novel_numbers``
    numbers the original never writes;
``isolated_words``
    content words the original has, but only elsewhere: the sentence uses them outside
    any run copied with them (a word moved into another fact);
``joins``
    places where two consecutive copied runs come from different sentences of the
    original (two facts fused, the classic wrong-subject error of summaries);
``unrelated_pairs``
    the share of pairs of nearby content words (both in the original) that no sentence
    of the original uses together: a relation the original does not state;
``similarity``
    how close the best passage of the original is (embedder cosine), low for a sentence
    the original does not state in any words;
``conflicts``
    conflicts found (date, number, entity, title, negation, quote wording, casualties);
``placeholders``
    unknown-word placeholders of machine-written text ("UNK").
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from consilience.align.embedders import Embedder, cross_cosine
from consilience.compare.casualties import casualty_conflicts
from consilience.compare.conflicts import (
    ConflictFinding,
    Span,
    date_conflicts,
    negation_conflicts,
    number_conflicts,
    quote_conflicts,
    substitution_conflicts,
    title_conflicts,
)
from consilience.compare.copy_align import (
    CopySegment,
    copy_path,
    copy_segments,
    positions_of,
    settle_sources,
)
from consilience.compare.sides import Side
from consilience.compare.tokens import Token

FEATURES: tuple[str, ...] = (
    "novel_words",
    "novel_names",
    "novel_numbers",
    "isolated_words",
    "joins",
    "unrelated_pairs",
    "similarity",
    "conflicts",
    "placeholders",
)
#: Passages shown per sentence and searched for conflicts.
_TOP_PASSAGES = 3


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence of the original a derived sentence draws on."""

    sentence: int
    similarity: float
    #: derived words copied from it
    copied_words: int


@dataclass(frozen=True, slots=True)
class SentenceAnalysis:
    """Everything the verdict of one derived sentence rests on."""

    sentence: int
    features: tuple[float, ...]
    passages: tuple[Passage, ...]
    conflicts: tuple[ConflictFinding, ...]
    #: phrases of the sentence holding words the original never uses
    novel_phrases: tuple[Span, ...]

    def feature(self, name: str) -> float:
        return self.features[FEATURES.index(name)]


@dataclass(frozen=True, slots=True)
class _Index:
    stems: frozenset[str]
    norms: frozenset[str]
    positions: dict[str, list[int]]
    #: content stem -> the original sentences it occurs in
    sentences_of: dict[str, frozenset[int]]


def _index(original: Side) -> _Index:
    sentences_of: dict[str, set[int]] = {}
    for token, sentence in zip(original.tokens, original.sentence_of_token, strict=True):
        if token.content:
            sentences_of.setdefault(token.stem, set()).add(sentence)
    return _Index(
        stems=frozenset(t.stem for t in original.tokens),
        norms=frozenset(t.norm for t in original.tokens),
        positions=positions_of(original.tokens),
        sentences_of={k: frozenset(v) for k, v in sentences_of.items()},
    )


#: Content words this close (in content words) are read as related by the sentence.
_PAIR_WINDOW = 3


def _unrelated_pairs(tokens: Sequence[Token], index: _Index) -> float:
    """The share of pairs of nearby content words, both in the original, that no sentence
    of the original uses together: words taken from different facts and related anew."""
    stems = [t.stem for t in tokens if t.content and t.stem in index.sentences_of]
    pairs: set[tuple[str, str]] = set()
    for i, first in enumerate(stems):
        for second in stems[i + 1 : i + 1 + _PAIR_WINDOW]:
            if first != second:
                pairs.add((first, second))
    if not pairs:
        return 0.0
    apart = sum(1 for a, b in pairs if not index.sentences_of[a] & index.sentences_of[b])
    return apart / len(pairs)


def similarities(original: Side, derived: Side, embedder: Embedder) -> NDArray[np.float32]:
    """Cosine similarity of each derived sentence (rows) to each original sentence."""
    left = [s.text for s in derived.sentences]
    right = [s.text for s in original.sentences]
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float32)
    if embedder.name == "lexical":
        # One encode call: the lexical embedder fits its vocabulary on the texts given.
        vectors = embedder.encode([*left, *right])
        return cross_cosine(vectors[: len(left)], vectors[len(left) :])
    # A model's vectors do not depend on the other texts: an original compared with
    # many derived texts is encoded once.
    cached = original.vectors.get(embedder.name)
    if cached is None:
        cached = original.vectors[embedder.name] = embedder.encode(right)
    return cross_cosine(embedder.encode(left), cached)


def analyze_sentences(
    original: Side, derived: Side, embedder: Embedder, sentences: Sequence[int]
) -> list[SentenceAnalysis]:
    """The analysis of the given derived sentences (indexes into ``derived.sentences``)."""
    index = _index(original)
    matrix = similarities(original, derived, embedder)
    return [_analyze(original, derived, index, matrix[i], i) for i in sentences]


def _analyze(
    original: Side, derived: Side, index: _Index, row: NDArray[np.float32], sentence: int
) -> SentenceAnalysis:
    tokens = derived.sentence_tokens(sentence)
    segments = copy_segments(
        settle_sources(copy_path(tokens, index.positions), tokens, original.tokens, index.positions)
    )
    runs = [s for s in segments if s.length >= 2]
    in_runs = {i for s in runs for i in range(s.derived_start, s.derived_end)}
    aligned = {i for s in segments for i in range(s.derived_start, s.derived_end)}
    content = [i for i, t in enumerate(tokens) if t.content]
    novel = {tokens[i].stem for i in content if tokens[i].stem not in index.stems}
    novel_numbers = {t.norm for t in tokens if t.numeric and t.norm not in index.norms}
    isolated = [i for i in content if i in aligned and i not in in_runs]
    joins = sum(
        1
        for a, b in itertools.pairwise(runs)
        if original.sentence_of_token[a.original_end - 1]
        != original.sentence_of_token[b.original_start]
    )
    passages = _passages(original, row, runs)
    passage_ids = [p.sentence for p in passages]
    conflicts = _dedupe(
        [
            *substitution_conflicts(derived, sentence, original, segments),
            *date_conflicts(derived, sentence, original, passage_ids),
            *number_conflicts(derived, sentence, original, passage_ids),
            *negation_conflicts(derived, sentence, original, _focus(original, passages, runs)),
            *title_conflicts(derived, sentence, original),
            *quote_conflicts(derived, sentence, original),
            *casualty_conflicts(derived, sentence, original, passage_ids),
        ]
    )
    features = {
        "novel_words": float(len(novel)),
        "novel_names": float(
            len({t.stem for t in tokens if t.stem in novel and _written_as_name(t, derived)})
        ),
        "novel_numbers": float(len(novel_numbers)),
        "isolated_words": float(len(isolated)),
        "joins": float(joins),
        "unrelated_pairs": _unrelated_pairs(tokens, index),
        "similarity": float(row.max()) if row.size else 0.0,
        "conflicts": float(len(conflicts)),
        "placeholders": float(sum(1 for t in tokens if t.placeholder)),
    }
    return SentenceAnalysis(
        sentence=sentence,
        features=tuple(features[name] for name in FEATURES),
        passages=tuple(passages),
        conflicts=tuple(conflicts),
        novel_phrases=tuple(
            phrase
            for phrase in _novel_phrases(derived, tokens, aligned, index)
            if not any(_overlap(phrase, c.derived) for c in conflicts)
        ),
    )


#: How similar a passage the sentence copies nothing from must be to be checked for a
#: negation clash (below it, the two rarely state the same thing).
_PARAPHRASE_SIMILARITY = 0.5


def _focus(
    original: Side, passages: Sequence[Passage], runs: Sequence[CopySegment]
) -> tuple[int, int, int] | None:
    """The best passage and the span of it the sentence draws on: from the first to the
    last word copied from it, or the whole sentence for a close paraphrase."""
    if not passages:
        return None
    best = passages[0]
    inside = [r for r in runs if original.sentence_of_token[r.original_start] == best.sentence]
    if inside:
        start = original.tokens[min(r.original_start for r in inside)].start
        end = original.tokens[max(r.original_end for r in inside) - 1].end
        return best.sentence, start, end
    if best.similarity < _PARAPHRASE_SIMILARITY:
        return None
    sentence = original.sentences[best.sentence]
    return best.sentence, sentence.start, sentence.end


def _written_as_name(token: Token, side: Side) -> bool:
    return (
        token.content
        and token.capitalized
        and not side.lowercase
        and token.start not in side.sentence_starts
    )


def _passages(
    original: Side, row: NDArray[np.float32], runs: Sequence[CopySegment]
) -> list[Passage]:
    """The original sentences the derived sentence copies most from, then the most similar
    ones, up to three."""
    copied: dict[int, int] = {}
    for run in runs:
        owner = original.sentence_of_token[run.original_start]
        copied[owner] = copied.get(owner, 0) + run.length
    order = sorted(copied, key=lambda s: (-copied[s], -float(row[s]), s))
    by_similarity = sorted(range(row.size), key=lambda s: (-float(row[s]), s))
    chosen = list(dict.fromkeys([*order, *by_similarity]))[:_TOP_PASSAGES]
    return [Passage(s, float(row[s]), copied.get(s, 0)) for s in chosen if row.size]


def _novel_phrases(
    derived: Side, tokens: Sequence[Token], aligned: set[int], index: _Index
) -> list[Span]:
    """Runs of uncopied words holding a content word the original never uses."""
    out: list[Span] = []
    run: list[Token] = []
    for i, token in enumerate([*tokens, None]):
        if token is not None and i not in aligned and not token.placeholder:
            run.append(token)
            continue
        if any(t.content and t.stem not in index.stems for t in run):
            while run and not run[0].content:
                run.pop(0)
            while run and not run[-1].content:
                run.pop()
            start, end = run[0].start, run[-1].end
            out.append(Span(start, end, derived.article.text[start:end]))
        run = []
    return out


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _dedupe(conflicts: Sequence[ConflictFinding]) -> list[ConflictFinding]:
    """One finding per derived span: substitutions come first and are the most exact."""
    out: list[ConflictFinding] = []
    for conflict in conflicts:
        span = conflict.derived
        if any(o.derived.start < span.end and span.start < o.derived.end for o in out):
            continue
        out.append(conflict)
    return out
