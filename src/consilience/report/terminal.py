"""The dossier as a terminal view (rich), short enough to read in a minute: the lead facts
and verdict on top, then each section with its most telling items and a count of the
rest. ``full=True`` (``analyze --full``) prints every claim, passage, link and article
panel instead (:mod:`consilience.report.terminal_full`).

Article text never goes through rich's markup parser: it is wrapped in ``Text`` objects,
so a "[bold]" inside an article prints as written.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from consilience.dossier import Claim, Conflict, Dossier
from consilience.report import view
from consilience.report.terminal_full import (
    FULL_SECTIONS,
    STATUS_STYLE,
    Screen,
    diff_text,
    head,
    plain_text,
    section,
    story_section,
    trimmed,
)

#: How many items each short section shows before "and N more".
SHOWN = {
    "corroborated": 6,
    "disputed": 4,
    "copies": 3,
    "single": 1,
    "quotes": 5,
    "timeline": 8,
    "entities": 8,
    "single_articles": 8,
    "articles": 20,
}
MORE_HINT = "--full shows them"


def render_terminal(dossier: Dossier, console: Console, *, full: bool = False) -> None:
    screen = Screen(view.displayable(dossier))
    covered = screen.covered
    console.print(head(screen))
    sections = FULL_SECTIONS if full else SHORT_SECTIONS
    for computed, key in (
        (covered.summary, "story"),
        (covered.claims, "known"),
        (covered.conflicts, "conflicts"),
        (covered.claims, "single"),
        (covered.extraction, "quotes"),
        (covered.extraction, "timeline"),
        (covered.extraction, "entities"),
        (covered.provenance, "provenance"),
        (True, "articles"),
    ):
        if computed:
            console.print(section(view.SECTION_TITLES[key], sections[key](screen)))
    if dossier.skipped:
        lines = Text()
        for item in dossier.skipped:
            where = f"{item.source}:{item.line}" if item.line else item.source
            lines.append(plain_text(f"skipped {where}: {item.reason}\n", "yellow"))
        console.print(section(view.SECTION_TITLES["skipped"], trimmed(lines)))
    if not full:
        console.print(
            Text(
                "Short view: --full lists every claim, passage, link and article; "
                "--format html gives the clickable page.",
                style="dim",
            )
        )


def _more(text: Text, hidden: int, what: str, many: str | None = None) -> None:
    if hidden > 0:
        text.append(f"… and {view.plural(hidden, what, many)} more ({MORE_HINT})\n", style="dim")


def _claim_line(screen: Screen, claim: Claim, *, status: bool = False) -> Text:
    line = Text("• ")
    if status:
        line.append(f"{view.STATUS_LABEL[claim.status]}: ", style=STATUS_STYLE[claim.status])
    line.append_text(plain_text(view.short(claim.text, 180)))
    articles = len({p.article_id for p in claim.support})
    line.append(
        f"  {view.plural(claim.independent_sources, 'origin')}, "
        f"{view.plural(articles, 'article')}\n",
        style="dim",
    )
    return line


def _known(screen: Screen) -> RenderableType:
    if not screen.dossier.claims:
        return screen.absent("No claims were found.")
    grouped = view.claims_by_status(screen.dossier)
    text = Text()
    for status in ("corroborated", "disputed"):
        limit = SHOWN[status]
        distinct = view.distinct_claims(grouped[status])
        for claim in distinct[:limit]:
            text.append_text(_claim_line(screen, claim, status=True))
        _more(text, len(distinct) - limit, f"{view.STATUS_LABEL[status].lower()} claim")
    copies = grouped["single_origin"]
    if copies:
        text.append(
            f"{view.plural(len(copies), 'claim')} repeated from one origin only "
            "(copies, not confirmation), the most repeated:\n",
            style=STATUS_STYLE["single_origin"],
        )
        distinct = view.distinct_claims(copies)
        for claim in distinct[: SHOWN["copies"]]:
            text.append_text(_claim_line(screen, claim))
        _more(text, len(distinct) - SHOWN["copies"], "repeated claim")
    if not text.plain:
        return screen.absent("Every claim has a single source.")
    return trimmed(text)


def _conflict(screen: Screen, conflict: Conflict) -> Text:
    text = plain_text(f"{conflict.kind.replace('_', ' ').upper()}  ", "bold red")
    text.append_text(plain_text(conflict.summary + "\n", "bold"))
    for group in view.value_groups(conflict, screen.by_id):
        text.append("  ")
        text.append_text(plain_text(view.group_wording(conflict, group), "bold"))
        text.append(
            f"  {view.plural(len(group.article_ids), 'article')}, "
            f"{view.plural(group.origins, 'origin')}: ",
            style="dim",
        )
        text.append_text(screen.chips(group.article_ids))
        text.append("\n")
    return text


def _conflicts(screen: Screen) -> RenderableType:
    if not screen.dossier.conflicts:
        return screen.absent("No conflicts found between the sources.")
    text = Text()
    for conflict in screen.dossier.conflicts:
        text.append_text(_conflict(screen, conflict))
    return trimmed(text)


def _single(screen: Screen) -> RenderableType:
    grouped = view.single_by_article(screen.dossier)
    if not grouped:
        return screen.absent("Every claim has more than one source.")
    text = Text()
    # The articles that add most first; the rest are counted.
    ranked = sorted(grouped.items(), key=lambda item: -len(item[1]))
    for article_id, claims in ranked[: SHOWN["single_articles"]]:
        text.append("Only ", style="dim")
        text.append_text(screen.chip(article_id))
        text.append(f" ({view.plural(len(claims), 'detail')}): ", style="dim")
        for claim in claims[: SHOWN["single"]]:
            text.append_text(plain_text(f"{view.short(claim.text, 150)}\n"))
    hidden = ranked[SHOWN["single_articles"] :]
    _more(
        text,
        sum(len(c) for _, c in hidden),
        "detail from other articles",
        "details from other articles",
    )
    return trimmed(text)


def _quotes(screen: Screen) -> RenderableType:
    quotes = screen.dossier.quotes
    if not quotes:
        return screen.absent("No quotes found.")
    # Reworded quotes first, then those several articles carry: where wording drifts.
    ranked = sorted(quotes, key=lambda q: (-view.quote_wordings(q), -len(q.article_ids)))
    text = Text()
    for quote in ranked[: SHOWN["quotes"]]:
        text.append_text(
            plain_text(quote.speaker or "Unattributed", "bold" if quote.speaker else "dim")
        )
        text.append_text(plain_text(f": “{view.short(quote.text, 200)}”", "italic"))
        wordings = view.quote_variant_groups(quote)
        if len(wordings) == 1:
            text.append("  same wording in ", style="dim")
            text.append_text(screen.chips(wordings[0][1]))
            text.append("\n")
        else:
            text.append(f"  {len(wordings)} wordings:\n", style="dim")
            for wording, article_ids in wordings:
                text.append("  ")
                text.append_text(screen.chips(article_ids))
                text.append(": ")
                if wording == quote.text:
                    text.append("as quoted above\n", style="green")
                else:
                    text.append_text(diff_text(quote.text, wording))
                    text.append("\n")
        for conflict in view.unverified_quote_conflicts(quote, screen.dossier):
            text.append_text(plain_text(f"  unverified: {conflict.summary}\n", "bold red"))
    _more(text, len(quotes) - SHOWN["quotes"], "quote")
    return trimmed(text)


def _timeline(screen: Screen) -> RenderableType:
    events = sorted(screen.dossier.timeline, key=lambda e: e.date)
    if not events:
        return screen.absent("No dates found.")
    precise = [e for e in events if e.precision in ("day", "month")] or events
    shown = precise[: SHOWN["timeline"]]
    text = Text()
    for event in shown:
        text.append_text(
            plain_text(f"{view.format_date(event.date, event.precision):>12}  ", "bold")
        )
        text.append_text(plain_text(view.short(event.text, 150)))
        text.append("  ")
        text.append_text(screen.chips(event.article_ids))
        text.append("\n")
    _more(text, len(events) - len(shown), "dated mention")
    return trimmed(text)


def _entities(screen: Screen) -> RenderableType:
    entities = screen.dossier.entities
    if not entities:
        return screen.absent("No entities found.")
    text = Text()
    for entity in entities[: SHOWN["entities"]]:
        text.append_text(plain_text(entity.name, "bold"))
        text.append(
            f" ({entity.type}, {view.plural(len(entity.article_ids), 'article')})", style="dim"
        )
        if entity.suspect_variants:
            text.append("  suspect: ", style="bold red")
            text.append_text(plain_text(", ".join(entity.suspect_variants), "red"))
        if entity.aliases:
            text.append_text(plain_text(f"  also: {', '.join(entity.aliases[:4])}", "dim"))
        text.append("\n")
    _more(text, len(entities) - SHOWN["entities"], "entity", "entities")
    return trimmed(text)


def _provenance(screen: Screen) -> RenderableType:
    prov = screen.dossier.provenance
    text = screen.origin_lines()
    if prov.edges:
        kinds = view.plural(len(prov.edges), "link")
        text.append(f"{kinds} between articles ({MORE_HINT}, the page draws them)\n", style="dim")
    return trimmed(text)


def _articles(screen: Screen) -> RenderableType:
    unique = view.unique_details(screen.dossier)
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("Article", ratio=3)
    table.add_column("Published", no_wrap=True)
    table.add_column("Junk", justify="right", no_wrap=True)
    table.add_column("Own details", justify="right", no_wrap=True)
    table.add_column("Signals", justify="right", no_wrap=True)
    sources = list(screen.by_id.values())
    for source in sources[: SHOWN["articles"]]:
        article = source.article
        table.add_row(
            screen.chip(article.id),
            view.format_date(article.published) if article.published else "–",
            str(len(article.artifacts)),
            str(len(unique.get(article.id, []))),
            str(len(article.findings)),
        )
    hidden = Text()
    _more(hidden, len(sources) - SHOWN["articles"], "article")
    return Group(table, trimmed(hidden)) if hidden.plain else table


SHORT_SECTIONS: dict[str, Callable[[Screen], RenderableType]] = {
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
