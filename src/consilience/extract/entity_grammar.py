"""The token grammar of the classical entity extractor: tokens, case modes, and the
titles and roles used with names ("former President", "Col.", "Secretary of Defense",
"spokesman", "Lopez's chief of staff", ", policy director at Open Harbor,").

Hand-written because news titles are formulaic and no model tags them;
:mod:`consilience.extract.entities` uses it, and so does the spaCy backend to attach titles
to the names its pipeline finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from consilience.extract.entity_lexicon import Lexicon, zipf
from consilience.extract.gazetteer import place_key
from consilience.records import EntityType

_TOKEN_RE = re.compile(
    r"(?P<dotted>(?:[^\W\d_]\.){2,})"  # U.S., J.R.R.
    r"|(?P<prefix>(?:[Tt]hen|[Ee]x)-)(?=[A-Z])"  # then-President
    r"|(?P<word>\w+(?:[’'](?![sS]\b)\w+|[&-]\w+)*)(?P<poss>[’'][sS]\b|(?<=s)[’'](?!\w))?"
    r"|(?P<punct>[^\w\s])"
)
#: Abbreviations that are part of a name ("St. Louis", "Fr. Brown"), besides titles.
_NAME_ABBREVIATIONS = frozenset("st mt ft fr".split())
#: Abbreviations that keep their period only before a number ("No. 5", "Dec 26").
NUMBER_ABBREVIATIONS = frozenset("no nos".split())
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
#: Lower-case words that belong to the title after them ("former President").
_STATUS_MODIFIERS = frozenset(
    "former acting interim deputy then ex late outgoing incoming current retired longtime "
    "vice assistant associate senior sitting disgraced ousted exiled embattled".split()
)
#: The only words a title-case headline leaves in lower case.
_HEADLINE_LOWER = frozenset(
    "a an the and but or nor for so yet on at to by of in vs vs. as via per from with into "
    "onto over up off out upon amid than".split()
)
#: Marks after which a capitalized word says nothing about being a name.
_INITIAL_AFTER = frozenset(".!?:\"“”‘’'«»([{—–-•*|…")
_END_OF_PHRASE = frozenset(',.;:)!?"“”’—–-…')
PREPOSITIONS = frozenset("of for at with to in on from".split())
ARTICLES = frozenset("a an the".split())
OF_CONNECTORS = frozenset("of for and the &".split())
NAME_LIKE_ZIPF = 4.5
_MAX_ACRONYM = 6
_MAX_ROLE_WORDS = 6


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # word | dotted | prefix | punct
    poss_end: int  # end of a possessive "'s" after the word; == end when there is none
    lower: str = ""  # casefolded, typographic apostrophes straightened

    def __post_init__(self) -> None:
        self.lower = self.text.casefold().replace("’", "'")

    @property
    def is_word(self) -> bool:
        return self.kind in ("word", "dotted")

    @property
    def possessive(self) -> bool:
        return self.poss_end > self.end


def tokenize(text: str, start: int, end: int, lex: Lexicon) -> list[Token]:
    """Tokens of ``text[start:end]``; abbreviations and initials keep their period."""
    tokens: list[Token] = []
    pos = start
    while (m := _TOKEN_RE.search(text, pos, end)) is not None:
        pos = m.end()
        if m.group("word") is None:
            tokens.append(Token(m.start(), pos, m.group(), m.lastgroup or "punct", pos))
            continue
        w_start, w_end = m.span("word")
        if (
            m.group("poss") is None
            and w_end < end
            and text[w_end] == "."
            and (
                text[w_start:w_end].casefold() in lex.abbreviations
                or (w_end - w_start == 1 and text[w_start].isupper())
            )
            and not (
                text[w_start:w_end].casefold() in NUMBER_ABBREVIATIONS
                and not text[w_end + 1 : w_end + 3].strip()[:1].isdigit()
            )
        ):
            w_end = pos = w_end + 1
        tokens.append(Token(w_start, w_end, text[w_start:w_end], "word", pos))
    return tokens


def capitalized(tok: Token, lex: Lexicon) -> bool:
    if tok.kind == "dotted":
        return tok.text[0].isupper()
    if tok.kind != "word":
        return False
    first = tok.text[0]
    if first.isupper():
        return True
    if "-" in tok.text:
        head, *rest = tok.text.split("-")
        return head.casefold() in lex.particles and any(p[:1].isupper() for p in rest)
    return len(tok.text) > 2 and first.islower() and tok.text[1].isupper()  # iPhone, eBay


def is_acronym(tok: Token) -> bool:
    if tok.kind == "dotted":
        return tok.text[0].isupper()
    letters = [c for c in tok.text if c.isalpha()]
    return 2 <= len(letters) <= _MAX_ACRONYM and all(c.isupper() for c in letters)


def case_mode(tokens: list[Token], lex: Lexicon) -> str:
    """``title`` for title-case lines ("Drone Strike Targets Port"), ``caps`` for ALL-CAPS
    ones, ``normal`` otherwise. A line is title case when its only lower-case words are the
    short ones headlines keep small and at least two words are capitalized."""
    words = [t for t in tokens if t.kind == "word" and t.text[0].isalpha()]
    shouting = sum(len(t.text) for t in words if t.text.isupper())
    if shouting >= 12 and shouting >= 0.85 * sum(len(t.text) for t in words):
        return "caps"
    capitalized = 0
    for t in words:
        if t.text[0].isupper():
            capitalized += len(t.text) >= 3
        elif t.lower not in _HEADLINE_LOWER and t.lower not in lex.particles:
            return "normal"
    return "title" if capitalized >= 2 else "normal"


def is_initial(tokens: list[Token], i: int, lex: Lexicon) -> bool:
    """Whether token ``i`` starts a sentence, a quote or a clause after a colon, where
    capitalization is no evidence of a name."""
    if i == 0:
        return True
    prev = tokens[i - 1]
    if prev.kind == "punct":
        return prev.text in _INITIAL_AFTER
    if prev.kind == "dotted":
        return False
    if prev.text.endswith(".") and len(prev.text) > 2:
        # "Inc. Officials said": a period that ends an abbreviation other than a title
        low = prev.lower
        return low not in lex.title_heads and low.rstrip(".") not in _NAME_ABBREVIATIONS
    return False


@dataclass(slots=True)
class ArticleContext:
    """What the article as a whole says about its words and names (see
    :func:`consilience.extract.entities.article_context`)."""

    cap_mid: set[str] = field(default_factory=set)
    cap_mid_folded: set[str] = field(default_factory=set)
    lower_words: set[str] = field(default_factory=set)
    known: dict[str, EntityType] = field(default_factory=dict)
    surnames: set[str] = field(default_factory=set)


# --- titles inside a name ---------------------------------------------------------


def title_in_run(
    text: str, tokens: list[Token], first: int, last: int, ctx: ArticleContext, lex: Lexicon
) -> tuple[int, int] | None:
    """Token range of a title inside the run, when a name follows it."""
    for h in range(first, last):
        end = title_end(tokens, h, last, lex)
        if end is None or end >= last or not capitalized(tokens[end + 1], lex):
            continue  # "Governor of Alaska": no name after the title
        start = h
        while start > first and _title_modifier(text, tokens, start - 1, ctx, lex):
            start -= 1
        rest = [tokens[k].lower for k in range(end + 1, last + 1)]
        if any(w in lex.org_heads or w in lex.place_heads for w in rest):
            return None  # "Justice Department", "General Motors"
        if len(rest) == 1 and rest[0] in ctx.lower_words and zipf(rest[0]) >= NAME_LIKE_ZIPF:
            return None
        return start, end
    return None


def title_end(tokens: list[Token], h: int, last: int, lex: Lexicon) -> int | None:
    """Last token of a title starting at ``h`` ("Lt. Gen.", "Secretary of State")."""
    end: int | None = None
    k = h
    while k <= last:
        two = f"{tokens[k].lower} {tokens[k + 1].lower}" if k < last else ""
        if two in lex.title_heads:
            end = k = k + 1
        elif tokens[k].lower in lex.title_heads or tokens[k].lower.split("-")[0] in (
            "president",
            "vice",
        ):
            end = k
        elif end is None and tokens[k].lower in lex.title_modifiers:
            pass
        else:
            break
        k += 1
    if end is None:
        return None
    if end + 1 < last and tokens[end + 1].lower == "of":
        k = end + 2
        while k < last and tokens[k].lower in lex.portfolio_words:
            k += 1
        while k > end + 2 and tokens[k - 1].lower in OF_CONNECTORS:
            k -= 1  # "CEO of the Acme Clinic": "the" belongs to the name after
        if k > end + 2:
            end = k - 1
    return end


def _title_modifier(
    text: str, tokens: list[Token], k: int, ctx: ArticleContext, lex: Lexicon
) -> bool:
    tok = tokens[k]
    if tok.possessive or is_acronym(tok) or lex.place(tok.text) is not None:
        return False
    if place_key(tok.text) in ctx.known:
        return False
    return tok.lower in lex.title_modifiers or tok.lower in lex.portfolio_words


def extend_title_left(tokens: list[Token], t_first: int, lex: Lexicon) -> int:
    """Start offset of a title, taking lower-case modifiers in front ("former", "then-")."""
    start = tokens[t_first].start
    k = t_first - 1
    while k >= 0 and (
        tokens[k].kind == "prefix" or (tokens[k].kind == "word" and tokens[k].text[0].islower())
    ):
        if tokens[k].lower.rstrip("-") not in _STATUS_MODIFIERS:
            break
        start = tokens[k].start
        k -= 1
    return start


# --- titles and roles outside the name ----------------------------------------------------


def role_before(tokens: list[Token], first: int, last: int, lex: Lexicon) -> tuple[int, int] | None:
    """A lower-case role right before a name: "spokesman John Kirby", "former president
    Lopez", "Lopez's chief of staff Ana Ruiz" (a possessive owner is kept), or before a
    comma that opens an apposition ("the country's finance minister, Ana Ruiz, said")."""
    end = first
    if end >= 2 and tokens[end - 1].text == ",":
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if after is not None and after.text not in _END_OF_PHRASE:
            return None
        end -= 1
    if end == 0:
        return None
    adjacent = tokens[end - 1].lower
    if adjacent not in lex.role_heads and adjacent not in lex.title_heads:
        return None
    k = end - 1
    start_k = end
    while k >= 0 and end - k <= _MAX_ROLE_WORDS:
        tok = tokens[k]
        low = tok.lower.rstrip("-")
        if tok.kind not in ("word", "prefix") or tok.possessive:
            break
        if tok.text[0].isupper() and not is_initial(tokens, k, lex):
            break
        if not (
            low in lex.role_heads
            or low in lex.title_heads
            or low in lex.title_modifiers
            or low in lex.portfolio_words
        ):
            break
        start_k = k
        k -= 1
    while start_k < end and tokens[start_k].lower in OF_CONNECTORS:
        start_k += 1
    if start_k >= end:
        return None
    start = tokens[start_k].start
    if k >= 0 and tokens[k].possessive and tokens[k].text[0].isupper() and k == start_k - 1:
        owner = k
        while owner > 0 and tokens[owner - 1].text[:1].isupper() and tokens[owner - 1].is_word:
            owner -= 1
        start = tokens[owner].start
    return start, tokens[end - 1].end


def role_after(tokens: list[Token], last: int, lex: Lexicon) -> tuple[int, int] | None:
    """An apposition naming a role: "Ana Ruiz, policy director at Open Harbor,"."""
    n = len(tokens)
    k = last + 1
    if tokens[last].possessive or k >= n or tokens[k].text != ",":
        return None
    k += 1
    if k < n and tokens[k].lower in ARTICLES:
        k += 1
    start = k
    head: int | None = None
    while k < n and k - start < _MAX_ROLE_WORDS:
        tok = tokens[k]
        if not tok.is_word or tok.lower in lex.speech_verbs or tok.lower in lex.org_cue_nouns:
            return None
        if tok.text[0].islower() and tok.lower in lex.role_heads:
            head = k
            break
        if tok.lower in lex.function_words and tok.lower not in lex.title_modifiers:
            return None
        k += 1
    if head is None:
        return None
    end = head
    while end + 1 < n and tokens[end + 1].lower in lex.role_heads and tokens[end + 1].is_word:
        end += 1
    for _ in range(2):
        m = end + 1
        if m >= n or tokens[m].lower not in PREPOSITIONS:
            break
        m += 1
        if m < n and tokens[m].lower == "the":
            m += 1
        stop = m
        while (
            stop < n
            and tokens[stop].is_word
            and (
                capitalized(tokens[stop], lex)
                or (
                    stop > m
                    and (tokens[stop].lower in lex.particles or tokens[stop].lower in OF_CONNECTORS)
                )
            )
        ):
            stop += 1
        while stop > m and not capitalized(tokens[stop - 1], lex):
            stop -= 1
        if stop == m:
            break
        end = stop - 1
    after = tokens[end + 1] if end + 1 < n else None
    if after is not None and not (
        after.text in _END_OF_PHRASE
        or after.lower in lex.speech_verbs
        or after.lower in ("who", "which", "and", "whose")
    ):
        return None
    return tokens[start].start, tokens[end].end
