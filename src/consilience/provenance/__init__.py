"""Provenance: which articles trace back to one original.

Three signals, each a scored edge a reader can check:

* ``text_reuse``: verbatim reuse, as the share of word 5-gram shingles two articles have
  in common (containment in the shorter one), with the longest shared passage quoted.
* ``cites``: one article credits another's outlet ("CNN reported"), or both rest on the
  same credited outlet that is not in the set (two write-ups of one CNN report).
* ``shared_details``: two origins that share many *peripheral* details (claims few other
  origins carry: side quotes, figures, background) most likely rewrite one source, even
  when no sentence is shared, as spun copies do. Details everyone reports (the core facts)
  weigh nothing: independent reports of one event agree on those.

Origin groups are built by merging on reuse and citation first, then, greedily, on shared
details measured between groups (so a detail carried by four copies of one report counts
once), until no pair of groups shares enough.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from consilience.align.claims import ClaimCluster
from consilience.records import CitedOutlet, PreparedArticle
from consilience.settings import Settings
from consilience.textspan import normalize_for_compare

_SHINGLE = 5
_MIN_SHARED_PASSAGE_WORDS = 8
_DETAIL_MERGE_SCORE = 0.2
_DETAIL_MIN_COUNT = 3
_DETAIL_EDGE_SCORE = 0.2
_CHECKWORTHY = 0.35
_STRONG_CREDIT_MENTIONS = 2
_EARLY_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class ProvenanceEdge:
    source: str
    target: str
    kind: str
    score: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Provenance:
    groups: tuple[tuple[str, ...], ...]
    edges: tuple[ProvenanceEdge, ...]
    findings: tuple[str, ...]

    def group_of(self) -> dict[str, int]:
        return {a: i for i, group in enumerate(self.groups) for a in group}


def _evidence_words(prepared: PreparedArticle) -> list[str]:
    return normalize_for_compare(" ".join(s.text for s in prepared.evidence_sentences())).split()


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _order(a: PreparedArticle, b: PreparedArticle) -> tuple[PreparedArticle, PreparedArticle, bool]:
    """(earlier, later, known): the earlier article is the likely source."""
    da, db = a.article.published_date, b.article.published_date
    if da and db and da != db:
        return (a, b, True) if da < db else (b, a, True)
    return a, b, False


def text_reuse_edges(articles: Sequence[PreparedArticle], threshold: float) -> list[ProvenanceEdge]:
    words = {p.id: _evidence_words(p) for p in articles}
    shingles = {p.id: _shingles(words[p.id]) for p in articles}
    edges = []
    for a, b in combinations(articles, 2):
        sa, sb = shingles[a.id], shingles[b.id]
        if not sa or not sb:
            continue
        containment = len(sa & sb) / min(len(sa), len(sb))
        if containment < threshold:
            continue
        matcher = difflib.SequenceMatcher(None, words[a.id], words[b.id], autojunk=False)
        match = matcher.find_longest_match(0, len(words[a.id]), 0, len(words[b.id]))
        passage = " ".join(words[a.id][match.a : match.a + match.size])
        source, target, known = _order(a, b)
        note = f"{containment:.0%} of the shorter text's 5-word sequences reappear"
        if match.size >= _MIN_SHARED_PASSAGE_WORDS:
            note += f"; longest shared passage ({match.size} words): “{_clip(passage)}”"
        if not known:
            note += "; which came first is unknown"
        edges.append(
            ProvenanceEdge(source.id, target.id, "text_reuse", round(containment, 3), note)
        )
    return edges


def _clip(text: str, words: int = 18) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _outlet_key(name: str | None) -> str:
    key = normalize_for_compare(name or "")
    return key.removeprefix("the ").replace(".com", "").strip()


def citation_edges(
    articles: Sequence[PreparedArticle], credits: Mapping[str, Sequence[CitedOutlet]]
) -> list[ProvenanceEdge]:
    """Edges from a credited article to the article crediting it, and between articles
    resting on the same outside outlet (credited often or early: the report's basis)."""
    by_outlet = {_outlet_key(p.article.outlet): p for p in articles if p.article.outlet}
    edges: list[ProvenanceEdge] = []
    basis: dict[str, list[tuple[PreparedArticle, str, int]]] = {}
    for prepared in articles:
        mentions = credits.get(prepared.id, ())
        counts: dict[str, list[CitedOutlet]] = {}
        for mention in mentions:
            counts.setdefault(_outlet_key(mention.outlet), []).append(mention)
        early_end = _early_offset(prepared)
        for key, found in sorted(counts.items()):
            name = found[0].outlet
            credited = by_outlet.get(key)
            if credited is not None and credited.id != prepared.id:
                edges.append(
                    ProvenanceEdge(
                        credited.id,
                        prepared.id,
                        "cites",
                        1.0,
                        f"{prepared.id} credits {name} (“{found[0].text}”), the outlet of {credited.id}",
                    )
                )
                continue
            strong = len(found) >= _STRONG_CREDIT_MENTIONS or any(
                m.start < early_end for m in found
            )
            if strong and credited is None:
                basis.setdefault(key, []).append((prepared, name, len(found)))
    for group in basis.values():
        for (a, name, na), (b, _, nb) in combinations(group, 2):
            source, target, _known = _order(a, b)
            edges.append(
                ProvenanceEdge(
                    source.id,
                    target.id,
                    "cites",
                    round(min(1.0, 0.5 + 0.1 * min(na, nb)), 3),
                    f"both rest on {name}: {a.id} credits it {na}×, {b.id} {nb}×",
                )
            )
    return edges


def _early_offset(prepared: PreparedArticle) -> int:
    evidence = prepared.evidence_sentences()
    if not evidence:
        return 0
    return evidence[min(len(evidence), _EARLY_SENTENCES) - 1].end


class _Groups:
    """Union-find over article ids, keeping groups in a deterministic order."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.parent = {i: i for i in ids}
        self.order = {i: n for n, i in enumerate(ids)}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=self.order.__getitem__)
            self.parent[drop] = keep

    def groups(self) -> list[tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for i in sorted(self.parent, key=self.order.__getitem__):
            out.setdefault(self.find(i), []).append(i)
        return [tuple(g) for g in out.values()]


def _detail_sets(claims: Sequence[ClaimCluster]) -> list[ClaimCluster]:
    """Every check-worthy claim carried by at least two articles."""
    return [c for c in claims if len(c.article_ids) >= 2 and c.checkworthiness >= _CHECKWORTHY]


def _rarity(claim: ClaimCluster, group_of: dict[str, int], n_groups: int) -> float:
    """1 for a detail only two origins carry, 0 for one every origin carries (a core
    fact, which independent reports share too), 0 for one inside a single origin."""
    carrying = len({group_of[a] for a in claim.article_ids})
    if carrying < 2 or n_groups <= 2:
        # With two origins left, what they share is everything anyone shares: agreement
        # cannot tell copying from independent reporting of the same facts.
        return 0.0
    return max(0.0, 1.0 - (carrying - 2) / (n_groups - 2))


def _position(claim: ClaimCluster, article_id: str) -> int:
    return min(u.sentence for u in claim.units if u.article_id == article_id)


def _order_agreement(shared: list[ClaimCluster], a: str, b: str) -> float:
    """Kendall's tau of the shared details' positions in articles ``a`` and ``b``, in
    [-1, 1]: a rewrite keeps its source's order, independent reports seldom do."""
    if len(shared) < 2:
        return 0.0
    pairs = concordant = 0
    for x, y in combinations(shared, 2):
        da = _position(x, a) - _position(y, a)
        db = _position(x, b) - _position(y, b)
        if da == 0 or db == 0:
            continue
        pairs += 1
        concordant += 1 if (da > 0) == (db > 0) else -1
    return concordant / pairs if pairs else 0.0


@dataclass(frozen=True, slots=True)
class _DetailEvidence:
    score: float
    shared: tuple[str, ...]
    order: float


def _shared_detail_evidence(
    a: str, b: str, details: list[ClaimCluster], group_of: dict[str, int], n_groups: int
) -> _DetailEvidence:
    """Of the details article ``a`` or ``b`` shares with other origins, how many they
    share with each other: weighted by rarity and by how closely the wording matches, and
    scaled by how well the order of the shared details agrees."""
    shared_weight = own_a = own_b = 0.0
    shared: list[ClaimCluster] = []
    for claim in details:
        supporters = set(claim.article_ids)
        weight = _rarity(claim, group_of, n_groups)
        if not weight:
            continue
        if a in supporters:
            own_a += weight
        if b in supporters:
            own_b += weight
        if a in supporters and b in supporters:
            # Copies keep a detail's wording close; independent reports of the same
            # statement phrase it their own way.
            shared_weight += weight * min(1.0, 2 * claim.similarity_between({a}, {b}))
            shared.append(claim)
    if not shared:
        return _DetailEvidence(0.0, (), 0.0)
    order = _order_agreement(shared, a, b)
    ratio = shared_weight / min(own_a, own_b)
    score = ratio * (0.5 + 0.5 * max(0.0, order))
    return _DetailEvidence(score, tuple(c.best.text for c in shared), order)


def trace_provenance(
    articles: Sequence[PreparedArticle],
    claims: Sequence[ClaimCluster],
    credits: Mapping[str, Sequence[CitedOutlet]],
    settings: Settings,
) -> Provenance:
    """Origin groups, scored edges and a finding per grouping reason."""
    ids = [p.id for p in articles]
    union = _Groups(ids)
    edges = text_reuse_edges(articles, settings.reuse_threshold)
    edges += citation_edges(articles, credits)
    findings: list[str] = []
    for edge in edges:
        union.union(edge.source, edge.target)
        findings.append(_edge_finding(edge))
    details = _detail_sets(claims)
    while True:
        groups = union.groups()
        if len(groups) < 2:
            break
        group_of = {a: n for n, g in enumerate(groups) for a in g}
        best: tuple[_DetailEvidence, str, str] | None = None
        for a, b in combinations(ids, 2):
            if group_of[a] == group_of[b]:
                continue
            evidence = _shared_detail_evidence(a, b, details, group_of, len(groups))
            if (
                len(evidence.shared) >= _DETAIL_MIN_COUNT
                and evidence.score >= _DETAIL_MERGE_SCORE
                and (best is None or evidence.score > best[0].score)
            ):
                best = (evidence, a, b)
        if best is None:
            break
        evidence, first, second = best
        ga, gb = groups[group_of[first]], groups[group_of[second]]
        source, target = _representatives(articles, (first,), (second,))
        example = _clip(evidence.shared[0], 14)
        edges.append(
            ProvenanceEdge(
                source,
                target,
                "shared_details",
                round(min(1.0, evidence.score), 3),
                f"{len(evidence.shared)} details few other sources carry, in "
                f"{'the same' if evidence.order > 0.5 else 'a similar' if evidence.order > 0 else 'a different'} "
                f"order, e.g. “{example}”",
            )
        )
        findings.append(
            f"{first} and {second} share {len(evidence.shared)} specific details that the "
            f"other origins do not report (e.g. “{example}”): most likely rewrites of one "
            f"source, so {', '.join(ga)} and {', '.join(gb)} count as one origin."
        )
        union.union(first, second)
    groups = union.groups()
    findings += _first_appearances(articles, groups)
    edges = _dedupe(edges)
    return Provenance(groups=tuple(groups), edges=tuple(edges), findings=tuple(findings))


def _representatives(
    articles: Sequence[PreparedArticle], ga: tuple[str, ...], gb: tuple[str, ...]
) -> tuple[str, str]:
    by_id = {p.id: p for p in articles}
    a, b, _ = _order(by_id[ga[0]], by_id[gb[0]])
    return a.id, b.id


def _edge_finding(edge: ProvenanceEdge) -> str:
    if edge.kind == "text_reuse":
        return f"{edge.target} reuses the text of {edge.source}: {edge.note}."
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
