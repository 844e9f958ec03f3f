"""Sentence-level text reuse between the articles of a story.

A sentence is *reused* in another article when most of the word trigrams of the shorter
of the two reappear in the other (containment, so a copy that drops a clause or changes a
word still counts). Reuse is found through an inverted index of trigrams, never by
comparing all pairs of sentences: a sentence is compared only with the sentences that
share one of its trigrams, and trigrams most of the story uses ("said in a statement")
are not followed.

Words inside quotation marks weigh half: a quote shared by two articles may come from one
press statement both reporters read, while shared narrative (the reporter's own words)
comes from one text. Whole-article coverage ("how much of article a is reused from b")
is built from the reused sentences, weighted by their words.

Hand-written rather than a library's near-duplicate search (datasketch MinHash/LSH is
used for whole documents in the clustering): sentences are short, so exact trigram
containment on an inverted index is both cheaper and exact, and the span of every
reused sentence is kept for the reader.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from consilience.records import PreparedArticle, Quote
from consilience.textspan import iter_words, normalize_for_compare

#: Trigrams: long enough that a shared one is rarely chance, short enough to survive a
#: changed word every few words.
SHINGLE = 3
#: Share of the shorter sentence's trigrams that must reappear.
MIN_CONTAINMENT = 0.5
#: ...and at least this many trigrams (five words in common order).
MIN_SHARED = 3
#: Words inside quotation marks count this much (narrative words count 1).
QUOTE_WEIGHT = 0.5
#: A trigram found in more sentences than this share of the story's articles is common
#: phrasing, not evidence of copying, and is not followed through the index.
_COMMON_SHARE = 0.5
_MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class SentenceWords:
    """The comparable words of one evidence sentence."""

    article_id: str
    sentence: int
    start: int
    end: int
    words: tuple[str, ...]
    #: for each word, whether it stands inside quotation marks
    quoted: tuple[bool, ...]

    @property
    def weight(self) -> float:
        quoted = sum(self.quoted)
        return (len(self.words) - quoted) + QUOTE_WEIGHT * quoted

    @property
    def quoted_share(self) -> float:
        return sum(self.quoted) / len(self.words) if self.words else 0.0

    def shingles(self) -> set[tuple[str, ...]]:
        w = self.words
        return {w[i : i + SHINGLE] for i in range(len(w) - SHINGLE + 1)}


@dataclass(frozen=True, slots=True)
class ReusedSentence:
    """Sentence ``a_sentence`` of article ``a`` reappears as ``b_sentence`` of ``b``."""

    a: str
    a_sentence: int
    b: str
    b_sentence: int
    #: share of the shorter sentence's trigrams found in the other
    containment: float
    #: share of the words inside quotation marks (of the shorter sentence)
    quoted_share: float


@lru_cache(maxsize=65536)
def _compared_words(word: str) -> tuple[str, ...]:
    return tuple(normalize_for_compare(word).split())


def sentence_words(prepared: PreparedArticle, quotes: Sequence[Quote] = ()) -> list[SentenceWords]:
    """The evidence sentences of an article as comparable words, each marked as quoted or
    not."""
    text = prepared.article.text
    spans = sorted((q.start, q.end) for q in quotes)
    starts = [s for s, _ in spans]
    # reach[k]: the furthest end among the first k + 1 spans; a position is quoted when
    # a span starting at or before it reaches past it.
    reach = list(accumulate((e for _, e in spans), max))
    out = []
    for sentence in prepared.evidence_sentences():
        words: list[str] = []
        quoted: list[bool] = []
        for match in iter_words(text, sentence.start, sentence.end):
            position = match.start()
            before = bisect_right(starts, position)
            inside = before > 0 and reach[before - 1] > position
            for word in _compared_words(match.group()):
                words.append(word)
                quoted.append(inside)
        if len(words) >= _MIN_WORDS:
            out.append(
                SentenceWords(
                    prepared.id,
                    sentence.index,
                    sentence.start,
                    sentence.end,
                    tuple(words),
                    tuple(quoted),
                )
            )
    return out


def find_reuse(sentences: Sequence[SentenceWords]) -> list[ReusedSentence]:
    """Every pair of sentences of two different articles where one reuses the other."""
    shingles = [s.shingles() for s in sentences]
    postings: dict[tuple[str, ...], list[int]] = {}
    for index, found in enumerate(shingles):
        for shingle in found:
            postings.setdefault(shingle, []).append(index)
    n_articles = len({s.article_id for s in sentences})
    common = max(2, int(_COMMON_SHARE * n_articles))
    out: list[ReusedSentence] = []
    for index, found in enumerate(shingles):
        if not found:
            continue
        mine = sentences[index]
        shared: Counter[int] = Counter()
        for shingle in found:
            posting = postings[shingle]
            if len(posting) > common:
                continue
            for other in posting:
                if other > index and sentences[other].article_id != mine.article_id:
                    shared[other] += 1
        for other, count in sorted(shared.items()):
            if count < MIN_SHARED:
                continue
            smaller = min(len(found), len(shingles[other]))
            containment = count / smaller
            if containment < MIN_CONTAINMENT:
                continue
            theirs = sentences[other]
            shorter = mine if len(mine.words) <= len(theirs.words) else theirs
            out.append(
                ReusedSentence(
                    mine.article_id,
                    mine.sentence,
                    theirs.article_id,
                    theirs.sentence,
                    round(containment, 3),
                    round(shorter.quoted_share, 3),
                )
            )
    return out


@dataclass(frozen=True)
class ReuseIndex:
    """Reused sentences of a story, with per-article weights for coverage figures."""

    sentences: Mapping[str, Sequence[SentenceWords]]
    pairs: Sequence[ReusedSentence]

    def coverage(self) -> dict[tuple[str, str], float]:
        """``(a, b) -> share`` of article a's weighted words in sentences reused in b."""
        weight = {
            (s.article_id, s.sentence): s.weight for found in self.sentences.values() for s in found
        }
        totals = {a: sum(s.weight for s in found) for a, found in self.sentences.items()}
        matched: dict[tuple[str, str], set[int]] = {}
        for pair in self.pairs:
            matched.setdefault((pair.a, pair.b), set()).add(pair.a_sentence)
            matched.setdefault((pair.b, pair.a), set()).add(pair.b_sentence)
        return {
            (a, b): sum(weight[(a, i)] for i in found) / totals[a]
            for (a, b), found in matched.items()
            if totals.get(a)
        }


def build_reuse_index(
    articles: Sequence[PreparedArticle], quotes: Mapping[str, Sequence[Quote]]
) -> ReuseIndex:
    sentences = {p.id: sentence_words(p, quotes.get(p.id, ())) for p in articles}
    flat = [s for found in sentences.values() for s in found]
    return ReuseIndex(sentences, find_reuse(flat))
