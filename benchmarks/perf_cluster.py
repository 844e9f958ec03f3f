"""Throughput and peak memory of story clustering on corpora scaled up from ECB+.

The scaled corpus: replica ``r`` of the 772 ECB+ articles renames its names (capitalized
words but the most common ones) and one content word in three consistently (``Lohan``
-> ``Lohanqb``), shifts every year by ``r`` and every other figure by ``r + 1``, so each
replica tells 66 *new* events of the same 33 kinds, in much the same vocabulary as the
others (candidate generation and topic grouping have real work to do). One article in
four also comes with a near-copy (a sentence dropped, a few words changed, a footer
added) for the near-duplicate stage. Gold story of an article: its replica and event.

Each measurement runs in a fresh process on one core (peak memory = that process's
maximum resident set size):

* fingerprint path: text -> word trigrams -> MinHash -> LSH near-duplicate lookup, beside
  plain datasketch (SHA-1, a new MinHash per article, LSH query + insert);
* full path: ingest (JSON Lines) -> clean -> segment -> fingerprint -> cluster, each stage
  timed, beside the plain TF-IDF all-pairs average-link baseline where it fits in memory.

    python benchmarks/perf_cluster.py              # 10k articles, growth from 1k
    python benchmarks/perf_cluster.py --large      # also 100k (about half an hour)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, read_jsonl

ECBPLUS = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"
COPY_SHARE = 0.25
_RENAMED = re.compile(r"\b(?:[A-Z][a-z]{2,}|[a-z]{5,})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_CALENDAR = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
_FIGURE = re.compile(r"(?<![\d.,])\d{2,4}(?![\d.,]\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_FOOTER = "\n\nFollow us for more news and updates."


# --- the scaled corpus --------------------------------------------------------------------


def _suffix(replica: int) -> str:
    letters = "bcdfghjklmnpqrstvwxz"
    return "q" + letters[replica % 20] + (letters[replica // 20 % 20] if replica >= 20 else "")


def _renamer(replica: int) -> Any:
    """Replica ``replica``'s consistent rewrite of a word: capitalized words (names, but
    "The" or "But") always get the replica's suffix, and so does one content word in
    three, so that two replicas of one article are no near-copies of each other."""
    from wordfreq import zipf_frequency

    suffix = _suffix(replica)
    cache: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        word = match.group()
        if word not in cache:
            if word in _CALENDAR:
                changed = False
            elif word[0].isupper():
                changed = zipf_frequency(word.lower(), "en") < 5.5
            else:
                changed = zlib.crc32(f"{replica}:{word}".encode()) % 3 == 0
            cache[word] = word + suffix if changed else word
        return cache[word]

    return rename


def _near_copy(text: str, rng: random.Random) -> str:
    sentences = _SENTENCE_END.split(text)
    if len(sentences) > 4:
        del sentences[rng.randrange(1, len(sentences))]
    words = " ".join(sentences).split(" ")
    for _ in range(max(1, len(words) // 60)):
        position = rng.randrange(len(words))
        words[position] = words[position].upper() if rng.random() < 0.5 else words[position] + ","
    return " ".join(words) + _FOOTER


def scaled_corpus(size: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``size`` records (``id``, ``text``, ``gold``) scaled up from ECB+."""
    base = list(read_jsonl(ECBPLUS))
    rng = random.Random(seed)
    made = 0
    replica = 0
    while True:
        rename = _renamer(replica)
        years = replica % 40

        def shift(match: re.Match[str], years: int = years) -> str:
            value = int(match.group())
            return str(value + years if _YEAR.fullmatch(match.group()) else value + years + 1)

        for record in base:
            text = record["text"]
            if replica:
                text = _FIGURE.sub(shift, _RENAMED.sub(rename, text))
            gold = f"{replica}:{record['event']}"
            yield {"id": f"r{replica}-{record['id']}", "text": text, "gold": gold}
            made += 1
            if made == size:
                return
            if rng.random() < COPY_SHARE:
                yield {
                    "id": f"r{replica}-{record['id']}-copy",
                    "text": _near_copy(text, rng),
                    "gold": gold,
                }
                made += 1
                if made == size:
                    return
        replica += 1


# --- measurements (each in its own process) --------------------------------------------------


def baseline_gb(size: int) -> float:
    """Memory the all-pairs baseline needs: the n x n float64 similarity matrix, the
    distance matrix made from it and the condensed copy the linkage works on."""
    return 2.5 * 8 * size**2 / 1e9


