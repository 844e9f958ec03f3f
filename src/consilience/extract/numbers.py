"""Quantities: numbers with their comparator and unit, found in a sentence and compared.

"more than 30 boats" and "over 30 vessels" both read (">", 30, "vessel"), so that two
reports can be compared on what they say rather than on their words. What is *not* a
quantity here, and why:

* dates, years and clock times (the time extractor owns them: "Dec. 24", "2025", "3 p.m.");
* labels and identifiers: "No. 5", "Section 2", "Flight 370", "Boeing 737", "COVID-19";
* ordinals ("first", "third", "5th"): they rank, they do not count, and comparing ranks
  across reports ("the third strike" / "the fourth strike") depends on what each report
  chose to count;
* scores and tallies ("a 5-4 vote", "won 3-1"): two numbers that only mean something
  together, and reading them as a range would be wrong;
* "one of several", "one day", "at one point": "one" as a pronoun or in idioms.

Units are the head noun after the number, singular and lowercased; currencies are ISO
4217 codes ("$" is read as USD, "A$" as AUD). A small synonym
table merges words that name the same kind of thing in news use (boat/ship/vessel,
people/persons/individuals, troops/soldiers) and spelling variants; it never maps a
narrower word to a broader one ("civilians", "children", "migrants" stay themselves,
because 10 civilians and 12 people do not contradict each other).

Reading a number and its unit word is in :mod:`.numbers_lexicon`; this module finds the
quantities of a sentence (guards, ranges, comparators, units) and compares them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from consilience.extract.numbers_lexicon import (
    ABBREVIATED_UNITS,
    TWO_WORD_UNITS,
    UNIT_SYNONYMS,
    Number,
    adjacent,
    may_hold_quantity,
    may_start_number,
    normalize_unit,
    plural_head,
    read_number,
    tokenize,
)
from consilience.extract.time import find_time_spans
from consilience.records import Comparator, Quantity, Sentence

QuantityRelation = Literal["same", "compatible", "different", "incomparable"]

__all__ = ["compare_quantities", "extract_quantities", "quantity_reading"]

_STOP = frozenset(
    """a an the this that these those it its they them their there here he she his her him we
    our us you your i me my who whom whose which what when where while why how if then than
    as so and or but nor not no of in on at to from by with for into onto over under about
    around across through per each every after before during since until till upon within
    without against between among is are was were be been being am has have had do does
    did will would shall should can could may might must said says say told also more most
    less least fewer only just even still again other another such times time way out up
    down off""".split()
)
_ONE_IDIOMS = frozenset("day time point way side hand thing another other more".split())
_NOT_ONE_BEFORE = frozenset("no any every each the this that which at as for someone".split())
_TALLY_NOUNS = frozenset(
    "vote votes victory win loss defeat draw decision ruling score lead margin majority verdict".split()
)
_TALLY_VERBS = frozenset(
    "voted won lost beat defeated drew trailed led leading trailing winning".split()
)
_LABELS = frozenset(
    """section article chapter no number flight route room page paragraph item rule
    resolution level category phase stage step grade tier round game episode season volume
    version model bill lane gate platform terminal channel highway interstate exit unit
    ward district precinct floor row seat line bus train code act verse""".split()
)
_COMPARATOR_PHRASES: tuple[tuple[Comparator, str], ...] = (
    (
        ">",
        "more than|over|above|in excess of|upwards of|upward of|exceeding|greater than|higher than|just over|well over|north of|a little over|slightly more than",
    ),
    (">=", "at least|no fewer than|no less than|a minimum of|not less than|a record"),
    ("<", "less than|fewer than|under|below|just under|lower than|well under|slightly less than"),
    (
        "<=",
        "up to|at most|no more than|not more than|as many as|as much as|a maximum of|a maximum|within|inside of",
    ),
    (
        "~",
        "about|around|approximately|roughly|nearly|almost|some|close to|an estimated|estimated|circa|approx|more or less|just about|an approximate",
    ),
)
_COMPARATORS: tuple[tuple[str, Comparator], ...] = tuple(
    (phrase, cmp) for cmp, phrases in _COMPARATOR_PHRASES for phrase in phrases.split("|")
)
_POSTFIX: tuple[tuple[str, Comparator], ...] = (
    ("or more", ">="),
    ("or so", "~"),
    ("or fewer", "<="),
    ("or less", "<="),
    ("plus", ">="),
)

_COMPARATOR_WORDS = frozenset(w for phrase, _ in _COMPARATORS for w in phrase.split())
_CAPITALIZED_OK_BEFORE = (
    _STOP
    | _COMPARATOR_WORDS
    | frozenset("all both some top latest total additional further extra another roughly".split())
)
_TIME_UNITS = frozenset("second minute hour day week month year decade".split())
_CHANGE_VERBS = frozenset(
    """rose rise rises risen rising fell fall falls fallen falling increased increase
    decreased decrease climbed climb dropped drop jumped jump grew grow declined decline
    soared plunged slipped surged cut raised lowered reduced boosted revised up down""".split()
)
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
#: Units that end in -s but are singular (or read as one after "1").
_SINGULAR_S = frozenset("species series news means percent".split())
_MODIFIERS = frozenset("other more additional further extra".split())
_AGE_UNITS = frozenset({"year", "month", "week", "day"})
#: Capitalized words before a number that are not model names ("in June 2008").
_NOT_DESIGNATIONS = frozenset(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday the and of in on at by for to from""".split()
)
_CONNECTORS = frozenset({"-", "–", "—", "to", "or", "and"})


