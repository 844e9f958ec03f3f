"""Time expressions: find them in a sentence, normalize them against an anchor date,
compare them across articles.

The anchor is the article's publication date, or the story's inferred date
(:func:`infer_story_date`) when the article has none. Without an anchor a relative
expression ("last week", "December 24") stays relative: ``anchored`` is false and its
dates are ``None``; nothing is guessed. How each phrase maps to an interval is described
in :mod:`consilience.extract.time_values`; how phrases are found, in
:mod:`consilience.extract.time_rules`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from consilience.extract.time_compose import find_mentions
from consilience.extract.time_values import (
    CalendarValue,
    RangeValue,
    TimeValue,
    WithClockValue,
    resolve,
)
from consilience.records import Sentence, TimeExpression

TimeRelation = Literal[
    "same", "more_specific", "less_specific", "overlap", "different", "incomparable"
]

__all__ = ["compare_times", "extract_times", "find_time_spans", "infer_story_date"]


def extract_times(
    text: str,
    sentence: Sentence,
    anchor: dt.date | None,
    *,
    article_id: str | None = None,
) -> list[TimeExpression]:
    """Every date and time expression of ``sentence`` (offsets into ``text``, the article's
    original text), normalized against ``anchor``."""
    owner = sentence.article_id if article_id is None else article_id
    expressions: list[TimeExpression] = []
    # A date without a year is read against the last fully dated expression of the
    # sentence when there is one ("killed June 24, 2005 while investigating a June 20
    # shooting"), else against the anchor.
    context: dt.date | None = None
    for mention in find_mentions(text, sentence.start, sentence.end):
        if context is not None and _yearless(mention.value):
            # The tense of the clause places a date relative to the article's time, not
            # to the other date: nearest it is.
            resolution = resolve(_near(mention.value), context)
        else:
            resolution = resolve(mention.value, anchor)
        if not resolution.relative and resolution.start is None:
            continue  # an impossible absolute date ("February 30, 2025")
        if not resolution.relative and resolution.precision in ("day", "month", "time"):
            context = resolution.start
        expressions.append(
            TimeExpression(
                article_id=owner,
                sentence=sentence.index,
                start=mention.start,
                end=mention.end,
                text=text[mention.start : mention.end],
                precision=resolution.precision,
                start_date=resolution.start,
                end_date=resolution.end,
                anchored=resolution.start is not None,
                relative=resolution.relative,
                time_of_day=resolution.time_of_day,
            )
        )
    return expressions


def _yearless(value: TimeValue) -> bool:
    if isinstance(value, RangeValue):
        return _yearless(value.first) and _yearless(value.last)
    if isinstance(value, WithClockValue):
        return _yearless(value.day)
    return isinstance(value, CalendarValue) and value.year is None and value.month is not None


def _near(value: TimeValue) -> TimeValue:
    if isinstance(value, RangeValue):
        return RangeValue(_near(value.first), _near(value.last))
    if isinstance(value, WithClockValue):
        return WithClockValue(_near(value.day), value.clock)
    if isinstance(value, CalendarValue):
        return replace(value, direction="near")
    return value


def find_time_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the time expressions in ``text[start:end]``, without resolving them (the
    quantity extractor uses this to leave dates and times alone)."""
    return [(m.start, m.end) for m in find_mentions(text, start, end)]


def compare_times(a: TimeExpression, b: TimeExpression) -> TimeRelation:
    """How ``a`` relates to ``b``:

    * ``same``: the same interval (and the same clock time, if both give one);
    * ``more_specific``: ``a`` lies inside ``b`` and is narrower ("December 24" against
      "earlier this month"): not a conflict, one source is more precise;
    * ``less_specific``: the reverse;
    * ``overlap``: the intervals overlap without either containing the other;
    * ``different``: disjoint intervals (or two clock times on one day): a conflict;
    * ``incomparable``: one side could not be placed (no anchor, a bare clock time).
    """
    if a.start_date is None or a.end_date is None or b.start_date is None or b.end_date is None:
        return "incomparable"
    a_span = (a.start_date, a.end_date)
    b_span = (b.start_date, b.end_date)
    if a_span == b_span:
        if a.time_of_day == b.time_of_day:
            return "same"
        if a.time_of_day is not None and b.time_of_day is not None:
            return "different"
        return "more_specific" if a.time_of_day is not None else "less_specific"
    if b.start_date <= a.start_date and a.end_date <= b.end_date:
        return "more_specific"
    if a.start_date <= b.start_date and b.end_date <= a.end_date:
        return "less_specific"
    if a.start_date <= b.end_date and b.start_date <= a.end_date:
        return "overlap"
    return "different"


def infer_story_date(published: Sequence[dt.date]) -> dt.date | None:
    """The story's date from its articles' publication dates: the (lower) median, so that
    one misdated article or a late follow-up does not move it; ``None`` without dates."""
    if not published:
        return None
    return dt.date.fromordinal(statistics.median_low(d.toordinal() for d in published))
