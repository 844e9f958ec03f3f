"""A small grammar of speaker and source phrases in news text.

It finds the phrase before a speech verb ("Col. Ana Ruiz, a spokesperson for the ministry,
said") or after one ("said two senior officials familiar with the talks"), splits titles
from names ("Secretary of Defense" / "Ana Ruiz") and tells names from descriptions and
pronouns. It works on tokens alone, so that quotes and attributions need no model; where
spaCy's dependency parse is there, :mod:`consilience.extract.quote_parse` corrects it with
the subject of the speech verb. Names are returned as written; resolving them to entities
is a later stage's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from consilience.extract.speech_lexicon import (
    ADVERBS,
    DETERMINERS,
    HEADS,
    NAME_CONNECTORS,
    NOT_NAMES,
    ORG_WORDS,
    POSTMOD_PREPS,
    PRONOUNS,
    SPEECH_VERBS,
    STOP_MODIFIERS,
    TAIL_STOP,
    TITLE_WORDS,
    Token,
    looks_like_verb,
    outlet_name,
)
from consilience.word_lists import zipf_frequency

# --- phrases ----------------------------------------------------------------------------

PhraseKind = Literal["name", "description", "pronoun"]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A speaker or source phrase: a name ("Ana Ruiz", its title kept apart in ``title``),
    a description ("a spokesperson for the ministry") or a pronoun. ``first``/``last`` are
    the indexes of its first and past-last tokens in the token list it was parsed from."""

    kind: PhraseKind
    start: int
    end: int
    text: str
    first: int
    last: int
    title: str | None = None
    head: str | None = None


def _make(
    text: str,
    kind: PhraseKind,
    tokens: Sequence[Token],
    i: int,
    j: int,
    *,
    title: str | None = None,
    head: str | None = None,
) -> Phrase:
    start, end = tokens[i].start, tokens[j - 1].end
    return Phrase(kind, start, end, text[start:end], i, j, title, head)


def _span_text(text: str, tokens: Sequence[Token], i: int, j: int) -> str:
    return text[tokens[i].start : tokens[j - 1].end]


def is_name_token(tok: Token) -> bool:
    return tok.is_cap and tok.is_word and tok.lower not in NOT_NAMES and not tok.possessive


#: Zipf frequency above which a lone capitalized word opening a sentence is taken for a
#: common word rather than a name ("Enough", "Hope"; "Smith" and "King" stay names).
COMMON_WORD_ZIPF = 5.2


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    return float(zipf_frequency(word))


def _common_word(token: Token) -> bool:
    return token.lower not in TITLE_WORDS and _zipf(token.lower) >= COMMON_WORD_ZIPF


def _split_title(text: str, tokens: Sequence[Token], i: int, j: int) -> tuple[int, str | None]:
    """Where the name starts in the capitalized run ``tokens[i:j]``, and the title before
    it: "Secretary of Defense Ana Ruiz" gives ("Ana Ruiz" at 3, "Secretary of Defense")."""
    end = j
    if j - i >= 2 and tokens[j - 2].lower not in TITLE_WORDS and is_name_token(tokens[j - 2]):
        end = j - 1  # a surname that is also a title word: "Michael Farmer", "Tom Judge"
    last_title = max((k for k in range(i, end) if tokens[k].lower in TITLE_WORDS), default=-1)
    if last_title < 0:
        return i, None
    name_at = last_title + 1
    if name_at < j and tokens[name_at].lower == "of":
        name_at += 1
        if name_at < j and tokens[name_at].lower == "the":
            name_at += 1
        rest = j - name_at
        # The complement of the title takes one word, or more when the rest is long:
        # "of State Ana Ruiz", "of Homeland Security Ana Ruiz".
        name_at += max(1, rest - 2) if rest >= 2 else rest
    if name_at >= j:
        return j, _span_text(text, tokens, i, j)
    return name_at, _span_text(text, tokens, i, name_at)


