"""Garbled text: words broken or truncated by text spinners and bad scrapes, and words that
do not belong in their sentence.

No library flags spinner damage, so these are small rules over a spelling dictionary
(pyspellchecker's English word list): a lowercase fragment that is no word, a stray letter
next to one, a word split in two by a space, a word doubled, and an adjective left dangling
after "<preposition> the <noun>" at the end of a sentence (spinners append synonyms there).
"""

from __future__ import annotations

import re
from functools import lru_cache

from consilience.records import Artifact
from consilience.word_lists import in_spelling_list

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\S")
_MAX_FRAGMENT = 5
_KEEP_SINGLE = frozenset({"a", "i", "o"})
_DOUBLED_OK = frozenset({"that", "had", "is", "was", "do", "very", "so", "no", "bye", "ha", "now"})
_PREPOSITIONS = (
    "in|within|inside|on|at|across|throughout|into|from|of|near|around|outside|over|under|"
    "to|for|by|with|beyond|along|toward|towards|against|about|among|between"
)
_ADJECTIVE_SUFFIX = "ical|ous|ful|ive|able|ible|less|ary|ic|ial|ual|ant|ent|ish|esque"
_DANGLING_ADJECTIVE = re.compile(
    rf"\b(?:{_PREPOSITIONS})\s+the\s+(?P<noun>[a-z]+)\s+(?P<adj>[a-z]+(?:{_ADJECTIVE_SUFFIX}))"
    r"(?=\s*[.!?](?:\s|$|[\"”]))"
)
_NOT_NOUNS = frozenset({"more", "most", "less", "least", "very", "so", "too", "quite", "rather"})
# Words with an adjective ending that are mostly nouns after "the <noun>" ("the army general").
_NOUNISH = frozenset({
    "general", "official", "material", "potential", "individual", "professional",
    "representative", "executive", "detective", "relative", "initiative", "objective",
    "alternative", "incentive", "narrative", "perspective", "collective", "directive",
    "plaintiff", "defendant", "resident", "president", "agent", "client", "patient",
    "student", "giant", "servant", "merchant", "tenant", "participant", "applicant",
    "assistant", "consultant", "militant", "immigrant", "migrant", "sergeant",
    "secretary", "dignitary", "mercenary", "missionary", "boundary", "summary",
    "anniversary", "commentary", "documentary", "library", "salary", "diary",
    "itinerary", "sanctuary", "adversary", "budget", "public", "politic", "clinic",
    "topic", "traffic", "music", "logic", "critic", "mechanic", "republic", "panic",
    "epidemic", "pandemic", "academic", "chronic", "tunic", "event",
    "content", "parent", "incident", "accident", "moment", "comment", "element",
    "statement", "government", "department", "settlement", "treatment", "payment",
    "equipment", "investment", "development", "management", "agreement", "argument",
    "document", "segment", "parliament", "fragment", "judgment", "punishment",
})  # fmt: skip


def is_word(token: str) -> bool:
    """True when ``token`` (any case) is in the English word list or is an inflection of a
    word in it."""
    return _is_word(token.lower().replace("’", "'"))


@lru_cache(maxsize=65536)
def _is_word(word: str) -> bool:
    if in_spelling_list(word):
        return True
    for suffix in ("'s", "s", "es", "ed", "d", "ing", "ly", "er", "ers", "est"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if in_spelling_list(stem) or (suffix in ("ed", "ing") and in_spelling_list(stem + "e")):
                return True
    return False


def find_garbled(text: str, spans: list[tuple[int, int]]) -> list[Artifact]:
    """Garbled words inside the given paragraph spans."""
    artifacts: list[Artifact] = []
    for start, end in spans:
        artifacts.extend(_broken_words(text, start, end))
        for match in _DANGLING_ADJECTIVE.finditer(text, start, end):
            noun, adjective = match.group("noun"), match.group("adj")
            if noun in _NOT_NOUNS or noun.endswith("ly") or adjective in _NOUNISH:
                continue
            if not is_word(adjective) or not is_word(noun):
                continue
            a_start, a_end = match.span("adj")
            artifacts.append(
                Artifact(
                    "garbled",
                    a_start,
                    a_end,
                    adjective,
                    f"'{adjective}' does not fit after 'the {noun}' (a word a spinner added?)",
                )
            )
    return artifacts


_SHORT_LOWER = re.compile(r"(?<![\w'’-])[a-z]{2,5}(?![\w'’-])")
_DOUBLED = re.compile(r"\b([a-z]+)\s+\1\b")


def _broken_words(text: str, start: int, end: int) -> list[Artifact]:
    # Most paragraphs hold no unknown short word and no doubled word: skip them cheaply.
    if not _DOUBLED.search(text, start, end) and all(
        is_word(m.group()) for m in _SHORT_LOWER.finditer(text, start, end)
    ):
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
    bad = [False] * len(tokens)
    notes: dict[int, str] = {}
    for i, (_s, _e, tok) in enumerate(tokens):
        if not tok.isalpha() or not tok.islower():
            continue
        previous = tokens[i - 1][2] if i else ""
        following = tokens[i + 1][2] if i + 1 < len(tokens) else ""
        if previous in ("'", "’", "-") or following in ("'", "’", "-", ")", "."):
            continue
        if len(tok) <= _MAX_FRAGMENT and len(tok) > 1 and not is_word(tok):
            joined = _joins_neighbour(tokens, i)
            bad[i] = True
            notes[i] = (
                f"a word split by a space ('{joined}')" if joined else "a broken or truncated word"
            )
        elif (
            i
            and tok.isalpha()
            and tok == previous.lower()
            and tok not in _DOUBLED_OK
            and previous.isalpha()
        ):
            bad[i] = True
            notes[i] = f"'{tok}' is doubled"
    for i, (_s, _e, tok) in enumerate(tokens):
        # A stray letter (a lost apostrophe: "operation s", "didn t") next to other damage.
        if (
            len(tok) == 1
            and tok.islower()
            and tok not in _KEEP_SINGLE
            and ((i + 1 < len(tokens) and bad[i + 1]) or (i and bad[i - 1]))
        ):
            bad[i] = True
            notes.setdefault(i, "a stray letter")
    artifacts: list[Artifact] = []
    i = 0
    while i < len(tokens):
        if not bad[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and bad[j + 1]:
            j += 1
        s, e = tokens[i][0], tokens[j][1]
        note = next((notes[k] for k in range(i, j + 1) if notes[k] != "a stray letter"), notes[i])
        artifacts.append(Artifact("garbled", s, e, text[s:e], note))
        i = j + 1
    return artifacts


def _joins_neighbour(tokens: list[tuple[int, int, str]], i: int) -> str | None:
    """The word formed by gluing token ``i`` to a neighbour, when that is a real word."""
    tok = tokens[i][2]
    if i and tokens[i - 1][2].isalpha():
        glued = tokens[i - 1][2] + tok
        if is_word(glued):
            return glued
    if i + 1 < len(tokens) and tokens[i + 1][2].isalpha():
        glued = tok + tokens[i + 1][2]
        if is_word(glued):
            return glued
    return None
