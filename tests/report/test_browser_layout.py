"""The HTML report's layout in a real browser (headless Chromium), at 1400 px and at a
phone's 390 px: no horizontal scroll, lead facts on top and clickable to their passages,
no graph label clipped or spilling out of its box (checked with getBBox against the
SVG and the boxes), the plain list instead of the graph on a phone. Screenshots go to
``tests/artifacts/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from consilience.dossier import Dossier
from consilience.report.html import render_html
from tests.report.conftest import synthetic_story
from tests.report.test_browser import ARTIFACTS, browser, open_page

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, imported for this module

# Every text of the drawing against the drawing and against the box it belongs to.
CLIPPED_LABELS = """
svg => {
  const view = svg.viewBox.baseVal;
  const out = [];
  const inside = (b, x, y, w, h, slack) =>
    b.x >= x - slack && b.y >= y - slack && b.x + b.width <= x + w + slack && b.y + b.height <= y + h + slack;
  for (const text of svg.querySelectorAll("text")) {
    const b = text.getBBox();
    if (!inside(b, view.x, view.y, view.width, view.height, 0.5)) out.push("outside: " + text.textContent);
    const group = text.closest("a.node, g.edge, g.origin-box");
    const frame = group && group.querySelector("rect.node-frame, rect.edge-label-bg, rect");
    if (frame) {
      const f = frame.getBBox();
      if (!inside(b, f.x, f.y, f.width, f.height, 1)) out.push("spills: " + text.textContent);
    }
  }
  return out;
}
"""


def _sample_dossier() -> Dossier:
    from consilience import Settings, analyze
    from tests.conftest import SAMPLE_STORY

    return analyze([str(SAMPLE_STORY)], Settings(ner="classical", embedder="lexical"))


PAGES: dict[str, Callable[[], Dossier]] = {
    "sample": _sample_dossier,
    "graph-15": lambda: synthetic_story(15),
    "graph-50": lambda: synthetic_story(50),
}


@pytest.fixture(scope="module")
def pages(
    full_dossier: Dossier, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Path, Dossier]]:
    folder = tmp_path_factory.mktemp("layout")
    made = {"fixture": full_dossier, **{name: build() for name, build in PAGES.items()}}
    out = {}
    for name, dossier in made.items():
        path = folder / f"{name}.html"
        path.write_text(render_html(dossier), encoding="utf-8")
        out[name] = (path, dossier)
    return out


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("name", ["fixture", "sample", "graph-15", "graph-50"])
def test_no_overflow_and_no_clipped_graph_label(
    browser: Any, pages: dict[str, tuple[Path, Dossier]], name: str, width: int
) -> None:
    path, dossier = pages[name]
    opened = open_page(browser, path, width=width, height=900)
    page = opened.page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px of horizontal scroll"
    if dossier.claims:
        assert page.locator("dl.lead-facts dt", has_text="What").is_visible()
    svg = page.locator("#provenance svg")
    if width >= 1000:
        assert svg.is_visible()
        assert page.eval_on_selector("#provenance svg", CLIPPED_LABELS) == []
        box = svg.bounding_box()
        assert box is not None and box["width"] <= page.evaluate("window.innerWidth")
    else:
        assert svg.is_hidden()  # a phone gets the plain list instead
        assert page.locator("#provenance ul.groups").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"layout-{name}-{width}.png"
    page.evaluate("document.querySelector('nav.toc').style.position = 'static'")
    target = page.locator("#provenance")
    target.screenshot(path=str(shot)) if width >= 1000 else page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert opened.problems() == []
    page.context.close()


def test_a_lead_fact_shows_its_passages(
    browser: Any, pages: dict[str, tuple[Path, Dossier]]
) -> None:
    path, _ = pages["fixture"]
    opened = open_page(browser, path, width=390, height=844)
    page = opened.page
    disputed = page.locator(".fact.is-disputed").first
    assert " · " in disputed.inner_text() and "disputed" in disputed.inner_text()
    page.locator(".fact-where .fact-value").click()
    page.wait_for_selector("#text-0 mark")
    marks = page.eval_on_selector_all("#text-0 mark", "m => m.map(x => x.textContent)")
    assert marks == ["Port Elsby"]
    assert page.locator("#evidence").is_visible()
    assert opened.problems() == []
    page.context.close()


def test_long_lists_fold(browser: Any, pages: dict[str, tuple[Path, Dossier]]) -> None:
    path, _ = pages["sample"]
    opened = open_page(browser, path, width=1400, height=900)
    page = opened.page
    folded = page.locator("#articles details.card-details")
    assert folded.count() == 5 and not folded.first.get_attribute("open")
    assert page.locator("#articles .card-body").first.is_hidden()
    assert page.locator("#known details.more-list").count() >= 1
    assert opened.problems() == []
    page.context.close()
