"""The hand-written TF-IDF gives scikit-learn's vectors bit for bit, row order included."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.align.embedders import LexicalEmbedder

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
sklearn_preprocessing = pytest.importorskip("sklearn.preprocessing")
sparse = pytest.importorskip("scipy.sparse")

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
STORIES = sorted((SHARED / "bench" / "corroboration").glob("*/articles.jsonl"))


def sklearn_lexical(texts: list[str], char_weight: float = 0.5) -> Any:
    """The lexical embedder as it was written with scikit-learn's vectorizers."""
    words = sklearn_text.TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        stop_words="english",
        token_pattern=r"(?u)\b\w[\w'’-]*\w\b|\b\d+\b",
        dtype=np.float32,
    )
    chars = sklearn_text.TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
    )
    parts = []
    for vectorizer, weight in ((words, 1.0 - char_weight), (chars, char_weight)):
        try:
            parts.append(vectorizer.fit_transform(texts) * weight)
        except ValueError:
            continue
    if not parts:
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    stacked = sparse.hstack(parts).tocsr()
    return sklearn_preprocessing.normalize(stacked).astype(np.float32)


def assert_identical(texts: list[str]) -> None:
    expected = sklearn_lexical(texts)
    got = LexicalEmbedder().encode(texts)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert got.data.dtype == np.float32
    assert np.array_equal(got.data.view(np.uint32), expected.data.view(np.uint32))


def _sentences(path: Path) -> list[str]:
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]


@pytest.mark.parametrize("path", STORIES, ids=[p.parent.name for p in STORIES])
def test_real_story_sentences_match_scikit_learn_bit_for_bit(path: Path) -> None:
    assert_identical(_sentences(path))


@pytest.mark.parametrize(
    "texts",
    [
        ["The cat sat on the mat.", "A dog barked at 5 cats"],
        ["the of and", "a"],  # only stop words: the word part is empty
        ["", "  ", "x"],  # no word of two letters; char n-grams of one short word
        ["Hello   world\tagain", "don't stop-me now 12 3", "é ü ß İstanbul ΑΘΗΝΑ"],
        ["Same sentence here.", "Same sentence here.", "Same sentence here."],
    ],
)
def test_edge_cases_match_scikit_learn(texts: list[str]) -> None:
    assert_identical(texts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=8))
def test_any_text_matches_scikit_learn(texts: list[str]) -> None:
    assert_identical(texts)


def test_rows_are_unit_length_and_empty_input_gives_no_rows() -> None:
    vectors = LexicalEmbedder().encode(["Troops fired on protesters.", "Protesters fled."])
    matrix = vectors.tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-6)
    assert LexicalEmbedder().encode([]).shape[0] == 0
