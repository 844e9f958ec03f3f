"""Small stories of table-driven judge tests: build the dossier of a case's articles and
check the conflicts it wants, and the ones it must not have."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from consilience import Dossier, Settings, analyze_articles
from consilience.ingest import article_from_text


def story_dossier(texts: list[str], published: list[str] | None = None) -> Dossier:
    """The dossier of one story told by ``texts`` (ids a1, a2, …), each published on the
    matching date of ``published`` when given."""
    dates = published or [None] * len(texts)
    articles = [
        replace(article_from_text(text, f"s{n}.txt"), id=f"a{n}", published=date)
        for n, (text, date) in enumerate(zip(texts, dates, strict=True), start=1)
    ]
    return analyze_articles(articles, Settings())


def conflict_text(conflict: Any) -> str:
    return " ".join([conflict.summary, *(s.text for s in conflict.sides)])


def check_conflicts(dossier: Dossier, case: dict[str, Any], kinds: set[str]) -> None:
    """Every conflict ``case["conflicts"]`` wants is found (of its kind, naming all its
    values, with a reason); no conflict of a kind in ``case["none"]``, and none naming a
    value of ``case["none_values"]``."""
    found = [c for c in dossier.conflicts if c.kind in kinds]
    for wanted in case.get("conflicts", []):
        matching = [
            c
            for c in found
            if c.kind == wanted["kind"] and all(v in conflict_text(c) for v in wanted["values"])
        ]
        assert matching, f"{wanted} not among {[c.summary for c in found]}"
        assert all(c.reason for c in matching)
    for kind in case.get("none", []):
        assert not [c.summary for c in found if c.kind == kind]
    for value in case.get("none_values", []):
        assert not [c.summary for c in found if value in conflict_text(c)]
