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

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from wordfreq import zipf_frequency

from consilience.records import EntityMention, PreparedArticle, Sentence
from consilience.textspan import QUOTE_TRANSLATION, strip_accents

#: Finds the names in an article; any entity extractor with this shape can be swapped in.
NameFinder = Callable[[PreparedArticle], Sequence[EntityMention]]

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|\w+(?:['’-]\w+)*")
_NUMBER = re.compile(r"(?<![\w.,:])\d+(?:[.,:]\d+)*")
_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{3,}(?:['’-][^\W\d_]+)*")
_STOP = frozenset(ENGLISH_STOP_WORDS)
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
#: A capitalized word this frequent in English (Zipf scale) opening a sentence or a
#: title-case headline is taken for an ordinary word unless the article also capitalizes
#: it mid-sentence.
_COMMON_WORD_ZIPF = 4.0
_HEADLINE_COMMON_ZIPF = 3.0
#: Background inverse frequency: Zipf 7.5 is about "the"; rarer words weigh more. Using
#: general English frequencies instead of corpus counts keeps a feature's weight fixed
#: as articles are added, so incremental clustering never has to reweigh old articles.
_ZIPF_CEILING = 7.5

_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b{_MONTH_RE}\s+{_DAY_RE}(?:\s*,\s*|\s+){_YEAR_RE}\b",
        rf"\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:\s*,\s*|\s+){_YEAR_RE}\b",
        rf"\b{_MONTH_RE}(?:\s*,\s*|\s+){_YEAR_RE}\b",
        rf"\b{_YEAR_RE}\s*-\s*(?P<mm>[01]\d)\s*-\s*[0-3]\d\b",
        rf"\b(?P<a>[0-3]?\d)\s*[/.]\s*(?P<b>[0-3]?\d)\s*[/.]\s*{_YEAR_RE}\b",
        rf"\b{_MONTH_RE}\s+{_DAY_RE}\b",
        rf"\b{_YEAR_RE}\b(?!\s*(?:-|–)?\s*(?:\d|s\b))",
        r"\b(?P<month>january|february|april|june|july|august|september|october|november"
        r"|december)\b",
    )
)

_DATE_HINT = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


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


@lru_cache(maxsize=262_144)
def background_idf(key: str) -> float:
    """How informative a word or name is from its rarity in general English."""
    return max(0.25, _ZIPF_CEILING - zipf_frequency(key, "en"))


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


def _is_title_case(text: str) -> bool:
    words = [w for w in _TOKEN.findall(text) if w[0].isalpha()]
    if len(words) < 3:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.7 * len(words) or text.isupper()


def _tokens(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, end))


_OPENERS = frozenset("\"“‘'(:;—–-")


def _openers(text: str, tokens: list[re.Match[str]]) -> list[bool]:
    """For each token, whether it opens the sentence or a clause (after a quote mark or a
    colon), where a capital letter says nothing about being a name."""
    flags = [True] * len(tokens)
    for i in range(1, len(tokens)):
        gap = text[tokens[i - 1].end() : tokens[i].start()].rstrip()
        flags[i] = bool(gap) and gap[-1] in _OPENERS
    return flags


@lru_cache(maxsize=262_144)
def _zipf(word: str) -> float:
    return float(zipf_frequency(word, "en"))


def find_capitalized_names(prepared: PreparedArticle) -> list[EntityMention]:
    """Runs of capitalized words that are names, not sentence openers or headline case.

    A capitalized common word ("Police", "The") opening a sentence or standing in a
    title-case headline is a name only when the article also capitalizes it
    mid-sentence; acronyms are names; months and weekdays never are.
    """
    text = prepared.article.text
    sentences = [s for s in prepared.sentences if s.skip is None]
    tokenized = []
    mid_caps: set[str] = set()
    for sentence in sentences:
        tokens = _tokens(text, sentence.start, sentence.end)
        openers = _openers(text, tokens)
        title_case = _is_title_case(sentence.text)
        tokenized.append((sentence, tokens, openers, title_case))
        if title_case:
            continue
        for match, opener in zip(tokens, openers, strict=True):
            word = match.group()
            if not opener and word[0].isupper() and not word.isupper():
                mid_caps.add(word.casefold())
    mentions: list[EntityMention] = []
    for sentence, tokens, openers, title_case in tokenized:
        mentions.extend(_sentence_names(prepared, sentence, tokens, openers, title_case, mid_caps))
    return mentions


def _sentence_names(
    prepared: PreparedArticle,
    sentence: Sentence,
    tokens: list[re.Match[str]],
    openers: list[bool],
    title_case: bool,
    mid_caps: set[str],
) -> list[EntityMention]:
    text = prepared.article.text
    found: list[EntityMention] = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        if run:
            start, end = run[0].start(), run[-1].end()
            found.append(
                EntityMention(
                    article_id=prepared.id,
                    sentence=sentence.index,
                    start=start,
                    end=end,
                    text=text[start:end],
                    type="other",
                )
            )
            run.clear()

    for match, opener in zip(tokens, openers, strict=True):
        word = match.group()
        if run and text[run[-1].end() : match.start()].strip() not in ("", "-"):
            flush()
        if not word[0].isupper():
            flush()
            continue
        folded = word.casefold().replace("’", "'")
        bare = folded.removesuffix("'s")
        if bare in _MONTHS or bare in _WEEKDAYS or bare in _STOP or bare in _TITLES:
            flush()
            continue
        if word.isupper() and len(word) > 1 and not title_case:
            run.append(match)  # an acronym
            continue
        if bare not in mid_caps and (
            (opener and _zipf(bare) >= _COMMON_WORD_ZIPF)
            or (title_case and _zipf(bare) >= _HEADLINE_COMMON_ZIPF)
        ):
            flush()
            continue
        run.append(match)
    flush()
    return found


# --- dates and numbers --------------------------------------------------------------


def _date_keys(sentence_text: str) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """Date keys found in a sentence ("ym:2013-09", "y:2013", "m:09") with their readable
    forms, and the spans they cover (so their digits are not counted as numbers)."""
    keys: list[tuple[str, str]] = []
    covered: list[tuple[int, int]] = []
    if not _DATE_HINT.search(sentence_text):
        return keys, covered
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(sentence_text):
            span = match.span()
            if any(s < span[1] and span[0] < e for s, e in covered):
                continue
            groups = match.groupdict()
            month_text = groups.get("month")
            if month_text is not None and not month_text[0].isupper():
                continue
            month = _MONTHS.get(month_text.casefold()) if month_text else None
            if groups.get("mm"):
                month = int(groups["mm"])
            if groups.get("a") and groups.get("b"):
                first, second = int(groups["a"]), int(groups["b"])
                # 2/3/2009 is ambiguous (Feb 3 or Mar 2); only a day over 12 settles it.
                month = second if first > 12 else first if second > 12 else None
            year = groups.get("year")
            if month is not None and not 1 <= month <= 12:
                continue
            covered.append(span)
            if year and month:
                keys.append((f"ym:{year}-{month:02d}", f"{_MONTH_NAMES[month - 1]} {year}"))
            if year:
                keys.append((f"y:{year}", year))
            if month and not year:
                keys.append((f"m:{month:02d}", _MONTH_NAMES[month - 1]))
    return keys, covered


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


def _position_weight(rank: int, role: str) -> float:
    if role in ("headline", "heading") or rank == 0:
        return 3.0
    return 2.0 if rank < 4 else 1.0


def extract_features(
    prepared: PreparedArticle, name_finder: NameFinder = find_capitalized_names
) -> EventFeatures:
    """The event features of one cleaned and segmented article."""
    article = prepared.article
    names: dict[str, float] = {}
    dates: dict[str, float] = {}
    numbers: dict[str, float] = {}
    terms: dict[str, float] = {}
    forms: dict[str, str] = {}
    sentences = [s for s in prepared.sentences if s.skip is None]
    weights: dict[int, float] = {}
    rank = 0
    for sentence in sentences:
        weights[sentence.index] = _position_weight(rank, sentence.role)
        if sentence.role not in ("headline", "heading"):
            rank += 1

    name_spans: dict[int, list[tuple[int, int]]] = {}
    for mention in name_finder(prepared):
        weight = weights.get(mention.sentence, 1.0)
        name_spans.setdefault(mention.sentence, []).append((mention.start, mention.end))
        surface = [
            w
            for w in _TOKEN.findall(mention.text)
            if len(name_key(w)) > 1 and name_key(w) not in _TITLES
        ]
        if not surface:
            continue
        words = [name_key(w) for w in surface]
        for word, written in zip(words, surface, strict=True):
            names[word] = names.get(word, 0.0) + weight
            forms.setdefault(word, written)
        if len(words) > 1:
            full = " ".join(words)
            names[full] = names.get(full, 0.0) + weight
            forms.setdefault(full, " ".join(surface))

    for key, form in _published_keys(article.published):
        dates[key] = dates.get(key, 0.0) + 3.0
        forms.setdefault(key, form)
    pieces: list[str] = []
    for sentence in sentences:
        weight = weights[sentence.index]
        found, covered = _date_keys(sentence.text)
        for key, form in found:
            dates[key] = dates.get(key, 0.0) + weight
            forms.setdefault(key, form)
        # Terms and figures come from what is neither a name nor a date.
        excluded = sorted(
            covered
            + [
                (s - sentence.start, e - sentence.start)
                for s, e in name_spans.get(sentence.index, ())
            ]
        )
        position = 0
        for start, end in excluded:
            if start > position:
                pieces.append(sentence.text[position:start])
            position = max(position, end)
        pieces.append(sentence.text[position:])
    rest = " | ".join(pieces)
    for number in map(_number_key, _NUMBER.findall(rest)):
        if number is not None:
            numbers[number] = numbers.get(number, 0.0) + 1.0
    for word, count in Counter(w.casefold() for w in _WORD.findall(rest)).items():
        term = word.replace("’", "'")
        if term not in _STOP and term not in _MONTHS and term not in _WEEKDAYS:
            terms[term] = terms.get(term, 0.0) + count
    return EventFeatures(
        names=names,
        dates=dates,
        numbers=numbers,
        terms=terms,
        forms=forms,
        title=_title(prepared),
    )


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


def context_counts(features: EventFeatures, term_share: float = 0.5) -> dict[str, float]:
    """The features that tell one event from another of the same kind, with sublinear
    salience weights; the clustering weighs them by how they split a group of related
    articles."""
    counts: dict[str, float] = {}
    for prefix, weights, share in (
        ("n:", features.names, 1.0),
        ("d:", features.dates, 1.0),
        ("u:", features.numbers, 1.0),
        ("t:", features.terms, term_share),
    ):
        for key, weight in weights.items():
            counts[prefix + key] = share * sublinear(weight)
    return counts


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
