"""Conflicts about names: one person given different titles or ranks, a name misspelled
in some articles, two spellings of one organization or person resolved apart.

A title conflict needs a change of office or rank ("Commander" / "Commodore", "deputy
director" / "director"), or of time for an office ("former President" / "President"); not
an honorific ("Mr") or a more detailed title ("Navy Chief Admiral" / "Admiral"). A
spelling conflict needs one word of a name changed by a few letters ("Woodard" for
"Woodward", "Distributors" for "Distribution"), not a hyphen, a glued suffix or another
entity ("Microsoft Corp." / "Microsoft Word").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from consilience.extract.story import StoryExtraction
from consilience.judge.conflicts import (
    ConflictRecord,
    ConflictSide,
    first_per_article,
    label,
    spelling_sides,
)
from consilience.judge.people import is_nickname_pair
from consilience.records import EntityMention, ResolvedEntity
from consilience.textspan import normalize_for_compare

_TITLE_MODIFIERS = re.compile(
    r"\b(former|ex|acting|interim|late|outgoing|incoming|deputy|vice|retired|then|future|"
    r"assistant|associate)\b",
    re.I,
)
#: Modifiers of time: "former President" and "President" disagree about an office held
#: now, so only titles naming an office count (not "FBI official", "employee").
_TIME_MODIFIERS = frozenset(
    {"former", "ex", "late", "outgoing", "incoming", "retired", "then", "future"}
)
_OFFICES = frozenset(
    """president prime minister secretary chancellor governor mayor senator congressman
    congresswoman representative chairman chairwoman chair ceo king queen premier director
    commissioner ambassador general admiral commander spokesman spokeswoman spokesperson
    chief minister judge justice attorney sheriff""".split()
)
_HONORIFICS = frozenset("mr mrs ms miss dr sir madam mister".split())
_NATIONALITY = re.compile(r"^(?:the\s+)?(?:u\.?s\.?|us|american|british|uk|[A-Z][a-z]+an)\s+", re.I)


def _only_honorific(title: str) -> bool:
    words = [w.strip(".").lower() for w in title.split()]
    return all(w in _HONORIFICS or w in _TIME_MODIFIERS for w in words)


def _core_title(title: str) -> str:
    core = _NATIONALITY.sub("", title.strip())
    return normalize_for_compare(core)


#: Nouns naming a job: a person called "manager" in one article and "director" of the
#: same department in another is given two jobs.
_JOB_HEADS = frozenset(
    """manager director president chief head officer secretary chairman chairwoman chair
    editor coordinator supervisor administrator commissioner minister spokesman
    spokeswoman spokesperson analyst researcher scientist professor lecturer counsel
    attorney lawyer correspondent reporter executive founder owner partner dean
    superintendent""".split()
)
_TITLE_LINKS = re.compile(r"\s+(?:of|for|at|with|in|from)\s+", re.I)
_TITLE_FILLER = frozenset("the a an and of for at with in from".split())


@dataclass(frozen=True, slots=True)
class _TitleParts:
    head: str
    modifiers: frozenset[str]
    #: what the job is of: department words and organization ("security research",
    #: "Microsoft Security Response Center")
    domain: frozenset[str]


def _title_parts(core: str) -> _TitleParts:
    pieces = _TITLE_LINKS.split(core, maxsplit=1)
    role = pieces[0]
    owner = pieces[1] if len(pieces) > 1 else ""
    modifiers = frozenset(m.lower() for m in _TITLE_MODIFIERS.findall(role))
    role_words = _TITLE_MODIFIERS.sub("", role).split()
    head = role_words[-1].lower() if role_words else ""
    domain = {
        w.lower().removesuffix("'s").removesuffix("’s") for w in [*role_words[:-1], *owner.split()]
    }
    return _TitleParts(head, modifiers, frozenset(domain - _TITLE_FILLER - _HONORIFICS))


def _titles_clash(
    x: _TitleParts, y: _TitleParts, articles_x: set[str], articles_y: set[str]
) -> str | None:
    """Why two titles of one person disagree, if they do: a change of modifier ("deputy
    director" / "director"), of job within one department ("communications manager" /
    "communications director"), or of the organization of one job ("director of the
    Microsoft Security Response Center" / "Microsoft Security Response Alliance
    director"); not one title more detailed than the other."""
    if x.head == y.head and x.modifiers != y.modifiers:
        changed = (x.modifiers ^ y.modifiers) - _TIME_MODIFIERS
        # "former President" in one article where several say "President" (now): one
        # article against one is as likely two times of writing.
        if changed or (x.head in _OFFICES and max(len(articles_x), len(articles_y)) >= 2):
            return f"one office (“{x.head}”) with a different rank or time"
        return None
    if x.modifiers != y.modifiers or len(x.domain & y.domain) < 2:
        return None
    if x.head != y.head:
        nested = x.domain <= y.domain or y.domain <= x.domain
        if x.head in _JOB_HEADS and y.head in _JOB_HEADS and nested:
            return f"two jobs (“{x.head}” / “{y.head}”) in one department"
        return None
    only_x, only_y = x.domain - y.domain, y.domain - x.domain
    if len(only_x) != 1 or len(only_y) != 1:
        return None
    a, b = next(iter(only_x)), next(iter(only_y))
    if a.startswith(b[:4]) or b.startswith(a[:4]) or _edit_ratio(a, b) >= 0.6:
        return None  # a spelling ("Center" / "Centre"), not another organization
    return f"one job (“{x.head}”) of organizations named differently (“{a}” / “{b}”)"


def title_conflicts(story: StoryExtraction) -> list[ConflictRecord]:
    """One person given different titles or roles by different articles ("former
    President" vs "President"): only modifier changes and different offices count, not
    one article being more detailed ("US President" vs "President")."""
    out = []
    for entity in story.entities:
        if entity.type != "person":
            continue
        by_title: dict[str, list[EntityMention]] = {}
        for mention in entity.mentions:
            if mention.title and not _only_honorific(mention.title):
                by_title.setdefault(_core_title(mention.title), []).append(mention)
        if len(by_title) < 2:
            continue
        parts = {t: _title_parts(t) for t in by_title}
        # The minority title first: it is the one to check.
        titles = sorted(by_title, key=lambda t: (len({m.article_id for m in by_title[t]}), t))
        articles = {t: {m.article_id for m in by_title[t]} for t in by_title}
        clashing = []
        reasons = []
        for x, y in combinations(titles, 2):
            if articles[x] == articles[y]:
                continue
            why = _titles_clash(parts[x], parts[y], articles[x], articles[y])
            if why is not None:
                clashing.append((x, y))
                reasons.append(why)
        if not clashing:
            continue
        involved = list(dict.fromkeys(t for pair in clashing for t in pair))
        described = [
            f"“{by_title[t][0].title}” in {label(m.article_id for m in by_title[t])}"
            for t in involved
        ]
        sides = tuple(
            ConflictSide(
                m.article_id,
                *m.span_with_title,
                _mention_span_text(story, m),
                m.title,
            )
            for t in involved
            for m in first_per_article(by_title[t])
        )
        out.append(
            ConflictRecord(
                "title",
                f"{entity.name} is called " + " but ".join(described) + ".",
                sides,
                disputes_claim=False,
                reason="one person (one name in every article) given "
                + "; ".join(dict.fromkeys(reasons)),
            )
        )
    return out


def _mention_span_text(story: StoryExtraction, mention: EntityMention) -> str:
    start, end = mention.span_with_title
    return story.texts[mention.article_id][start:end]


def _plausible_misspelling(variant: str, name: str) -> bool:
    """The same number of words, one of them changed by a few letters: "Woodard" for
    "Woodward"; not a hyphenated line break ("Poly-technic"), a glued suffix ("Throat-a")
    or another entity ("Microsoft Corp." / "Microsoft Word")."""
    a = re.sub(r"[.’']", "", variant).split()
    b = re.sub(r"[.’']", "", name).split()
    if len(a) != len(b) or variant.replace("-", "") == name.replace("-", ""):
        return False
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x.casefold() != y.casefold()]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if x.startswith(y + "-") or y.startswith(x + "-"):
        return False
    if is_nickname_pair(x.casefold(), y.casefold()):
        return False  # "Dave Rossi" / "David Rossi": a short form, not a misspelling
    return len(x) >= 4 and len(y) >= 4 and _edit_ratio(x.casefold(), y.casefold()) >= 0.6


