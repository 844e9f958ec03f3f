"""Figures across claims: one measured quantity told two ways by two articles, even when
their sentences did not align as one claim."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from consilience.extract.story import StoryExtraction
from consilience.judge.conflicts import (
    DURATIONS,
    ConflictRecord,
    label,
    partition,
    people_as_persons,
    quantities_disagree,
    quantity_side,
)
from consilience.judge.negation import content_stems
from consilience.records import Quantity


def figure_conflicts(
    story: StoryExtraction, sentences: Mapping[str, Sequence[tuple[int, int]]]
) -> list[ConflictRecord]:
    """Measured figures (litres, euros, kilometres, per cent...) that two articles give
    once each, with different values, in sentences that share a content word: one
    quantity told two ways, even when the sentences did not align as one claim. Counts of
    people are left to the claims: articles give many of them, for different groups."""
    single: dict[str, dict[str, Quantity]] = {}
    for article_id, extraction in story.articles.items():
        by_unit: dict[str, list[Quantity]] = {}
        for q in extraction.quantities:
            if q.unit and q.unit not in DURATIONS and people_as_persons(q).unit != "person":
                by_unit.setdefault(q.unit, []).append(q)
        for unit, found in by_unit.items():
            values = {(q.value, q.value_max) for q in found}
            if len(values) == 1:
                single.setdefault(unit, {})[article_id] = found[0]
    out = []
    for unit, per_article in sorted(single.items()):
        if len(per_article) < 2:
            continue
        groups = partition(
            sorted(per_article.items()), lambda x, y: not quantities_disagree(x[1], y[1])
        )
        if len(groups) < 2:
            continue
        stems = {
            a: content_stems(_sentence_of(story.texts[a], sentences[a], q.start)) - {unit}
            for a, q in per_article.items()
        }
        linked = [
            g for g in groups
            if any(len(stems[a] & stems[b]) >= 2 for a, _ in g for h in groups if h is not g for b, _ in h)
        ]  # fmt: skip
        if len(linked) < 2:
            continue
        linked.sort(key=len, reverse=True)
        parts = [f"“{g[0][1].text}” ({label(a for a, _ in g)})" for g in linked]
        out.append(
            ConflictRecord(
                "number",
                f"Sources give different figures in {unit}s: " + " vs ".join(parts) + ".",
                tuple(quantity_side(a, q) for g in linked for a, q in g),
            )
        )
    return out


def _sentence_of(text: str, spans: Sequence[tuple[int, int]], offset: int) -> str:
    for start, end in spans:
        if start <= offset < end:
            return text[start:end]
    return ""