def _name(text: str, tokens: Sequence[Token], i: int, j: int, title: str | None) -> Phrase | None:
    name_at, own_title = _split_title(text, tokens, i, j)
    if name_at >= j:
        if own_title is None:
            return None
        # A title without a name ("the Prime Minister") describes the speaker.
        return _make(text, "description", tokens, i, j, head=tokens[j - 1].lower)
    full_title = " ".join(t for t in (title, own_title) if t) or None
    return _make(text, "name", tokens, name_at, j, title=full_title)


def _cap_run_start(tokens: Sequence[Token], end: int, low: int) -> int:
    """Start of the capitalized run that ends at ``tokens[end - 1]``."""
    k = end - 1
    while k - 1 >= low:
        prev = tokens[k - 1]
        if is_name_token(prev) or (prev.lower in TITLE_WORDS and prev.is_cap):
            k -= 1
        elif (
            (prev.lower in NAME_CONNECTORS or prev.lower == "of" or prev.text == "&")
            and k - 2 >= low
            and is_name_token(tokens[k - 2])
        ):
            k -= 2
        elif (
            prev.lower == "the"
            and k - 3 >= low
            and tokens[k - 2].lower == "of"
            and is_name_token(tokens[k - 3])
        ):
            k -= 3
        else:
            break
    return k


def _extend_modifiers(tokens: Sequence[Token], head: int, low: int) -> int:
    first = head
    steps = 0
    while first - 1 >= low and steps < 4:
        tok = tokens[first - 1]
        if tok.lower in DETERMINERS:
            return first - 1
        if tok.possessive:
            first -= 1
            continue
        usable = tok.is_word and tok.lower not in STOP_MODIFIERS
        if not usable or tok.lower in SPEECH_VERBS or (tok.is_cap and tok.lower in NOT_NAMES):
            break
        first -= 1
        steps += 1
    return first


def _desc_backward(text: str, tokens: Sequence[Token], end: int, low: int) -> Phrase | None:
    """A description ending at ``tokens[end - 1]``: a head noun last, or a head noun and a
    short prepositional tail ("a spokesperson for the ministry")."""
    head = -1
    for k in range(end - 1, max(low, end - 8) - 1, -1):
        tok = tokens[k]
        if not tok.is_word:
            break
        if tok.lower in HEADS and (k == end - 1 or tokens[k + 1].lower in POSTMOD_PREPS):
            head = k
            break
        if tok.lower in STOP_MODIFIERS and tok.lower not in POSTMOD_PREPS | {"the"}:
            break
    if head < 0:
        return None
    first = _extend_modifiers(tokens, head, low)
    # "the spokesperson for the ministry": the head found may be inside a tail.
    prep = first - 1
    if prep - 1 >= low and tokens[prep].lower in POSTMOD_PREPS:
        outer = _desc_backward(text, tokens, prep, low)
        if outer is not None and outer.last == prep:
            return _make(text, "description", tokens, outer.first, end, head=outer.head)
    return _make(text, "description", tokens, first, end, head=tokens[head].lower)


def parse_backward(text: str, tokens: Sequence[Token], end: int, low: int = 0) -> Phrase | None:
    """The speaker phrase right before ``tokens[end]`` (usually a speech verb), skipping
    adverbs ("later", "has") and an appositive between commas."""
    j = end
    for _ in range(3):
        if j - 1 >= low and tokens[j - 1].text.islower() and tokens[j - 1].lower in ADVERBS:
            j -= 1
    if j - 1 < low:
        return None
    if tokens[j - 1].lower == "who" and j - 3 >= low and tokens[j - 2].text == ",":
        j -= 2  # "residents like Ana Ruiz, who said …"
        return _core_backward(text, tokens, j, low)
    if tokens[j - 1].text != ",":
        return _core_backward(text, tokens, j, low)
    comma = next(
        (k for k in range(j - 2, max(low, j - 26) - 1, -1) if not tokens[k].is_word),
        None,
    )
    if comma is None or tokens[comma].text != "," or comma == j - 2:
        return None
    head = _core_backward(text, tokens, comma, low)
    if head is None or head.kind == "pronoun":
        return head
    appositive = parse_forward(text, tokens, comma + 1, j - 1)
    if head.kind == "name":
        return replace(head, title=head.title or _span_text(text, tokens, comma + 1, j - 1))
    if appositive is not None and appositive.kind == "name":
        return replace(appositive, title=appositive.title or head.text, first=head.first)
    return head


