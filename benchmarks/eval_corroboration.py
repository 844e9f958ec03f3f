"""Corroboration on six real multi-outlet stories (../shared/bench/corroboration).

Each story (13-19 real articles: wire copies, rewrites, blogs, independent reports) is
analyzed with the default settings, its dossier scored by the folder's own ``score.py``,
and every metric printed per story and as the mean, beside the figures measured on the
engine before the claim-level lineage and referent-checked conflicts landed (commit
06490aa, same settings, same scorer).

    python benchmarks/eval_corroboration.py                 # the table
    python benchmarks/eval_corroboration.py -v 19           # one story, score.py's lines
    python benchmarks/eval_corroboration.py --embedder minilm

These six stories are for tuning; the rules are also checked on stories of the project's
own (tests) and on ECB+ events outside the six, read by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, require
from consilience import Settings
from consilience.ingest import read_inputs
from consilience.pipeline import analyze_articles

CORROBORATION = BENCH / "corroboration"
STORIES = (
    "12_ecb-navy-captures-pirates",
    "18_ecb-office-party-shooting",
    "19_ecb-greece-riots",
    "28_ecb-deep-throat-dies",
    "4_ecb-bettie-page-dies",
    "27_ecb-ie-emergency-patch",
)
#: The metrics the issue sets targets for, in the order they are printed.
METRICS = (
    "provenance_pair_f1",
    "conflict_recall",
    "conflict_precision_est",
    "traps_avoided",
    "support_f1",
    "single_source_recall",
    "fact_recall",
    "entity_merge_recall",
)
#: Measured before this engine (commit 06490aa, default settings, score.py of the folder).
BASELINE = {
    "12_ecb-navy-captures-pirates": (0.16, 0.12, 0.14, 0.88, 0.79, 0.62, 1.00, 0.70),
    "18_ecb-office-party-shooting": (0.47, 0.14, 0.12, 1.00, 0.84, 0.88, 1.00, 0.60),
    "19_ecb-greece-riots": (0.77, 0.36, 0.23, 0.88, 0.66, 0.75, 1.00, 0.50),
    "28_ecb-deep-throat-dies": (0.12, 0.12, 0.07, 0.75, 0.82, 1.00, 1.00, 0.67),
    "4_ecb-bettie-page-dies": (0.19, 0.10, 0.18, 0.75, 0.78, 0.75, 1.00, 0.70),
    "27_ecb-ie-emergency-patch": (0.13, 0.00, 0.04, 1.00, 0.73, 0.62, 1.00, 0.90),
}
TARGETS = {
    "provenance_pair_f1": 0.85,
    "conflict_recall": 0.5,
    "conflict_precision_est": 0.7,
    "traps_avoided": 1.0,
    "support_f1": 0.85,
    "single_source_recall": 0.8,
}
_METRIC_LINE = re.compile(r"^(\w+): ([0-9.]+)$")


def _scorer() -> ModuleType:
    path = require(CORROBORATION / "score.py")
    spec = importlib.util.spec_from_file_location("corroboration_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_story(story: str, settings: Settings) -> tuple[dict[str, float], str, float]:
    """(metrics, score.py's printout, CPU seconds of the analysis) for one story."""
    folder = require(CORROBORATION / story)
    batch = read_inputs([str(folder / "articles.jsonl")], settings)
    started = time.process_time()
    dossier = analyze_articles(batch.articles, settings)
    cpu = time.process_time() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossier.json"
        path.write_text(dossier.model_dump_json(), encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            _scorer().main([str(path), str(folder / "gold.json")])
    printed = out.getvalue()
    metrics = {}
    for line in printed.splitlines():
        match = _METRIC_LINE.match(line.strip())
        if match:
            metrics[match.group(1)] = float(match.group(2))
    return metrics, printed, cpu


def evaluate(settings: Settings, stories: tuple[str, ...] = STORIES) -> dict[str, dict[str, float]]:
    return {story: score_story(story, settings)[0] for story in stories}


def _mean(rows: dict[str, dict[str, float]], metric: str) -> float:
    values = [row[metric] for row in rows.values() if metric in row]
    return sum(values) / len(values) if values else 0.0


def run() -> dict[str, float]:
    """The gate's figures: the mean of each targeted metric, and the worst story's traps."""
    rows = evaluate(Settings())
    scores = {f"corroboration_{m}_mean": _mean(rows, m) for m in TARGETS}
    scores["corroboration_traps_avoided_min"] = min(r["traps_avoided"] for r in rows.values())
    return scores


def _table(rows: dict[str, dict[str, float]], cpu: dict[str, float]) -> None:
    short = {m: m.replace("conflict_precision_est", "conf_prec").replace("_", " ") for m in METRICS}
    header = f"{'story':30}" + "".join(f"{short[m][:13]:>14}" for m in METRICS) + f"{'cpu s':>8}"
    print(header)
    for story, row in rows.items():
        base = dict(zip(METRICS, BASELINE.get(story, ()), strict=False))
        cells = "".join(
            f"{row.get(m, float('nan')):>7.2f} ({base[m]:.2f})"
            if m in base
            else f"{row.get(m, 0):>14.2f}"
            for m in METRICS
        )
        print(f"{story[:30]:30}{cells}{cpu[story]:>8.1f}")
    mean_cells = ""
    for m in METRICS:
        base_mean = sum(BASELINE[s][METRICS.index(m)] for s in rows) / len(rows)
        mean_cells += f"{_mean(rows, m):>7.2f} ({base_mean:.2f})"
    print(f"{'mean (baseline)':30}{mean_cells}{sum(cpu.values()) / len(cpu):>8.1f}")
    print("\ntargets (mean over the six stories; traps on every story):")
    for metric, target in TARGETS.items():
        value = (
            min(r["traps_avoided"] for r in rows.values())
            if metric == "traps_avoided"
            else _mean(rows, metric)
        )
        print(
            f"  {metric:26} {value:.2f}  target {target:.2f}  {'met' if value >= target - 1e-9 else 'NOT met'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "stories", nargs="*", help="story folder names or prefixes (default: all six)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print score.py's lines")
    parser.add_argument("--embedder", default=None)
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = parser.parse_args()
    settings = Settings(embedder=args.embedder) if args.embedder else Settings()
    chosen = tuple(
        s for s in STORIES if not args.stories or any(s.startswith(p) for p in args.stories)
    )
    rows: dict[str, dict[str, float]] = {}
    cpu: dict[str, float] = {}
    for story in chosen:
        metrics, printed, seconds = score_story(story, settings)
        rows[story], cpu[story] = metrics, seconds
        if args.verbose:
            print(f"===== {story}\n{printed}")
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print("\nCorroboration on six real stories: now (before, commit 06490aa)")
    _table(rows, cpu)


if __name__ == "__main__":
    main()
