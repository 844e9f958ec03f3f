"""Word stems are right from many threads at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from consilience.stems import stem

_WORDS = "rescuers searching collapsed buildings reported continuing aftershocks".split() * 400


def test_stems_are_the_same_from_many_threads_at_once() -> None:
    # One shared Snowball stemmer mixed up the words of concurrent threads (a Dask
    # worker runs tasks on several): each thread has its own.
    alone = [stem(word) for word in _WORDS]
    stem.cache_clear()  # make every thread stem for itself
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(stem, _WORDS, chunksize=1))
    assert together == alone
    assert alone[:3] == ["rescuer", "search", "collaps"]
