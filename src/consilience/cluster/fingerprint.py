"""Near-duplicate fingerprints: word shingles, MinHash signatures and an LSH index.

Two copies of one report (a wire story on ten sites, a lightly spun rewrite) are one piece
of content: they join before any event similarity is computed, and the clustering works
on the unique contents. datasketch does the MinHash and the LSH banding; this module only
picks the shingles (word trigrams of the normalized text) and a stable hash for them.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from consilience.records import PreparedArticle

#: Words per shingle. Trigrams survive light edits (one changed word breaks three
#: shingles, not five) and are specific enough that unrelated reports share few of them.
SHINGLE_WORDS = 3
_WORD = re.compile(r"\w+")


def fingerprint_text(prepared: PreparedArticle) -> str:
    """The text that identifies an article's content: its sentences minus the junk and
    copies marked by the cleaner (a share bar or a pasted footer is not content)."""
    kept = [s.text for s in prepared.sentences if s.skip is None]
    return "\n".join(kept) if kept else prepared.article.text


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[bytes]:
    """Distinct word ``size``-grams of ``text`` (case and punctuation ignored), UTF-8
    encoded for hashing. A text shorter than ``size`` words is one shingle."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return [" ".join(words).encode()] if words else []
    grams = zip(*(words[i:] for i in range(size)), strict=False)
    return [gram.encode() for gram in dict.fromkeys(" ".join(g) for g in grams)]


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[object, str]:
    # Drawing the permutations is the costly part of a new MinHash; draw them once.
    template = MinHash(num_perm=num_perm, hashfunc=zlib.crc32)
    return template.permutations, template.scheme


def signature(text: str, num_perm: int = 128) -> LeanMinHash:
    """The MinHash signature of ``text``'s shingles. CRC-32 hashes the shingles: it is
    stable across processes (saved states stay valid) and much faster than SHA-1."""
    permutations, scheme = _permutations(num_perm)
    minhash = MinHash(
        num_perm=num_perm, hashfunc=zlib.crc32, permutations=permutations, scheme=scheme
    )
    grams = shingles(text)
    if grams:
        minhash.update_batch(grams)
    return LeanMinHash(minhash)


def same_content(first: np.ndarray, second: np.ndarray, threshold: float) -> bool:
    """Whether two signatures' hash values estimate a Jaccard similarity of at least
    ``threshold`` (datasketch's estimate: the share of equal values)."""
    return float(np.count_nonzero(first == second)) / float(len(first)) >= threshold


@lru_cache(maxsize=8)
def band_ranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The LSH bands of :class:`NearDuplicateIndex`: two signatures are compared when
    their values are equal over one of these ranges."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return tuple((int(start), int(end)) for start, end in lsh.hashranges)


def signature_from_values(values: np.ndarray) -> LeanMinHash:
    """Rebuild a signature from its stored hash values (``signature(...).hashvalues``)."""
    _, scheme = _permutations(len(values))
    return LeanMinHash(seed=1, hashvalues=values, scheme=scheme)


class NearDuplicateIndex:
    """Finds, for each new signature, an earlier one whose estimated Jaccard similarity is
    at least ``threshold``. Keys are integers (the caller's node numbers)."""

    def __init__(self, threshold: float = 0.7, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[int, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def match(self, minhash: LeanMinHash) -> int | None:
        """The earliest indexed key that is a near-duplicate of ``minhash``, if any."""
        best: int | None = None
        for key in self._lsh.query(minhash):
            candidate = int(key)
            if (best is None or candidate < best) and same_content(
                self._signatures[candidate].hashvalues, minhash.hashvalues, self.threshold
            ):
                best = candidate
        return best

    def add(self, key: int, minhash: LeanMinHash) -> None:
        self._signatures[key] = minhash
        self._lsh.insert(str(key), minhash)

    def add_all(self, items: Iterable[tuple[int, LeanMinHash]]) -> None:
        for key, minhash in items:
            self.add(key, minhash)


def group_near_duplicates(texts: Sequence[str], threshold: float = 0.7) -> list[int]:
    """For each text, the index of the first earlier text it nearly duplicates (itself
    when none): a convenience over :class:`NearDuplicateIndex` for one-off use."""
    index = NearDuplicateIndex(threshold)
    groups: list[int] = []
    for number, text in enumerate(texts):
        minhash = signature(text)
        found = index.match(minhash)
        if found is None:
            index.add(number, minhash)
            groups.append(number)
        else:
            groups.append(groups[found])
    return groups
