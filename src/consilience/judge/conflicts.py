"""Conflicts between sources, each with its sides quoted and a one-sentence summary.

Value conflicts (dates, numbers, negation, actors) are looked for *inside* a claim: two
sentences that state the same fact and disagree on a value. Story-wide conflicts (titles,
quote wording, single-article quotes, misspelled names, denials) come from the extracted
entities and quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TypeVar

from consilience.align.claims import ClaimCluster, ClaimUnit
from consilience.extract.numbers import compare_quantities, quantity_reading
from consilience.extract.numbers_lexicon import is_number_word
from consilience.extract.quotes import quote_differences
from consilience.extract.story import StoryExtraction
from consilience.extract.time import compare_times
from consilience.judge.negation import polarity_clash
from consilience.records import EntityMention, Quantity, Quote, TimeExpression
from consilience.textspan import normalize_for_compare

T = TypeVar("T")

_DATE_COMPATIBLE = frozenset({"same", "more_specific", "less_specific", "overlap"})
_TITLE_MODIFIERS = re.compile(
    r"\b(former|ex|acting|interim|late|outgoing|incoming|deputy|vice|retired|then|future|"
    r"assistant|associate)\b",
    re.I,
)
#: Modifiers of time: "former President" and "President" disagree about an office held
#: now, so only titles naming an office count (not "FBI official", "employee").
_TIME_MODIFIERS = frozenset({"former", "ex", "late", "outgoing", "incoming", "retired", "then", "future"})
_OFFICES = frozenset(
    """president prime minister secretary chancellor governor mayor senator congressman
    congresswoman representative chairman chairwoman chair ceo king queen premier director
    commissioner ambassador general admiral commander spokesman spokeswoman spokesperson
    chief minister judge justice attorney sheriff""".split()
)
_HONORIFICS = frozenset("mr mrs ms miss dr sir madam mister".split())
_NATIONALITY = re.compile(r"^(?:the\s+)?(?:u\.?s\.?|us|american|british|uk|[A-Z][a-z]+an)\s+", re.I)
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
    return ConflictRecord(kind, summary, sides, (claim_index,))


def _time_side(article_id: str, expr: TimeExpression) -> ConflictSide:
    return ConflictSide(article_id, expr.start, expr.end, expr.text, expr.iso or expr.text)


def quantity_side(article_id: str, q: Quantity) -> ConflictSide:
    return ConflictSide(article_id, q.start, q.end, q.text, quantity_reading(q))


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


def date_conflicts(claims: Sequence[ClaimCluster], story: StoryExtraction) -> list[ConflictRecord]:
    def describe(expr: TimeExpression) -> str:
        if _loose_weekday(expr, story) is not None:
            return f"“{expr.text}” (a {_WEEKDAYS[_weekday_of(expr, story) or 0].title()}, date unknown)"
        return f"“{expr.text}” = {expr.iso}"

    out = []
    for index, claim in enumerate(claims):
        items = [
            (unit.article_id, expr)
            for unit in claim.units
            for expr in story.times_in(unit.article_id, unit.sentence)
            if expr.anchored
            and expr.start_date is not None
            # Vague spans ("the past four years") say how long, not when.
            and expr.precision not in ("range", "decade")
            and not dates_a_statement(expr, story.texts[unit.article_id])
        ]
        found = _value_conflict(
            "date",
            index,
            items,
            lambda a, b: dates_compatible(a, b, story),
            describe,
            _time_side,
            "date",
        )
        if found:
            out.append(found)
    return out


#: Counting words for people: "three crew members were killed" and "four people died"
#: count the same thing when two sentences state one claim.
_PEOPLE = frozenset(
    "person people worker crew member crew member victim civilian passenger resident "
    "soldier troop officer employee staff child adult man woman student patient".split()
)


def people_as_persons(quantity: Quantity) -> Quantity:
    if quantity.unit and (quantity.unit in _PEOPLE or quantity.unit.split()[-1] in _PEOPLE):
        return replace(quantity, unit="person")
    return quantity


def number_conflicts(
    claims: Sequence[ClaimCluster], story: StoryExtraction
) -> list[ConflictRecord]:
    out = []
    for index, claim in enumerate(claims):
        by_unit: dict[str, list[tuple[str, Quantity]]] = {}
        for unit in claim.units:
            for extracted in story.quantities_in(unit.article_id, unit.sentence):
                q = people_as_persons(extracted)
                if q.unit:
                    by_unit.setdefault(q.unit, []).append((unit.article_id, q))
        for unit_name, items in sorted(by_unit.items()):
            found = _value_conflict(
                "number",
                index,
                items,
                lambda a, b: not quantities_disagree(a, b),
                lambda q: f"“{q.text}”",
                quantity_side,
                "number of people" if unit_name == "person" else f"number ({unit_name})",
            )
            if found is not None:
                out.append(found)
    return out


#: Durations measure many different things in one story ("for thirty years", "within 40
#: minutes"): two articles' single durations are seldom one quantity told two ways.
DURATIONS = frozenset(
    {"year", "month", "week", "day", "hour", "minute", "second", "decade", "year-old"}
)


def _modifiers(q: Quantity) -> frozenset[str]:
    """Words between the figure and its unit ("three *ladder* trucks"): they say which
    part of a whole is counted."""
    words = [w.lower() for w in re.findall(r"[\w.,'-]+", q.text)]
    last_number = max((i for i, w in enumerate(words) if is_number_word(w)), default=-1)
    return frozenset(words[last_number + 1 : -1]) if last_number >= 0 else frozenset()


def _same_thing_counted(a: Quantity, b: Quantity) -> bool:
    ma, mb = _modifiers(a), _modifiers(b)
    return not (ma and mb and ma.isdisjoint(mb))


def quantities_disagree(a: Quantity, b: Quantity) -> bool:
    return _same_thing_counted(a, b) and compare_quantities(a, b) == "different"


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


def _only_honorific(title: str) -> bool:
    words = [w.strip(".").lower() for w in title.split()]
    return all(w in _HONORIFICS or w in _TIME_MODIFIERS for w in words)


def _core_title(title: str) -> str:
    core = _NATIONALITY.sub("", title.strip())
    return normalize_for_compare(core)


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
        modifiers = {t: frozenset(m.lower() for m in _TITLE_MODIFIERS.findall(t)) for t in by_title}
        heads = {t: _TITLE_MODIFIERS.sub("", t).split()[-1:] for t in by_title}
        # The minority title first: it is the one to check.
        titles = sorted(by_title, key=lambda t: (len({m.article_id for m in by_title[t]}), t))
        clashing = [
            (x, y)
            for x, y in combinations(titles, 2)
            if (heads[x] == heads[y] and modifiers[x] != modifiers[y])
            and (
                (modifiers[x] ^ modifiers[y]) - _TIME_MODIFIERS
                or (heads[x] and heads[x][0] in _OFFICES)
            )
            and {m.article_id for m in by_title[x]} != {m.article_id for m in by_title[y]}
        ]
        if not clashing:
            continue
        involved = list(dict.fromkeys(t for pair in clashing for t in pair))
        parts = [
            f"“{by_title[t][0].title}” in {label(m.article_id for m in by_title[t])}"
            for t in involved
        ]
        sides = tuple(
            ConflictSide(
                m.article_id,
                m.title_start if m.title_start is not None else m.start,
                m.end,
                _mention_span_text(story, m),
                m.title,
            )
            for t in involved
            for m in _first_per_article(by_title[t])
        )
        out.append(
            ConflictRecord(
                "title",
                f"{entity.name} is called " + " but ".join(parts) + ".",
                sides,
                disputes_claim=False,
            )
        )
    return out


def _first_per_article(mentions: Sequence[EntityMention]) -> list[EntityMention]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        if mention.article_id not in seen:
            seen.add(mention.article_id)
            out.append(mention)
    return out


def _mention_span_text(story: StoryExtraction, mention: EntityMention) -> str:
    start = mention.title_start if mention.title_start is not None else mention.start
    return story.texts[mention.article_id][start : mention.end]


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
        sides = [
            ConflictSide(m.article_id, m.start, m.end, m.text, m.text)
            for m in _first_per_article(odd)
        ]
        sides += [
            ConflictSide(m.article_id, m.start, m.end, m.text, m.text)
            for m in _first_per_article(usual)[:3]
        ]
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


_SPELLING = (
    (re.compile(r"(?<=[a-z])our(?=[a-z]*\b)"), "or"),
    (re.compile(r"is(e|ed|es|ing|ation)\b"), r"iz\1"),
    (re.compile(r"tre\b"), "ter"),
    (re.compile(r"ll(ed|ing)\b"), r"l\1"),
)


def _spelling_key(words: str) -> str:
    key = re.sub(r"[\s\-’'.]", "", words.casefold())
    for pattern, replacement in _SPELLING:
        key = pattern.sub(replacement, key)
    return key


def _acronym_of(short: str, long: str) -> bool:
    letters = "".join(w[0] for w in long.split() if w[:1].isalpha()).casefold()
    return short.replace(".", "").casefold() == letters or (short.casefold() == "ok" and long.casefold() == "okay")


def substantive_changes(changes: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The changes between two wordings of a quote that change what was said: not an
    omission (an excerpt), not a figure written another way ("6:41pm" / "18:41"), not a
    spelling ("neighbourhood"), a hyphen or an acronym ("IE" / "Internet Explorer")."""
    out = []
    for before, after in changes:
        if not before or not after:
            continue
        if any(ch.isdigit() for ch in before + after):
            continue
        if _spelling_key(before) == _spelling_key(after):
            continue
        if _acronym_of(before, after) or _acronym_of(after, before):
            continue
        out.append((before, after))
    return out


