"""What changed between two dossiers of one story: new articles, outlets and origins,
new or newly corroborated claims, claims that became disputed, conflicts opened and
resolved, and the counts.

Two analyses of a story number their articles afresh (``a1``, ``a2``… in the order of
that run) and their claims and conflicts too, so nothing is matched by id. An article is
known by its source and text; a claim by the passages that support it (article + words);
a conflict by its kind and its sides. Matching is greedy on shared passages or sides, so a
claim that gained a supporting article, or a conflict that gained a side, is the same
claim or conflict, changed. Only fields of the dossier contract (version 1) are read, so
fields added later change nothing here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Sequence
from typing import Literal, TypeVar

from pydantic import BaseModel, Field

from consilience.dossier import Claim, Conflict, Dossier, DossierArticle

_SPACE = re.compile(r"\s+")
#: Share of the smaller of two passage (or side) sets that must be shared to match.
MATCH_SHARE = 0.5

T = TypeVar("T")


class ArticleRef(BaseModel):
    source: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None


class ClaimChange(BaseModel):
    change: Literal[
        "new", "newly_corroborated", "became_disputed", "more_origins", "status_changed", "gone"
    ]
    text: str
    status: str
    previous_status: str | None = None
    independent_sources: int = 0
    previous_independent_sources: int | None = None
    claim_id: str | None = Field(None, description="The claim's id in the newer dossier.")


class SideRef(BaseModel):
    who: str
    text: str
    value: str | None = None


class ConflictChange(BaseModel):
    change: Literal["opened", "resolved", "grown"]
    kind: str
    summary: str
    sides: list[SideRef] = Field(default_factory=list)
    conflict_id: str | None = Field(None, description="The conflict's id in its dossier.")


class CountChange(BaseModel):
    name: str
    before: int
    after: int


class DossierChanges(BaseModel):
    """The difference between an older and a newer dossier of one story."""

    from_version: int | None = None
    to_version: int | None = None
    from_time: str | None = None
    to_time: str | None = None
    new_articles: list[ArticleRef] = Field(default_factory=list)
    removed_articles: list[ArticleRef] = Field(default_factory=list)
    new_outlets: list[str] = Field(default_factory=list)
    new_origins: list[list[ArticleRef]] = Field(default_factory=list)
    claims: list[ClaimChange] = Field(default_factory=list)
    conflicts: list[ConflictChange] = Field(default_factory=list)
    counts: list[CountChange] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.new_articles
            or self.removed_articles
            or self.new_origins
            or self.claims
            or self.conflicts
            or self.counts
        )

    def claims_by(self, change: str) -> list[ClaimChange]:
        return [c for c in self.claims if c.change == change]

    def conflicts_by(self, change: str) -> list[ConflictChange]:
        return [c for c in self.conflicts if c.change == change]


def dossier_counts(dossier: Dossier) -> dict[str, int]:
    """The figures a story is summed up by (and compared on)."""
    statuses = [claim.status for claim in dossier.claims]
    grouped = {a for group in dossier.provenance.origin_groups for a in group}
    origins = len(dossier.provenance.origin_groups) + sum(
        1 for article in dossier.articles if article.id not in grouped
    )
    return {
        "articles": len(dossier.articles),
        "origins": origins,
        "claims": len(dossier.claims),
        "corroborated": statuses.count("corroborated"),
        "disputed": statuses.count("disputed"),
        "conflicts": len(dossier.conflicts),
        "quotes": len(dossier.quotes),
        "entities": len(dossier.entities),
    }


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip().casefold()


def article_key(article: DossierArticle) -> str:
    digest = hashlib.sha256(_norm(article.text).encode("utf-8")).hexdigest()[:20]
    return f"{article.source}\x00{digest}"


class _View:
    """One dossier seen through stable keys instead of its run's ids."""

    def __init__(self, dossier: Dossier | None) -> None:
        self.dossier = dossier
        articles = dossier.articles if dossier is not None else []
        self.key_of = {a.id: article_key(a) for a in articles}
        self.articles = {self.key_of[a.id]: a for a in articles}

    def claims(self) -> list[Claim]:
        return list(self.dossier.claims) if self.dossier is not None else []

    def conflicts(self) -> list[Conflict]:
        return list(self.dossier.conflicts) if self.dossier is not None else []

    def passages(self, claim: Claim) -> frozenset[Hashable]:
        return frozenset((self.key_of.get(p.article_id), _norm(p.text)) for p in claim.support)

    def sides(self, conflict: Conflict) -> frozenset[Hashable]:
        return frozenset(
            (self.key_of.get(s.article_id), _norm(s.value) or _norm(s.text)) for s in conflict.sides
        )

    def origins(self) -> list[frozenset[str]]:
        if self.dossier is None:
            return []
        groups = [
            frozenset(self.key_of[a] for a in group if a in self.key_of)
            for group in self.dossier.provenance.origin_groups
        ]
        grouped = set().union(*groups) if groups else set()
        groups += [frozenset({k}) for k in self.articles if k not in grouped]
        return [g for g in groups if g]

    def ref(self, key: str) -> ArticleRef:
        article = self.articles[key]
        return ArticleRef(
            source=article.source, title=article.title, outlet=article.outlet, url=article.url
        )

    def who(self, article_id: str) -> str:
        key = self.key_of.get(article_id)
        if key is None:
            return article_id
        article = self.articles[key]
        return article.outlet or article.title or article.source


