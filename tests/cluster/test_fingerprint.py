"""Near-duplicate fingerprints: shingles, stable signatures, LSH matching."""

from __future__ import annotations

import numpy as np

from consilience.cluster.fingerprint import (
    NearDuplicateIndex,
    group_near_duplicates,
    shingles,
    signature,
    signature_from_values,
)
from tests.cluster.conftest import event_records

_LONG = [r["text"] for r in event_records()]


def _edited(text: str) -> str:
    words = text.split(" ")
    words[len(words) // 2] = "reportedly"
    return " ".join(words) + "\n\nRead more stories like this one."


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("The cat sat, on the mat.") == shingles("the CAT sat on -- THE mat")
    assert shingles("The cat sat, on the mat.")[0] == b"the cat sat"


def test_shingles_are_distinct_and_short_texts_make_one() -> None:
    grams = shingles("a b c a b c a b c")
    assert len(grams) == len(set(grams)) == 3
    assert shingles("two words") == [b"two words"]
    assert shingles("  ,, ") == []


def test_signatures_are_stable_across_runs() -> None:
    # Saved states compare new articles with stored signatures: the hash and the
    # permutations must not change between processes or versions.
    values = signature("Strong earthquake kills twelve in southern Peru").hashvalues
    assert values.dtype == np.uint32
    assert values[:4].tolist() == [162016676, 220210072, 595597233, 67458099]
    assert np.array_equal(signature(_LONG[0]).hashvalues, signature(_LONG[0]).hashvalues)


def test_near_copies_match_and_other_reports_do_not() -> None:
    index = NearDuplicateIndex(threshold=0.7)
    for number, text in enumerate(_LONG[:3]):
        index.add(number, signature(text))
    assert index.match(signature(_edited(_LONG[1]))) == 1
    assert index.match(signature(_LONG[5])) is None
    assert len(index) == 3


def test_grouping_points_copies_to_their_first_text() -> None:
    texts = [_LONG[0], _LONG[4], _edited(_LONG[0]), _LONG[8], _edited(_LONG[4])]
    assert group_near_duplicates(texts) == [0, 1, 0, 3, 1]


def test_signature_round_trips_through_its_values() -> None:
    original = signature(_LONG[2])
    restored = signature_from_values(original.hashvalues)
    assert restored.jaccard(original) == 1.0