def baseline_fits(size: int) -> bool:
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    return baseline_gb(size) < 0.5 * total


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure_fingerprint(size: int) -> dict[str, float]:
    from consilience.cluster.fingerprint import NearDuplicateIndex, signature

    texts = [r["text"] for r in scaled_corpus(size)]
    index = NearDuplicateIndex()
    copies = 0
    started = time.perf_counter()
    for number, text in enumerate(texts):
        minhash = signature(text)
        if index.match(minhash) is None:
            index.add(number, minhash)
        else:
            copies += 1
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "articles_per_s": size / elapsed,
        "copies": copies,
        "peak_mb": _peak_mb(),
    }


def measure_fingerprint_baseline(size: int) -> dict[str, float]:
    from datasketch import MinHash, MinHashLSH

    texts = [r["text"] for r in scaled_corpus(size)]
    lsh = MinHashLSH(threshold=0.7, num_perm=128)
    copies = 0
    started = time.perf_counter()
    for number, text in enumerate(texts):
        words = text.lower().split()
        grams = {" ".join(words[i : i + 3]).encode() for i in range(max(1, len(words) - 2))}
        minhash = MinHash(num_perm=128)
        minhash.update_batch(list(grams))
        if lsh.query(minhash):
            copies += 1
        lsh.insert(str(number), minhash)
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "articles_per_s": size / elapsed,
        "copies": copies,
        "peak_mb": _peak_mb(),
    }


def measure_full(size: int) -> dict[str, float]:
    from consilience.cluster import StoryClusterer
    from consilience.ingest import read_records
    from consilience.pipeline import prepare
    from consilience.records import Article
    from consilience.settings import Settings
    from eval_cluster import bcubed

    settings = Settings()
    gold: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in scaled_corpus(size):
                gold[record["id"]] = record["gold"]
                handle.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
        clusterer = StoryClusterer()
        stage = dict.fromkeys(("ingest", "clean_segment", "fingerprint", "cluster"), 0.0)
        started = time.perf_counter()

        def fingerprinted() -> Iterator[Any]:
            records = read_records(path, settings)
            while True:
                mark = time.perf_counter()
                item = next(records, None)
                stage["ingest"] += time.perf_counter() - mark
                if item is None:
                    return
                assert isinstance(item, Article)
                mark = time.perf_counter()
                prepared = prepare(item, settings)
                stage["clean_segment"] += time.perf_counter() - mark
                mark = time.perf_counter()
                result = clusterer.fingerprint(prepared)
                stage["fingerprint"] += time.perf_counter() - mark
                yield result

        mark = time.perf_counter()
        clusterer.add_fingerprinted(fingerprinted())
        # What add spent outside the reading, cleaning and fingerprinting it pulled.
        stage["cluster"] = time.perf_counter() - mark - sum(stage.values())
        stories = clusterer.stories()
        elapsed = time.perf_counter() - started
    label = {a: n for n, story in enumerate(stories) for a in story.article_ids}
    ids = sorted(gold)
    f1 = bcubed([label[i] for i in ids], [gold[i] for i in ids])[2]
    out = {
        "seconds": elapsed,
        "articles_per_s": size / elapsed,
        "nodes": float(len(clusterer.nodes)),
        "stories": float(len(stories)),
        "b3_f1": f1,
        "peak_mb": _peak_mb(),
    }
    out.update({f"{name}_s": value for name, value in stage.items()})
    return out


def measure_tfidf_baseline(size: int) -> dict[str, float]:
    from eval_cluster import average_link_labels, bcubed, plain_vectors

    records = list(scaled_corpus(size))
    started = time.perf_counter()
    labels = average_link_labels(plain_vectors([r["text"] for r in records]), 0.16)
    elapsed = time.perf_counter() - started
    f1 = bcubed(labels, [r["gold"] for r in records])[2]
    return {
        "seconds": elapsed,
        "articles_per_s": size / elapsed,
        "b3_f1": f1,
        "peak_mb": _peak_mb(),
    }


MEASURES = {
    "fingerprint": measure_fingerprint,
    "fingerprint_baseline": measure_fingerprint_baseline,
    "full": measure_full,
    "tfidf_baseline": measure_tfidf_baseline,
}


