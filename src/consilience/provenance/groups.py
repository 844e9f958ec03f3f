"""Article-level origin groups: the summary of passage-level lineage.

Every article points at its *main source* inside the story, if it has one: the article
it reuses or retells the most, when that evidence is strong enough and the source stands
out (:func:`derivation_links`). Groups are the connected articles. An article whose main
sources fall in two lines that do not otherwise meet is *mixed* (a BBC story made of AFP
paragraphs and its own reporting next to Reuters lines): it is shown with its sources but
never used to chain the two lines into one origin.

The weights of the evidence (:class:`LinkWeights`) were chosen on the annotated stories
(``benchmarks/fit_origins.py`` prints the search and its
leave-one-story-out check); they are data, each with a plain meaning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Generic, TypeVar

from consilience.provenance.phrases import SharedPhrases

WEIGHTS_FILE = "data/origin_weights.json"
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class LinkWeights:
    """How evidence adds up to a derivation link ``a → b``:

    ``copy(a|b) + rewrite·rewrite(a|b) + quotes·log(1 + rare quoted trigrams)
    + phrases·rare-phrase score + headline·[same headline]``, linked when at least
    ``threshold`` and at least ``dominance`` times a's strongest link."""

    rewrite: float = 1.0
    quotes: float = 0.1
    phrases: float = 0.0
    headline: float = 0.2
    threshold: float = 0.25
    dominance: float = 0.7
    #: two sources this weakly tied are unrelated lines (an article drawing on both mixes)
    unrelated: float = 0.1


@cache
def default_weights() -> LinkWeights:
    raw = json.loads(resources.files("consilience").joinpath(WEIGHTS_FILE).read_text("utf-8"))
    return LinkWeights(**{k: float(v) for k, v in raw.items() if not k.startswith("_")})


@dataclass(frozen=True, slots=True)
class Link:
    """``derived`` takes its text mostly from ``source`` (direction unknown unless dated:
    the names say which article reuses which, not which came first)."""

    derived: str
    source: str
    strength: float
    copy: float
    rewrite: float


def link_strengths(
    ids: Sequence[str],
    copy: Mapping[tuple[str, str], float],
    rewrite: Mapping[tuple[str, str], float],
    phrases: Mapping[tuple[str, str], SharedPhrases],
    headlines: Mapping[str, str],
    weights: LinkWeights,
) -> dict[tuple[str, str], Link]:
    out = {}
    for a in ids:
        for b in ids:
            if a == b:
                continue
            shared = phrases.get((a, b)) or phrases.get((b, a))
            c, r = copy.get((a, b), 0.0), rewrite.get((a, b), 0.0)
            same_headline = bool(headlines.get(a)) and headlines.get(a) == headlines.get(b)
            strength = (
                c
                + weights.rewrite * r
                + (weights.quotes * math.log1p(shared.quoted) if shared else 0.0)
                + (weights.phrases * min(3.0, shared.score) if shared else 0.0)
                + (weights.headline if same_headline else 0.0)
            )
            if strength > 0:
                out[(a, b)] = Link(a, b, round(strength, 4), round(c, 4), round(r, 4))
    return out


def derivation_links(
    ids: Sequence[str], strengths: Mapping[tuple[str, str], Link], weights: LinkWeights
) -> list[Link]:
    """Each article's link(s) to its main source(s)."""
    best: dict[str, float] = {}
    for (a, _b), link in strengths.items():
        best[a] = max(best.get(a, 0.0), link.strength)
    return [
        link
        for (a, _b), link in sorted(strengths.items())
        if link.strength >= weights.threshold
        and link.strength >= weights.dominance * best[a] - 1e-9
    ]


class UnionFind(Generic[K]):
    """Union-find over hashable keys (article ids, sentence keys), keeping groups and
    their representatives in input order."""

    def __init__(self, ids: Sequence[K]) -> None:
        self.parent: dict[K, K] = {i: i for i in ids}
        self.order: dict[K, int] = {i: n for n, i in enumerate(ids)}

    def find(self, x: K) -> K:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=self.order.__getitem__)
            self.parent[drop] = keep

    def groups(self) -> list[tuple[K, ...]]:
        out: dict[K, list[K]] = {}
        for i in sorted(self.parent, key=self.order.__getitem__):
            out.setdefault(self.find(i), []).append(i)
        return [tuple(g) for g in out.values()]


