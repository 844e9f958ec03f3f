"""Sparse rows and their products give scipy's values bit for bit: on every story's
sentences, on row blocks as the aligner and the rewrite finder take them, and on any
small matrix, through numpy's scatter-add and through scipy past its threshold."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from consilience.align import sparse_rows
from consilience.align.embedders import LexicalEmbedder, cosine_matrix, cross_cosine
from consilience.align.sparse_rows import SparseRows, row_products, side_by_side

sparse = pytest.importorskip("scipy.sparse")

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
STORIES = sorted((SHARED / "bench" / "corroboration").glob("*/articles.jsonl"))


def _sentences(path: Path) -> list[str]:
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]


def _scipy_products(left: SparseRows, right: SparseRows) -> np.ndarray:
    return np.asarray((left.tocsr() @ right.tocsr().T).toarray(), dtype=np.float32)


def _same_bits(got: np.ndarray, expected: np.ndarray) -> bool:
    return got.shape == expected.shape and np.array_equal(
        got.view(np.uint32), expected.astype(np.float32).view(np.uint32)
    )


@pytest.mark.parametrize("path", STORIES, ids=[p.parent.name for p in STORIES])
def test_story_products_are_scipys_bit_for_bit(path: Path) -> None:
    vectors = LexicalEmbedder().encode(_sentences(path))
    assert _same_bits(row_products(vectors, vectors), _scipy_products(vectors, vectors))
    # The aligner's row blocks against every row; the rewrite finder's blocks against the
    # columns its pairs name.
    block = vectors[slice(17, 61)]
    assert _same_bits(row_products(block, vectors), _scipy_products(block, vectors))
    picked, columns = np.array([3, 9, 40, 41, 90]), np.array([0, 5, 9, 77])
    assert _same_bits(
        row_products(vectors[picked], vectors[columns]),
        _scipy_products(vectors[picked], vectors[columns]),
    )


def test_chunks_and_the_scipy_path_give_the_same_values(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = LexicalEmbedder().encode(_sentences(STORIES[0]))
    whole = row_products(vectors, vectors)
    monkeypatch.setattr(sparse_rows, "_CHUNK", 997)
    assert _same_bits(row_products(vectors, vectors), whole)
    big = sparse_rows.for_story(replace(vectors, by_scipy=False))
    assert not big.by_scipy
    monkeypatch.setattr(sparse_rows, "SCIPY_FROM", 0)
    big = sparse_rows.for_story(big)
    assert big.by_scipy and big[3:9].by_scipy and big[[1, 2]].scaled(2.0).by_scipy
    assert _same_bits(row_products(big, big), whole)


@st.composite
def _matrices(draw: st.DrawFn, rows: int | None = None, width: int | None = None) -> SparseRows:
    """Random CSR rows whose entries come in any column order (as hstack leaves them)."""
    rows = draw(st.integers(0, 7)) if rows is None else rows
    width = draw(st.integers(1, 12)) if width is None else width
    data, indices, indptr = [], [], [0]
    for _ in range(rows):
        columns = draw(st.lists(st.integers(0, width - 1), unique=True, max_size=width))
        values = draw(
            hnp.arrays(
                np.float32,
                len(columns),
                elements=st.floats(-2, 2, width=32, allow_subnormal=False),
            )
        )
        data.extend(values.tolist())
        indices.extend(columns)
        indptr.append(len(indices))
    return SparseRows(
        np.asarray(data, dtype=np.float32),
        np.asarray(indices, dtype=np.int32),
        np.asarray(indptr, dtype=np.int64),
        width,
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_small_product_is_scipys(data: st.DataObject) -> None:
    width = data.draw(st.integers(1, 12))
    left = data.draw(_matrices(width=width))
    right = data.draw(_matrices(width=width))
    assert _same_bits(row_products(left, right), _scipy_products(left, right))


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_rows_taken_and_joined_are_scipys(data: st.DataObject) -> None:
    rows = data.draw(st.integers(0, 6))
    parts = [data.draw(_matrices(rows=rows)) for _ in range(data.draw(st.integers(1, 3)))]
    joined = side_by_side(parts)
    expected = sparse.hstack([p.tocsr() for p in parts], format="csr")
    assert joined.shape == expected.shape
    assert np.array_equal(joined.indptr, expected.indptr)
    assert np.array_equal(joined.indices, expected.indices)
    assert np.array_equal(joined.data, expected.data)
    if rows:
        chosen = data.draw(st.lists(st.integers(-rows, rows - 1), max_size=8))
        taken = joined[np.asarray(chosen, dtype=np.int64)]
        expected_rows = expected[chosen] if chosen else expected[[]]
        assert np.array_equal(taken.tocsr().toarray(), expected_rows.toarray())
        assert np.array_equal(taken.data, expected_rows.data)
    scaled = joined.scaled(0.5)
    assert np.array_equal(scaled.data, (expected * 0.5).data)


def test_empty_rows_and_no_entries() -> None:
    empty = SparseRows.empty(3, width=4)
    assert row_products(empty, empty).shape == (3, 3)
    assert not row_products(empty, empty).any()
    assert empty[1:1].shape == (0, 4)
    vectors = LexicalEmbedder().encode(["the of and", "Ships sank.", ""])
    assert cosine_matrix(vectors)[1, 1] == pytest.approx(1.0, abs=1e-6)
    assert cross_cosine(vectors[[1]], vectors).shape == (1, 3)
