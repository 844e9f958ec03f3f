"""What a figure, a date or a place is *about*: the referent two values must share before
their difference is a conflict.

Every value in an evidence sentence becomes a :class:`ValueMention` with a frame:

* its **kind** and **unit**: people counted, boats counted, money, a percentage, a
  duration, an age, an ordinal day ("the seventh straight day"), a date, a place relative
  to a landmark;
* its **predicate**: the event word next to it ("70 people *injured*", "*died* on
  Thursday"), read into a class of synonyms (``data/predicates.json``), so that injured is
  compared with hurt, never with arrested;
* its **context**: the sentence's other content words, weighted by their rarity in the
  story, and the years it names (a figure "in 1985" is about 1985).

:func:`same_referent` says whether two mentions in different articles are about the same
thing and gives the reason in words, or ``None``. It is deliberately strict: a missed
conflict is bad, a false one is worse.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from consilience.extract.directions import RelativePlace, extract_relative_places
from consilience.extract.numbers_lexicon import is_number_word
from consilience.extract.story import StoryExtraction
from consilience.records import PreparedArticle, Quantity, Sentence, TimeExpression
from consilience.stems import stem
from consilience.textspan import STOPWORDS, normalize_for_compare

ValueKind = Literal[
    "count", "money", "percent", "measure", "duration", "age", "ordinal", "date", "place"
]

_CURRENCIES = frozenset("USD EUR GBP JPY INR AUD CAD HKD NZD SGD CNY RUB CHF".split())
TIME_UNITS = {
    "second": 1 / 3600,
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "night": 24.0,
    "week": 168.0,
    "fortnight": 336.0,
    "month": 730.0,
    "year": 8760.0,
    "decade": 87600.0,
}
#: People counted under another name ("400 protesters detained" and "200 people arrested"
#: count the same kind of thing when the predicate agrees).
_LENGTH_UNITS = frozenset(
    "mile kilometre kilometer km metre meter m foot feet yard inch centimetre cm".split()
)
#: A distance is about the place it is measured from ("150 miles off Aden").
_LANDMARK = re.compile(r"\W*(?:\w+\s+){0,2}?(?:from|of|off|away\s+from)\s+(?:the\s+)?([A-Z][\w'’-]+)")
_PERSON_NOUNS = frozenset(
    """person people man woman child adult youth protester demonstrator rioter student
    worker employee resident civilian passenger crew member victim soldier troop officer
    policeman teenager pupil migrant refugee prisoner inmate patient""".split()
)
#: Units that are themselves the predicate ("86 arrests", "24 deaths").
_UNIT_PREDICATES = {
    "arrest": "arrested",
    "detention": "arrested",
    "death": "dead",
    "fatality": "dead",
    "casualty": "injured",
    "injury": "injured",
}
_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split(),
        1,
    )
}
_ORDINAL = re.compile(
    r"\b(?P<n>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))\s+"
    r"(?:(?:straight|consecutive|successive|continuous|full)\s+)?(?P<unit>day|night|week)s?\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b(?:at\s+the\s+age\s+of|aged|at\s+age)\s+(?P<n>\d{1,3})\b"
    r"|\bat\s+(?P<bare>\d{1,3})(?=\s*(?:[,;]|\.(?!\d)|$|years?\b))(?!\s*(?:[ap]\.?m\b|o'clock))"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
#: How far (in words) a predicate may stand from the value it describes.
_PREDICATE_WINDOW = 6
_SPEECH = frozenset("said says say told tell tells according added reported stated".split())
_MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday""".split()
)


@cache
def _lexicon() -> dict[str, object]:
    raw = resources.files("consilience").joinpath("data/predicates.json").read_text("utf-8")
    loaded: dict[str, object] = json.loads(raw)
    return loaded


@cache
def predicate_classes() -> Mapping[str, str]:
    """Stem (or "stem stem" of a two-word verb: "gave way") -> predicate class, from
    ``data/predicates.json`` (first class wins)."""
    out: dict[str, str] = {}
    classes = _lexicon()["classes"]
    assert isinstance(classes, dict)
    for name, words in classes.items():
        for word in words:
            out.setdefault(" ".join(stem(w) for w in word.split()), name)
    return out


def _class_at(words: Sequence[tuple[int, int, str]], i: int) -> tuple[str, str] | None:
    """The predicate class of the word at ``i``, reading a two-word verb first ("gave
    way", "came forward")."""
    classes = predicate_classes()
    if i + 1 < len(words):
        pair = f"{stem(words[i][2])} {stem(words[i + 1][2])}"
        if pair in classes:
            return classes[pair], f"{words[i][2]} {words[i + 1][2]}"
    if i > 0:
        pair = f"{stem(words[i - 1][2])} {stem(words[i][2])}"
        if pair in classes:
            return classes[pair], f"{words[i - 1][2]} {words[i][2]}"
    found = classes.get(stem(words[i][2]))
    return (found, words[i][2]) if found else None


