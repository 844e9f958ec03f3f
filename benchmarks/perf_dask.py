"""Story clustering on Dask beside the single-process path: same stories, what it costs.

* identity: the stories of ``--engine dask`` against ``--engine local`` on the 772 ECB+
  articles and on the scaled corpus of ``perf_cluster.py`` (B-cubed F1 between the two
  story sets, 1.0 when they are the same, and whether the two outputs are byte-identical);
* throughput at 10,000 articles (with ``--large`` also 100,000): local, Dask with one
  worker process and with two, side by side, each in a fresh process, the full path
  (read, clean, segment, fingerprint, features, cluster, stories written): seconds,
  articles per second, the ratio to local, peak memory of the client and of each worker;
  the time to start the local cluster is shown apart;
* growth: Dask (two workers) and local at a tenth, a quarter, half and all of the main
  size, and the exponent k of time ~ size^k.

    python benchmarks/perf_dask.py             # ECB+, 10k side by side, growth
    python benchmarks/perf_dask.py --large     # also 100k side by side (about an hour)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_cluster import bcubed
from perf_cluster import ECBPLUS, scaled_corpus

ENGINES = {"local": 0, "dask, 1 worker": 1, "dask, 2 workers": 2}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_local(path: str, out: str) -> dict[str, Any]:
    """The single-process path, as `consilience cluster` runs it."""
    from consilience import ingest
    from consilience.cli.cluster import _new_articles
    from consilience.cluster import StoryClusterer
    from consilience.pipeline import prepare
    from consilience.settings import Settings

    settings = Settings()
    started = time.perf_counter()
    batch = ingest.read_inputs([path], settings)
    clusterer = StoryClusterer()
    articles, _, _ = _new_articles(batch.articles, clusterer)
    clusterer.add(prepare(article, settings) for article in articles)
    stories = clusterer.stories()
    Path(out).write_text("".join(s.model_dump_json() + "\n" for s in stories), encoding="utf-8")
    return {
        "seconds": time.perf_counter() - started,
        "articles": len(articles),
        "stories": len(stories),
        "peak_mb": _peak_mb(),
    }


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_dask(path: str, out: str, workers: int) -> dict[str, Any]:
    """The Dask engine on a local cluster of ``workers`` processes started here."""
    from consilience.engines.dask.clustering import cluster_stories
    from consilience.engines.dask.runtime import connect

    begun = time.perf_counter()
    with connect(workers=workers, dashboard=False, quiet=True) as client:
        # Workers import the library on their first task: part of starting, not of the run.
        client.run(__import__, "consilience.engines.dask.cluster_tasks")
        startup = time.perf_counter() - begun
        stages: dict[str, float] = {}
        started = time.perf_counter()

        def on_progress(stage: str, done: int, total: int) -> None:
            if done == total:
                stages[stage] = time.perf_counter() - started

        with Path(out).open("w", encoding="utf-8") as handle:
            run = cluster_stories(client, [path], handle.write, on_progress=on_progress)
        seconds = time.perf_counter() - started
        workers_mb = sorted(client.run(_worker_peak_mb).values())
    return {
        "seconds": seconds,
        "startup_s": startup,
        "articles": run.articles,
        "stories": run.stories,
        "partitions": run.partitions,
        "peak_mb": _peak_mb(),
        "workers_mb": workers_mb,
        "stages": stages,
    }


def child(engine: str, path: str, out: str) -> dict[str, Any]:
    """One measurement in a fresh process, its library code single-threaded."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    command = [sys.executable, __file__, "--child", engine, path, out]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{engine} on {path} failed:\n{result.stderr[-3000:]}")
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def same_stories(first: Path, second: Path) -> tuple[float, bool]:
    """B-cubed F1 of one story set against the other, and byte identity."""
    labels = []
    for path in (first, second):
        label = {}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            for article in json.loads(line)["article_ids"]:
                label[article] = number
        labels.append(label)
    ids = sorted(labels[0])
    if sorted(labels[1]) != ids:
        return 0.0, False
    f1 = bcubed([labels[1][i] for i in ids], [labels[0][i] for i in ids])[2]
    return f1, first.read_bytes() == second.read_bytes()


