"""On the sample story every junk element a careful reader would mark is found, and none
of the real content is marked as junk."""

from __future__ import annotations

import json
import re

import pytest

from consilience.records import PreparedArticle
from tests.conftest import DATA

EXPECTED = json.loads((DATA / "sample_story_junk.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "kind", "snippet"), EXPECTED["must_mark"])
def test_junk_is_marked(
    sample_prepared: dict[str, PreparedArticle], name: str, kind: str, snippet: str
) -> None:
    prepared = sample_prepared[name]
    text = prepared.article.text
    occurrences = [m.start() for m in re.finditer(re.escape(snippet), text)]
    assert occurrences, f"{snippet!r} is not in {name}"
    assert any(
        a.kind == kind and a.start <= where and where + len(snippet) <= a.end
        for a in prepared.artifacts
        for where in occurrences
    ), f"{kind} not marked around {snippet!r}: {prepared.artifacts}"


@pytest.mark.parametrize(("name", "kind", "count"), EXPECTED["must_count"])
def test_junk_counts(
    sample_prepared: dict[str, PreparedArticle], name: str, kind: str, count: int
) -> None:
    assert sum(a.kind == kind for a in sample_prepared[name].artifacts) == count


@pytest.mark.parametrize(("name", "snippet"), EXPECTED["real_content"])
def test_real_content_stays_evidence(
    sample_prepared: dict[str, PreparedArticle], name: str, snippet: str
) -> None:
    prepared = sample_prepared[name]
    start = prepared.article.text.index(snippet)
    end = start + len(snippet)
    for artifact in prepared.artifacts:
        if artifact.kind in ("garbled",):
            continue
        assert not (artifact.start < end and start < artifact.end), (
            f"real content {snippet!r} marked as {artifact.kind}"
        )
    sentences = [s for s in prepared.sentences if s.start < end and start < s.end]
    assert sentences and all(s.is_evidence for s in sentences)


def test_no_artifact_anywhere_beyond_the_expected_kinds(
    sample_prepared: dict[str, PreparedArticle],
) -> None:
    expected = {(name, kind) for name, kind, _ in EXPECTED["must_mark"]}
    found = {(name, a.kind) for name, p in sample_prepared.items() for a in p.artifacts}
    assert found <= expected, f"unexpected artifact kinds: {found - expected}"


def test_headlines_are_read(sample_prepared: dict[str, PreparedArticle]) -> None:
    titles = {name: p.article.title for name, p in sample_prepared.items()}
    assert titles["001_aa2545dd01555be1.txt"] == (
        "Exclusive: CIA Conducts Drone Strike Near Venezuelan Port"
    )
    # A "Key Takeaways" label and a dateline sentence are not headlines.
    assert titles["003_f379120ff5915ea5.txt"] is None
    assert titles["004_22c6b51998e0793d.txt"] is None


def test_dateline_gives_the_date(sample_prepared: dict[str, PreparedArticle]) -> None:
    article = sample_prepared["004_22c6b51998e0793d.txt"].article
    assert article.published == "2025-12-31"
    assert article.place == "Washington, DC"
