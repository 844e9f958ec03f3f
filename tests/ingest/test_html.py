"""The HTML reader: article body, metadata, and bad pages refused with a one-line reason."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consilience import Settings
from consilience.errors import InputError
from consilience.ingest import read_inputs
from consilience.ingest.html import looks_like_html, read_html
from tests.conftest import load_cases

STORY = [
    "The Riverton town council voted on Tuesday to build a new water treatment plant beside "
    "the old mill, ending a dispute that had divided residents for three years.",
    "Mayor Ellen Okafor said the plant would cost about 42 million dollars and should open in "
    "the spring of 2027, once the state environment agency approves the final design.",
    "Opponents had argued that the site floods every few winters. The council's engineers told "
    "the meeting that the building would stand two metres above the highest recorded level.",
    "Farmers downstream welcomed the decision. Their association said cleaner water would help "
    "the orchards that line the valley, which lost much of their harvest in last year's drought.",
    "Work on the access road is due to begin next month, the mayor said, and the council will "
    "publish the contracts on its website before the end of the year.",
]


def fill(template: str) -> str:
    """``{story}`` -> the story as ``<p>`` elements; ``{0}``..``{4}`` -> one paragraph."""
    text = template.replace("{story}", "".join(f"<p>{p}</p>" for p in STORY))
    for index, paragraph in enumerate(STORY):
        text = text.replace(f"{{{index}}}", paragraph)
    return text


def page(head: str = "", body: str = "{story}") -> str:
    return f"<!DOCTYPE html><html><head>{fill(head)}</head><body>{fill(body)}</body></html>"


@pytest.mark.parametrize("case", load_cases("html_metadata.json"), ids=lambda c: c["name"])
def test_metadata(case: dict[str, Any]) -> None:
    html = page(case["head"], case.get("body_prefix", "") + "<article>{story}</article>")
    article = read_html(html, "page.html", url=case["url"])
    found = {
        "title": article.title,
        "published": article.published,
        "outlet": article.outlet,
        "url": article.url,
    }
    assert found == case["expect"]


@pytest.mark.parametrize("case", load_cases("html_bodies.json"), ids=lambda c: c["name"])
def test_body(case: dict[str, Any]) -> None:
    html = fill(case["raw"]) if "raw" in case else page(case.get("head", ""), case["body"])
    text = read_html(html, "page.html").text
    for wanted in case["contains"]:
        assert fill(wanted) in text
    for unwanted in case["excludes"]:
        assert fill(unwanted) not in text


def test_body_is_one_paragraph_per_line_with_blank_lines_between() -> None:
    text = read_html(page("<title>Riverton</title>", "<article>{story}</article>"), "p").text
    assert text.split("\n\n") == STORY


def test_same_page_same_article() -> None:
    html = page("<title>Riverton votes</title>", "<main>{story}<p>Read more: <a>x</a></p></main>")
    assert read_html(html, "a") == read_html(html, "b")


BIG_SCRIPT = "var tracking = {'id': 1, 'events': []};\n" * 60_000


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "no markup"),
        ("just a line of text", "no markup"),
        ("<html></html>", "no article text"),
        (
            '<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>',
            "no article text",
        ),
        (f"<html><head><script>{BIG_SCRIPT}</script></head></html>", "no article text"),
        (f"<html><body><script>{BIG_SCRIPT}</script></body></html>", "no article text"),
        ('<html><frameset><frame src="story.html"></frameset></html>', "frameset"),
        ("<!-- a comment and nothing else -->", "no article text"),
        ("".join(chr(c) for c in range(1, 3000)), "no article text"),
    ],
    ids=[
        "empty",
        "text",
        "empty-html",
        "nav-only",
        "script-head",
        "script-body",
        "frameset",
        "comment",
        "control-soup",
    ],
)
def test_pages_without_an_article_raise_one_line_input_errors(html: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_html(html, "bad.html")
    message = str(caught.value)
    assert reason in message
    assert message.startswith("bad.html: ")
    assert "\n" not in message


_MARKUP = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<div class='x'>",
                "</div>",
                "<br>",
                "<a href='/y'>",
                "</a>",
                "<article>",
                "<script>",
                "</script>",
                "<table><tr><td>",
                "<!--",
                "-->",
                "<h1>",
                "<?xml version='1.0' encoding='latin-1'?>",
                "<![CDATA[",
                "]]>",
                "&amp;",
                "&#0;",
            ]
        ),
        st.text(max_size=40),
        st.sampled_from(STORY),
    ),
    max_size=25,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKUP)
def test_any_markup_gives_an_article_or_an_input_error(html: str) -> None:
    try:
        article = read_html(html, "random.html")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert article.text.strip()
        assert "\x00" not in article.text


def test_windows_1252_page_is_decoded_and_read(tmp_path: Path) -> None:
    quote = " “Good news,” said a café owner."
    html = page("<meta charset='windows-1252'><title>Café owners welcome the plant</title>")
    html = html.replace(STORY[4], STORY[4] + quote)
    (tmp_path / "story.html").write_bytes(codecs.encode(html, "cp1252"))
    batch = read_inputs([str(tmp_path / "story.html")], Settings())
    assert not batch.problems
    (article,) = batch.articles
    assert article.title == "Café owners welcome the plant"
    assert quote.strip() in article.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("<?xml version='1.0'?>\n<html>", True),
        ("<!-- saved page --><html lang='en'>", True),
        ("Plain text that mentions <b>bold</b> once.", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected
