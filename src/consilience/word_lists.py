"""English word lists: word frequencies (wordfreq) and the spelling list (pyspellchecker),
read from a compact cache file instead of the libraries' own loaders, and stop words.

Why not call the libraries directly: importing wordfreq and unpacking its English list
costs about 0.2 s of CPU, and pyspellchecker's list 0.13 s, in every process; together
that was a quarter of analyzing a 15-article story. The libraries stay the source of
truth: the cache is built from them the first time it is needed, it is named after the
installed files it was built from (a new version of either library builds a new one), its
content is checked against a SHA-256 digest when read, and a word the cache cannot answer
*exactly* as the library would is asked of the library itself: wordfreq's English
tokenization is reproduced for ASCII letters, digits, apostrophes, full stops, commas,
spaces and hyphens (anything else, such as non-ASCII letters, goes to wordfreq). The tests
compare both answers on every word of the stories, a ninth of wordfreq's list, a seventh
of pyspellchecker's and generated strings.

The cache holds one sorted, newline-separated list of words (UTF-8), the offset of each
word, and one 16-bit value per word: its wordfreq bucket (hundredths of a Zipf unit below
the most frequent word) and a bit for "in the spelling list"; then wordfreq's estimates
for digit sequences (the share of numbers by leading digit, the frequency of each
four-digit number as a year or not). Looking a word up is a binary search, so reading
the file is all the loading there is (a few milliseconds); no dictionary of 360,000
strings is built. The directory is ``$CONSILIENCE_CACHE_DIR``, else the user's cache
directory (``~/.cache/consilience`` on Linux); when it cannot be written, the lists are
built in memory from the libraries and nothing is stored.

The English stop words are scikit-learn's list, read from its source file alone
(importing scikit-learn costs most of a second), so that there is one copy of it.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import json
import logging
import math
import os
import re
import sys
import threading
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from consilience.atomic import atomic_write

log = logging.getLogger(__name__)

CACHE_ENV_VAR = "CONSILIENCE_CACHE_DIR"
_FORMAT = 1
_MAGIC = b"consilience-english-words\n"
_MAX_CACHE_BYTES = 64 << 20
#: Bits of a word's value: the low 15 its wordfreq bucket (``_NO_BUCKET``: not listed),
#: the top one set when pyspellchecker's English list holds the word.
_NO_BUCKET = 0x7FFF
_SPELLING_BIT = 0x8000
#: wordfreq's default floor for ``zipf_frequency`` (a Zipf value of 0).
_MINIMUM_FREQUENCY = 10**0.0 / 1e9
#: Strings whose English tokenization by wordfreq is modelled here exactly (ASCII letters,
#: digits, apostrophes, full stops, commas, spaces and hyphens); any other string is
#: looked up by wordfreq itself.
_MODELLED = re.compile(r"[a-z0-9'., -]*")
_SEPARATORS = re.compile(r"[ -]+")
#: One token: runs of letters or digits joined by single marks, as Unicode's word-boundary
#: rules join them (UAX #29 WB6-WB12): an apostrophe or a full stop between two letters or
#: between two digits, a comma between two digits; letters and digits run together.
_TOKEN = re.compile(r"[a-z0-9]+(?:(?:(?<=[a-z])['.](?=[a-z])|(?<=[0-9])[.',](?=[0-9]))[a-z0-9]+)*")
#: wordfreq splits French-style elisions ("l'amour" -> "l", "amour") at a token's start.
_ELISION = re.compile(r"[a-z0-9]{1,2}'[aehiouy]")
_MULTI_DIGIT = re.compile(r"[0-9][0-9.,]+")
_DIGITS = re.compile(r"[0-9]+")
_ONE_DIGIT = re.compile(r"[0-9]")
#: Words pyspellchecker answers by plain membership: lower-case ASCII letters and
#: apostrophes, starting with a letter (no number test, no punctuation test applies).
_PLAIN_SPELLING = re.compile(r"[a-z][a-z']*")


def zipf_frequency(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``: how common ``word`` (or each word of a
    phrase) is in English, on the Zipf scale (0 for unknown words)."""
    return _zipf(word)


def in_spelling_list(word: str) -> bool:
    """True when pyspellchecker's English list knows ``word`` (as its ``known()`` says:
    any case)."""
    return _spelled(word)


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    tokens = english_tokens(word)
    if tokens is None:
        return _library_zipf(word)
    lists = _word_lists()
    if not tokens:
        return _frequency_to_zipf(_MINIMUM_FREQUENCY)
    one_over_result = 0.0
    for token in tokens:
        smashed = _MULTI_DIGIT.sub(lambda match: _ONE_DIGIT.sub("0", match[0]), token)
        bucket = lists.value(smashed) & _NO_BUCKET
        if bucket == _NO_BUCKET:
            return _frequency_to_zipf(_MINIMUM_FREQUENCY)
        frequency = _bucket_frequency(bucket)
        if smashed != token:
            frequency *= lists.digit_frequency(token)
        one_over_result += 1.0 / frequency
    return _frequency_to_zipf(_rounded_frequency(1.0 / one_over_result))


