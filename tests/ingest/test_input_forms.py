"""Inputs as people write them (tests/data/ingest/input_forms.json): datelines with any
dash, with or without a date or an agency credit; headlines opening with a number;
bylines and sign-offs crediting an outlet; the outlet named by a URL."""

from __future__ import annotations

from typing import Any

import pytest

from consilience.ingest import article_from_text
from consilience.ingest.outlets import credited_outlet, outlet_from_url
from consilience.ingest.plaintext import read_text_metadata
from tests.conftest import load_cases

CASES = load_cases("ingest/input_forms.json", key="cases")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_input_form(case: dict[str, Any]) -> None:
    text = case["text"]
    article = article_from_text(text, "in.txt", url=case.get("url"), outlet=case.get("outlet"))
    dateline = read_text_metadata(text).dateline
    found = {
        "title": article.title,
        "published": article.published,
        "place": article.place,
        "outlet": article.outlet,
        "dateline": text[slice(*article.dateline_span)] if article.dateline_span else None,
        "credit": credited_outlet(text, dateline.agency if dateline else None),
    }
    expected = case["expect"]
    assert {k: found[k] for k in expected} == expected
    if article.title_span is not None:
        assert text[slice(*article.title_span)] == article.title


@pytest.mark.parametrize(
    "url",
    ["", "not a url", "http://[::1", "https://", "http://127.0.0.1:8000/x", "file:///etc/passwd"],
)
def test_outlet_from_odd_urls_never_fails(url: str) -> None:
    name = outlet_from_url(url)
    assert name is None or (name and "/" not in name)
