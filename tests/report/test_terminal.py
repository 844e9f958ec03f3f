"""The terminal view: same content, within the width, NO_COLOR respected, no markup from
articles; and the progress bar on stderr when many files are read."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from consilience.cli import common
from consilience.dossier import Dossier
from consilience.report.render import render
from consilience.report.terminal import diff_text, render_terminal

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _screen(dossier: Dossier, width: int, *, full: bool = False, **options: object) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        record=True,
        color_system=None,
        **options,  # type: ignore[arg-type]
    )
    render_terminal(dossier, console, full=full)
    return console.export_text()


@pytest.fixture(scope="module")
def screen(full_dossier: Dossier) -> str:
    return _screen(full_dossier, 100, full=True)


@pytest.fixture(scope="module")
def short_screen(full_dossier: Dossier) -> str:
    return _screen(full_dossier, 100)


@pytest.mark.parametrize("which", ["short", "full"])
def test_sections_and_numbers(screen: str, short_screen: str, which: str) -> None:
    screen = short_screen if which == "short" else screen
    for title in (
        "The story in brief",
        "What is known",
        "What conflicts",
        "What only one source says",
        "Quotes",
        "Timeline",
        "Entities",
        "Provenance: who copied whom",
        "Articles",
        "Inputs skipped",
    ):
        assert re.search(rf"^{re.escape(title)} ─", screen, re.M), title
    assert "5 articles from 5 outlets trace back to 3 independent origins." in screen
    assert re.search(r"^What +A fire broke out at a warehouse", screen, re.M)
    assert re.search(
        r"^Date +3 Mar 2026 \(2 origins\) · 4 Mar 2026 \(1 origin\) +disputed", screen, re.M
    )
    assert "Harbour Wire [B]" in screen and "Elsby Gazette [C]" in screen


def test_the_short_view_is_short_and_points_to_full(short_screen: str, screen: str) -> None:
    assert len(short_screen.splitlines()) * 2 < len(screen.splitlines())
    assert "--full" in short_screen
    # a reworded quote keeps its word diff in the short view
    assert "smoulder for [-several-] {+many+} days" in " ".join(short_screen.split())
    # each single-source article is named once, without "Only a1 gives" under every claim
    assert "unique detail" not in short_screen


def test_conflict_sides_are_columns(screen: str) -> None:
    assert re.search(r"^3 Mar 2026 +4 Mar 2026 *$", screen, re.M)
    assert re.search(r"^fire chief +deputy fire chief *$", screen, re.M)


def test_quote_diff_reads_without_colour(screen: str) -> None:
    flat = " ".join(screen.split())
    assert "smoulder for [-several-] {+many+} days[-.-]{+,+}" in flat
    assert "[-There is-] {+There's+} no reason [-to-] {+for+} panic," in flat


@pytest.mark.parametrize("width", [60, 80, 140])
def test_stays_within_the_width(full_dossier: Dossier, width: int) -> None:
    lines = _screen(full_dossier, width, full=True).splitlines()
    assert max(len(line) for line in lines) <= width
    assert len(lines) > 100
    short = _screen(full_dossier, width).splitlines()
    assert max(len(line) for line in short) <= width


def test_no_color_means_no_colour_codes(
    full_dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    def codes(env_no_color: bool) -> set[str]:
        if env_no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        console = Console(
            file=io.StringIO(), width=100, force_terminal=True, color_system="truecolor"
        )
        render_terminal(full_dossier, console, full=True)
        output = console.file.getvalue()  # type: ignore[attr-defined]
        return {part for params in SGR.findall(output) for part in params.split(";")}

    colour = {str(n) for n in [*range(30, 38), *range(90, 98), 38]}
    assert codes(env_no_color=False) & colour
    assert not codes(env_no_color=True) & colour


def test_article_text_is_never_markup(full_dossier: Dossier) -> None:
    article = full_dossier.articles[0]
    sneaky = "[bold red]Markup[/] [link=http://evil.example]x[/link]"
    text = article.text + sneaky
    hostile = full_dossier.model_copy(
        update={
            "articles": [
                article.model_copy(update={"text": text, "title": sneaky, "outlet": "[red]O[/]"}),
                *full_dossier.articles[1:],
            ]
        }
    )
    screen = _screen(hostile, 120, full=True)
    assert "[red]O[/]" in screen and sneaky in screen
    assert "[red]O[/]" in _screen(hostile, 120)


def test_text_format_renders_at_a_fixed_width(full_dossier: Dossier) -> None:
    text = render(full_dossier, "text")
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "\x1b[" not in text


def test_articles_only_says_what_was_not_computed(articles_only: Dossier) -> None:
    screen = _screen(articles_only, 100, full=True)
    assert "Not computed in this run: the story in brief, claims, conflicts" in screen
    assert "What is known" not in screen and "Articles ─" in screen
    assert "boilerplate: Advertisement" in screen


def test_diff_text_styles() -> None:
    text = diff_text("a b", "a c")
    assert text.plain == "a [-b-] {+c+}"
    assert {str(span.style) for span in text.spans} == {"red", "green"}


def test_progress_bar_on_stderr_when_many_files(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=80)
    monkeypatch.setattr(common, "stderr", terminal)
    with common.file_progress(3) as few:
        assert few is None
    with common.file_progress(25) as on_file:
        assert on_file is not None
        for n in range(25):
            on_file(Path(f"story-{n}.html"))
    assert "25/25" in terminal.file.getvalue()  # type: ignore[attr-defined]
    monkeypatch.setattr(common, "stderr", Console(file=io.StringIO(), force_terminal=False))
    with common.file_progress(25) as off_terminal:
        assert off_terminal is None


def test_analyze_full_flag_prints_every_detail(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from consilience.cli import app

    story = tmp_path / "story"
    story.mkdir()
    body = (
        "A bridge collapsed in Norvale on Monday, killing three people, police said. "
        "Rescuers searched the river through the night. "
    )
    for n, extra in enumerate(["The mayor called it a tragedy.", "Traffic was diverted."]):
        (story / f"{n}.txt").write_text(f"Bridge collapse\n\n{body}{extra}\n", encoding="utf-8")
    runner = CliRunner()
    short = runner.invoke(app, ["analyze", str(story), "--format", "text"])
    full = runner.invoke(app, ["analyze", str(story), "--format", "text", "--full"])
    assert short.exit_code == 0 and full.exit_code == 0
    assert "Short view: --full" in short.stdout and "Short view" not in full.stdout
    assert "Junk found" in full.stdout and "Junk found" not in short.stdout