def english_tokens(text: str) -> list[str] | None:
    """The tokens wordfreq's English tokenizer makes of ``text`` (lower-cased, marks at
    their ends dropped), or ``None`` when ``text`` holds characters this model does not
    cover or a token it would have to split further."""
    if not text.isascii():
        return None
    lowered = text.lower()
    if not _MODELLED.fullmatch(lowered):
        return None
    tokens: list[str] = []
    for part in _SEPARATORS.split(lowered):
        core = part.strip("'.,")
        if not core:
            continue
        if not _TOKEN.fullmatch(core) or _ELISION.match(core):
            return None
        tokens.append(core)
    return tokens


@lru_cache(maxsize=65536)
def _spelled(word: str) -> bool:
    lowered = word.lower()
    if not (lowered.isascii() and _PLAIN_SPELLING.fullmatch(lowered)):
        return _library_spelled(word)
    return bool(_word_lists().value(lowered) & _SPELLING_BIT)


# wordfreq's own arithmetic (``cB_to_freq``, ``_word_frequency``'s rounding to three
# significant digits, ``freq_to_zipf`` and ``zipf_frequency``'s rounding), so that a word
# answered from the cache gets the very float the library returns.
def _bucket_frequency(bucket: int) -> float:
    centibels = -bucket
    return float(10 ** (centibels / 100))


def _rounded_frequency(frequency: float) -> float:
    unrounded = max(frequency, _MINIMUM_FREQUENCY)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(unrounded, leading_zeroes + 3)


def _frequency_to_zipf(frequency: float) -> float:
    return round(math.log(frequency, 10) + 9, 2)


def _library_zipf(word: str) -> float:
    from wordfreq import zipf_frequency as library_zipf

    return float(library_zipf(word, "en"))


@lru_cache(maxsize=1)
def _speller() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def _library_spelled(word: str) -> bool:
    return bool(_speller().known([word]))


@dataclass(frozen=True)
class WordLists:
    """The sorted words (UTF-8, each followed by a newline), where each starts, and each
    one's value (bucket and spelling bit); and wordfreq's estimates for digits: the share
    of numbers starting with each digit, and the frequency of each four-digit number."""

    blob: bytes
    offsets: array[int]
    values: array[int]
    leading_digits: array[float]
    years: array[float]

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index: int) -> bytes:
        return self.blob[self.offsets[index] : self.offsets[index + 1] - 1]

    def value(self, word: str) -> int:
        """The word's value; ``_NO_BUCKET`` (no spelling bit) when neither list has it."""
        key = word.encode()
        index = bisect.bisect_left(self, key)
        if index < len(self.values) and self[index] == key:
            return int(self.values[index])
        return _NO_BUCKET

    def digit_frequency(self, token: str) -> float:
        """wordfreq's ``digit_freq``: how likely the token's digit sequences are."""
        frequency = 1.0
        for sequence in _MULTI_DIGIT.findall(token):
            for digits in _DIGITS.findall(sequence):
                if len(digits) == 4:
                    frequency *= self.years[int(digits)]
                else:
                    frequency *= self.leading_digits[int(digits[0])] / 10 ** (len(digits) - 1)
        return frequency


_lock = threading.Lock()
_loaded: list[WordLists] = []


def load_word_lists() -> WordLists:
    """The lists of this process: read from the cache (built and stored first when there
    is none), once."""
    return _word_lists()


def _word_lists() -> WordLists:
    if not _loaded:
        with _lock:
            if not _loaded:
                _loaded.append(_load_or_build())
    return _loaded[0]


def cache_path() -> Path:
    """The cache file for the installed wordfreq and pyspellchecker (its name changes
    when either library's files change, so two environments never share one)."""
    digest = hashlib.sha256(json.dumps(_source_stamp()).encode()).hexdigest()[:16]
    return _cache_directory() / f"english-words-{_FORMAT}-{digest}.bin"


def _cache_directory() -> Path:
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("consilience", appauthor=False)


def _source_stamp() -> list[list[object]]:
    """Size and modification time of the files the lists come from (found without
    importing the libraries)."""
    stamp: list[list[object]] = [[_FORMAT]]
    for package, files in (
        ("wordfreq", ("__init__.py", "data/large_en.msgpack.gz", "data/small_en.msgpack.gz")),
        ("spellchecker", ("spellchecker.py", "resources/en.json.gz")),
    ):
        spec = importlib.util.find_spec(package)
        locations = list(spec.submodule_search_locations or []) if spec else []
        for name in files:
            path = Path(locations[0], name) if locations else Path(package, name)
            try:
                status = path.stat()
            except OSError:
                stamp.append([str(path), None, None])
            else:
                stamp.append([str(path), status.st_size, status.st_mtime_ns])
    return stamp


