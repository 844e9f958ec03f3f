"""The dossier as Markdown, for a newsroom note or a wiki.

Article text is hostile input: every piece of it is escaped so that no HTML or Markdown
from an article becomes markup in the rendered note.
"""

from __future__ import annotations

import html
import re

from consilience.dossier import Claim, Dossier, DossierArticle

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")
_STATUS_LABEL = {
    "corroborated": "Corroborated",
    "disputed": "Disputed",
    "single_origin": "One origin, several copies",
    "single_source": "One source only",
}


def md_escape(text: str) -> str:
    """Text safe to put inline in Markdown: HTML-escaped, Markdown punctuation escaped,
    line breaks flattened."""
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def _outlet(article: DossierArticle) -> str:
    return article.outlet or article.title or article.source


def _label(dossier: Dossier) -> dict[str, str]:
    return {a.id: f"{a.id} ({md_escape(_outlet(a))})" for a in dossier.articles}


def render_markdown(dossier: Dossier) -> str:
    labels = _label(dossier)
    out: list[str] = []
    title = dossier.story.title or _first_title(dossier) or "Story"
    out.append(f"# {md_escape(title)}\n")
    out.append(
        f"{len(dossier.articles)} articles, {len(dossier.provenance.origin_groups)} independent "
        f"origins, {len(dossier.claims)} claims, {len(dossier.conflicts)} conflicts. "
        f"Generated {dossier.generated_at}.\n"
    )
    if dossier.story.summary:
        out.append("## The story in brief\n")
        out.append(
            " ".join(f"{md_escape(s.text)} [{s.article_id}]" for s in dossier.story.summary) + "\n"
        )
    _claims_section(out, dossier, labels)
    _conflicts_section(out, dossier, labels)
    _quotes_section(out, dossier, labels)
    _timeline_section(out, dossier, labels)
    _entities_section(out, dossier)
    _provenance_section(out, dossier, labels)
    _articles_section(out, dossier)
    if dossier.skipped:
        out.append("## Inputs skipped\n")
        for item in dossier.skipped:
            where = f"{item.source}:{item.line}" if item.line else item.source
            out.append(f"- {md_escape(where)}: {md_escape(item.reason)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _first_title(dossier: Dossier) -> str | None:
    return next((a.title for a in dossier.articles if a.title), None)


def _claim_line(claim: Claim, labels: dict[str, str]) -> str:
    sources = ", ".join(
        dict.fromkeys(labels.get(s.article_id, s.article_id) for s in claim.support)
    )
    flags = "".join(f" *{md_escape(f.note)}*" for f in claim.flags)
    return (
        f"- **{md_escape(claim.text)}** ({claim.independent_sources} independent; {sources}){flags}"
    )


def _claims_section(out: list[str], dossier: Dossier, labels: dict[str, str]) -> None:
    if not dossier.claims:
        return
    out.append("## What is known\n")
    for status in ("corroborated", "disputed", "single_origin", "single_source"):
        claims = [c for c in dossier.claims if c.status == status]
        if not claims:
            continue
        heading = _STATUS_LABEL[status]
        if status == "single_source":
            heading = "What only one source says"
        out.append(f"### {heading} ({len(claims)})\n")
        out.extend(_claim_line(c, labels) for c in claims)
        out.append("")


def _conflicts_section(out: list[str], dossier: Dossier, labels: dict[str, str]) -> None:
    if not dossier.conflicts:
        return
    out.append("## What conflicts\n")
    for conflict in dossier.conflicts:
        out.append(f"- **{md_escape(conflict.summary)}** ({md_escape(conflict.kind)})")
        for side in conflict.sides:
            value = f" → **{md_escape(side.value)}**" if side.value else ""
            out.append(
                f"  - {labels.get(side.article_id, side.article_id)}: "
                f"“{md_escape(side.text)}”{value}"
            )
    out.append("")


def _quotes_section(out: list[str], dossier: Dossier, labels: dict[str, str]) -> None:
    if not dossier.quotes:
        return
    out.append("## Quotes\n")
    for quote in dossier.quotes:
        speaker = md_escape(quote.speaker) if quote.speaker else "unattributed"
        out.append(f"- **{speaker}**: “{md_escape(quote.text)}”")
        for variant in quote.variants:
            if variant.text != quote.text:
                out.append(
                    f"  - {labels.get(variant.article_id, variant.article_id)}: "
                    f"“{md_escape(variant.text)}”"
                )
        out.append(f"  - in {', '.join(labels.get(a, a) for a in quote.article_ids)}")
    out.append("")


def _timeline_section(out: list[str], dossier: Dossier, labels: dict[str, str]) -> None:
    if not dossier.timeline:
        return
    out.append("## Timeline\n")
    out.append("| Date | Precision | What | Sources |")
    out.append("|---|---|---|---|")
    for event in dossier.timeline:
        sources = ", ".join(labels.get(a, a) for a in event.article_ids)
        out.append(
            f"| {md_escape(event.date)} | {event.precision} | {md_escape(event.text)} | {sources} |"
        )
    out.append("")


def _entities_section(out: list[str], dossier: Dossier) -> None:
    if not dossier.entities:
        return
    out.append("## Entities\n")
    out.append("| Name | Type | Mentions | Also written | Suspect spellings |")
    out.append("|---|---|---|---|---|")
    for entity in dossier.entities:
        out.append(
            f"| {md_escape(entity.name)} | {entity.type} | {entity.mentions} | "
            f"{md_escape(', '.join(entity.aliases))} | "
            f"{md_escape(', '.join(entity.suspect_variants))} |"
        )
    out.append("")


def _provenance_section(out: list[str], dossier: Dossier, labels: dict[str, str]) -> None:
    prov = dossier.provenance
    if not prov.origin_groups:
        return
    out.append("## Who copied whom\n")
    for number, group in enumerate(prov.origin_groups, start=1):
        out.append(f"- Origin {number}: {', '.join(labels.get(a, a) for a in group)}")
    for edge in prov.edges:
        note = f": {md_escape(edge.note)}" if edge.note else ""
        out.append(
            f"  - {edge.source} → {edge.target} ({edge.kind.replace('_', ' ')}, "
            f"{edge.score:.2f}){note}"
        )
    for finding in prov.findings:
        out.append(f"- {md_escape(finding)}")
    out.append("")


def _articles_section(out: list[str], dossier: Dossier) -> None:
    out.append("## Articles\n")
    for article in dossier.articles:
        out.append(f"### {article.id}: {md_escape(article.title or article.source)}\n")
        facts = [
            f"source {md_escape(article.source)}",
            f"outlet {md_escape(article.outlet)}" if article.outlet else "outlet unknown",
            f"published {md_escape(article.published)}" if article.published else "date unknown",
        ]
        if article.cited_outlets:
            facts.append(f"credits {md_escape(', '.join(article.cited_outlets))}")
        out.append("; ".join(facts) + ".\n")
        if article.artifacts:
            out.append("Marked as junk or scaffolding:\n")
            for artifact in article.artifacts:
                note = f" ({md_escape(artifact.note)})" if artifact.note else ""
                snippet = artifact.text if len(artifact.text) <= 120 else artifact.text[:117] + "…"
                out.append(
                    f"- {artifact.kind.replace('_', ' ')}{note}: “{md_escape(snippet)}” "
                    f"[{artifact.start}–{artifact.end}]"
                )
            out.append("")
        if article.findings:
            out.append("Signals:\n")
            for finding in article.findings:
                out.append(
                    f"- {finding.kind.replace('_', ' ')}: “{md_escape(finding.text)}”"
                    + (f" ({md_escape(finding.note)})" if finding.note else "")
                )
            out.append("")
