"""Shared rare phrases: the trace a rewrite leaves when no sentence survives verbatim.

A rewriter changes the sentences but keeps the source's particular turns and details
("a master of the black arts", "eight days ago", "the Ethnos poll"): word trigrams that
only two articles of the story use. Independent reports of one event share its common
vocabulary (the names, "the Watergate scandal"), which many articles use; a trigram used
by exactly two articles is either chance or one text behind both. The count of such
trigrams between two articles, scaled by how many rare trigrams the shorter of the two
has at all, measures that; narrative and quoted words are counted apart, since a quote
shared by two articles is weaker evidence (two reporters can quote one statement).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consilience.provenance.reuse import SentenceWords
from consilience.textspan import STOPWORDS

_N = 3
#: A trigram of nothing but function words ("it was the") is phrasing, not a detail.
_MIN_CONTENT_WORDS = 2


@dataclass(frozen=True, slots=True)
class PhraseSets:
    narrative: frozenset[tuple[str, ...]]
    quoted: frozenset[tuple[str, ...]]


def phrase_sets(sentences: Sequence[SentenceWords]) -> PhraseSets:
    narrative: set[tuple[str, ...]] = set()
    quoted: set[tuple[str, ...]] = set()
    for sentence in sentences:
        words, marks = sentence.words, sentence.quoted
        for i in range(len(words) - _N + 1):
            gram = words[i : i + _N]
            if sum(w not in STOPWORDS for w in gram) < _MIN_CONTENT_WORDS:
                continue
            (quoted if all(marks[i : i + _N]) else narrative).add(gram)
    return PhraseSets(frozenset(narrative), frozenset(quoted))


@dataclass(frozen=True, slots=True)
class SharedPhrases:
    narrative: int
    quoted: int
    #: shared rare narrative trigrams over the square root of the rarer article's count
    score: float
    examples: tuple[str, ...] = ()


def shared_rare_phrases(
    phrases: Mapping[str, PhraseSets],
) -> dict[tuple[str, str], SharedPhrases]:
    """For every pair of articles (ids in sorted order) that shares a rare trigram."""
    frequency: Counter[tuple[str, ...]] = Counter()
    for found in phrases.values():
        frequency.update(found.narrative | found.quoted)
    owners: dict[tuple[str, ...], list[str]] = {}
    for article_id, found in phrases.items():
        for gram in found.narrative | found.quoted:
            if frequency[gram] == 2:
                owners.setdefault(gram, []).append(article_id)
    rare_count = {
        a: sum(1 for g in found.narrative if frequency[g] <= 3) for a, found in phrases.items()
    }
    counts: dict[tuple[str, str], list[int]] = {}
    examples: dict[tuple[str, str], list[str]] = {}
    for gram, pair in owners.items():
        a, b = sorted(pair)
        both_narrative = gram in phrases[a].narrative and gram in phrases[b].narrative
        slot = counts.setdefault((a, b), [0, 0])
        slot[0 if both_narrative else 1] += 1
        if both_narrative:
            examples.setdefault((a, b), []).append(" ".join(gram))
    out = {}
    for (a, b), (narrative, quoted) in counts.items():
        base = math.sqrt(max(1, min(rare_count[a], rare_count[b])))
        out[(a, b)] = SharedPhrases(
            narrative,
            quoted,
            round(narrative / base, 4),
            tuple(sorted(examples.get((a, b), []))[:5]),
        )
    return out
