"""English word stems (Snowball), memoized: the same few thousand words of a story are
stemmed again and again by the stages that compare wordings. ``snowballstemmer`` runs
PyStemmer's C build of the same algorithm when it is installed (a dependency: the same
stems, fifteen times faster; ``tests/test_stems.py`` compares them).

A Snowball stemmer object keeps state while it stems a word, so two threads sharing one
mix up their words (seen under a threaded Dask worker): each thread gets its own."""

from __future__ import annotations

import threading
from functools import lru_cache

import snowballstemmer

_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased word ("injured" -> "injur")."""
    return str(_stemmer().stemWord(word.lower().replace("’", "'")))