@cache
def once_classes() -> frozenset[str]:
    """Predicate classes of events that happen once (their dates are comparable)."""
    once = _lexicon().get("once", [])
    assert isinstance(once, list)
    return frozenset(once)


@dataclass(frozen=True, slots=True)
class ValueMention:
    kind: ValueKind
    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    #: what is counted or measured ("person", "boat", "USD", "hour"), the landmark of a
    #: relative place, or "" for dates
    unit: str
    predicate: str | None
    predicate_word: str | None
    context: frozenset[str]
    #: years the sentence names besides the value itself
    years: frozenset[int]
    sentence_start: int
    sentence_end: int
    #: the place a distance is measured from, if given
    landmark: str | None = None
    #: for a date, the entity nearest its event word (who died, who resigned)
    agent: str | None = None
    #: the entities (resolved ids) the sentence names
    entities: frozenset[str] = frozenset()
    #: for a year: the work it dates ("film:the notorious bettie page")
    work: str | None = None
    #: for a share: what it is a share of ("percent of *respondents*")
    share_of: str | None = None
    #: whether the sentence narrows the figure to a day, a place or an incident ("on
    #: Saturday", "in Athens alone", "across the continent")
    scoped: bool = False
    #: the days the sentence names (weekdays or dates), for ordinal days
    days: frozenset[str] = frozenset()
    quantity: Quantity | None = None
    time: TimeExpression | None = None
    place: RelativePlace | None = None
    ordinal: int | None = None


@dataclass(frozen=True, slots=True)
class Referent:
    """Why two mentions are about the same thing, in words."""

    reason: str
    strength: float


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, start, end)]


_AUXILIARY = frozenset("have has had been being be were was are is got get gets".split())


def _predicate(
    words: Sequence[tuple[int, int, str]], start: int, end: int, unit: str | None
) -> tuple[str | None, str | None]:
    """The predicate class of a figure: the participle right after it ("200 people
    [have been] arrested", "70 people injured"), else the nearest predicate word within
    the window (a governing verb may stand further to the left: "attacked a police
    station ... and at least three banks")."""
    if unit and unit in _UNIT_PREDICATES:
        return _UNIT_PREDICATES[unit], unit
    inside = [i for i, (s, e, _) in enumerate(words) if s >= start and e <= end]
    if inside:
        first, last = inside[0], inside[-1]
    else:
        first = last = next((i for i, (s, _, _) in enumerate(words) if s >= end), len(words))
    j = last + 1
    while j < len(words) and words[j][2] in _AUXILIARY:
        j += 1
    if j < len(words) and (found := _class_at(words, j)):
        return found
    best: tuple[int, str, str] | None = None
    for i, (_, _, word) in enumerate(words):
        distance = first - i if i < first else i - last if i > last else None
        if distance is None:
            continue
        reach = _LEFT_VERB_WINDOW if i < first and _VERBISH.match(word) else _PREDICATE_WINDOW
        if distance > reach:
            continue
        at = _class_at(words, i)
        if at and (best is None or distance < best[0]):
            best = (distance, at[0], at[1])
    return (best[1], best[2]) if best else (None, None)


_LEFT_VERB_WINDOW = 14


_DETERMINERS = frozenset("the a an its his her their this that".split())
_DATE_GLUE = frozenset("on in at of during since until by last early late this the".split())
_VERBISH = re.compile(r"^(?:\w+ed|\w+ing|said|says|told|tells|made|went|came|gave|took|saw|met)$")


