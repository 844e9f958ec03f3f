"""Conflicts over what a death is said to be: its cause ("died of pneumonia" / "died after a
heart attack") and its place ("died at his home" / "died at a hospice").

Both are read right after the death verb of a sentence ("died of", "died from",
"succumbed to", "died at", "died in"). Two articles disagree when their causes (or kinds
of place) differ *and neither article mentions the other's anywhere*: an article that
says she died of pneumonia and elsewhere that she had a heart attack contradicts nobody
who says the heart attack killed her. Only one person's death counts: the sentences must
name the same person, or one of them no one at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from consilience.extract.story import StoryExtraction
from consilience.judge.conflicts import ConflictRecord, ConflictSide, first_per_article, label
from consilience.records import PreparedArticle
from consilience.stems import stem
from consilience.textspan import STOPWORDS

_DEATH = r"(?:died|dies|dying|passed\s+away|succumbed)"
_CAUSE = re.compile(
    rf"\b{_DEATH}\s+(?:\w+\s+){{0,2}}?(?:of|from|after|following|to)\s+"
    r"(?:complications\s+(?:of|from)\s+)?(?:an?\s+|the\s+|his\s+|her\s+)?"
    r"(?P<cause>(?:[\w'’-]+\s+){0,3}?(?:attack|failure|disease|cancer|pneumonia|stroke|"
    r"illness|infection|wounds?|injuries|arrest|overdose|complications|dementia|"
    r"alzheimer'?s|tumou?r|heart\s+failure|natural\s+causes|old\s+age))\b",
    re.I,
)
_PLACE = re.compile(
    rf"\b{_DEATH}\s+(?:[\w'’]+\s+){{0,5}}?(?:at|in)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?(?P<place>home|hospital|hospice|residence|clinic|"
    r"nursing\s+home|care\s+home|apartment|house)\b",
    re.I,
)
_PLACE_KIND = {
    "home": "home",
    "residence": "home",
    "apartment": "home",
    "house": "home",
    "hospital": "hospital",
    "clinic": "hospital",
    "hospice": "hospice",
    "nursing home": "care home",
    "care home": "care home",
}


@dataclass(frozen=True, slots=True)
class _Attribute:
    article_id: str
    start: int
    end: int
    text: str
    value: str
    person: frozenset[str]


def _key(phrase: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"[a-z']+", phrase.lower()) if w not in STOPWORDS)


def _read(
    articles: Sequence[PreparedArticle],
    story: StoryExtraction,
    pattern: re.Pattern[str],
    group: str,
) -> list[_Attribute]:
    out = []
    names = {e.id: e.name for e in story.entities}
    for prepared in articles:
        text = prepared.article.text
        for sentence in prepared.evidence_sentences():
            people = frozenset(
                names.get(story.entity_of.get((m.article_id, m.start, m.end), ""), m.text)
                for m in story.mentions_in(prepared.id, sentence.index)
                if m.type == "person"
            )
            for match in pattern.finditer(text, sentence.start, sentence.end):
                value = re.sub(r"\s+", " ", match.group(group).lower())
                out.append(
                    _Attribute(
                        prepared.id, match.start(), match.end(), match.group(), value, people
                    )
                )
    return out


def _same_person(a: _Attribute, b: _Attribute) -> bool:
    """The sentences name the same person, allowing a misspelled surname ("Feld" for
    "Felt"), or one of them names no one."""
    if not a.person or not b.person:
        return True
    from rapidfuzz.distance import Levenshtein

    surnames_a = {n.split()[-1].casefold() for n in a.person}
    surnames_b = {n.split()[-1].casefold() for n in b.person}
    return any(
        Levenshtein.normalized_similarity(x, y) >= _SURNAME_RATIO
        for x in surnames_a
        for y in surnames_b
    )


_SURNAME_RATIO = 0.75


def _conflicts(
    found: Sequence[_Attribute],
    texts: dict[str, str],
    noun: str,
    kind_of: dict[str, str] | None,
) -> list[ConflictRecord]:
    """With ``kind_of`` (places), an article is only checked against its own statements of
    the death (a hospice "near his home" names a home that is not the place of death);
    otherwise (causes) against its whole text."""

    def value_of(attribute: _Attribute) -> str:
        return kind_of.get(attribute.value, attribute.value) if kind_of else attribute.value

    sides: dict[str, list[_Attribute]] = {}
    for attribute in found:
        sides.setdefault(value_of(attribute), []).append(attribute)
    if len(sides) < 2:
        return []
    values = sorted(sides, key=lambda v: (-len({a.article_id for a in sides[v]}), v))
    kept: list[str] = []
    for value in values:
        if any(_compatible(value, other) for other in kept):
            continue
        kept.append(value)
    clashing: list[list[_Attribute]] = []
    for value in kept:
        others = [v for v in kept if v != value]
        # An article that names the other cause anywhere does not contradict it.
        group = [
            a
            for a in sides[value]
            if not any(_says(a.article_id, o, sides, texts, kind_of) for o in others)
            and all(_same_person(a, b) for o in others for b in sides[o])
        ]
        if group:
            clashing.append(group)
    if len(clashing) < 2:
        return []
    first = {}
    for group in clashing:
        first[group[0].value] = group
    parts = [f"“{g[0].value}” ({label(a.article_id for a in g)})" for g in clashing]
    return [
        ConflictRecord(
            "claim",
            f"Sources disagree on the {noun}: " + " vs ".join(parts) + ".",
            tuple(
                ConflictSide(a.article_id, a.start, a.end, a.text, value_of(a))
                for g in clashing
                for a in first_per_article(g)
            ),
            reason=f"each side says what the same death was: its {noun}, right after the "
            "death verb, and no article of one side mentions the other side's",
            about=noun,
        )
    ]


def _says(
    article_id: str,
    value: str,
    sides: dict[str, list[_Attribute]],
    texts: dict[str, str],
    kind_of: dict[str, str] | None,
) -> bool:
    if kind_of is not None:
        return any(a.article_id == article_id for a in sides.get(value, ()))
    return _mentions(texts[article_id], value)


def _compatible(a: str, b: str) -> bool:
    """ "heart failure" and "congestive heart failure" are one cause."""
    ka, kb = _key(a), _key(b)
    return ka <= kb or kb <= ka


def _mentions(text: str, value: str) -> bool:
    key = _key(value)
    words = {stem(w) for w in re.findall(r"[a-z']+", text.lower())}
    return bool(key) and key <= words


def death_attribute_conflicts(
    articles: Sequence[PreparedArticle], story: StoryExtraction
) -> list[ConflictRecord]:
    """Conflicts over the cause and the place of one death."""
    texts = {p.id: p.article.text for p in articles}
    out = _conflicts(_read(articles, story, _CAUSE, "cause"), texts, "cause of death", None)
    out += _conflicts(_read(articles, story, _PLACE, "place"), texts, "place of death", _PLACE_KIND)
    return out
