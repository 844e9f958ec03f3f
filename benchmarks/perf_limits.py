"""Time and peak memory at the edges of the limits: one article of 1k, 4k, 16k and 25k
sentences, 1,000 tiny files, 200 files of one copied sentence, a 500 MB one-line JSON
Lines file. Each case runs in its own process (peak RSS is that process's own), under a
memory cap and a time limit, so a case that blows up is reported, not fatal.

Two times per case: the text path (read, clean, segment, extract: linear by design) and
the whole analysis (align, provenance and judge included). The "before" column is what
issue 13 measured before this work; run again after a change to compare::

    python benchmarks/perf_limits.py                  # every case (tens of minutes now)
    python benchmarks/perf_limits.py --cases 1k 4k tiny-files
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: name -> (what, what issue 13 measured before)
CASES: dict[str, tuple[str, str]] = {
    "1k": ("1 article, 1,000 sentences", ""),
    "4k": ("1 article, 4,000 sentences", ""),
    "16k": ("1 article, 16,000 sentences", "153 s, 5.3 GB"),
    "25k": ("1 article, 25,000 sentences", "MemoryError (4.55 GiB array)"),
    "tiny-files": ("1,000 tiny files", "not done in 10 min"),
    "copies": ("200 files, one sentence copied", "78 s CPU"),
    "long-line": ("500 MB one-line JSON Lines", "1.15 GB read whole"),
}
_SUBJECTS = ["The port", "Dock workers", "The ministry", "A spokesperson", "The union", "Police"]
_VERBS = ["reported", "said", "confirmed", "denied", "announced", "expected"]
_OBJECTS = ["new delays", "a fresh strike", "more cargo", "fewer ships", "a long closure"]


def sentences(count: int, seed: int = 13) -> list[str]:
    """``count`` distinct news-like sentences (about 58 characters each)."""
    chance = random.Random(seed)
    return [
        f"{chance.choice(_SUBJECTS)} {chance.choice(_VERBS)} {chance.choice(_OBJECTS)} "
        f"at dock {n % 997} on day {n}."
        for n in range(count)
    ]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_case(name: str) -> dict[str, Any]:
    """One case, in this process; returns its measures."""
    from consilience import Settings
    from consilience.extract.story import extract_story
    from consilience.ingest import article_from_text, read_inputs
    from consilience.pipeline import analyze_story, prepare_each
    from consilience.report.assemble import assemble_dossier

    settings = Settings(max_article_chars=10_000_000, max_file_bytes=100_000_000)
    baseline = _peak_mb()
    with tempfile.TemporaryDirectory() as workdir:
        directory = Path(workdir)
        if name == "long-line":
            path = directory / "one-line.jsonl"
            with path.open("wb") as handle:
                handle.write(b'{"text": "')
                block = b"x" * (1 << 20)
                for _ in range(500):
                    handle.write(block)
                handle.write(b'"}\n')
            began = time.perf_counter()
            batch = read_inputs([str(path)], Settings())
            took = time.perf_counter() - began
            return _measures(took, took, baseline, batch.problems[0].reason)
        began = time.perf_counter()
        if name in ("tiny-files", "copies"):
            count = 1000 if name == "tiny-files" else 200
            lines = sentences(count) if name == "tiny-files" else sentences(1) * count
            for number, line in enumerate(lines):
                (directory / f"{number:04d}.txt").write_text(line + "\n", encoding="utf-8")
            articles = list(read_inputs([str(directory)], settings).articles)
        else:
            count = int(name.removesuffix("k")) * 1000
            text = "\n\n".join(" ".join(chunk) for chunk in _paragraphs(sentences(count)))
            articles = [article_from_text(text, f"{name}.txt")]
        prepared, _ = prepare_each(articles, settings)
        extract_story(prepared, settings)
        text_path = time.perf_counter() - began
        analysis = analyze_story(articles, settings)
        dossier = assemble_dossier(analysis, settings)
        full = time.perf_counter() - began
    sentence_count = sum(a.sentence_count for a in dossier.articles)
    slowest = sorted(analysis.stage_seconds.items(), key=lambda kv: -kv[1])[:2]
    stages = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in slowest)
    result = f"{sentence_count:,} sentences, {len(dossier.claims):,} claims; CPU: {stages}"
    return _measures(text_path, full, baseline, result)


def _measures(text_s: float, full_s: float, baseline_mb: float, result: str) -> dict[str, Any]:
    return {
        "text_s": text_s,
        "full_s": full_s,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline_mb,
        "result": result,
    }


def _paragraphs(lines: list[str], size: int = 5) -> list[list[str]]:
    return [lines[i : i + size] for i in range(0, len(lines), size)]


def _measure(name: str, timeout: float, memory_gb: float) -> dict[str, Any]:
    def limit_memory() -> None:
        cap = int(memory_gb * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    began = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", name],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"not done in {timeout / 60:.0f} min"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        error = "MemoryError" if "MemoryError" in done.stderr else last[:60]
        return {"error": f"{error} after {time.perf_counter() - began:.0f} s"}
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds per case.")
    parser.add_argument("--memory-gb", type=float, default=8.0, help="Address-space cap.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        print(json.dumps(run_case(args.child)))
        return
    header = (
        f"{'case':<34}{'text path':>10}{'total':>10}{'peak RSS':>10}{'(+case)':>10}  "
        f"{'before (issue 13)':<30}result"
    )
    print(header)
    print("-" * len(header))
    for name in args.cases:
        what, before = CASES[name]
        measured = _measure(name, args.timeout, args.memory_gb)
        if "error" in measured:
            print(
                f"{what:<34}{'':>10}{'':>10}{'':>11}  {before:<30}{measured['error']}", flush=True
            )
            continue
        print(
            f"{what:<34}{measured['text_s']:>9.1f}s{measured['full_s']:>9.1f}s"
            f"{measured['peak_mb'] / 1024:>8.2f}GB"
            f"{(measured['peak_mb'] - measured['baseline_mb']) / 1024:>8.2f}GB  "
            f"{before:<30}{measured['result']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