def quote_conflicts(story: StoryExtraction) -> list[ConflictRecord]:
    """Quotes worded differently by different articles. (A quote only one article
    carries is a single-source detail, flagged on its claim, not a conflict.)"""
    out = []
    for group in story.quote_groups:
        members = list(group.members)
        articles = {q.article_id for q in members}
        speaker = story.speaker_name(group.speaker) or "an unnamed speaker"
        if len(articles) == 1:
            continue
        wordings: dict[str, list[Quote]] = {}
        for quote in members:
            wordings.setdefault(normalize_for_compare(quote.text), []).append(quote)
        if len(wordings) < 2:
            continue
        # The reference is the most printed full wording; an excerpt of it is no change,
        # anything else (a reworded or shortened quote) is.
        full = [k for k, qs in wordings.items() if not qs[0].partial] or list(wordings)
        reference = max(full, key=lambda k: (len(wordings[k]), len(k)))
        changed = [
            qs[0]
            for key, qs in wordings.items()
            if key != reference and not (qs[0].partial and key in reference)
        ]
        if not changed:
            continue
        base = wordings[reference][0]
        changes = substantive_changes(quote_differences(base.text, changed[0].text))
        if not changes:
            continue
        shown = "; ".join(f"“{x or '∅'}” → “{y or '∅'}”" for x, y in changes[:3])
        out.append(
            ConflictRecord(
                "quote_wording",
                f"The words of {speaker} differ between articles: {shown}.",
                tuple(
                    ConflictSide(q.article_id, q.start, q.end, q.text, q.text)
                    for q in [base, *changed]
                ),
                disputes_claim=False,
            )
        )
    return out