@dataclass(frozen=True, slots=True)
class _Reading:
    start: int
    end: int
    value: float
    comparator: Comparator
    unit: str | None
    value_max: float | None


class _Scanner:
    """Reads the quantities of one sentence, left to right."""

    def __init__(self, text: str, start: int, end: int, *, headline: bool = False) -> None:
        self.text = text
        self.start, self.end = start, end
        self.tokens = tokenize(text, start, end) if may_hold_quantity(text, start, end) else []
        self._time_spans: list[tuple[int, int]] | None = None
        words = [t for t in self.tokens if t.kind == "word" and len(t.text) > 3]
        capitalized = sum(1 for t in words if t.text[:1].isupper())
        # Title Case ("Strike Destroys 30 Boats") switches off the capitalized-label guard.
        self.title_case = headline or (
            len(words) >= 3
            and capitalized >= 0.6 * len(words)
            and not text[start:end].rstrip().endswith((".", '"', "”"))
        )

    @property
    def time_spans(self) -> list[tuple[int, int]]:
        if self._time_spans is None:
            self._time_spans = find_time_spans(self.text, self.start, self.end)
        return self._time_spans

    def readings(self) -> list[_Reading]:
        out: list[_Reading] = []
        i = 0
        while i < len(self.tokens):
            if not may_start_number(self.tokens[i]):
                i += 1
                continue
            reading, i = self._reading_at(i)
            # "1e400" or 400 digits overflow to infinity: no quantity a report can compare
            if reading is not None and _finite(reading.value, reading.value_max):
                out.append(reading)
        return out

    # -- guards --------------------------------------------------------------------------

    def _in_time(self, number: Number) -> bool:
        start, end = self.tokens[number.first].start, self.tokens[number.last].end
        return any(s < end and start < e for s, e in self.time_spans)

    def _identifier(self, number: Number) -> bool:
        """Part of a name, code or address rather than a count: glued to letters ("G7",
        "COVID-19", "site.com/1", "1.js", "4×4"), after "#", the tail of a hyphenated or spaced
        code ("800-800-3855", "0845 125 2222"), a decimal without its zero (".358"), or
        a fraction, ratio or clock reading ("3/4", "3:1")."""
        tokens = self.tokens
        first, last = tokens[number.first], tokens[number.last]
        before = self.text[first.start - 1 : first.start] if first.start else ""
        before2 = self.text[first.start - 2 : first.start - 1] if first.start > 1 else ""
        after2 = self.text[last.end : last.end + 2]
        if before.isalnum() or before in ("#", "/"):
            return True
        if before and before in ".-–:×" and (before2.isalnum() or before == "."):
            return True
        if len(after2) == 2 and after2[0] == "." and after2[1].isalpha():
            return True
        if len(after2) == 2 and after2[0] in "×x" and after2[1].isdigit():
            return True  # "4×4", "4x4"
        if self._in_digit_run(number):
            return True
        k = number.last + 1
        return (
            k + 1 < len(tokens)
            and tokens[k].text in "/:"
            and adjacent(last, tokens[k])
            and tokens[k + 1].kind == "num"
        )

    def _in_digit_run(self, number: Number) -> bool:
        """Next to another numeral with only spaces between: a phone number or a code."""
        tokens = self.tokens
        neighbours = (number.first - 1, number.last + 1)
        for k in neighbours:
            if 0 <= k < len(tokens) and tokens[k].kind == "num":
                a, b = sorted(
                    (tokens[k], tokens[number.first if k < number.first else number.last]),
                    key=lambda t: t.start,
                )
                if not self.text[a.end : b.start].strip() and not any(
                    s <= tokens[k].start < e for s, e in self.time_spans
                ):
                    return True
        return False

    def _labelled(self, number: Number) -> bool:
        """After a label word ("No. 5", "section 2", "Boeing 737")."""
        p = number.first - 1
        if p >= 0 and self.tokens[p].text == "." and p >= 1:
            p -= 1
        if p < 0 or self.tokens[p].kind != "word":
            return False
        word = self.tokens[p]
        if word.lower in _LABELS:
            return True
        first = self.tokens[number.first]
        if first.kind != "num" or number.currency or self.title_case:
            return False
        initial = all(t.kind in ("other", "sym") for t in self.tokens[:p])
        return (
            word.text[:1].isupper()
            and not initial
            and word.lower not in _CAPITALIZED_OK_BEFORE
            and not word.text.endswith(("'s", "’s"))
        )

    # -- reading -------------------------------------------------------------------------

    def _reading_at(self, i: int) -> tuple[_Reading | None, int]:
        tokens = self.tokens
        number = read_number(tokens, i)
        if number is None:
            return None, i + 1
        after = number.last + 1
        if self._in_time(number) or self._identifier(number) or self._labelled(number):
            return None, after
        if (
            number.vague
            and tokens[number.first].lower == "scores"
            and not self._word_is(after, "of")
        ):
            return None, after
        prev = self._word_before(number.first)
        value_max, skip_to = self._extend_range(number, prev)
        if skip_to is not None:
            return None, skip_to
        if number.vague:
            value_max = number.vague[1]
        postfix, last = self._postfix(number.last)
        unit, last = self._unit(number, last)
        if number.word_one and (
            unit is None
            or unit in _ONE_IDIOMS
            or prev in _NOT_ONE_BEFORE
            or self._word_is(number.last + 1, "of")
        ):
            return None, number.last + 1
        start_index = number.first
        if value_max is not None and not number.vague and prev in ("between", "from"):
            start_index -= 1
        comparator, start_index = self._comparator(start_index, unit)
        if comparator is None:
            comparator = postfix or ("~" if number.approximate else "=")
        start, end = tokens[start_index].start, tokens[last].end
        reading = _Reading(start, end, number.value, comparator, unit, value_max)
        return reading, max(last, number.last) + 1

    def _extend_range(self, number: Number, prev: str) -> tuple[float | None, int | None]:
        """The upper bound when ``number`` opens a range ("30 to 40", "$3-5 million"),
        extending ``number`` over it; or the token to skip to when ``number`` is half of a
        score or a ratio ("5-4", "1 in 5")."""
        tokens = self.tokens
        k = number.last + 1
        if number.vague or k + 1 >= len(tokens):
            return None, None
        connector = tokens[k].lower
        if connector == "in" and tokens[k + 1].kind == "num":
            ratio = read_number(tokens, k + 1)
            if ratio is not None and not self._in_time(ratio):
                return None, ratio.last + 1
        if connector not in _CONNECTORS or (connector == "and" and prev != "between"):
            return None, None
        second = read_number(tokens, k + 1)
        if second is None or second.vague or self._in_time(second):
            return None, None
        if self._tally(number, second, connector):
            return None, second.last + 1
        change = self._word_before(number.first - 1) if prev == "from" else prev
        if change in _CHANGE_VERBS:
            return None, None  # "rose from 30 to 40": a change, not a range
        if (number.unit and second.unit != number.unit and (second.unit or second.scale > 1)) or (
            number.currency and second.currency not in (None, number.currency)
        ):
            return None, None  # "12% to 1.3 billion euros"
        value = number.value
        if second.scale > 1 and number.scale == 1 and tokens[number.last].kind == "num":
            value *= second.scale  # "$3-5 million"
        if second.value <= value:
            return None, None
        number.value = value
        number.currency = number.currency or second.currency
        number.unit = number.unit or second.unit
        number.last = second.last
        return second.value, None

    def _word_is(self, k: int, word: str) -> bool:
        return k < len(self.tokens) and self.tokens[k].lower == word

    def _word_before(self, k: int) -> str:
        return self.tokens[k - 1].lower if k >= 1 and self.tokens[k - 1].kind == "word" else ""

    def _tally(self, a: Number, b: Number, connector: str) -> bool:
        """ "5-4 vote", "won 3-1": a score, not a range."""
        tokens = self.tokens
        if connector not in "-–—" or a.currency or a.unit or b.currency or b.unit:
            return False
        if not (
            adjacent(tokens[a.last], tokens[a.last + 1])
            and adjacent(tokens[a.last + 1], tokens[b.first])
        ):
            return False
        following = b.last + 1 < len(tokens) and tokens[b.last + 1].lower in _TALLY_NOUNS
        if a.value >= b.value or following or self._word_before(a.first) in _TALLY_VERBS:
            return True
        # "30-40 boats" is a range; "122-147 in the league" or "9-14 despite" is a record.
        unit, _ = self._head_noun(b.last + 1, single=False, last=b.last)
        return unit is None and self._word_before(a.first) not in ("between", "from")

    def _postfix(self, last: int) -> tuple[Comparator | None, int]:
        tokens = self.tokens
        k = last + 1
        if k < len(tokens) and tokens[k].text == "+" and adjacent(tokens[last], tokens[k]):
            return ">=", k
        if k + 1 < len(tokens) and tokens[k].text == "-" and tokens[k + 1].lower == "plus":
            return ">=", k + 1
        for phrase, comparator in _POSTFIX:
            words = phrase.split()
            if [t.lower for t in tokens[k : k + len(words)]] == words and len(words) > 1:
                return comparator, k + len(words) - 1
        return None, last

    def _comparator(self, start_index: int, unit: str | None) -> tuple[Comparator | None, int]:
        tokens = self.tokens
        if start_index >= 1 and tokens[start_index - 1].text == "~":
            return "~", start_index - 1
        before = [t.lower for t in tokens[max(0, start_index - 4) : start_index]]
        best: tuple[str, Comparator] | None = None
        for phrase, comparator in _COMPARATORS:
            words = phrase.split()
            if before[-len(words) :] == words and (
                best is None or len(words) > len(best[0].split())
            ):
                best = (phrase, comparator)
        if best is None:
            return None, start_index
        phrase, comparator = best
        size = len(phrase.split())
        if (
            phrase == "over"
            and unit in _TIME_UNITS
            and self._word_before(start_index - 1) not in ("for", "of")
        ):
            return None, start_index  # "over three days" is a duration, not "more than"
        return comparator, start_index - size

    def _unit(self, number: Number, last: int) -> tuple[str | None, int]:
        tokens = self.tokens
        unit = number.unit or number.currency
        k = last + 1
        if unit is not None:
            if (
                number.currency
                and k < len(tokens)
                and normalize_unit(plural_head(tokens[k].lower) or tokens[k].lower)
                == number.currency
            ):
                return number.currency, k  # "$5 million dollars" (rare, but say it once)
            return unit, last
        if k + 1 < len(tokens) and tokens[k].text in "-–" and adjacent(tokens[k - 1], tokens[k]):
            return self._hyphen_unit(k + 1)
        if k < len(tokens) and tokens[k].lower == "of":
            if not (number.takes_of or number.scale > 1 or number.approximate):
                return None, last  # "two of the boats": a part of something counted elsewhere
            k += 1
            if self._word_is(k, "the") or self._word_is(k, "these") or self._word_is(k, "their"):
                k += 1
        pair = tuple(t.lower for t in tokens[k : k + 2])
        if pair in TWO_WORD_UNITS:
            return TWO_WORD_UNITS[pair], k + 1
        return self._head_noun(k, single=number.value == 1, last=last)

    def _hyphen_unit(self, k: int) -> tuple[str | None, int]:
        """ "a 90-day stay" (day), "a 12-person team" (person), "33-year-old" (year-old)."""
        tokens = self.tokens
        if tokens[k].kind != "word" or not adjacent(tokens[k - 1], tokens[k]):
            return None, k - 2
        words, last = [tokens[k].lower], k
        while (
            last + 2 < len(tokens)
            and tokens[last + 1].text == "-"
            and tokens[last + 2].kind == "word"
            and adjacent(tokens[last], tokens[last + 1])
            and adjacent(tokens[last + 1], tokens[last + 2])
        ):
            words.append(tokens[last + 2].lower)
            last += 2
        head = plural_head(words[0]) or words[0]
        if words[0] in _STOP:
            return None, k - 2
        if len(words) >= 2 and words[-1] == "old":
            return f"{normalize_unit(head)}-old", last
        return normalize_unit(head), k

    def _designation(self, j: int) -> tuple[str, int] | None:
        """A model name counted as the unit ("seven AK-47 rifles", "12 AK 47 guns", "two
        F-16s", "three Boeing 737 jets"): the model says what is counted more exactly than
        the noun after it, which outlets vary (rifles, guns, assault weapons)."""
        tokens = self.tokens
        tok = tokens[j]
        if tok.kind != "word" or not tok.text[:1].isupper() or len(tok.text) > 8:
            return None
        if tok.lower in _NOT_DESIGNATIONS:
            return None
        k = j + 1
        if k < len(tokens) and tokens[k].text in "-–" and adjacent(tok, tokens[k]):
            k += 1
        if k >= len(tokens) or tokens[k].kind != "num" or not tokens[k].text.isdigit():
            return None
        if tokens[k].start - tok.end > 1:
            return None
        unit = f"{tok.lower}-{tokens[k].text}"
        if self.text[tokens[k].end : tokens[k].end + 1] == "s":
            return unit, k  # "two F-16s"
        noun = k + 1
        if noun < len(tokens) and tokens[noun].kind == "word":
            word = tokens[noun].lower
            if plural_head(word) is not None or (word not in _STOP and not word[:1].isdigit()):
                return unit, noun
        return unit, k

    def _head_noun(self, k: int, *, single: bool, last: int) -> tuple[str | None, int]:
        """The head noun among the next few words: the first plural noun ("30 fishing
        boats"), a unit ("5 km"), or for a count of one the last word before a function
        word ("one fishing boat was")."""
        tokens = self.tokens
        candidate: tuple[str, int] | None = None
        seen = 0
        j = k
        after_capitalized = False
        while j < len(tokens) and seen < 4:
            tok = tokens[j]
            if (
                tok.text in "-–"
                and 0 < j < len(tokens) - 1
                and adjacent(tokens[j - 1], tok)
                and adjacent(tok, tokens[j + 1])
            ):
                j += 1  # "Venezuelan-flagged boats"
                continue
            if tok.kind == "word" and tok.lower in _MODIFIERS:
                j += 1  # "12 other people", "two more boats"
                continue
            designation = self._designation(j)
            if designation is not None:
                return designation
            if tok.kind != "word" or tok.lower in _STOP:
                break
            word = tok.lower.removesuffix("'s").removesuffix("’s")
            capitalized = tok.text[:1].isupper() and not self.title_case
            if capitalized and after_capitalized:
                break  # a name ("two Grant Gibbs free throws"), not a unit
            after_capitalized = capitalized
            if _ACRONYM_PLURAL.fullmatch(tok.text):
                return tok.text[:-1].lower(), j  # "120 MPs", "30 NGOs"
            if word in ABBREVIATED_UNITS or (word in UNIT_SYNONYMS and word not in _STOP):
                return normalize_unit(word), j
            plural = plural_head(word)
            if plural is not None and single and word not in _SINGULAR_S:
                break  # after "one", an -s word is a verb: "one site shuts down"
            if plural is not None:
                unit = normalize_unit(plural)
                if unit in _AGE_UNITS and self._word_is(j + 1, "old"):
                    return f"{unit}-old", j + 1  # "35 years old" reads like "35-year-old"
                return unit, j
            if single and not word.endswith(("ed", "ing")):
                candidate = (word, j)
            seen += 1
            j += 1
        if candidate is not None:
            return normalize_unit(candidate[0]), candidate[1]
        return None, last


