"""Judge: per claim, who supports it, from how many independent origins, its status, the
conflicts about it and the flags a reader should see; plus the extractive story summary.

Statuses (the dossier contract): ``corroborated`` (two or more origin groups),
``single_origin`` (several articles, one origin), ``single_source`` (one article),
``disputed`` (a conflict disputes its content).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from consilience.align.claims import ClaimCluster, ClaimUnit
from consilience.extract.story import StoryExtraction
from consilience.extract.time import compare_times
from consilience.judge.attributes import death_attribute_conflicts
from consilience.judge.conflicts import (
    ConflictRecord,
    actor_conflicts,
    denial_conflicts,
    negation_conflicts,
)
from consilience.judge.details import detail_claims
from consilience.judge.names import near_name_conflicts, spelling_conflicts, title_conflicts
from consilience.judge.nli import load_nli, nli_conflicts
from consilience.judge.origins import (
    CORROBORATION_MARGIN,
    ClaimOrigin,
    claim_origins,
    independent_count,
)
from consilience.judge.people import given_name_conflicts, name_spelling_conflicts, rank_conflicts
from consilience.judge.values import value_conflicts
from consilience.judge.wording import quote_conflicts
from consilience.provenance import Provenance
from consilience.records import PreparedArticle
from consilience.settings import Settings

#: Below this check-worthiness a multi-article claim is not reported; single-source
#: claims need more (a specific detail), or the one-source list fills with filler.
_MIN_WORTH = 0.3
_MIN_SINGLE_WORTH = 0.45
_SUMMARY_SENTENCES = 5
_STATUS_RANK = {"corroborated": 0, "disputed": 1, "single_origin": 2, "single_source": 3}
_VAGUE_SOURCES = ("experts", "critics", "analysts", "observers", "some", "many", "officials")


@dataclass(frozen=True, slots=True)
class JudgedClaim:
    cluster: ClaimCluster
    status: str
    independent_sources: int
    flags: tuple[tuple[str, str], ...] = ()
    conflicts: tuple[int, ...] = ()
    origins: tuple[ClaimOrigin, ...] = ()


@dataclass(frozen=True, slots=True)
class Judgment:
    claims: tuple[JudgedClaim, ...]
    conflicts: tuple[ConflictRecord, ...]
    summary: tuple[tuple[ClaimUnit, int], ...]


def _reportable(claim: ClaimCluster, story: StoryExtraction, rare: frozenset[str]) -> bool:
    if len(claim.article_ids) > 1:
        return claim.checkworthiness >= _MIN_WORTH
    unit = claim.best
    if {"opinion", "addresses the reader"} & set(unit.reasons):
        return False
    # A single-source claim is worth listing for a specific detail: a figure, a date, a
    # quote, or a name few articles mention (not the names the whole story is about).
    specific = any(a[0] in "#@" or a in rare for a in unit.anchors)
    return (
        specific or bool(_quotes_in(unit, story))
    ) and claim.checkworthiness >= _MIN_SINGLE_WORTH


def _rare_anchors(story: StoryExtraction, n_articles: int) -> frozenset[str]:
    """Entity anchors mentioned by fewer than half of the articles."""
    articles_per_entity = {e.id: len({m.article_id for m in e.mentions}) for e in story.entities}
    limit = max(1, n_articles // 2)
    return frozenset(e for e, n in articles_per_entity.items() if n <= limit)


def _quotes_in(unit: ClaimUnit, story: StoryExtraction) -> list[str]:
    extraction = story.articles.get(unit.article_id)
    if extraction is None:
        return []
    return [q.text for q in extraction.quotes if unit.start <= q.start < unit.end]


def _flags(
    claim: ClaimCluster,
    story: StoryExtraction,
    provenance: Provenance,
    group_of: dict[str, int],
    own_names: dict[str, dict[str, str]],
) -> list[tuple[str, str]]:
    flags: list[tuple[str, str]] = []
    articles = claim.article_ids
    if len(articles) == 1:
        only = articles[0]
        details = _unique_details(claim.best, story, own_names)
        if details:
            flags.append(("unique_detail", f"Only {only} gives: " + "; ".join(details) + "."))
        group = provenance.groups[group_of[only]] if only in group_of else (only,)
        if len(group) > 1:
            others = ", ".join(a for a in group if a != only)
            flags.append(
                (
                    "embellishment",
                    f"{only} adds this to a report it shares with {others}, which do not carry it.",
                )
            )
        if _vague_attribution(claim.best, story):
            flags.append(
                ("vague_attribution", "Attributed only to unnamed experts, critics or officials.")
            )
    specific = _more_specific_dates(claim, story)
    if specific:
        flags.append(("more_specific", specific))
    hedged = [u for u in claim.units if _hedged(u, story)]
    if hedged and len(hedged) == len(claim.units):
        flags.append(("hedged", 'Every source hedges it ("reportedly", "allegedly", "may have").'))
    if all("seo_scaffold" in u.flags for u in claim.units):
        flags.append(("seo_scaffold", "Stated only in SEO scaffolding (a summary list or FAQ)."))
    reasons = set(claim.best.reasons)
    if "opinion" in reasons:
        flags.append(("opinion", "Worded as opinion or evaluation."))
    if "speculation" in reasons and "hedged" not in {k for k, _ in flags}:
        flags.append(("speculation", "Worded as speculation (may, might, could)."))
    return flags


def _names_of_one_article(story: StoryExtraction) -> dict[str, dict[str, str]]:
    """``article -> {entity id: name}`` of the entities only that article names, in the
    story's order of entities (computed once per story, not once per claim)."""
    out: dict[str, dict[str, str]] = {}
    for entity in story.entities:
        articles = {m.article_id for m in entity.mentions}
        if len(articles) == 1:
            out.setdefault(next(iter(articles)), {})[entity.id] = entity.name
    return out


