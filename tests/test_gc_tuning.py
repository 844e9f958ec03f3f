"""The analysis runs with fewer garbage-collector passes and leaves the process as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from consilience import pipeline
from consilience.gc_tuning import BATCH_THRESHOLDS, fewer_collections


@pytest.fixture(autouse=True)
def _restore_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    gc.set_threshold(700, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == BATCH_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_are_restored_when_the_block_raises() -> None:
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a stage failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_higher_thresholds_are_never_lowered() -> None:
    gc.set_threshold(100_000, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == (100_000, 10, 10)


def test_the_stages_run_under_the_batch_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.set_threshold(700, 10, 10)
    seen: list[tuple[int, int, int]] = []
    real = pipeline.align_claims

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "align_claims", spy)
    from consilience import Article, Settings

    articles = [
        Article(
            id=f"a{i}",
            source=f"a{i}.txt",
            text="Rescuers pulled 12 miners from the flooded shaft on Monday.",
        )
        for i in range(2)
    ]
    pipeline.analyze_story(articles, Settings(ner="classical", embedder="lexical"))
    assert seen == [BATCH_THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)
