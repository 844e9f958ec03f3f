"""Value conflicts checked against their referent, on small stories written for each rule
(tests/data/judge/value_conflict_cases.json), through the whole pipeline."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from consilience import Dossier, Settings, analyze_articles
from consilience.ingest import article_from_text
from tests.conftest import load_cases

CASES = load_cases("judge/value_conflict_cases.json", key="cases")
_VALUE_KINDS = {"number", "date", "duration", "direction", "update"}


def _dossier(texts: list[str]) -> Dossier:
    articles = [
        replace(article_from_text(text, f"s{n}.txt"), id=f"a{n}")
        for n, text in enumerate(texts, start=1)
    ]
    return analyze_articles(articles, Settings())


def _text(conflict: Any) -> str:
    return " ".join([conflict.summary, *(s.text for s in conflict.sides)])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_value_conflict_case(case: dict[str, Any]) -> None:
    dossier = _dossier(case["articles"])
    found = [c for c in dossier.conflicts if c.kind in _VALUE_KINDS]
    for wanted in case.get("conflicts", []):
        matching = [
            c
            for c in found
            if c.kind == wanted["kind"] and all(v in _text(c) for v in wanted["values"])
        ]
        assert matching, f"{wanted} not among {[c.summary for c in found]}"
        assert all(c.reason for c in matching)
    for kind in case.get("none", []):
        assert not [c.summary for c in found if c.kind == kind]
    for value in case.get("none_values", []):
        assert not [c.summary for c in found if value in _text(c)]