def _date_predicate(
    words: Sequence[tuple[int, int, str]], start: int, end: int, text: str, clause_start: int
) -> tuple[str | None, str | None]:
    """The event a date belongs to: the verb just before it ("died on Thursday", "was
    charged with murder Saturday": the verb, not the noun between), else, for a date
    opening its clause ("On Thursday, Felt died"), a predicate just after it. A verb of
    another class just before the date takes it ("promised Tuesday to issue" dates the
    promise)."""
    inside = [i for i, (s, e, _) in enumerate(words) if s >= start and e <= end]
    if not inside:
        return None, None
    first, last = inside[0], inside[-1]
    if (
        first > 0
        and (words[first - 1][2] in _DETERMINERS or words[first - 1][2].endswith("'s"))
        and last + 1 < len(words)
        and (at := _class_at(words, last + 1))
    ):
        return at  # "the November 18 sinking", "its 2005 release"
    candidates: list[tuple[bool, int, str | None, str]] = []
    i = first - 1
    while i >= 0 and first - i <= _DATE_REACH and "," not in text[words[i][1] : words[i + 1][0]]:
        word = words[i][2]
        if word not in _DATE_GLUE:
            verb = bool(_VERBISH.match(word)) or word in _IRREGULAR_PASTS
            at = _class_at(words, i)
            found, shown = (at[0], at[1]) if at else (None, word)
            if at and " " in at[1]:
                verb = True  # a two-word verb ("gave way", "came forward")
            elif word in _PARTICLES and i > 0 and _VERBISH.match(words[i - 1][2]):
                verb = True  # "coming forward": the particle carries the meaning
            if verb or found:
                candidates.append((verb, first - i, found, shown))
        i -= 1
    verbs = [c for c in candidates if c[0]]
    chosen = min(verbs or candidates, key=lambda c: c[1], default=None)
    if chosen is not None:
        return (chosen[2], chosen[3]) if chosen[2] else (None, None)
    before = text[clause_start:start]
    opening = before[before.rfind(",") + 1 :].strip(" \t\n\"“'‘(").lower()
    if opening in ("", "on", "in", "early on", "late on", "by", "then on", "since"):
        for j in range(last + 1, min(len(words), last + 5)):
            at = _class_at(words, j)
            if at:
                return at
    return None, None


#: "killed by a police bullet on 6 December": the event verb may stand this many words
#: before its date.
_DATE_REACH = 7
_PARTICLES = frozenset("forward out up down off away back over".split())
_IRREGULAR_PASTS = frozenset(
    "died sank sunk left quit began begun wed born shot struck fled held hit took gave".split()
)


def _agent(
    entity_spans: Sequence[tuple[int, int, str]],
    words: Sequence[tuple[int, int, str]],
    word: str | None,
    text: str,
) -> str | None:
    """Who the event happens to: for a noun ("the resignation of Richard Nixon",
    "Nixon's resignation") the name after "of" or before "'s"; for a verb ("Felt left
    the FBI") the name before it in its clause, else the nearest one."""
    if not word or not entity_spans:
        return None
    position = next((s for s, _, w in words if w == word.split()[0]), None)
    if position is None:
        return None
    end = position + len(word)
    if _NOMINAL.search(word):
        after = re.match(r"\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}", text[end : end + 40])
        if after:
            for s, _e, entity in entity_spans:
                if end <= s <= end + after.end() + 1:
                    return entity
        for _s, e, entity in entity_spans:
            if 0 <= position - e <= 4:
                return entity
    before = [
        (position - e, entity)
        for _s, e, entity in entity_spans
        if 0 <= position - e <= _AGENT_REACH and "," not in text[e:position]
    ]
    if before:
        return min(before)[1]
    nearest = min(entity_spans, key=lambda e: min(abs(e[0] - position), abs(e[1] - position)))
    if min(abs(nearest[0] - position), abs(nearest[1] - position)) > _AGENT_REACH:
        return None
    return nearest[2]


_NOMINAL = re.compile(r"(?:tion|sion|ment|ure|ance|ence|death|birth|marriage)$")
_AGENT_REACH = 40


def _context(
    words: Sequence[tuple[int, int, str]], skip: Iterable[tuple[int, int]], drop: set[str]
) -> frozenset[str]:
    spans = list(skip)
    out = set()
    for s, _e, word in words:
        if any(a <= s < b for a, b in spans):
            continue
        if (
            word in STOPWORDS
            or word in _MONTHS_AND_DAYS
            or word in _SPEECH
            or is_number_word(word)
            or len(word) < 3
        ):
            continue
        stemmed = stem(word)
        if stemmed not in drop:
            out.add(stemmed)
    return frozenset(out)


#: Units written two ways that count one thing.
_UNIT_SAME = {"website": "site", "web site": "site", "webpage": "page", "web page": "page"}


def _quantity_kind(q: Quantity) -> tuple[ValueKind, str] | None:
    unit = _UNIT_SAME.get(q.unit or "", q.unit)
    if unit is None:
        return None
    if unit in _CURRENCIES:
        return "money", "money"
    if unit == "percent":
        return "percent", "percent"
    if unit == "year-old":
        return "age", "year"
    if unit in TIME_UNITS:
        return "duration", "time"
    if unit in _LENGTH_UNITS:
        return "measure", "length"
    if unit in _UNIT_PREDICATES or unit in _PERSON_NOUNS:
        return "count", f"person:{unit}"
    return "count", unit


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
#: A clock time in another zone ("02:41 GMT Friday") converts a date; it does not give one.
_ZONED = re.compile(r"\b(?:GMT|UTC|[ECMP][SD]T|BST|CET|IST)\b")


