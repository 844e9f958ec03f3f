from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.extract.time import (
    compare_times,
    extract_times,
    find_time_spans,
    infer_story_date,
)
from consilience.records import PreparedArticle, Sentence, TimeExpression
from tests.conftest import load_cases

CASES = load_cases("extract/time_cases.json")
_LEAD = "A first sentence comes before it. "


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _sentence(body: str, lead: str = _LEAD) -> tuple[str, Sentence]:
    """``body`` as the second sentence of an article, so that offsets are tested too."""
    text = lead + body + " A last sentence follows."
    start = len(lead)
    return text, Sentence("a1", 1, start, start + len(body), body, 0)


def _as_case_row(expr: TimeExpression) -> dict[str, Any]:
    row: dict[str, Any] = {
        "text": expr.text,
        "precision": expr.precision,
        "start": expr.start_date.isoformat() if expr.start_date else None,
        "end": expr.end_date.isoformat() if expr.end_date else None,
        "anchored": expr.anchored,
    }
    if expr.time_of_day is not None:
        row["time_of_day"] = expr.time_of_day
    return row


def _first(body: str, anchor: str | None) -> TimeExpression:
    text, sentence = _sentence(body)
    found = extract_times(text, sentence, _date(anchor))
    assert found, body
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_time_cases(case: dict[str, Any]) -> None:
    text, sentence = _sentence(case["sentence"])
    found = extract_times(text, sentence, _date(case["anchor"]))
    assert [_as_case_row(e) for e in found] == case["expected"]
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
        assert expr.sentence == 1
        assert expr.article_id == "a1"


def test_table_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert any(c["anchor"] is None for c in CASES)
    assert any(not c["expected"] for c in CASES)


def test_article_id_override() -> None:
    text, sentence = _sentence("The deal was signed on Monday.")
    found = extract_times(text, sentence, dt.date(2026, 1, 2), article_id="other")
    assert [e.article_id for e in found] == ["other"]


def test_relative_flag_separates_absolute_from_anchor_dependent() -> None:
    text, sentence = _sentence("It began on Dec. 24, 2025 and ended last week.")
    absolute, relative = extract_times(text, sentence, dt.date(2026, 1, 2))
    assert (absolute.relative, relative.relative) == (False, True)


def test_find_time_spans_matches_extraction() -> None:
    text, sentence = _sentence("Talks began in late December and resumed on Friday at 9 a.m.")
    spans = find_time_spans(text, sentence.start, sentence.end)
    assert [text[s:e] for s, e in spans] == ["late December", "Friday at 9 a.m."]


COMPARISONS = [
    # (sentence a, anchor a, sentence b, anchor b, expected)
    (
        "It hit on December 24.",
        "2026-01-02",
        "It hit earlier this month.",
        "2025-12-28",
        "more_specific",
    ),
    (
        "It hit earlier this month.",
        "2025-12-28",
        "It hit on December 24.",
        "2026-01-02",
        "less_specific",
    ),
    ("It hit on Dec. 24, 2025.", None, "It hit on December 24.", "2026-01-02", "same"),
    ("It hit on December 24.", "2026-01-02", "It hit on December 26.", "2026-01-02", "different"),
    ("It hit last week.", "2026-01-07", "It hit in late December.", "2026-01-02", "overlap"),
    ("It hit last week.", "2026-01-02", "It hit in late December.", "2026-01-02", "more_specific"),
    ("It hit last week.", None, "It hit on December 24.", "2026-01-02", "incomparable"),
    ("It hit at 2 a.m.", "2026-01-02", "It hit on December 24.", "2026-01-02", "incomparable"),
    (
        "It landed Friday at 3 p.m.",
        "2026-01-02",
        "It landed Friday at 4 p.m.",
        "2026-01-02",
        "different",
    ),
    (
        "It landed Friday at 3 p.m.",
        "2026-01-02",
        "It landed on Friday.",
        "2026-01-02",
        "more_specific",
    ),
    ("It was 2025.", None, "It was December 2025.", None, "less_specific"),
    ("It began in 2019.", None, "It began in 2021.", None, "different"),
    ("It closed a year ago.", "2025-06-10", "It closed in 2024.", None, "overlap"),
    ("It happened yesterday.", "2025-06-11", "It happened on Tuesday.", "2025-06-12", "same"),
]


@pytest.mark.parametrize(("a", "anchor_a", "b", "anchor_b", "expected"), COMPARISONS)
def test_compare_times(
    a: str, anchor_a: str | None, b: str, anchor_b: str | None, expected: str
) -> None:
    assert compare_times(_first(a, anchor_a), _first(b, anchor_b)) == expected


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([], None),
        (["2025-12-30"], "2025-12-30"),
        (["2025-12-30", "2025-12-31", "2026-01-02"], "2025-12-31"),
        (["2025-12-30", "2026-01-02"], "2025-12-30"),
        (["2019-03-01", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"], "2025-12-31"),
    ],
)
def test_infer_story_date_is_a_robust_median(dates: list[str], expected: str | None) -> None:
    assert infer_story_date([dt.date.fromisoformat(d) for d in dates]) == _date(expected)


_FRAGMENTS = [
    "on December 24",
    "Dec. 24, 2025",
    "last week on Friday",
    "between March and May",
    "since 2019",
    "at 3 p.m.",
    "the Sunday Times",
    "May",
    "more than 30 boats",
    "a 5-4 vote",
    "2025-12-24",
    "early next year",
    "two weeks ago",
    "24/12/2025",
    "the 1990s",
    "yesterday",
    "—",
    ",",
    "said",
    "the",
]


@settings(max_examples=100, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=12), max_size=14),
    lead=st.text(max_size=20),
    anchor=st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
def test_spans_point_into_the_sentence(
    pieces: list[str], lead: str, anchor: dt.date | None
) -> None:
    body = " ".join(pieces)
    text, sentence = _sentence(body, lead)
    for expr in extract_times(text, sentence, anchor):
        assert text[expr.start : expr.end] == expr.text
        assert sentence.start <= expr.start < expr.end <= sentence.end
        assert (expr.start_date is None) == (expr.end_date is None) == (not expr.anchored)
        if expr.start_date is not None and expr.end_date is not None:
            assert expr.start_date <= expr.end_date


def test_sample_story_spans(sample_prepared: dict[str, PreparedArticle]) -> None:
    for prepared in sample_prepared.values():
        text = prepared.article.text
        for sentence in prepared.sentences:
            for expr in extract_times(text, sentence, prepared.article.published_date):
                assert text[expr.start : expr.end] == expr.text
                assert sentence.start <= expr.start < expr.end <= sentence.end
