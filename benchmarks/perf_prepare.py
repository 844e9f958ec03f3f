"""Throughput of ingest → clean → segment over the 772 ECB+ articles, beside a plain
baseline (split on blank lines and on ". ", nothing marked), with peak memory.

    python benchmarks/perf_prepare.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, read_jsonl
from consilience import Settings
from consilience.ingest import article_from_text
from consilience.pipeline import prepare

ECB = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"
_NAIVE_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def consilience_prepare(texts: list[str]) -> int:
    settings = Settings()
    sentences = 0
    for number, text in enumerate(texts):
        prepared = prepare(article_from_text(text, f"ecb:{number}", reader="json"), settings)
        sentences += len(prepared.sentences)
    return sentences


def naive_prepare(texts: list[str]) -> int:
    sentences = 0
    for text in texts:
        for paragraph in text.split("\n\n"):
            sentences += len([s for s in _NAIVE_SENTENCE.split(paragraph) if s.strip()])
    return sentences


def measure(run: Callable[[list[str]], int], texts: list[str], repeat: int) -> dict[str, float]:
    best = float("inf")
    sentences = 0
    for _ in range(repeat):
        started = time.perf_counter()
        sentences = run(texts)
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    run(texts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "articles_per_s": len(texts) / best,
        "sentences_per_s": sentences / best,
        "seconds": best,
        "peak_mb": peak / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [record["text"] for record in read_jsonl(ECB)]
    consilience_prepare(texts[:20])  # warm caches (word lists, compiled patterns)
    ours = measure(consilience_prepare, texts, args.repeat)
    baseline = measure(naive_prepare, texts, args.repeat)
    print(
        f"\ningest → clean → segment over {len(texts)} ECB+ articles (best of {args.repeat}, one core)"
    )
    for name, row in (("consilience", ours), ("naive split (baseline)", baseline)):
        print(
            f"{name:24} {row['articles_per_s']:10.1f} articles/s {row['sentences_per_s']:10.1f} "
            f"sentences/s  {row['seconds']:6.2f} s  peak {row['peak_mb']:6.1f} MB"
        )
    print(
        f"baseline is {baseline['articles_per_s'] / ours['articles_per_s']:.0f}× faster and marks nothing"
    )


if __name__ == "__main__":
    main()