def _comparable_date(expr: TimeExpression, text: str, story: StoryExtraction) -> bool:
    """Dates that name a day, month or year for sure, and bare weekdays in undated
    articles (compared as weekdays); not vague spans, not zone conversions."""
    if expr.precision in ("range", "decade"):
        return False
    if _ZONED.search(text, max(0, expr.start - 25), min(len(text), expr.end + 25)):
        return False
    if expr.anchored and expr.start_date is not None:
        return True
    return loose_date_key(expr) is not None and expr.article_id in story.undated


_MONTH_DAY = re.compile(
    r"\b(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})\b"
    r"|\b(?P<day2>\d{1,2})\s+(?P<month2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.I,
)


def loose_date_key(expr: TimeExpression) -> tuple[str, str] | None:
    """What an unanchored date says for sure: a weekday ("on Tuesday") or a day of a
    month ("November 18"), compared as such between undated articles."""
    if not any(ch.isdigit() for ch in expr.text):
        found = _WEEKDAY.search(expr.text)
        return ("weekday", found.group(1).lower()) if found else None
    found_day = _MONTH_DAY.search(expr.text)
    if found_day and not _YEAR.search(expr.text):
        month = (found_day.group("month") or found_day.group("month2")).lower()
        day = int(found_day.group("day") or found_day.group("day2"))
        return ("month-day", f"{month}-{day}")
    return None


