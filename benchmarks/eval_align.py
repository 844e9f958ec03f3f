"""Claim alignment on the project's annotated stories: pairwise precision/recall/F1 of
"these two sentences state the same claim", for each embedder, over a threshold sweep.

    python benchmarks/eval_align.py            # table per embedder at its default threshold
    python benchmarks/eval_align.py --sweep    # also the sweep used to pick the defaults
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, print_scores
from consilience import Settings
from consilience.align.claims import (
    ClaimUnit,
    SimilarityGraph,
    claim_units,
    cluster_units,
    threshold_for,
)
from consilience.align.embedders import load_embedder
from consilience.extract.story import extract_story
from consilience.ingest import read_inputs
from consilience.pipeline import prepare

STORIES = ROOT / "tests" / "data" / "stories"
GOLD_STORIES = ("bridge-collapse", "minister-meeting", "venezuela-dock-strike")


def _gold_pairs(
    units: list[ClaimUnit], names: dict[str, str], gold: dict[str, Any]
) -> tuple[set[tuple[int, int]], set[int]]:
    """Pairs of units (from different articles) that gold says share a claim, and the
    units whose pairs are judged: all units when the annotation is complete, else the
    annotated ones."""
    labels: dict[int, set[str]] = {}
    for claim in gold["claims"]:
        for name, snippets in claim["support"].items():
            for snippet in snippets:
                for index, unit in enumerate(units):
                    if names[unit.article_id] == name and snippet in unit.text:
                        labels.setdefault(index, set()).add(claim["id"])
    judged = set(range(len(units))) if gold.get("complete") else set(labels)
    positives = {
        (i, j)
        for i, j in combinations(sorted(labels), 2)
        if labels[i] & labels[j] and units[i].article_id != units[j].article_id
    }
    return positives, judged


def evaluate(
    embedder_name: str, thresholds: list[float] | None = None
) -> dict[str, dict[str, Any]]:
    settings = Settings()
    embedder = load_embedder(embedder_name)
    results: dict[float, list[int]] = {}
    elapsed = 0.0
    for story in GOLD_STORIES:
        gold = json.loads((STORIES / f"{story}.gold.json").read_text(encoding="utf-8"))
        batch = read_inputs([str(STORIES / story)], settings)
        prepared = [prepare(a, settings) for a in batch.articles]
        names = {p.id: Path(p.article.source).name for p in prepared}
        units = claim_units(prepared, extract_story(prepared, settings).anchors)
        started = time.perf_counter()
        graph = SimilarityGraph(units, embedder)
        elapsed += time.perf_counter() - started
        positives, annotated = _gold_pairs(units, names, gold)
        for threshold in thresholds or [threshold_for(embedder, settings)]:
            clusters = cluster_units(units, graph, threshold)
            where = {}
            for number, cluster in enumerate(clusters):
                for unit in cluster.units:
                    where[(unit.article_id, unit.sentence)] = number
            predicted = {
                (i, j)
                for i, j in combinations(sorted(annotated), 2)
                if units[i].article_id != units[j].article_id
                and where[(units[i].article_id, units[i].sentence)]
                == where[(units[j].article_id, units[j].sentence)]
            }
            tp = len(predicted & positives)
            counts = results.setdefault(threshold, [0, 0, 0])
            counts[0] += tp
            counts[1] += len(predicted) - tp
            counts[2] += len(positives) - tp
    table = {}
    for threshold, (tp, fp, fn) in sorted(results.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        table[f"{embedder_name} @ {threshold:.2f}"] = {
            "precision": p,
            "recall": r,
            "f1": f,
            "sim_seconds": elapsed,
        }
    return table


def run() -> dict[str, float]:
    scores = evaluate("lexical")
    (row,) = scores.values()
    return {"align_pairwise_f1_lexical": row["f1"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    rows: dict[str, dict[str, float]] = {}
    for name in ("lexical", "minilm"):
        sweep = [round(0.2 + 0.05 * k, 2) for k in range(14)] if args.sweep else None
        rows.update(evaluate(name, sweep))
    print_scores("Claim alignment on the annotated stories (pairwise, cross-article)", rows)


if __name__ == "__main__":
    main()
