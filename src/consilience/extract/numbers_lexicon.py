"""Reading numbers in news text: tokens, numerals with their scale ("3.5 million",
"$20bn"), number words ("thirty-five", "two dozen", "hundreds of") and unit words.

Number words are parsed by hand: none of the project's libraries turns them into values
with offsets.

Unit nouns are singularized by the small rule set in :func:`plural_head` (an irregular
table, then suffix rules). ``inflect`` does this too, but importing it costs from one to
over ten seconds because typeguard re-instruments it at import (jaraco/inflect#212), a
price every run would pay for a few dozen common news nouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# --- vocabulary -------------------------------------------------------------------------

_NUMERAL = re.compile(r"\d[\d.,]*")
_SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_WORDS = frozenset({*_SMALL, *_TENS, *_SCALES, "dozen"})


@lru_cache(maxsize=16384)
def is_number_word(word: str) -> bool:
    """ "30", "1,200", "thirty", "twenty-five", "hundreds", "dozens"."""
    word = word.lower()
    if _NUMERAL.fullmatch(word):
        return True
    parts = [part for part in word.split("-") if part]
    return bool(parts) and all(part.removesuffix("s") in _NUMBER_WORDS for part in parts)


#: Scale suffixes glued to a numeral ("3.5m", "$20bn", "5k").
_SUFFIX_SCALES = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
#: "dozens of", "hundreds of": a range of values, not one.
_VAGUE_PLURALS = {
    "tens": (20.0, 99.0),
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2e3, 9999.0),
    "millions": (2e6, 999e6),
    "billions": (2e9, 999e9),
}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CURRENCY_PREFIXES = {"us": "USD", "a": "AUD", "c": "CAD", "hk": "HKD", "nz": "NZD", "s": "SGD"}
_CURRENCY_CODES = frozenset("usd eur gbp jpy cny inr rub chf cad aud".split())
_CURRENCY_WORDS = {
    "dollar": "USD",
    "euro": "EUR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "ruble": "RUB",
    "rouble": "RUB",
    "franc": "CHF",
}
#: Same-kind words and spelling variants (see the module docstring for the principle).
UNIT_SYNONYMS = {
    "boat": "vessel",
    "crewman": "crew",
    "crewmember": "crew",
    "ship": "vessel",
    "people": "person",
    "persons": "person",
    "individual": "person",
    "soldier": "troop",
    "per cent": "percent",
    "pct": "percent",
    "%": "percent",
    "kilometer": "km",
    "kilometre": "km",
    "kms": "km",
    "mi": "mile",
    "meter": "metre",
    "kilogram": "kg",
    "kilo": "kg",
    "kgs": "kg",
    "ton": "tonne",
    "hr": "hour",
    "hrs": "hour",
    "yr": "year",
    "yrs": "year",
    "min": "minute",
    "mins": "minute",
    "sec": "second",
    "secs": "second",
    "lb": "pound",
    "lbs": "pound",
    "sq": "square",
}
ABBREVIATED_UNITS = frozenset(
    "km kms mi mph kph km/h kg kgs lb lbs ft m cm mm sq hrs hr min mins mw gw kw".split()
)
_INVARIANT_PLURALS = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "feet": "foot",
    "police": "police",
    "personnel": "personnel",
    "staff": "staff",
    "cattle": "cattle",
    "livestock": "livestock",
    "aircraft": "aircraft",
    "sheep": "sheep",
    "fish": "fish",
    "deer": "deer",
    "species": "species",
    "series": "series",
    "crew": "crew",
    "percent": "percent",
    "yen": "yen",
    "yuan": "yuan",
}
_NUMBER_STARTS = frozenset(
    {*_NUMBER_WORDS, *_VAGUE_PLURALS, *_CURRENCY_PREFIXES, *_CURRENCY_CODES, "a", "an", "half"}
)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[A-Za-z]+")
_TRIGGER_WORDS = frozenset({*_NUMBER_WORDS, *_VAGUE_PLURALS})


def may_hold_quantity(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a digit or a number word (a cheap first test)."""
    if _DIGIT.search(text, start, end):
        return True
    return any(w.lower() in _TRIGGER_WORDS for w in _WORD.findall(text, start, end))


# --- tokens -----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<att>[A-Za-z]+)?"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)?)"
    r"|(?P<sym>[$€£¥₹%+~–—/:-])"
    r"|(?P<other>\S)"
)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str
    lower: str
    attached: str = ""


