"""Clusters and corpora for the Dask engine's tests.

The clusters are started by the tests themselves, on this machine: one of threads in
this process (fast, shared by most tests) and one of two worker processes (the real
thing: pickling, a worker that can be killed).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cluster.conftest import EVENTS
from tests.conftest import SHARED

pytest.importorskip("distributed")

from distributed import Client

from consilience.engines.dask.runtime import connect

ECBPLUS = SHARED / "bench" / "ecbplus" / "articles-topics-1-35.jsonl"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@pytest.fixture(scope="session")
def thread_client() -> Iterator[Client]:
    """Two single-thread workers in this process."""
    with connect(workers=2, processes=False, dashboard=False, quiet=True) as client:
        yield client


@pytest.fixture(scope="module")
def process_client() -> Iterator[Client]:
    """Two worker processes on 127.0.0.1, as `--engine dask` starts them."""
    with connect(workers=2, processes=True, dashboard=False, quiet=True) as client:
        yield client


def _near_copy(text: str, rng: random.Random) -> str:
    sentences = _SENTENCE_END.split(text)
    if len(sentences) > 3:
        del sentences[rng.randrange(1, len(sentences))]
    return " ".join(sentences) + "\n\nFollow us for more news."


def _write(path: Path, records: list[dict[str, Any]], extra_lines: dict[int, str]) -> Path:
    lines = [json.dumps(record) for record in records]
    for position, line in sorted(extra_lines.items()):
        lines.insert(position, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def ecb_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """160 ECB+ articles of all 35 topics, with what makes clustering hard to spread:
    exact copies (one signature several times), near-copies, a repeated id, records
    without an id (named by their line), a malformed line and blank lines."""
    if not ECBPLUS.exists():
        pytest.skip(f"benchmark data missing: {ECBPLUS}")
    with ECBPLUS.open(encoding="utf-8") as handle:
        base = [json.loads(line) for line in handle if line.strip()]
    rng = random.Random(12)
    records: list[dict[str, Any]] = []
    for record in base[::5][:160]:
        records.append({"id": record["id"], "text": record["text"]})
        if rng.random() < 0.08:
            records.append({"id": record["id"] + "-same", "text": record["text"]})
        elif rng.random() < 0.08:
            records.append({"id": record["id"] + "-near", "text": _near_copy(record["text"], rng)})
    records[40] = {"text": records[40]["text"]}  # named by its file and line
    records.append({"id": records[10]["id"], "text": "A second record with a known id."})
    extra = {25: "", 90: '{"id": "broken", "text": ', 91: "   "}
    return _write(tmp_path_factory.mktemp("ecb") / "ecb.jsonl", records, extra)


@pytest.fixture(scope="session")
def events_path() -> Path:
    return EVENTS
