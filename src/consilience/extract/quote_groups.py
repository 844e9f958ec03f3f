"""Quotes grouped across articles (one quote as printed by several outlets, reworded or
cut) and the word-level differences between two printings of a quote.

Split from :mod:`consilience.extract.quotes`, which re-exports these names.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from consilience.extract.quote_speakers import DESCRIPTION_WORDS
from consilience.records import Quote
from consilience.textspan import QUOTE_TRANSLATION, normalize_for_compare
from consilience.word_lists import zipf_frequency


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quote as printed in one or more articles: ``text`` is the representative
    wording, ``members`` every printing (variants included), in input order."""

    speaker: str | None
    text: str
    members: tuple[Quote, ...] = field(default_factory=tuple)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.article_id for q in self.members))


# --- grouping ---------------------------------------------------------------------------

#: Two wordings are the same quote when their normalized texts are this similar
#: (rapidfuzz ratio or token-sort ratio, 0-100): a changed word or two in a sentence-long
#: quote ("to include" / "including") stays above it, a different sentence falls far below.
SAME_QUOTE_MIN = 85.0
#: A shorter quote (four words or more) found in a longer one with at least this partial
#: ratio is a partial printing of it: "a dark day for the city" in "This is a dark day for
#: our city" scores 87, while "strong and growing" / "weak and shrinking" in otherwise equal
#: sentences scores about 74.
CONTAINED_MIN = 85.0
#: Wordings this close are one quote even when the articles name different speakers (an
#: attribution conflict the later stages report).
NEAR_IDENTICAL_MIN = 95.0
_MIN_CONTAINED_WORDS = 4
_MIN_FUZZY_WORDS = 3
_NAME_PARTICLES = frozenset("de del da di du van von der la le bin al el jr sr".split())


def _speaker_key(speaker: str | None) -> frozenset[str] | None:
    """The words of a named speaker ("Donald Trump" → {donald, trump}); ``None`` for a
    missing speaker or a description ("a spokesperson"), which matches any speaker."""
    if not speaker:
        return None
    words = normalize_for_compare(speaker).split()
    original = speaker.split()
    if not original or not all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in original):
        return None
    if original[0].lower() in DESCRIPTION_WORDS:
        return None
    return frozenset(w for w in words if w not in _NAME_PARTICLES)


def _speakers_compatible(a: str | None, b: str | None) -> bool:
    key_a, key_b = _speaker_key(a), _speaker_key(b)
    return key_a is None or key_b is None or bool(key_a & key_b)


def _similarity(a: str, b: str, *, contained: bool = True) -> float:
    """How alike two normalized wordings are, 0-100, as one quote; ``contained`` lets a
    shorter wording found in the longer one count."""
    short, long_ = sorted((a, b), key=len)
    n_short = len(short.split())
    if n_short < _MIN_FUZZY_WORDS:
        return 100.0 if a == b else 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if score >= SAME_QUOTE_MIN:
        return score
    long_enough = n_short >= _MIN_CONTAINED_WORDS
    if contained and long_enough and fuzz.partial_ratio(short, long_) >= CONTAINED_MIN:
        return CONTAINED_MIN
    return score


def group_quotes(quotes: Sequence[Quote]) -> list[QuoteGroup]:
    """Group the printings of the same quote across articles (and within one). Groups come
    in the order of their first member; members keep the input order."""
    normalized = [normalize_for_compare(q.text) for q in quotes]
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(normalized):
        if find(i) != find(j):
            # Within one article a shorter quote inside a longer one is another quote
            # ("I don't want to say that" / "... but I don't want to say who it was").
            across = quotes[i].article_id != quotes[j].article_id
            score = _similarity(normalized[i], normalized[j], contained=across)
            compatible = _speakers_compatible(quotes[i].speaker, quotes[j].speaker)
            near_identical = score >= NEAR_IDENTICAL_MIN and len(normalized[i].split()) >= 6
            if (score >= SAME_QUOTE_MIN and compatible) or near_identical:
                parent[max(find(i), find(j))] = min(find(i), find(j))
    members: dict[int, list[int]] = {}
    for i in range(len(quotes)):
        members.setdefault(find(i), []).append(i)
    groups: list[QuoteGroup] = []
    for root in sorted(members):
        indexes = members[root]
        group = tuple(quotes[i] for i in indexes)
        groups.append(
            QuoteGroup(_group_speaker(group), _representative(group, normalized, indexes), group)
        )
    return groups


_BLOCKING_WORDS = 5
_COMMON_ZIPF = 6.0


def _candidate_pairs(normalized: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs of quotes worth comparing: one contains one of the other's rarest words.

    Comparing every pair is quadratic (minutes for a few thousand quotes); a printing of
    the same quote, whole or partial, always shares its rarest words with the other."""
    postings: dict[str, list[int]] = {}
    word_lists = [text.split() for text in normalized]
    for i, words in enumerate(word_lists):
        for word in set(words):
            postings.setdefault(word, []).append(i)
    pairs: set[tuple[int, int]] = set()
    same_text: dict[str, int] = {}
    for i, words in enumerate(word_lists):
        first = same_text.setdefault(normalized[i], i)
        if first != i:
            pairs.add((first, i))
        if len(words) < _MIN_FUZZY_WORDS:
            continue  # short quotes only match exactly
        content = [w for w in set(words) if _word_zipf(w) < _COMMON_ZIPF] or list(set(words))
        for word in sorted(content, key=lambda w: (_word_zipf(w), w))[:_BLOCKING_WORDS]:
            pairs.update((min(i, j), max(i, j)) for j in postings[word] if j != i)
    return sorted(pairs)


@lru_cache(maxsize=8192)
def _word_zipf(word: str) -> float:
    return float(zipf_frequency(word))


def _representative(group: Sequence[Quote], normalized: list[str], indexes: list[int]) -> str:
    """The most printed wording; ties go to full quotes, then to the longest, then to the
    first."""
    counts = Counter(normalized[i] for i in indexes)
    best = min(
        range(len(group)),
        key=lambda k: (
            -counts[normalized[indexes[k]]],
            group[k].partial,
            -len(normalized[indexes[k]]),
            k,
        ),
    )
    return group[best].text


def _group_speaker(group: Sequence[Quote]) -> str | None:
    """The speaker most members name (names before descriptions); the longest spelling of
    that name ("Ana Ruiz" over "Ruiz")."""
    named = [q.speaker for q in group if q.speaker and _speaker_key(q.speaker)]
    if named:
        keys = Counter(w for s in named for w in _speaker_key(s) or ())
        top = max(keys.values())
        best_words = {w for w, c in keys.items() if c == top}
        candidates = [s for s in named if best_words & (_speaker_key(s) or frozenset())]
        return max(candidates, key=lambda s: (len(s), s))
    described = Counter(q.speaker for q in group if q.speaker)
    if described:
        return min(described, key=lambda s: (-described[s], s))
    return None


# --- wording differences ----------------------------------------------------------------

_DIFF_WORD = re.compile(r"\w+(?:['-]\w+)*")


def quote_differences(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level differences between two wordings of a quote, ignoring case, punctuation
    and quote styles: ("to include", "including"); an empty side is a missing word."""
    words_a = _DIFF_WORD.findall(a.translate(QUOTE_TRANSLATION))
    words_b = _DIFF_WORD.findall(b.translate(QUOTE_TRANSLATION))
    matcher = difflib.SequenceMatcher(
        a=[w.casefold() for w in words_a], b=[w.casefold() for w in words_b], autojunk=False
    )
    return [
        (" ".join(words_a[i1:i2]), " ".join(words_b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
