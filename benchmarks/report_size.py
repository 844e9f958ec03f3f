"""How long the reports are: terminal lines (default and ``--full``) and the HTML page's
height at 1400 px and 390 px (headless Chromium), with the horizontal overflow at 390 px,
printed beside the figures measured before issue 15's report work.

    python benchmarks/report_size.py DOSSIER.json [...]     # dossiers from `analyze -f json`
    python benchmarks/report_size.py --shots DIR DOSSIER.json  # also screenshot the graph

Build the dossiers first, e.g. for the sample story:
``consilience analyze /work/shared/stories/venezuela-dock-strike -f json -o sample.json``.
"""

from __future__ import annotations

import argparse
import io
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
#: name -> (terminal lines, page height at 1400 px, at 390 px).
BASELINE = {
    "sample": (640, 0, 0),
}


def terminal_lines(dossier: Dossier, *, full: bool) -> int:
    console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
    try:
        render_terminal(dossier, console, full=full)  # type: ignore[call-arg]
    except TypeError:  # the report before --full existed
        render_terminal(dossier, console)
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
    parser.add_argument("dossiers", nargs="+", type=Path)
    parser.add_argument("--shots", type=Path, help="write the provenance section's screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path("benchmarks/out")
    out.mkdir(parents=True, exist_ok=True)
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    print(
        f"{'story':<14}{'articles':>9}{'lines':>7}{'full':>7}{'h@1400':>9}{'h@390':>8}{'ovf@390':>9}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for path in args.dossiers:
            dossier = Dossier.from_json(path.read_bytes())
            page = out / f"{path.stem}.html"
            page.write_text(render_html(dossier), encoding="utf-8")
            short, full = terminal_lines(dossier, full=False), terminal_lines(dossier, full=True)
            shots = [
                args.shots / f"graph-{path.stem}-{w}.png" if args.shots else None
                for w in (1400, 390)
            ]
            wide, _ = page_metrics(browser, page, 1400, shots[0])
            narrow, overflow = page_metrics(browser, page, 390, shots[1])
            print(
                f"{path.stem:<14}{len(dossier.articles):>9}{short:>7}{full:>7}{wide:>9}"
                f"{narrow:>8}{overflow:>9}"
            )
            if path.stem in BASELINE:
                lines, h_wide, h_narrow = BASELINE[path.stem]
                print(f"{'  before':<14}{'':>9}{lines:>7}{'':>7}{h_wide:>9}{h_narrow:>8}")
        browser.close()
    if args.shots:
        print(f"screenshots in {args.shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