def extract_quantities(
    text: str, sentence: Sentence, *, article_id: str | None = None
) -> list[Quantity]:
    """The quantities of ``sentence`` (offsets into ``text``, the article's original text)."""
    owner = sentence.article_id if article_id is None else article_id
    return [
        Quantity(
            article_id=owner,
            sentence=sentence.index,
            start=r.start,
            end=r.end,
            text=text[r.start : r.end],
            value=r.value,
            comparator=r.comparator,
            unit=r.unit,
            value_max=r.value_max,
        )
        for r in _Scanner(
            text, sentence.start, sentence.end, headline=sentence.role in ("headline", "heading")
        ).readings()
    ]


#: A round figure ("1,500", "3.5 million") stands for the values within 2.5% of it; an
#: approximate one ("about 200", "nearly 200", "two dozen") for those within 10%.
_ROUNDING_TOLERANCE = 0.025
_APPROXIMATE_TOLERANCE = 0.10


def _finite(*values: float | None) -> bool:
    return all(v is None or math.isfinite(v) for v in values)


def _is_round(value: float) -> bool:
    if not math.isfinite(value) or value < 100 or value != int(value):
        return False
    integer = int(value)
    return integer % 100 == 0


def _bounds(q: Quantity) -> tuple[float, float]:
    low, high = q.value, q.value if q.value_max is None else q.value_max
    if q.comparator == "~":
        return low * (1 - _APPROXIMATE_TOLERANCE), high * (1 + _APPROXIMATE_TOLERANCE)
    if q.comparator == ">":
        return math.nextafter(high, math.inf), math.inf
    if q.comparator == ">=":
        return low, math.inf
    if q.comparator == "<":
        return -math.inf, math.nextafter(low, -math.inf)
    if q.comparator == "<=":
        return -math.inf, high
    if q.value_max is None and _is_round(q.value):
        return low * (1 - _ROUNDING_TOLERANCE), high * (1 + _ROUNDING_TOLERANCE)
    return low, high


def compare_quantities(a: Quantity, b: Quantity) -> QuantityRelation:
    """How two quantities relate:

    * ``incomparable``: different units (or one has a unit and the other none);
    * ``same``: the same comparator, value and range ("more than 30 boats" / "over 30
      vessels");
    * ``compatible``: both can be true at once (">30" and "35", "about 200" and "198",
      "1,500" and "1,512" given rounding);
    * ``different``: they cannot both be true ("30 boats" / "40 boats"): a conflict.
    """
    if a.unit != b.unit:
        return "incomparable"
    if (a.comparator, a.value, a.value_max) == (b.comparator, b.value, b.value_max):
        return "same"
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    if a_low <= b_high and b_low <= a_high:
        return "compatible"
    return "different"


def quantity_reading(q: Quantity) -> str:
    """The value as read, for display: ">30 boats", "30–40 km", "3 people"."""
    value = f"{q.value:g}" if q.value_max is None else f"{q.value:g}–{q.value_max:g}"
    comparator = "" if q.comparator == "=" else q.comparator
    unit = q.unit
    if unit == "person":
        unit = "person" if q.value == 1 and q.value_max is None else "people"
    return f"{comparator}{value}" + (f" {unit}" if unit else "")