def _load_or_build() -> WordLists:
    try:
        path = cache_path()
        lists = read_cache(path)
    except OSError as error:
        log.debug("English word cache not read (%s); building it", error)
        path, lists = None, None
    if lists is not None:
        return lists
    log.info("building the English word cache from wordfreq and pyspellchecker (once)")
    lists = build_word_lists()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, encode_cache(lists))
        except OSError as error:
            log.debug("English word cache not written to %s: %s", path, error)
    return lists


def build_word_lists() -> WordLists:
    """The lists as the libraries hold them (the slow path the cache saves)."""
    from wordfreq import get_frequency_list
    from wordfreq.numbers import benford_freq, year_freq

    values: dict[str, int] = {}
    # As wordfreq's get_frequency_dict: a word in two buckets keeps the later one.
    for bucket, words in enumerate(get_frequency_list("en", "best")):
        for word in words:
            values[word] = bucket
    for word in _speller().word_frequency.dictionary:
        values[word] = values.get(word, _NO_BUCKET) | _SPELLING_BIT
    ordered = sorted((word.encode(), value) for word, value in values.items())
    if any(b"\n" in encoded for encoded, _ in ordered):
        raise ValueError("a listed word holds a newline")  # cannot be stored one per line
    offsets = array("I", [0])
    position = 0
    for encoded, _ in ordered:
        position += len(encoded) + 1
        offsets.append(position)
    blob = b"".join(encoded + b"\n" for encoded, _ in ordered)
    return WordLists(
        blob,
        offsets,
        array("H", [value for _, value in ordered]),
        array("d", [benford_freq(str(digit)) for digit in range(10)]),
        array("d", [year_freq(f"{number:04d}") for number in range(10_000)]),
    )


def encode_cache(lists: WordLists) -> bytes:
    body = b"".join(
        [lists.blob]
        + [_little_endian(numbers) for numbers in (lists.offsets, lists.values)]
        + [_little_endian(numbers) for numbers in (lists.leading_digits, lists.years)]
    )
    header = {
        "format": _FORMAT,
        "words": len(lists),
        "blob": len(lists.blob),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return _MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + body


def read_cache(path: Path) -> WordLists | None:
    """The lists stored at ``path``; ``None`` when it is missing or not a whole, intact
    cache of this format (then it is built again)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_MAX_CACHE_BYTES + 1)
    except FileNotFoundError:
        return None
    if len(data) > _MAX_CACHE_BYTES:
        return None  # not a cache this program wrote (they are about 6 MB)
    if not data.startswith(_MAGIC):
        return None
    header_end = data.find(b"\n", len(_MAGIC))
    try:
        header = json.loads(data[len(_MAGIC) : header_end])
        words, blob_size = int(header["words"]), int(header["blob"])
        digest = str(header["sha256"])
        valid_format = header["format"] == _FORMAT
    except (ValueError, TypeError, KeyError):
        return None
    body = memoryview(data)[header_end + 1 :]
    if (
        not valid_format
        or header_end < 0
        or words < 1
        or len(body) != blob_size + 4 * (words + 1) + 2 * words + 8 * (10 + 10_000)
        or hashlib.sha256(body).hexdigest() != digest
    ):
        return None
    parts: list[array[Any]] = []
    position = blob_size
    for typecode, count in (("I", words + 1), ("H", words), ("d", 10), ("d", 10_000)):
        size = array(typecode).itemsize * count
        parts.append(_from_little_endian(typecode, body[position : position + size]))
        position += size
    offsets, values, leading_digits, years = parts
    if offsets[0] != 0 or offsets[-1] != blob_size:
        return None
    return WordLists(bytes(body[:blob_size]), offsets, values, leading_digits, years)


def _little_endian(numbers: array[Any]) -> bytes:
    if sys.byteorder == "little":
        return numbers.tobytes()
    swapped = array(numbers.typecode, numbers)
    swapped.byteswap()
    return swapped.tobytes()


def _from_little_endian(typecode: str, data: memoryview) -> array[Any]:
    numbers = array(typecode)
    numbers.frombytes(data)
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's ``ENGLISH_STOP_WORDS``, loaded from its module file alone."""
    spec = importlib.util.find_spec("sklearn")
    locations = spec.submodule_search_locations if spec is not None else None
    if locations:
        path = Path(next(iter(locations))) / "feature_extraction" / "_stop_words.py"
        module_spec = importlib.util.spec_from_file_location("_consilience_stop_words", path)
        if module_spec is not None and module_spec.loader is not None and path.is_file():
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            return frozenset(module.ENGLISH_STOP_WORDS)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # the usual way, slower

    return frozenset(ENGLISH_STOP_WORDS)