_WORK_NOUNS = {
    "film": "film", "movie": "film", "biopic": "film", "documentary": "film",
    "book": "book", "memoir": "book", "memoirs": "book", "autobiography": "book",
    "biography": "book", "novel": "book", "album": "album", "song": "song", "play": "play",
    "series": "series", "show": "series", "article": "article", "report": "report",
}  # fmt: skip
_TITLE_RUN = re.compile(
    r"[\"“‘']?((?:The|A|An)\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|the|and|in|on|a|to))*[\"”’']?"
)
_WORK_NEAR = 6
_FREQUENCY = re.compile(
    r"\b(?P<n>once|twice|thrice|(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+times)\b",
    re.I,
)
_FREQUENCY_WORDS = {"once": 1, "twice": 2, "thrice": 3, "two": 2, "three": 3, "four": 4,
                    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_FRACTION = re.compile(
    r"\b(?:(?P<cmp>nearly|almost|about|around|roughly|some|more\s+than|over|less\s+than|under)\s+)?"
    r"(?P<f>three[- ]quarters|two[- ]thirds|one[- ]third|a\s+third|one[- ]quarter|a\s+quarter|half)"
    r"\s+of\b",
    re.I,
)
_FRACTIONS = {"three quarters": 75.0, "two thirds": 66.7, "one third": 33.3, "a third": 33.3,
              "one quarter": 25.0, "a quarter": 25.0, "half": 50.0}  # fmt: skip
_COMPARATOR_OF = {"nearly": "~", "almost": "~", "about": "~", "around": "~", "roughly": "~",
                  "some": "~", "more than": ">", "over": ">", "less than": "<", "under": "<"}  # fmt: skip


_SHARE_OF = re.compile(r"\s*(?:percent|per\s+cent|%)?\s*of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:\w+'s\s+)?(?:[a-z]+\s+)?([A-Za-z]+)")


_PLACE_SCOPE = re.compile(
    r"\b(?:alone|nationwide|worldwide|across\s+the\s+\w+|in\s+total|so\s+far\s+this\s+\w+|"
    r"(?:in|at|near|outside)\s+(?:the\s+)?[A-Z][a-z]+)\b"
)


def _scoped(
    text: str, sentence: Sentence, story: StoryExtraction, article_id: str, value_start: int
) -> bool:
    if any(t.start != value_start for t in story.times_in(article_id, sentence.index)):
        return True
    return bool(_PLACE_SCOPE.search(text, sentence.start, sentence.end))


def _days(story: StoryExtraction, article_id: str, sentence: int) -> frozenset[str]:
    out = set()
    for expr in story.times_in(article_id, sentence):
        if expr.start_date is not None and expr.precision in ("day", "time"):
            out.add(expr.start_date.isoformat())
        elif (key := loose_date_key(expr)) is not None:
            out.add(key[1])
    return frozenset(out)


def _share_of(text: str, end: int, sentence_end: int) -> str | None:
    found = _SHARE_OF.match(text, end, sentence_end)
    return stem(found.group(1).lower()) if found else None


def _work_of(text: str, start: int, end: int, sentence: Sentence) -> str | None:
    """The named work a year dates: "the 2005 film The Notorious Bettie Page", "a movie
    called 'X' was released in 2005" -> "film:the notorious bettie page"."""
    window_start = max(sentence.start, start - 80)
    window = text[window_start : min(sentence.end, end + 80)]
    best: tuple[int, str] | None = None
    for match in re.finditer(r"[A-Za-z]+", window):
        kind = _WORK_NOUNS.get(match.group().lower())
        if kind is None:
            continue
        position = window_start + match.start()
        gap = len(re.findall(r"\w+", text[min(position, end) : max(position, start)]))
        if gap > _WORK_NEAR:
            continue
        after = text[window_start + match.end() : sentence.end]
        title = re.match(r"\s*(?:,|called|titled|named|entitled)?\s*", after)
        rest = after[title.end() if title else 0 :]
        named = _TITLE_RUN.match(rest)
        if named is None or len(named.group().split()) < 2:
            continue
        key = f"{kind}:{normalize_for_compare(named.group())}"
        if best is None or gap < best[0]:
            best = (gap, key)
    return best[1] if best else None


_YEAR_REACH = 70


def _near_years(
    text: str, years: set[int], start: int, end: int, sentence: Sentence
) -> set[int]:
    """The years of the value's own clause: "married twice; the first marriage lasted
    from 1943 to 1947" dates the marriages, not the count."""
    if not years:
        return set()
    low = max(sentence.start, start - _YEAR_REACH)
    high = min(sentence.end, end + _YEAR_REACH)
    window = text[low:high]
    cut_before = max(window.rfind(";", 0, start - low), window.rfind(" but ", 0, start - low))
    cut_after = min(
        (i for i in (window.find(";", end - low), window.find(" but ", end - low)) if i >= 0),
        default=len(window),
    )
    clause = window[cut_before + 1 : cut_after]
    return {y for y in years if str(y) in clause}


def _sentence_years(
    prepared: PreparedArticle, sentence: Sentence, story: StoryExtraction
) -> set[int]:
    """Years a sentence names that place it in another time: not the dateline's, not the
    year of the article or of the story (a figure "in 2026" of a 2026 story is today's)."""
    text = prepared.article.text
    dateline = prepared.article.dateline_span or (0, 0)
    found = {
        int(m.group())
        for m in _YEAR.finditer(text, sentence.start, sentence.end)
        if not dateline[0] <= m.start() < dateline[1]
    }
    current = {d.year for d in (prepared.article.published_date, story.story_date) if d}
    return found - current


def sentence_mentions(
    prepared: PreparedArticle, sentence: Sentence, story: StoryExtraction
) -> list[ValueMention]:
    """Every comparable value of one evidence sentence, with its frame."""
    text = prepared.article.text
    aid = prepared.id
    words = _words(text, sentence.start, sentence.end)
    years = _sentence_years(prepared, sentence, story)
    raw: list[tuple[ValueKind, int, int, str, str | None, dict[str, object]]] = []
    for q in story.quantities_in(aid, sentence.index):
        kind_unit = _quantity_kind(q)
        if kind_unit is None:
            continue
        kind, unit = kind_unit
        raw.append((kind, q.start, q.end, unit, q.unit, {"quantity": q}))
    for expr in story.times_in(aid, sentence.index):
        if not _comparable_date(expr, text, story):
            continue
        raw.append(("date", expr.start, expr.end, "", None, {"time": expr}))
    for place in extract_relative_places(text, sentence, article_id=aid):
        raw.append(
            ("place", place.start, place.end, place.landmark_key or "", None, {"place": place})
        )
    for match in _ORDINAL.finditer(text, sentence.start, sentence.end):
        token = match.group("n").lower()
        value = _ORDINALS.get(token) or int(re.sub(r"\D", "", token) or 0)
        unit = match.group("unit").lower()
        raw.append(("ordinal", match.start(), match.end(), unit, unit, {"ordinal": value}))
    for match in _FREQUENCY.finditer(text, sentence.start, sentence.end):
        token = match.group("n").lower().split()[0]
        value = _FREQUENCY_WORDS.get(token) or int(token)
        quantity = Quantity(aid, sentence.index, match.start(), match.end(), match.group(), value, "=", "time")
        raw.append(("count", match.start(), match.end(), "time", None, {"quantity": quantity}))
    fraction_spans = []
    for match in _FRACTION.finditer(text, sentence.start, sentence.end):
        share = _FRACTIONS[re.sub(r"[- ]+", " ", match.group("f").lower())]
        comparator = _COMPARATOR_OF.get(re.sub(r"\s+", " ", (match.group("cmp") or "").lower()), "=")
        quantity = Quantity(
            aid, sentence.index, match.start(), match.end() - 3, match.group()[:-3].strip(),
            share, comparator, "percent",  # type: ignore[arg-type]
        )
        fraction_spans.append((match.start(), match.end()))
        raw.append(("percent", match.start(), match.end() - 3, "percent", None, {"quantity": quantity}))
    raw = [
        r for r in raw
        if not (r[0] == "count" and any(s <= r[1] < e for s, e in fraction_spans))
    ]
    for match in _AGE.finditer(text, sentence.start, sentence.end):
        value = int(match.group("n") or match.group("bare"))
        quantity = Quantity(aid, sentence.index, match.start(), match.end(), match.group(), value)
        raw.append(("age", match.start(), match.end(), "year", None, {"quantity": quantity}))
    entity_spans = [
        (m.start, m.end, story.entity_of.get((m.article_id, m.start, m.end), m.text))
        for m in story.mentions_in(aid, sentence.index)
        if m.type in ("person", "org")
    ]
    out = []
    for kind, start, end, unit, unit_word, extra in raw:
        own_years = {int(y) for y in _YEAR.findall(text, start, end)}
        base_unit = unit.split(":")[-1] if unit else None
        if kind == "date":
            predicate, predicate_word = _date_predicate(words, start, end, text, sentence.start)
        else:
            predicate, predicate_word = _predicate(words, start, end, base_unit)
        drop = {stem(w) for w in (unit_word, predicate_word) if w}
        landmark = None
        if kind == "measure":
            found = _LANDMARK.match(text, end, sentence.end)
            landmark = found.group(1).lower() if found else None
        out.append(
            ValueMention(
                kind=kind,
                article_id=aid,
                sentence=sentence.index,
                start=start,
                end=end,
                text=text[start:end],
                unit=unit,
                predicate=predicate,
                predicate_word=predicate_word,
                context=_context(words, [(start, end)], drop),
                years=frozenset(_near_years(text, years - own_years, start, end, sentence)),
                sentence_start=sentence.start,
                sentence_end=sentence.end,
                landmark=landmark,
                agent=_agent(entity_spans, words, predicate_word, text) if kind == "date" else None,
                entities=frozenset(e for _, _, e in entity_spans),
                work=_work_of(text, start, end, sentence) if kind == "date" else None,
                share_of=_share_of(text, end, sentence.end) if kind == "percent" else None,
                scoped=_scoped(text, sentence, story, aid, start),
                days=_days(story, aid, sentence.index),
                quantity=extra.get("quantity"),  # type: ignore[arg-type]
                time=extra.get("time"),  # type: ignore[arg-type]
                place=extra.get("place"),  # type: ignore[arg-type]
                ordinal=extra.get("ordinal"),  # type: ignore[arg-type]
            )
        )
    return out


def story_mentions(
    articles: Sequence[PreparedArticle], story: StoryExtraction
) -> list[ValueMention]:
    return [
        mention
        for prepared in articles
        for sentence in prepared.evidence_sentences()
        for mention in sentence_mentions(prepared, sentence, story)
    ]


def context_weights(mentions: Sequence[ValueMention], n_sentences: int) -> dict[str, float]:
    """How much a shared context word says. The words that fill a story's sentences
    ("riots" in a riot story, found in more than :data:`_CORE_SHARE` of the sentences
    that give values) say little about which figure a sentence gives; every other word
    counts fully. In a small story no word is core: sharing it is the evidence."""
    seen: dict[tuple[str, int], frozenset[str]] = {}
    for m in mentions:
        seen[(m.article_id, m.sentence)] = m.context
    counts: Counter[str] = Counter()
    for context in seen.values():
        counts.update(context)
    total = max(len(seen), 1)
    if total < _CORE_MIN_SENTENCES:
        return {}
    return {w: _CORE_WEIGHT for w, c in counts.items() if c / total > _CORE_SHARE}


_CORE_SHARE = 0.3
_CORE_WEIGHT = 0.2
_CORE_MIN_SENTENCES = 8


def context_overlap(a: ValueMention, b: ValueMention, weights: Mapping[str, float]) -> float:
    """Weighted share of the smaller context found in the other (1.0 when one sentence
    says nothing but the figure)."""
    if not a.context or not b.context:
        # A sentence that gives nothing but the figure ("About 100 people have been
        # injured.") neither confirms nor denies its scope.
        return _BARE_SENTENCE if a.predicate and a.predicate == b.predicate else 0.0
    shared = sum(weights.get(w, 1.0) for w in a.context & b.context)
    smaller = min(
        sum(weights.get(w, 1.0) for w in a.context), sum(weights.get(w, 1.0) for w in b.context)
    )
    return shared / smaller if smaller else 0.0


_BARE_SENTENCE = 0.34
#: Counts this many times apart are more often two scopes (an incident and the whole
#: toll) than one figure misreported: their sentences must agree more.
_SCOPE_RATIO = 4.0
_SCOPE_EXTRA = 0.4
_TOLLS = frozenset({"dead", "injured", "arrested", "missing", "rescued", "displaced"})
#: Context overlap needed when both values carry the same predicate class...
CONTEXT_WITH_PREDICATE = 0.2
#: ...when only one of them names a predicate (and the units agree)...
CONTEXT_ONE_PREDICATE = 0.4
#: ...and when neither does.
CONTEXT_NO_PREDICATE = 0.5


def _units_agree(a: ValueMention, b: ValueMention) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind in ("money", "percent", "duration", "age", "date"):
        return True
    if a.kind == "count" and a.unit.startswith("person") and b.unit.startswith("person"):
        return a.unit == b.unit or bool(a.predicate and a.predicate == b.predicate)
    return bool(a.unit) and a.unit == b.unit


#: Two sentences this alike state one claim: their values of one kind are about the
#: same thing even without a predicate word ("gave way on Tuesday" / "collapsed on
#: Monday" in a spun copy).
ALIGNED_SIMILARITY = 0.4


def same_referent(
    a: ValueMention,
    b: ValueMention,
    weights: Mapping[str, float],
    aligned: float | None = None,
) -> Referent | None:
    """The reason two values of different articles are about the same thing, or None.
    ``aligned`` is the similarity of their sentences when the two state one claim."""
    if a.article_id == b.article_id or not _units_agree(a, b):
        return None
    if a.predicate and b.predicate and a.predicate != b.predicate:
        return None
    if (
        aligned is not None
        and aligned >= ALIGNED_SIMILARITY
        and a.kind in ("date", "count", "duration")
        and a.predicate == b.predicate
        and a.years == b.years
        and not (a.quantity and b.quantity and _different_modifiers(a.quantity, b.quantity))
        and a.work == b.work
    ):
        return Referent(
            f"the two sentences state one claim (similarity {aligned:.2f}): "
            + _reason(a, b, weights),
            aligned,
        )
    if a.kind == "date" and (a.work or b.work):
        return Referent(_reason(a, b, weights), 1.0) if a.work == b.work else None
    if (
        # Shares of different wholes ("of respondents", "of the market"), and poll
        # figures, which answer many questions, must name the same whole.
        a.kind == "percent"
        and (a.share_of or b.share_of or a.predicate == "poll")
        and (a.share_of != b.share_of or not a.share_of)
    ):
        return None
    needs_predicate = a.kind in ("date", "duration", "age", "percent")
    if needs_predicate and not (a.predicate and a.predicate == b.predicate):
        return None
    if a.kind == "date" and a.predicate not in once_classes():
        return None
    if a.kind == "date" and a.agent and b.agent and a.agent != b.agent:
        return None  # Felt left the FBI in 1973; Nixon resigned in 1974
    if a.kind == "measure" and not (a.landmark and a.landmark == b.landmark):
        return None
    if a.quantity and b.quantity and _different_modifiers(a.quantity, b.quantity):
        return None
    if a.years != b.years and (a.years or b.years):
        # A figure "in 1985" next to one with no year, or another year: another time.
        return None
    overlap = context_overlap(a, b, weights)
    if (
        a.kind == "date"
        and a.agent
        and a.agent == b.agent
        and not (a.work or b.work)
    ):
        # "Page disappeared in 1957" and "Page disappeared from the scene in 1958": one
        # event that happens once to one person.
        return Referent(_reason(a, b, weights), 1.0)
    if a.kind == "ordinal":
        # "the seventh straight day" and "the eighth day" of one event disagree only when
        # they count to the same day (or neither says which day it is).
        if a.predicate != b.predicate or ((a.days or b.days) and a.days != b.days):
            return None
        if a.days:
            return Referent(_reason(a, b, weights) + f", the same day ({', '.join(sorted(a.days))})", 1.0)
    if a.kind == "place" and _same_distance(a, b):
        # "150 nautical miles west of Aden" and "150 nautical miles east of Aden": one
        # distance from one landmark is one place, whatever else the sentences say.
        return Referent(_reason(a, b, weights), 1.0)
    if (
        a.kind == "count"
        and a.predicate
        and a.predicate == b.predicate
        and a.unit == b.unit
        and not a.unit.startswith("person")
    ) or (a.kind == "money" and a.predicate and a.predicate == b.predicate):
        # "6,000 Web sites infected" / "10,000 websites infected", "damage of $2 million"
        # / "damage of 200 million euros": a specific thing counted or priced with one
        # predicate names its referent by itself.
        needed = 0.0
    elif (
        a.kind == "count"
        and a.unit.startswith("person")
        and a.predicate in _TOLLS
        and a.predicate == b.predicate
        and not (a.scoped or b.scoped)
    ):
        # A story's toll (dead, injured, arrested) told without a day, a place or an
        # incident of its own is the story's whole toll.
        needed = 0.0
    elif a.predicate and a.predicate == b.predicate:
        needed = CONTEXT_WITH_PREDICATE
    elif a.predicate or b.predicate:
        needed = CONTEXT_ONE_PREDICATE
    else:
        needed = CONTEXT_NO_PREDICATE
    if a.kind == "count" and a.quantity and b.quantity and _ratio(a.quantity, b.quantity) >= _SCOPE_RATIO:
        needed += _SCOPE_EXTRA
    if overlap < needed:
        return None
    return Referent(_reason(a, b, weights), overlap)


def _same_distance(a: ValueMention, b: ValueMention) -> bool:
    da = a.place.distance_text if a.place else None
    db = b.place.distance_text if b.place else None
    return bool(da and db) and normalize_for_compare(da or "") == normalize_for_compare(db or "")


def _ratio(a: Quantity, b: Quantity) -> float:
    low, high = sorted((abs(a.value), abs(b.value)))
    return high / low if low else math.inf


def _modifiers(q: Quantity) -> frozenset[str]:
    """Words between the figure and its unit ("three *ladder* trucks", "11 *Yemeni*
    pirates"): they say which part of a whole is counted."""
    words = [w.lower() for w in re.findall(r"[\w.,'-]+", q.text)]
    last_number = max((i for i, w in enumerate(words) if is_number_word(w)), default=-1)
    inner = words[last_number + 1 : -1] if last_number >= 0 else []
    return frozenset(w for w in inner if w not in STOPWORDS and w not in _NEUTRAL_MODIFIERS)


_NEUTRAL_MODIFIERS = frozenset("other more additional further extra separate".split())


def _different_modifiers(a: Quantity, b: Quantity) -> bool:
    """"Three ladder trucks" / "three fire trucks" count different things; "11 Yemeni
    pirates" counts a part of "23 pirates" (a proper qualifier on one side only)."""
    ma, mb = _modifiers(a), _modifiers(b)
    if ma and mb and ma.isdisjoint(mb):
        return True
    return _proper_qualified(a) != _proper_qualified(b)


def _proper_qualified(q: Quantity) -> bool:
    words = re.findall(r"[\w'-]+", q.text)
    last_number = max((i for i, w in enumerate(words) if is_number_word(w)), default=-1)
    inner = words[last_number + 1 : -1] if last_number >= 0 else []
    return any(_DEMONYM.match(w) for w in inner)


#: Qualifiers that pick a part of a group: nationalities ("Yemeni", "Indian").
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|an|ese|i|ish|ic|ch)$")


def _reason(a: ValueMention, b: ValueMention, weights: Mapping[str, float]) -> str:
    what = {
        "count": f"count {a.unit.split(':')[-1]}s" if a.unit else "count the same thing",
        "money": "give an amount of money",
        "percent": "give a share",
        "measure": f"measure {a.unit}",
        "duration": "give how long",
        "age": "give an age",
        "ordinal": f"number the {a.unit}",
        "date": "date",
        "place": f"place it relative to {a.place.landmark if a.place else a.unit}",
    }[a.kind]
    parts = [f"both {what}"]
    if a.predicate and a.predicate == b.predicate:
        words = dict.fromkeys(w for w in (a.predicate_word, b.predicate_word) if w)
        parts.append(f"of the same event (“{'” / “'.join(words)}”)")
    shared = sorted(a.context & b.context, key=lambda w: -weights.get(w, 1.0))[:4]
    if shared:
        parts.append(f"in sentences that also share “{'”, “'.join(shared)}”")
    if a.years:
        parts.append(f"both in {', '.join(str(y) for y in sorted(a.years))}")
    return " ".join(parts)
