"""Claim-level lineage through the pipeline: copies of a passage count once, a sentence
crediting an outlet counts with that outlet's article, and an article's own reporting
counts for itself even when it also carries copied paragraphs."""

from __future__ import annotations

from dataclasses import replace

from consilience import Settings, analyze_articles
from consilience.dossier import Claim, Dossier
from consilience.ingest import article_from_text

WIRE = (
    "Rail Bridge Collapses\n\nA rail bridge over the Harlow River collapsed early on Monday, "
    "sending a freight train into the water and killing three crew members. The bridge was "
    "built in 1958 and carried about 40 freight trains a day."
)
COPY = (
    "Harlow Bridge Disaster\n\nA rail bridge over the Harlow River collapsed early on Monday, "
    "sending a freight train into the water and killing three crew members. Residents of "
    "Alden said they heard a loud crack before dawn."
)
OWN = (
    "Three Dead as Harlow Bridge Falls\n\nThree crew members were killed when the Harlow "
    "River rail bridge collapsed on Monday morning and their freight train fell into the "
    "water, the county coroner said."
)
CREDITING = (
    "Bridge Down\n\nThree crew members died when the Harlow River rail bridge collapsed early "
    "on Monday and a freight train fell into the water, Coastal Wire reported."
)


def _dossier() -> Dossier:
    texts = [(WIRE, "Coastal Wire"), (COPY, None), (OWN, None), (CREDITING, None)]
    articles = [
        replace(article_from_text(text, f"{n}.txt"), id=f"a{n}", outlet=outlet)
        for n, (text, outlet) in enumerate(texts, start=1)
    ]
    return analyze_articles(articles, Settings())


def _lede_claim(dossier: Dossier) -> Claim:
    return next(c for c in dossier.claims if len({p.article_id for p in c.support}) >= 3)


def test_copies_and_credits_count_once_own_reporting_counts_apart() -> None:
    dossier = _dossier()
    claim = _lede_claim(dossier)
    lineage_of = {a: o.lineage for o in claim.origins for a in o.article_ids}
    # a2 copies a1's lede; a4 credits a1's outlet: one voice with a1.
    assert lineage_of["a1"] == lineage_of["a2"]
    if "a4" in lineage_of:
        assert lineage_of["a4"] == lineage_of["a1"]
    # a3 reported it in its own words.
    assert lineage_of["a3"] != lineage_of["a1"]
    assert claim.independent_sources == 2
    assert claim.status == "corroborated"


def test_reused_passages_are_in_the_dossier_with_their_spans() -> None:
    dossier = _dossier()
    pairs = {(r.source.article_id, r.target.article_id) for r in dossier.provenance.passages}
    assert ("a1", "a2") in pairs
    texts = {a.id: a.text for a in dossier.articles}
    for reused in dossier.provenance.passages:
        for side in (reused.source, reused.target):
            assert texts[side.article_id][side.start : side.end] == side.text
    derivation = {a.article_id: a.derivation for a in dossier.provenance.articles}
    assert derivation["a3"] == "independent"
