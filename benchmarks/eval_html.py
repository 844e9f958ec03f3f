"""HTML body extraction on the Zyte article-extraction benchmark (181 pages).

Score: per-page precision and recall of 4-token shingles of the extracted body against the
annotated ``articleBody``, averaged over pages; F1 from the averages (the benchmark's own
way). Plain trafilatura with default settings runs beside consilience's reader.

    python benchmarks/eval_html.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, print_scores, require
from consilience.errors import InputError
from consilience.ingest.html import read_html

_TOKEN = re.compile(r"\w+", re.UNICODE)
ZYTE = BENCH / "zyte"


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


def evaluate(extract: Callable[[str, str, str], str]) -> dict[str, float]:
    truth = json.loads(require(ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    precisions, recalls = [], []
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress((ZYTE / "html" / f"{page_id}.html.gz").read_bytes())
        text = html.decode("utf-8", errors="replace")
        predicted = extract(text, item.get("url") or "", page_id)
        p, r = page_scores(item["articleBody"], predicted)
        precisions.append(p)
        recalls.append(r)
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pages": float(len(recalls))}


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
    scores = evaluate(consilience_reader)
    return {"html_shingle_f1": scores["f1"]}


def main() -> None:
    rows = {
        "trafilatura (defaults)": evaluate(trafilatura_default),
        "consilience html reader": evaluate(consilience_reader),
    }
    print_scores("Zyte article-extraction benchmark: 4-token shingles, averaged per page", rows)


if __name__ == "__main__":
    main()
