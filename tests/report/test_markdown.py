"""The Markdown note: the same content as the HTML page, escaped."""

from __future__ import annotations

import re

import pytest

from consilience.dossier import Dossier
from consilience.report.markdown import diff_markdown, md_escape, render_markdown


@pytest.fixture(scope="module")
def note(full_dossier: Dossier) -> str:
    return render_markdown(full_dossier)


def _section(note: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", note, re.M | re.S)
    assert match, heading
    return match.group(1)


def test_sections_in_order(note: str) -> None:
    headings = re.findall(r"^## (.+)$", note, re.M)
    assert headings == [
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
    ]
    assert note.startswith("# Fire at a chemical warehouse in Port Elsby\n")
    assert "Not computed" not in note


def test_headline_numbers(note: str) -> None:
    assert "> 5 articles from 5 outlets trace back to 3 independent origins." in note
    assert "| 5 articles (5 outlets) | 3 | 3 | 2 | 4 | 4 | 7 |" in note


def test_claims_with_sources_and_origins(note: str) -> None:
    known = _section(note, "What is known")
    assert "### Corroborated (3)" in known and "### Disputed (4)" in known
    assert (
        "- **Port operations were suspended on Wednesday.** (2 independent origins; "
        "Coastal Courier (a1, origin A), Harbour Wire (a2, origin B), "
        "Regional Times (a4, origin B))"
    ) in known
    assert "  - ⚑ copied: DailyBuzz Now copied this from the Coastal Courier" in known
    single = _section(note, "What only one source says")
    assert single.count("(1 independent origin;") == 4


def test_conflicts_show_both_sides_with_the_difference_in_bold(note: str) -> None:
    conflicts = _section(note, "What conflicts")
    assert "### Date: When the fire broke out" in conflicts
    assert "| **3 Mar 2026** | 2, 2 | Coastal Courier (a1, origin A) |" in conflicts
    assert "| **4 Mar 2026** | 1, 1 | Elsby Gazette (a5, origin C) |" in conflicts
    assert "“**Deputy fire chief** Marta Okafor”" in conflicts
    assert conflicts.count("### ") == 7


def test_quotes_with_word_diff(note: str) -> None:
    quotes = _section(note, "Quotes")
    assert "### Marta Okafor (4 articles, 2 origins, 3 wordings)" in quotes
    assert (
        "| Harbour Wire (a2, origin B), Regional Times (a4, origin B) | "
        "The fire is under control<del>,</del> but "
        "<del>we expect</del> it <del>to</del> <ins>will</ins> smoulder for "
        "<del>several</del> days<del>.</del><ins>,</ins> |"
    ) in quotes
    assert "**Unverified:** Words quoted from Mayor Daniel Kessler" in quotes
    # one row per wording: the two articles printing the same words share it
    assert quotes.count("Regional Times (a4, origin B)") == 1


def test_lead_facts_open_the_note(note: str) -> None:
    head = note.split("## ", 1)[0]
    assert "- **What:** A fire broke out at a warehouse operated by Norvane Chemicals" in head
    assert (
        "- **Date:** 3 Mar 2026 (2 origins; a1, a2) · 4 Mar 2026 (1 origin; a5) — **disputed**"
    ) in head


def test_timeline_entities_provenance_articles(note: str) -> None:
    timeline = _section(note, "Timeline")
    assert (
        timeline.index("| 2024 |")
        < timeline.index("| March 2026 |")
        < timeline.index("| 3 Mar 2026 |")
    )
    assert "| **Norvaine Chemicals** |" in _section(note, "Entities")
    provenance = _section(note, "Provenance: who copied whom")
    assert (
        "- **Origin A**: Coastal Courier (a1, origin A), DailyBuzz Now (a3, origin A)" in provenance
    )
    assert "- Regional Times reuses text of Harbour Wire (84%): republished" in provenance
    articles = _section(note, "Articles")
    assert "### a3: DailyBuzz Now (origin A)" in articles
    assert "- seo scaffold (summary list added for search engines): “Key Takeaways:" in articles
    assert "- loaded language: “shocking inferno” (emotive wording)" in articles
    assert "Adds (only here):\n- Locals describe it as the worst disaster" in articles


def test_articles_only_says_what_was_not_computed(articles_only: Dossier) -> None:
    note = render_markdown(articles_only)
    assert re.findall(r"^## (.+)$", note, re.M) == ["Articles"]
    assert "**Not computed in this run:** the story in brief, claims, conflicts" in note
    assert "Junk found:\n- boilerplate (advertising placeholder): “Advertisement”" in note
    assert "Signals:" not in note and "Adds" not in note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        (
            "**bold** _it_ `code` ~~x~~ a|b",
            "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~x\\~\\~ a\\|b",
        ),
        ("line\nbreak\t tab", "line break tab"),
        ("bad \ud800 char", "bad \ufffd char"),
        ("&amp;", "&amp;amp;"),
    ],
)
def test_md_escape(text: str, expected: str) -> None:
    assert md_escape(text) == expected


def test_diff_markdown_escapes_article_words() -> None:
    out = diff_markdown("a <b> c", "a <i> c")
    assert out == "a &lt; <del>b</del> <ins>i</ins>&gt; c"
    out = diff_markdown("x", "<script>alert(1)</script>")
    assert "<script>" not in out and "&lt;script&gt;" in out
