"""Provenance: which passages and which articles trace back to one original report.

Lineage is found at the level of passages and summarized at the level of articles:

1. **Passages** (:mod:`.reuse`, :mod:`.rewrite`): sentences reused verbatim or lightly
   edited between two articles (trigram containment on an inverted index), and articles
   that retell another sentence by sentence (monotone alignment of similar sentences).
   Quoted words weigh half: two reporters can quote one statement.
2. **Credits** (:mod:`.credits`): wire credits (datelines, bylines, sign-offs) and in-text
   credits ("told Reuters", "according to AFP"). A sentence that credits an outlet rests
   on that outlet's report.
3. **Articles** (:mod:`.groups`): each article points at its main source when the evidence
   is strong and the source stands out; connected articles form an origin group, except
   through *mixed* articles (wire paragraphs beside their own reporting, or two lines
   combined), which are shown as mixed and never chain two lines. Articles that rest on
   the same credited report as a whole are one origin too.
4. **Claims** (:mod:`.lineage`): every evidence sentence gets a lineage: the reused
   passage it belongs to, the credited report it rests on, or its article's origin group
   when the article is wholly derived. A claim's independent origins are the lineages of
   its supporting sentences, not the groups of their articles.

Direction (who came first) comes from publication dates when both are known; otherwise
an edge says that the order is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from consilience.align.claims import ClaimCluster
from consilience.extract.story import StoryExtraction
from consilience.provenance.credits import WireCredit, basis_outlet, lede_outlets, wire_credits
from consilience.provenance.groups import (
    Grouping,
    Link,
    LinkWeights,
    default_weights,
    derivation_links,
    join_credited,
    link_strengths,
    origin_groups,
)
from consilience.provenance.lineage import sentence_lineages
from consilience.provenance.phrases import SharedPhrases, phrase_sets, shared_rare_phrases
from consilience.provenance.reuse import ReusedSentence, ReuseIndex, build_reuse_index
from consilience.provenance.rewrite import rewrite_coverage, similar_pairs
from consilience.records import CitedOutlet, PreparedArticle
from consilience.settings import Settings
from consilience.textspan import normalize_for_compare

__all__ = [
    "ArticleLineage",
    "LineageEvidence",
    "Provenance",
    "ProvenanceEdge",
    "group_origins",
    "measure_lineage",
    "trace_provenance",
]

Derivation = Literal["original", "wholly_derived", "partially_derived", "mixed", "independent"]
#: Share of an article's words reused from outside its own origin group above which it is
#: called partially derived.
_PARTIAL_SHARE = 0.1
_HEADLINE_MIN_WORDS = 4


@dataclass(frozen=True, slots=True)
class ProvenanceEdge:
    source: str
    target: str
    kind: str
    score: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class ArticleLineage:
    """Where one article's text comes from, on METER's scale (wholly / partially /
    non-derived), with mixed articles named as such."""

    article_id: str
    derivation: Derivation
    #: the articles (in this story) the article reuses or retells most
    sources: tuple[str, ...] = ()
    #: outlets credited for the article as a whole (dateline, byline, sign-off, or
    #: credited throughout)
    rests_on: str | None = None
    #: share of the article's words in sentences reused from other articles
    reused_share: float = 0.0
    note: str = ""


@dataclass(frozen=True, slots=True)
class Provenance:
    groups: tuple[tuple[str, ...], ...]
    edges: tuple[ProvenanceEdge, ...]
    findings: tuple[str, ...]
    articles: tuple[ArticleLineage, ...] = ()
    #: reused sentence pairs (verbatim or lightly edited)
    reused: tuple[ReusedSentence, ...] = ()
    #: (article id, sentence index) -> lineage key of that sentence
    lineage: Mapping[tuple[str, int], str] = field(default_factory=dict)
    #: lineage key -> a reader's label ("AP line (a2, a4)", "credited to Reuters", "a7")
    lineage_labels: Mapping[str, str] = field(default_factory=dict)

    def group_of(self) -> dict[str, int]:
        return {a: i for i, group in enumerate(self.groups) for a in group}

    def lineage_of(self, article_id: str, sentence: int) -> str:
        return self.lineage.get((article_id, sentence), f"article:{article_id}")


def _order(a: PreparedArticle, b: PreparedArticle) -> tuple[PreparedArticle, PreparedArticle, bool]:
    """(earlier, later, known): the earlier article is the likely source."""
    da, db = a.article.published_date, b.article.published_date
    if da and db and da != db:
        return (a, b, True) if da < db else (b, a, True)
    return a, b, False


def _headlines(articles: Sequence[PreparedArticle]) -> dict[str, str]:
    out = {}
    for prepared in articles:
        words = normalize_for_compare(prepared.article.title or "")
        if len(words.split()) >= _HEADLINE_MIN_WORDS:
            out[prepared.id] = words
    return out


@dataclass(frozen=True)
class LineageEvidence:
    """Everything measured from the texts before it is weighed: reused sentences, the
    coverage figures, shared rare phrases, headlines, credits and the claims' articles."""

    ids: tuple[str, ...]
    index: ReuseIndex
    copy: Mapping[tuple[str, str], float]
    rewrite: Mapping[tuple[str, str], float]
    phrases: Mapping[tuple[str, str], SharedPhrases]
    headlines: Mapping[str, str]
    cited: Mapping[str, Sequence[CitedOutlet]]
    wire: Mapping[str, Sequence[WireCredit]]
    basis: Mapping[str, str | None]
    lede: Mapping[str, frozenset[str]]
    claim_articles: tuple[frozenset[str], ...]


