"""Conflicts about who a person is: a rank that changes between articles ("Commander" /
"Commodore" Nirad Sinha), a given name that changes for one role ("FBI director Herbert
Hoover" where the others say J. Edgar Hoover), and one person's name spelled two ways
("Betty Page" / "Bettie Page").

Written by hand: these compare what the resolver already joined (or kept apart) with what
the articles say around the names, which no library models. Each rule needs evidence that
the two names are one person: the resolver's join, or the same role in sentences that
share a rare word; a surname alone never is (families, namesakes, "Singh", "Smith").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import combinations

from consilience.extract.story import StoryExtraction
from consilience.judge.conflicts import (
    ConflictRecord,
    ConflictSide,
    label,
    spelling_sides,
)
from consilience.records import EntityMention, PreparedArticle, ResolvedEntity
from consilience.stems import stem
from consilience.textspan import STOPWORDS, normalize_for_compare

__all__ = [
    "given_name_conflicts",
    "is_nickname_pair",
    "name_spelling_conflicts",
    "rank_conflicts",
]

#: Ranks of armed forces and police, by their usual abbreviations too. A person given
#: two different ranks (by the last rank word: "Lt. Col." and "Col." agree) is a conflict.
_RANKS = {
    "private": "private",
    "pvt": "private",
    "corporal": "corporal",
    "cpl": "corporal",
    "sergeant": "sergeant",
    "sgt": "sergeant",
    "lieutenant": "lieutenant",
    "lt": "lieutenant",
    "captain": "captain",
    "capt": "captain",
    "major": "major",
    "maj": "major",
    "colonel": "colonel",
    "col": "colonel",
    "brigadier": "brigadier",
    "brig": "brigadier",
    "general": "general",
    "gen": "general",
    "ensign": "ensign",
    "commander": "commander",
    "cmdr": "commander",
    "cdr": "commander",
    "commodore": "commodore",
    "cdre": "commodore",
    "admiral": "admiral",
    "adm": "admiral",
    "constable": "constable",
    "inspector": "inspector",
    "insp": "inspector",
    "superintendent": "superintendent",
    "supt": "superintendent",
}
_RANK_BEFORE = re.compile(
    r"\b((?:(?:" + "|".join(_RANKS) + r")\.?\s+){1,3})$",
    re.IGNORECASE,
)
_RANK_REACH = 40


def _rank(story: StoryExtraction, mention: EntityMention) -> tuple[str, int] | None:
    """The rank written right before a name ("Commodore Nirad Sinha", "Lt. Col. X") and
    where it starts; a capitalized or abbreviated word, not "a major general problem"."""
    text = story.texts[mention.article_id]
    low = max(0, mention.start - _RANK_REACH)
    found = _RANK_BEFORE.search(text[low : mention.start])
    if found is None:
        return None
    words = [w.strip(".").lower() for w in found.group(1).split()]
    if not found.group(1)[:1].isupper():
        return None
    return _RANKS[words[-1]], low + found.start(1)


def rank_conflicts(story: StoryExtraction) -> list[ConflictRecord]:
    """One person given two different ranks by different articles."""
    out = []
    for entity in story.entities:
        if entity.type != "person":
            continue
        by_rank: dict[str, list[tuple[EntityMention, int]]] = {}
        for mention in entity.mentions:
            found = _rank(story, mention)
            if found is not None:
                by_rank.setdefault(found[0], []).append((mention, found[1]))
        if len(by_rank) < 2:
            continue
        articles = {r: {m.article_id for m, _ in ms} for r, ms in by_rank.items()}
        ranks = sorted(by_rank, key=lambda r: (len(articles[r]), r))
        clashing = [(x, y) for x, y in combinations(ranks, 2) if articles[x] != articles[y]]
        if not clashing:
            continue
        involved = list(dict.fromkeys(r for pair in clashing for r in pair))
        sides = []
        for r in involved:
            seen: set[str] = set()
            for mention, start in by_rank[r]:
                if mention.article_id in seen:
                    continue
                seen.add(mention.article_id)
                text = story.texts[mention.article_id][start : mention.end]
                sides.append(ConflictSide(mention.article_id, start, mention.end, text, r))
        parts = [f"“{r.capitalize()}” in {label(sorted(articles[r]))}" for r in involved]
        out.append(
            ConflictRecord(
                "title",
                f"{entity.name} is given two ranks: " + " but ".join(parts) + ".",
                tuple(sides),
                disputes_claim=False,
                reason="the same person (one name in every article) with a different rank",
            )
        )
    return out


# -- given names ------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    week month year day night morning evening said says told""".split()
)
#: A word shared by the sentences of two names is evidence of one role only when few
#: articles use it ("Rocketeer"), not when the whole story does ("FBI", "died").
_RARE_SHARE = 0.25
_MIN_GIVEN = 3


