"""The story's timeline: dated events, each described by the claim (or sentence) it
dates, with every expression that gives its date.

Expressions dating one claim are merged when they agree ("this month", "earlier this
month", "last week"): the event carries the most precise of them. Vague spans longer than
a year ("in recent years") are background, not events, and stay out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consilience.extract.time import compare_times
from consilience.judge import Judgment
from consilience.records import PreparedArticle, TimeExpression

_COMPATIBLE = frozenset({"same", "more_specific", "less_specific", "overlap"})
_MAX_RANGE_DAYS = 366


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    precision: str
    text: str
    expressions: tuple[TimeExpression, ...]
    claim: int | None = None


def _width(expr: TimeExpression) -> int:
    assert expr.start_date is not None and expr.end_date is not None
    return (expr.end_date - expr.start_date).days


def build_timeline(
    articles: Sequence[PreparedArticle],
    times: Mapping[str, Sequence[TimeExpression]],
    judgment: Judgment,
) -> list[TimelineEntry]:
    claim_of: dict[tuple[str, int], int] = {}
    for index, judged in enumerate(judgment.claims):
        for unit in judged.cluster.units:
            claim_of[(unit.article_id, unit.sentence)] = index
    datelines = {p.id: p.article.dateline_span for p in articles if p.article.dateline_span}
    sentences = {(p.id, s.index): s.text for p in articles for s in p.sentences}
    by_subject: dict[str, list[TimeExpression]] = {}
    for article_id, expressions in times.items():
        for expr in expressions:
            if not expr.anchored or expr.iso is None or expr.start_date is None:
                continue
            span = datelines.get(article_id)
            if span and span[0] <= expr.start < span[1]:
                continue  # the dateline dates the article, not an event
            long_range = expr.precision not in ("year", "decade") and _width(expr) > _MAX_RANGE_DAYS
            if long_range:
                continue
            claim = claim_of.get((expr.article_id, expr.sentence))
            subject = f"c{claim}" if claim is not None else f"s{expr.article_id}:{expr.sentence}"
            by_subject.setdefault(subject, []).append(expr)
    entries: list[TimelineEntry] = []
    for subject, expressions in by_subject.items():
        claim = int(subject[1:]) if subject.startswith("c") else None
        for group in _agreeing(expressions):
            best = min(group, key=lambda e: (_width(e), e.article_id, e.start))
            text = (
                judgment.claims[claim].cluster.best.text
                if claim is not None
                else sentences[(best.article_id, best.sentence)]
            )
            entries.append(
                TimelineEntry(
                    date=best.iso or "",
                    precision=best.precision,
                    text=text,
                    expressions=tuple(sorted(group, key=lambda e: (e.article_id, e.start))),
                    claim=claim,
                )
            )
    entries.sort(key=lambda e: (e.date.split("/")[0], _width(e.expressions[0]), e.text))
    return entries


def _agreeing(expressions: list[TimeExpression]) -> list[list[TimeExpression]]:
    """Groups of expressions that agree with one another (no pair disjoint)."""
    groups: list[list[TimeExpression]] = []
    for expr in sorted(expressions, key=lambda e: (_width(e), e.article_id, e.start)):
        for group in groups:
            if all(compare_times(expr, other) in _COMPATIBLE for other in group):
                group.append(expr)
                break
        else:
            groups.append([expr])
    return groups
