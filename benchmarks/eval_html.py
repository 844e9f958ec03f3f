"""HTML body extraction on the Zyte article-extraction benchmark (181 pages).

Score: per-page precision and recall of 4-token shingles of the extracted body against the
annotated ``articleBody``, averaged over pages; F1 from the averages (the benchmark's own
way). Plain trafilatura with default settings runs beside consilience's reader.

The pages are also scored in two halves (sorted ids, even and odd positions), so that a
rule tuned on one half can be checked on the other; speed is pages per second of
extraction alone (decompression and scoring not counted).

    python benchmarks/eval_html.py
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, print_scores, require
from consilience.errors import InputError
from consilience.ingest.html import read_html

_TOKEN = re.compile(r"\w+", re.UNICODE)
ZYTE = BENCH / "zyte"


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    url: str
    html: str
    truth: str


@dataclass(frozen=True, slots=True)
class PageScore:
    precision: float
    recall: float


def shingles(text: str, n: int = 4) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_scores(truth: str, predicted: str) -> tuple[float, float]:
    want, got = shingles(truth), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def load_pages() -> list[Page]:
    truth = json.loads(require(ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        raw = gzip.decompress((ZYTE / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            Page(
                page_id,
                item.get("url") or "",
                raw.decode("utf-8", errors="replace"),
                item["articleBody"],
            )
        )
    return pages


def averaged(scores: Sequence[PageScore]) -> tuple[float, float, float]:
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(extract: Callable[[str, str, str], str], pages: list[Page]) -> dict[str, float]:
    scores: list[PageScore] = []
    elapsed = 0.0
    for page in pages:
        started = time.perf_counter()
        predicted = extract(page.html, page.url, page.page_id)
        elapsed += time.perf_counter() - started
        scores.append(PageScore(*page_scores(page.truth, predicted)))
    precision, recall, f1 = averaged(scores)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "f1 even half": averaged(scores[0::2])[2],
        "f1 odd half": averaged(scores[1::2])[2],
        "pages/s": len(pages) / elapsed if elapsed else 0.0,
    }


def consilience_reader(html: str, url: str, page_id: str) -> str:
    try:
        return read_html(html, page_id, url=url or None).text
    except InputError:
        return ""


def trafilatura_default(html: str, url: str, _page_id: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url or None) or ""


def run() -> dict[str, float]:
    """The gate's entry point: consilience's scores only."""
    _quiet()
    scores = evaluate(consilience_reader, load_pages())
    return {"html_shingle_f1": scores["f1"]}


def _quiet() -> None:
    # trafilatura logs a warning for every page it finds no text in
    for noisy in ("trafilatura", "htmldate"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def main() -> None:
    _quiet()
    pages = load_pages()
    rows = {
        "trafilatura (defaults)": evaluate(trafilatura_default, pages),
        "consilience html reader": evaluate(consilience_reader, pages),
    }
    print_scores(
        f"Zyte article-extraction benchmark ({len(pages)} pages): 4-token shingles, "
        "averaged per page",
        rows,
    )


if __name__ == "__main__":
    main()