def _unique_details(
    unit: ClaimUnit, story: StoryExtraction, own_names: dict[str, dict[str, str]]
) -> list[str]:
    details = [
        f"the date {t.text} ({t.iso})"
        for t in story.times_in(unit.article_id, unit.sentence)
        if t.iso
    ]
    details += [
        f"the figure “{q.text}”" for q in story.quantities_in(unit.article_id, unit.sentence)
    ]
    names = dict(own_names.get(unit.article_id, {}))
    for mention in story.mentions_in(unit.article_id, unit.sentence):
        entity = story.entity_of.get((mention.article_id, mention.start, mention.end))
        if entity in names:
            details.append(f"the name {names.pop(entity)}")
    details += [f"the quote “{q}”" for q in _quotes_in(unit, story)]
    return details


def _more_specific_dates(claim: ClaimCluster, story: StoryExtraction) -> str | None:
    """A day (or week) given by some sources inside a month, week or day range that the
    others give: not a conflict, but only those sources vouch for the precise date."""
    precise: dict[str, list[str]] = {}
    vaguer: list[str] = []
    for a in claim.units:
        for ta in story.times_in(a.article_id, a.sentence):
            if ta.precision not in ("day", "time"):
                continue
            for b in claim.units:
                if b.article_id == a.article_id:
                    continue
                for tb in story.times_in(b.article_id, b.sentence):
                    if (
                        tb.precision in ("month", "week", "range")
                        and compare_times(ta, tb) == "more_specific"
                    ):
                        precise.setdefault(f"“{ta.text}” ({ta.iso})", []).append(a.article_id)
                        vaguer.append(f"“{tb.text}”")
    if not precise:
        return None
    parts = [
        f"{_join(ids)} give{'s' if len(set(ids)) == 1 else ''} the day {value}"
        for value, ids in precise.items()
    ]
    return "; ".join(parts) + f", where others say only {', '.join(dict.fromkeys(vaguer))}."


def _join(ids: list[str]) -> str:
    unique = list(dict.fromkeys(ids))
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " and " + unique[-1]


def _hedged(unit: ClaimUnit, story: StoryExtraction) -> bool:
    extraction = story.articles.get(unit.article_id)
    return extraction is not None and any(
        unit.start <= h.start < unit.end for h in extraction.hedges
    )


def _vague_attribution(unit: ClaimUnit, story: StoryExtraction) -> bool:
    extraction = story.articles.get(unit.article_id)
    if extraction is None:
        return False
    found = [a for a in extraction.attributions if unit.start <= a.start < unit.end]
    return bool(found) and all(
        a.kind == "anonymous"
        and a.source.lower().split()[-1:]
        and a.source.lower().split()[-1] in _VAGUE_SOURCES
        for a in found
    )


