"""The story's lead facts: what happened, when, where, who, how many, each with the
value(s) the sources give, how many independent origins say each, and the passages.

Everything is read from the dossier the pipeline already built (claims with their
supporting passages, conflicts, timeline, entities), so the facts are as traceable as the
rest of the report: every value points to character spans of the articles. A disputed
fact lists every value with its origins, in place ("Dead: 14 (2 origins) · 16 (1)").

Chosen by rules rather than a model, because the choice must be explainable and stable:
the main event is the claim that most origins put at the top of their articles (the
news lead), its date and place are those the lead passages mention, and figures come
from conflicts about numbers and from the numbers in well-supported claims.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from consilience.dossier import (
    Claim,
    Conflict,
    Dossier,
    Entity,
    LeadFact,
    LeadValue,
    Passage,
    TimelineEvent,
)
from consilience.report.view import (
    Source,
    format_date,
    group_wording,
    origins_of,
    plural,
    short,
    sources,
    value_groups,
)

#: Conflict kinds that are not facts of the event itself (wording, spelling, titles).
_NOT_LEAD = {
    "title",
    "quote_wording",
    "unverified_quote",
    "entity_spelling",
    "denial",
    "negation",
    "specificity",
    "attribution",
}
_WHEN_KINDS = {"date", "day", "time", "weekday"}
_WHERE_KINDS = {"place", "direction", "location"}
MAX_DISPUTED = 4
MAX_FIGURES = 3
MAX_WHO = 3
_DISAGREE = re.compile(r"disagree on the (?P<what>[^:]+?):")
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|"
    "hundreds|thousand|thousands|dozen|dozens|million|millions"
)
_TOKEN = re.compile(r"[A-Za-z][\w'-]*|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[^\w\s]")
_NUMBER = re.compile(rf"^(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_NUMBER_WORDS})$", re.I)
_HEDGES = {
    "at",
    "least",
    "more",
    "than",
    "nearly",
    "about",
    "some",
    "over",
    "around",
    "almost",
    "a",
}
#: Words that end the thing a number counts ("23 pirates who ...", "two boats in ...").
_STOPS = set(
    "who that which or of in on at by to for from with was were had has have is are after "
    "before when while into during as than said says but".split()
)
_PLURAL_LIKE = {"people", "men", "women", "children", "crew", "police", "staff", "dead"}
_UNITS = re.compile(
    r"^(?:p\.?m|a\.?m|o'clock|years?|months?|weeks?|days?|hours?|minutes?|seconds?|"
    r"percent|per|cent|times|miles|kilometres|kilometers|km|feet|metres|meters|tons|tonnes)$",
    re.I,
)
#: Words near a figure that say what it counts, for the row's label.
_FIGURE_LABELS = (
    (re.compile(r"\b(?:kill\w*|dead|died|die|death\w*|lives|fatal\w*)\b", re.I), "Dead"),
    (re.compile(r"\b(?:injur\w*|wound\w*|hurt|hospital\w*)\b", re.I), "Injured"),
    (re.compile(r"\b(?:missing)\b", re.I), "Missing"),
    (re.compile(r"\b(?:arrest\w*|captur\w*|detain\w*|held)\b", re.I), "Held"),
    (re.compile(r"\b(?:seiz\w*|confiscat\w*)\b", re.I), "Seized"),
    (re.compile(r"\b(?:rescu\w*|saved|survivor\w*|survived)\b", re.I), "Rescued"),
)


def lead_facts(dossier: Dossier, by_id: dict[str, Source] | None = None) -> list[LeadFact]:
    """The lead facts of ``dossier``, in reading order: what, when, where, who, figures."""
    by_id = by_id if by_id is not None else sources(dossier)
    facts: list[LeadFact] = []
    lead = lead_claim(dossier)
    if lead is not None:
        facts.append(
            LeadFact(
                kind="what",
                label="What",
                values=[_value(lead.text, lead.support, by_id)],
                claim_id=lead.id,
            )
        )
    disputed = sorted(
        (c for c in dossier.conflicts if _is_lead_conflict(c)),
        key=lambda c: -len({s.article_id for s in c.sides}),
    )[:MAX_DISPUTED]
    facts += _when(dossier, lead, disputed, by_id)
    facts += _where(dossier, lead, disputed, by_id)
    who = _who(dossier, lead, by_id)
    if who is not None:
        facts.append(who)
    facts += _figures(dossier, lead, disputed, by_id)
    return facts


def facts_of(dossier: Dossier, by_id: dict[str, Source]) -> list[LeadFact]:
    """The dossier's recorded lead facts; computed here for a dossier written before they
    were recorded."""
    return dossier.story.lead_facts or lead_facts(dossier, by_id)


# --- the main event ----------------------------------------------------------------------


def _sentence_ranks(dossier: Dossier) -> dict[str, list[int]]:
    """Per article, the sorted starts of every passage a claim rests on: a passage's
    index among them is its place in the article's reporting."""
    starts: dict[str, set[int]] = {}
    for claim in dossier.claims:
        for passage in claim.support:
            starts.setdefault(passage.article_id, set()).add(passage.start)
    return {article_id: sorted(found) for article_id, found in starts.items()}


