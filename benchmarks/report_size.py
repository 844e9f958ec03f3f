"""How long the reports are: terminal lines (default and ``--full``) and the HTML page's
height at 1400 px and 390 px (headless Chromium), with the horizontal overflow at 390 px,
printed beside the figures measured before issue 15's report work.

    python benchmarks/report_size.py STORY [...]            # a folder, a .jsonl or a dossier .json
    python benchmarks/report_size.py --shots DIR STORY ...  # also screenshot the copy graph
    python benchmarks/report_size.py ecbplus-50             # 50 ECB+ articles (topics 1 and 13)

A story that is not a dossier is analyzed first (classical backends) and its dossier kept
in benchmarks/out/NAME.json for the next run.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from consilience.dossier import Dossier
from consilience.report.html import render_html
from consilience.report.terminal import render_terminal

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Measured on main before the issue-15 work (same commands, same dossiers):
#: name -> (terminal lines, page height at 1400 px, at 390 px, overflow at 390 px).
BASELINE = {
    "venezuela-dock-strike": (586, 17894, 34971, 23),
    "18_ecb-office-party-shooting": (1362, 42024, 87857, 0),
    "12_ecb-navy-captures-pirates": (1583, 46406, 91792, 0),
    "ecbplus-50": (2808, 85931, 157992, 1),
}
OUT = Path("benchmarks/out")
SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
ECBPLUS = SHARED / "bench" / "ecbplus" / "articles-topics-1-35.jsonl"


def _name(story: str) -> str:
    path = Path(story)
    if path.name == "articles.jsonl":
        return path.parent.name
    return path.stem if path.suffix in (".json", ".jsonl") else path.name


def _ecbplus_50() -> Path:
    """Fifty real articles: all of ECB+ topic 1 and the first of topic 13."""
    rows = [json.loads(line) for line in ECBPLUS.read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in rows if r["topic"] == 1] + [r for r in rows if r["topic"] == 13]
    path = OUT / "ecbplus-50.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in chosen[:50]), encoding="utf-8")
    return path


def load(story: str) -> tuple[str, Dossier]:
    """The story's dossier: read when given, else analyzed once and kept."""
    from consilience import Settings, analyze

    name = _name(story)
    path = Path(story)
    if path.suffix == ".json":
        return name, Dossier.from_json(path.read_bytes())
    kept = OUT / f"{name}.json"
    if kept.exists():
        return name, Dossier.from_json(kept.read_bytes())
    source = _ecbplus_50() if story == "ecbplus-50" else path
    dossier = analyze([str(source)], Settings(ner="classical", embedder="lexical"))
    kept.write_text(dossier.to_json(), encoding="utf-8")
    return name, dossier


def terminal_lines(dossier: Dossier, *, full: bool) -> int:
    console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
    render_terminal(dossier, console, full=full)
    return len(console.export_text().splitlines())


def page_metrics(browser: Any, path: Path, width: int, shot: Path | None) -> tuple[int, int]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    overflow = int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
    if shot is not None:
        figure = page.locator("#provenance")
        # the sticky section bar would sit over the section in an element screenshot
        page.evaluate("document.querySelector('nav.toc').style.position = 'static'")
        if figure.count():
            figure.screenshot(path=str(shot))
    context.close()
    return height, overflow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="+", help="folder, .jsonl, dossier .json or ecbplus-50")
    parser.add_argument("--shots", type=Path, help="write the provenance section's screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    print(
        f"{'story':<30}{'articles':>9}{'lines':>7}{'full':>7}{'h@1400':>9}{'h@390':>8}{'ovf@390':>9}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for story in args.stories:
            name, dossier = load(story)
            page = OUT / f"{name}.html"
            page.write_text(render_html(dossier), encoding="utf-8")
            short, full = terminal_lines(dossier, full=False), terminal_lines(dossier, full=True)
            shots = [
                args.shots / f"graph-{name}-{w}.png" if args.shots else None for w in (1400, 390)
            ]
            wide, _ = page_metrics(browser, page, 1400, shots[0])
            narrow, overflow = page_metrics(browser, page, 390, shots[1])
            label = name[:28]
            print(
                f"{label:<30}{len(dossier.articles):>9}{short:>7}{full:>7}{wide:>9}"
                f"{narrow:>8}{overflow:>9}"
            )
            if name in BASELINE:
                lines, h_wide, h_narrow, o_narrow = BASELINE[name]
                print(
                    f"{'  before':<30}{'':>9}{lines:>7}{lines:>7}{h_wide:>9}{h_narrow:>8}{o_narrow:>9}"
                )
        browser.close()
    if args.shots:
        print(f"screenshots in {args.shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