def tokenize(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup or "other"
        if kind == "att":
            kind = "num"
        if kind == "num":
            out.append(Token(m.start(), m.end(), m["num"], "num", m["num"], m["att"] or ""))
        else:
            word = m.group()
            out.append(Token(m.start(), m.end(), word, kind, word.lower()))
    return out


_IRREGULAR_PLURALS = {
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "leaves": "leaf",
    "halves": "half",
    "thieves": "thief",
    "wolves": "wolf",
    "shelves": "shelf",
    "loaves": "loaf",
    "calves": "calf",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "crises": "crisis",
    "analyses": "analysis",
    "theses": "thesis",
    "diagnoses": "diagnosis",
    "hypotheses": "hypothesis",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "alumni": "alumnus",
    "indices": "index",
    "matrices": "matrix",
    "gases": "gas",
    "aliases": "alias",
    "quizzes": "quiz",
}
#: Plural forms whose singular keeps the letters a suffix rule would strip.
_KEEP_E = frozenset(
    """movies cookies rookies zombies calories goalies sorties brownies aches headaches
    caches niches avalanches cliches shoes toes canoes foes woes hoes oboes""".split()
)
_US_PLURALS = frozenset(
    "buses viruses bonuses campuses censuses statuses choruses geniuses sinuses".split()
)
_O_PLURALS = frozenset(
    """heroes tomatoes potatoes vetoes echoes torpedoes volcanoes mosquitoes embargoes
    dominoes""".split()
)
#: Words ending in -men that are singular.
_SINGULAR_MEN = frozenset("specimen abdomen regimen acumen stamen bitumen cyclamen".split())
#: Words ending in -s that are not plural nouns.
_NOT_PLURALS = frozenset(
    """always perhaps towards afterwards besides sometimes nevertheless whereas regardless
    nowadays indoors outdoors overseas upstairs downstairs sideways news means series
    species lens thus unless""".split()
)


@lru_cache(maxsize=4096)
def plural_head(word: str) -> str | None:
    """The singular of ``word`` (lowercase) when it reads as a plural noun, else ``None``."""
    if word in _INVARIANT_PLURALS:
        return _INVARIANT_PLURALS[word]
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("men") and len(word) > 5 and word not in _SINGULAR_MEN:
        return word[:-3] + "man"  # crewmen, gunmen, policemen
    if (
        len(word) <= 3
        or not word.endswith("s")
        or word.endswith(("ss", "ous", "us", "is", "ics"))
        or word in _NOT_PLURALS
        or not word.isalpha()
    ):
        return None
    if word in _KEEP_E:
        return word[:-1]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"  # casualties, militaries
    if word in _US_PLURALS or word in _O_PLURALS:
        return word[:-2]
    if word.endswith(("sses", "xes", "zzes", "ches", "shes")):
        return word[:-2]  # witnesses, taxes, churches, clashes
    return word[:-1]


def normalize_unit(word: str) -> str:
    word = word.lower()
    if word in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[word]
    return UNIT_SYNONYMS.get(word, word)


TWO_WORD_UNITS = {
    ("per", "cent"): "percent",
    ("percentage", "point"): "percentage point",
    ("percentage", "points"): "percentage point",
    ("basis", "point"): "basis point",
    ("basis", "points"): "basis point",
    ("square", "kilometres"): "square km",
    ("square", "kilometers"): "square km",
    ("square", "miles"): "square mile",
    ("square", "metres"): "square metre",
    ("square", "meters"): "square metre",
}


@dataclass(slots=True)
class Number:
    """A number read from tokens ``first``..``last`` (inclusive)."""

    first: int
    last: int
    value: float
    scale: float = 1.0
    currency: str | None = None
    unit: str | None = None
    vague: tuple[float, float] | None = None
    approximate: bool = False
    word_one: bool = False
    takes_of: bool = False


def may_start_number(token: Token) -> bool:
    """Whether a number can start at ``token`` (a cheap test before :func:`read_number`)."""
    if token.kind == "num":
        return True
    if token.kind == "sym":
        return token.text in _CURRENCY_SYMBOLS
    return token.kind == "word" and token.lower in _NUMBER_STARTS


def adjacent(a: Token, b: Token) -> bool:
    return a.end == b.start


def _word_number(tokens: list[Token], i: int) -> Number | None:
    """Number words from token ``i``: "thirty-five", "two hundred and fifty", "a dozen",
    "half a dozen"; ``None`` when token ``i`` does not start one."""
    words: list[str] = []
    j = i
    lead = tokens[i].lower
    if lead in ("a", "an", "half"):
        nxt = 2 if lead == "half" else 1
        if lead == "half" and not (i + 1 < len(tokens) and tokens[i + 1].lower == "a"):
            return None
        k = i + nxt
        if k >= len(tokens) or tokens[k].lower not in {"dozen", *_SCALES}:
            return None
        words = ["half"] if lead == "half" else []
        j = k
    last = j - 1
    while j < len(tokens):
        tok = tokens[j]
        if tok.kind == "word" and tok.lower in _NUMBER_WORDS:
            if tok.lower in _SMALL and words and words[-1] in _SMALL:
                break  # "one two": two numbers, not one
            words.append(tok.lower)
            last = j
            j += 1
        elif (
            tok.text in "-–"
            and words
            and j + 1 < len(tokens)
            and tokens[j + 1].lower in _NUMBER_WORDS
        ):
            if not (adjacent(tokens[j - 1], tok) and adjacent(tok, tokens[j + 1])):
                break
            j += 1
        elif (
            tok.lower == "and"
            and words
            and words[-1] in _SCALES
            and j + 1 < len(tokens)
            and tokens[j + 1].lower in {*_SMALL, *_TENS}
        ):
            j += 1
        else:
            break
    if not words or words == ["half"]:
        return None
    if lead not in ("a", "an", "half") and (words[0] in _SCALES or words[0] == "dozen"):
        return None  # a bare "million" or "dozen" counts only after a number or "a"
    value = _parse_words(words)
    if value is None:
        return None
    number = Number(i, last, value, approximate="dozen" in words)
    number.word_one = words == ["one"]
    number.scale = max((_SCALES.get(w, 1.0) for w in words), default=1.0)
    return number


def _parse_words(words: list[str]) -> float | None:
    total, current = 0.0, 0.0
    half = words[0] == "half"
    for word in words[1:] if half else words:
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[word]
            current = 0
    value = total + current
    return value / 2 if half else value


def read_number(tokens: list[Token], i: int) -> Number | None:
    """The number starting at token ``i`` (with its currency, scale and percent sign)."""
    tok = tokens[i]
    currency = None
    j = i
    if tok.kind == "sym" and tok.text in _CURRENCY_SYMBOLS:
        currency, j = _CURRENCY_SYMBOLS[tok.text], i + 1
    elif (
        tok.kind == "word"
        and tok.lower in _CURRENCY_PREFIXES
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "$"
        and (adjacent(tok, tokens[i + 1]) or tok.text == "US")
    ):
        currency, j = _CURRENCY_PREFIXES[tok.lower], i + 2
    elif tok.kind == "word" and tok.text.isupper() and tok.lower in _CURRENCY_CODES:
        currency, j = tok.text, i + 1
    if j >= len(tokens):
        return None
    tok = tokens[j]
    if tok.kind == "num":
        if tok.text.startswith("0") and len(tok.text) > 1 and not tok.text.startswith("0."):
            return None  # "09", "0845": part of a date or a phone number
        number = Number(i, j, float(tok.text.replace(",", "")), currency=currency)
        suffix = tok.attached.lower()
        if suffix in _SUFFIX_SCALES:
            number.scale = _SUFFIX_SCALES[suffix]
        elif suffix in ABBREVIATED_UNITS:
            number.unit = normalize_unit(suffix)
        elif suffix:
            return None  # an ordinal ("5th") or an identifier ("5G", "4x4")
    elif currency is None and tok.kind == "word" and tok.lower in _VAGUE_PLURALS:
        return _vague(tokens, j)
    elif tok.kind == "word":
        word_number = _word_number(tokens, j)
        if word_number is None:
            return None
        number = word_number
        number.first, number.currency = i, currency
    else:
        return None
    k = number.last + 1
    if (
        tok.kind == "num"
        and k + 1 < len(tokens)
        and tokens[k].text == "-"
        and tokens[k + 1].lower in _SCALES
        and adjacent(tok, tokens[k])
        and adjacent(tokens[k], tokens[k + 1])
    ):
        k += 1  # "$5-million", "a 110-billion budget"
    if k < len(tokens) and tokens[k].kind == "word" and tokens[k].lower in {"dozen", *_SCALES}:
        factor = 12.0 if tokens[k].lower == "dozen" else _SCALES[tokens[k].lower]
        number.scale *= factor
        number.approximate = number.approximate or tokens[k].lower == "dozen"
        number.last = k
        k += 1
    if tok.kind == "num":
        number.value *= number.scale
    if k < len(tokens) and tokens[k].text == "%":
        number.unit, number.last = "percent", k
    return number


def _vague(tokens: list[Token], j: int) -> Number:
    """ "dozens of", "hundreds of", "tens of thousands of"."""
    word = tokens[j].lower
    low, high = _VAGUE_PLURALS.get(word, (20.0, 99.0))
    last = j
    if (
        word in ("tens", "hundreds")
        and j + 2 < len(tokens)
        and tokens[j + 1].lower == "of"
        and tokens[j + 2].lower in ("thousands", "millions", "billions")
    ):
        base = _VAGUE_PLURALS[tokens[j + 2].lower][0] / 2
        low, high = (20 * base, 100 * base - 1) if word == "tens" else (200 * base, 1000 * base - 1)
        last = j + 2
    number = Number(j, last, low, vague=(low, high))
    number.takes_of = True
    return number
