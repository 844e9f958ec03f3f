from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.extract.numbers import compare_quantities, extract_quantities
from consilience.extract.numbers_lexicon import is_number_word
from consilience.records import PreparedArticle, Quantity, Sentence
from tests.conftest import load_cases

CASES = load_cases("extract/number_cases.json")
_LEAD = "A first sentence comes before it. "


def _sentence(body: str, lead: str = _LEAD) -> tuple[str, Sentence]:
    text = lead + body + " A last sentence follows."
    start = len(lead)
    return text, Sentence("a1", 2, start, start + len(body), body, 0)


def _row(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "value": q.value,
        "comparator": q.comparator,
        "unit": q.unit,
        "value_max": q.value_max,
    }


def _first(body: str) -> Quantity:
    text, sentence = _sentence(body)
    found = extract_quantities(text, sentence)
    assert found, body
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_number_cases(case: dict[str, Any]) -> None:
    text, sentence = _sentence(case["sentence"])
    found = extract_quantities(text, sentence)
    assert [_row(q) for q in found] == case["expected"]
    for q in found:
        assert text[q.start : q.end] == q.text
        assert (q.article_id, q.sentence) == ("a1", 2)


def test_table_is_large_and_has_negatives() -> None:
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if not c["expected"]) >= 8


def test_article_id_override() -> None:
    text, sentence = _sentence("At least 12 people died.")
    assert [q.article_id for q in extract_quantities(text, sentence, article_id="x")] == ["x"]


COMPARISONS = [
    ("More than 30 boats sank.", "Over 30 vessels sank.", "same"),
    ("More than 30 boats sank.", "35 boats sank.", "compatible"),
    ("About 200 people died.", "198 people died.", "compatible"),
    ("30 boats sank.", "40 boats sank.", "different"),
    ("30 boats sank.", "30 people died.", "incomparable"),
    ("1,500 troops arrived.", "1,512 soldiers arrived.", "compatible"),
    ("1,500 troops arrived.", "1,400 troops arrived.", "different"),
    ("At least 12 people died.", "10 people died.", "different"),
    ("Prices rose up to 40%.", "Prices rose 35%.", "compatible"),
    ("Hundreds of residents fled.", "150 residents fled.", "different"),
    ("Hundreds of residents fled.", "300 residents fled.", "compatible"),
    ("Officials counted 30 to 40 boats.", "Officials counted 35 boats.", "compatible"),
    ("More than 30 boats sank.", "30 boats sank.", "different"),
    ("It pledged $3.5 million.", "It pledged 3.5 million dollars.", "same"),
    ("Fewer than 10 ships remain.", "12 vessels remain.", "different"),
    ("Nearly 200 were hurt.", "About 190 were hurt.", "compatible"),
    ("Two dozen boats sank.", "25 boats sank.", "compatible"),
]


@pytest.mark.parametrize(("a", "b", "expected"), COMPARISONS)
def test_compare_quantities(a: str, b: str, expected: str) -> None:
    assert compare_quantities(_first(a), _first(b)) == expected


def test_compare_quantities_is_symmetric() -> None:
    for a, b, _ in COMPARISONS:
        qa, qb = _first(a), _first(b)
        assert compare_quantities(qa, qb) == compare_quantities(qb, qa)


_FRAGMENTS = [
    "more than 30 boats",
    "about 1,500 troops",
    "$3.5 million",
    "3.5m",
    "two dozen",
    "hundreds of people",
    "thirty-five",
    "30 to 40",
    "a 5-4 vote",
    "No. 5",
    "one of several",
    "Dec. 24, 2025",
    "40%",
    "COVID-19",
    "1 in 5",
    "-",
    ",",
    "the",
    "killed",
]


@settings(max_examples=100, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=12), max_size=14),
    lead=st.text(max_size=20),
)
def test_spans_point_into_the_sentence(pieces: list[str], lead: str) -> None:
    text, sentence = _sentence(" ".join(pieces), lead)
    for q in extract_quantities(text, sentence):
        assert text[q.start : q.end] == q.text
        assert sentence.start <= q.start < q.end <= sentence.end
        assert q.value_max is None or q.value_max > q.value


def test_sample_story_spans(sample_prepared: dict[str, PreparedArticle]) -> None:
    for prepared in sample_prepared.values():
        text = prepared.article.text
        for sentence in prepared.sentences:
            for q in extract_quantities(text, sentence):
                assert text[q.start : q.end] == q.text
                assert sentence.start <= q.start < q.end <= sentence.end


@pytest.mark.parametrize(
    ("word", "numeric"),
    [
        ("30", True),
        ("1,200", True),
        ("thirty", True),
        ("Twenty-five", True),
        ("hundreds", True),
        ("dozens", True),
        ("city", False),
        ("party", False),
        ("-", False),
        ("ladder", False),
    ],
)
def test_number_words(word: str, numeric: bool) -> None:
    assert is_number_word(word) is numeric
