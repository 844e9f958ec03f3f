"""Event words ("predicates") that say what a figure or a date is about, read next to the
value: "70 people *injured*", "*died* on Thursday", "the November 18 *sinking*".

Predicates come in classes of synonyms (``data/predicates.json``): injured is compared
with hurt, never with arrested. Classes of events that happen once to their subject
(died, born, released) are the only ones whose dates are compared across articles.
Reading is by word position (no parser needed); the nearest event word wins, a
participle right after a figure first ("200 people [have been] arrested"), a verb just
before a date first ("was charged with murder Saturday": charged, not murder).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from consilience.stems import stem

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
#: Units that are themselves the predicate ("86 arrests", "24 deaths").
UNIT_PREDICATES = {
    "arrest": "arrested",
    "detention": "arrested",
    "death": "dead",
    "fatality": "dead",
    "casualty": "injured",
    "injury": "injured",
}
_PREDICATE_WINDOW = 6


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


def read_words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, start, end)]


_AUXILIARY = frozenset("have has had been being be were was are is got get gets".split())


def figure_predicate(
    words: Sequence[tuple[int, int, str]], start: int, end: int, unit: str | None
) -> tuple[str | None, str | None]:
    """The predicate class of a figure: the participle right after it ("200 people
    [have been] arrested", "70 people injured"), else the nearest predicate word within
    the window (a governing verb may stand further to the left: "attacked a police
    station ... and at least three banks")."""
    if unit and unit in UNIT_PREDICATES:
        return UNIT_PREDICATES[unit], unit
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
    # "$2 million of damage", "$1 million ($1.52 million) in damages": past a converted
    # amount in brackets and one preposition.
    k = last + 1
    while k < len(words) and (
        words[k][2] in ("in", "of", "worth")
        or words[k][2][:1].isdigit()
        or words[k][2] in ("million", "billion", "dollars", "euros")
    ):
        k += 1
    if k > last + 1 and k < len(words) and k - last <= 6 and (found := _class_at(words, k)):
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


def date_predicate(
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


def event_agent(
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
