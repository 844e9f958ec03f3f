"""The HTML report in a real browser (headless Chromium through playwright): sections
render, clicking a claim highlights its passages, the keyboard works, nothing errs, and a
hostile page stays inert. Writes screenshots to ``tests/artifacts/`` for review."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from consilience.dossier import Dossier
from consilience.report.html import render_html
from tests.report.test_escaping import hostile_full_dossier, hostile_pipeline_dossier

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Collects Content-Security-Policy violations; injected by the browser, outside the page.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (scripts/ensure-browser.sh installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _browser_missing()
    if missing:
        if os.environ.get("CONSILIENCE_BROWSER_TESTS") == "required":  # set by .ci/run
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    page: Any
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        violations: list[str] = self.page.evaluate("window.__csp || []")
        return self.errors + self.dialogs + violations + self.requests


def open_page(browser: Any, path: Path, *, width: int = 1280, height: int = 900) -> Opened:
    context = browser.new_context(
        viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    opened = Opened(page)
    page.add_init_script(WATCH_CSP)
    page.on(
        "console",
        lambda m: (
            opened.errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: opened.errors.append(f"pageerror: {e}"))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    url = path.resolve().as_uri()
    page.on("request", lambda r: None if r.url == url else opened.requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return opened


@pytest.fixture(scope="module")
def report_file(full_dossier: Dossier, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(full_dossier), encoding="utf-8")
    return path


@pytest.fixture()
def report(browser: Any, report_file: Path) -> Iterator[Opened]:
    opened = open_page(browser, report_file)
    yield opened
    opened.page.context.close()


def _marks(page: Any, index: int) -> list[str]:
    texts: list[str] = page.eval_on_selector_all(
        f"#text-{index} mark", "marks => marks.map(m => m.textContent)"
    )
    return texts


def test_sections_render_without_errors(report: Opened) -> None:
    page = report.page
    for section in ("story", "known", "conflicts", "single", "quotes", "timeline", "entities"):
        assert page.locator(f"section#{section}").is_visible(), section
    assert page.locator("section#provenance svg").is_visible()
    assert page.locator("svg a.node").count() == 5
    assert page.locator("ul.stats li").count() == 7
    assert page.locator("#articles article.card").count() == 5
    assert page.locator("#evidence").is_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert report.problems() == []


def test_clicking_a_claim_highlights_its_passages(report: Opened, full_dossier: Dossier) -> None:
    page = report.page
    page.locator("#claim-c1 .claim-text").click()
    page.wait_for_selector("#text-0 mark")
    claim = next(c for c in full_dossier.claims if c.id == "c1")
    index = {a.id: i for i, a in enumerate(full_dossier.articles)}
    for passage in claim.support:
        assert _marks(page, index[passage.article_id]) == [passage.text]
    # the article after an emoji: UTF-16 offsets were right
    assert _marks(page, 2) == ["ripped through a warehouse operated by Norvaine Chemicals"]
    assert page.locator("#art-0 details.fulltext").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.tagName") == "MARK"
    assert page.locator("#evidence").is_visible()
    assert page.locator("#evidence-jumps button").count() == 5
    assert page.locator("#text-0 span.junk").first.text_content() == "Advertisement"
    text = page.locator("#text-2").text_content()
    assert text == full_dossier.articles[2].text
    page.screenshot(path=str(ARTIFACTS / "report-highlight.png"))
    # a chip highlights only that article's passage
    page.locator("#conflict-k1 button.chip", has_text="Elsby Gazette").click()
    page.wait_for_selector("#text-4 mark")
    assert _marks(page, 4) == ["broke out early on Wednesday"]
    assert _marks(page, 0) == []
    page.keyboard.press("Escape")
    assert page.locator("mark:not(.diff)").count() == 0
    assert page.locator("#evidence").is_hidden()
    assert report.problems() == []


def test_the_keyboard_reaches_and_uses_a_claim(report: Opened) -> None:
    page = report.page
    page.locator("#claim-c7 .claim-text").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#text-4 mark")
    assert _marks(page, 4) == ["The warehouse reportedly failed a safety inspection in 2024"]
    page.locator("#evidence-back").click()
    assert page.evaluate("document.activeElement.classList.contains('claim-text')")
    assert report.problems() == []


def test_phone_width_and_print(browser: Any, report_file: Path) -> None:
    opened = open_page(browser, report_file, width=390, height=844)
    page = opened.page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(ARTIFACTS / "report-phone.png"))
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden()
    assert page.locator("#articles details.fulltext").first.is_hidden()
    assert page.locator("#known .claim").first.is_visible()
    assert opened.problems() == []
    page.context.close()


@pytest.mark.parametrize("which", ["pipeline", "full"])
def test_hostile_page_is_inert(
    browser: Any, full_dossier: Dossier, tmp_path: Path, which: str
) -> None:
    dossier = (
        hostile_pipeline_dossier() if which == "pipeline" else hostile_full_dossier(full_dossier)
    )
    path = tmp_path / "hostile.html"
    path.write_text(render_html(dossier), encoding="utf-8")
    opened = open_page(browser, path)
    page = opened.page
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    for button in page.locator("button[data-hl]").all()[:12]:
        button.click()
    page.wait_for_timeout(100)
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert page.locator("#articles article.card").count() == len(dossier.articles)
    assert opened.problems() == []
    if which == "full":
        bidi = page.eval_on_selector(".chip", "chip => getComputedStyle(chip).unicodeBidi")
        assert bidi == "isolate"  # an override in an outlet name stays inside its chip
        page.screenshot(path=str(ARTIFACTS / "report-hostile.png"))
    page.context.close()


def test_artifacts_are_git_ignored() -> None:
    ignore = (ARTIFACTS.parent.parent / ".gitignore").read_text(encoding="utf-8")
    assert "tests/artifacts/" in ignore.splitlines()
