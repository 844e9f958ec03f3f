"""English word stems (Snowball), memoized: the same few thousand words of a story are
stemmed again and again by the stages that compare wordings."""

from __future__ import annotations

from functools import cache, lru_cache

import snowballstemmer


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased word ("injured" -> "injur")."""
    return str(_stemmer().stemWord(word.lower().replace("’", "'")))