def match(
    old: Sequence[tuple[T, frozenset[Hashable]]],
    new: Sequence[tuple[T, frozenset[Hashable]]],
    *,
    same_kind: Callable[[T, T], bool] = lambda a, b: True,
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Greedy one-to-one matching of (item, keys) pairs by shared keys, most shared
    first: the matched pairs, the old items left over, the new items left over."""
    candidates: list[tuple[int, float, int, int]] = []
    for j, (new_item, nk) in enumerate(new):
        for i, (old_item, ok) in enumerate(old):
            shared = len(nk & ok)
            if not shared or not same_kind(old_item, new_item):
                continue
            if shared / max(min(len(nk), len(ok)), 1) < MATCH_SHARE:
                continue
            candidates.append((-shared, -shared / len(nk | ok), i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[T, T]] = []
    for _, _, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i][0], new[j][0]))
    return (
        pairs,
        [item for i, (item, _) in enumerate(old) if i not in used_old],
        [item for j, (item, _) in enumerate(new) if j not in used_new],
    )


def diff_dossiers(old: Dossier | None, new: Dossier) -> DossierChanges:
    """What changed from ``old`` (``None``: nothing known before) to ``new``."""
    before, after = _View(old), _View(new)
    new_keys = [k for k in after.articles if k not in before.articles]
    gone_keys = [k for k in before.articles if k not in after.articles]
    old_outlets = {a.outlet for a in before.articles.values() if a.outlet}
    new_outlets = sorted(
        {a.outlet for a in after.articles.values() if a.outlet and a.outlet not in old_outlets}
    )
    old_articles = set(before.articles)
    new_origins = [
        [after.ref(k) for k in sorted(group)]
        for group in after.origins()
        if not group & old_articles
    ]
    return DossierChanges(
        from_time=old.generated_at if old is not None else None,
        to_time=new.generated_at,
        new_articles=[after.ref(k) for k in new_keys],
        removed_articles=[before.ref(k) for k in gone_keys],
        new_outlets=new_outlets,
        new_origins=new_origins,
        claims=_claim_changes(before, after),
        conflicts=_conflict_changes(before, after),
        counts=_count_changes(old, new),
    )


def _claim_changes(before: _View, after: _View) -> list[ClaimChange]:
    pairs, gone, added = match(
        [(c, before.passages(c)) for c in before.claims()],
        [(c, after.passages(c)) for c in after.claims()],
    )
    changes = [
        ClaimChange(
            change="new",
            text=c.text,
            status=c.status,
            independent_sources=c.independent_sources,
            claim_id=c.id,
        )
        for c in added
    ]
    for old, new in pairs:
        kind = _claim_change(old, new)
        if kind is not None:
            changes.append(
                ClaimChange(
                    change=kind,
                    text=new.text,
                    status=new.status,
                    previous_status=old.status,
                    independent_sources=new.independent_sources,
                    previous_independent_sources=old.independent_sources,
                    claim_id=new.id,
                )
            )
    changes += [
        ClaimChange(
            change="gone", text=c.text, status=c.status, independent_sources=c.independent_sources
        )
        for c in gone
    ]
    order = {n: i for i, n in enumerate(_CLAIM_ORDER)}
    return sorted(changes, key=lambda c: (order[c.change], -c.independent_sources))


_CLAIM_ORDER = (
    "became_disputed",
    "newly_corroborated",
    "new",
    "more_origins",
    "status_changed",
    "gone",
)


def _claim_change(old: Claim, new: Claim) -> str | None:
    if new.status == "disputed" and old.status != "disputed":
        return "became_disputed"
    if new.status == "corroborated" and old.status != "corroborated":
        return "newly_corroborated"
    if new.status != old.status:
        return "status_changed"
    if new.independent_sources > old.independent_sources:
        return "more_origins"
    return None


def _conflict_changes(before: _View, after: _View) -> list[ConflictChange]:
    pairs, resolved, opened = match(
        [(c, before.sides(c)) for c in before.conflicts()],
        [(c, after.sides(c)) for c in after.conflicts()],
        same_kind=lambda a, b: a.kind == b.kind,
    )
    changes = [_conflict("opened", c, after) for c in opened]
    changes += [
        _conflict("grown", new, after)
        for old, new in pairs
        if not after.sides(new) <= before.sides(old)
    ]
    changes += [_conflict("resolved", c, before) for c in resolved]
    return changes


def _conflict(
    change: Literal["opened", "resolved", "grown"], c: Conflict, view: _View
) -> ConflictChange:
    return ConflictChange(
        change=change,
        kind=c.kind,
        summary=c.summary,
        sides=[SideRef(who=view.who(s.article_id), text=s.text, value=s.value) for s in c.sides],
        conflict_id=c.id,
    )


def _count_changes(old: Dossier | None, new: Dossier) -> list[CountChange]:
    after = dossier_counts(new)
    before = dossier_counts(old) if old is not None else dict.fromkeys(after, 0)
    return [
        CountChange(name=name, before=before.get(name, 0), after=value)
        for name, value in after.items()
        if before.get(name, 0) != value
    ]


_CLAIM_WORDS = {
    "became_disputed": "now disputed",
    "newly_corroborated": "newly corroborated",
    "new": "new claim",
    "more_origins": "more independent origins",
    "status_changed": "status changed",
    "gone": "no longer found",
}
_CONFLICT_WORDS = {"opened": "new conflict", "grown": "conflict widened", "resolved": "resolved"}


def changes_lines(changes: DossierChanges) -> list[str]:
    """The changes as plain lines (Markdown bullets), most important first."""
    if changes.empty:
        return ["Nothing changed."]
    lines: list[str] = []
    if changes.from_time is None:  # a new story: all of it is new, the dossier tells it
        lines.append(f"- a new story of {len(changes.new_articles)} article(s):")
        lines += [f"  - {_article_line(a)}" for a in changes.new_articles]
        lines.append("- " + ", ".join(f"{c.name} {c.after}" for c in changes.counts))
        return lines
    if changes.new_articles:
        lines.append(f"- {len(changes.new_articles)} new article(s):")
        lines += [f"  - {_article_line(a)}" for a in changes.new_articles]
    if changes.new_outlets:
        lines.append("- new outlets: " + ", ".join(changes.new_outlets))
    if changes.new_origins:
        lines.append(f"- {len(changes.new_origins)} new independent origin(s)")
    for claim in changes.claims:
        before = ""
        if claim.previous_status and claim.previous_status != claim.status:
            before = f" (was {claim.previous_status.replace('_', ' ')})"
        elif claim.previous_independent_sources is not None:
            before = (
                f" ({claim.previous_independent_sources} → {claim.independent_sources} origins)"
            )
        lines.append(f"- {_CLAIM_WORDS[claim.change]}{before}: {claim.text}")
    for conflict in changes.conflicts:
        lines.append(f"- {_CONFLICT_WORDS[conflict.change]} ({conflict.kind}): {conflict.summary}")
    if changes.removed_articles:
        lines.append(f"- {len(changes.removed_articles)} article(s) left the story")
    if changes.counts:
        lines.append(
            "- counts: " + ", ".join(f"{c.name} {c.before} → {c.after}" for c in changes.counts)
        )
    return lines


def _article_line(article: ArticleRef) -> str:
    name = article.title or article.source
    return f"{name} ({article.outlet})" if article.outlet else name
