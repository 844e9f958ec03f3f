"""Conflicts over values: figures, amounts, shares, durations, ages, ordinal days, dates
and relative places, each compared only with values about the same referent
(:mod:`consilience.judge.referents`).

How two values disagree is read the way news writes them: "more than 200" means two
hundred and some, not any number above 200 ("more than 200 people arrested" and "more
than 400 detained" disagree); "nearly 300" is just under 300 and "more than 300" just
over; a round figure stands for its neighbourhood; "a week" is about seven days; amounts
in two currencies disagree only when no exchange rate could make them meet. A count that
grows between an earlier and a later dated report of a toll-like figure is an *update*,
shown with both dates, not an error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

from consilience.align.claims import ClaimCluster
from consilience.extract.directions import bearings_disagree
from consilience.extract.numbers import quantity_reading
from consilience.extract.story import StoryExtraction
from consilience.judge.conflicts import (
    ConflictRecord,
    ConflictSide,
    dates_a_statement,
    dates_compatible,
    first_per_article,
    label,
)
from consilience.judge.frames import TIME_UNITS, ValueMention, loose_date_key, story_mentions
from consilience.judge.referents import (
    ALIGNED_SIMILARITY,
    PREDICATE_KINDS,
    Referent,
    context_weights,
    same_referent,
)
from consilience.records import PreparedArticle, Quantity

SentenceKey = tuple[str, int]

#: Reading of comparators as news uses them: (low, high) multipliers of the value.
_LOWER_BOUND = (1.0, 1.25)
_UPPER_BOUND = (0.8, 1.0)
_JUST_UNDER = (0.93, 1.0)
_ABOUT = (0.9, 1.1)
_ROUND = 0.025
#: Two amounts in different currencies disagree only past this ratio.
_CURRENCY_RATIO = 5.0
#: Predicates whose counts only grow as a story goes on (tolls, arrests, days of unrest).
_CUMULATIVE = frozenset(
    {"dead", "injured", "arrested", "missing", "rescued", "displaced", "damaged", "infected",
     "protested", "lasted"}
)  # fmt: skip
_NEARLY = re.compile(r"^\s*(nearly|almost|just\s+under|close\s+to|approaching)\b", re.I)
_A_UNIT = re.compile(r"^\s*(a|an|one)\s+\w+$", re.I)


def _interval(q: Quantity) -> tuple[float, float]:
    low, high = q.value, q.value if q.value_max is None else q.value_max
    if q.comparator in (">", ">="):
        floor = math.nextafter(low, math.inf) if q.comparator == ">" else low
        return floor * _LOWER_BOUND[0], high * _LOWER_BOUND[1]
    if q.comparator in ("<", "<="):
        ceiling = math.nextafter(high, -math.inf) if q.comparator == "<" else high
        return low * _UPPER_BOUND[0], ceiling * _UPPER_BOUND[1]
    if q.comparator == "~":
        if _NEARLY.match(q.text):  # "nearly 300" is under 300
            return low * _JUST_UNDER[0], math.nextafter(high, -math.inf)
        return low * _ABOUT[0], high * _ABOUT[1]
    if q.value_max is None and q.value >= 100 and q.value % 100 == 0:
        return low * (1 - _ROUND), high * (1 + _ROUND)
    if q.value_max is None and q.value != int(q.value):
        # "20.6 percent" may be printed "20 percent" or "21 percent".
        return math.floor(low), math.ceil(high)
    return low, high


def _scaled(q: Quantity, factor: float) -> tuple[float, float]:
    low, high = _interval(q)
    if _A_UNIT.match(q.text):  # "a week" is about a week
        low, high = low * 0.7, high * 1.5
    return low * factor, high * factor


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def values_disagree(a: ValueMention, b: ValueMention, story: StoryExtraction) -> bool:
    if a.kind == "place":
        return a.place is not None and b.place is not None and bearings_disagree(a.place, b.place)
    if a.kind == "ordinal":
        return a.ordinal != b.ordinal
    if a.kind == "date":
        if a.time is None or b.time is None:
            return False
        if a.time.start_date is None or b.time.start_date is None:
            ka, kb = loose_date_key(a.time), loose_date_key(b.time)
            if ka is None or kb is None or ka[0] != kb[0]:
                return False
            if ka[0] == "month-day" and ka[1].split("-")[0] != kb[1].split("-")[0]:
                # Undated days of two different months are more often two events than
                # one event misdated ("released Oct. 23" / "Dec. 9").
                return False
            return ka != kb
        return not dates_compatible(a.time, b.time, story)
    qa, qb = a.quantity, b.quantity
    if qa is None or qb is None:
        return False
    if a.kind == "duration":
        fa, fb = TIME_UNITS.get(qa.unit or "", 0.0), TIME_UNITS.get(qb.unit or "", 0.0)
        return bool(fa and fb) and not _overlap(_scaled(qa, fa), _scaled(qb, fb))
    if a.kind == "money":
        # "$" is several currencies (US, Canadian, Australian...) and every amount may be
        # converted: two amounts disagree only where no rate could make them meet.
        low_a, high_a = _interval(qa)
        low_b, high_b = _interval(qb)
        if high_a <= 0 or high_b <= 0:
            return False
        return max(low_a / high_b, low_b / high_a) >= _CURRENCY_RATIO
    return not _overlap(_interval(qa), _interval(qb))


def _display(m: ValueMention) -> str:
    if m.kind == "date" and m.time is not None:
        return f"“{m.text}” = {m.time.iso or m.text}"
    if m.kind == "ordinal":
        return f"“{m.text}”"
    if m.quantity is not None and m.kind != "age":
        return f"“{m.text}” ({quantity_reading(m.quantity)})"
    return f"“{m.text}”"


def _bucket(m: ValueMention) -> tuple[str, str]:
    if m.kind == "count" and m.unit.startswith("person"):
        return m.kind, "person"
    if m.kind == "date":
        return m.kind, m.work or ""
    if m.kind in ("count", "place", "ordinal"):
        return m.kind, m.unit
    return m.kind, ""


_NOUN = {
    "count": "number",
    "money": "amount",
    "percent": "share",
    "measure": "figure",
    "duration": "duration",
    "age": "age",
    "ordinal": "count of days",
    "date": "date",
    "place": "place",
}
_KIND = {
    "count": "number",
    "money": "number",
    "percent": "number",
    "measure": "number",
    "age": "number",
    "ordinal": "number",
    "duration": "duration",
    "date": "date",
    "place": "direction",
}


def aligned_sentences(
    claims: Sequence[ClaimCluster],
) -> dict[tuple[SentenceKey, SentenceKey], float]:
    """Similarity of every pair of sentences that one claim holds."""
    out: dict[tuple[SentenceKey, SentenceKey], float] = {}
    for claim in claims:
        if not claim.similarities:
            continue
        for i, a in enumerate(claim.units):
            for j, b in enumerate(claim.units):
                if a.article_id != b.article_id:
                    out[((a.article_id, a.sentence), (b.article_id, b.sentence))] = (
                        claim.similarities[i][j]
                    )
    return out


def value_conflicts(
    articles: Sequence[PreparedArticle],
    story: StoryExtraction,
    claims: Sequence[ClaimCluster] = (),
) -> list[ConflictRecord]:
    """One conflict per referent on which articles give values that cannot both be true."""
    aligned = aligned_sentences(claims)
    mentions = [
        m
        for m in story_mentions(articles, story)
        if not (m.kind == "date" and dates_a_statement_mention(m, story))
    ]
    n_sentences = sum(len(p.evidence_sentences()) for p in articles)
    weights = context_weights(mentions, n_sentences)
    buckets: dict[tuple[str, str], list[int]] = {}
    for index, mention in enumerate(mentions):
        buckets.setdefault(_bucket(mention), []).append(index)
    clashes: list[tuple[int, int, Referent]] = []
    agrees: dict[int, list[int]] = {}
    aligned_with: dict[SentenceKey, list[SentenceKey]] = {}
    for (left, right), alike in aligned.items():
        if alike >= ALIGNED_SIMILARITY:
            aligned_with.setdefault(left, []).append(right)
            aligned_with.setdefault(right, []).append(left)
    for bucket, members in buckets.items():
        for i, j in _referent_candidates(bucket, members, mentions, aligned_with):
            a, b = mentions[i], mentions[j]
            similarity = aligned.get(((a.article_id, a.sentence), (b.article_id, b.sentence)))
            referent = same_referent(a, b, weights, similarity)
            if referent is None:
                continue
            if values_disagree(mentions[i], mentions[j], story):
                clashes.append((i, j, referent))
            else:
                agrees.setdefault(i, []).append(j)
                agrees.setdefault(j, []).append(i)
    published = {p.id: p.article.published for p in articles}
    return _records(mentions, clashes, agrees, story, published)


def _referent_candidates(
    bucket: tuple[str, str],
    members: list[int],
    mentions: Sequence[ValueMention],
    aligned_with: Mapping[SentenceKey, Sequence[SentenceKey]],
) -> Iterable[tuple[int, int]]:
    """The pairs of a bucket's mentions (ascending ``members``) that can be about one
    thing, in the order of ``combinations(members, 2)``. For the kinds that need one
    predicate (:data:`PREDICATE_KINDS`, a dated work aside) only pairs naming the same
    predicate or in sentences stating one claim can be: the others, most pairs of a big
    story's dates, are never compared (:func:`same_referent` would refuse them)."""
    kind, key = bucket
    if kind not in PREDICATE_KINDS or (kind == "date" and key):
        return combinations(members, 2)
    by_predicate: dict[str, list[int]] = {}
    by_sentence: dict[SentenceKey, list[int]] = {}
    for i in members:
        mention = mentions[i]
        if mention.predicate:
            by_predicate.setdefault(mention.predicate, []).append(i)
        by_sentence.setdefault((mention.article_id, mention.sentence), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for group in by_predicate.values():
        pairs.update(combinations(group, 2))
    for i in members:
        mention = mentions[i]
        for other in aligned_with.get((mention.article_id, mention.sentence), ()):
            pairs.update((i, j) for j in by_sentence.get(other, ()) if i < j)
    return sorted(pairs)


def dates_a_statement_mention(m: ValueMention, story: StoryExtraction) -> bool:
    return m.time is not None and dates_a_statement(m.time, story.texts[m.article_id])


def _records(
    mentions: Sequence[ValueMention],
    clashes: Sequence[tuple[int, int, Referent]],
    agrees: Mapping[int, Sequence[int]],
    story: StoryExtraction,
    published: Mapping[str, str | None],
) -> list[ConflictRecord]:
    parent = list(range(len(mentions)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in clashes:
        parent[find(i)] = find(j)
    # Two clashes over one referent ("Thursday" vs "Friday" found twice through different
    # pairs) are one conflict: values that agree join their clashes.
    involved = {i for i, _, _ in clashes} | {j for _, j, _ in clashes}
    for i in involved:
        for j in agrees.get(i, ()):
            if j in involved:
                parent[find(i)] = find(j)
    by_root: dict[int, list[tuple[int, int, Referent]]] = {}
    for clash in clashes:
        by_root.setdefault(find(clash[0]), []).append(clash)
    out = []
    for found in by_root.values():
        members = sorted({i for i, _, _ in found} | {j for _, j, _ in found})
        # The agreeing values of the same referent stand on the side they agree with.
        extended = set(members)
        for i in members:
            extended.update(agrees.get(i, ()))
        record = _record(
            [mentions[i] for i in sorted(extended)], found[0][2], mentions, story, published
        )
        if record is not None:
            out.append(record)
    return out


def _record(
    members: Sequence[ValueMention],
    referent: Referent,
    everything: Sequence[ValueMention],
    story: StoryExtraction,
    published: Mapping[str, str | None],
) -> ConflictRecord | None:
    del everything
    groups: list[list[ValueMention]] = []
    for mention in members:
        home = next(
            (g for g in groups if all(not values_disagree(mention, o, story) for o in g)), None
        )
        if home is None:
            groups.append([mention])
        else:
            home.append(mention)
    # An article whose values fall on two sides (two different things) speaks for none.
    article_groups: dict[str, set[int]] = {}
    for number, group in enumerate(groups):
        for m in group:
            article_groups.setdefault(m.article_id, set()).add(number)
    sides = [[m for m in g if article_groups[m.article_id] == {n}] for n, g in enumerate(groups)]
    sides = [first_per_article(s) for s in sides if s]
    if len(sides) < 2:
        return None
    sides.sort(key=len, reverse=True)
    first = members[0]
    noun = _NOUN[first.kind]
    if first.kind == "count" and first.unit:
        thing = first.unit.split(":")[-1]
        noun = "number of people" if first.unit.startswith("person") else f"number of {thing}s"
    if first.predicate:
        noun += f" ({first.predicate})"
    kind = _KIND[first.kind]
    update = _update(sides, first, published)
    parts = [f"{_display(s[0])} ({label(m.article_id for m in s)})" for s in sides]
    if update:
        kind = "update"
        summary = f"The {noun} changes between reports: {update}."
    else:
        summary = f"Sources disagree on the {noun}: " + " vs ".join(parts) + "."
    return ConflictRecord(
        kind,
        summary,
        tuple(
            ConflictSide(m.article_id, m.start, m.end, m.text, _value_text(m))
            for s in sides
            for m in s
        ),
        reason=referent.reason + ".",
        about=noun,
    )


def _value_text(m: ValueMention) -> str:
    if m.kind == "date" and m.time is not None:
        return m.time.iso or m.text
    if m.kind == "place" and m.place is not None:
        return m.text
    if m.quantity is not None:
        return quantity_reading(m.quantity)
    return m.text


def _update(
    sides: Sequence[Sequence[ValueMention]],
    first: ValueMention,
    published: Mapping[str, str | None],
) -> str | None:
    """ "rose from 1 (a3, 2026-03-10) to 24 (a7, 2026-03-11)" when every side is dated, the
    figure is a toll-like count and it only grows with time."""
    if first.predicate not in _CUMULATIVE and first.kind != "ordinal":
        return None
    if first.kind not in ("count", "ordinal", "duration"):
        return None
    dated = []
    for side in sides:
        times = sorted(filter(None, (published.get(m.article_id) for m in side)))
        if not times:
            return None
        value = float(side[0].ordinal or 0) if side[0].kind == "ordinal" else _magnitude(side[0])
        dated.append((times[0], value, side))
    dated.sort(key=lambda d: d[0])
    values = [d[1] for d in dated]
    if len({d[0] for d in dated}) < len(dated) or values != sorted(values):
        return None
    steps = [
        f"{_display(side[0])} ({label(m.article_id for m in side)}, {time})"
        for time, _, side in dated
    ]
    return "from " + " to ".join(steps)


def _magnitude(m: ValueMention) -> float:
    if m.quantity is None:
        return 0.0
    factor = TIME_UNITS.get(m.quantity.unit or "", 1.0) if m.kind == "duration" else 1.0
    return m.quantity.value * factor
