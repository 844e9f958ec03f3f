"""The long fuzzing run (``make fuzz``): at least 100,000 hostile inputs through the whole
pipeline, every invariant of ``tests/fuzz/invariants.py`` checked, counts printed.

Inputs come from the same hypothesis strategies as the CI property tests
(``tests/fuzz/strategies.py``): generated article-like text and mutated real articles,
written as files of every format the reader takes under odd names, 1 to 3 files per
story. Every input gets the span, id and crash checks; every ``--deep-every``-th one also
the schema, determinism and terminal-view checks (they double its cost).

Each failure is saved under ``--crash-dir`` as a JSON case (the files, base64) that
``tests/fuzz/test_regressions.py`` can take into its table. Run::

    python benchmarks/fuzz.py                      # 100,000 inputs on 2 workers
    python benchmarks/fuzz.py --inputs 2000 --workers 1 --seed 7
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_CHUNK = 500


def _worker(job: tuple[int, int, int, str]) -> dict[str, Any]:
    """Run ``count`` inputs drawn with ``seed``; return the counts and new failures."""
    seed, count, deep_every, crash_dir = job
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from tests.fuzz.invariants import check_files
    from tests.fuzz.strategies import InputFile, input_files

    counts: Counter[str] = Counter()
    signatures: dict[str, str] = {}
    done = 0

    @hypothesis_seed(seed)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(input_files())
    def run(files: list[InputFile]) -> None:
        nonlocal done
        done += 1
        outcome = check_files(files, deep=done % deep_every == 0)
        counts["inputs"] += 1
        counts["files"] += len(files)
        counts["articles"] += outcome.articles
        counts["deep"] += done % deep_every == 0
        for kind, detail in outcome.failures:
            counts[kind] += 1
            signature = f"{kind}: {detail.strip().splitlines()[-1][:160]}"
            if signature not in signatures:
                signatures[signature] = detail
                case = {"failure": kind, "detail": detail, "files": [f.to_json() for f in files]}
                name = f"{kind}-{seed}-{done}.json"
                (Path(crash_dir) / name).write_text(json.dumps(case, indent=1), encoding="utf-8")

    run()
    return {"counts": dict(counts), "signatures": signatures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--deep-every", type=int, default=10)
    parser.add_argument("--crash-dir", type=Path, default=Path("benchmarks/out/fuzz-crashes"))
    args = parser.parse_args()
    from tests.fuzz.invariants import FAILURE_KINDS

    args.crash_dir.mkdir(parents=True, exist_ok=True)
    jobs = [
        (args.seed + n, min(_CHUNK, args.inputs - start), args.deep_every, str(args.crash_dir))
        for n, start in enumerate(range(0, args.inputs, _CHUNK))
    ]
    totals: Counter[str] = Counter()
    signatures: dict[str, str] = {}
    began = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.workers, maxtasksperchild=20) as pool:
        for number, result in enumerate(pool.imap_unordered(_worker, jobs), start=1):
            totals.update(result["counts"])
            signatures.update(result["signatures"])
            elapsed = time.perf_counter() - began
            failures = sum(totals[k] for k in FAILURE_KINDS)
            print(
                f"[{number}/{len(jobs)}] {totals['inputs']:,} inputs, {failures:,} failures, "
                f"{elapsed / 60:.1f} min",
                file=sys.stderr,
                flush=True,
            )
    elapsed = time.perf_counter() - began
    print(f"inputs            {totals['inputs']:>9,}")
    print(f"files             {totals['files']:>9,}")
    print(f"articles analyzed {totals['articles']:>9,}")
    print(f"deep checks       {totals['deep']:>9,}  (schema, determinism, terminal views)")
    for kind in FAILURE_KINDS:
        label = {"crash": "crashes", "span": "span failures", "slow": "over time limit"}.get(
            kind, f"{kind} failures"
        )
        print(f"{label:<18}{totals[kind]:>9,}")
    print(f"time              {elapsed / 60:>8.1f} min on {args.workers} worker(s)")
    for signature in sorted(signatures):
        print(f"  - {signature}")
    if any(totals[k] for k in FAILURE_KINDS):
        print(f"failing inputs saved in {args.crash_dir}/")
        sys.exit(1)


if __name__ == "__main__":
    main()
