"""The dossier as Markdown, for a newsroom note or a wiki: the same content as the HTML page.

Article text is hostile input: every piece of it is HTML-escaped and its Markdown
punctuation escaped, and it never starts a line, so no HTML or Markdown from an article
becomes markup in the rendered note.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from consilience.dossier import Claim, Conflict, Dossier, QuoteOut
from consilience.report import lead, view
from consilience.report.view import Source

# Inline markup characters; block syntax (#, -, >, 1.) only acts at the start of a line,
# and article text is always preceded by our own prefix.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SPACES = re.compile(r"\s+")


def md_escape(text: str) -> str:
    """Text safe to put inline in Markdown: HTML-escaped, Markdown punctuation escaped,
    line breaks flattened."""
    text = _SPACES.sub(" ", view.plain(text))
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


class _Note:
    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.by_id = view.sources(dossier)
        self.covered = view.coverage(dossier)
        self.facts = lead.facts_of(dossier, self.by_id)
        self.lead_id = next((f.claim_id for f in self.facts if f.kind == "what"), None)
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def source(self, article_id: str) -> str:
        source = self.by_id.get(article_id)
        if source is None:
            return md_escape(article_id)
        origin = f", origin {source.letter}" if source.letter else ""
        return f"{md_escape(source.name)} ({md_escape(article_id)}{origin})"

    def sources(self, article_ids: Iterable[str]) -> str:
        return ", ".join(self.source(a) for a in dict.fromkeys(article_ids))

    def absent(self, none_found: str) -> None:
        self.add(f"_{none_found}_", "")


def render_markdown(dossier: Dossier) -> str:
    note = _Note(view.displayable(dossier))
    _head(note)
    covered = note.covered
    for computed, section in (
        (covered.summary, _story),
        (covered.claims, _known),
        (covered.conflicts, _conflicts),
        (covered.claims, _single),
        (covered.extraction, _quotes),
        (covered.extraction, _timeline),
        (covered.extraction, _entities),
        (covered.provenance, _provenance),
    ):
        if computed:
            section(note)
    _articles(note)
    if dossier.skipped:
        note.add(f"## {view.SECTION_TITLES['skipped']}", "")
        for item in dossier.skipped:
            where = f"{item.source}:{item.line}" if item.line else item.source
            note.add(f"- `{md_escape(where)}`: {md_escape(item.reason)}")
        note.add("")
    return "\n".join(note.lines).rstrip() + "\n"


def _head(note: _Note) -> None:
    dossier = note.dossier
    seen = view.glance(dossier, note.by_id)
    lead_text = next((f.values[0].value for f in note.facts if f.kind == "what"), None)
    note.add(f"# {md_escape(view.story_title(dossier, lead_text))}", "")
    note.add(f"> {md_escape(view.verdict(dossier, note.by_id))}", "")
    _lead_facts(note)
    missing = view.not_computed(note.covered)
    if missing:
        note.add(f"**Not computed in this run:** {', '.join(missing)}.", "")
    head = [f"{seen.articles} article{'s' if seen.articles != 1 else ''}"]
    if seen.outlets:
        head[0] += f" ({view.plural(seen.outlets, 'outlet')})"
    labels = ["Articles"]
    if seen.origins is not None:
        labels.append("Independent origins")
        head.append(str(seen.origins))
    if note.covered.claims:
        labels += [view.STATUS_LABEL[s] for s in view.STATUS_ORDER]
        head += [str(seen.statuses[s]) for s in view.STATUS_ORDER]
    if note.covered.conflicts:
        labels.append("Conflicts")
        head.append(str(seen.conflicts))
    if len(head) > 1:
        note.add("| " + " | ".join(labels) + " |", "|" + "---|" * len(head))
        note.add("| " + " | ".join(head) + " |", "")
    note.add(
        f"Generated {md_escape(view.format_timestamp(dossier.generated_at))} by consilience.", ""
    )
    note.add("| Id | Outlet | Origin | Published | Headline |", "|---|---|---|---|---|")
    for source in note.by_id.values():
        article = source.article
        note.add(
            f"| {md_escape(article.id)} | {md_escape(source.name)} | {source.letter or '–'} | "
            f"{md_escape(article.published or '–')} | {md_escape(view.short(article.title or '', 120))} |"
        )
    note.add("")


def _lead_facts(note: _Note) -> None:
    """The key facts as a list: "- **Dead:** 14 (2 origins; a1, a3) · 16 (1 origin; a2)"."""
    for fact in note.facts:
        values = []
        for value in fact.values:
            limit = 240 if fact.kind == "what" else 90
            where = ", ".join(md_escape(a) for a in value.article_ids[:6])
            more = "…" if len(value.article_ids) > 6 else ""
            values.append(
                f"{md_escape(view.short(value.value, limit))} "
                f"({view.plural(value.origins, 'origin')}; {where}{more})"
            )
        tail = " — **disputed**" if fact.disputed else ""
        joiner = " · " if fact.disputed else ", "
        note.add(f"- **{md_escape(fact.label)}:** {joiner.join(values)}{tail}")
    if note.facts:
        note.add("")


def _story(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['story']}", "")
    summary = view.summary_sentences(note.dossier, note.lead_id)
    if not summary:
        note.absent("No sentence was selected for a summary.")
        return
    note.add(
        " ".join(
            f"{md_escape(s.text)} \\[{note.source(s.article_id)}, characters {s.start}–{s.end}\\]"
            for s in summary
        ),
        "",
    )


def _claim(note: _Note, claim: Claim, *, single: bool = False) -> None:
    origins = view.plural(claim.independent_sources, "independent origin")
    note.add(
        f"- **{md_escape(claim.text)}** ({origins}; "
        f"{note.sources(p.article_id for p in claim.support)})"
    )
    if len(claim.origins) > 1:
        for origin in claim.origins:
            mark = "✓" if origin.independent else "·"
            tail = f" — {md_escape(origin.note)}" if origin.note else ""
            note.add(
                f"  - {mark} {md_escape(origin.label)} ({', '.join(origin.article_ids)}){tail}"
            )
    for flag in claim.flags:
        if single and flag.kind == "unique_detail":
            continue  # the article's heading already says "only here"
        note.add(f"  - ⚑ {md_escape(flag.kind.replace('_', ' '))}: {md_escape(flag.note)}")
    conflicts = {c.id: c for c in note.dossier.conflicts}
    for conflict_id in claim.conflict_ids:
        if conflict_id in conflicts:
            note.add(f"  - conflict: {md_escape(conflicts[conflict_id].summary)}")


def _known(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['known']}", "")
    if not note.dossier.claims:
        note.absent("No claims were found.")
        return
    grouped = view.claims_by_status(note.dossier)
    for status in ("corroborated", "disputed", "single_origin"):
        note.add(f"### {view.STATUS_LABEL[status]} ({len(grouped[status])})", "")
        note.add(f"_{view.STATUS_HELP[status]}_", "")
        for claim in grouped[status]:
            _claim(note, claim)
        note.add("" if grouped[status] else "None.", "")


def _marked(pieces: list[tuple[str, bool]]) -> str:
    return "".join(
        _wrap(md_escape(t), "**") if differs and t.strip() else md_escape(t)
        for t, differs in pieces
    )


def _conflict(note: _Note, conflict: Conflict) -> None:
    kind = conflict.kind.replace("_", " ")
    note.add(f"### {md_escape(kind.capitalize())}: {md_escape(conflict.summary)}", "")
    if conflict.reason:
        note.add(f"_Same thing because {md_escape(conflict.reason)}_", "")
    note.add("| Says | Articles, origins | Source | Passage |", "|---|---|---|---|")
    groups = view.value_groups(conflict, note.by_id)
    for group in groups:
        says = (
            f"**{md_escape(view.display_value(conflict, group.value))}**"
            if group.value is not None
            else md_escape(view.short(view.group_wording(conflict, group), 60))
        )
        others = [s for g in groups if g is not group for s in g.sides]
        count = f"{len(group.article_ids)}, {group.origins}"
        for side in group.sides:
            passage = _marked(view.marked_side(side, others))
            note.add(f"| {says} | {count} | {note.source(side.article_id)} | “{passage}” |")
            says = count = ""
    note.add("")


def _conflicts(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['conflicts']}", "")
    if not note.dossier.conflicts:
        note.absent("No conflicts found between the sources.")
        return
    note.add("_The sides are quoted; what differs is in bold. No side is ruled right._", "")
    for conflict in note.dossier.conflicts:
        _conflict(note, conflict)


def _single(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['single']}", "")
    grouped = view.single_by_article(note.dossier)
    if not grouped:
        note.absent("Every claim has more than one source.")
        return
    for article_id, claims in grouped.items():
        note.add(f"### Only {note.source(article_id)}", "")
        for claim in claims:
            _claim(note, claim, single=True)
        note.add("")


def diff_markdown(reference: str, variant: str) -> str:
    """The word diff with ``<del>``/``<ins>`` (inline HTML that GitHub, GitLab and pandoc
    render): unlike ``~~``/``**`` it also marks a lone changed comma."""
    pieces = []
    for op, text in view.word_diff(reference, variant):
        escaped = md_escape(text)
        if op == "same" or not escaped.strip():
            pieces.append(escaped)
        else:
            tag = "del" if op == "del" else "ins"
            core = escaped.strip()
            lead = " " if escaped[:1].isspace() else ""
            trail = " " if escaped[-1:].isspace() else ""
            pieces.append(f"{lead}<{tag}>{core}</{tag}>{trail}")
    return "".join(pieces)


def _wrap(text: str, marker: str) -> str:
    core = text.strip()
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{marker}{core}{marker}{trail}"


def _quote(note: _Note, quote: QuoteOut) -> None:
    speaker = md_escape(quote.speaker) if quote.speaker else "Unattributed"
    facts = (
        f"{view.plural(len(quote.article_ids), 'article')}, "
        f"{view.plural(view.origins_of(quote.article_ids, note.by_id), 'origin')}, "
        f"{view.plural(view.quote_wordings(quote), 'wording')}"
    )
    note.add(f"### {speaker} ({facts})", "")
    for conflict in view.unverified_quote_conflicts(quote, note.dossier):
        note.add(f"**Unverified:** {md_escape(conflict.summary)}", "")
    note.add(f"> “{md_escape(quote.text)}”", "")
    if quote.variants:
        groups = view.quote_variant_groups(quote)
        if len(groups) == 1:
            where = "Same wording in" if len(groups[0][1]) > 1 else "In"
            note.add(f"{where} {note.sources(groups[0][1])}.", "")
            return
        note.add("| Outlets | Wording (<del>missing</del>, <ins>added</ins>) |", "|---|---|")
        for text, article_ids in groups:
            wording = "as quoted" if text == quote.text else diff_markdown(quote.text, text)
            note.add(f"| {note.sources(article_ids)} | {wording} |")
        note.add("")


def _quotes(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['quotes']}", "")
    if not note.dossier.quotes:
        note.absent("No quotes found.")
        return
    for quote in note.dossier.quotes:
        _quote(note, quote)


def _timeline(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['timeline']}", "")
    if not note.dossier.timeline:
        note.absent("No dates found.")
        return
    note.add("| Date | Precision | What | Sources |", "|---|---|---|---|")
    for event in sorted(note.dossier.timeline, key=lambda e: e.date):
        note.add(
            f"| {md_escape(view.format_date(event.date, event.precision))} | "
            f"{md_escape(event.precision)} | {md_escape(event.text)} | "
            f"{note.sources(event.article_ids)} |"
        )
    note.add("")


def _entities(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['entities']}", "")
    if not note.dossier.entities:
        note.absent("No entities found.")
        return
    note.add(
        "| Name | Type | Mentions | Articles | Also written | Suspect spellings | Titles used |",
        "|---|---|---|---|---|---|---|",
    )
    for entity in note.dossier.entities:
        suspects = ", ".join(f"**{md_escape(v)}**" for v in entity.suspect_variants)
        note.add(
            f"| {md_escape(entity.name)} | {entity.type} | {entity.mentions} | "
            f"{len(entity.article_ids) or ''} | {md_escape(', '.join(entity.aliases))} | "
            f"{suspects} | {md_escape('; '.join(entity.titles))} |"
        )
    note.add("")


def _provenance(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['provenance']}", "")
    prov = note.dossier.provenance
    for number, group in enumerate(prov.origin_groups):
        note.add(f"- **Origin {view.origin_letter(number)}**: {note.sources(group)}")
    note.add("")
    by_id: dict[str, Source] = note.by_id
    for edge in prov.edges:
        target = md_escape(by_id[edge.target].name) if edge.target in by_id else edge.target
        source = md_escape(by_id[edge.source].name) if edge.source in by_id else edge.source
        score = "" if edge.kind == "cites" else f" ({edge.score:.0%})"
        note_text = f": {md_escape(edge.note)}" if edge.note else ""
        note.add(f"- {target} {view.EDGE_LABEL[edge.kind]} {source}{score}{note_text}")
    if prov.edges:
        note.add("")
    if prov.findings:
        note.add("Why they were grouped:", "")
        note.add(*(f"- {md_escape(f)}" for f in prov.findings), "")


def _articles(note: _Note) -> None:
    note.add(f"## {view.SECTION_TITLES['articles']}", "")
    unique = view.unique_details(note.dossier)
    for source in note.by_id.values():
        article = source.article
        origin = f" (origin {source.letter})" if source.letter else ""
        note.add(f"### {md_escape(article.id)}: {md_escape(source.name)}{origin}", "")
        facts = [
            f"headline “{md_escape(view.short(article.title, 200))}”" if article.title else "",
            f"published {md_escape(article.published)}" if article.published else "date unknown",
            f"source {md_escape(article.url or article.source)}",
            f"{view.plural(article.sentence_count, 'sentence')}, "
            f"{article.evidence_sentence_count} used as evidence",
        ]
        if article.cited_outlets:
            facts.append(f"credits {md_escape(', '.join(article.cited_outlets))}")
        note.add("; ".join(f for f in facts if f) + ".", "")
        note.add("Junk found:" if article.artifacts else "Junk found: none.")
        for artifact in article.artifacts:
            extra = f" ({md_escape(artifact.note)})" if artifact.note else ""
            note.add(
                f"- {md_escape(artifact.kind.replace('_', ' '))}{extra}: “{md_escape(view.short(artifact.text, 120))}” "
                f"\\[{artifact.start}–{artifact.end}\\]"
            )
        note.add("")
        if note.covered.claims:
            adds = unique.get(article.id, [])
            note.add("Adds (only here):" if adds else "Adds (only here): nothing of its own.")
            note.add(*(f"- {md_escape(c.text)}" for c in adds), "")
        if article.findings:
            note.add("Signals:")
            for finding in article.findings:
                extra = f" ({md_escape(finding.note)})" if finding.note else ""
                note.add(
                    f"- {md_escape(finding.kind.replace('_', ' '))}: “{md_escape(finding.text)}”{extra}"
                )
            note.add("")
        elif note.covered.findings:
            note.add("Signals: none found.", "")
