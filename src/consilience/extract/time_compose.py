"""Composing neighbouring time mentions into one expression, and the detection entry point.

Rules (:mod:`.time_rules`) find single mentions; the words between two neighbours decide
whether they read as one expression: a span ("between March and May", "from Monday to
Wednesday", "2019 to 2021"), a weekday in a given week ("last week on Friday", "Friday
of last week"), a dated weekday ("Friday, Dec. 26"), a day with its clock time ("Friday
at 3 p.m."), or a start point ("since 2019"). "from X to Y" after a verb of change
("moved from Friday to Monday") stays two dates.
"""

from __future__ import annotations

import re
from dataclasses import replace

from consilience.extract.time_lexicon import Context, Mention, triggers_present
from consilience.extract.time_rules import RULES
from consilience.extract.time_values import (
    CalendarValue,
    ClockValue,
    DayOffsetValue,
    RangeValue,
    SeasonValue,
    SinceValue,
    TimeValue,
    UnitOffsetValue,
    WeekdayInWeekValue,
    WeekdayValue,
    WithClockValue,
)

_CHANGE_VERBS = frozenset(
    "moved postponed delayed rescheduled pushed brought changed shifted switched".split()
)
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|(?i:to|through|thru|until|till))\s*")
_AND_GAP = re.compile(r"\s+(?i:and)\s+")
_ON_GAP = re.compile(r"\s+(?i:on)\s+")
_OF_GAP = re.compile(r"\s+(?:(?i:of)\s+)?")
_DATE_AFTER_WEEKDAY_GAP = re.compile(r"\s*,?\s*")
_CLOCK_AFTER_DAY_GAP = re.compile(r"\s*[,@]?\s*(?:(?i:at|around|about)\s+)?")
_DAY_AFTER_CLOCK_GAP = re.compile(r"\s*,?\s*(?:(?i:on)\s+)?")
_FROM_BEFORE = re.compile(r"(?i:\b(?P<word>from|between))\s+$")
_SINCE_BEFORE = re.compile(r"(?i:\bsince)\s+$")


def _is_day(value: TimeValue) -> bool:
    if isinstance(value, CalendarValue):
        return value.day is not None
    return isinstance(value, WeekdayValue | DayOffsetValue | WeekdayInWeekValue)


def _rangeable(a: TimeValue, b: TimeValue) -> bool:
    if isinstance(a, CalendarValue) and isinstance(b, CalendarValue):
        return a.part is None and b.part is None
    return isinstance(a, WeekdayValue) and isinstance(b, WeekdayValue)


def _combine(ctx: Context, a: Mention, b: Mention) -> Mention | None:
    """``a`` and ``b`` read as one expression, when the words between them say so."""
    gap = ctx.text[a.end : b.start]
    before = ctx.text[ctx.start : a.start]
    va, vb = a.value, b.value
    opener = _FROM_BEFORE.search(before)
    if _rangeable(va, vb):
        start = a.start
        if opener:
            preceding = re.findall(r"\w+", before[: opener.start()].lower())[-3:]
            if any(word in _CHANGE_VERBS for word in preceding):
                return None  # "moved from Friday to Monday": two dates, not a span
            start = opener.start("word") + ctx.start
        pair_gap = _AND_GAP if opener and opener["word"].lower() == "between" else _RANGE_GAP
        if pair_gap.fullmatch(gap) and (opener or pair_gap is _RANGE_GAP):
            return Mention(start, b.end, RangeValue(va, vb))
    if (
        isinstance(va, UnitOffsetValue)
        and va.unit == "week"
        and va.part is None
        and isinstance(vb, WeekdayValue)
        and vb.offset is None
        and _ON_GAP.fullmatch(gap)
    ):
        return Mention(a.start, b.end, WeekdayInWeekValue(va, vb.weekday))
    if (
        isinstance(va, WeekdayValue)
        and va.offset is None
        and isinstance(vb, UnitOffsetValue)
        and vb.unit == "week"
        and vb.part is None
        and _OF_GAP.fullmatch(gap)
    ):
        return Mention(a.start, b.end, WeekdayInWeekValue(vb, va.weekday))
    if (
        isinstance(va, WeekdayValue)
        and isinstance(vb, CalendarValue)
        and vb.day is not None
        and _DATE_AFTER_WEEKDAY_GAP.fullmatch(gap)
    ):
        return Mention(a.start, b.end, vb)  # "Friday, Dec. 26": the date says it all
    if _is_day(va) and isinstance(vb, ClockValue) and _CLOCK_AFTER_DAY_GAP.fullmatch(gap):
        return Mention(a.start, b.end, WithClockValue(va, vb))
    if isinstance(va, ClockValue) and _is_day(vb) and _DAY_AFTER_CLOCK_GAP.fullmatch(gap):
        return Mention(a.start, b.end, WithClockValue(vb, va))
    return None


def _compose(ctx: Context, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for mention in mentions:
        out.append(mention)
        while len(out) >= 2:
            combined = _combine(ctx, out[-2], out[-1])
            if combined is None:
                break
            out[-2:] = [combined]
    result: list[Mention] = []
    for mention in out:
        since = _SINCE_BEFORE.search(ctx.text, ctx.start, mention.start)
        if since and since.end() == mention.start and not isinstance(mention.value, ClockValue):
            inner = _toward_past(mention.value)
            result.append(Mention(since.start(), mention.end, SinceValue(inner)))
        elif not mention.weak:
            result.append(mention)
    return result


def _toward_past(value: TimeValue) -> TimeValue:
    """The value read after "since": a yearless date or a weekday lies in the past."""
    if isinstance(value, CalendarValue) and value.year is None and value.direction == "near":
        return replace(value, direction="past")
    if isinstance(value, SeasonValue) and value.year is None and value.direction == "near":
        return replace(value, direction="past")
    if isinstance(value, WeekdayValue):
        return replace(value, future=False)
    return value


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Time expressions in ``text[start:end]``, in order, without overlaps."""
    end = len(text) if end is None else end
    present = triggers_present(text, start, end)
    if not present:
        return []
    ctx = Context(text, start, end)
    candidates: list[tuple[int, int, Mention]] = []
    for priority, (pattern, handler, needs) in enumerate(RULES):
        if needs not in present:
            continue
        for match in pattern.finditer(text, start, end):
            mention = handler(match, ctx)
            if mention is not None and mention.start < mention.end:
                candidates.append((mention.end - mention.start, -priority, mention))
    chosen: list[Mention] = []
    for _, _, mention in sorted(candidates, key=lambda c: (-c[0], c[2].start, -c[1])):
        if all(mention.end <= m.start or mention.start >= m.end for m in chosen):
            chosen.append(mention)
    chosen.sort(key=lambda m: m.start)
    return _compose(ctx, chosen)
