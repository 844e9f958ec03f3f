"""Quality gate: run every evaluation, print its scores beside the recorded floors, and
fail when a score drops below its floor (like trafilatura's evaluation gate).

    python benchmarks/gate.py            # all gates
    python benchmarks/gate.py html       # only some
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FLOORS

#: gate name -> module whose ``run()`` returns {score name: value}
GATES = {
    "html": "eval_html",
    "time_numbers": "eval_extract_time_numbers",
    "entities": "eval_extract_entities",
    "quotes": "eval_extract_quotes",
    "align": "eval_align",
    "provenance": "eval_provenance",
    "corroboration": "eval_corroboration",
    "cluster": "eval_cluster",
    "frank": "eval_frank",
}


def main(selected: list[str]) -> int:
    floors: dict[str, float] = json.loads(FLOORS.read_text(encoding="utf-8"))
    failures: list[str] = []
    for name, module_name in GATES.items():
        if selected and name not in selected:
            continue
        started = time.perf_counter()
        scores = importlib.import_module(module_name).run()
        elapsed = time.perf_counter() - started
        for score, value in scores.items():
            floor = floors.get(score)
            if floor is None:
                failures.append(f"{score}: no floor recorded in {FLOORS.name}")
                status = "NO FLOOR"
            elif value + 1e-9 < floor:
                failures.append(f"{score}: {value:.4f} is below its floor {floor:.4f}")
                status = "BELOW FLOOR"
            else:
                status = "ok"
            floor_text = f"{floor:.4f}" if floor is not None else "-"
            print(f"{name:10} {score:32} {value:8.4f}  floor {floor_text:>7}  {status}")
        print(f"{name:10} ({elapsed:.1f}s)")
    for failure in failures:
        print(f"gate failed: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
