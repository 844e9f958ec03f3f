"""The vocabulary of the time rules: month and weekday names, cue words, the cheap
triggers that decide which rules run on a sentence, and the small types the rules share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consilience.extract.time_values import Direction, Part, TimeValue, Unit


@dataclass(frozen=True, slots=True)
class Mention:
    """A time expression found at ``start``..``end``; ``weak`` ones survive only when
    composed with a neighbour ("between March and May")."""

    start: int
    end: int
    value: TimeValue
    weak: bool = False


# --- vocabulary -------------------------------------------------------------------------

_FULL_MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTH_NUMBER = {name.lower(): i for i, name in enumerate(_FULL_MONTHS, 1)}
FULL_MONTH_NAMES = frozenset(MONTH_NUMBER)
MONTH_NUMBER.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9}
)
MONTH_NUMBER.update({"sept": 9, "oct": 10, "nov": 11, "dec": 12})
#: Month names that are also common words or first names: bare, they need a cue.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "april", "june", "august"})
_ABBREVIATIONS = (
    "Sept",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _title_or_upper(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(f"{w}|{w.upper()}" for w in words)


MONTH_ANY = (
    rf"(?:(?:{_title_or_upper(_FULL_MONTHS)})\b|(?:{_title_or_upper(_ABBREVIATIONS)})(?:\.|\b))"
)
WEEKDAY = rf"(?:{_title_or_upper(WEEKDAYS)})"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
YEAR_END = r"(?![\w%]|[.,:/-]\d)"
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
NUMBER_WORDS.update({"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50})
AMOUNT = rf"(?:\d{{1,3}}(?:\.\d)?|an?|a\s+few|a\s+couple\s+of|several|{'|'.join(NUMBER_WORDS)})"
PART_PREFIX = r"(?P<part>(?i:early|mid|late|the\s+(?:end|beginning|start|middle)\s+of))[\s-]+"
UNITS: dict[str, Unit] = {
    "day": "day",
    "week": "week",
    "weekend": "weekend",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "decade": "decade",
}
PART_WORDS: dict[str, Part] = {
    "early": "early",
    "beginning": "early",
    "start": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "late",
    "earlier": "earlier",
    "later": "later",
    "rest": "later",
}
OFFSET_WORDS = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}
DIRECTION_WORDS: dict[str, Direction] = {
    "last": "before",
    "past": "before",
    "this": "this",
    "next": "after",
}
#: Prepositions that make a bare "May" or "summer" a time ("in May", "since June").
TIME_CUES = frozenset(
    "in since until till by from during through throughout before after of between".split()
)
WEEKDAY_NAME_BEFORE = frozenset(
    "Black Good Cyber Ash Palm Easter Bloody Super Holy Maundy Giving Shrove Fat Blue Whit".split()
)
WEEKDAY_NOT_TIME_AFTER = frozenset(
    "prayers prayer sermon sermons service services mass masses school schools paper "
    "papers edition editions supplement magazine league".split()
)
RECURRING_BEFORE = frozenset("every each first second third fourth fifth".split())
#: Words that may follow a bare season used as a time ("last summer he ...").
FUNCTION_WORDS = frozenset(
    """the a an and or but as when while after before to for of in on at with by from
    that which he she it they we i you his her its their our was were is are will would
    has had have been there this these those than then until since""".split()
)
#: Words just before a bare year that make it a label or a count ("Section 2024",
#: "more than 2000"), or just after it that make it a count ("2000 people").
LABELS_BEFORE_YEAR = frozenset(
    "section article resolution no number flight route room bill chapter item code model "
    "version page paragraph rule order highway interstate exit gate unit lot platform "
    "channel suite apartment building block district precinct ward than least nearly "
    "almost some".split()
)
COUNT_NOUNS_AFTER_YEAR = frozenset("people men women children police personnel staff".split())
OK_BEFORE_YEAR = frozenset(
    "in since by from until till before after during through between of and or the a "
    "early late mid spring summer autumn fall winter fiscal fy class around about circa "
    "year years".split()
)
FUTURE_CUES = frozenset(
    "will would 'll ’ll shall won't won’t scheduled due slated expected planned plans plan "
    "upcoming".split()
)
PAST_CUES = frozenset(
    "said told was were had did met went came took gave made left began held struck saw "
    "spoke wrote sent fled fought won lost ran".split()
)
_WORD = re.compile(r"[A-Za-z]+")
_CASED_TRIGGERS = {
    "month": frozenset(
        w for name in (*_FULL_MONTHS, *_ABBREVIATIONS) for w in (name, name.upper())
    ),
    "weekday": frozenset(w for name in WEEKDAYS for w in (name, name.upper())),
}
_WORD_TRIGGERS = {
    "season": frozenset("spring summer autumn fall winter".split()),
    "quarter": frozenset({"quarter"}),
    "dayword": frozenset("today tonight yesterday tomorrow".split()),
    "partofday": frozenset("morning afternoon evening night".split()),
    "unit": frozenset(
        """hour hours day days week weeks weekend month months year years decade decades
        quarter""".split()
    ),
    "ago": frozenset({"ago", "now"}),
    "recent": frozenset({"recent"}),
    "noon": frozenset({"noon", "midday", "midnight"}),
}
_PATTERN_TRIGGERS = {"digit": re.compile(r"\d"), "Q": re.compile(r"Q[1-4]")}


def triggers_present(text: str, start: int, end: int) -> set[str]:
    """The rule triggers present in ``text[start:end]``: a rule only runs when its trigger
    is there (word-set lookups cost far less than running every pattern on every
    sentence)."""
    present = {k for k, p in _PATTERN_TRIGGERS.items() if p.search(text, start, end)}
    words = set(_WORD.findall(text, start, end))
    present.update(k for k, cased in _CASED_TRIGGERS.items() if not words.isdisjoint(cased))
    lowered = {w.lower() for w in words}
    present.update(k for k, vocab in _WORD_TRIGGERS.items() if not lowered.isdisjoint(vocab))
    return present


_WORD_BEFORE = re.compile(r"([\w'’.]+)[\s,]*$")
_WORD_WINDOW = 64
_WORD_AFTER = re.compile(r"^[\s,]*([\w'’]+)")


@dataclass(frozen=True, slots=True)
class Context:
    """The sentence a rule looks at: the article text and the sentence's bounds."""

    text: str
    start: int
    end: int

    def word_before(self, pos: int) -> str:
        # A window, not the whole sentence: the end-anchored search retries at every
        # position, quadratic in a very long token.
        match = _WORD_BEFORE.search(self.text, max(self.start, pos - _WORD_WINDOW), pos)
        return match.group(1) if match else ""

    def word_after(self, pos: int) -> str:
        match = _WORD_AFTER.match(self.text[pos : self.end])
        return match.group(1) if match else ""

    def at_sentence_start(self, pos: int) -> bool:
        return not self.text[self.start : pos].strip(" \t\n\"“‘'([—–-")