@lru_cache(maxsize=1)
def _nicknames() -> object | None:
    try:
        from nicknames import NickNamer
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return NickNamer()


def _given_tokens(name: str) -> list[str]:
    words = re.sub(r"[’']", "", name).replace(".", ". ").split()
    return [w.strip(".").lower() for w in words[:-1] if not w.startswith(('"', "“"))]


def _same_given_name(x: str, y: str) -> bool:
    """One given name in two forms: an initial ("J."), a short form ("Ty" / "Tywon",
    "Mo" / "Maurice"), a nickname ("Bill" / "William"), or a spelling a few letters
    apart (which the spelling rules report)."""
    if x == y or x.startswith(y) or y.startswith(x):
        return True
    if (len(x) <= 3 or len(y) <= 3) and x[0] == y[0]:
        return True
    from rapidfuzz.distance import Levenshtein

    if Levenshtein.normalized_similarity(x, y) >= 0.6:
        return True
    return is_nickname_pair(x, y)


def is_nickname_pair(x: str, y: str) -> bool:
    """Whether two lowercase given names are forms of one name ("dave" / "david", "bill"
    / "william"), by the ``nicknames`` package's table."""
    namer = _nicknames()
    if namer is None:
        return False
    forms_x = {x} | namer.nicknames_of(x) | namer.canonicals_of(x)  # type: ignore[attr-defined]
    forms_y = {y} | namer.nicknames_of(y) | namer.canonicals_of(y)  # type: ignore[attr-defined]
    return bool(forms_x & forms_y)


def _compatible_given(a: Sequence[str], b: Sequence[str]) -> bool:
    return any(_same_given_name(x, y) for x in a for y in b)


def _content_stems(text: str, exclude: frozenset[str]) -> set[str]:
    out = set()
    for word in _WORD.findall(text):
        low = word.lower()
        if low in STOPWORDS or low in _TIME_WORDS or len(low) < 3:
            continue
        stemmed = stem(low)
        if stemmed not in exclude:
            out.add(stemmed)
    return out


def given_name_conflicts(
    articles: Sequence[PreparedArticle], story: StoryExtraction
) -> list[ConflictRecord]:
    """Two people with one surname and different given names that no article names
    together, in sentences sharing a word few articles use: one person whose given name
    some article got wrong ("Dale Stevens" / "David Stevens", creator of The Rocketeer)."""
    sentences: dict[tuple[str, int], tuple[int, int]] = {
        (p.id, s.index): (s.start, s.end) for p in articles for s in p.sentences
    }
    frequency: Counter[str] = Counter()
    for p in articles:
        frequency.update(set().union(*(_content_stems(s.text, frozenset()) for s in p.sentences)))
    rare_limit = max(2, int(_RARE_SHARE * len(articles)))
    people = [e for e in story.entities if e.type == "person" and len(_given_tokens(e.name)) >= 1]
    out = []
    for a, b in combinations(people, 2):
        surname_a, surname_b = _surname(a.name), _surname(b.name)
        if surname_a != surname_b or len(surname_a) < _MIN_GIVEN:
            continue
        given_a, given_b = _given_tokens(a.name), _given_tokens(b.name)
        if not given_a or not given_b or _compatible_given(given_a, given_b):
            continue
        if _articles(a) & _articles(b):
            continue  # one article naming both: two people (a family, namesakes)
        if _relative(story, a.mentions, sentences) or _relative(story, b.mentions, sentences):
            continue  # "his son Peter Brandt", "his daughter Joan Brandt": a family
        exclude = frozenset(stem(w) for w in (*given_a, *given_b, surname_a))
        words_a = _words_near(story, a.mentions, sentences, exclude)
        words_b = _words_near(story, b.mentions, sentences, exclude)
        shared = sorted(w for w in words_a & words_b if frequency[w] <= rare_limit)
        roles = sorted(_title_heads(a) & _title_heads(b))
        if not shared and not roles:
            continue
        evidence = (
            f"both called “{roles[0]}”"
            if roles
            else f"in sentences that share “{'”, “'.join(shared[:3])}” (words few articles use)"
        )
        odd, usual = sorted((a, b), key=lambda e: (len(_articles(e)), e.name))
        sides = spelling_sides(odd.mentions, usual.mentions)
        out.append(
            ConflictRecord(
                "name",
                f"“{odd.name}” ({label(sorted(_articles(odd)))}) and “{usual.name}” "
                f"({label(sorted(_articles(usual)))}) are probably one person with the "
                "given name wrong in one of them.",
                tuple(sides),
                disputes_claim=False,
                reason=f"one surname, never named together in one article, {evidence}",
            )
        )
    return out


_HONORIFICS = frozenset("mr mrs ms miss dr sir madam mister the a an".split())


