"""TF-IDF vectors as scikit-learn's ``TfidfVectorizer`` computes them, without importing
scikit-learn.

Why by hand: importing ``sklearn.feature_extraction.text`` pulls in ``sklearn.base``,
``scipy.stats`` and more, about 0.8 s of CPU, which was a third of the whole analysis of
a 15-article story. The lexical embedder needs only counting, a log, an IDF and a row
norm: a few numpy operations. They are done here in the same order and the same float32
arithmetic as scikit-learn 1.x (sublinear TF ``1 + log(tf)``, smoothed IDF
``1 + log((1 + n) / (1 + df))``, L2 rows summed sequentially in float64), and the entries
of each row are kept in scikit-learn's order, so every vector (and so every dossier) is
identical bit for bit; ``tests/align/test_tfidf.py`` checks this against scikit-learn.

The English stop words are scikit-learn's own list
(:func:`consilience.word_lists.english_stop_words`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from consilience.align.sparse_rows import SparseRows

#: scikit-learn's ``_white_spaces``: runs of whitespace become one space before char n-grams.
_WHITE_SPACES = re.compile(r"\s\s+")


def word_analyzer(
    token_pattern: str, ngram_range: tuple[int, int], stop_words: frozenset[str]
) -> Callable[[str], list[str]]:
    """Lowercased tokens of ``token_pattern``, stop words removed, then word n-grams."""
    tokenize = re.compile(token_pattern).findall
    low, high = ngram_range

    def analyze(text: str) -> list[str]:
        tokens = [t for t in tokenize(text.lower()) if t not in stop_words]
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
            grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams

    return analyze


def char_wb_analyzer(ngram_range: tuple[int, int]) -> Callable[[str], list[str]]:
    """Character n-grams inside words, each word padded with one space on both sides."""
    low, high = ngram_range
    known: dict[str, list[str]] = {}  # words repeat across a story's sentences

    def grams_of(word: str) -> list[str]:
        padded = f" {word} "
        size = len(padded)
        grams: list[str] = []
        for n in range(low, high + 1):
            if size <= n:  # a word shorter than n counts once, whole
                grams.append(padded)
                break
            grams.extend([padded[i : i + n] for i in range(size - n + 1)])
        return grams

    def analyze(text: str) -> list[str]:
        grams: list[str] = []
        for word in _WHITE_SPACES.sub(" ", text.lower()).split():
            found = known.get(word)
            if found is None:
                found = known[word] = grams_of(word)
            grams.extend(found)
        return grams

    return analyze


def tfidf_matrix(texts: Sequence[str], analyze: Callable[[str], list[str]]) -> SparseRows | None:
    """The L2-normalized, sublinear-TF, smoothed-IDF rows of ``texts`` (float32, columns
    in alphabetical order of the terms), or None when no text has a term."""
    terms: list[str] = []
    term_counts: list[int] = []
    row_sizes: list[int] = []
    for text in texts:
        counted = Counter(analyze(text))
        terms.extend(counted)
        term_counts.extend(counted.values())
        row_sizes.append(len(counted))
    if not terms:
        return None
    # A term's index is its rank of first appearance in the corpus (scikit-learn's
    # vocabulary order). scikit-learn sorts each row by it, then renames the columns
    # alphabetically without re-sorting: that order of a row's entries fixes the order
    # of the float sums, so it is kept.
    vocabulary = {term: index for index, term in enumerate(dict.fromkeys(terms))}
    appearance = np.fromiter(map(vocabulary.__getitem__, terms), dtype=np.int32, count=len(terms))
    sizes = np.asarray(row_sizes, dtype=np.int64)
    order = np.lexsort((appearance, np.repeat(np.arange(len(texts)), sizes)))
    by_name = np.fromiter(map(vocabulary.__getitem__, sorted(vocabulary)), dtype=np.int32)
    alphabetical = np.empty(len(vocabulary), dtype=np.int32)
    alphabetical[by_name] = np.arange(len(vocabulary), dtype=np.int32)
    indices = alphabetical[appearance[order]]
    data = np.asarray(term_counts, dtype=np.float32)[order]
    np.log(data, out=data)
    data += 1.0
    document_frequency = np.bincount(indices, minlength=len(vocabulary)).astype(np.float32)
    document_frequency += 1.0
    idf = np.full_like(document_frequency, fill_value=len(texts) + 1, dtype=np.float32)
    idf /= document_frequency
    np.log(idf, out=idf)
    idf += 1.0
    data *= idf[indices]
    pointers = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=pointers[1:])
    data = normalize_rows(data, pointers)
    return SparseRows(data, indices, pointers, len(vocabulary))


def normalize_rows(data: NDArray[np.float32], indptr: NDArray[np.int64]) -> NDArray[np.float32]:
    """Each CSR row divided by its L2 norm, the norm summed entry after entry in float64
    as scikit-learn's ``inplace_csr_row_normalize_l2`` does; empty rows stay as they are."""
    squares = (data * data).astype(np.float64)
    lengths = np.diff(indptr)
    starts = indptr[:-1]
    sums = np.zeros(len(lengths), dtype=np.float64)
    by_length = np.argsort(-lengths, kind="stable")
    sorted_lengths = lengths[by_length]
    for position in range(int(lengths.max(initial=0))):
        active = by_length[: int(np.count_nonzero(sorted_lengths > position))]
        sums[active] += squares[starts[active] + position]
    norms = np.sqrt(sums)
    norms[norms == 0.0] = 1.0
    normalized: NDArray[np.float32] = (data.astype(np.float64) / np.repeat(norms, lengths)).astype(
        np.float32
    )
    return normalized
