"""Conflicts between sources, each with its sides quoted and a one-sentence summary.

Value conflicts (dates, numbers, negation, actors) are looked for *inside* a claim: two
sentences that state the same fact and disagree on a value. Story-wide conflicts (titles,
quote wording, single-article quotes, misspelled names, denials) come from the extracted
entities and quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Protocol, TypeVar

from consilience.align.claims import ClaimCluster, ClaimUnit
from consilience.extract.numbers import quantity_reading
from consilience.extract.story import StoryExtraction
from consilience.extract.time import compare_times
from consilience.judge.negation import polarity_clash
from consilience.records import EntityMention, Quantity, TimeExpression

T = TypeVar("T")

_DATE_COMPATIBLE = frozenset({"same", "more_specific", "less_specific", "overlap"})
_DENIAL = re.compile(
    r"\b(rejected|denied|disputed|refuted|dismissed|contradicted)\s+(this|that|the|these|those)\s+"
    r"(claims?|reports?|accounts?|assertions?|allegations?|suggestions?)\b|"
    r"\b(this|that|the)\s+(claim|report|account|assertion|allegation)\s+(was|were|has been|have been)\s+"
    r"(rejected|denied|disputed|refuted|dismissed)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ConflictSide:
    article_id: str
    start: int
    end: int
    text: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictRecord:
    kind: str
    summary: str
    sides: tuple[ConflictSide, ...]
    #: indexes of the claims (in the claim list) this conflict is about
    claims: tuple[int, ...] = ()
    #: whether the conflict disputes the claim's content (a wrong date does; a
    #: misspelled name or a reworded quote does not)
    disputes_claim: bool = True
    #: why the sides speak of the same thing
    reason: str = ""
    #: what the sides disagree on, in a few words ("number of people (killed)", "date
    #: (sank)"); empty when the kind says it (a quote's wording, a name's spelling)
    about: str = ""


def label(article_ids: Iterable[str]) -> str:
    ids = list(dict.fromkeys(article_ids))
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def partition(items: Sequence[T], compatible: Callable[[T, T], bool]) -> list[list[T]]:
    """Groups of mutually reachable compatible items (union-find)."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(items)), 2):
        if compatible(items[i], items[j]):
            parent[find(j)] = find(i)
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


def _units_by_article(claim: ClaimCluster) -> dict[str, list[ClaimUnit]]:
    out: dict[str, list[ClaimUnit]] = {}
    for unit in claim.units:
        out.setdefault(unit.article_id, []).append(unit)
    return out


def _value_conflict(
    kind: str,
    claim_index: int,
    items: list[tuple[str, T]],
    compatible: Callable[[T, T], bool],
    describe: Callable[[T], str],
    side: Callable[[str, T], ConflictSide],
    noun: str,
) -> ConflictRecord | None:
    """One conflict when the values given for a claim fall into incompatible groups, and
    each article's values all sit in one group (an article giving two unrelated dates in
    one sentence is not in conflict with itself)."""
    if len({a for a, _ in items}) < 2:
        return None
    groups = partition(items, lambda x, y: compatible(x[1], y[1]))
    if len(groups) < 2:
        return None
    article_groups: dict[str, set[int]] = {}
    for number, group in enumerate(groups):
        for article_id, _ in group:
            article_groups.setdefault(article_id, set()).add(number)
    # Each side lists the articles whose values all fall on it; an article giving both
    # values (for two different things) speaks for neither.
    contested = [[(a, v) for a, v in g if article_groups[a] == {n}] for n, g in enumerate(groups)]
    contested = [g for g in contested if g]
    if len(contested) < 2:
        return None
    contested.sort(key=len, reverse=True)
    parts = [f"{describe(g[0][1])} ({label(a for a, _ in g)})" for g in contested]
    summary = f"Sources disagree on the {noun}: " + " vs ".join(parts) + "."
    sides = tuple(side(a, value) for g in contested for a, value in g)
    return ConflictRecord(kind, summary, sides, (claim_index,), about=noun)


def _time_side(article_id: str, expr: TimeExpression) -> ConflictSide:
    return ConflictSide(article_id, expr.start, expr.end, expr.text, expr.iso or expr.text)


def quantity_side(article_id: str, q: Quantity) -> ConflictSide:
    return ConflictSide(article_id, q.start, q.end, q.text, quantity_reading(q))


class _InArticle(Protocol):
    @property
    def article_id(self) -> str: ...


