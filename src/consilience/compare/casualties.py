"""Casualty conflicts: one text says nobody was killed or hurt, the other that people were.

"No casualties were reported" against "Several people were killed" shares almost no
words, so neither the substitution nor the polarity check (which needs one statement,
asserted and denied) sees it; and a sentence denying any harm is the kind of drift a
fact-checker must see as a conflict, not as a detail the original lacks. The harm is
read in two kinds, deaths and injuries: "no one was killed" does not contradict "three
were injured"; "no casualties" and "nobody was hurt" deny both.

Hand-written patterns: the phrasing of casualty reports is formulaic (a closed set of
verbs and nouns), and no library reads it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consilience.compare.conflicts import ConflictFinding, Span
from consilience.compare.sides import Side

_DEATH = "death"
_INJURY = "injury"
_WORD_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("killed", "kill", "kills", "killing", "dead", "died", "dies", "death", "deaths",
         "fatalities", "fatality", "perished"),
        frozenset({_DEATH}),
    ),
    **dict.fromkeys(
        ("injured", "injuries", "injury", "wounded", "hurt", "harmed", "unharmed", "unhurt"),
        frozenset({_INJURY}),
    ),
    **dict.fromkeys(("casualties", "casualty"), frozenset({_DEATH, _INJURY})),
}  # fmt: skip
_HARM = "|".join(sorted(_WORD_KINDS, key=len, reverse=True))
#: "no casualties", "no one was killed", "nobody died", "without loss of life",
#: "were unharmed", "escaped unhurt": a statement that nobody came to harm.
_DENIAL = re.compile(
    rf"\b(?:no|zero)\s+(?:(?:immediate|reported|known|other|further|serious)\s+)?"
    rf"(?P<noun>casualties|casualty|deaths|fatalities|injuries|victims)\b"
    rf"|\b(?:no[\s-]?one|nobody|none)\b(?:\s+\w+){{0,4}}?\s+(?P<verb>{_HARM})\b"
    rf"|\bwithout\s+(?:any\s+)?(?:(?P<loss>loss\s+of\s+life)|(?P<without>casualties|injuries))"
    rf"|\b(?:were|was|are|is|escaped|remained)\s+(?P<safe>unharmed|unhurt)\b",
    re.I,
)
_ASSERTED = re.compile(rf"\b(?:{_HARM})\b", re.I)
#: A harm word these follow is not an assertion that harm happened.
_NOT_AN_ASSERTION = re.compile(
    r"\b(?:no|not|never|without|nobody|none|un\w+|threat\w*|risk|fears?|feared|would|could|"
    r"may|might|to)\s+(?:\w+\s+){0,2}$",
    re.I,
)


def _denied(text: str) -> tuple[frozenset[str], re.Match[str]] | None:
    match = _DENIAL.search(text)
    if match is None:
        return None
    if match.group("loss"):
        return frozenset({_DEATH}), match
    word = next(g for g in (match.group(n) for n in ("noun", "verb", "without", "safe")) if g)
    # nobody hurt: nobody killed either; nobody killed says nothing of the injured
    if _WORD_KINDS.get(word.lower()) == frozenset({_DEATH}):
        return frozenset({_DEATH}), match
    return frozenset({_DEATH, _INJURY}), match


def _asserted(text: str) -> tuple[frozenset[str], re.Match[str]] | None:
    """The kinds of harm ``text`` reports as having happened (none when it denies any)."""
    if _DENIAL.search(text):
        return None
    kinds: set[str] = set()
    first: re.Match[str] | None = None
    for match in _ASSERTED.finditer(text):
        if _NOT_AN_ASSERTION.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        kinds |= _WORD_KINDS[match.group().lower()]
        first = first or match
    return (frozenset(kinds), first) if first is not None else None


def casualty_conflicts(
    derived: Side, sentence: int, original: Side, passage_ids: Sequence[int]
) -> list[ConflictFinding]:
    """The derived sentence denies a harm (deaths, injuries) one of its passages reports,
    or reports one a passage denies."""
    source = derived.sentences[sentence]
    denial = _denied(source.text)
    assertion = None if denial else _asserted(source.text)
    if denial is None and assertion is None:
        return []
    for index in passage_ids:
        passage = original.sentences[index]
        if denial is not None:
            other, derived_value, original_value = _asserted(passage.text), "none", "reported"
            kinds, match = denial
        else:
            assert assertion is not None
            other, derived_value, original_value = _denied(passage.text), "reported", "none"
            kinds, match = assertion
        if other is None or not kinds & other[0]:
            continue
        return [
            ConflictFinding(
                "casualties",
                Span(source.start, source.end, source.text, derived_value),
                Span(passage.start, passage.end, passage.text, original_value),
                index,
                f"“{match.group().strip()}” against “{other[1].group().strip()}”",
            )
        ]
    return []