def lead_claim(dossier: Dossier) -> Claim | None:
    """The claim that states the main event: the one most origins open their reporting
    with (its first or second sentence), then the best corroborated."""
    if not dossier.claims:
        return None
    by_id = sources(dossier)
    ranks = _sentence_ranks(dossier)

    def score(claim: Claim) -> tuple[int, int, int, int]:
        leading = [
            p.article_id
            for p in claim.support
            if bisect.bisect_left(ranks.get(p.article_id, []), p.start) < 2
        ]
        opened_by = origins_of(leading, by_id) if leading else 0
        articles = len({p.article_id for p in claim.support})
        return (opened_by, claim.independent_sources, articles, -int(claim.id.lstrip("c") or 0))

    return max(dossier.claims, key=score)


# --- values --------------------------------------------------------------------------------


def _value(text: str, passages: Iterable[Passage], by_id: dict[str, Source]) -> LeadValue:
    kept = list(passages)
    article_ids = list(dict.fromkeys(p.article_id for p in kept))
    return LeadValue(
        value=text,
        origins=origins_of(article_ids, by_id),
        article_ids=article_ids,
        passages=kept,
    )


def _is_lead_conflict(conflict: Conflict) -> bool:
    return (
        conflict.kind not in _NOT_LEAD
        and len(conflict.sides) > 1
        and all(side.value for side in conflict.sides)
    )


def conflict_label(conflict: Conflict) -> str:
    """What a conflict is about, as a row label: "Vessels (held)", "Date (sank)"."""
    what = conflict.about
    if not what:  # a dossier written before conflicts said what they are about
        found = _DISAGREE.search(conflict.summary)
        what = found.group("what") if found else conflict.kind.replace("_", " ")
    what = re.sub(r"^(?:the )?number of ", "", what.strip())
    if conflict.kind in ("number", "update"):  # "people (killed)" reads as "Dead"
        for pattern, label in _FIGURE_LABELS:
            if pattern.search(what):
                return label
    return what[:1].upper() + what[1:]


def _conflict_fact(kind: str, conflict: Conflict, by_id: dict[str, Source]) -> LeadFact:
    """One row per conflict: each value (as its articles print it) with its origins, the
    best supported first."""
    values = [
        _value(
            group_wording(conflict, group),
            [
                Passage(article_id=s.article_id, text=s.text, start=s.start, end=s.end)
                for s in group.sides
            ],
            by_id,
        )
        for group in value_groups(conflict, by_id)
    ]
    values.sort(key=lambda v: (-v.origins, -len(v.article_ids)))
    return LeadFact(
        kind=kind,
        label=conflict_label(conflict),
        values=values,
        disputed=True,
        conflict_id=conflict.id,
    )


def _overlaps(passages: Iterable[Passage], others: Sequence[Passage]) -> bool:
    return any(
        p.article_id == o.article_id and p.start < o.end and o.start < p.end
        for p in passages
        for o in others
    )


# --- when, where, who --------------------------------------------------------------------


