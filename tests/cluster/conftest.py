from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from consilience import Settings
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.records import PreparedArticle

EVENTS = Path(__file__).resolve().parents[1] / "data" / "cluster" / "events.jsonl"


def event_records() -> list[dict[str, Any]]:
    with EVENTS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def events() -> list[tuple[PreparedArticle, str]]:
    """The hand-written event set, cleaned and segmented, with each article's event."""
    settings = Settings()
    out = []
    for record in event_records():
        article = article_from_text(
            record["text"], f"events.jsonl:{record['id']}", external_id=record["id"], reader="json"
        )
        out.append((prepare(article, settings), record["event"]))
    return out
