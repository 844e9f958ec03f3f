"""The parts of the terminal view (rich) and its full sections (``analyze --full``): every
claim, passage, link and article panel, laid out within the terminal's width. Colours
follow the console, so ``NO_COLOR`` is respected.

Article text never goes through rich's markup parser: it is wrapped in ``Text`` objects,
so a "[bold]" inside an article prints as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from consilience.dossier import Claim, Conflict, Dossier, QuoteOut
from consilience.report import lead, view
from consilience.report.view import Coverage, Source

STATUS_STYLE = {
    "corroborated": "bold green",
    "disputed": "bold red",
    "single_origin": "bold yellow",
    "single_source": "bold blue",
}
GROUP_STYLES = (
    "blue",
    "dark_orange3",
    "green4",
    "magenta",
    "yellow4",
    "cyan",
    "purple",
    "chartreuse4",
)


def plain_text(text: str, style: str = "") -> Text:
    """Article-derived text as a plain ``Text``: never parsed as markup."""
    return Text(view.plain(text), style=style)


class Screen:
    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.by_id = view.sources(dossier)
        self.covered: Coverage = view.coverage(dossier)
        self.facts = lead.facts_of(dossier, self.by_id)
        self.lead_id = next((f.claim_id for f in self.facts if f.kind == "what"), None)

    def origin_lines(self) -> Text:
        """A line per origin group: its letter in its colour, then its articles."""
        lines = Text()
        for number, group in enumerate(self.dossier.provenance.origin_groups):
            style = GROUP_STYLES[number % len(GROUP_STYLES)]
            lines.append(f"Origin {view.origin_letter(number)}: ", style=f"bold {style}")
            lines.append_text(self.chips(group))
            lines.append("\n")
        return lines

    def chip(self, article_id: str) -> Text:
        source = self.by_id.get(article_id)
        if source is None:
            return plain_text(article_id)
        chip = plain_text(source.name, "bold")
        if source.letter:
            style = GROUP_STYLES[(source.group or 0) % len(GROUP_STYLES)]
            chip.append(f" [{source.letter}]", style=style)
        return chip

    def chips(self, article_ids: Iterable[str]) -> Text:
        """Sources grouped by origin, compactly: "[A] a1, a2, CNN · [B] a3" (the article
        table below names every id)."""
        groups: dict[str, list[str]] = {}
        for article_id in dict.fromkeys(article_ids):
            source = self.by_id.get(article_id)
            letter = source.letter if source else ""
            outlet = source.article.outlet if source else None
            groups.setdefault(letter, []).append(
                f"{article_id} {view.short(outlet, 24)}" if outlet else article_id
            )
        text = Text()
        for number, (letter, names) in enumerate(groups.items()):
            if number:
                text.append(" · ", style="dim")
            if letter:
                source = next(s for s in self.by_id.values() if s.letter == letter)
                style = GROUP_STYLES[(source.group or 0) % len(GROUP_STYLES)]
                text.append(f"[{letter}] ", style=style)
            text.append(", ".join(names))
        return text

    def absent(self, none_found: str) -> Text:
        return Text(none_found, style="dim italic")


def trimmed(text: Text) -> Text:
    text.rstrip()
    return text


def section(title: str, body: RenderableType) -> RenderableType:
    return Group(Rule(Text(title, style="bold"), align="left"), Padding(body, (0, 0, 1, 0)))


def _stats(screen: Screen) -> list[tuple[int, str, str]]:
    """The headline numbers the dossier has: count, label, style."""
    seen = view.glance(screen.dossier, screen.by_id)
    outlets = f" · {view.plural(seen.outlets, 'outlet')}" if seen.outlets else ""
    cells = [(seen.articles, f"articles{outlets}", "bold")]
    if seen.origins is not None:
        cells.append((seen.origins, "independent origins", "bold"))
    if screen.covered.claims:
        for status in ("corroborated", "disputed", "single_origin", "single_source"):
            cells.append(
                (seen.statuses[status], view.STATUS_LABEL[status].lower(), STATUS_STYLE[status])
            )
    if screen.covered.conflicts:
        cells.append((seen.conflicts, "conflicts", "bold red"))
    return cells


def _head(screen: Screen) -> RenderableType:
    dossier = screen.dossier
    lead_text = next((f.values[0].value for f in screen.facts if f.kind == "what"), None)
    title = plain_text(view.story_title(dossier, lead_text), "bold")
    stats = Table.grid(padding=(0, 3))
    cells: list[tuple[str, str, str]] = [
        (str(count), label, style) for count, label, style in _stats(screen)
    ]
    for _ in cells:
        stats.add_column(justify="left")
    stats.add_row(*(Text(n, style=s) for n, _, s in cells))
    stats.add_row(*(Text(label, style="dim") for _, label, _ in cells))
    parts: list[RenderableType] = [Rule(title), Text(view.verdict(dossier, screen.by_id))]
    if len(cells) > 1:
        parts.append(Padding(stats, (1, 0)))
    missing = view.not_computed(screen.covered)
    if missing:
        parts.append(Text(f"Not computed in this run: {', '.join(missing)}.", style="yellow"))
    if screen.facts:
        parts.append(lead_facts(screen))
    parts.append(Text(f"generated {view.format_timestamp(dossier.generated_at)}", style="dim"))
    return Padding(Group(*parts), (0, 0, 1, 0))


def lead_facts(screen: Screen) -> RenderableType:
    """The story's key facts, one per row, each value with its origins; a disputed fact
    shows every value in place."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for fact in screen.facts:
        row = Text()
        for number, value in enumerate(fact.values):
            if number:
                row.append(" · " if fact.disputed else ", ", style="dim")
            limit = 240 if fact.kind == "what" else 80
            row.append_text(
                plain_text(view.short(value.value, limit), "bold" if fact.disputed else "")
            )
            row.append(f" ({view.plural(value.origins, 'origin')})", style="dim")
        if fact.disputed:
            row.append("  disputed", style="bold red")
        table.add_row(plain_text(fact.label), row)
    return Padding(table, (1, 0, 0, 0))