@dataclass(frozen=True, slots=True)
class Grouping:
    groups: tuple[tuple[str, ...], ...]
    links: tuple[Link, ...]
    #: mixed article -> the groups (as tuples of ids) its main sources belong to
    mixed: Mapping[str, tuple[tuple[str, ...], ...]]


def origin_groups(
    ids: Sequence[str],
    links: Sequence[Link],
    strengths: Mapping[tuple[str, str], Link],
    weights: LinkWeights,
) -> Grouping:
    """Connected articles, except through mixed articles: an article whose main sources
    are two articles that owe each other nothing (no link either way, even a weak one)
    and that belong to different lines once it is set aside."""
    by_derived: dict[str, list[Link]] = {}
    for link in links:
        by_derived.setdefault(link.derived, []).append(link)
    mixed: dict[str, tuple[tuple[str, ...], ...]] = {}
    for article, outgoing in sorted(by_derived.items()):
        if len(outgoing) < 2:
            continue
        others = UnionFind(ids)
        for link in links:
            if article not in (link.derived, link.source):
                others.union(link.derived, link.source)
        unrelated = [
            (x.source, y.source)
            for i, x in enumerate(outgoing)
            for y in outgoing[i + 1 :]
            if others.find(x.source) != others.find(y.source)
            and _strength(strengths, x.source, y.source) < weights.unrelated
        ]
        if unrelated:
            lines = {others.find(s) for pair in unrelated for s in pair}
            mixed[article] = tuple(
                tuple(i for i in ids if others.find(i) == line) for line in sorted(lines)
            )
    union = UnionFind(ids)
    kept = []
    for link in links:
        if link.derived in mixed:
            continue
        union.union(link.derived, link.source)
        kept.append(link)
    return Grouping(tuple(union.groups()), tuple(kept), mixed)


def _strength(strengths: Mapping[tuple[str, str], Link], a: str, b: str) -> float:
    return max(
        (link.strength for link in (strengths.get((a, b)), strengths.get((b, a))) if link),
        default=0.0,
    )


#: An article joins a credited report's origin when at least this many of the claims it
#: shares with other articles are shared only with that origin's articles...
_EXCLUSIVE_CLAIMS = 3
#: ...and they are at least this share of the claims it shares at all.
_EXCLUSIVE_SHARE = 0.5


def join_credited(
    ids: Sequence[str],
    grouping: Grouping,
    basis: Mapping[str, str | None],
    lede: Mapping[str, frozenset[str]],
    claim_articles: Sequence[frozenset[str]],
) -> tuple[Grouping, list[tuple[str, str, str]]]:
    """Origins of credited reports: articles resting as a whole on one outlet's report
    are one origin; an article crediting that report in its lede joins it; and an article
    whose shared claims are mostly shared only with that origin (a rewrite that drops the
    credit) joins it too. Returns the grouping and the reasons ``(article, outlet, why)``.
    """
    union = UnionFind(ids)
    for group in grouping.groups:
        for other in group[1:]:
            union.union(group[0], other)
    reasons: list[tuple[str, str, str]] = []
    resting: dict[str, list[str]] = {}
    for article_id in ids:
        outlet = basis.get(article_id)
        if outlet and article_id not in grouping.mixed:
            resting.setdefault(outlet, []).append(article_id)
    for outlet, members in resting.items():
        for article_id in ids:
            if article_id not in members and outlet in lede.get(article_id, frozenset()):
                members.append(article_id)
                reasons.append((article_id, outlet, "credits it in its lede"))
        for other in members[1:]:
            union.union(members[0], other)
    credited_roots = {union.find(m[0]): outlet for outlet, m in resting.items() if len(m) > 1}
    groups = union.groups()
    for article_id in ids:
        mine = next(g for g in groups if article_id in g)
        if len(mine) > 1 or article_id in grouping.mixed:
            continue
        shared = [c - {article_id} for c in claim_articles if article_id in c and len(c) > 1]
        for root, outlet in sorted(credited_roots.items()):
            origin = set(next(g for g in groups if root in g))
            exclusive = sum(1 for others in shared if others <= origin)
            if exclusive >= _EXCLUSIVE_CLAIMS and exclusive >= _EXCLUSIVE_SHARE * len(shared):
                union.union(root, article_id)
                reasons.append(
                    (
                        article_id,
                        outlet,
                        f"{exclusive} of the {len(shared)} claims it shares are carried "
                        f"only by articles resting on {outlet}'s report",
                    )
                )
                break
    return Grouping(tuple(union.groups()), grouping.links, grouping.mixed), reasons