def _edit_ratio(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return float(Levenshtein.normalized_similarity(a, b))


def spelling_conflicts(story: StoryExtraction) -> list[ConflictRecord]:
    out = []
    for entity in story.entities:
        if not entity.suspect_variants:
            continue
        variants = {
            normalize_for_compare(v)
            for v in entity.suspect_variants
            if _plausible_misspelling(v, entity.name)
        }
        odd = [m for m in entity.mentions if normalize_for_compare(m.text) in variants]
        usual = [m for m in entity.mentions if normalize_for_compare(m.text) not in variants]
        if not odd:
            continue
        sides = spelling_sides(odd, usual)
        out.append(
            ConflictRecord(
                "entity_spelling",
                f"“{odd[0].text}” ({label(m.article_id for m in odd)}) is probably a misspelling "
                f"of {entity.name} ({label(m.article_id for m in usual) or 'other articles'}).",
                tuple(sides),
                disputes_claim=False,
            )
        )
    return out


#: Two entities resolved apart whose names differ in one word this little are one name
#: spelled two ways.
_NEAR_RATIO = 0.6
_NEAR_RATIO_PERSON = 0.8


def _one_word_apart(a: str, b: str) -> tuple[str, str, int] | None:
    """The differing words of two names that differ in one word only, and how many words
    they share."""
    wa, wb = _name_words(a), _name_words(b)
    if len(wa) != len(wb) or len(wa) < 2:
        return None
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x.casefold() != y.casefold()]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    return x, y, len(wa) - 1