InArticle = TypeVar("InArticle", bound=_InArticle)


def first_per_article(items: Iterable[InArticle]) -> list[InArticle]:
    """The first of ``items`` in each article, in order."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.article_id not in seen:
            seen.add(item.article_id)
            out.append(item)
    return out


def spelling_sides(
    odd: Iterable[EntityMention], usual: Iterable[EntityMention]
) -> list[ConflictSide]:
    """The sides of a name written two ways: every article of the odd form, and up to
    three of the usual one."""
    return [
        ConflictSide(m.article_id, m.start, m.end, m.text, m.text)
        for m in [*first_per_article(odd), *first_per_article(usual)[:3]]
    ]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def _loose_weekday(expr: TimeExpression, story: StoryExtraction) -> int | None:
    """The weekday an expression names when that is all that is sure about it: "on
    Tuesday" in an article with no date of its own could be any Tuesday near the story."""
    if expr.article_id not in story.undated:
        return None
    match = _WEEKDAY.search(expr.text)
    if match is None or any(ch.isdigit() for ch in expr.text):
        return None
    return _WEEKDAYS.index(match.group(1).lower())


def _weekday_of(expr: TimeExpression, story: StoryExtraction) -> int | None:
    loose = _loose_weekday(expr, story)
    if loose is not None:
        return loose
    if expr.precision in ("day", "time") and expr.start_date is not None:
        return expr.start_date.weekday()
    return None


