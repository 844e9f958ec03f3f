"""Render a dossier in one of the output formats."""

from __future__ import annotations

import io

from rich.console import Console

from consilience.dossier import Dossier
from consilience.errors import ConfigurationError
from consilience.report.html import render_html
from consilience.report.markdown import render_markdown
from consilience.report.terminal import render_terminal

FORMATS = ("json", "md", "text", "html")


def render(dossier: Dossier, fmt: str, *, full: bool = False) -> str:
    """The dossier as a string in format ``fmt`` (json, md, text, html); ``full`` gives the
    text view every detail instead of the short view."""
    if fmt == "json":
        return dossier.to_json()
    if fmt == "md":
        return render_markdown(dossier)
    if fmt == "html":
        return render_html(dossier)
    if fmt == "text":
        console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
        render_terminal(dossier, console, full=full)
        return console.export_text()
    raise ConfigurationError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def print_terminal(dossier: Dossier, console: Console, *, full: bool = False) -> None:
    render_terminal(dossier, console, full=full)