def _when(
    dossier: Dossier, lead: Claim | None, disputed: list[Conflict], by_id: dict[str, Source]
) -> list[LeadFact]:
    """The event's date: a disputed date about the lead sentence first (it says the date
    with the disagreement), else the date the lead passages mention, else the date most
    origins mention; other disputed dates follow."""
    lead_support = lead.support if lead else []
    rows = [_conflict_fact("when", c, by_id) for c in disputed if c.kind in _WHEN_KINDS]
    rows.sort(key=lambda r: not _overlaps((p for v in r.values for p in v.passages), lead_support))
    if rows and _overlaps((p for v in rows[0].values for p in v.passages), lead_support):
        return rows[:MAX_DISPUTED]
    dated = [e for e in dossier.timeline if e.precision in ("day", "month") and e.mentions]
    if dated:

        def score(event: TimelineEvent) -> tuple[bool, int, bool, str]:
            return (
                _overlaps(event.mentions, lead_support),
                origins_of(event.article_ids, by_id),
                event.precision == "day",
                event.date,
            )

        best = max(dated, key=score)
        if not rows or score(best)[0]:
            value = _value(format_date(best.date, best.precision), best.mentions, by_id)
            rows.insert(0, LeadFact(kind="when", label="When", values=[value]))
    return rows[:MAX_DISPUTED]


def entity_passages(entity: Entity, dossier: Dossier, limit: int = 1) -> list[Passage]:
    """Where an entity is named: the first ``limit`` occurrences of its name or an alias
    (whole words) in each article that mentions it."""
    names = sorted({entity.name, *entity.aliases}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names if n) + r")(?!\w)")
    articles = {a.id: a for a in dossier.articles}
    out: list[Passage] = []
    for article_id in entity.article_ids or list(articles):
        article = articles.get(article_id)
        if article is None or not article.text:
            continue
        for found in list(pattern.finditer(article.text))[:limit]:
            out.append(
                Passage(
                    article_id=article_id, text=found.group(), start=found.start(), end=found.end()
                )
            )
    return out


def _named(entity: Entity, text: str, *, located: bool = False) -> bool:
    """Whether ``text`` names the entity (after "in", "at", "near" ... when ``located``)."""
    return any(
        name in text and _name_pattern(name, located).search(text)
        for name in (entity.name, *entity.aliases)
        if name
    )


@lru_cache(maxsize=4096)
def _name_pattern(name: str, located: bool) -> re.Pattern[str]:
    before = r"\b(?:in|at|near|off|outside|from|of)\s+(?:the\s+)?" if located else r"(?<!\w)"
    return re.compile(before + re.escape(name) + r"(?!\w)")


def _ranked_entities(
    dossier: Dossier, types: set[str], lead: Claim | None, by_id: dict[str, Source]
) -> list[Entity]:
    lead_text = lead.text if lead else ""

    def score(entity: Entity) -> tuple[bool, bool, int, int]:
        return (
            _named(entity, lead_text, located=True),
            _named(entity, lead_text),
            origins_of(entity.article_ids, by_id),
            entity.mentions,
        )

    found = [e for e in dossier.entities if e.type in types and len(e.article_ids) > 1]
    return sorted(found, key=score, reverse=True)


def _where(
    dossier: Dossier, lead: Claim | None, disputed: list[Conflict], by_id: dict[str, Source]
) -> list[LeadFact]:
    rows = [_conflict_fact("where", c, by_id) for c in disputed if c.kind in _WHERE_KINDS]
    places = _ranked_entities(dossier, {"place"}, lead, by_id)
    if places:
        passages = entity_passages(places[0], dossier)
        if passages:
            value = _value(places[0].name, passages, by_id)
            rows.insert(0, LeadFact(kind="where", label="Where", values=[value]))
    return rows[:MAX_DISPUTED]


def _who(dossier: Dossier, lead: Claim | None, by_id: dict[str, Source]) -> LeadFact | None:
    ranked = _ranked_entities(dossier, {"person", "org"}, lead, by_id)
    values = []
    for entity in ranked[:MAX_WHO]:
        passages = entity_passages(entity, dossier)
        if passages:
            name = entity.name + (f" ({entity.titles[0]})" if entity.titles else "")
            values.append(_value(name, passages, by_id))
    return LeadFact(kind="who", label="Who", values=values) if values else None


# --- figures -------------------------------------------------------------------------------


def _counted(word: str) -> bool:
    low = word.casefold()
    return low in _PLURAL_LIKE or (low.endswith("s") and not low.endswith("ss") and len(low) > 3)