def _core_backward(text: str, tokens: Sequence[Token], end: int, low: int) -> Phrase | None:
    tok = tokens[end - 1]
    if tok.lower in PRONOUNS and tok.is_word:
        return _make(text, "pronoun", tokens, end - 1, end)
    if not is_name_token(tok):
        return _desc_backward(text, tokens, end, low)
    first = _cap_run_start(tokens, end, low)
    if first == end - 1 and (first == 0 or not tokens[first - 1].is_word) and _common_word(tok):
        return None  # "Enough said.": a capitalized common word opening the sentence
    prep = first - 1
    if prep - 1 >= low and tokens[prep].lower == "the":
        prep -= 1
    if prep >= low and tokens[prep].lower in POSTMOD_PREPS:
        # "a spokesperson for Acme Corp": the name ends a description.
        desc = _desc_backward(text, tokens, end, low)
        if desc is not None and desc.first < prep:
            return desc
    title: str | None = None
    before = tokens[first - 1] if first - 1 >= low else None
    if before is not None and before.text.islower() and before.lower in HEADS | TITLE_WORDS:
        # "the actress's rep Jo Lane": the description before the name is its title.
        desc = _desc_backward(text, tokens, first, low)
        title = desc.text if desc is not None else before.text
    elif before is not None and before.lower in {"former", "acting", "late", "then"}:
        title = before.text
    return _name(text, tokens, first, end, title)


def parse_forward(
    text: str, tokens: Sequence[Token], start: int, high: int | None = None
) -> Phrase | None:
    """The speaker phrase starting at ``tokens[start]`` ("said Ana Ruiz, the mayor",
    "according to a senior official familiar with the talks")."""
    stop = len(tokens) if high is None else min(high, len(tokens))
    if start >= stop:
        return None
    tok = tokens[start]
    if tok.lower in PRONOUNS:
        return _make(text, "pronoun", tokens, start, start + 1)
    i = start + 1 if tok.lower in {"the", "a", "an"} and start + 1 < stop else start
    role = i
    while role < min(stop, i + 3) and tokens[role].text.islower() and tokens[role].is_word:
        if tokens[role].lower in STOP_MODIFIERS or looks_like_verb(tokens[role]):
            break
        role += 1
    if i < role < stop and is_name_token(tokens[role]):
        # "farmer Ana Ruiz", "club president Ana Ruiz": the words before the name title it.
        k = role + 1
        while k < stop and is_name_token(tokens[k]):
            k += 1
        return _name(text, tokens, role, k, _span_text(text, tokens, start, role))
    if not (is_name_token(tokens[i]) or (tokens[i].is_cap and tokens[i].lower in TITLE_WORDS)):
        return _desc_forward(text, tokens, start, stop)
    j = i + 1
    while j < stop and _continues_name(tokens, j, stop):
        j += 1
    if tokens[j - 1].possessive or (
        j < stop and tokens[j].text.islower() and tokens[j].lower in HEADS
    ):
        # "CNN's reporter", "Pentagon spokesman Jo Lane": a description, maybe titling a name.
        desc = _desc_forward(text, tokens, start, stop)
        if desc is not None:
            return desc
    titled = _titled_name_after(text, tokens, start, j, stop)
    if titled is not None:
        return titled
    phrase = _name(text, tokens, i, j, None)
    if phrase is None or phrase.kind != "name" or phrase.title is not None:
        return phrase
    if (
        j + 1 < stop
        and tokens[j].text == ","
        and tokens[j + 1].text.islower()
        and not looks_like_verb(tokens[j + 1])
        and tokens[j + 1].lower not in STOP_MODIFIERS
    ):
        k = j + 1
        while k < stop and k - j <= 14 and tokens[k].text not in ',.;:“”"':
            k += 1
        last = k + 1 if k < stop and tokens[k].text == "," else k
        return replace(phrase, title=_span_text(text, tokens, j + 1, k), last=last)
    return phrase


