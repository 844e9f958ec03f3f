"""Shared helpers of the evaluation and benchmark scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "bench"
FLOORS = Path(__file__).with_name("floors.json")


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"missing benchmark data: {path} (the repo expects ../shared beside it)")
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with require(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def print_scores(title: str, rows: dict[str, dict[str, float]]) -> None:
    """A small table: one row per system, one column per metric."""
    metrics = list(dict.fromkeys(m for scores in rows.values() for m in scores))
    width = max(len(name) for name in rows) + 2
    widths = [max(12, len(m) + 2) for m in metrics]
    print(f"\n{title}")
    print("".ljust(width) + "".join(m.rjust(w) for m, w in zip(metrics, widths, strict=True)))
    for name, scores in rows.items():
        cells = "".join(
            (f"{scores[m]:.4f}" if m in scores else "-").rjust(w)
            for m, w in zip(metrics, widths, strict=True)
        )
        print(name.ljust(width) + cells)