def judge_story(
    articles: Sequence[PreparedArticle],
    clusters: Sequence[ClaimCluster],
    story: StoryExtraction,
    provenance: Provenance,
    settings: Settings,
    *,
    claim_threshold: float,
) -> Judgment:
    rare = _rare_anchors(story, len(articles))
    aligned = [c for c in clusters if _reportable(c, story, rare)]
    texts = {p.id: p.article.text for p in articles}
    sentence_spans = {p.id: [(s.start, s.end) for s in p.sentences] for p in articles}
    # Conflicts are looked for on the claims as aligned: two origins that word a fact
    # differently enough not to corroborate each other can still disagree about it.
    conflicts: list[ConflictRecord] = []
    conflicts += value_conflicts(articles, story, aligned)
    conflicts += death_attribute_conflicts(articles, story)
    conflicts += negation_conflicts(aligned, story)
    if settings.nli != "structural":
        conflicts += nli_conflicts(aligned, load_nli(settings.nli))
    conflicts += actor_conflicts(aligned, story)
    conflicts += denial_conflicts(aligned, texts, sentence_spans)
    conflicts += title_conflicts(story)
    conflicts += quote_conflicts(story)
    conflicts += spelling_conflicts(story)
    conflicts += near_name_conflicts(story)
    conflicts += rank_conflicts(story)
    conflicts += given_name_conflicts(articles, story)
    conflicts += name_spelling_conflicts(story)
    kept = aligned + [d for d in detail_claims(aligned, story) if _reportable(d, story, rare)]
    conflicts = _attach_to_claims([_detached(c) for c in conflicts], kept)
    judged: list[JudgedClaim] = []
    stems: dict[tuple[str, int], frozenset[str]] = {}
    group_of = provenance.group_of()
    own_names = _names_of_one_article(story)
    conflicts_of: dict[int, list[int]] = {}
    for number, conflict in enumerate(conflicts):
        for claim_index in dict.fromkeys(conflict.claims):
            conflicts_of.setdefault(claim_index, []).append(number)
    for index, cluster in enumerate(kept):
        mine = tuple(conflicts_of.get(index, ()))
        origins = claim_origins(
            cluster, provenance, story, claim_threshold + CORROBORATION_MARGIN, stems
        )
        independent = independent_count(origins)
        if any(conflicts[i].disputes_claim for i in mine):
            status = "disputed"
        elif independent >= 2:
            status = "corroborated"
        elif len(cluster.article_ids) >= 2:
            status = "single_origin"
        else:
            status = "single_source"
        judged.append(
            JudgedClaim(
                cluster=cluster,
                status=status,
                independent_sources=independent,
                flags=tuple(_flags(cluster, story, provenance, group_of, own_names)),
                conflicts=mine,
                origins=origins,
            )
        )
    counts = _sentence_counts(articles)
    order = sorted(
        range(len(judged)),
        key=lambda i: (
            _STATUS_RANK[judged[i].status],
            -judged[i].independent_sources,
            -len(judged[i].cluster.article_ids),
            _position(judged[i].cluster, counts),
        ),
    )
    ordered = [judged[i] for i in order]
    remap = {old: new for new, old in enumerate(order)}
    conflicts = [replace(c, claims=tuple(sorted(remap[i] for i in c.claims))) for c in conflicts]
    return Judgment(
        claims=tuple(ordered),
        conflicts=tuple(conflicts),
        summary=tuple(_summary(ordered, articles)),
    )


def _detached(conflict: ConflictRecord) -> ConflictRecord:
    """The conflict without its claim indexes (they pointed at the aligned claims, before
    weakly corroborated origins were split off); it is attached again by its sides."""
    return replace(conflict, claims=())


def _attach_to_claims(
    conflicts: list[ConflictRecord], claims: Sequence[ClaimCluster]
) -> list[ConflictRecord]:
    """Conflicts point at the claims whose sentences hold one of their sides (for titles
    and spellings, the odd side only: the minority title, the misspelling). Single-article
    quotes stay story-wide: the quote is the finding, not the claim around it."""
    units_of: dict[str, list[tuple[int, int, int]]] = {}
    for index, claim in enumerate(claims):
        for unit in claim.units:
            units_of.setdefault(unit.article_id, []).append((index, unit.start, unit.end))
    out = []
    for conflict in conflicts:
        if conflict.kind == "unverified_quote":
            out.append(conflict)
            continue
        sides = conflict.sides
        if conflict.kind in ("title", "entity_spelling", "name"):
            sides = tuple(s for s in sides if s.value == sides[0].value)
        attached = sorted(
            {
                index
                for side in sides
                for index, start, end in units_of.get(side.article_id, ())
                if start <= side.start < end
            }
        )
        out.append(replace(conflict, claims=tuple(attached)))
    return out


def _sentence_counts(articles: Sequence[PreparedArticle]) -> dict[str, int]:
    return {p.id: max(1, len(p.sentences)) for p in articles}


def _position(cluster: ClaimCluster, counts: dict[str, int]) -> float:
    """Mean relative position (0 = top) of the claim's sentences in their articles
    (``counts``: each article's number of sentences, at least 1)."""
    return sum(u.sentence / counts[u.article_id] for u in cluster.units) / len(cluster.units)


_ANAPHORIC_OPENER = re.compile(
    r"^\W*(this|these|that|those|it|its|he|she|they|his|her|their|the move|the outlet|"
    r"however|but|still|yet|also|moreover|furthermore|meanwhile)\b",
    re.IGNORECASE,
)


def _summary(
    claims: Sequence[JudgedClaim], articles: Sequence[PreparedArticle]
) -> list[tuple[ClaimUnit, int]]:
    """The story in a few sentences, each taken verbatim from a source: the best-supported
    claims whose wording stands on its own (no "This"/"He"/"However" pointing back at
    text the reader has not seen), told in the order the articles tell them."""
    chosen = [
        (i, c)
        for i, c in enumerate(claims)
        if c.status in ("corroborated", "single_origin")
        and not {"opinion", "speculation", "filler"} & set(c.cluster.best.reasons)
        and not _ANAPHORIC_OPENER.match(c.cluster.best.text)
    ][:_SUMMARY_SENTENCES]
    if not chosen:
        chosen = list(enumerate(claims))[:1]
    counts = _sentence_counts(articles)
    chosen.sort(key=lambda item: _position(item[1].cluster, counts))
    return [(c.cluster.best, i) for i, c in chosen]
