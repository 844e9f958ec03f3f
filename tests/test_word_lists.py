"""The English word cache answers as wordfreq and pyspellchecker do, for every word it
answers itself, and survives a damaged, stale or unwritable cache."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience import word_lists
from consilience.word_lists import (
    english_stop_words,
    english_tokens,
    in_spelling_list,
    load_word_lists,
    read_cache,
    zipf_frequency,
)

wordfreq = pytest.importorskip("wordfreq")
spellchecker = pytest.importorskip("spellchecker")

SHARED = Path(__file__).resolve().parents[2] / "shared"
STORY_FILES = [
    *sorted((SHARED / "bench" / "corroboration").glob("*/articles.jsonl")),
    *sorted((Path(__file__).parent / "data" / "stories" / "venezuela-dock-strike").glob("*")),
]


def _library_zipf(word: str) -> float:
    return float(wordfreq.zipf_frequency(word, "en"))


_SPELLER = spellchecker.SpellChecker(language="en", distance=1)


def _story_words() -> list[str]:
    words: set[str] = set()
    for path in STORY_FILES:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            text = " ".join(json.loads(line)["text"] for line in text.splitlines())
        words.update(text.split())
    return sorted(words)


def _assert_answers_like_the_libraries(word: str) -> None:
    tokens = english_tokens(word)
    if tokens is not None:
        assert tokens == wordfreq.lossy_tokenize(word, "en"), word
    assert zipf_frequency(word) == _library_zipf(word), word


def test_list_and_story_words_get_wordfreqs_zipf() -> None:
    listed = [w for bucket in wordfreq.get_frequency_list("en", "best") for w in bucket]
    story = _story_words()
    # Every 9th listed word (about 36,000), every story word and every pair of
    # neighbouring story words (phrases: wordfreq combines their frequencies).
    words = [*listed[::9], *story, *(f"{a} {b}" for a, b in itertools.pairwise(story))]
    answered = 0
    for word in words:
        _assert_answers_like_the_libraries(word)
        answered += english_tokens(word) is not None
    # The cache answers nearly all of them itself; only then is the speed-up real.
    assert answered > 0.95 * len(words)


@pytest.mark.parametrize(
    "word",
    [
        "don't", "DON'T", "l'amour", "o'hara", "d'arc", "rock'n'roll", "i've", "e-mail",
        "self-defense", "u.s.", "U.S.", "jr.", "n.y", "a.1", "8a.b", "1,000", "3.5",
        "12.5.3", "2'5", "a'5", "a,b", "1,a", "1950s", "20th", "ie8", "ms08-078", "0241",
        "2008", "2042", "99999", "007", "", " ", "-", "--", "'", "...", "x_y", "a:b",
        "café", "naïve", "İstanbul", "ǅ", "zzzqqq", "the cat", "on  monday", "@s",
        "tod@s", "dogs'", "'tis", "covid19", "5.", "a..b",
    ],
)  # fmt: skip
def test_tricky_words(word: str) -> None:
    _assert_answers_like_the_libraries(word)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aeiouythnsl0179'.,- AZ_éß@:", max_size=14))
def test_any_short_string(word: str) -> None:
    _assert_answers_like_the_libraries(word)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aeioutnsrhlm'AÉ-1", min_size=1, max_size=10))
def test_spelling_answers_like_pyspellchecker(word: str) -> None:
    assert in_spelling_list(word) == bool(_SPELLER.known([word])), word


def test_spelling_of_listed_and_story_words() -> None:
    words = [*list(_SPELLER.word_frequency.dictionary)[::7], *_story_words()]
    for word in words:
        assert in_spelling_list(word) == bool(_SPELLER.known([word])), word


def test_digit_estimates_are_wordfreqs() -> None:
    from wordfreq.numbers import benford_freq, year_freq

    lists = load_word_lists()
    for token in ("1950s", "20th", "2008", "0241", "7", "123456", "3.5", "1,000", "12.5.3"):
        expected = 1.0
        for sequence in wordfreq.numbers.MULTI_DIGIT_RE.findall(token):
            for digits in wordfreq.numbers.PURE_DIGIT_RE.findall(sequence):
                expected *= year_freq(digits) if len(digits) == 4 else benford_freq(digits)
        assert lists.digit_frequency(token) == expected, token


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory, and no lists loaded in this process."""
    monkeypatch.setenv(word_lists.CACHE_ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.setattr(word_lists, "_loaded", [])
    yield tmp_path / "cache"


def test_first_use_builds_the_cache_and_later_ones_read_it(fresh_cache: Path) -> None:
    built = load_word_lists()
    [stored] = fresh_cache.iterdir()
    assert stored == word_lists.cache_path()
    assert not [p for p in fresh_cache.iterdir() if p.name.startswith(".")]  # no temp file
    again = read_cache(stored)
    assert again == built
    assert len(built) > 300_000


@pytest.mark.parametrize(
    "damage",
    ["flip a byte", "truncate", "no magic", "bad header", "empty", "wrong sizes", "huge"],
)
def test_a_damaged_cache_is_built_again(fresh_cache: Path, damage: str) -> None:
    load_word_lists()
    path = word_lists.cache_path()
    data = bytearray(path.read_bytes())
    if damage == "flip a byte":
        data[-5000] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "no magic":
        data[:5] = b"XXXXX"
    elif damage == "bad header":
        start = len(b"consilience-english-words\n")
        data[start : start + 1] = b"["
    elif damage == "empty":
        data = bytearray()
    elif damage == "wrong sizes":
        header_end = data.index(b"\n", len(b"consilience-english-words\n"))
        header = json.loads(data[len(b"consilience-english-words\n") : header_end])
        header["words"] += 1
        data = b"consilience-english-words\n" + json.dumps(header).encode() + data[header_end:]
    elif damage == "huge":  # read no further than a cache can be long
        data += bytes(word_lists._MAX_CACHE_BYTES)
    path.write_bytes(bytes(data))
    assert read_cache(path) is None
    word_lists._loaded.clear()
    rebuilt = load_word_lists()
    assert read_cache(path) == rebuilt  # written again, whole


def test_a_new_library_version_gets_a_new_cache_file(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = word_lists.cache_path()
    stamp = word_lists._source_stamp()
    monkeypatch.setattr(word_lists, "_source_stamp", lambda: [*stamp, ["changed", 1, 2]])
    assert word_lists.cache_path() != first


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_cache_directory_still_answers(fresh_cache: Path) -> None:
    fresh_cache.mkdir()
    fresh_cache.chmod(0o500)
    try:
        assert zipf_frequency("tuesday") == _library_zipf("tuesday")
        load_word_lists()
        assert list(fresh_cache.iterdir()) == []
    finally:
        fresh_cache.chmod(0o700)


def test_a_cache_directory_that_is_a_file_still_answers(fresh_cache: Path) -> None:
    fresh_cache.write_text("not a directory")
    lists = load_word_lists()
    assert len(lists) > 300_000
    assert fresh_cache.read_text() == "not a directory"


def test_stop_words_are_scikit_learns_list() -> None:
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    assert english_stop_words() == frozenset(sklearn_text.ENGLISH_STOP_WORDS)
