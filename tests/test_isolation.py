"""A bug in any per-article stage costs that article, never the story: the others are
analyzed, the failed one is named in the dossier's ``skipped`` and in one stderr line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from consilience import Settings
from consilience.cli import app
from consilience.ingest import article_from_text, read_inputs
from consilience.pipeline import analyze_articles
from tests.conftest import SAMPLE_STORY

POISON = "POISONED-ARTICLE"
BODY = "Dock workers in Puerto Cabello went on strike on Monday, the port authority said. "


def _failing(original: Callable[..., Any]) -> Callable[..., Any]:
    """``original``, raising for any call that involves the poisoned article."""

    def stage(*args: Any, **kwargs: Any) -> Any:
        if POISON in repr(args)[:100_000]:
            raise RuntimeError("injected failure")
        return original(*args, **kwargs)

    return stage


# (stage, module, attribute): every per-article stage, as the pipeline calls it
STAGES = [
    ("read", "consilience.ingest", "decode_bytes"),
    ("clean/segment", "consilience.clean", "clean"),
    ("clean/segment", "consilience.segment", "segment"),
    ("extract", "consilience.extract.story", "extract_article"),
    ("signals", "consilience.pipeline", "article_signals"),
]


@pytest.mark.parametrize(("stage", "module", "name"), STAGES, ids=[s[2] for s in STAGES])
def test_a_failing_stage_costs_one_article(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, stage: str, module: str, name: str
) -> None:
    target = __import__(module, fromlist=[name])
    monkeypatch.setattr(target, name, _failing(getattr(target, name)))
    for path in sorted(SAMPLE_STORY.glob("*.txt"))[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "poisoned.txt").write_text(f"{POISON} {BODY}" * 3, encoding="utf-8")
    batch = read_inputs([str(tmp_path)], Settings())
    dossier = analyze_articles(batch.articles, Settings(), problems=batch.problems)
    (skipped,) = dossier.skipped
    assert skipped.source.endswith("poisoned.txt")
    assert "RuntimeError: injected failure" in skipped.reason and "bug" in skipped.reason
    kept = 4 if stage == "signals" else 3  # failed signals leave the article's other results
    assert len(dossier.articles) == kept
    assert dossier.claims, "the rest of the story is analyzed"


def test_the_cli_names_the_failed_article_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from consilience.extract import story

    monkeypatch.setattr(story, "extract_article", _failing(story.extract_article))
    (tmp_path / "poisoned.txt").write_text(f"{POISON} {BODY}", encoding="utf-8")
    good = SAMPLE_STORY / "000_672ce715bc024242.txt"
    result = CliRunner().invoke(app, ["analyze", str(good), str(tmp_path / "poisoned.txt")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"consilience: skipped {tmp_path / 'poisoned.txt'}: extract failed: RuntimeError: "
        "injected failure (a bug in consilience: please report it)"
    ]
    assert '"id": "a1"' in result.stdout


def test_articles_past_the_story_limits_are_named_not_read(tmp_path: Path) -> None:
    for number in range(4):
        (tmp_path / f"{number}.txt").write_text(f"Story {number}. {BODY}", encoding="utf-8")
    batch = read_inputs([str(tmp_path)], Settings(max_story_articles=2))
    assert len(batch.articles) == 2
    assert [p.reason for p in batch.problems] == [
        "over the story limit of 2 articles (raise --max-articles)",
        "not read: over the story limit of 2 articles (raise --max-articles)",
    ]
    batch = read_inputs([str(tmp_path)], Settings(max_story_chars=250))
    assert len(batch.articles) == 2 and len(batch.problems) == 2
    assert "250 characters" in batch.problems[0].reason
    unlimited = read_inputs([str(tmp_path)], Settings(max_story_articles=2), story=False)
    assert len(unlimited.articles) == 4 and not unlimited.problems


def test_the_library_applies_the_story_limits_too() -> None:
    articles = [article_from_text(f"Story {n}. {BODY}", f"s{n}.txt") for n in range(3)]
    dossier = analyze_articles(articles, Settings(max_story_articles=2))
    assert len(dossier.articles) == 2
    assert [s.source for s in dossier.skipped] == ["s2.txt"]
