"""Conflict kinds on small stories written for the purpose, through the whole pipeline."""

from __future__ import annotations

from dataclasses import replace

from consilience import Dossier, Settings, analyze_articles
from consilience.ingest import article_from_text, read_inputs
from tests.conftest import DATA


def _dossier(*texts: str) -> Dossier:
    articles = [
        replace(article_from_text(text, f"s{n}.txt"), id=f"a{n}")
        for n, text in enumerate(texts, start=1)
    ]
    return analyze_articles(articles, Settings())


def test_a_different_actor_in_the_same_slot_is_a_conflict() -> None:
    dossier = _dossier(
        "Navy Raid Frees Hostages\n\nThe raid on the compound was carried out by the Navy on "
        "Sunday, officials said. Four hostages were freed.",
        "Hostages Freed in Dawn Raid\n\nThe raid on the compound was carried out by the Army on "
        "Sunday, officials said. Four hostages were freed unharmed.",
    )
    actors = [c for c in dossier.conflicts if c.kind == "actor"]
    assert len(actors) == 1
    assert {s.value for s in actors[0].sides} == {"Navy", "Army"}
    disputed = [c for c in dossier.claims if c.status == "disputed"]
    assert disputed and actors[0].id in disputed[0].conflict_ids


def test_the_same_actor_is_no_conflict() -> None:
    dossier = _dossier(
        "Navy Raid Frees Hostages\n\nThe raid on the compound was carried out by the Navy on "
        "Sunday, officials said.",
        "Hostages Freed\n\nThe raid on the compound was carried out by the Navy on Sunday, "
        "officials said, and nobody was hurt.",
    )
    assert not [c for c in dossier.conflicts if c.kind == "actor"]


def test_an_ecbplus_event_gives_claims_and_no_nonsense_conflicts() -> None:
    settings = Settings()
    batch = read_inputs([str(DATA / "stories" / "ecbplus-topic1-event.jsonl")], settings)
    dossier = analyze_articles(batch.articles, settings)
    assert len(dossier.articles) == 18
    assert any(c.status == "corroborated" for c in dossier.claims)
    kinds = {c.kind for c in dossier.conflicts}
    assert not kinds & {"negation", "actor", "number"}, [c.summary for c in dossier.conflicts]


def test_a_denial_carried_by_two_copies_is_one_conflict() -> None:
    report = (
        "Reports say the navy may have helped plan the raid on the compound, but a navy "
        "spokesman, Cmdr. Lee Park, rejected this claim. Four hostages were freed."
    )
    dossier = _dossier(
        "Raid Frees Hostages\n\n" + report,
        "Hostages Freed\n\n" + report.replace("rejected this claim", "rejected the claim"),
    )
    denials = [c for c in dossier.conflicts if c.kind == "denial"]
    assert len(denials) == 1, [c.summary for c in denials]
    assert {(s.article_id, s.value) for s in denials[0].sides} == {
        ("a1", "claimed"),
        ("a1", "rejected"),
        ("a2", "claimed"),
        ("a2", "rejected"),
    }
    assert "a1 and a2" in denials[0].summary


def test_figures_told_two_ways_across_claims_are_a_conflict() -> None:
    dossier = _dossier(
        "Spill in the River\n\nAbout 4,000 litres of diesel leaked into the river on Monday, "
        "the water authority said.",
        "Diesel Leak\n\nWorkers said on Monday that the leak of diesel put roughly 3,000 litres "
        "into the river near the bridge.",
    )
    numbers = [c for c in dossier.conflicts if c.kind == "number"]
    assert len(numbers) == 1, [c.summary for c in dossier.conflicts]
    assert {s.article_id for s in numbers[0].sides} == {"a1", "a2"}
