"""The dossier as a terminal view (rich). Respects the terminal width and ``NO_COLOR``.

Article text never goes through rich's markup parser: it is wrapped in ``Text`` objects,
so a "[bold]" inside an article prints as written.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from consilience.dossier import Dossier, DossierArticle

_STATUS_STYLE = {
    "corroborated": ("CORROBORATED", "bold green"),
    "disputed": ("DISPUTED", "bold red"),
    "single_origin": ("ONE ORIGIN", "yellow"),
    "single_source": ("ONE SOURCE", "cyan"),
}
_SNIPPET = 160


def _short(text: str, limit: int = _SNIPPET) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _name(article: DossierArticle) -> str:
    return article.outlet or _short(article.title or article.source, 40)


def render_terminal(dossier: Dossier, console: Console) -> None:
    names = {a.id: f"{a.id} {_name(a)}" for a in dossier.articles}
    title = dossier.story.title or next((a.title for a in dossier.articles if a.title), None)
    console.print(Rule(Text(title or "Story", style="bold")))
    console.print(
        Text(
            f"{len(dossier.articles)} articles · {len(dossier.provenance.origin_groups)} "
            f"independent origins · {len(dossier.claims)} claims · "
            f"{len(dossier.conflicts)} conflicts · {len(dossier.quotes)} quotes",
            style="dim",
        )
    )
    if dossier.story.summary:
        console.print(
            Panel(
                Text(" ".join(s.text for s in dossier.story.summary)),
                title="The story in brief",
                title_align="left",
            )
        )
    for renderable in (
        _claims(dossier, names),
        _conflicts(dossier, names),
        _quotes(dossier, names),
        _timeline(dossier, names),
        _entities(dossier),
        _provenance(dossier, names),
        _articles(dossier),
    ):
        if renderable is not None:
            console.print(renderable)
    for item in dossier.skipped:
        where = f"{item.source}:{item.line}" if item.line else item.source
        console.print(Text(f"skipped {where}: {item.reason}", style="yellow"))


def _claims(dossier: Dossier, names: dict[str, str]) -> RenderableType | None:
    if not dossier.claims:
        return None
    table = Table(title="What is known", title_justify="left", expand=True, show_lines=False)
    table.add_column("Status", no_wrap=True)
    table.add_column("Origins", justify="right", no_wrap=True)
    table.add_column("Claim", ratio=3)
    table.add_column("Sources", ratio=1)
    order = {"corroborated": 0, "disputed": 1, "single_origin": 2, "single_source": 3}
    for claim in sorted(dossier.claims, key=lambda c: (order[c.status], -c.independent_sources)):
        label, style = _STATUS_STYLE[claim.status]
        sources = ", ".join(
            dict.fromkeys(names.get(s.article_id, s.article_id) for s in claim.support)
        )
        text = Text(_short(claim.text, 240))
        for flag in claim.flags:
            text.append(f"\n⚑ {flag.note}", style="magenta")
        table.add_row(Text(label, style=style), str(claim.independent_sources), text, Text(sources))
    return table


def _conflicts(dossier: Dossier, names: dict[str, str]) -> RenderableType | None:
    if not dossier.conflicts:
        return None
    panels: list[RenderableType] = []
    for conflict in dossier.conflicts:
        body = Text()
        for side in conflict.sides:
            body.append(f"{names.get(side.article_id, side.article_id)}: ", style="bold")
            body.append(f"“{_short(side.text)}”")
            if side.value:
                body.append(f"  → {side.value}", style="red")
            body.append("\n")
        body.rstrip()
        panels.append(
            Panel(
                body,
                title=Text(f"{conflict.kind}: {conflict.summary}"),
                title_align="left",
                border_style="red",
            )
        )
    return Group(Rule("What conflicts", style="red"), *panels)


def _quotes(dossier: Dossier, names: dict[str, str]) -> RenderableType | None:
    if not dossier.quotes:
        return None
    table = Table(title="Quotes", title_justify="left", expand=True)
    table.add_column("Speaker", ratio=1)
    table.add_column("Words", ratio=3)
    table.add_column("In", ratio=1)
    for quote in dossier.quotes:
        words = Text(f"“{_short(quote.text, 300)}”")
        wordings = {v.text for v in quote.variants}
        if len(wordings) > 1:
            words.append(f"\n{len(wordings)} wordings across outlets", style="magenta")
        table.add_row(
            Text(quote.speaker or "unattributed", style="" if quote.speaker else "dim"),
            words,
            Text(", ".join(names.get(a, a) for a in quote.article_ids)),
        )
    return table


def _timeline(dossier: Dossier, names: dict[str, str]) -> RenderableType | None:
    if not dossier.timeline:
        return None
    table = Table(title="Timeline", title_justify="left", expand=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Precision", no_wrap=True)
    table.add_column("What", ratio=3)
    table.add_column("Sources", ratio=1)
    for event in dossier.timeline:
        table.add_row(
            event.date,
            event.precision,
            Text(_short(event.text)),
            Text(", ".join(names.get(a, a) for a in event.article_ids)),
        )
    return table


def _entities(dossier: Dossier) -> RenderableType | None:
    if not dossier.entities:
        return None
    table = Table(title="Entities", title_justify="left", expand=True)
    table.add_column("Name", ratio=2)
    table.add_column("Type", no_wrap=True)
    table.add_column("Mentions", justify="right", no_wrap=True)
    table.add_column("Also written / suspect spellings", ratio=2)
    for entity in dossier.entities:
        other = Text(", ".join(entity.aliases))
        if entity.suspect_variants:
            other.append(("; " if entity.aliases else "") + "suspect: ", style="bold red")
            other.append(", ".join(entity.suspect_variants), style="red")
        table.add_row(Text(entity.name), entity.type, str(entity.mentions), other)
    return table


def _provenance(dossier: Dossier, names: dict[str, str]) -> RenderableType | None:
    prov = dossier.provenance
    if not prov.origin_groups:
        return None
    lines = Text()
    for number, group in enumerate(prov.origin_groups, start=1):
        lines.append(f"Origin {number}: ", style="bold")
        lines.append(", ".join(names.get(a, a) for a in group) + "\n")
    for edge in prov.edges:
        lines.append(
            f"  {edge.source} → {edge.target}  {edge.kind.replace('_', ' ')} {edge.score:.2f}"
            + (f"  {edge.note}" if edge.note else "")
            + "\n",
            style="dim",
        )
    for finding in prov.findings:
        lines.append(f"• {finding}\n")
    lines.rstrip()
    return Panel(lines, title="Who copied whom", title_align="left")


def _articles(dossier: Dossier) -> RenderableType:
    table = Table(title="Articles", title_justify="left", expand=True)
    table.add_column("Id", no_wrap=True)
    table.add_column("Outlet / title", ratio=2)
    table.add_column("Published", no_wrap=True)
    table.add_column("Junk and scaffolding marked", ratio=3)
    for article in dossier.articles:
        marks = Text()
        for artifact in article.artifacts:
            marks.append(f"{artifact.kind.replace('_', ' ')}", style="yellow")
            marks.append(f": {_short(artifact.text, 70)}\n")
        head = Text(article.outlet or "", style="bold")
        if article.title:
            head.append(("\n" if article.outlet else "") + _short(article.title, 90))
        if not article.outlet and not article.title:
            head.append(article.source, style="dim")
        marks.rstrip()
        table.add_row(article.id, head, article.published or "—", marks)
    return table
