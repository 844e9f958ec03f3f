"""Word stems are right from many threads at once, and the C stemmer gives the Python
Snowball stems."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def test_the_c_stemmer_gives_the_python_snowball_stems() -> None:
    # snowballstemmer hands over to PyStemmer's C stemmers when it is installed (fifteen
    # times faster); both are built from the same Snowball algorithm.
    import snowballstemmer
    from snowballstemmer.english_stemmer import EnglishStemmer

    assert type(snowballstemmer.stemmer("english")).__module__ == "Stemmer"
    python_stemmer = EnglishStemmer()
    words = sorted(set(re.findall(r"[a-z’']+", _sample_text().lower())))
    assert len(words) > 1000
    for word in words:
        assert stem(word) == python_stemmer.stemWord(word.replace("’", "'")), word


def _sample_text() -> str:
    shared = Path(__file__).resolve().parents[2] / "shared" / "bench" / "corroboration"
    return " ".join(
        json.loads(line)["text"]
        for path in sorted(shared.glob("*/articles.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    )