def figure_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of "number + the things it counts" in ``text`` ("23 Somali and Yemeni
    pirates", "three other rifles"), leaving out years, clock times, durations, measures
    and numbers that count nothing plural ("a man", "30 a")."""
    tokens = list(_TOKEN.finditer(text))
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        word = token.group()
        if not _NUMBER.match(word) or re.fullmatch(r"(?:1[89]|20)\d\d", word):
            continue
        if i and spans and tokens[i - 1].end() <= spans[-1][1]:
            continue
        end_at = None
        for j in range(i + 1, min(i + 5, len(tokens))):
            nxt = tokens[j].group()
            low = nxt.casefold()
            if _UNITS.match(nxt) or not nxt[0].isalpha():
                break
            if low in _STOPS:
                break
            if low == "and":
                if j + 1 < len(tokens) and tokens[j + 1].group()[:1].isupper():
                    continue
                break
            if _counted(nxt):
                end_at = tokens[j].end()
        casualty = i > 0 and any(p.search(tokens[i - 1].group()) for p, _ in _FIGURE_LABELS)
        if end_at is None and casualty and i + 1 < len(tokens):
            head = tokens[i + 1].group()
            if head[:1].isalpha() and head.casefold() not in _STOPS:
                end_at = tokens[i + 1].end()  # "killing one man"
        if end_at is None:
            continue
        first = i
        while first > 0 and tokens[first - 1].group().casefold() in _HEDGES:
            first -= 1
        spans.append((tokens[first].start(), end_at))
    return spans


def figure_label(phrase: str, sentence: str) -> str:
    """The row label of a figure: what the sentence says happened to what it counts."""
    for pattern, label in _FIGURE_LABELS:
        if pattern.search(sentence):
            return label
    head = phrase.rsplit(maxsplit=1)[-1]
    return head[:1].upper() + head[1:]


def _figures(
    dossier: Dossier, lead: Claim | None, disputed: list[Conflict], by_id: dict[str, Source]
) -> list[LeadFact]:
    kinds = _WHEN_KINDS | _WHERE_KINDS
    rows = [_conflict_fact("figure", c, by_id) for c in disputed if c.kind not in kinds]
    shown = {
        " ".join(p.text.casefold().split()) for r in rows for v in r.values for p in v.passages
    }
    candidates = [c for c in dossier.claims if c.status != "single_source"]
    candidates.sort(key=lambda c: (c is not lead, -c.independent_sources, -len(c.support)))
    found: dict[tuple[str, str], tuple[str, str, Claim, list[Passage]]] = {}
    for claim in candidates:
        for start, end in figure_phrases(claim.text):
            phrase = claim.text[start:end]
            words = phrase.casefold().split()
            if any(" ".join(words) in s or s in " ".join(words) for s in shown):
                continue
            number = next((w for w in words if _NUMBER.match(w)), words[0])
            key = (number, words[-1])
            finder = re.compile(re.escape(phrase), re.IGNORECASE)
            passages = [
                Passage(
                    article_id=p.article_id,
                    text=found_at.group(),
                    start=p.start + found_at.start(),
                    end=p.start + found_at.end(),
                )
                for p in claim.support
                if (found_at := finder.search(p.text))
            ]
            if key in found:  # "over 30 boats" and "more than 30 boats": one figure
                found[key][3].extend(passages)
            elif passages and len(found) < MAX_FIGURES:
                found[key] = (phrase, figure_label(phrase, claim.text), claim, passages)
    figures = [
        LeadFact(
            kind="figure", label=label, values=[_value(phrase, passages, by_id)], claim_id=c.id
        )
        for phrase, label, c, passages in found.values()
    ]
    return figures[:MAX_FIGURES] + rows[:MAX_DISPUTED]


def fact_line(fact: LeadFact) -> str:
    """A fact as one plain line: "Dead: 14 (2 origins) · 16 (1 origin)"."""
    parts = []
    for value in fact.values:
        limit = 200 if fact.kind == "what" else 80
        parts.append(f"{short(value.value, limit)} ({plural(value.origins, 'origin')})")
    joiner = " · " if fact.disputed else ", "
    tail = " [disputed]" if fact.disputed else ""
    return f"{fact.label}: {joiner.join(parts)}{tail}"
