"""Value mentions with their frames: every figure, date, share, duration, age, ordinal
day and relative place of an evidence sentence, with what it counts, the event it
belongs to, the sentence's other words, the years and days it names, and whatever narrows
it (a day, a place, a nationality). :mod:`consilience.judge.referents` compares frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from consilience.extract.directions import RelativePlace, extract_relative_places
from consilience.extract.numbers_lexicon import is_number_word
from consilience.extract.story import StoryExtraction
from consilience.judge.predicates import (
    UNIT_PREDICATES,
    date_predicate,
    event_agent,
    figure_predicate,
    read_words,
)
from consilience.records import Comparator, PreparedArticle, Quantity, Sentence, TimeExpression
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
_LANDMARK = re.compile(
    r"\W*(?:\w+\s+){0,2}?(?:from|of|off|away\s+from)\s+(?:the\s+)?([A-Z][\w'’-]+)"
)
_PERSON_NOUNS = frozenset(
    """person people man woman child adult youth protester demonstrator rioter student
    worker employee resident civilian passenger crew member victim soldier troop officer
    policeman teenager pupil migrant refugee prisoner inmate patient""".split()
)
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
#: How far (in words) a predicate may stand from the value it describes.
_SPEECH = frozenset("said says say told tell tells according added reported stated".split())
_MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
    thursday friday saturday sunday""".split()
)


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


def _is_conversion(q: Quantity, others: Sequence[Quantity], text: str) -> bool:
    """An amount in brackets right after another ("85 million euros ($108 million)") is the
    same amount converted, not a second figure."""
    before = text[max(0, q.start - 3) : q.start]
    if "(" not in before:
        return False
    return any(0 <= q.start - o.end <= 3 and o is not q for o in others)


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
    if unit in UNIT_PREDICATES or unit in _PERSON_NOUNS:
        return "count", f"person:{unit}"
    return "count", unit


#: What can be held (hijacked, kept for ransom) besides people.
_HELD_THINGS = frozenset({"vessel", "aircraft", "plane", "tanker", "trawler", "hostage"})
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
_COMPARATOR_OF: dict[str, Comparator] = {"nearly": "~", "almost": "~", "about": "~", "around": "~", "roughly": "~",
                  "some": "~", "more than": ">", "over": ">", "less than": "<", "under": "<"}  # fmt: skip


_SHARE_OF = re.compile(
    r"\s*(?:percent|per\s+cent|%)?\s*of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:\w+'s\s+)?(?:[a-z]+\s+)?([A-Za-z]+)"
)


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


def _near_years(text: str, years: set[int], start: int, end: int, sentence: Sentence) -> set[int]:
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
    raw: list[tuple[ValueKind, int, int, str, str | None, dict[str, object]]] = []
    quantities = story.quantities_in(aid, sentence.index)
    for q in quantities:
        kind_unit = _quantity_kind(q)
        if kind_unit is None or _is_conversion(q, quantities, text):
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
        quantity = Quantity(
            aid, sentence.index, match.start(), match.end(), match.group(), value, "=", "time"
        )
        raw.append(("count", match.start(), match.end(), "time", None, {"quantity": quantity}))
    fraction_spans = []
    for match in _FRACTION.finditer(text, sentence.start, sentence.end):
        share = _FRACTIONS[re.sub(r"[- ]+", " ", match.group("f").lower())]
        comparator = _COMPARATOR_OF.get(
            re.sub(r"\s+", " ", (match.group("cmp") or "").lower()), "="
        )
        quantity = Quantity(
            aid,
            sentence.index,
            match.start(),
            match.end() - 3,
            match.group()[:-3].strip(),
            share,
            comparator,
            "percent",
        )
        fraction_spans.append((match.start(), match.end()))
        raw.append(
            ("percent", match.start(), match.end() - 3, "percent", None, {"quantity": quantity})
        )
    raw = [
        r for r in raw if not (r[0] == "count" and any(s <= r[1] < e for s, e in fraction_spans))
    ]
    for match in _AGE.finditer(text, sentence.start, sentence.end):
        value = int(match.group("n") or match.group("bare"))
        quantity = Quantity(aid, sentence.index, match.start(), match.end(), match.group(), value)
        raw.append(("age", match.start(), match.end(), "year", None, {"quantity": quantity}))
    if not raw:
        return []  # most sentences: their words are not read
    words = read_words(text, sentence.start, sentence.end)
    years = _sentence_years(prepared, sentence, story)
    entity_spans = [
        (m.start, m.end, story.entity_of.get((m.article_id, m.start, m.end), m.text))
        for m in story.mentions_in(aid, sentence.index)
        # The story's resolved type: a name typed "other" in one sentence is a person
        # when the other articles say so.
        if story.entity_type(m) in ("person", "org")
    ]
    out = []
    for kind, start, end, unit, unit_word, extra in raw:
        own_years = {int(y) for y in _YEAR.findall(text, start, end)}
        base_unit = unit.split(":")[-1] if unit else None
        if kind == "date":
            predicate, predicate_word = date_predicate(words, start, end, text, sentence.start)
        else:
            predicate, predicate_word = figure_predicate(words, start, end, base_unit)
            if (
                predicate == "held"
                and kind == "count"
                and not unit.startswith("person")
                and unit not in _HELD_THINGS
            ):
                # Things are seized the way they are found; people and ships are held.
                predicate = "found"
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
                agent=event_agent(entity_spans, words, predicate_word, text)
                if kind == "date"
                else None,
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
