"""Write the dossier snapshots the identity test compares against.

The snapshots hold what a reader of a dossier relies on (claims with their support,
statuses and origin counts; conflicts with their sides; origin groups; entities), for
the sample story and the six real stories, analyzed with the classical backends. An
optimization must leave them unchanged; a deliberate change of behaviour regenerates
them (and says so in its commit):

    python tests/data/snapshots/make_snapshots.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SHARED = ROOT.parent / "shared"
STORIES = {
    "venezuela-dock-strike": ROOT / "tests" / "data" / "stories" / "venezuela-dock-strike",
    **{
        p.name: p / "articles.jsonl"
        for p in sorted((SHARED / "bench" / "corroboration").glob("*_ecb-*"))
    },
}


def snapshot(dossier: Any) -> dict[str, Any]:
    return {
        "claims": sorted(
            [
                c.status,
                c.independent_sources,
                sorted([p.article_id, p.start, p.end] for p in c.support),
            ]
            for c in dossier.claims
        ),
        "conflicts": sorted(
            [c.kind, sorted([s.article_id, s.start, s.end, s.value] for s in c.sides)]
            for c in dossier.conflicts
        ),
        "origin_groups": dossier.provenance.origin_groups,
        "entities": sorted([e.name, e.type, sorted(e.aliases)] for e in dossier.entities),
    }


def analyze(path: Path) -> Any:
    from consilience import Settings, analyze

    return analyze([str(path)], Settings(ner="classical", embedder="lexical"))


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    for name, path in STORIES.items():
        out = HERE / f"{name}.json"
        out.write_text(json.dumps(snapshot(analyze(path)), indent=0) + "\n", encoding="utf-8")
        print(f"wrote {out.name}")


if __name__ == "__main__":
    main()
