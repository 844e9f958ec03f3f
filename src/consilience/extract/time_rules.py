"""Finding time expressions in a sentence: a small rule layer of regular expressions.

Why a rule layer rather than ``dateparser.search_dates``: in news text it gives no
offsets, reads "the Sunday" out of "the Sunday Times" and "in May" out of "may", glues
"Friday after 30" into January 30, loses the precision of "December 2025" (it returns
December 2, a day), does not know vague phrases ("earlier this month", "late December",
"in recent months") and costs milliseconds per call. The rules below only *find*
expressions and say what they mean (:mod:`.time_values`); resolving them against an
anchor date is a separate, anchor-aware step. ``benchmarks/eval_extract_time_numbers.py``
runs dateparser beside these rules on the same tables.

Detection is anchor-free and deterministic: each rule proposes spans, the longest
non-overlapping ones win, then neighbours are composed ("between March and May", "last
week on Friday", "Friday at 3 p.m.", "since 2019") and uncomposed weak candidates (a bare
"May" or "March" with no cue that it is a month) are dropped.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from consilience.extract.time_lexicon import (
    AMBIGUOUS_MONTHS,
    AMOUNT,
    COUNT_NOUNS_AFTER_YEAR,
    DAY,
    DIRECTION_WORDS,
    FULL_MONTH_NAMES,
    FUNCTION_WORDS,
    FUTURE_CUES,
    LABELS_BEFORE_YEAR,
    MONTH_ANY,
    MONTH_NUMBER,
    NUMBER_WORDS,
    OFFSET_WORDS,
    OK_BEFORE_YEAR,
    PART_PREFIX,
    PART_WORDS,
    PAST_CUES,
    RECURRING_BEFORE,
    TIME_CUES,
    UNITS,
    WEEKDAY,
    WEEKDAY_NAME_BEFORE,
    WEEKDAY_NOT_TIME_AFTER,
    WEEKDAYS,
    YEAR,
    YEAR_END,
    Context,
    Mention,
)
from consilience.extract.time_values import (
    RECENT_AMOUNT,
    AgoValue,
    CalendarValue,
    ClockValue,
    DayOffsetValue,
    DecadeValue,
    Direction,
    Part,
    QuarterValue,
    RangeValue,
    RecentValue,
    SeasonValue,
    TimeValue,
    Unit,
    UnitOffsetValue,
    WeekdayValue,
)

_Handler = Callable[[re.Match[str], Context], "Mention | None"]


def _g(match: re.Match[str], name: str) -> str:
    """Group ``name`` of ``match``, or "" when the rule has no such group or it is unset."""
    return match.groupdict().get(name) or ""


def _month(name: str) -> int:
    return MONTH_NUMBER[name.rstrip(".").lower()]


def _day(token: str) -> int:
    return int(token.rstrip("stndrh"))


def _amount(token: str) -> float:
    token = " ".join(token.lower().split())
    named = {"a": 1.0, "an": 1.0, "a few": 3.0, "few": 3.0, "several": 5.0}
    named.update({"a couple of": 2.0, "couple of": 2.0, "couple": 2.0})
    if token in named:
        return named[token]
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    return float(token)


def _part(group: str) -> Part | None:
    if not group:
        return None
    words = group.lower().replace("-", " ").split()
    return PART_WORDS[words[1] if words[0] == "the" else words[0]]


def _year_ok(match: re.Match[str], ctx: Context) -> bool:
    """A bare year, not a label ("Section 2024") or a count ("more than 2000 people")."""
    start = match.start("y")
    before = ctx.word_before(start)
    tail = ctx.text[match.end() : ctx.end]
    after = tail.split(None, 1)[0] if tail[:1].isspace() and tail.strip() else ""
    lowered = before.lower().rstrip(".")
    char_before = ctx.text[start - 1 : start] if start > ctx.start else ""
    if lowered in LABELS_BEFORE_YEAR or (char_before and char_before in "#$"):
        return False
    if lowered == "to" and ctx.word_before(start - len(before) - 1).lower() == "up":
        return False  # "up to 2000"
    if after.lower() in COUNT_NOUNS_AFTER_YEAR:
        return False
    if (
        before[:1].isupper()
        and lowered not in OK_BEFORE_YEAR
        and not before.endswith(("'s", "’s"))
        and lowered not in MONTH_NUMBER
        and not ctx.at_sentence_start(ctx.text.rfind(before, ctx.start, start))
    ):
        return False  # "Section 2024", "Flight 2019", "Vision 2030"
    plural_after = after.islower() and after.endswith("s") and not after.endswith("ss")
    return not (plural_after and lowered not in OK_BEFORE_YEAR)


# --- rule handlers ----------------------------------------------------------------------


def _numeric(match: re.Match[str], ctx: Context) -> Mention | None:
    year = int(match["y"])
    if _g(match, "a"):
        a, b = int(match["a"]), int(match["b"])
        # Slashes read month/day (the English-news default) unless the first field cannot
        # be a month; dots read day.month.
        month, day = (b, a) if match["sep"] == "." or a > 12 else (a, b)
    else:
        month, day = int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Mention(match.start(), match.end(), CalendarValue(year, month, day))


def _day_month(match: re.Match[str], ctx: Context) -> Mention | None:
    month = _month(match["m"])
    year = int(match["y"]) if _g(match, "y") else None
    first_day = _day(match["d"])
    if first_day > calendar.monthrange(year or 2024, month)[1]:
        return None  # "February 30" (a leap year when the year is not given)
    direction = _tense(ctx, match.start()) if year is None else "near"
    first = CalendarValue(year, month, first_day, direction=direction)
    if _g(match, "d2"):
        last_day = _day(match["d2"])
        if last_day <= first_day:
            return None
        return Mention(
            match.start(), match.end(), RangeValue(first, CalendarValue(year, month, last_day))
        )
    return Mention(match.start(), match.end(), first)


def _month_rule(match: re.Match[str], ctx: Context) -> Mention | None:
    name = match["m"].rstrip(".")
    year = int(match["y"]) if _g(match, "y") else None
    part, rel = _part(_g(match, "part")), _g(match, "rel").lower()
    if year is None and name.lower() not in FULL_MONTH_NAMES:
        return None  # a bare abbreviation ("Mar", "Jan") is too often something else
    if year is not None and not part and not rel and not _year_ok(match, ctx):
        return None
    direction = DIRECTION_WORDS.get(rel) or (_tense(ctx, match.start()) if year is None else "near")
    value = CalendarValue(year, _month(name), None, part, direction)
    weak = False
    if year is None and part is None and not rel and name.lower() in AMBIGUOUS_MONTHS:
        if ctx.text[match.end() : match.end() + 1] in ("'", "’"):
            return None  # "May's cabinet"
        weak = ctx.word_before(match.start()).lower() not in TIME_CUES
    return Mention(match.start(), match.end(), value, weak)


def _year_rule(match: re.Match[str], ctx: Context) -> Mention | None:
    year = int(match["y"])
    if _g(match, "y2"):
        y2 = match["y2"]
        last = int(y2) if len(y2) == 4 else year // 100 * 100 + int(y2)
        if not year < last <= year + 50:
            return None
        value: TimeValue = RangeValue(CalendarValue(year), CalendarValue(last))
        return Mention(match.start(), match.end(), value)
    part = _part(_g(match, "part"))
    if part is None and not _year_ok(match, ctx):
        return None
    return Mention(match.start(), match.end(), CalendarValue(year, part=part))


def _decade(match: re.Match[str], ctx: Context) -> Mention | None:
    value = DecadeValue(int(match["y"]), _part(_g(match, "part")))
    return Mention(match.start(), match.end(), value)


def _season(match: re.Match[str], ctx: Context) -> Mention | None:
    word = match["s"]
    season = "autumn" if word.lower() == "fall" else word.lower()
    rel = _g(match, "rel").lower()
    year = int(match["y"]) if _g(match, "y") else None
    part = _part(_g(match, "part"))
    if year is None:
        if word[:1].isupper() and not rel and not ctx.at_sentence_start(match.start()):
            return None  # "Arab Spring", "Summer Olympics"
        if rel == "the" and ctx.word_after(match.end()).lower() == "of":
            return None  # "the fall of the city", "the summer of love"
        if word.lower() == "fall" and rel in ("", "the") and part is None:
            return None  # the verb or the noun "fall"
        after = ctx.word_after(match.end())
        if after.islower() and after not in FUNCTION_WORDS:
            return None  # "winter meetings", "summer camp", "spring training"
    weak = year is None and not rel and part is None
    if weak and ctx.word_before(match.start()).lower() in TIME_CUES | {"over"}:
        weak = False
    value = SeasonValue(season, year, DIRECTION_WORDS.get(rel, "near"), part)
    return Mention(match.start(), match.end(), value, weak)


def _quarter(match: re.Match[str], ctx: Context) -> Mention | None:
    q = match["q"].lower()
    ordinal = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    number = ordinal.get(q) or int(q.strip("qstndrh"))
    year_text = _g(match, "y") or _g(match, "y2")
    year = (int(year_text) if len(year_text) == 4 else 2000 + int(year_text)) if year_text else None
    rel = _g(match, "rel").lower()
    offset = OFFSET_WORDS[rel] if rel else None
    if year is None and offset is None and not q.startswith("q"):
        return None  # "the third quarter" alone is as likely a game's as a year's
    return Mention(match.start(), match.end(), QuarterValue(number, year, offset))


def _tense(ctx: Context, pos: int) -> Direction:
    """ "future" when the clause before ``pos`` is in the future tense ("will meet on
    Friday"), "past" when it is in the past ("was signed on"), else "near": the nearest
    tense cue going backwards decides."""
    words = re.findall(r"[\w'’]+", ctx.text[ctx.start : pos].lower())[-10:]
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in FUTURE_CUES:
            return "future"
        if i and words[i - 1] in ("be", "to"):
            continue  # "will be held", "to be signed": the auxiliary before decides
        if word in PAST_CUES or (len(word) > 4 and word.endswith("ed")):
            return "past"
    return "near"


def _weekday(match: re.Match[str], ctx: Context) -> Mention | None:
    before = ctx.word_before(match.start())
    if before in WEEKDAY_NAME_BEFORE:
        return None  # "Black Friday", "Good Friday", "Bloody Sunday"
    if not _g(match, "rel") and before.lower() in RECURRING_BEFORE:
        return None  # "every Tuesday", "the second Tuesday of every month"
    after = ctx.word_after(match.end())
    if not _g(match, "pod") and ctx.text[match.end() : match.end() + 1] in (" ", "\t"):
        if after.lower() in WEEKDAY_NOT_TIME_AFTER:
            return None  # "Friday prayers", "Sunday school"
        if after[:1].isupper() and after.rstrip(".").lower() not in MONTH_NUMBER:
            return None  # "the Sunday Times", "Monday Night Football"
    rel = _g(match, "rel").lower().split()
    offset = OFFSET_WORDS[rel[-1]] if rel else None
    if rel[:1] == ["this"] and rel[-1] == "past":
        offset = -1
    weekday = WEEKDAYS.index(match["w"].title())
    value = WeekdayValue(weekday, offset, future=_tense(ctx, match.start()) == "future")
    return Mention(match.start(), match.end(), value)


def _day_word(match: re.Match[str], ctx: Context) -> Mention | None:
    word = match["w"]
    if (
        word[:1].isupper()
        and not word.isupper()
        and not _g(match, "mod")
        and not ctx.at_sentence_start(match.start())
    ):
        return None  # "USA Today", the "Today" programme
    days = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word.lower()]
    return Mention(match.start(), match.end(), DayOffsetValue(days))


def _part_of_day(match: re.Match[str], ctx: Context) -> Mention | None:
    rel = match["rel"].lower()
    if rel == "this" and match.group().lower().endswith("night"):
        return None  # "on this night": a night of the narrative, not of the anchor
    days = -1 if rel == "last" else 0
    return Mention(match.start(), match.end(), DayOffsetValue(days))


def _day_before(match: re.Match[str], ctx: Context) -> Mention | None:
    days = -2 if match["w"].lower().startswith("before") else 2
    return Mention(match.start(), match.end(), DayOffsetValue(days))


def _unit_offset(match: re.Match[str], ctx: Context) -> Mention | None:
    unit = UNITS[match["u"].lower()]
    rel = match["rel"].lower().split()
    if rel in (["past"], ["coming"]):
        return None  # "past week", "coming weeks": spans, handled by _recent
    if not _g(match, "part") and (
        ctx.word_before(match.start()).lower() == "the"
        or ctx.word_after(match.end()).lower() == "of"
    ):
        return None  # "the next year" (narrative time), "last week of November"
    offset = -1 if rel == ["this", "past"] else OFFSET_WORDS[rel[-1]]
    value = UnitOffsetValue(unit, offset, _part(_g(match, "part")))
    return Mention(match.start(), match.end(), value)


def _in_the_unit(match: re.Match[str], ctx: Context) -> Mention | None:
    unit = UNITS[match["u"].lower()]
    part = _part(_g(match, "part") or _g(match, "part2"))
    value = UnitOffsetValue(unit, None if unit == "weekend" else 0, part)
    return Mention(match.start(), match.end(), value)


def _ago(match: re.Match[str], ctx: Context) -> Mention | None:
    unit = UNITS[match["u"].lower().rstrip("s")]
    amount = _amount(match["n"]) + (0.5 if _g(match, "half") else 0.0)
    sign = -1 if match["dir"].lower() == "ago" else 1
    return Mention(match.start(), match.end(), AgoValue(unit, amount, sign))


def _recent(match: re.Match[str], ctx: Context) -> Mention | None:
    unit_word = match["u"].lower()
    if match["rel"].lower() == "last" and not _g(match, "the") and not _g(match, "n"):
        return None  # "last week": a calendar week, handled by _unit_offset
    if ctx.word_after(match.end()).lower() in ("of", "in"):
        return None  # "the last week of December"
    amount = _amount(match["n"]) if _g(match, "n") else 0.0 if unit_word.endswith("s") else 1.0
    unit_word = unit_word.removesuffix("s")
    unit: Unit = "day" if unit_word == "hour" else UNITS[unit_word]
    if unit_word == "hour":
        amount = max(1.0, amount / 24)
    value = RecentValue(unit, amount or RECENT_AMOUNT[unit])
    return Mention(match.start(), match.end(), value)


_CLOCK_CUES = frozenset("at around about from until till by before after since".split())


def _clock(match: re.Match[str], ctx: Context) -> Mention | None:
    word = _g(match, "word").lower()
    if word:
        hour = 0 if word == "midnight" else 12
        return Mention(match.start(), match.end(), ClockValue(hour, 0))
    hour, minute = int(match["h"]), int(_g(match, "mi") or 0)
    meridiem = _g(match, "ap").lower().replace(".", "").replace(" ", "")
    if meridiem:
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif not _g(match, "tz") and ctx.word_before(match.start()).lower() not in _CLOCK_CUES:
        return None  # "3:16" alone may be a verse, a score or a ratio
    return Mention(match.start(), match.end(), ClockValue(hour, minute))


_TZ = (
    r"(?P<tz>\s+(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|EET|"
    r"IST|JST|AEST|AEDT|local\s+time)\b)?"
)
_NUMBER_ALTERNATIVES = "|".join(NUMBER_WORDS)
_RULE_SOURCES: tuple[tuple[str, _Handler, str], ...] = (
    (
        rf"(?<![\w/.-])(?P<y>{YEAR})(?P<sep>[-/])(?P<m>0?[1-9]|1[0-2])(?P=sep)"
        r"(?P<d>3[01]|[12]\d|0?[1-9])(?![\w/]|[-.]\d)",
        _numeric,
        "digit",
    ),
    (
        rf"(?<![\w/.,-])(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{YEAR})"
        r"(?![\w/]|[-.]\d)",
        _numeric,
        "digit",
    ),
    (
        rf"(?<!\w)(?P<m>{MONTH_ANY})\s+(?P<d>{DAY})(?:\s*(?:-|–|to|through)\s*"
        rf"(?P<d2>{DAY}))?(?![\w%:]|[.,]\d)(?:,?\s+(?P<y>{YEAR}){YEAR_END})?",
        _day_month,
        "month",
    ),
    (
        rf"(?<![\w.,$£€-])(?P<d>{DAY})(?:\s*(?:-|–|to)\s*(?P<d2>{DAY}))?(?:\s+of)?\s+"
        rf"(?P<m>{MONTH_ANY})(?:,?\s+(?P<y>{YEAR}){YEAR_END})?",
        _day_month,
        "month",
    ),
    (
        rf"(?<![\w-])(?:{PART_PREFIX}|(?P<rel>(?i:last|this|next|past))\s+)?"
        rf"(?P<m>{MONTH_ANY})(?!\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,]\d))"
        rf"(?:(?:\s+of)?,?\s+(?P<y>{YEAR}){YEAR_END})?",
        _month_rule,
        "month",
    ),
    (
        rf"(?<![\w$£€#.,/:-])(?:{PART_PREFIX})?(?P<y>{YEAR})"
        rf"(?:\s*[-–/]\s*(?P<y2>{YEAR}|\d\d))?{YEAR_END}",
        _year_rule,
        "digit",
    ),
    (
        r"(?<![\w'’])(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
        r"(?P<y>(?:1[89]|20)\d0)['’]?s\b",
        _decade,
        "digit",
    ),
    (
        rf"(?<![\w-])(?:{PART_PREFIX})?(?:(?P<rel>(?i:last|this|next|past|the))\s+)?"
        r"(?P<s>(?i:spring|summer|autumn|fall|winter))(?![\w-])"
        rf"(?:(?:\s+of)?,?\s+(?P<y>{YEAR}){YEAR_END})?",
        _season,
        "season",
    ),
    (
        r"(?<![\w-])(?:(?i:the)\s+)?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))\s+"
        r"(?i:quarter)(?:\s+of\s+(?:(?P<rel>(?i:last|this|next))\s+year|(?P<y>"
        rf"{YEAR}))|,?\s+(?P<y2>{YEAR}))?(?![\w-])",
        _quarter,
        "quarter",
    ),
    (rf"(?<![\w-])(?P<q>Q[1-4])(?:\s*(?P<y>{YEAR})|\s*['’](?P<y2>\d\d))?(?![\w-])", _quarter, "Q"),
    (
        r"(?<![\w-])(?:(?P<rel>(?i:last|this|next|this\s+past|this\s+coming))\s+)?"
        rf"(?P<w>{WEEKDAY})(?![\w-])(?:\s+(?P<pod>(?i:morning|afternoon|evening|night))\b)?",
        _weekday,
        "weekday",
    ),
    (
        r"(?<![\w-])(?:(?P<mod>(?i:earlier|later))\s+)?(?P<w>(?i:today|tonight|yesterday|"
        r"tomorrow))(?![\w-])(?:\s+(?i:morning|afternoon|evening|night)\b)?",
        _day_word,
        "dayword",
    ),
    (
        r"(?<![\w-])(?P<rel>(?i:this|last))\s+(?i:morning|afternoon|evening|night)(?![\w-])",
        _part_of_day,
        "partofday",
    ),
    (
        r"(?<![\w-])(?i:the\s+day\s+(?P<w>before\s+yesterday|after\s+tomorrow))\b",
        _day_before,
        "dayword",
    ),
    (
        r"(?<![\w-])(?:(?P<part>(?i:earlier|later|early|late|mid|the\s+(?:end|beginning|"
        r"start|middle|rest)\s+of))[\s-]+)?(?P<rel>(?i:last|this|next|past|coming|this\s+past|"
        r"this\s+coming))\s+(?P<u>(?i:week|month|year|decade|quarter|weekend))(?![\w-])",
        _unit_offset,
        "unit",
    ),
    (
        r"(?<![\w-])(?i:(?:the\s+(?P<part>end|beginning|start|middle|rest)\s+of|"
        r"(?P<part2>earlier|later)\s+in)\s+the\s+(?P<u>week|month|year))(?![\w-])",
        _in_the_unit,
        "unit",
    ),
    (r"(?<![\w-])(?i:the\s+(?P<u>weekend))(?![\w-])", _in_the_unit, "unit"),
    (
        rf"(?<![\w-])(?P<n>(?i:{AMOUNT}))\s+(?P<u>(?i:days?|weeks?|months?|years?|decades?))"
        r"(?P<half>\s+and\s+a\s+half)?\s+(?P<dir>(?i:ago|from\s+now))(?![\w-])",
        _ago,
        "ago",
    ),
    (
        r"(?<![\w-])(?:(?P<the>(?i:the))\s+)?(?P<rel>(?i:past|last))\s+(?:(?P<n>(?i:\d{1,3}|"
        rf"few|several|couple(?:\s+of)?|{_NUMBER_ALTERNATIVES}))\s+)?"
        r"(?P<u>(?i:hours?|days?|weeks?|months?|years?|decades?))(?![\w-])",
        _recent,
        "unit",
    ),
    (
        r"(?<![\w-])(?P<rel>(?i:recent))\s+(?P<u>(?i:days|weeks|months|years|decades))(?![\w-])",
        _recent,
        "recent",
    ),
    (
        r"(?<![\w:.,$£€-])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*"
        rf"(?P<ap>(?i:a\.\s?m\.|p\.\s?m\.|a\.m|p\.m|am|pm))(?!\w){_TZ}",
        _clock,
        "digit",
    ),
    (
        r"(?<![\w:.,$£€-])(?P<h>[01]?\d|2[0-3])[:h](?P<mi>[0-5]\d)(?![\w:]|[.,]\d)"
        rf"{_TZ}",
        _clock,
        "digit",
    ),
    (rf"(?<![\w-])(?P<word>(?i:noon|midday|midnight))(?![\w-]){_TZ}", _clock, "noon"),
)
#: The rules in priority order (an earlier rule wins a tie between equally long spans).
RULES = tuple((re.compile(source), handler, needs) for source, handler, needs in _RULE_SOURCES)
