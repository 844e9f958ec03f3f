"""Event features of one article: who (names), when (dates), how many (numbers) and what
(content terms), each weighted by where it appears (headline and lead count more).

Two reports of one event name the same people and places, give the same dates and the
same figures; two events *of the same kind* (two earthquakes, two arrests) share the
vocabulary but not the names, dates and figures. The names come from a
:data:`NameFinder`: the default one below reads capitalized spans, and a full entity
extractor returning :class:`~consilience.records.EntityMention` records can be passed
instead without touching the clustering.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from consilience.records import EntityMention, PreparedArticle, Sentence
from consilience.textspan import QUOTE_TRANSLATION, strip_accents
from consilience.word_lists import english_stop_words, zipf_frequency

#: Finds the names in an article; any entity extractor with this shape can be swapped in.
NameFinder = Callable[[PreparedArticle], Sequence[EntityMention]]

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|\w+(?:['’-]\w+)*")
_NUMBER = re.compile(r"(?<![\w.,:])\d+(?:[.,:]\d+)*")
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{3,}(?:['’-][^\W\d_]+)*")
_STOP = english_stop_words()
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
    "thurs fri sat sun".split()
)
#: Titles and honorifics: part of how a name is written, not of the name.
_TITLES = frozenset(
    "mr mrs ms miss dr prof gov sen rep pres gen col lt capt sgt det insp rev fr sir "
    "dame lord lady".split()
)
_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "st.": "saint"}
#: A capitalized word at least this frequent in English (Zipf scale) opening a sentence
#: or standing in a title-case headline is taken for an ordinary word ("Rescuers",
#: "Quake") unless the article also capitalizes it mid-sentence; rarer ones ("Chivay")
#: are names wherever they stand.
_OPENER_NAME_ZIPF = 2.5
_HEADLINE_COMMON_ZIPF = 3.0
#: Background inverse frequency: Zipf 7.5 is about "the"; rarer words weigh more. Using
#: general English frequencies instead of corpus counts keeps a feature's weight fixed
#: as articles are added, so incremental clustering never has to reweigh old articles.
_ZIPF_CEILING = 7.5

_FULL_MONTHS = [form for name in _MONTH_NAMES if name != "May" for form in (name, name.upper())]
_SHORT_MONTHS = [
    form
    for name in _MONTH_NAMES
    for form in (name[:3], name[:3].upper(), *(("Sept", "SEPT") if name == "September" else ()))
]
# Case-sensitive (a capitalized month only: "may" is a verb, "march" a walk), longest
# forms first so that "September" is not read as "Sep"; only a short form takes a period.
_MONTH_RE = (
    r"(?P<month>"
    + "|".join(sorted(_FULL_MONTHS, key=lambda f: (-len(f), f)))
    + "|(?:"
    + "|".join(sorted(_SHORT_MONTHS, key=lambda f: (-len(f), f)))
    + r")\.?)(?!\w)"
)
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
#: Day-first, ISO and numeric dates, then month-first ones (with a day, a year, both or
#: neither), then bare years. Earlier, longer matches win over what they contain.
_DATE_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\b(?=\d){_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:\s*,\s*|\s+){_YEAR_RE}\b",
        rf"\b(?=[12]){_YEAR_RE}\s*-\s*(?P<mm>[01]\d)\s*-\s*(?P<dd>[0-3]\d)\b",
        rf"\b(?=\d)(?P<a>[0-3]?\d)\s*[/.]\s*(?P<b>[0-3]?\d)\s*[/.]\s*{_YEAR_RE}\b",
        rf"\b(?=[JFMASOND]){_MONTH_RE}(?:\s+{_DAY_RE}\b)?(?:(?:\s*,\s*|\s+){_YEAR_RE}\b)?",
        rf"\b(?=[12]){_YEAR_RE}\b(?!\s*(?:-|–)?\s*(?:\d|s\b))",
    )
)
#: A month named alone counts only in full ("May" and "March" are words too).
_LONE_MONTHS = frozenset(
    "january february april june july august september october november december".split()
)


@dataclass(frozen=True, slots=True)
class EventFeatures:
    """What one article says about its event, as weighted keys.

    Weights are salience: a headline or lead mention counts more than one in the tenth
    paragraph. Keys are normalized (case- and accent-free); ``forms`` keeps a readable
    form of each name and date key for explanations.
    """

    names: Mapping[str, float]
    dates: Mapping[str, float]
    numbers: Mapping[str, float]
    terms: Mapping[str, float]
    forms: Mapping[str, str]
    title: str
    #: The same four kinds for the headline and the first sentences only (the lead names
    #: the event itself; later paragraphs bring background), keys prefixed by kind
    #: (``n:``, ``d:``, ``u:``, ``t:``).
    lead: Mapping[str, float] = field(default_factory=dict)
    #: The article's day (ISO): its publication date, else the first full date of its
    #: lead (a date line, or the day the lead gives the event).
    dated: str | None = None


@lru_cache(maxsize=262_144)
def background_idf(key: str) -> float:
    """How informative a word or name is from its rarity in general English."""
    return max(0.25, _ZIPF_CEILING - zipf_frequency(key))


def sublinear(weight: float) -> float:
    return 1.0 + math.log(weight) if weight >= 1.0 else weight


@lru_cache(maxsize=262_144)
def name_key(text: str) -> str:
    """Normalized key of a name or name token: case, accents, quotes and a possessive
    ending ignored, common abbreviations spelled out ("Mt" is "mount")."""
    key = strip_accents(text.translate(QUOTE_TRANSLATION)).casefold().strip(" .,'\"")
    key = key.removesuffix("'s").removesuffix("'")
    return _ABBREVIATIONS.get(key, key)


# --- names --------------------------------------------------------------------------


_UPPER = "".join(c for c in map(chr, range(0x530)) if c.isupper())
#: A capitalized word: an uppercase letter, then word characters, inner apostrophes and
#: hyphens. Matching only these (not every word) keeps the name finder fast.
_CAPITALIZED = re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’]*(?:-[\w'’]+)*")
_ALPHA_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_OPENERS = frozenset("\"“‘'(:;—–-")


def _is_title_case(text: str, capitalized: int) -> bool:
    """A headline in title case or capitals, where capitals say nothing about names."""
    if capitalized < 3:
        return False
    words = len(_ALPHA_WORD.findall(text))
    return capitalized >= 0.7 * words or text.isupper()


@lru_cache(maxsize=262_144)
def _zipf(word: str) -> float:
    return float(zipf_frequency(word))


def find_capitalized_names(prepared: PreparedArticle) -> list[EntityMention]:
    """Runs of capitalized words that are names, not sentence openers or headline case.

    A capitalized common word ("Police", "The") opening a sentence or a clause, or
    standing in a title-case headline, is a name only when the article also capitalizes
    it mid-sentence; acronyms are names; months and weekdays never are.
    """
    text = prepared.article.text
    found = []
    mid_caps: set[str] = set()
    for sentence in prepared.sentences:
        if sentence.skip is not None:
            continue
        words: list[tuple[re.Match[str], bool]] = []
        previous_end = -1
        for match in _CAPITALIZED.finditer(sentence.text):
            start = match.start()
            if previous_end >= 0 and not sentence.text[previous_end:start].strip(" -"):
                opener = False  # continues a run of capitalized words
            else:
                before = start - 1
                while before >= 0 and sentence.text[before].isspace():
                    before -= 1
                opener = before < 0 or sentence.text[before] in _OPENERS
            words.append((match, opener))
            previous_end = match.end()
        title_case = _is_title_case(sentence.text, len(words))
        if not title_case:
            mid_caps.update(
                m.group().casefold()
                for m, opener in words
                if not opener and not m.group().isupper()
            )
        found.append((sentence, words, title_case))
    mentions: list[EntityMention] = []
    for sentence, words, title_case in found:
        mentions.extend(_sentence_names(prepared.id, text, sentence, words, title_case, mid_caps))
    return mentions


def _sentence_names(
    article_id: str,
    text: str,
    sentence: Sentence,
    words: list[tuple[re.Match[str], bool]],
    title_case: bool,
    mid_caps: set[str],
) -> list[EntityMention]:
    found: list[EntityMention] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        if run:
            start, end = sentence.start + run[0].start(), sentence.start + run[-1].end()
            found.append(
                EntityMention(article_id, sentence.index, start, end, text[start:end], "other")
            )
            run.clear()

    for match, opener in words:
        if run and sentence.text[run[-1].end() : match.start()].strip(" -"):
            flush()
        word = match.group()
        bare = word.casefold().replace("’", "'").removesuffix("'s")
        if bare in _MONTHS or bare in _WEEKDAYS or bare in _STOP or bare in _TITLES:
            flush()
            continue
        if word.isupper() and len(word) > 1 and not title_case:
            run.append(match)  # an acronym
            continue
        if bare not in mid_caps and (
            (opener and _zipf(bare) >= _OPENER_NAME_ZIPF)
            or (title_case and _zipf(bare) >= _HEADLINE_COMMON_ZIPF)
        ):
            flush()
            continue
        run.append(match)
    flush()
    return found


# --- dates and numbers --------------------------------------------------------------


DateMention = tuple[int, int, list[tuple[str, str]], str | None]


def _date_mentions(text: str) -> list[DateMention]:
    """Dates in ``text``: span, keys ("ym:2013-09", "y:2013", "m:09") with readable
    forms, and the ISO day when the date gives one, sorted by position. A longer, more
    precise pattern wins over the shorter ones inside it ("March 3, 2019" is not also a
    bare "2019")."""
    found: list[DateMention] = []
    covered: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in covered):
                continue
            groups = match.groupdict()
            month_text = groups.get("month")
            if (
                month_text is not None
                and not groups.get("day")
                and not groups.get("year")
                and month_text.rstrip(".").casefold() not in _LONE_MONTHS
            ):
                continue
            month = _MONTHS.get(month_text.rstrip(".").casefold()) if month_text else None
            if groups.get("mm"):
                month = int(groups["mm"])
            day = int(groups["day"] or 0) if groups.get("day") else None
            if groups.get("dd"):
                day = int(groups["dd"])
            if groups.get("a") and groups.get("b"):
                first, second = int(groups["a"]), int(groups["b"])
                # 2/3/2009 is ambiguous (Feb 3 or Mar 2); only a day over 12 settles it.
                month = second if first > 12 else first if second > 12 else None
                day = first if first > 12 else second if second > 12 else None
            year = groups.get("year")
            if month is not None and not 1 <= month <= 12:
                continue
            covered.append((start, end))
            keys: list[tuple[str, str]] = []
            if year and month:
                keys.append((f"ym:{year}-{month:02d}", f"{_MONTH_NAMES[month - 1]} {year}"))
            if year:
                keys.append((f"y:{year}", year))
            if month and not year:
                keys.append((f"m:{month:02d}", _MONTH_NAMES[month - 1]))
            found.append((start, end, keys, _iso_day(year, month, day)))
    found.sort(key=lambda item: item[0])
    return found


def _iso_day(year: str | None, month: int | None, day: int | None) -> str | None:
    if not (year and month and day):
        return None
    try:
        return dt.date(int(year), month, day).isoformat()
    except ValueError:
        return None


def _published_day(published: str | None) -> str | None:
    try:
        return dt.date.fromisoformat(published[:10]).isoformat() if published else None
    except ValueError:
        return None


def _published_keys(published: str | None) -> list[tuple[str, str]]:
    if not published or len(published) < 7 or not published[:4].isdigit():
        return []
    year, month = published[:4], published[5:7]
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return [(f"y:{year}", year)]
    return [
        (f"ym:{year}-{month}", f"{_MONTH_NAMES[int(month) - 1]} {year}"),
        (f"y:{year}", year),
    ]


def _number_key(token: str) -> str | None:
    """Figures that identify an event (a toll, an amount, a magnitude); single digits and
    clock times are too common to tell events apart."""
    if ":" in token:
        return None
    value = token.replace(",", "")
    if value.count(".") > 1:
        return None
    if len(value.replace(".", "")) < 2 and "." not in value:
        return None
    return value.rstrip("0").rstrip(".") if "." in value else value.lstrip("0") or "0"


# --- the features -------------------------------------------------------------------


#: Body sentences in the lead, after the headline and any heading or date line.
LEAD_SENTENCES = 2


def _position_weight(rank: int, role: str) -> float:
    if role in ("headline", "heading") or rank == 0:
        return 3.0
    return 2.0 if rank < 4 else 1.0


def _add(weights: dict[str, float], key: str, weight: float) -> None:
    weights[key] = weights.get(key, 0.0) + weight


def extract_features(
    prepared: PreparedArticle, name_finder: NameFinder = find_capitalized_names
) -> EventFeatures:
    """The event features of one cleaned and segmented article."""
    article = prepared.article
    names: dict[str, float] = {}
    dates: dict[str, float] = {}
    numbers: dict[str, float] = {}
    terms: dict[str, float] = {}
    lead: dict[str, float] = {}
    forms: dict[str, str] = {}
    sentences = [s for s in prepared.sentences if s.skip is None]
    weights: dict[int, float] = {}
    in_lead: set[int] = set()
    rank = 0
    for sentence in sentences:
        weights[sentence.index] = _position_weight(rank, sentence.role)
        if rank < LEAD_SENTENCES:
            in_lead.add(sentence.index)
        if sentence.role not in ("headline", "heading"):
            rank += 1

    name_spans: dict[int, list[tuple[int, int]]] = {}
    for mention in name_finder(prepared):
        weight = weights.get(mention.sentence, 1.0)
        name_spans.setdefault(mention.sentence, []).append((mention.start, mention.end))
        surface = [
            _POSSESSIVE.sub("", w)
            for w in _TOKEN.findall(mention.text)
            if len(name_key(w)) > 1 and name_key(w) not in _TITLES
        ]
        if not surface:
            continue
        words = [name_key(w) for w in surface]
        if len(words) > 1:
            words.append(" ".join(words))
            surface.append(" ".join(surface))
        for word, written in zip(words, surface, strict=True):
            _add(names, word, weight)
            forms.setdefault(word, written)
            if mention.sentence in in_lead:
                _add(lead, "n:" + word, weight)

    for key, form in _published_keys(article.published):
        _add(dates, key, 3.0)
        _add(lead, "d:" + key, 3.0)
        forms.setdefault(key, form)
    dates_in: dict[int, list[tuple[int, int]]] = {}
    starts = [sentence.start for sentence in sentences]
    dated = _published_day(article.published)
    for start, end, keys, day in _date_mentions(article.text):
        position = bisect_right(starts, start) - 1
        if position < 0 or end > sentences[position].end:
            continue  # outside the kept sentences (junk, or across a boundary)
        sentence = sentences[position]
        dates_in.setdefault(sentence.index, []).append((start, end))
        if dated is None and day is not None and sentence.index in in_lead:
            dated = day
        for key, form in keys:
            _add(dates, key, weights[sentence.index])
            forms.setdefault(key, form)
            if sentence.index in in_lead:
                _add(lead, "d:" + key, weights[sentence.index])
    pieces: list[str] = []
    lead_pieces: list[str] = []
    for sentence in sentences:
        # Terms and figures come from what is neither a name nor a date.
        excluded = sorted(dates_in.get(sentence.index, []) + name_spans.get(sentence.index, []))
        position = sentence.start
        kept: list[str] = []
        for start, end in excluded:
            if start > position:
                kept.append(article.text[position:start])
            position = max(position, end)
        kept.append(article.text[position : sentence.end])
        pieces.extend(kept)
        if sentence.index in in_lead:
            lead_pieces.extend(kept)
    _count_rest(" | ".join(pieces), numbers, terms, "")
    _count_rest(" | ".join(lead_pieces), lead, lead, None)
    return EventFeatures(
        names=names,
        dates=dates,
        numbers=numbers,
        terms=terms,
        forms=forms,
        title=_title(prepared),
        lead=lead,
        dated=dated,
    )


def _count_rest(
    rest: str, numbers: dict[str, float], terms: dict[str, float], prefix: str | None
) -> None:
    """Count the figures and content terms of ``rest`` (text without names and dates);
    with ``prefix`` None, into one mapping under the kind prefixes ``u:`` and ``t:``."""
    number_prefix, term_prefix = ("u:", "t:") if prefix is None else (prefix, prefix)
    for number in map(_number_key, _NUMBER.findall(rest)):
        if number is not None:
            _add(numbers, number_prefix + number, 1.0)
    for word, count in Counter(w.casefold() for w in _WORD.findall(rest)).items():
        term = word.replace("’", "'")
        if term not in _STOP and term not in _MONTHS and term not in _WEEKDAYS:
            _add(terms, term_prefix + term, count)


def _title(prepared: PreparedArticle) -> str:
    """The headline, else the first sentence that reads like one (not a dateline or a
    timestamp), cut to a readable length."""
    article = prepared.article
    if article.title:
        return article.title.strip()
    fallback = ""
    for sentence in prepared.sentences:
        if sentence.skip is not None or sentence.role not in ("headline", "heading", "body"):
            continue
        words = sentence.text.split()
        fallback = fallback or sentence.text
        wordy = sum(1 for w in words if w[:1].isalpha() and w.casefold() not in _MONTHS)
        if wordy >= 4 and wordy >= 0.6 * len(words):
            return " ".join(words[:20]) + (" …" if len(words) > 20 else "")
    return (fallback or article.text).strip()[:120]


# --- vectors ------------------------------------------------------------------------


def _normalized(weights: Mapping[str, float], prefix: str, scale: float) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if norm == 0:
        return {}
    factor = scale / norm
    return {prefix + key: w * factor for key, w in weights.items()}


def topic_vector(features: EventFeatures, name_share: float = 0.5) -> dict[str, float]:
    """A unit-block vector for "what is this about": content terms and names, each block
    TF-IDF weighted (background IDF) and normalized, so that the dot product of two such
    vectors is ``(1 - name_share) * cos(terms) + name_share * cos(names)``."""
    term_weights = {k: sublinear(w) * background_idf(k) for k, w in features.terms.items()}
    name_weights = {k: sublinear(w) * background_idf(k) for k, w in features.names.items()}
    vector = _normalized(term_weights, "t:", math.sqrt(1.0 - name_share))
    vector.update(_normalized(name_weights, "n:", math.sqrt(name_share)))
    return vector


def blocking_keys(features: EventFeatures, limit: int) -> list[str]:
    """The article's most distinctive names and terms: articles sharing one of them are
    compared, all other pairs are never looked at."""
    scored: list[tuple[float, str]] = []
    for prefix, weights in (("n:", features.names), ("t:", features.terms)):
        for key, weight in weights.items():
            idf = background_idf(key)
            if idf >= 2.5:
                scored.append((sublinear(weight) * idf, prefix + key))
    for key, weight in features.dates.items():
        if key.startswith("ym:"):
            scored.append((sublinear(weight) * 2.0, "d:" + key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [key for _, key in scored[:limit]]
