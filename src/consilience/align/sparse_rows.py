"""Rows of sparse vectors (the lexical embedder's TF-IDF) and their dot products, with
scipy loaded only for products big enough to need it.

Why not ``scipy.sparse`` alone: importing it costs about 0.12 s of CPU (it clones numpy's
namespace, which loads ``numpy.f2py`` and ``numpy.testing``), a tenth of analyzing a
15-article story, whose products take a few milliseconds. The rows are kept as the three
CSR arrays; a product adds each term's contribution exactly as scipy's CSR product does
(float32, the left row's entries in their order, so each sum is the same sequence of
roundings) and the values are the same bit for bit (``tests/align/test_sparse_rows.py``
compares them with scipy's). Past :data:`SCIPY_FROM` contributions scipy's compiled loop
is faster than numpy's scatter-add: rows whose whole story's self-product passes it are
marked, and every product of rows so marked goes to scipy (one rule per story, so a
story's products never depend on what ran before in the process).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

#: Term contributions of a story's self-product past which scipy computes its products
#: (numpy's scatter-add costs about 15 ns a contribution, scipy's import about 0.12 s, its
#: loop 2-3 ns).
SCIPY_FROM = 8_000_000
#: Contributions scattered at once (bounds the temporary arrays to some 50 MB).
_CHUNK = 1_000_000


@dataclass(frozen=True)
class SparseRows:
    """Row vectors in compressed sparse row form: row ``i``'s entries are
    ``data[indptr[i]:indptr[i + 1]]`` in the columns ``indices[...]``, in the order they
    were added (which fixes the order of a product's float sums)."""

    data: NDArray[np.float32]
    indices: NDArray[np.int32]
    indptr: NDArray[np.int64]
    width: int
    #: Products of these rows are scipy's (the rows of a big story: see :func:`for_story`).
    by_scipy: bool = False

    @classmethod
    def empty(cls, rows: int, width: int = 1) -> SparseRows:
        return cls(
            np.zeros(0, dtype=np.float32),
            np.zeros(0, dtype=np.int32),
            np.zeros(rows + 1, dtype=np.int64),
            width,
        )

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.indptr) - 1, self.width)

    @property
    def nnz(self) -> int:
        return len(self.data)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def __getitem__(self, rows: slice | NDArray[np.integer[Any]] | list[int]) -> SparseRows:
        """The rows named (a slice or an array of row numbers), in that order."""
        if isinstance(rows, slice):
            start, stop, step = rows.indices(len(self))
            if step == 1:
                stop = max(start, stop)
                begin, end = int(self.indptr[start]), int(self.indptr[stop])
                return SparseRows(
                    self.data[begin:end],
                    self.indices[begin:end],
                    self.indptr[start : stop + 1] - begin,
                    self.width,
                    self.by_scipy,
                )
            rows = np.arange(start, stop, step)
        chosen = np.asarray(rows, dtype=np.int64)
        chosen = np.where(chosen < 0, chosen + len(self), chosen)  # -1 is the last row
        starts, ends = self.indptr[chosen], self.indptr[chosen + 1]
        lengths = ends - starts
        indptr = np.zeros(len(chosen) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        positions = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
        return SparseRows(
            self.data[positions], self.indices[positions], indptr, self.width, self.by_scipy
        )

    def scaled(self, weight: float) -> SparseRows:
        """Every entry times ``weight`` (in float32, as scipy's ``matrix * weight``)."""
        return SparseRows(self.data * weight, self.indices, self.indptr, self.width, self.by_scipy)

    def tocsr(self) -> Any:
        """The same rows as a scipy CSR matrix (imports scipy)."""
        from scipy import sparse

        # 32-bit row pointers when they fit, as scipy makes them: 64-bit ones would make
        # it copy the column indices to 64 bits and run its slower 64-bit loops.
        fits = self.nnz < np.iinfo(np.int32).max
        indptr = self.indptr.astype(np.int32) if fits else self.indptr
        return sparse.csr_matrix((self.data, self.indices, indptr), shape=self.shape)


def side_by_side(parts: list[SparseRows]) -> SparseRows:
    """The rows of ``parts`` joined column-wise (each part's columns after the previous
    part's), a row's entries part after part: scipy's ``hstack`` of CSR matrices."""
    rows = len(parts[0])
    lengths = np.zeros(rows, dtype=np.int64)
    for part in parts:
        lengths += np.diff(part.indptr)
    indptr = np.zeros(rows + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    data = np.empty(int(indptr[-1]), dtype=np.float32)
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    filled = indptr[:-1].copy()
    offset = 0
    for part in parts:
        part_lengths = np.diff(part.indptr)
        targets = np.repeat(filled - part.indptr[:-1], part_lengths) + np.arange(part.nnz)
        data[targets] = part.data
        indices[targets] = part.indices + offset
        filled += part_lengths
        offset += part.width
    return SparseRows(data, indices, indptr, offset, any(part.by_scipy for part in parts))


def for_story(rows: SparseRows) -> SparseRows:
    """``rows`` marked for scipy's products when their self-product would add more than
    :data:`SCIPY_FROM` term contributions (the sum over terms of their rows squared)."""
    sizes = np.bincount(rows.indices, minlength=rows.width).astype(np.int64)
    return replace(rows, by_scipy=int(sizes @ sizes) > SCIPY_FROM)


def row_products(left: SparseRows, right: SparseRows) -> NDArray[np.float32]:
    """The dot product of every row of ``left`` with every row of ``right``, as a dense
    ``(len(left), len(right))`` float32 array: scipy's ``(left @ right.T).toarray()``."""
    if left.by_scipy or right.by_scipy:
        product = left.tocsr() @ right.tocsr().T
        return np.asarray(product.toarray(), dtype=np.float32)
    out = np.zeros((len(left), len(right)), dtype=np.float32)
    if not left.nnz or not right.nnz:
        return out
    # The right rows as columns: for each term, the right rows holding it, in row order.
    by_term = np.argsort(right.indices, kind="stable")
    term_rows = np.repeat(np.arange(len(right), dtype=np.int64), np.diff(right.indptr))[by_term]
    term_values = right.data[by_term]
    term_sizes = np.bincount(right.indices, minlength=right.width).astype(np.int64)
    term_starts = np.zeros(right.width + 1, dtype=np.int64)
    np.cumsum(term_sizes, out=term_starts[1:])
    # Each left entry meets every right row holding its term: the product's contributions.
    counts = term_sizes[left.indices]
    flat = out.reshape(-1)
    entry_rows = np.repeat(np.arange(len(left), dtype=np.int64), np.diff(left.indptr))
    # Whole left rows at a time, about _CHUNK contributions each; within a chunk the
    # contributions are scattered in the order of the left rows' entries, which is the
    # order scipy adds them in.
    running = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=running[1:])
    before_row = running[left.indptr]  # contributions of the rows before each row
    first = 0
    while first < len(left):
        within = np.searchsorted(before_row, before_row[first] + _CHUNK, side="right") - 1
        last = min(len(left), max(first + 1, int(within)))
        begin, end = int(left.indptr[first]), int(left.indptr[last])
        chunk_counts = counts[begin:end]
        total = int(chunk_counts.sum())
        ends = np.cumsum(chunk_counts)
        at = np.repeat(term_starts[left.indices[begin:end]] - (ends - chunk_counts), chunk_counts)
        at += np.arange(total)
        targets = np.repeat(entry_rows[begin:end] * len(right), chunk_counts) + term_rows[at]
        np.add.at(flat, targets, np.repeat(left.data[begin:end], chunk_counts) * term_values[at])
        first = last
    return out