def child(name: str, size: int) -> dict[str, float]:
    """Run one measurement in a fresh single-threaded process."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    result = subprocess.run(
        [sys.executable, __file__, "--child", name, str(size)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{name} at {size} failed:\n{result.stderr}")
    values: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


# --- report ---------------------------------------------------------------------------------


def _row(label: str, values: dict[str, float], note: str = "") -> str:
    return (
        f"  {label:36} {values['articles_per_s']:7.0f} articles/s {values['seconds']:8.1f}s "
        f"{values['peak_mb']:7.0f} MB peak" + (f"   {note}" if note else "")
    )


def _slope(points: list[tuple[int, float]]) -> float:
    """Exponent k of time ~ size^k between the smallest and largest sizes."""
    (n0, t0), (n1, t1) = points[0], points[-1]
    return math.log(t1 / t0) / math.log(n1 / n0)


def _own_seconds(full: dict[str, float]) -> float:
    """The clustering's own cost: fingerprint and cluster stages (ingest, clean and
    segment are the pipeline's, shared with `consilience analyze`)."""
    return full["fingerprint_s"] + full["cluster_s"]


def report(main_size: int, growth: list[int]) -> None:
    print(f"Fingerprint path at {main_size:,} articles (one core):")
    ours = child("fingerprint", main_size)
    base = child("fingerprint_baseline", main_size)
    print(_row("consilience (CRC-32 trigrams)", ours, f"{ours['copies']:.0f} near-copies"))
    print(_row("plain datasketch MinHash + LSH", base, f"{base['copies']:.0f} near-copies"))
    print(f"  ratio consilience / baseline: {ours['articles_per_s'] / base['articles_per_s']:.2f}x")

    fulls = {size: child("full", size) for size in growth}
    baselines = {size: child("tfidf_baseline", size) for size in growth if baseline_fits(size)}
    full = fulls[main_size]
    own = _own_seconds(full)
    print(f"\nFull path ingest -> clean -> segment -> fingerprint -> cluster at {main_size:,}:")
    print(_row("consilience", full, f"B-cubed F1 {full['b3_f1']:.3f}"))
    stages = ", ".join(
        f"{name} {full[f'{name}_s']:.1f}s"
        for name in ("ingest", "clean_segment", "fingerprint", "cluster")
    )
    print(f"    stages: {stages}")
    print(f"    fingerprint + cluster alone: {main_size / own:.0f} articles/s")
    if main_size in baselines:
        tfidf = baselines[main_size]
        print(_row("TF-IDF all-pairs average link", tfidf, f"B-cubed F1 {tfidf['b3_f1']:.3f}"))
        print(
            f"  ratio consilience / baseline: full path "
            f"{full['articles_per_s'] / tfidf['articles_per_s']:.2f}x, fingerprint + cluster "
            f"{main_size / own / tfidf['articles_per_s']:.2f}x"
        )
    else:
        print(f"  TF-IDF all-pairs average link: not run, needs ~{baseline_gb(main_size):.0f} GB")

    print("\nGrowth with corpus size (seconds, peak memory, B-cubed F1 on the scaled corpus):")
    header = ("articles", "full path", "fingerprint+cluster", "TF-IDF all pairs")
    print(f"  {header[0]:>9} {header[1]:>23} {header[2]:>20} {header[3]:>26}")
    for size in growth:
        values = fulls[size]
        line = (
            f"  {size:>9,} {values['seconds']:7.1f}s {values['peak_mb']:6.0f} MB "
            f"F1 {values['b3_f1']:.3f} {_own_seconds(values):10.1f}s       "
        )
        if size in baselines:
            base = baselines[size]
            line += f"{base['seconds']:7.1f}s {base['peak_mb']:6.0f} MB F1 {base['b3_f1']:.3f}"
        else:
            line += f"  not run (needs ~{baseline_gb(size):.0f} GB)"
        print(line)
    if len(growth) > 1:
        slopes = [
            f"full path {_slope([(n, fulls[n]['seconds']) for n in growth]):.2f}",
            f"fingerprint+cluster {_slope([(n, _own_seconds(fulls[n])) for n in growth]):.2f}",
        ]
        if len(baselines) > 1:
            slopes.append(
                f"TF-IDF all pairs {_slope([(n, b['seconds']) for n, b in baselines.items()]):.2f}"
            )
        print(f"  time ~ size^k: {', '.join(slopes)} (k = 1 is linear, 2 is all pairs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true", help="also run 100,000 articles")
    parser.add_argument("--size", type=int, default=10_000, help="main corpus size")
    parser.add_argument("--child", nargs=2, metavar=("MEASURE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, size = args.child
        print(json.dumps(MEASURES[name](int(size))))
        return
    size = args.size
    growth = sorted({size // 10, size // 4, size // 2, size} | ({100_000} if args.large else set()))
    report(size, growth)


if __name__ == "__main__":
    main()
