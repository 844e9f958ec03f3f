"""The comparison as JSON, as a Markdown note, or as a terminal view (rich).

Text from the compared articles never goes through rich's markup parser (it is wrapped in
``Text`` objects) and is escaped for Markdown, so "[bold]" or "<script>" in an article
prints as written.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from consilience.compare.report import Comparison, ConflictOut, SentenceVerdict, SpanOut
from consilience.errors import ConfigurationError
from consilience.report import view
from consilience.report.markdown import md_escape
from consilience.safetext import escape_json_controls

_VERDICT_STYLE = {
    "supported": "bold green",
    "conflicting": "bold red",
    "not_in_original": "bold yellow",
}
_VERDICT_LABEL = {
    "supported": "supported",
    "conflicting": "conflicting",
    "not_in_original": "not in original",
}
_PASSAGE_CHARS = 240
FORMATS = ("json", "md", "text")
#: What the score is, beside every view that shows it.
SCORE_LEGEND = (
    "doubt: the estimated chance (0 to 1) that the sentence says something the original "
    "does not support; from {threshold:.2f} up it is flagged even without a conflict or "
    "a detail shown"
)


def render_json(comparison: Comparison) -> str:
    return escape_json_controls(comparison.model_dump_json(indent=2)) + "\n"


def _headline(comparison: Comparison) -> str:
    counts = comparison.counts
    verdict = "consistent" if comparison.consistent else "NOT consistent"
    return (
        f"The derived text is {verdict} with the original: "
        f"{view.plural(counts.supported, 'sentence')} supported, "
        f"{counts.conflicting} conflicting, {counts.not_in_original} not in the original."
    )


def _unexplained(sentence: SentenceVerdict) -> str | None:
    """The note of a sentence the score alone flags (no conflict, no novel phrase): the
    verdict never stands without a reason beside it."""
    if sentence.verdict != "not_in_original" or sentence.conflicts or sentence.novel_phrases:
        return None
    return "not supported: the closest passages of the original do not say this"


def _side(span: SpanOut) -> str:
    text = f"“{view.short(span.text, 80)}”"
    return f"{text} ({span.value})" if span.value and span.value != span.text else text


def _conflict_line(conflict: ConflictOut) -> str:
    line = f"{conflict.kind}: {_side(conflict.derived)} vs original {_side(conflict.original)}"
    return f"{line}; {conflict.note}" if conflict.note else line


# --- Markdown -----------------------------------------------------------------------------


def render_markdown(comparison: Comparison) -> str:
    lines = [
        "# Comparison",
        "",
        f"- Original: {md_escape(comparison.original.source)}",
        f"- Derived: {md_escape(comparison.derived.source)}",
        f"- Embedder: {md_escape(comparison.model.embedder)}",
        f"- {md_escape(SCORE_LEGEND.format(threshold=comparison.model.threshold))}",
        "",
        f"**{md_escape(_headline(comparison))}**",
        "",
    ]
    for sentence in comparison.sentences:
        lines += _markdown_sentence(sentence)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_sentence(sentence: SentenceVerdict) -> list[str]:
    label = _VERDICT_LABEL[sentence.verdict]
    lines = [
        f"## {sentence.index + 1}. {label} (doubt {sentence.score:.2f})",
        "",
        f"> {md_escape(sentence.text)}",
        "",
    ]
    for conflict in sentence.conflicts:
        lines.append(f"- **Conflict**: {md_escape(_conflict_line(conflict))}")
    if sentence.novel_phrases:
        phrases = ", ".join(f"“{md_escape(p.text)}”" for p in sentence.novel_phrases)
        lines.append(f"- Not in the original: {phrases}")
    if (note := _unexplained(sentence)) is not None:
        lines.append(f"- {note[0].upper()}{note[1:]}")
    for passage in sentence.passages[:2]:
        lines.append(
            f"- Original ({passage.start}–{passage.end}, similarity {passage.similarity:.2f}): "
            f"“{md_escape(view.short(passage.text, _PASSAGE_CHARS))}”"
        )
    lines.append("")
    return lines


# --- terminal -----------------------------------------------------------------------------


def _t(text: str, style: str = "") -> Text:
    return Text(view.plain(text), style=style)


def _marked(sentence: SentenceVerdict) -> Text:
    """The sentence with its conflicting and novel spans highlighted."""
    marks: list[tuple[SpanOut, str]] = [(c.derived, "bold red") for c in sentence.conflicts]
    marks += [(p, "yellow") for p in sentence.novel_phrases]
    text = _t(sentence.text)
    for span, style in marks:
        start, end = span.start - sentence.start, span.end - sentence.start
        if 0 <= start < end <= len(sentence.text):
            text.stylize(style, start, end)
    return text


def terminal_view(comparison: Comparison) -> RenderableType:
    parts: list[RenderableType] = [
        _t(_headline(comparison), "bold green" if comparison.consistent else "bold red"),
        _t(
            f"original: {comparison.original.source}   derived: {comparison.derived.source}   "
            f"embedder: {comparison.model.embedder}",
            "dim",
        ),
        _t(SCORE_LEGEND.format(threshold=comparison.model.threshold), "dim"),
    ]
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("doubt", justify="right", no_wrap=True)
    table.add_column("derived sentence", ratio=3)
    table.add_column("original", ratio=3)
    for sentence in comparison.sentences:
        verdict = _t(_VERDICT_LABEL[sentence.verdict], _VERDICT_STYLE[sentence.verdict])
        evidence = Text()
        for conflict in sentence.conflicts:
            evidence.append_text(_t(_conflict_line(conflict) + "\n", "red"))
        if sentence.novel_phrases:
            phrases = ", ".join(f"“{p.text}”" for p in sentence.novel_phrases)
            evidence.append_text(_t(f"not in original: {phrases}\n", "yellow"))
        if (note := _unexplained(sentence)) is not None:
            evidence.append_text(_t(note + "\n", "yellow"))
        if sentence.passages:
            best = sentence.passages[0]
            evidence.append_text(_t(view.short(best.text, _PASSAGE_CHARS), "dim"))
        table.add_row(
            str(sentence.index + 1),
            verdict,
            _t(f"{sentence.score:.2f}", "dim"),
            _marked(sentence),
            evidence,
        )
    parts.append(table)
    return Panel(Group(*parts), title="consilience compare", box=box.ROUNDED)


def print_terminal(comparison: Comparison, console: Console) -> None:
    console.print(terminal_view(comparison))


def render_text(comparison: Comparison, width: int = 100) -> str:
    """The terminal view as plain text (for ``-o FILE``)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(terminal_view(comparison))
    return console.export_text()


def render(comparison: Comparison, fmt: str) -> str:
    """The comparison as a string in format ``fmt`` (json, md, text)."""
    if fmt == "json":
        return render_json(comparison)
    if fmt == "md":
        return render_markdown(comparison)
    if fmt == "text":
        return render_text(comparison)
    raise ConfigurationError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