@lru_cache(maxsize=16384)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[.’']", "", name).split())


def _same_type_and_length(
    entities: Sequence[ResolvedEntity],
) -> list[tuple[ResolvedEntity, ResolvedEntity]]:
    """The pairs of ``combinations(entities, 2)``, in its order, of one type whose names
    have as many words, two or more: the only pairs whose names can be one word apart
    (a big story has thousands of names; most pairs are never looked at)."""
    groups: dict[tuple[str, int], list[int]] = {}
    for index, entity in enumerate(entities):
        length = len(_name_words(entity.name))
        if length >= 2:
            groups.setdefault((entity.type, length), []).append(index)
    pairs = sorted(pair for group in groups.values() for pair in combinations(group, 2))
    return [(entities[i], entities[j]) for i, j in pairs]


def near_name_conflicts(story: StoryExtraction) -> list[ConflictRecord]:
    """Two organizations (or people) the resolver kept apart whose names differ in one
    word by a few letters: "TallGrass Distribution Ltd." / "Tallgrass Distributors Ltd.",
    "Betty Mae Page" / "Bettie Mae Page". The less used spelling is the odd side."""
    out = []
    entities = [e for e in story.entities if e.type in ("org", "person") and e.mentions]
    for a, b in _same_type_and_length(entities):
        apart = _one_word_apart(a.name, b.name)
        if apart is None:
            continue
        x, y, shared = apart
        if min(len(x), len(y)) < 4 or x.startswith(y + "-") or y.startswith(x + "-"):
            continue
        ratio = _edit_ratio(x.casefold(), y.casefold())
        needed = _NEAR_RATIO if a.type == "org" or shared >= 2 else _NEAR_RATIO_PERSON
        if ratio < needed:
            continue
        odd, usual = sorted((a, b), key=lambda e: (len(_articles(e)), e.name))
        if _articles(odd) == _articles(usual):
            continue
        sides = spelling_sides(odd.mentions, usual.mentions)
        out.append(
            ConflictRecord(
                "entity_spelling",
                f"“{odd.name}” ({label(_articles(odd))}) and “{usual.name}” "
                f"({label(_articles(usual))}) are probably one name spelled two ways.",
                tuple(sides),
                disputes_claim=False,
                reason=f"the names differ only in “{x}” / “{y}”",
            )
        )
    return out


def _articles(entity: ResolvedEntity) -> list[str]:
    return sorted({m.article_id for m in entity.mentions}, key=lambda a: (len(a), a))
