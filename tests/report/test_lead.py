"""Lead facts: what, when, where, who and how many, each traceable to passages, disputed
values side by side. Table-driven from tests/data/report/lead_facts.json."""

from __future__ import annotations

import json
from typing import Any

import pytest

from consilience.dossier import Dossier
from consilience.report.lead import fact_line, figure_phrases, lead_facts
from tests.report.conftest import REPORT_DATA

CASES: list[dict[str, Any]] = json.loads(
    (REPORT_DATA / "lead_facts.json").read_text(encoding="utf-8")
)["cases"]


def _at(texts: dict[str, str], article_id: str, passage: str) -> dict[str, Any]:
    start = texts[article_id].index(passage)
    return {"article_id": article_id, "text": passage, "start": start, "end": start + len(passage)}


def build(case: dict[str, Any]) -> Dossier:
    """A dossier from a case's compact description; offsets found, never typed."""
    texts: dict[str, str] = case["articles"]
    claims = []
    for number, claim in enumerate(case["claims"], start=1):
        support = [_at(texts, a, p) for a, p in claim["support"]]
        claims.append(
            {
                "id": f"c{number}",
                "text": support[0]["text"],
                "status": claim["status"],
                "independent_sources": claim["origins"],
                "support": support,
            }
        )
    conflicts = [
        {
            "id": f"k{number}",
            "kind": conflict["kind"],
            "summary": conflict["summary"],
            "sides": [{**_at(texts, a, p), "value": v} for a, p, v in conflict["sides"]],
        }
        for number, conflict in enumerate(case["conflicts"], start=1)
    ]
    timeline = [
        {
            "date": event["date"],
            "precision": event["precision"],
            "text": event["mentions"][0][1],
            "article_ids": list(dict.fromkeys(a for a, _ in event["mentions"])),
            "mentions": [_at(texts, a, p) for a, p in event["mentions"]],
        }
        for event in case["timeline"]
    ]
    return Dossier.model_validate(
        {
            "generated_at": "2026-03-11T08:00:00Z",
            "articles": [
                {"id": a, "source": f"{a}.txt", "text": text} for a, text in texts.items()
            ],
            "claims": claims,
            "conflicts": conflicts,
            "entities": case["entities"],
            "timeline": timeline,
            "provenance": {"origin_groups": case["groups"]},
        }
    )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_lead_facts(case: dict[str, Any]) -> None:
    dossier = build(case)
    facts = lead_facts(dossier)
    assert [fact_line(f) for f in facts] == case["expect"]
    texts = {a.id: a.text for a in dossier.articles}
    for fact in facts:  # every value points at the words it was taken from
        for value in fact.values:
            assert value.passages
            for passage in value.passages:
                assert texts[passage.article_id][passage.start : passage.end] == passage.text
            assert set(value.article_ids) == {p.article_id for p in value.passages}


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        (
            "The navy captured 23 Somali and Yemeni pirates who attacked a ship.",
            ["23 Somali and Yemeni pirates"],
        ),
        ("At least a dozen people were at the party around 4 p.m.", ["At least a dozen people"]),
        ("The plant, built in 1998, employs 1,200 workers.", ["1,200 workers"]),
        ("He fired two shots in 30 seconds over 5 miles.", ["two shots"]),
        ("A man was killed, police said.", []),
        ("The gunman opened fire, killing one man.", ["one man"]),
    ],
)
def test_figure_phrases(text: str, phrases: list[str]) -> None:
    assert [text[a:b] for a, b in figure_phrases(text)] == phrases


def test_the_recorded_facts_win_over_recomputing() -> None:
    dossier = build(CASES[0])
    facts = lead_facts(dossier)
    recorded = dossier.model_copy(
        update={"story": dossier.story.model_copy(update={"lead_facts": facts[:1]})}
    )
    from consilience.report.lead import facts_of
    from consilience.report.view import sources

    assert facts_of(recorded, sources(recorded)) == facts[:1]


@pytest.mark.parametrize(
    ("kind", "summary", "about", "label"),
    [
        # an update's summary says "changes between reports": the label comes from `about`
        (
            "update",
            "The number of people (killed) changes between reports: 3 then 5.",
            "number of people (killed)",
            "Dead",
        ),
        (
            "date",
            "Sources disagree on the date (sank): Friday (a) vs Saturday (b).",
            "date (sank)",
            "Date (sank)",
        ),
        # a dossier written before `about` existed: read from the summary
        (
            "date",
            "Sources disagree on the date (sank): Friday (a) vs Saturday (b).",
            "",
            "Date (sank)",
        ),
        ("quote_wording", "Two wordings of one quote.", "", "Quote wording"),
    ],
)
def test_conflict_label(kind: str, summary: str, about: str, label: str) -> None:
    from consilience.dossier import Conflict
    from consilience.report.lead import conflict_label

    conflict = Conflict(id="k1", kind=kind, summary=summary, about=about)
    assert conflict_label(conflict) == label
