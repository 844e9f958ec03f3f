from __future__ import annotations

from typing import Any

import pytest

from consilience.ingest import article_from_text
from consilience.ingest.dateline import find_dateline, parse_plain_date
from tests.conftest import load_cases


@pytest.mark.parametrize("case", load_cases("datelines.json"))
def test_datelines(case: dict[str, Any]) -> None:
    text = case["text"]
    found = find_dateline(text, 0, len(text))
    published = found.published if found else None
    place = found.place if found else None
    assert (published, place) == (case["published"], case["place"])
    if found:
        assert text[found.start : found.end].strip()
        assert found.end < len(text)


@pytest.mark.parametrize("case", load_cases("headlines.json"))
def test_headlines(case: dict[str, Any]) -> None:
    article = article_from_text(case["text"], "t.txt")
    assert article.title == case["title"]
    if article.title_span is not None:
        start, end = article.title_span
        assert case["text"][start:end] == case["title"]


def test_markdown_heading_is_the_title() -> None:
    article = article_from_text("# A Title Here\n\nBody text.", "t.md", reader="markdown")
    assert article.title == "A Title Here"
    assert article.title_span == (2, 14)


def test_given_title_is_located_in_text() -> None:
    article = article_from_text("Big News Today\nSomething happened.", "r", title="Big News Today")
    assert article.title_span == (0, 14)
    other = article_from_text("Something happened. More.", "r", title="Big News Today")
    assert other.title_span is None and other.title == "Big News Today"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-12-31", "2025-12-31"),
        ("Dec. 30, 2025", "2025-12-30"),
        ("December 3rd, 2024", "2024-12-03"),
        ("30 December 2025", "2025-12-30"),
        ("May 03, 2013", "2013-05-03"),
        ("Sept. 9, 2001", "2001-09-09"),
        ("Feb 30, 2020", None),
        ("Dec 30", None),
    ],
)
def test_plain_dates(raw: str, iso: str | None) -> None:
    date = parse_plain_date(raw)
    assert (date.isoformat() if date else None) == iso


def test_date_only_line_near_top_gives_published() -> None:
    article = article_from_text("Lohan Checks Into Rehab\n\nMay 03, 2013\n\nShe did.", "t.txt")
    assert article.published == "2013-05-03"