def story_section(screen: Screen) -> RenderableType:
    """The story in brief, each sentence followed by its source (both views)."""
    summary = view.summary_sentences(screen.dossier, screen.lead_id)
    if not summary:
        return screen.absent("No sentence was selected for a summary.")
    text = Text()
    for sentence in summary:
        text.append(plain_text(sentence.text))
        text.append(" ")
        source = screen.by_id.get(sentence.article_id)
        text.append_text(plain_text(f"[{source.name if source else sentence.article_id}]", "dim"))
        text.append(" ")
    return trimmed(text)


def _claims_table(screen: Screen, claims: list[Claim], *, status: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    if status:
        table.add_column("Status", no_wrap=True)
    table.add_column("Origins", justify="right", no_wrap=True)
    table.add_column("Claim", ratio=3)
    table.add_column("Sources", ratio=1)
    conflicts = {c.id: c for c in screen.dossier.conflicts}
    for claim in claims:
        text = plain_text(claim.text)
        independent = [o for o in claim.origins if o.independent]
        if len(independent) > 1:
            named = "; ".join(f"{o.label} ({', '.join(o.article_ids)})" for o in independent)
            text.append(plain_text(f"\n✓ {named}", "green"))
        for flag in claim.flags:
            text.append(plain_text(f"\n⚑ {flag.kind.replace('_', ' ')}: {flag.note}", "magenta"))
        for conflict_id in claim.conflict_ids:
            if conflict_id in conflicts:
                text.append(plain_text(f"\n✗ conflict: {conflicts[conflict_id].summary}", "red"))
        row: list[RenderableType] = [
            str(claim.independent_sources),
            text,
            screen.chips(p.article_id for p in claim.support),
        ]
        if status:
            row.insert(0, Text(view.STATUS_LABEL[claim.status], style=STATUS_STYLE[claim.status]))
        table.add_row(*row)
    return table


def _known(screen: Screen) -> RenderableType:
    if not screen.dossier.claims:
        return screen.absent("No claims were found.")
    grouped = view.claims_by_status(screen.dossier)
    claims = grouped["corroborated"] + grouped["disputed"] + grouped["single_origin"]
    if not claims:
        return Text("Every claim has a single source.", style="dim italic")
    return _claims_table(screen, claims, status=True)


def _conflict(screen: Screen, conflict: Conflict) -> RenderableType:
    groups = view.value_groups(conflict, screen.by_id)
    table = Table(box=box.SIMPLE, expand=True, show_edge=False, pad_edge=False)
    cells: list[RenderableType] = []
    for group in groups:
        header = (
            plain_text(view.display_value(conflict, group.value), "bold reverse")
            if group.value is not None
            else plain_text(view.short(view.group_wording(conflict, group), 60), "bold")
        )
        table.add_column(header, ratio=1)
        others = [s for g in groups if g is not group for s in g.sides]
        cell = Text(
            f"{view.plural(len(group.article_ids), 'article')} · "
            f"{view.plural(group.origins, 'origin')}\n",
            style="dim",
        )
        for side in group.sides:
            cell.append_text(screen.chip(side.article_id))
            cell.append("\n“")
            for piece, differs in view.marked_side(side, others):
                cell.append(plain_text(piece, "bold reverse" if differs else ""))
            cell.append("”\n")
        cells.append(trimmed(cell))
    table.add_row(*cells)
    title = plain_text(f"{conflict.kind.replace('_', ' ').upper()}  ", "bold red")
    title.append_text(plain_text(conflict.summary, "bold"))
    if conflict.reason:
        title.append_text(plain_text(f"\nsame thing because {conflict.reason}", "dim"))
    return Padding(Group(title, table), (0, 0, 1, 0))


def _conflicts(screen: Screen) -> RenderableType:
    if not screen.dossier.conflicts:
        return screen.absent("No conflicts found between the sources.")
    return Group(*(_conflict(screen, c) for c in screen.dossier.conflicts))


def _single(screen: Screen) -> RenderableType:
    grouped = view.single_by_article(screen.dossier)
    if not grouped:
        return screen.absent("Every claim has more than one source.")
    parts: list[RenderableType] = []
    for article_id, claims in grouped.items():
        head = Text("Only ", style="dim")
        head.append_text(screen.chip(article_id))
        head.append(f" ({len(claims)})", style="dim")
        body = Text()
        for claim in claims:
            body.append_text(plain_text(f"• {claim.text}\n"))
            for flag in claim.flags:
                if flag.kind != "unique_detail":  # the heading already says "only here"
                    body.append_text(
                        plain_text(f"  ⚑ {flag.kind.replace('_', ' ')}: {flag.note}\n", "magenta")
                    )
        parts.append(Group(head, Padding(trimmed(body), (0, 0, 0, 2))))
    return Group(*parts)


def diff_text(reference: str, variant: str) -> Text:
    """The word diff with git's word-diff markers, ``[-missing-]`` and ``{+added+}``,
    so it reads without colour too."""
    text = Text()
    for op, piece in view.word_diff(reference, variant):
        if op == "same":
            text.append(plain_text(piece))
            continue
        core = piece.strip()
        opener, closer, style = ("[-", "-]", "red") if op == "del" else ("{+", "+}", "green")
        text.append(piece[: len(piece) - len(piece.lstrip())])
        text.append(plain_text(f"{opener}{core}{closer}", style))
        text.append(piece[len(piece.rstrip()) :])
    return text


def _quote(screen: Screen, quote: QuoteOut) -> RenderableType:
    head = plain_text(quote.speaker or "Unattributed", "bold" if quote.speaker else "dim")
    head.append(
        f"  {view.plural(len(quote.article_ids), 'article')} · "
        f"{view.plural(view.origins_of(quote.article_ids, screen.by_id), 'origin')} · "
        f"{view.plural(view.quote_wordings(quote), 'wording')}",
        style="dim",
    )
    for conflict in view.unverified_quote_conflicts(quote, screen.dossier):
        head.append_text(plain_text(f"\nunverified: {conflict.summary}", "bold red"))
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    table.add_row("", plain_text(f"“{quote.text}”", "italic"))
    for wording, article_ids in view.quote_variant_groups(quote):
        shown = (
            Text("same wording", style="green")
            if wording == quote.text
            else diff_text(quote.text, wording)
        )
        table.add_row(screen.chips(article_ids), shown)
    return Padding(Group(head, table), (0, 0, 1, 0))


def _quotes(screen: Screen) -> RenderableType:
    if not screen.dossier.quotes:
        return screen.absent("No quotes found.")
    legend = Text("Wording per outlet against the first: ", style="dim")
    legend.append("[-missing-]", style="red")
    legend.append(", ", style="dim")
    legend.append("{+added+}", style="green")
    return Group(legend, *(_quote(screen, q) for q in screen.dossier.quotes))


def _timeline(screen: Screen) -> RenderableType:
    if not screen.dossier.timeline:
        return screen.absent("No dates found.")
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("What", ratio=3)
    table.add_column("Sources", ratio=1)
    for event in sorted(screen.dossier.timeline, key=lambda e: e.date):
        when = plain_text(view.format_date(event.date, event.precision), "bold")
        table.add_row(when, plain_text(event.text), screen.chips(event.article_ids))
    return table


def _entities(screen: Screen) -> RenderableType:
    if not screen.dossier.entities:
        return screen.absent("No entities found.")
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("Name", ratio=2)
    table.add_column("Type", no_wrap=True)
    table.add_column("Mentions", justify="right", no_wrap=True)
    table.add_column("Also written · suspect spellings · titles", ratio=3)
    for entity in screen.dossier.entities:
        other = plain_text(", ".join(entity.aliases))
        if entity.suspect_variants:
            other.append("; " if entity.aliases else "")
            other.append("suspect: ", style="bold red")
            other.append(plain_text(", ".join(entity.suspect_variants), "red"))
        if entity.titles:
            other.append(
                plain_text(("; " if other.plain else "") + "titles: " + "; ".join(entity.titles))
            )
        table.add_row(plain_text(entity.name, "bold"), entity.type, str(entity.mentions), other)
    return table


def _provenance(screen: Screen) -> RenderableType:
    prov = screen.dossier.provenance
    lines = screen.origin_lines()
    for edge in prov.edges:
        names = {
            a: screen.by_id[a].name if a in screen.by_id else a for a in (edge.source, edge.target)
        }
        lines.append("  ")
        lines.append(plain_text(names[edge.target], "bold"))
        lines.append(f" {view.EDGE_LABEL[edge.kind]} ")
        lines.append(plain_text(names[edge.source], "bold"))
        if edge.kind != "cites":
            lines.append(f" ({edge.score:.0%})")
        if edge.note:
            lines.append(plain_text(f": {edge.note}", "dim"))
        lines.append("\n")
    for finding in prov.findings:
        lines.append_text(plain_text(f"• {finding}\n"))
    return trimmed(lines)


def _articles(screen: Screen) -> RenderableType:
    unique = view.unique_details(screen.dossier)
    panels: list[RenderableType] = []
    for source in screen.by_id.values():
        panels.append(_article(screen, source, unique.get(source.article_id, [])))
    return Group(*panels)


def _article(screen: Screen, source: Source, adds: list[Claim]) -> RenderableType:
    article = source.article
    body = Text()
    if article.title:
        body.append_text(plain_text(view.short(article.title, 200), "italic"))
        body.append("\n")
    meta = [
        article.id,
        view.format_date(article.published) if article.published else "date unknown",
        view.short(article.url or article.source, 90),
        f"{view.plural(article.sentence_count, 'sentence')}, "
        f"{article.evidence_sentence_count} used as evidence",
    ]
    if article.cited_outlets:
        meta.append("credits " + ", ".join(article.cited_outlets))
    body.append_text(plain_text(" · ".join(meta) + "\n", "dim"))
    body.append("Junk found: ", style="bold")
    if not article.artifacts:
        body.append("none\n", style="dim")
    for artifact in article.artifacts:
        body.append_text(plain_text(f"\n  {artifact.kind.replace('_', ' ')}: ", "yellow"))
        body.append_text(plain_text(view.short(artifact.text, 100)))
    if article.artifacts:
        body.append("\n")
    if screen.covered.claims:
        body.append("Adds (only here): ", style="bold")
        body.append("nothing of its own\n" if not adds else "", style="dim")
        for claim in adds:
            body.append_text(plain_text(f"\n  • {view.short(claim.text, 140)}"))
        if adds:
            body.append("\n")
    if article.findings or screen.covered.findings:
        body.append("Signals: ", style="bold")
        body.append("" if article.findings else "none found", style="dim")
    for finding in article.findings:
        body.append_text(plain_text(f"\n  {finding.kind.replace('_', ' ')}: ", "magenta"))
        body.append_text(plain_text(f"“{view.short(finding.text, 100)}”"))
        if finding.note:
            body.append_text(plain_text(f" ({finding.note})", "dim"))
    title = screen.chip(article.id)
    style = GROUP_STYLES[source.group % len(GROUP_STYLES)] if source.group is not None else "dim"
    return Panel(trimmed(body), title=title, title_align="left", border_style=style)


FULL_SECTIONS: dict[str, Callable[[Screen], RenderableType]] = {
    "story": story_section,
    "known": _known,
    "conflicts": _conflicts,
    "single": _single,
    "quotes": _quotes,
    "timeline": _timeline,
    "entities": _entities,
    "provenance": _provenance,
    "articles": _articles,
}
head = _head