#: A date right after a speech verb dates the statement ("officials said on Wednesday"),
#: not the event the sentence reports.
_STATEMENT_DATE = re.compile(
    r"\b(said|says|told(?:\s+[\w.]+){0,3}|announced|reported|stated|added|confirmed|declared|"
    r"insisted|warned|wrote|tweeted)\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)


def dates_a_statement(expr: TimeExpression, text: str) -> bool:
    return bool(_STATEMENT_DATE.search(text[max(0, expr.start - 40) : expr.start]))


def dates_compatible(a: TimeExpression, b: TimeExpression, story: StoryExtraction) -> bool:
    if _loose_weekday(a, story) is not None or _loose_weekday(b, story) is not None:
        wa, wb = _weekday_of(a, story), _weekday_of(b, story)
        return wa is None or wb is None or wa == wb
    return compare_times(a, b) in _DATE_COMPATIBLE


#: Two sentences must be this alike (beyond the negation) to be one statement asserted
#: and denied; looser pairs of a claim share a topic, not a proposition.
NEGATION_SIMILARITY = 0.25


def negation_conflicts(
    claims: Sequence[ClaimCluster], story: StoryExtraction | None = None
) -> list[ConflictRecord]:
    out = []
    for index, claim in enumerate(claims):
        seen: set[tuple[str, str]] = set()
        for (i, a), (j, b) in combinations(enumerate(claim.units), 2):
            if a.article_id == b.article_id:
                continue
            if claim.similarities and claim.similarities[i][j] < NEGATION_SIMILARITY:
                continue
            for negative, positive in ((a, b), (b, a)):
                clash = polarity_clash(negative.text, positive.text)
                key = (negative.article_id, positive.article_id)
                if clash is None or key in seen:
                    continue
                seen.add(key)
                out.append(
                    ConflictRecord(
                        "negation",
                        f"{positive.article_id} states it; {negative.article_id} says the "
                        f"opposite (“{clash.negated_phrase}”).",
                        (
                            ConflictSide(
                                positive.article_id,
                                positive.start,
                                positive.end,
                                positive.text,
                                "asserted",
                            ),
                            ConflictSide(
                                negative.article_id,
                                negative.start,
                                negative.end,
                                negative.text,
                                "negated",
                            ),
                        ),
                        (index,),
                        reason=f"the two sentences state one claim (similarity "
                        f"{claim.similarities[i][j]:.2f}) and differ in its polarity"
                        if claim.similarities
                        else "the two sentences state one claim and differ in its polarity",
                    )
                )
    return _merge_same(out)


_SLOT_WORD = re.compile(r"[A-Za-z]+")


def _slot(
    text: str, start: int, end: int, unit: ClaimUnit
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two words before and the two after a mention, within its sentence: the slot it
    fills ("carried out by the ___", "___ said on")."""
    before = [w.lower() for w in _SLOT_WORD.findall(text[unit.start : start])][-2:]
    after = [w.lower() for w in _SLOT_WORD.findall(text[end : unit.end])][:2]
    return tuple(before), tuple(after)


def actor_conflicts(claims: Sequence[ClaimCluster], story: StoryExtraction) -> list[ConflictRecord]:
    """Two articles stating one claim with a different person or organization in the same
    slot ("carried out by the Navy" / "carried out by the Army"), where neither article
    mentions the other's. Both the words before and after must match, so that lists of
    names or different roles in one sentence do not count."""
    out = []
    for index, claim in enumerate(claims):
        mentions: list[tuple[ClaimUnit, EntityMention, str]] = []
        for unit in claim.units:
            for mention in story.mentions_in(unit.article_id, unit.sentence):
                entity = story.entity_of.get((mention.article_id, mention.start, mention.end))
                if entity and mention.type in ("person", "org"):
                    mentions.append((unit, mention, entity))
        entities_of = {
            u.article_id: {e for uu, _, e in mentions if uu.article_id == u.article_id}
            for u in claim.units
        }
        for (ua, ma, ea), (ub, mb, eb) in combinations(mentions, 2):
            if ua.article_id == ub.article_id or ea == eb or ma.type != mb.type:
                continue
            if ea in entities_of[ub.article_id] or eb in entities_of[ua.article_id]:
                continue
            text_a, text_b = story.texts[ua.article_id], story.texts[ub.article_id]
            slot_a = _slot(text_a, ma.start, ma.end, ua)
            slot_b = _slot(text_b, mb.start, mb.end, ub)
            if slot_a != slot_b or not slot_a[0] or not slot_a[1]:
                continue
            phrase = " ".join(slot_a[0]) + " … " + " ".join(slot_a[1])
            out.append(
                ConflictRecord(
                    "actor",
                    f"In “{phrase}”, {ua.article_id} names {ma.text} where {ub.article_id} names {mb.text}.",
                    (
                        ConflictSide(ua.article_id, ma.start, ma.end, ma.text, ma.text),
                        ConflictSide(ub.article_id, mb.start, mb.end, mb.text, mb.text),
                    ),
                    (index,),
                )
            )
    return _merge_same(out)


def _merge_same(conflicts: list[ConflictRecord]) -> list[ConflictRecord]:
    seen: set[tuple[str, frozenset[tuple[str, int]]]] = set()
    out = []
    for conflict in conflicts:
        key = (conflict.kind, frozenset((s.article_id, s.start) for s in conflict.sides))
        if key not in seen:
            seen.add(key)
            out.append(conflict)
    return out


def denial_conflicts(
    claims: Sequence[ClaimCluster],
    texts: Mapping[str, str],
    sentences: Mapping[str, Sequence[tuple[int, int]]],
) -> list[ConflictRecord]:
    """ "X rejected this claim": the claim stated in the same or the previous sentence is
    disputed by a named denial. One conflict per claim, however many copies carry the
    denial; each copy's own statement of the claim is quoted beside its denial."""
    where: dict[tuple[str, int], tuple[int, ClaimUnit]] = {}
    for index, claim in enumerate(claims):
        for unit in claim.units:
            where[(unit.article_id, unit.sentence)] = (index, unit)
    denied: dict[int, list[tuple[ClaimUnit, ConflictSide, str]]] = {}
    for article_id, spans in sentences.items():
        text = texts[article_id]
        for number, (start, end) in enumerate(spans):
            match = _DENIAL.search(text, start, end)
            if not match:
                continue
            target = where.get((article_id, number))
            if target is None or match.start() - start < 20:
                target = where.get((article_id, number - 1))
            if target is None:
                continue
            index, claimed = target
            rejected = ConflictSide(article_id, start, end, text[start:end], "rejected")
            denied.setdefault(index, []).append((claimed, rejected, match.group()))
    out = []
    for index, found in sorted(denied.items()):
        sides: list[ConflictSide] = []
        for claimed, rejected, _ in found:
            sides.append(
                ConflictSide(
                    claimed.article_id, claimed.start, claimed.end, claimed.text, "claimed"
                )
            )
            sides.append(rejected)
        wordings = "; ".join(dict.fromkeys(f"“{word}”" for _, _, word in found))
        articles = label(rejected.article_id for _, rejected, _ in found)
        out.append(
            ConflictRecord(
                "denial",
                f"A claim is reported and then rejected in {articles}: {wordings}.",
                tuple(dict.fromkeys(sides)),
                (index,),
            )
        )
    return out
