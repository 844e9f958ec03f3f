"""The per-article stages on a pool of processes give the very dossier one process gives:
the same claims, conflicts, entities and signals, and the same problems, in the same
order, when an article fails at one stage or another."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from consilience import Settings, pipeline
from consilience.extract import story as story_module
from consilience.ingest import read_inputs
from consilience.records import Article
from tests.conftest import SAMPLE_STORY, SHARED

PIRATES = SHARED / "bench" / "corroboration" / "12_ecb-navy-captures-pirates" / "articles.jsonl"
SETTINGS = Settings(ner="classical", embedder="lexical")


def _dossiers(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The dossier of the story in ``path`` in one process and on two."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 2)
    batch = read_inputs([str(path)], SETTINGS)
    assert len(batch.articles) >= 2
    one = pipeline.analyze_articles(batch.articles, SETTINGS, jobs=1)
    two = pipeline.analyze_articles(batch.articles, SETTINGS, jobs=2)
    return one.model_dump(exclude={"generated_at"}), two.model_dump(exclude={"generated_at"})


def test_the_sample_story_on_two_processes_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = _dossiers(SAMPLE_STORY, monkeypatch)
    assert one["claims"] and one["articles"]
    assert two == one


def test_a_real_story_on_two_processes_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    if not PIRATES.exists():
        pytest.skip(f"{PIRATES} is not there (../shared beside the repo)")
    one, two = _dossiers(PIRATES, monkeypatch)
    assert one["conflicts"] and one["provenance"]
    assert two == one


def _failing_on(name: str, real: Callable[..., Any], article_id: str) -> Callable[..., Any]:
    def wrapper(first: Any, *args: Any, **kwargs: Any) -> Any:
        article = first if isinstance(first, Article) else first.article
        if article.id == article_id:
            raise RuntimeError(f"{name} broke")
        return real(first, *args, **kwargs)

    return wrapper


def test_failures_are_reported_alike_on_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles that fail cleaning, extraction or signals are named in the same order (each
    stage's failures together, as one process reports them), and the story goes on."""
    monkeypatch.setattr(pipeline, "prepare", _failing_on("clean", pipeline.prepare, "a4"))
    broken_extract = _failing_on("extract", story_module.extract_article, "a2")
    monkeypatch.setattr(story_module, "extract_article", broken_extract)
    monkeypatch.setattr(pipeline, "extract_article", broken_extract)
    monkeypatch.setattr(
        pipeline, "article_signals", _failing_on("signals", pipeline.article_signals, "a1")
    )
    one, two = _dossiers(SAMPLE_STORY, monkeypatch)
    reasons = [(s["source"].rsplit("/", 1)[-1], s["reason"]) for s in one["skipped"]]
    assert [r.split(":")[0] for _, r in reasons] == [
        "clean/segment failed",
        "extract failed",
        "signals failed",
    ]
    assert two == one
