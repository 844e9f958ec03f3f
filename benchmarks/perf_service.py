"""The service's speed on a local feed (127.0.0.1), beside plain ``consilience analyze``.

* **ingest throughput**: articles per second from a feed into the store, fetched over
  HTTP, stored, clustered and every story analyzed (``add FEED``); baseline: the same
  stories analyzed with the library from files already on disk (no fetch, no store, no
  clustering: what ``consilience analyze`` does once per story folder).
* **freshness**: seconds from a new article appearing in the feed to its story's new
  dossier version (one ``watch`` round); baseline: ``analyze`` of that story's files.

The articles are the first N of ECB+ (``../shared/bench/ecbplus``) served as HTML pages.

    python benchmarks/perf_service.py            # 60 articles
    python benchmarks/perf_service.py -n 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from benchmarks.common import BENCH, read_jsonl  # noqa: E402
from tests.service.newsroom import Newsroom, article_page, serve  # noqa: E402

from consilience import Settings, analyze  # noqa: E402
from consilience.service.fetch import AddressPolicy, Fetcher, FetchSettings  # noqa: E402
from consilience.service.intake import add_inputs  # noqa: E402
from consilience.service.store import open_store  # noqa: E402
from consilience.service.store.repository import list_stories, story_articles  # noqa: E402
from consilience.service.update import refresh  # noqa: E402
from consilience.service.watch import watch_round  # noqa: E402

ECB = BENCH / "ecbplus" / "articles-topics-1-35.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--articles", type=int, default=60)
    args = parser.parse_args()
    records = list(read_jsonl(ECB))[: args.articles + 1]
    # The article that arrives later belongs to the biggest event: a story grows.
    biggest = Counter(r["event"] for r in records).most_common(1)[0][0]
    held_back = next(r for r in reversed(records) if r["event"] == biggest)
    records.remove(held_back)
    room = Newsroom()
    with tempfile.TemporaryDirectory(prefix="consilience-perf-") as tmp, serve(room) as base:
        folder = Path(tmp)
        files: dict[str, Path] = {}
        for record in [*records, held_back]:
            title, _, body = record["text"].partition("\n")
            page = article_page(
                title, body, outlet=f"Outlet {record['topic']}", published="2025-12-30"
            )
            path = f"/news/{record['id']}.html"
            room.add_page(path, page, title=title)
            files[base + path] = folder / f"{record['id']}.html"
            files[base + path].write_text(page, encoding="utf-8")
        for record in records:
            room.publish("/feed.xml", f"/news/{record['id']}.html")
        settings = Settings()
        analyze([files[base + f"/news/{records[0]['id']}.html"]], settings)  # warm caches
        fetch = FetchSettings(delay=0.0, policy=AddressPolicy(allow_private=True))
        store = open_store(folder / "store.sqlite")
        with Fetcher(fetch) as fetcher:
            started = time.perf_counter()
            intake = add_inputs(store, [base + "/feed.xml"], settings, fetcher=fetcher)
            fetched = time.perf_counter()
            made = refresh(store, settings)
            done = time.perf_counter()
            stories = [s for s in list_stories(store, limit=10_000) if s.latest_version]
            groups = [[files[a.location] for a in story_articles(store, s.id)] for s in stories]
            baseline_start = time.perf_counter()
            for group in groups:
                analyze(group, settings)
            baseline = time.perf_counter() - baseline_start

            room.publish("/feed.xml", f"/news/{held_back['id']}.html")
            fresh_start = time.perf_counter()
            result = watch_round(store, fetcher, settings, every=dt.timedelta(0), force=True)
            freshness = time.perf_counter() - fresh_start
            [version] = list(result.versions)
            story_files = [files[a.location] for a in story_articles(store, version.story_id)]
            one_start = time.perf_counter()
            analyze(story_files, settings)
            one = time.perf_counter() - one_start
        store.close()

    count = len(intake.added)
    total = done - started
    print(f"\nservice on a local feed: {count} ECB+ articles, {len(made)} stories analyzed")
    print(f"{'':34}{'service':>12}{'analyze (baseline)':>22}")
    print(
        f"{'ingest, articles/s':34}{count / total:12.1f}{count / baseline:22.1f}"
        f"   (service: fetch+store {fetched - started:.1f} s, cluster+analyze {done - fetched:.1f} s)"
    )
    print(
        f"{'new article -> new version, s':34}{freshness:12.2f}{one:22.2f}"
        f"   (story of {version.articles} articles)"
    )


if __name__ == "__main__":
    main()