def measure_lineage(
    articles: Sequence[PreparedArticle], claims: Sequence[ClaimCluster], story: StoryExtraction
) -> LineageEvidence:
    quotes = {aid: extraction.quotes for aid, extraction in story.articles.items()}
    index = build_reuse_index(articles, quotes)
    flat = [s for found in index.sentences.values() for s in found]
    texts = [story.texts[s.article_id][s.start : s.end] for s in flat]
    cited = {aid: extraction.cited_outlets for aid, extraction in story.articles.items()}
    wire = {p.id: wire_credits(p) for p in articles}
    return LineageEvidence(
        ids=tuple(p.id for p in articles),
        index=index,
        copy=index.coverage(),
        rewrite=rewrite_coverage(flat, similar_pairs(flat, texts), index.pairs),
        phrases=shared_rare_phrases({a: phrase_sets(s) for a, s in index.sentences.items()}),
        headlines=_headlines(articles),
        cited=cited,
        wire=wire,
        basis={p.id: basis_outlet(p, wire[p.id], cited.get(p.id, ())) for p in articles},
        lede={p.id: lede_outlets(p, cited.get(p.id, ())) for p in articles},
        claim_articles=tuple(frozenset(c.core_article_ids) for c in claims),
    )


def group_origins(
    evidence: LineageEvidence, weights: LinkWeights
) -> tuple[Grouping, list[tuple[str, str, str]], dict[tuple[str, str], Link]]:
    """(origin groups, articles joined to a credited report with the reason, the link
    strengths) for the evidence weighed with ``weights``."""
    ids = evidence.ids
    strengths = link_strengths(
        ids, evidence.copy, evidence.rewrite, evidence.phrases, evidence.headlines, weights
    )
    grouping = origin_groups(ids, derivation_links(ids, strengths, weights), strengths, weights)
    grouping, joined = join_credited(
        ids, grouping, evidence.basis, evidence.lede, evidence.claim_articles
    )
    return grouping, joined, strengths


def trace_provenance(
    articles: Sequence[PreparedArticle],
    claims: Sequence[ClaimCluster],
    story: StoryExtraction,
    settings: Settings,
    *,
    weights: LinkWeights | None = None,
) -> Provenance:
    """Origin groups, passage lineages, scored edges and a finding per grouping reason."""
    del settings  # the weights are data (groups.default_weights)
    evidence = measure_lineage(articles, claims, story)
    grouping, joined, strengths = group_origins(evidence, weights or default_weights())
    by_id = {p.id: p for p in articles}
    edges = _reuse_edges(grouping.links, by_id, strengths)
    edges += _credit_edges(articles, evidence.cited, evidence.wire, evidence.basis, joined)
    lineages = tuple(
        _article_lineage(p.id, grouping, evidence.copy, evidence.basis, evidence.wire)
        for p in articles
    )
    lineage, labels = sentence_lineages(
        articles, grouping.groups, evidence.index.pairs, evidence.cited, evidence.basis
    )
    findings = [_edge_finding(e) for e in edges]
    findings += [
        f"{m} is mixed: it draws on "
        + " and on ".join(", ".join(line) for line in lines)
        + "; it counts with each for the passages it shares with it, and does not join them."
        for m, lines in grouping.mixed.items()
    ]
    findings += _first_appearances(articles, grouping.groups)
    return Provenance(
        groups=grouping.groups,
        edges=tuple(_dedupe(edges)),
        findings=tuple(findings),
        articles=lineages,
        reused=tuple(evidence.index.pairs),
        lineage=lineage,
        lineage_labels=labels,
    )


def _clip(text: str, words: int = 18) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _reuse_edges(
    links: Sequence[Link],
    by_id: Mapping[str, PreparedArticle],
    strengths: Mapping[tuple[str, str], Link],
) -> list[ProvenanceEdge]:
    edges = []
    for link in links:
        source, target, known = _order(by_id[link.source], by_id[link.derived])
        if not known:
            source, target = by_id[link.source], by_id[link.derived]
        back = strengths.get((link.source, link.derived))
        parts = []
        if link.copy:
            parts.append(
                f"{link.copy:.0%} of {link.derived}'s words are in sentences {link.source} also prints"
            )
        if link.rewrite > link.copy + 0.05:
            parts.append(
                f"{link.rewrite:.0%} of {link.derived} retells {link.source} sentence by sentence, in order"
            )
        if back is not None and back.copy:
            parts.append(f"{back.copy:.0%} of {link.source}'s words reappear in {link.derived}")
        if not known:
            parts.append("which came first is unknown")
        edges.append(
            ProvenanceEdge(
                source.id,
                target.id,
                "text_reuse",
                round(min(1.0, link.strength), 3),
                "; ".join(parts),
            )
        )
    return edges


