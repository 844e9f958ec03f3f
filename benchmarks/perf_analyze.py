"""How `consilience analyze` scales with the size of a story, beside a plain baseline.

Stories of 5, 15, 30, 60, 120, 250 and 500 real articles are built from ECB+ (one
topic's articles for the small sizes, several topics merged for the large ones, and, from
120 articles up, one article in three replaced by a perturbed copy of another, as wire
copies are). Each size runs in a fresh process, twice over:

* ``consilience``: the whole analysis as the CLI runs it, start-up included (importing
  the package), with the CPU seconds of each stage;
* the baseline: TF-IDF over the story's sentences and scikit-learn's average-link
  agglomerative clustering, in one script (what a first prototype would do).

Printed: CPU seconds (median of ``--repeat`` runs), peak memory, the ratio to the
baseline, the growth exponent fitted from 30 articles up, and the time per stage.

    python benchmarks/perf_analyze.py                     # classical backends
    python benchmarks/perf_analyze.py --ner auto          # the spaCy pipeline when installed
    python benchmarks/perf_analyze.py --sizes 5 15 250 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, read_jsonl

ECB = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"
SIZES = (5, 15, 30, 60, 120, 250, 500)
_COPY_SHARE = 3  # from 120 articles up, one article in three is a perturbed copy

_CONSILIENCE = """
import json, resource, sys, time
from consilience import Settings
from consilience.ingest import read_inputs
from consilience.pipeline import analyze_story
from consilience.report.assemble import assemble_dossier
settings = Settings(ner=sys.argv[2], embedder=sys.argv[3])
batch = read_inputs([sys.argv[1]], settings)
analysis = analyze_story(batch.articles, settings)
assemble_dossier(analysis, settings).to_json()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                  "stages": analysis.stage_seconds}))
"""
_BASELINE = """
import json, re, resource, sys
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\\s+", t) if len(s.split()) > 3]
matrix = TfidfVectorizer(stop_words="english").fit_transform(sentences).toarray()
matrix = matrix[matrix.any(axis=1)]
AgglomerativeClustering(
    n_clusters=None, distance_threshold=0.8, metric="cosine", linkage="average"
).fit(matrix)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}))
"""


def _perturbed(text: str, rng: random.Random) -> str:
    """A wire copy: a paragraph dropped, two words swapped, a line added."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    words = paragraphs[0].split()
    if len(words) > 6:
        i = rng.randrange(1, len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
        paragraphs[0] = " ".join(words)
    paragraphs.append("Copyright the agency. All rights reserved.")
    return "\n\n".join(paragraphs)


def build_story(size: int, seed: int = 7) -> list[dict[str, str]]:
    """``size`` ECB+ articles: whole topics in order of size, then perturbed copies."""
    by_topic: dict[int, list[dict[str, str]]] = {}
    for record in read_jsonl(ECB):
        by_topic.setdefault(int(record["topic"]), []).append(record)
    rng = random.Random(seed)
    originals_needed = size - (size // _COPY_SHARE if size >= 120 else 0)
    chosen: list[dict[str, str]] = []
    for topic in sorted(by_topic, key=lambda t: (-len(by_topic[t]), t)):
        if len(chosen) >= originals_needed:
            break
        chosen.extend(by_topic[topic][: originals_needed - len(chosen)])
    out = [{"id": f"s{n}", "text": r["text"]} for n, r in enumerate(chosen)]
    while len(out) < size:
        source = rng.choice(chosen)
        out.append({"id": f"s{len(out)}", "text": _perturbed(source["text"], rng)})
    return out


def _run(script: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _exponent(rows: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) on log(size)."""
    xs = [math.log(n) for n, _ in rows]
    ys = [math.log(t) for _, t in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ner", default="classical")
    parser.add_argument("--embedder", default="lexical")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    print(f"analyze (--ner {args.ner} --embedder {args.embedder}) vs TF-IDF + average link")
    print(
        f"{'articles':>8} {'cpu s':>8} {'MB':>7} {'baseline s':>11} {'MB':>7} {'ratio':>6}   stages"
    )
    ours: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = Path(tmp) / f"story-{size}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for record in build_story(size):
                    fh.write(json.dumps(record) + "\n")
            runs = [
                _run(_CONSILIENCE, str(path), args.ner, args.embedder) for _ in range(args.repeat)
            ]
            cpu = statistics.median(float(r["cpu"]) for r in runs)  # type: ignore[arg-type]
            rss = max(float(r["rss_mb"]) for r in runs)  # type: ignore[arg-type]
            stages = runs[0]["stages"]
            assert isinstance(stages, dict)
            ours.append((size, cpu))
            base_cpu = base_rss = float("nan")
            if not args.no_baseline:
                base = [_run(_BASELINE, str(path)) for _ in range(args.repeat)]
                base_cpu = statistics.median(float(r["cpu"]) for r in base)  # type: ignore[arg-type]
                base_rss = max(float(r["rss_mb"]) for r in base)  # type: ignore[arg-type]
            shown = " ".join(f"{k} {v:.2f}" for k, v in stages.items())
            print(
                f"{size:>8} {cpu:>8.2f} {rss:>7.0f} {base_cpu:>11.2f} {base_rss:>7.0f} "
                f"{cpu / base_cpu:>5.1f}x   {shown}",
                flush=True,
            )
    fitted = [(n, t) for n, t in ours if n >= 30]
    if len(fitted) >= 2:
        print(f"growth exponent from 30 articles up: {_exponent(fitted):.2f}")


if __name__ == "__main__":
    main()
