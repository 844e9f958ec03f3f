"""Choose the weights of the origin-grouping evidence (``data/origin_weights.json``).

The evidence of every story is measured once (reused sentences, rewrite coverage, rare
phrases, headlines, credits); each candidate set of weights then groups the articles, and
the groups are scored (pairwise F1 against the annotated origin groups, ambiguous
articles left out). Stories: the six real ones of ../shared/bench/corroboration and the
project's four annotated test stories. The weights chosen are the best mean, preferring
the middle of a plateau (the mean over its neighbours in the grid breaks ties); the
leave-one-story-out line picks weights without the story it then scores, which is what
to expect on a story nobody tuned on.

    python benchmarks/fit_origins.py            # search, print the best and the LOSO check
    python benchmarks/fit_origins.py --write    # also write the chosen weights
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, ROOT, require
from consilience import Settings
from consilience.align.claims import align_claims
from consilience.align.embedders import load_embedder
from consilience.extract.story import extract_story
from consilience.ingest import read_inputs
from consilience.pipeline import prepare
from consilience.provenance import LineageEvidence, group_origins, measure_lineage
from consilience.provenance.groups import WEIGHTS_FILE, LinkWeights

GRID = {
    "rewrite": (0.5, 1.0),
    "quotes": (0.0, 0.05, 0.1),
    "phrases": (0.0, 0.05, 0.1),
    "headline": (0.0, 0.2, 0.4),
    "threshold": (0.15, 0.2, 0.25, 0.3),
    "dominance": (0.5, 0.7, 0.9),
    "unrelated": (0.05, 0.1),
}
TEST_STORIES = ROOT / "tests" / "data" / "stories"

Gold = tuple[list[list[str]], set[str]]


def _real_stories() -> list[tuple[str, list[str], Gold]]:
    out = []
    for folder in sorted(require(BENCH / "corroboration").iterdir()):
        if not folder.is_dir():
            continue
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["provenance"]
        out.append(
            (
                folder.name,
                [str(folder / "articles.jsonl")],
                (gold["same_origin_groups"], set(gold.get("ambiguous", []))),
            )
        )
    return out


def _test_stories() -> list[tuple[str, list[str], Gold]]:
    out = []
    for gold_file in sorted(TEST_STORIES.glob("*.gold.json")):
        name = gold_file.name.removesuffix(".gold.json")
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        out.append((name, [str(TEST_STORIES / name)], (gold["origin_groups"], set())))
    return out


def measure(inputs: list[str], settings: Settings) -> tuple[LineageEvidence, dict[str, str]]:
    """The story's lineage evidence and a map from gold names (record id or file name)
    to article ids."""
    batch = read_inputs(inputs, settings)
    prepared = [prepare(a, settings) for a in batch.articles]
    story = extract_story(prepared, settings)
    claims = align_claims(prepared, story.anchors, load_embedder(settings.embedder), settings)
    names = {}
    for index, article in enumerate(batch.articles, start=1):
        names[f"a{index}"] = article.id
        names[Path(article.source).name] = article.id
        if article.external_id:
            names[article.external_id] = article.id
    return measure_lineage(prepared, claims, story), names


def pair_f1(groups: Sequence[Sequence[str]], gold: Gold, names: dict[str, str]) -> float:
    gold_groups, ambiguous = gold
    origin = {names[x]: i for i, g in enumerate(gold_groups) for x in g if len(g) > 1}
    skip = {names[x] for x in ambiguous}
    predicted = {a: i for i, g in enumerate(groups) for a in g}
    tp = fp = fn = 0
    for a, b in combinations(sorted(predicted), 2):
        if a in skip or b in skip:
            continue
        same_gold = a in origin and origin.get(a) == origin.get(b)
        same_pred = predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def _neighbours(point: tuple[float, ...]) -> list[tuple[float, ...]]:
    out = []
    for axis, values in enumerate(GRID.values()):
        position = values.index(point[axis])
        for step in (-1, 1):
            if 0 <= position + step < len(values):
                out.append((*point[:axis], values[position + step], *point[axis + 1 :]))
    return out


def _choose(scores: dict[tuple[float, ...], list[float]], keep: list[int]) -> tuple[float, ...]:
    def mean(point: tuple[float, ...]) -> float:
        return sum(scores[point][i] for i in keep) / len(keep)

    def plateau(point: tuple[float, ...]) -> float:
        around = [mean(n) for n in _neighbours(point)]
        return sum(around) / len(around)

    return max(scores, key=lambda p: (round(mean(p), 3), round(plateau(p), 4)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", action="store_true", help=f"write src/consilience/{WEIGHTS_FILE}"
    )
    args = parser.parse_args()
    settings = Settings()
    stories = _real_stories() + _test_stories()
    measured = []
    for name, inputs, gold in stories:
        evidence, names = measure(inputs, settings)
        measured.append((name, evidence, names, gold))
        print(f"measured {name}", file=sys.stderr)
    points = list(itertools.product(*GRID.values()))
    scores: dict[tuple[float, ...], list[float]] = {}
    for point in points:
        weights = LinkWeights(**dict(zip(GRID, point, strict=True)))
        scores[point] = [
            pair_f1(group_origins(evidence, weights)[0].groups, gold, names)
            for _, evidence, names, gold in measured
        ]
    everything = list(range(len(measured)))
    best = _choose(scores, everything)
    current = _current()
    current_point = tuple(getattr(current, k) for k in GRID)
    print(f"\n{'story':32} {'chosen':>8} {'current':>8} {'LOSO':>8}")
    loso = []
    for held, (name, *_rest) in enumerate(measured):
        chosen = _choose(scores, [i for i in everything if i != held])
        loso.append(scores[chosen][held])
        current_score = scores[current_point][held] if current_point in scores else float("nan")
        print(f"{name[:32]:32} {scores[best][held]:8.3f} {current_score:8.3f} {loso[-1]:8.3f}")
    n_real = len(_real_stories())
    for label, part in (("six real stories", slice(0, n_real)), ("all stories", slice(None))):
        values = scores[best][part]
        print(
            f"{'mean, ' + label:32} {sum(values) / len(values):8.3f} "
            f"{_mean_at(scores, current_point, part):8.3f} {sum(loso[part]) / len(loso[part]):8.3f}"
        )
    chosen_weights = dict(zip(GRID, best, strict=True))
    print("\nchosen:", json.dumps(chosen_weights))
    if args.write:
        path = ROOT / "src" / "consilience" / WEIGHTS_FILE
        doc = json.loads(path.read_text(encoding="utf-8")).get("_doc", "")
        path.write_text(
            json.dumps({"_doc": doc, **chosen_weights}, indent=2) + "\n", encoding="utf-8"
        )
        print(f"written to {path}")


def _current() -> LinkWeights:
    from consilience.provenance.groups import default_weights

    return default_weights()


def _mean_at(
    scores: dict[tuple[float, ...], list[float]], point: tuple[float, ...], part: slice
) -> float:
    if point not in scores:
        return float("nan")
    values = scores[point][part]
    return sum(values) / len(values)


if __name__ == "__main__":
    main()