def _outlet_key(name: str | None) -> str:
    key = normalize_for_compare(name or "")
    return key.removeprefix("the ").replace(".com", "").strip()


def _credit_edges(
    articles: Sequence[PreparedArticle],
    cited: Mapping[str, Sequence[CitedOutlet]],
    wire: Mapping[str, Sequence[WireCredit]],
    basis: Mapping[str, str | None],
    joined: Sequence[tuple[str, str, str]],
) -> list[ProvenanceEdge]:
    """An article crediting another article's outlet; articles resting on one report."""
    by_outlet = {_outlet_key(p.article.outlet): p for p in articles if p.article.outlet}
    edges: list[ProvenanceEdge] = []
    for prepared in articles:
        names = [c.outlet for c in cited.get(prepared.id, ())] + [
            c.outlet for c in wire.get(prepared.id, ())
        ]
        for name in dict.fromkeys(names):
            credited = by_outlet.get(_outlet_key(name))
            if credited is not None and credited.id != prepared.id:
                edges.append(
                    ProvenanceEdge(
                        credited.id,
                        prepared.id,
                        "cites",
                        1.0,
                        f"{prepared.id} credits {name}, the outlet of {credited.id}",
                    )
                )
    resting: dict[str, list[str]] = {}
    for prepared in articles:
        outlet = basis.get(prepared.id)
        if outlet:
            resting.setdefault(outlet, []).append(prepared.id)
    for outlet, members in resting.items():
        for other in members[1:]:
            edges.append(
                ProvenanceEdge(
                    members[0], other, "cites", 1.0, f"both rest on {outlet}'s report as a whole"
                )
            )
    for article_id, outlet, why in joined:
        anchor = resting.get(outlet, [article_id])[0]
        kind = "cites" if "lede" in why else "shared_details"
        edges.append(
            ProvenanceEdge(
                anchor, article_id, kind, 0.5, f"{article_id} joins {outlet}'s report: {why}"
            )
        )
    return edges


def _article_lineage(
    article_id: str,
    grouping: Grouping,
    copy: Mapping[tuple[str, str], float],
    basis: Mapping[str, str | None],
    wire: Mapping[str, Sequence[WireCredit]],
) -> ArticleLineage:
    group = next(g for g in grouping.groups if article_id in g)
    outside = [(share, b) for (a, b), share in copy.items() if a == article_id and b not in group]
    inside = [(share, b) for (a, b), share in copy.items() if a == article_id and b in group]
    sources = tuple(b for _, b in sorted(inside + outside, reverse=True)[:3])
    reused = max((share for share, _ in outside), default=0.0)
    rests_on = basis.get(article_id)
    if article_id in grouping.mixed:
        lines = grouping.mixed[article_id]
        note = "draws on " + " and on ".join(", ".join(line) for line in lines)
        return ArticleLineage(article_id, "mixed", sources, rests_on, round(reused, 3), note)
    if len(group) > 1:
        derived = any(link.derived == article_id for link in grouping.links)
        kind: Derivation = "wholly_derived" if derived or rests_on else "original"
        note = f"one origin with {', '.join(a for a in group if a != article_id)}"
        return ArticleLineage(article_id, kind, sources, rests_on, round(reused, 3), note)
    if reused >= _PARTIAL_SHARE:
        note = f"reuses passages of {', '.join(b for _, b in sorted(outside, reverse=True)[:3])}"
        return ArticleLineage(
            article_id, "partially_derived", sources, rests_on, round(reused, 3), note
        )
    credited = ", ".join(dict.fromkeys(c.outlet for c in wire.get(article_id, ())))
    note = f"credits {credited}" if credited else ""
    return ArticleLineage(article_id, "independent", sources, rests_on, round(reused, 3), note)


def _edge_finding(edge: ProvenanceEdge) -> str:
    if edge.kind == "text_reuse":
        return f"{edge.source} and {edge.target} are one origin: {edge.note}."
    return f"{edge.source} → {edge.target}: {edge.note}."


def _first_appearances(
    articles: Sequence[PreparedArticle], groups: Sequence[tuple[str, ...]]
) -> list[str]:
    by_id = {p.id: p for p in articles}
    out = []
    for group in groups:
        if len(group) < 2:
            continue
        dated = [
            (by_id[a].article.published_date, a) for a in group if by_id[a].article.published_date
        ]
        if not dated:
            continue
        first: tuple[dt.date | None, str] = min(dated)
        out.append(
            f"Earliest dated article of the origin {', '.join(group)}: {first[1]} ({first[0]})."
        )
    return out


def _dedupe(edges: list[ProvenanceEdge]) -> list[ProvenanceEdge]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for edge in edges:
        low, high = sorted((edge.source, edge.target))
        key = (low, high, edge.kind)
        if key not in seen:
            seen.add(key)
            out.append(edge)
    return out
