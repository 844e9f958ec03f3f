"""Speed of the language layer on the six corroboration stories, on one core.

For each story and each parse backend (the default spaCy pipeline, the classical
extractor) it prints:

* ``analyze_s``: ``consilience analyze STORY --format json`` as a user runs it, in a fresh
  process pinned to one core (imports and model loading included), wall clock, and
  ``analyze_cpu_s`` its CPU time (what the machine's other work cannot inflate);
* ``warm_cpu_s``: CPU time of the same analysis in a process that has the models loaded
  already (a service, a second story);
* ``parse_sps``: sentences per second of the parse alone, CPU time (cache cleared).

    python benchmarks/perf_language.py
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, ROOT, print_scores, read_jsonl, require
from consilience import Settings
from consilience.extract.parse import load_parser
from consilience.ingest import article_from_text
from consilience.pipeline import analyze_articles, prepare

STORIES = BENCH / "corroboration"
BACKENDS = ("auto", "classical")


def _one_core() -> list[str]:
    """A command prefix pinning a process to one core, when ``taskset`` exists."""
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def cold_seconds(story: Path, backend: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one CLI run in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), OMP_NUM_THREADS="1")
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            *_one_core(),
            sys.executable,
            "-m",
            "consilience",
            "analyze",
            str(story / "articles.jsonl"),
            "--format",
            "json",
            "--ner",
            backend,
            "-o",
            str(Path(tmp) / "d.json"),
        ]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def warm_seconds(story: Path, backend: str) -> tuple[float, float]:
    """(seconds of the whole analysis, parse sentences per second), models loaded."""
    settings = Settings(ner=backend)
    rows = list(read_jsonl(story / "articles.jsonl"))
    articles = [article_from_text(r["text"], r["id"], external_id=r["id"]) for r in rows]
    parser = load_parser(backend)
    prepared = [prepare(a, settings) for a in articles]
    parser.cache = type(parser.cache)()
    started = time.process_time()
    parses = parser.parse(prepared)
    parse_s = time.process_time() - started
    parser.cache = type(parser.cache)()
    started = time.process_time()
    analyze_articles(articles, settings)
    return time.process_time() - started, len(parses) / parse_s


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})  # the warm runs on one core too
    stories = sorted(p for p in require(STORIES).iterdir() if p.is_dir())
    for backend in BACKENDS:
        load_parser(backend)
        rows: dict[str, dict[str, float]] = {}
        for story in stories:
            warm, sps = warm_seconds(story, backend)
            wall, cpu = cold_seconds(story, backend)
            rows[story.name.split("_", 1)[1]] = {
                "analyze_s": wall,
                "analyze_cpu_s": cpu,
                "warm_cpu_s": warm,
                "parse_sps": sps,
            }
        columns = ("analyze_s", "analyze_cpu_s", "warm_cpu_s")
        rows["max"] = {k: max(r[k] for r in rows.values()) for k in columns}
        print_scores(
            f"Six stories on one core, --ner {backend} ({load_parser(backend).name})", rows
        )


if __name__ == "__main__":
    main()
