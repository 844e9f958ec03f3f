from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from consilience import Settings
from consilience.ingest import read_inputs
from consilience.pipeline import prepare
from consilience.records import PreparedArticle

DATA = Path(__file__).parent / "data"
SAMPLE_STORY = DATA / "stories" / "venezuela-dock-strike"
SHARED = Path(__file__).resolve().parents[2] / "shared"

_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """The tests (and the processes they start) keep the English word cache in a
    directory of their own, not in the user's cache directory."""
    if "CONSILIENCE_CACHE_DIR" not in os.environ:
        _OWN_CACHE.append(tempfile.mkdtemp(prefix="consilience-test-cache-"))
        os.environ["CONSILIENCE_CACHE_DIR"] = _OWN_CACHE[0]


def pytest_unconfigure(config: pytest.Config) -> None:
    for directory in _OWN_CACHE:
        shutil.rmtree(directory, ignore_errors=True)


def load_cases(name: str, *, key: str | None = None) -> list[Any]:
    """Table-driven cases from ``tests/data/<name>.json`` (under ``key`` when the file
    is an object with a note beside its cases)."""
    with (DATA / name).open(encoding="utf-8") as fh:
        loaded = json.load(fh)
    cases: list[Any] = loaded[key] if key is not None else loaded
    return cases


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def sample_prepared(settings: Settings) -> dict[str, PreparedArticle]:
    """The sample story, cleaned and segmented, by file name."""
    batch = read_inputs([str(SAMPLE_STORY)], settings)
    assert not batch.problems
    return {Path(a.source).name: prepare(a, settings) for a in batch.articles}
