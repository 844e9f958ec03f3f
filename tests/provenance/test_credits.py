"""Wire credits (dateline, byline, sign-off) and the report an article rests on."""

from __future__ import annotations

from typing import Any

import pytest

from consilience import Settings
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.provenance.credits import basis_outlet, wire_credits
from consilience.records import CitedOutlet
from tests.conftest import load_cases

CASES = load_cases("provenance/wire_credits.json", key="cases")


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_wire_credit(case: dict[str, Any]) -> None:
    prepared = prepare(article_from_text(case["text"], "x.txt"), Settings())
    found = wire_credits(prepared)
    assert sorted({c.outlet for c in found}) == sorted(case["outlets"])
    for credit in found:
        assert prepared.article.text[credit.start : credit.end] == credit.text


def _credit(article_id: str, outlet: str, sentence: int, start: int) -> CitedOutlet:
    return CitedOutlet(article_id, start, start + 3, outlet, outlet, sentence, "reported")


def test_an_article_crediting_one_outlet_throughout_rests_on_it() -> None:
    text = "Title Here\n\n" + " ".join(f"Sentence number {i} says a thing." for i in range(6))
    prepared = prepare(article_from_text(text, "x.txt"), Settings())
    evidence = prepared.evidence_sentences()
    throughout = [_credit(prepared.id, "CNN", s.index, s.start) for s in evidence[:3]]
    assert basis_outlet(prepared, [], throughout) == "CNN"
    once_late = [_credit(prepared.id, "CNN", evidence[-1].index, evidence[-1].start)]
    assert basis_outlet(prepared, [], once_late) is None
