"""Article text is hostile input: nothing from an article may execute, load or restyle
anything in a report. Hostile articles go through the real pipeline and every format."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from typer.testing import CliRunner

from consilience.cli import app
from consilience.dossier import Dossier
from consilience.ingest import article_from_text
from consilience.pipeline import analyze_articles
from consilience.report.html import _asset, render_html
from consilience.report.render import render

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '<a href="javascript:alert(3)">click</a>',
    "[link](javascript:alert(4))",
    "</script><script>alert(5)</script>",
    '"><svg onload=alert(6)>',
    "<style>body{display:none}</style>",
    "<!-- <meta http-equiv=refresh content=0;url=javascript:alert(7)> -->",
    "<iframe src=//evil.example></iframe>",
    "[bold red]markup[/] {{ 7*7 }} ${7*7}",
    "bad \ud800 half \udfff pair",
    "rtl \u202e override \u2028 separator 🔥",
)
HOSTILE = " ".join(PAYLOADS)
SKIP_KEYS = {"id", "article_id", "source", "target", "status", "type", "generated_at"}
LITERAL_KINDS = {"text_reuse", "cites", "shared_details"}


def hostile_pipeline_dossier() -> Dossier:
    articles = [
        article_from_text(
            f"{PAYLOADS[0]} Port closed\n\nThe port closed on Monday, officials said. {HOSTILE}\n\n"
            f"{HOSTILE}\n",
            "evil/one.txt",
            outlet='Evil [bold red]markup[/] <b>Outlet</b>" onmouseover="alert(8)',
            url="javascript:alert(9)",
        ),
        article_from_text(
            f"Second report {PAYLOADS[10]}\n\nOfficials said the port closed on Monday. {PAYLOADS[4]} "
            f"{PAYLOADS[10]}\n",
            f"evil/{PAYLOADS[1]}.txt",
        ),
    ]
    return analyze_articles(articles)


def _poison(value: Any, key: str = "") -> Any:
    """Every free string of a dossier with the payloads appended."""
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value] if key not in {"origin_groups"} else value
    if isinstance(value, str) and key not in SKIP_KEYS and value not in LITERAL_KINDS:
        if key.endswith("_ids") or key == "schema_version":
            return value
        return value + " " + HOSTILE
    return value


def hostile_full_dossier(full_dossier: Dossier) -> Dossier:
    data = _poison(json.loads(full_dossier.to_json()))
    data["settings"][HOSTILE] = HOSTILE
    return Dossier.model_validate(data)


@pytest.fixture(scope="module", params=["pipeline", "full"])
def hostile(request: pytest.FixtureRequest, full_dossier: Dossier) -> Dossier:
    if request.param == "pipeline":
        return hostile_pipeline_dossier()
    return hostile_full_dossier(full_dossier)


def assert_inert_page(page: str) -> None:
    page.encode("utf-8")  # lone surrogates were replaced: the page can be written
    tree = lxml.html.fromstring(page)
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert scripts[1].text == _asset("report.js")
    json.loads(scripts[0].text)
    assert "<" not in scripts[0].text
    assert len(tree.xpath("//style")) == 1
    assert len(tree.xpath("//meta[@http-equiv]")) == 1
    forbidden = "//img | //iframe | //object | //embed | //base | //link | //form | //input"
    assert not tree.xpath(forbidden)
    assert not tree.xpath("//*[@src] | //*[@style] | //*[@srcdoc] | //*[@formaction]")
    handlers = [a for e in tree.iter() for a in e.attrib if a.lower().startswith("on")]
    assert handlers == []
    for href in tree.xpath("//@href | //@*[local-name()='href']"):
        assert href.startswith(("#", "http://", "https://")), href
    for attribute in ("src", "action", "formaction", "poster", "background", "srcset"):
        assert not tree.xpath(f"//@{attribute}")
    # the payloads are shown as text
    assert "<script>alert(1)</script>" in tree.text_content()
    assert "\ufffd" in tree.text_content()


def test_html_of_hostile_articles_is_inert(hostile: Dossier) -> None:
    assert_inert_page(render_html(hostile))


def test_markdown_of_hostile_articles_has_no_markup_of_theirs(hostile: Dossier) -> None:
    note = render(hostile, "md")
    note.encode("utf-8")
    assert set(re.findall(r"</?([a-zA-Z][\w-]*)", note)) <= {"del", "ins"}
    assert not re.search(r"(?<!\\)\]\(", note)  # no link syntax survives
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in note
    assert "\ud800" not in note and "\ufffd" in note
    assert "\u202e" not in note  # a bidi override cannot reorder the note around it


def test_terminal_view_of_hostile_articles(hostile: Dossier) -> None:
    text = render(hostile, "text", full=True)
    text.encode("utf-8")
    flat = " ".join(text.split())
    assert "[bold red]markup[/]" in flat and "<script>alert(1)</script>" in flat
    assert "\u202e" not in text
    short = render(hostile, "text")
    short.encode("utf-8")
    assert "\u202e" not in short and "\x1b" not in short


def test_cli_writes_a_hostile_page(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    body = "".join(f"<p>The port closed on Monday, officials said. {p}</p>" for p in PAYLOADS[:10])
    (story / "evil.html").write_text(
        f"<html><head><title>{PAYLOADS[0]}</title></head><body><article><h1>Port closed</h1>"
        f"{body}<p><a href='javascript:alert(1)'>more</a></p></article></body></html>",
        encoding="utf-8",
    )
    (story / "plain.txt").write_text(f"Port closed\n\n{HOSTILE[:300]}\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["analyze", str(story), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    tree = lxml.html.fromstring(page)
    assert len(tree.xpath('//article[contains(@class,"card")]')) == 2
    assert not tree.xpath("//img | //iframe")
    assert [a for e in tree.iter() for a in e.attrib if a.lower().startswith("on")] == []