def _title_heads(entity: ResolvedEntity) -> set[str]:
    """The head words of the titles a person is given ("FBI director" -> "director")."""
    out = set()
    for m in entity.mentions:
        words = [w.strip(".,").lower() for w in (m.title or "").split()]
        words = [w for w in words if w and w not in _HONORIFICS]
        if words:
            out.add(words[-1])
    return out


@lru_cache(maxsize=16384)
def _surname(name: str) -> str:
    words = re.sub(r"[’'.]", "", name).split()
    return words[-1].lower() if words else ""


_NEAR_WORDS = 6
_KINSHIP = frozenset(
    """son daughter wife husband widow widower brother sister father mother grandson
    granddaughter grandfather grandmother nephew niece cousin uncle aunt stepson
    stepdaughter sons daughters brothers sisters grandchildren children""".split()
)


def _around(
    story: StoryExtraction,
    mention: EntityMention,
    sentences: Mapping[tuple[str, int], tuple[int, int]],
) -> tuple[list[str], list[str]]:
    """The words of the mention's sentence just before and just after it."""
    span = sentences.get((mention.article_id, mention.sentence))
    if span is None:
        return [], []
    text = story.texts[mention.article_id]
    start, end = mention.span_with_title
    before = _WORD.findall(text[span[0] : start])[-_NEAR_WORDS:]
    after = _WORD.findall(text[end : span[1]])[:_NEAR_WORDS]
    return before, after


def _relative(
    story: StoryExtraction,
    mentions: Iterable[EntityMention],
    sentences: Mapping[tuple[str, int], tuple[int, int]],
) -> bool:
    for m in mentions:
        before, after = _around(story, m, sentences)
        title = (m.title or "").lower().split()
        nearby = [w.lower() for w in (*before[-3:], *after[:3], *title)]
        if any(w.removesuffix("'s").removesuffix("’s") in _KINSHIP for w in nearby):
            return True
    return False


def _words_near(
    story: StoryExtraction,
    mentions: Iterable[EntityMention],
    sentences: Mapping[tuple[str, int], tuple[int, int]],
    exclude: frozenset[str],
) -> set[str]:
    """Content words (stems) within a few words of the name: what it is said to do or be."""
    out: set[str] = set()
    for m in mentions:
        before, after = _around(story, m, sentences)
        out |= _content_stems(" ".join((*before, *after)), exclude)
    return out


# -- one person's name spelled two ways ---------------------------------------------------


def name_spelling_conflicts(story: StoryExtraction) -> list[ConflictRecord]:
    """A person the resolver joined whose full name is written two ways, one word a few
    letters apart ("Betty Page" / "Bettie Page"): not a short form ("Ben" / "Benjamin"),
    which is a way of naming, not a spelling."""
    out = []
    for entity in story.entities:
        if entity.type != "person":
            continue
        forms: dict[str, list[EntityMention]] = {}
        for mention in entity.mentions:
            words = mention.text.replace("’", "'").split()
            if len(words) >= 2 and not any(w.startswith(('"', "“")) for w in words):
                forms.setdefault(normalize_for_compare(mention.text), []).append(mention)
        suspects = {normalize_for_compare(v) for v in entity.suspect_variants}
        word_pairs: set[tuple[str, str]] = set()
        for x, y in combinations(sorted(forms), 2):
            if x in suspects or y in suspects:
                continue  # reported as a misspelling already
            differing = _one_word_changed(x, y)
            if differing is not None:
                word_pairs.add(tuple(sorted(differing)))  # type: ignore[arg-type]
        for pair in sorted(word_pairs):
            using = {w: [m for f, ms in forms.items() if w in f.split() for m in ms] for w in pair}
            articles = {w: sorted({m.article_id for m in using[w]}) for w in pair}
            odd, usual = sorted(pair, key=lambda w: (len(articles[w]), w))
            sides = spelling_sides(using[odd], using[usual])
            out.append(
                ConflictRecord(
                    "entity_spelling",
                    f"{entity.name} is spelled “{using[odd][0].text}” "
                    f"({label(articles[odd])}) and “{using[usual][0].text}” "
                    f"({label(articles[usual])}).",
                    tuple(sides),
                    disputes_claim=False,
                    reason=f"one person's name, differing only in “{odd}” / “{usual}”",
                )
            )
    return out


def _one_word_changed(x: str, y: str) -> tuple[str, str] | None:
    from rapidfuzz.distance import Levenshtein

    wx, wy = x.split(), y.split()
    if len(wx) != len(wy):
        return None
    differing = [(a, b) for a, b in zip(wx, wy, strict=True) if a != b]
    if len(differing) != 1:
        return None
    a, b = differing[0]
    if min(len(a), len(b)) < 4 or a.startswith(b) or b.startswith(a):
        return None
    if Levenshtein.normalized_similarity(a, b) < 0.6:
        return None
    return a, b


# -- shared helpers ---------------------------------------------------------------------


def _articles(entity: ResolvedEntity) -> set[str]:
    return {m.article_id for m in entity.mentions}
