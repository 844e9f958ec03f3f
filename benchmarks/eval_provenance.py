"""Provenance on the project's annotated stories: do the origin groups match a reader's?

Pairwise precision/recall of "these two articles trace back to one origin" against the
gold origin groups, and the origin count, for each embedder. The stories were also used to
design the grouping rules, so these are regression figures, not an unbiased estimate.

    python benchmarks/eval_provenance.py
"""

from __future__ import annotations

import json
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, print_scores
from consilience import Settings
from consilience.ingest import read_inputs
from consilience.pipeline import analyze_story

STORIES = ROOT / "tests" / "data" / "stories"
GOLD_STORIES = ("bridge-collapse", "minister-meeting", "venezuela-dock-strike")
#: Written after the rules were designed and never used to tune them.
HELD_OUT = ("river-spill",)


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(g, 2)}


def evaluate(embedder: str, stories: tuple[str, ...] = GOLD_STORIES) -> dict[str, float]:
    settings = Settings(embedder=embedder)
    tp = fp = fn = 0
    exact = 0
    for story in stories:
        gold = json.loads((STORIES / f"{story}.gold.json").read_text(encoding="utf-8"))
        batch = read_inputs([str(STORIES / story)], settings)
        analysis = analyze_story(batch.articles, settings)
        name = {a.id: Path(a.source).name for a in batch.articles}
        predicted = _pairs([[name[a] for a in g] for g in analysis.provenance.groups])
        wanted = _pairs(gold["origin_groups"])
        tp += len(predicted & wanted)
        fp += len(predicted - wanted)
        fn += len(wanted - predicted)
        exact += int(len(analysis.provenance.groups) == len(gold["origin_groups"]))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "right_origin_count": exact / len(stories),
    }


def run() -> dict[str, float]:
    return {
        "provenance_pairwise_f1": evaluate("lexical")["f1"],
        "provenance_pairwise_f1_heldout": evaluate("lexical", HELD_OUT)["f1"],
    }


def main() -> None:
    rows = {}
    for name in ("lexical", "minilm"):
        rows[f"{name} (design stories)"] = evaluate(name)
        rows[f"{name} (held-out story)"] = evaluate(name, HELD_OUT)
    print_scores("Origin groups on the annotated stories (pairwise, articles)", rows)


if __name__ == "__main__":
    main()
