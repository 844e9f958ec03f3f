"""The HTML report of the full dossier: sections, numbers, highlights, CSP, no requests."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from consilience.dossier import Claim, Dossier
from consilience.report.html import Highlights, json_for_script, render_html, safe_url
from consilience.report.render import FORMATS, render
from consilience.report.view import sources

SECTIONS = (
    "story",
    "known",
    "conflicts",
    "single",
    "quotes",
    "timeline",
    "entities",
    "provenance",
    "articles",
    "skipped",
)


def _tree(page: str) -> Any:
    return lxml.html.fromstring(page)


def _data(page: str) -> dict[str, Any]:
    (block,) = _tree(page).xpath('//script[@type="application/json"]')
    data: dict[str, Any] = json.loads(block.text)
    return data


def _text(node: Any) -> str:
    return " ".join(node.text_content().split())


def _python_span(dossier: Dossier, index: int, start16: int, end16: int) -> str:
    """The article text between two UTF-16 offsets (what the page's script slices)."""
    encoded = dossier.articles[index].text.encode("utf-16-le")
    return encoded[start16 * 2 : end16 * 2].decode("utf-16-le")


def test_html_is_a_format() -> None:
    assert "html" in FORMATS


def test_every_section_renders(full_html: str) -> None:
    tree = _tree(full_html)
    for section in SECTIONS:
        (node,) = tree.xpath(f'//section[@id="{section}"]')
        assert node.xpath(".//h2"), section
    assert "Not computed" not in full_html
    nav = [a.get("href") for a in tree.xpath("//nav//a")]
    assert nav == [f"#{s}" for s in SECTIONS]


def test_the_top_answers_what_is_known_and_disputed(full_html: str) -> None:
    tree = _tree(full_html)
    stats = {
        _text(li.xpath('.//span[@class="lbl"]')[0]): _text(li.xpath('.//span[@class="num"]')[0])
        for li in tree.xpath('//ul[@class="stats"]/li')
    }
    assert stats == {
        "articles · 5 outlets": "5",
        "independent origins": "3",
        "corroborated": "3",
        "disputed": "4",
        "one origin, several copies": "2",
        "one source only": "4",
        "conflicts": "7",
    }
    verdict = _text(tree.xpath('//p[@class="verdict"]')[0])
    assert verdict.startswith("5 articles from 5 outlets trace back to 3 independent origins.")
    solid = tree.xpath('//section[contains(@class,"glance-solid")]//li')
    assert _text(solid[0]).startswith("A fire broke out at a warehouse")
    dots = solid[0].xpath('.//span[contains(@class,"mini-dot")]')
    assert [(_text(d), d.get("class")) for d in dots] == [
        ("A", "mini-dot g0"),
        ("B", "mini-dot g1"),
        ("C", "mini-dot g2"),
    ]
    assert _text(solid[0]).endswith("3 origins")
    disputed = tree.xpath('//section[contains(@class,"glance-disputed")]//li')
    assert len(disputed) == 7  # six conflicts and "and 1 more"
    assert _text(disputed[-1]) == "and 1 more"


def test_claims_are_grouped_by_status_with_origin_counts(full_html: str) -> None:
    tree = _tree(full_html)
    for status, ids in {
        "corroborated": ["c1", "c2", "c3"],
        "disputed": ["c11", "c4", "c5", "c9"],
        "single_origin": ["c6", "c12"],
    }.items():
        (block,) = tree.xpath(f'//section[@id="known-{status}"]')
        assert [li.get("id") for li in block.xpath(".//li[contains(@class,'claim')]")] == [
            f"claim-{i}" for i in ids
        ]
    (c1,) = tree.xpath('//li[@id="claim-c1"]')
    assert _text(c1.xpath('.//span[@class="origins"]')[0]) == "3 origins"
    chips = [_text(b) for b in c1.xpath('.//button[contains(@class,"chip")]')]
    assert chips[0].startswith("A") and "Coastal Courier" in chips[0]
    assert len(chips) == 5
    (c6,) = tree.xpath('//li[@id="claim-c6"]')
    assert "copied" in _text(c6.xpath('.//ul[@class="flags"]')[0])
    (c4,) = tree.xpath('//li[@id="claim-c4"]')
    assert c4.xpath('.//a[@href="#conflict-k2"]')
    single = tree.xpath('//section[@id="single"]//li[contains(@class,"claim")]')
    assert {li.get("id") for li in single} == {"claim-c7", "claim-c8", "claim-c10", "claim-c13"}


def test_clicking_a_claim_highlights_its_exact_passages(
    full_dossier: Dossier, full_html: str
) -> None:
    tree = _tree(full_html)
    data = _data(full_html)
    claims: dict[str, Claim] = {c.id: c for c in full_dossier.claims}
    index = {a.id: i for i, a in enumerate(full_dossier.articles)}
    for claim_id, claim in claims.items():
        (button,) = tree.xpath(f'//li[@id="claim-{claim_id}"]//button[@class="claim-text"]')
        spans = data["sets"][button.get("data-hl")]["spans"]
        expected = [(index[p.article_id], p.text) for p in claim.support]
        assert [(i, _python_span(full_dossier, i, s, e)) for i, s, e in spans] == expected


def test_utf16_offsets_shift_after_an_astral_character(full_dossier: Dossier) -> None:
    marks = Highlights(sources(full_dossier))
    text = full_dossier.articles[2].text
    emoji = next(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF)
    assert marks.utf16("a3", emoji) == emoji
    assert marks.utf16("a3", emoji + 1) == emoji + 2
    assert marks.utf16("a1", 100) == 100


@given(st.text(max_size=40), st.integers(min_value=0, max_value=40))
def test_utf16_offset_property(text: str, offset: int) -> None:
    offset = min(offset, len(text))
    dossier = Dossier(
        generated_at="2026-01-01T00:00:00Z",
        articles=[{"id": "a1", "source": "x", "text": text}],  # type: ignore[list-item]
    )
    expected = len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2
    assert Highlights(sources(dossier)).utf16("a1", offset) == expected


def test_conflict_sides_stand_next_to_each_other(full_html: str) -> None:
    tree = _tree(full_html)
    (date,) = tree.xpath('//article[@id="conflict-k1"]')
    columns = date.xpath('.//div[@class="side-col"]')
    assert [_text(c.xpath('.//p[@class="side-value"]')[0]) for c in columns] == [
        "3 Mar 2026",
        "4 Mar 2026",
    ]
    assert _text(columns[0].xpath('.//p[@class="side-count"]')[0]) == "2 articles · 2 origins"
    (title,) = tree.xpath('//article[@id="conflict-k3"]')
    marked = [_text(m) for m in title.xpath('.//q//mark[@class="diff"]')]
    assert marked == ["Fire chief", "fire chief", "Deputy fire chief"]
    (negation,) = tree.xpath('//article[@id="conflict-k4"]')
    marked = [_text(m) for m in negation.xpath('.//q//mark[@class="diff"]')]
    assert "The company did not rule out that" in marked
    kinds = [_text(k) for k in tree.xpath('//span[@class="kind-badge"]')]
    assert kinds == [
        "date",
        "number",
        "title",
        "negation",
        "quote wording",
        "unverified quote",
        "entity spelling",
    ]


def test_quotes_show_a_word_diff_per_outlet(full_html: str) -> None:
    tree = _tree(full_html)
    (okafor,) = [q for q in tree.xpath('//article[@class="quote"]') if "Marta Okafor" in _text(q)]
    assert "4 articles · 2 origins · 3 wordings" in _text(okafor)
    rows = okafor.xpath(".//tr")
    assert "same wording" in _text(rows[0])
    harbour = rows[1]
    assert [_text(d) for d in harbour.xpath(".//del")] == [",", "we expect", "to", "several", "."]
    assert [_text(i) for i in harbour.xpath(".//ins")] == ["will", ","]
    unverified = tree.xpath('//a[@class="warn-badge"]')
    assert len(unverified) == 1 and unverified[0].get("href") == "#conflict-k6"


def test_timeline_entities_and_provenance(full_html: str) -> None:
    tree = _tree(full_html)
    dates = [_text(t) for t in tree.xpath('//ol[@class="timeline"]//time')]
    assert dates == ["2024", "March 2026", "3 Mar 2026", "4 Mar 2026"]
    suspects = [_text(s) for s in tree.xpath('//span[@class="suspect"]')]
    assert suspects == ["Norvaine Chemicals"]
    (svg,) = tree.xpath("//svg")
    assert len(svg.xpath('.//*[contains(@class,"node ")]')) == 5
    assert len(svg.xpath('.//*[contains(@class,"origin-box")]')) == 3
    edges = [g.get("class") for g in svg.xpath('.//*[contains(@class,"edge ")]')]
    assert sorted(edges) == sorted(
        ["edge edge-text_reuse"] * 2 + ["edge edge-cites"] * 2 + ["edge edge-shared_details"]
    )
    labels = [_text(t) for t in svg.xpath('.//*[@class="edge-label"]')]
    assert "reuse 84%" in labels and "details 31%" in labels


def test_article_cards(full_dossier: Dossier, full_html: str) -> None:
    tree = _tree(full_html)
    cards = tree.xpath('//article[contains(@class,"card")]')
    assert len(cards) == len(full_dossier.articles)
    buzz = cards[2]
    assert _text(buzz.xpath(".//h3")[0]) == "DailyBuzz Now"
    assert _text(buzz.xpath('.//span[@class="origin-tag"]')[0]) == "Origin A"
    parts = {_text(p.xpath(".//h4")[0]): p for p in buzz.xpath('.//div[@class="card-part"]')}
    assert set(parts) == {"Junk found", "Adds (only here)", "Signals"}
    assert "seo scaffold" in _text(parts["Junk found"])
    assert parts["Adds (only here)"].xpath('.//a[@href="#claim-c10"]')
    signals = [_text(b) for b in parts["Signals"].xpath(".//button")]
    assert signals == ["loaded language", "loaded language", "spin", "seo keyword"]
    junk = buzz.xpath('.//div[@class="text"]//span[@class="junk"]')
    assert [j.get("title") for j in junk] == ["seo scaffold", "boilerplate"]
    # the article text in the page is exactly the article's text
    text = buzz.xpath('.//div[@class="text"]')[0].text_content()
    assert text == full_dossier.articles[2].text


def test_content_security_policy_admits_only_the_page_itself(full_html: str) -> None:
    tree = _tree(full_html)
    (meta,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    policy = meta.get("content")
    scripts = [s for s in tree.xpath("//script") if s.get("type") != "application/json"]
    (script,) = scripts
    (style,) = tree.xpath("//style")

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src 'sha256-{digest(script.text)}'" in policy
    assert f"style-src 'sha256-{digest(style.text)}'" in policy
    assert policy.startswith("default-src 'none';")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # nothing that loads: no external resources, no inline handlers or style attributes
    assert not tree.xpath("//link | //img | //iframe | //object | //embed | //base")
    assert not tree.xpath("//*[@src] | //*[@style]")
    assert not [a for e in tree.iter() for a in e.attrib if a.lower().startswith("on")]
    assert "@import" not in style.text and "url(" not in style.text.replace("url(#", "")


def test_links_are_only_web_links_and_in_page_anchors(full_html: str) -> None:
    for href in _tree(full_html).xpath("//@href"):
        assert href.startswith(("#", "https://", "http://")), href


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("  http://example.org  ", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:x", None),
        ("//evil.example/x", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_json_block_cannot_close_its_script() -> None:
    text = json_for_script({"t": "</script><script>alert(1)</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script><!-- & \u2028"}


def test_rendering_is_deterministic(full_dossier: Dossier, full_html: str) -> None:
    assert render_html(full_dossier) == full_html
    assert render(full_dossier, "html") == full_html


def test_only_articles_says_what_was_not_computed(articles_only: Dossier) -> None:
    page = render_html(articles_only)
    tree = _tree(page)
    note = _text(tree.xpath('//p[@class="not-computed"]')[0])
    assert note.startswith("Not computed in this run: the story in brief, claims, conflicts")
    assert [s.get("id") for s in tree.xpath("//main/section")] == ["articles"]
    assert not tree.xpath('//ul[@class="stats"]')
    # junk is still shown, and can still be highlighted in the text
    data = _data(page)
    assert tree.xpath('//div[@class="card-part"]//button[@data-hl]')
    assert data["sets"] and data["articles"][0]["junk"]


def test_claims_without_conflicts_say_none_found(full_dossier: Dossier) -> None:
    calm = full_dossier.model_copy(
        update={
            "conflicts": [],
            "claims": [c.model_copy(update={"conflict_ids": []}) for c in full_dossier.claims],
        }
    )
    tree = _tree(render_html(calm))
    (section,) = tree.xpath('//section[@id="conflicts"]')
    assert _text(section.xpath('.//p[@class="absent"]')[0]) == (
        "No conflicts found between the sources."
    )


def test_no_text_in_the_dossier_means_no_highlight_buttons(full_dossier: Dossier) -> None:
    bare = full_dossier.model_copy(
        update={"articles": [a.model_copy(update={"text": ""}) for a in full_dossier.articles]}
    )
    page = render_html(bare)
    assert _data(page)["sets"] == {}
    assert not re.search(r'data-hl="h\d', page)
    assert "The text is not included in this dossier." in page
