"""Rewrites: one article retelling another sentence by sentence in other words.

A rewrite (a spun copy, a shortened wire story, a children's edition) keeps its source's
facts *in its source's order*, so its sentences can be matched, in order, to the
source's sentences even where few words survive. For two articles the coverage is the
best monotone alignment of their sentences (each sentence matched at most once, both
sides in increasing order), counting only pairs at least :data:`MIN_SIMILARITY` alike,
each weighted by its similarity and the sentence's words: the share of article a that
reads as a retelling of b. Independent reports share some facts too, but seldom a long
run of them in the same order.

Similarity is the lexical embedder's cosine, fitted on the story; verbatim reuse found
by :mod:`consilience.provenance.reuse` counts as 1. Only pairs of sentences sharing a
content word (other than the few that fill a big story's every sentence) are compared (an inverted index), so
the cost follows the number of plausible pairs, not the square of the sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from consilience.provenance.reuse import ReusedSentence, SentenceWords
from consilience.textspan import STOPWORDS

MIN_SIMILARITY = 0.3
#: A word in more sentences than this proposes no pairs (a big story's every-sentence
#: words): the rarer words two similar sentences share propose them.
_COMMON_POSTING = 200


def similar_pairs(
    sentences: Sequence[SentenceWords], texts: Sequence[str]
) -> dict[tuple[int, int], float]:
    """``(i, j) -> cosine`` for sentences of different articles at least
    :data:`MIN_SIMILARITY` alike (i < j, indexes into ``sentences``), in order of i, then j.

    The cosine is the lexical embedder's (word and character n-gram TF-IDF: character
    n-grams see a spun "vessels" in "vessel"); it is computed only for pairs that share a
    content word: a block of rows against the columns its pairs name, never the whole
    story."""
    if len(sentences) < 2:
        return {}
    import numpy as np

    from consilience.align.embedders import LexicalEmbedder
    from consilience.align.sparse_rows import row_products

    vectors = LexicalEmbedder().encode(texts)
    firsts, seconds = _candidate_pairs(sentences)
    out: dict[tuple[int, int], float] = {}
    rows = np.unique(firsts)
    for start in range(0, len(rows), _BLOCK):
        block = rows[start : start + _BLOCK]
        begin = np.searchsorted(firsts, block[0], side="left")
        stop = np.searchsorted(firsts, block[-1], side="right")
        left, right = firsts[begin:stop], seconds[begin:stop]
        columns = np.unique(right)
        # Each cosine sums its terms in the order of the left row's features, whatever
        # columns are taken: the values are those of the whole product.
        products = row_products(vectors[block], vectors[columns])
        values = products[np.searchsorted(block, left), np.searchsorted(columns, right)]
        kept = values >= MIN_SIMILARITY
        for i, j, value in zip(
            left[kept].tolist(), right[kept].tolist(), values[kept].tolist(), strict=True
        ):
            out[(i, j)] = value
    return out


def _candidate_pairs(sentences: Sequence[SentenceWords]) -> tuple[Any, Any]:
    """Pairs ``(i, j)``, i < j, of sentences of different articles sharing a content word
    that is not in every sentence of a big story: two integer arrays, sorted by i, then j."""
    import numpy as np

    postings: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        for word in set(sentence.words):
            if len(word) > 2 and word not in STOPWORDS:
                postings.setdefault(word, []).append(index)
    firsts: list[Any] = [np.zeros(0, dtype=np.int64)]
    seconds: list[Any] = [np.zeros(0, dtype=np.int64)]
    for posting in postings.values():
        if 1 < len(posting) <= _COMMON_POSTING:
            members = np.array(posting, dtype=np.int64)
            upper, lower = np.triu_indices(len(members), 1)
            firsts.append(members[upper])
            seconds.append(members[lower])
    article_of: dict[str, int] = {}
    articles = np.array(
        [article_of.setdefault(s.article_id, len(article_of)) for s in sentences], dtype=np.int64
    )
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    apart = articles[first] != articles[second]
    keys = np.unique(first[apart] * len(sentences) + second[apart])
    return keys // len(sentences), keys % len(sentences)


_BLOCK = 256


def rewrite_coverage(
    sentences: Sequence[SentenceWords],
    similar: dict[tuple[int, int], float],
    reused: Iterable[ReusedSentence],
) -> dict[tuple[str, str], float]:
    """``(a, b) -> share`` of article a's weighted words that a monotone alignment with
    article b's sentences covers."""
    position = {(s.article_id, s.sentence): i for i, s in enumerate(sentences)}
    scores = dict(similar)
    for pair in reused:
        i, j = position.get((pair.a, pair.a_sentence)), position.get((pair.b, pair.b_sentence))
        if i is not None and j is not None:
            scores[(min(i, j), max(i, j))] = 1.0
    by_pair: dict[tuple[str, str], list[tuple[int, int, float]]] = {}
    for (i, j), value in scores.items():
        a, b = sentences[i].article_id, sentences[j].article_id
        by_pair.setdefault((a, b), []).append((i, j, value))
        by_pair.setdefault((b, a), []).append((j, i, value))
    totals: dict[str, float] = {}
    for s in sentences:
        totals[s.article_id] = totals.get(s.article_id, 0.0) + s.weight
    out = {}
    for (a, b), matches in by_pair.items():
        weighted = [(i, j, value * sentences[i].weight) for i, j, value in matches]
        weight, length = _best_monotone(weighted)
        # One similar sentence is one shared fact, not a retelling.
        if length >= _MIN_CHAIN and totals[a]:
            out[(a, b)] = weight / totals[a]
    return out


_MIN_CHAIN = 2


def _best_monotone(matches: list[tuple[int, int, float]]) -> tuple[float, int]:
    """The heaviest chain of matches strictly increasing on both sides (each sentence
    used once), and its length. Quadratic in the matches of one article pair, which stay
    few."""
    matches.sort()
    best: list[tuple[float, int]] = [(0.0, 0)] * len(matches)
    for k, (i, j, value) in enumerate(matches):
        prior = max(
            (best[m] for m in range(k) if matches[m][0] < i and matches[m][1] < j),
            default=(0.0, 0),
        )
        best[k] = (prior[0] + value, prior[1] + 1)
    return max(best, default=(0.0, 0))