def _titled_name_after(
    text: str, tokens: Sequence[Token], start: int, j: int, stop: int
) -> Phrase | None:
    """ "Anchorage businessman and blogger Andrew Halcro": a capitalized modifier and
    lowercase role words before the name; the whole run before the name titles it."""
    k = j
    while (
        k < stop
        and k - j < 5
        and tokens[k].is_word
        and tokens[k].text.islower()
        and (tokens[k].lower == "and" or tokens[k].lower not in STOP_MODIFIERS)
        and not looks_like_verb(tokens[k])
    ):
        k += 1
    if k == j or k >= stop or tokens[k - 1].lower == "and" or not is_name_token(tokens[k]):
        return None
    end = k + 1
    while end < stop and is_name_token(tokens[end]):
        end += 1
    if end - k < 2:
        return None
    return _name(text, tokens, k, end, _span_text(text, tokens, start, k))


def _continues_name(tokens: Sequence[Token], j: int, stop: int) -> bool:
    """Whether ``tokens[j]`` continues the capitalized name before it: a name word, a
    title, or a connector followed by a name word ("Ministry of the Interior")."""
    cur = tokens[j]
    if is_name_token(cur) or (cur.is_cap and cur.lower in TITLE_WORDS):
        return True
    nxt = j + 1
    if cur.lower == "of" and nxt + 1 < stop and tokens[nxt].lower == "the":
        nxt += 1
    connector = cur.lower in NAME_CONNECTORS or cur.lower == "of" or cur.text == "&"
    after_of = cur.lower == "the" and tokens[j - 1].lower == "of"
    return (connector or after_of) and nxt < stop and is_name_token(tokens[nxt])


def _desc_forward(text: str, tokens: Sequence[Token], start: int, stop: int) -> Phrase | None:
    if tokens[start].lower in STOP_MODIFIERS:
        return None
    head = -1
    for k in range(start, min(stop, start + 6)):
        tok = tokens[k]
        if not tok.is_word:
            break
        if tok.lower in HEADS and not tok.possessive:
            head = k
            if not (k + 1 < stop and tokens[k + 1].lower in HEADS):
                break
        elif k > start and tok.lower in STOP_MODIFIERS:
            break
    if head < 0:
        return None
    end = head + 1
    if end < stop and tokens[end].lower in POSTMOD_PREPS:
        k = end + (2 if tokens[end].lower in {"familiar", "close"} else 1)
        tail = k
        while (
            tail < stop
            and tail - end < 8
            and tokens[tail].is_word
            and tokens[tail].lower not in TAIL_STOP
            and not looks_like_verb(tokens[tail])
        ):
            tail += 1
        if tail > k:
            end = tail
    if end < stop and is_name_token(tokens[end]) and tokens[end - 1].lower in HEADS:
        k = end
        while k < stop and is_name_token(tokens[k]):
            k += 1
        return _name(text, tokens, end, k, _span_text(text, tokens, start, end))
    if end + 2 < stop and tokens[end].text == "," and is_name_token(tokens[end + 1]):
        # "a spokesperson for the ministry, Ana Ruiz, said": the name is in apposition.
        name = parse_forward(text, tokens, end + 1, stop)
        closed = name is not None and name.last < stop and tokens[name.last].text == ","
        if name is not None and name.kind == "name" and closed:
            title = name.title or _span_text(text, tokens, start, end)
            return replace(name, title=title, first=start, last=name.last + 1)
    return _make(text, "description", tokens, start, end, head=tokens[head].lower)


def is_person_like(phrase: Phrase) -> bool:
    """A name that probably denotes a person: it has a title, or two or more capitalized
    words none of which marks an organization or a place."""
    if phrase.kind != "name":
        return False
    words = phrase.text.split()
    if any(w in ORG_WORDS for w in words) or outlet_name(phrase.text) is not None:
        return False
    if phrase.title is not None and phrase.title.split()[-1].lower().rstrip(".") in TITLE_WORDS:
        return True
    return len(words) >= 2 and not any(w.isupper() and len(w) > 1 for w in words)
