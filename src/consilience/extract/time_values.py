"""What a time expression means, and the interval it denotes once an anchor date is known.

Detection (:mod:`consilience.extract.time_rules`) turns text into the small values below
without looking at any anchor; :func:`resolve` then maps a value to a date interval. The
split keeps detection deterministic and anchor-free (the quantity extractor reuses it to
skip dates) and keeps every calendar decision in one place:

* A date without a year takes the year that puts it nearest the anchor, a day in the
  future counting twice as far as a day in the past (news mostly reports the past but
  announces the near future): with anchor 2026-01-02, "December 24" is 2025-12-24 and
  "January 5" is 2026-01-05. "since", "last" and "next" force the direction, and so does
  the tense of the clause ("was signed in August": the last August that has begun; "will
  open in March": the next March that has not ended).
* A bare weekday is the nearest one on or before the anchor, or on or after it when the
  clause is in the future tense ("will meet on Friday").
* "N weeks/months/years ago" is a window one unit wide centred on the anchor minus N
  units, so that "a year ago" does not contradict either neighbouring calendar year.
* "early/mid/late X" are the thirds of X; "earlier/later this X" run from the start of X
  to the anchor, or from the anchor to the end of X.
* Seasons are meteorological and northern ("winter 2024" is Dec 2024 to Feb 2025).

Calendar arithmetic uses the standard library (``datetime``, ``calendar``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from consilience.records import Precision

Part = Literal["early", "mid", "late", "earlier", "later"]
#: How to place a date that lacks its year (or a weekday): "near" the anchor, in the
#: "past" (start on or before the anchor: "since March", "was signed on March 3"), in the
#: "future" (end on or after it: "will open on March 3"), strictly "before" it ("last
#: March"), strictly "after" it ("next March"), or in the anchor's own year ("this March").
Direction = Literal["near", "past", "future", "before", "after", "this"]
Unit = Literal["day", "week", "weekend", "month", "quarter", "year", "decade"]

_FUTURE_WEIGHT = 2
_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
#: Default sizes of vague spans: "recent months" = the past 6 months, "a few" = 3.
RECENT_AMOUNT: dict[str, float] = {"day": 7, "week": 6, "month": 6, "year": 5, "decade": 3}


@dataclass(frozen=True, slots=True)
class CalendarValue:
    """A year, a month of a year, or a day; ``year`` is ``None`` when the text gave none
    ("December 24", "late March"). ``part`` narrows the unit ("late December")."""

    year: int | None
    month: int | None = None
    day: int | None = None
    part: Part | None = None
    direction: Direction = "near"


@dataclass(frozen=True, slots=True)
class SeasonValue:
    season: str
    year: int | None = None
    direction: Direction = "near"
    part: Part | None = None


@dataclass(frozen=True, slots=True)
class QuarterValue:
    quarter: int
    year: int | None = None
    year_offset: int | None = None


@dataclass(frozen=True, slots=True)
class DecadeValue:
    start_year: int
    part: Part | None = None


@dataclass(frozen=True, slots=True)
class WeekdayValue:
    """A weekday, 0 = Monday. ``offset``: -1 "last", 0 "this", 1 "next", None bare."""

    weekday: int
    offset: int | None = None
    future: bool = False


@dataclass(frozen=True, slots=True)
class DayOffsetValue:
    """ "today" (0), "yesterday" (-1), "tomorrow" (1), "last night" (-1)."""

    days: int


@dataclass(frozen=True, slots=True)
class UnitOffsetValue:
    """ "last week", "this month", "early next year", "earlier this week"."""

    unit: Unit
    #: -1 last, 0 this, 1 next; ``None`` only for the bare "the weekend".
    offset: int | None
    part: Part | None = None


@dataclass(frozen=True, slots=True)
class AgoValue:
    """ "two weeks ago" (sign -1), "three days from now" (sign 1)."""

    unit: Unit
    amount: float
    sign: int = -1


@dataclass(frozen=True, slots=True)
class RecentValue:
    """ "the past two weeks", "recent months", "the past decade": up to the anchor."""

    unit: Unit
    amount: float


@dataclass(frozen=True, slots=True)
class ClockValue:
    hour: int
    minute: int


@dataclass(frozen=True, slots=True)
class SinceValue:
    inner: TimeValue


@dataclass(frozen=True, slots=True)
class RangeValue:
    first: TimeValue
    last: TimeValue


@dataclass(frozen=True, slots=True)
class WeekdayInWeekValue:
    """ "last week on Friday", "Friday of next week"."""

    week: UnitOffsetValue
    weekday: int


@dataclass(frozen=True, slots=True)
class WithClockValue:
    day: TimeValue
    clock: ClockValue


TimeValue = (
    CalendarValue
    | SeasonValue
    | QuarterValue
    | DecadeValue
    | WeekdayValue
    | DayOffsetValue
    | UnitOffsetValue
    | AgoValue
    | RecentValue
    | ClockValue
    | SinceValue
    | RangeValue
    | WeekdayInWeekValue
    | WithClockValue
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The interval a value denotes; ``start``/``end`` are ``None`` when it cannot be
    placed (relative without an anchor, or a clock time without a day)."""

    precision: Precision
    start: dt.date | None
    end: dt.date | None
    relative: bool
    time_of_day: str | None = None