def _write_corpus(size: int, directory: Path) -> Path:
    path = directory / f"scaled-{size}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in scaled_corpus(size):
            handle.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
    return path


def side_by_side(path: Path, directory: Path, engines: dict[str, int]) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for name, workers in engines.items():
        out = directory / f"{path.stem}-{workers}.jsonl"
        results[name] = child(str(workers), str(path), str(out))
        results[name]["out"] = out
        done = results[name]
        print(f"  ({path.stem}: {name} {done['seconds']:.1f}s)", file=sys.stderr, flush=True)
    local = results["local"]["out"]
    for values in results.values():
        values["f1"], values["identical"] = same_stories(local, values["out"])
    return results


def _print_table(title: str, results: dict[str, dict[str, Any]]) -> None:
    print(f"\n{title}")
    base = results["local"]["seconds"]
    print(
        f"  {'engine':16} {'seconds':>8} {'articles/s':>10} {'x local':>8} "
        f"{'client MB':>9} {'MB per worker':>16} {'start s':>8}  same stories"
    )
    for name, v in results.items():
        workers = "/".join(f"{mb:.0f}" for mb in v.get("workers_mb", [])) or "-"
        start = f"{v['startup_s']:.1f}" if "startup_s" in v else "-"
        print(
            f"  {name:16} {v['seconds']:8.1f} {v['articles'] / v['seconds']:10.1f} "
            f"{base / v['seconds']:8.2f} {v['peak_mb']:9.0f} {workers:>16} {start:>8}  "
            f"F1 {v['f1']:.3f}{', byte-identical' if v['identical'] else ''}"
        )
    for name, v in results.items():
        if "stages" in v:
            marks, previous = [], 0.0
            for stage, at in v["stages"].items():
                marks.append(f"{stage} {at - previous:.1f}s")
                previous = at
            print(f"  {name} stages: {', '.join(marks)} ({v['partitions']} partitions)")


def _slope(points: list[tuple[int, float]]) -> float:
    (n0, t0), (n1, t1) = points[0], points[-1]
    return math.log(t1 / t0) / math.log(n1 / n0)


def report(size: int, large: bool, growth: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="perf-dask-") as scratch:
        directory = Path(scratch)
        ecb = side_by_side(ECBPLUS, directory, {"local": 0, "dask, 2 workers": 2})
        _print_table("Identity on ECB+ (772 articles, 35 topics):", ecb)
        sizes = [size, *([100_000] if large and size != 100_000 else [])]
        mains = {}
        for main_size in sizes:
            path = _write_corpus(main_size, directory)
            mains[main_size] = side_by_side(path, directory, ENGINES)
            _print_table(f"Scaled corpus, {main_size:,} articles (full path):", mains[main_size])
        if not growth:
            return
        print("\nGrowth with corpus size (seconds; Dask with two workers, cluster start excluded):")
        print(f"  {'articles':>9} {'local':>8} {'dask x2':>8} {'ratio':>6}  same stories")
        points: dict[str, list[tuple[int, float]]] = {"local": [], "dask": []}
        for step in sorted({size // 10, size // 4, size // 2, size}):
            if step == size:
                found = {k: mains[size][k] for k in ("local", "dask, 2 workers")}
            else:
                path = _write_corpus(step, directory)
                found = side_by_side(path, directory, {"local": 0, "dask, 2 workers": 2})
            here, there = found["local"], found["dask, 2 workers"]
            points["local"].append((step, here["seconds"]))
            points["dask"].append((step, there["seconds"]))
            print(
                f"  {step:>9,} {here['seconds']:8.1f} {there['seconds']:8.1f} "
                f"{here['seconds'] / there['seconds']:6.2f}  F1 {there['f1']:.3f}"
            )
        print(
            f"  time ~ size^k: local k = {_slope(points['local']):.2f}, "
            f"dask k = {_slope(points['dask']):.2f} (k = 1 is linear)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="main corpus size")
    parser.add_argument("--large", action="store_true", help="also 100,000 articles")
    parser.add_argument("--no-growth", action="store_true", help="skip the growth table")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        workers, path, out = args.child
        values = run_local(path, out) if workers == "0" else run_dask(path, out, int(workers))
        print(json.dumps(values))
        return
    report(args.size, args.large, not args.no_growth)


if __name__ == "__main__":
    main()