# --- calendar helpers -------------------------------------------------------------------


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _clamp(value: int, low: int = dt.MINYEAR + 1, high: int = dt.MAXYEAR - 1) -> int:
    return max(low, min(high, value))


def _unit_interval(unit: Unit, anchor: dt.date, offset: int) -> tuple[dt.date, dt.date]:
    """The calendar ``unit`` containing ``anchor``, moved by ``offset`` units."""
    if unit == "day":
        day = anchor + dt.timedelta(days=offset)
        return day, day
    if unit == "week":
        monday, sunday = week_of(anchor + dt.timedelta(weeks=offset))
        return monday, sunday
    if unit == "weekend":
        saturday = week_of(anchor)[0] + dt.timedelta(days=5 + 7 * offset)
        return saturday, saturday + dt.timedelta(days=1)
    if unit == "month":
        first = add_months(anchor.replace(day=1), offset)
        return first, month_end(first.year, first.month)
    if unit == "quarter":
        first_month = 3 * ((anchor.month - 1) // 3) + 1
        first = add_months(dt.date(anchor.year, first_month, 1), 3 * offset)
        last = add_months(first, 2)
        return first, month_end(last.year, last.month)
    if unit == "year":
        year = _clamp(anchor.year + offset)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    decade = _clamp(anchor.year // 10 * 10 + 10 * offset)
    return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)


def _part_of(
    start: dt.date, end: dt.date, part: Part, anchor: dt.date | None
) -> tuple[dt.date, dt.date]:
    """A third of ``start``..``end`` (early/mid/late), or the stretch before or after the
    anchor (earlier/later). Months split at the 10th and 20th, years at April and August."""
    if part in ("earlier", "later"):
        if anchor is None or not start <= anchor <= end:
            return start, end
        return (start, anchor) if part == "earlier" else (anchor, end)
    days = (end - start).days + 1
    if start.day == 1 and end == month_end(end.year, end.month) and start.month == end.month:
        cuts = (start.replace(day=10), start.replace(day=20))
    elif start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        span_years = end.year - start.year + 1
        if span_years == 1:
            cuts = (dt.date(start.year, 4, 30), dt.date(start.year, 8, 31))
        else:  # a decade: years 0-3, 4-6, 7-9
            cuts = (dt.date(start.year + 3, 12, 31), dt.date(start.year + 6, 12, 31))
    else:
        third = max(1, days // 3)
        cuts = (start + dt.timedelta(days=third - 1), start + dt.timedelta(days=2 * third - 1))
    if part == "early":
        return start, cuts[0]
    if part == "mid":
        return cuts[0] + dt.timedelta(days=1), cuts[1]
    return cuts[1] + dt.timedelta(days=1), end


def _distance(start: dt.date, end: dt.date, anchor: dt.date) -> int:
    if start <= anchor <= end:
        return 0
    if end < anchor:
        return (anchor - end).days
    return (start - anchor).days * _FUTURE_WEIGHT


def place_year(
    interval_in: _YearInterval, anchor: dt.date, direction: Direction
) -> tuple[dt.date, dt.date] | None:
    """The interval for the year chosen by ``direction`` (see the module docstring)."""
    if direction == "this":
        return interval_in(anchor.year)
    candidates = []
    for year in range(anchor.year - 2, anchor.year + 3):
        interval = interval_in(year)
        if interval is not None:
            candidates.append(interval)
    if direction == "past":
        past = [c for c in candidates if c[0] <= anchor]
        return past[-1] if past else None
    if direction == "future":
        future = [c for c in candidates if c[1] >= anchor]
        return future[0] if future else None
    if direction == "before":
        before = [c for c in candidates if c[1] < anchor]
        return before[-1] if before else None
    if direction == "after":
        after = [c for c in candidates if c[0] > anchor]
        return after[0] if after else None
    return min(candidates, key=lambda c: _distance(c[0], c[1], anchor), default=None)


class _YearInterval:
    """The interval a yearless calendar value takes in a given year (None if invalid,
    e.g. February 29 in a common year)."""

    __slots__ = ("value",)

    def __init__(self, value: CalendarValue | SeasonValue) -> None:
        self.value = value

    def __call__(self, year: int) -> tuple[dt.date, dt.date] | None:
        value = self.value
        if isinstance(value, SeasonValue):
            first = dt.date(year, _SEASON_MONTHS[value.season], 1)
            last = add_months(first, 2)
            return first, month_end(last.year, last.month)
        if value.month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if value.day is None:
            return dt.date(year, value.month, 1), month_end(year, value.month)
        if value.day > calendar.monthrange(year, value.month)[1]:
            return None
        day = dt.date(year, value.month, value.day)
        return day, day


# --- resolution -------------------------------------------------------------------------


def _unplaced(precision: Precision, time_of_day: str | None = None) -> Resolution:
    return Resolution(precision, None, None, relative=True, time_of_day=time_of_day)


def _calendar(value: CalendarValue, anchor: dt.date | None) -> Resolution:
    if value.day is not None:
        precision: Precision = "day"
    elif value.month is not None:
        precision = "month"
    else:
        precision = "year"
    if value.part is not None:
        precision = "range"
    interval_in = _YearInterval(value)
    if value.year is not None:
        interval = interval_in(value.year)
        relative = False
    elif anchor is None:
        return _unplaced(precision)
    else:
        interval = place_year(interval_in, anchor, value.direction)
        relative = True
    if interval is None:
        return _unplaced(precision)
    start, end = interval
    if value.part is not None:
        start, end = _part_of(start, end, value.part, anchor)
    return Resolution(precision, start, end, relative)


def _season(value: SeasonValue, anchor: dt.date | None) -> Resolution:
    precision: Precision = "season" if value.part is None else "range"
    interval_in = _YearInterval(value)
    if value.year is not None:
        interval = interval_in(value.year)
        relative = False
    elif anchor is None:
        return _unplaced(precision)
    else:
        interval = place_year(interval_in, anchor, value.direction)
        relative = True
    if interval is None:
        return _unplaced(precision)
    start, end = interval
    if value.part is not None:
        start, end = _part_of(start, end, value.part, anchor)
    return Resolution(precision, start, end, relative)


def _weekday(value: WeekdayValue, anchor: dt.date) -> dt.date:
    if value.offset is not None:
        monday = week_of(anchor)[0] + dt.timedelta(weeks=value.offset)
        if value.offset < 0:
            # "last Friday": the most recent Friday strictly before the anchor.
            back = (anchor.weekday() - value.weekday) % 7 or 7
            return anchor - dt.timedelta(days=back)
        return monday + dt.timedelta(days=value.weekday)
    if value.future:
        return anchor + dt.timedelta(days=(value.weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - value.weekday) % 7)


def _ago(value: AgoValue, anchor: dt.date) -> Resolution:
    amount = value.sign * value.amount
    if value.unit == "day":
        day = anchor + dt.timedelta(days=round(amount))
        return Resolution("day", day, day, relative=True)
    if value.unit in ("week", "weekend"):
        centre = anchor + dt.timedelta(days=round(7 * amount))
        half = dt.timedelta(days=3)
        return Resolution("week", centre - half, centre + half, relative=True)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[value.unit]
    centre = add_months(anchor, round(months * amount))
    half_days = dt.timedelta(days=round(months * 30.44 / 2))
    return Resolution("range", centre - half_days, centre + half_days, relative=True)


def _recent(value: RecentValue, anchor: dt.date) -> Resolution:
    if value.unit in ("day", "week", "weekend"):
        days = value.amount * (1 if value.unit == "day" else 7)
        return Resolution("range", anchor - dt.timedelta(days=round(days)), anchor, True)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[value.unit]
    return Resolution("range", add_months(anchor, -round(months * value.amount)), anchor, True)


def _unit_offset(value: UnitOffsetValue, anchor: dt.date) -> Resolution:
    offset = value.offset
    if offset is None:  # "the weekend": the one under way or just passed
        offset = 0 if anchor.weekday() >= 5 else -1
    start, end = _unit_interval(value.unit, anchor, offset)
    if value.unit == "decade" and offset < 0 and value.part is None:
        # "the last decade" in news means the past ten years, not the previous 201x.
        return _recent(RecentValue("decade", 1), anchor)
    precision: Precision
    if value.part is not None or value.unit == "weekend":
        precision = "range"
        if value.part is not None:
            start, end = _part_of(start, end, value.part, anchor)
    else:
        precision = value.unit
    return Resolution(precision, start, end, relative=True)


def _range(value: RangeValue, anchor: dt.date | None) -> Resolution:
    first, last = value.first, value.last
    # A yearless side takes its year from the other side ("March to May 2025"); a yearless
    # second side follows the first ("December 24 to January 2", "Monday to Wednesday").
    if (
        isinstance(first, CalendarValue)
        and isinstance(last, CalendarValue)
        and first.year is None
        and last.year is not None
    ):
        first = _with_year(first, last)
    a = resolve(first, anchor)
    b: Resolution | None = None
    if a.end is not None:
        b = _following(last, a.end)
    if b is None:
        b = resolve(last, anchor)
    if a.start is None or b.end is None or b.end < a.start:
        return _unplaced("range")
    return Resolution("range", a.start, b.end, a.relative or b.relative)


def _following(value: TimeValue, after: dt.date) -> Resolution | None:
    """A yearless date or bare weekday placed on or after ``after``."""
    if isinstance(value, CalendarValue) and value.year is None:
        interval_in = _YearInterval(value)
        for year in (after.year, after.year + 1):
            interval = interval_in(year)
            if interval is not None and interval[1] >= after:
                start, end = interval
                if value.part is not None:
                    start, end = _part_of(start, end, value.part, None)
                return Resolution("range", start, end, relative=True)
    if isinstance(value, WeekdayValue) and value.offset is None:
        day = after + dt.timedelta(days=(value.weekday - after.weekday()) % 7)
        return Resolution("day", day, day, relative=True)
    return None


def _with_year(value: CalendarValue, other: CalendarValue) -> CalendarValue:
    """``value`` given the year of the later ``other`` (the year before if it would
    otherwise come after it: "December 24 to January 2, 2026")."""
    year = other.year if other.year is not None else 0
    if (
        value.month is not None
        and other.month is not None
        and (value.month, value.day or 0) > (other.month, other.day or 99)
    ):
        year -= 1
    return CalendarValue(year, value.month, value.day, value.part, value.direction)


def resolve(value: TimeValue, anchor: dt.date | None) -> Resolution:
    """The interval ``value`` denotes relative to ``anchor`` (see the module docstring).
    An interval that would leave the calendar (years 1 to 9999: "next week" from
    9999-12-31) is no date, like an impossible one."""
    try:
        return _resolve(value, anchor)
    except (OverflowError, ValueError):
        return Resolution("range", None, None, relative=False)


def _resolve(value: TimeValue, anchor: dt.date | None) -> Resolution:
    if isinstance(value, CalendarValue):
        return _calendar(value, anchor)
    if isinstance(value, SeasonValue):
        return _season(value, anchor)
    if isinstance(value, DecadeValue):
        start, end = dt.date(value.start_year, 1, 1), dt.date(value.start_year + 9, 12, 31)
        if value.part is None:
            return Resolution("decade", start, end, relative=False)
        return Resolution("range", *_part_of(start, end, value.part, None), relative=False)
    if isinstance(value, QuarterValue):
        return _quarter(value, anchor)
    if isinstance(value, ClockValue):
        return _unplaced("time", f"{value.hour:02d}:{value.minute:02d}")
    if isinstance(value, WithClockValue):
        day = resolve(value.day, anchor)
        clock = f"{value.clock.hour:02d}:{value.clock.minute:02d}"
        return Resolution("time", day.start, day.end, day.relative, clock)
    if isinstance(value, RangeValue):
        return _range(value, anchor)
    if isinstance(value, SinceValue):
        inner = resolve(value.inner, anchor)
        if anchor is None or inner.start is None or inner.start > anchor:
            return _unplaced("range")
        return Resolution("range", inner.start, anchor, relative=True)
    return _relative(value, anchor)


def _quarter(value: QuarterValue, anchor: dt.date | None) -> Resolution:
    if value.year is not None:
        year = value.year
        relative = False
    elif anchor is None:
        return _unplaced("quarter")
    elif value.year_offset is not None:
        year, relative = anchor.year + value.year_offset, True
    else:  # "the third quarter": the most recent one that has started
        current = (anchor.month - 1) // 3 + 1
        year = anchor.year if value.quarter <= current else anchor.year - 1
        relative = True
    first = dt.date(year, 3 * value.quarter - 2, 1)
    return Resolution("quarter", first, month_end(year, 3 * value.quarter), relative)


def _relative(
    value: WeekdayValue
    | DayOffsetValue
    | UnitOffsetValue
    | AgoValue
    | RecentValue
    | WeekdayInWeekValue,
    anchor: dt.date | None,
) -> Resolution:
    if anchor is None:
        if isinstance(value, UnitOffsetValue):
            kind: Precision = "range" if value.part or value.unit == "weekend" else value.unit
            return _unplaced(kind)
        if isinstance(value, AgoValue | RecentValue):
            return _unplaced(
                "day" if isinstance(value, AgoValue) and value.unit == "day" else "range"
            )
        return _unplaced("day")
    if isinstance(value, WeekdayValue):
        day = _weekday(value, anchor)
        return Resolution("day", day, day, relative=True)
    if isinstance(value, DayOffsetValue):
        day = anchor + dt.timedelta(days=value.days)
        return Resolution("day", day, day, relative=True)
    if isinstance(value, WeekdayInWeekValue):
        monday = _unit_interval("week", anchor, value.week.offset or 0)[0]
        day = monday + dt.timedelta(days=value.weekday)
        return Resolution("day", day, day, relative=True)
    if isinstance(value, AgoValue):
        return _ago(value, anchor)
    if isinstance(value, RecentValue):
        return _recent(value, anchor)
    return _unit_offset(value, anchor)
