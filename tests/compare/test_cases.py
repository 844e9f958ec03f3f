"""Verdicts on hand-written original/derived pairs (tests/data/compare/cases.json): changed
dates, numbers, names, titles, negations and quotes; additions; supported paraphrases."""

from __future__ import annotations

from typing import Any

import pytest

from consilience.compare import Comparison, compare_texts
from consilience.compare.render import render
from consilience.ingest import article_from_text
from tests.conftest import load_cases

CASES = load_cases("compare/cases.json")


def _compare(case: dict[str, Any]) -> Comparison:
    original = article_from_text(case["original"], "original.txt", detect_headline=False)
    derived = article_from_text(case["derived"], "derived.txt", detect_headline=False)
    return compare_texts(original, derived)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    comparison = _compare(case)
    got = [(s.verdict, s.conflicts[0].kind if s.conflicts else None) for s in comparison.sentences]
    want = [(s["verdict"], s.get("conflict")) for s in case["sentences"]]
    assert got == want
    assert comparison.consistent is case["consistent"]
    counts = comparison.counts
    assert counts.supported + counts.conflicting + counts.not_in_original == len(want)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if any("conflict" in s for s in c["sentences"])],
    ids=lambda c: c["name"],
)
def test_conflicts_quote_both_sides(case: dict[str, Any]) -> None:
    comparison = _compare(case)
    for sentence in comparison.sentences:
        for conflict in sentence.conflicts:
            assert conflict.derived.article_id == "derived"
            assert conflict.original.article_id == "original"
            derived, original = conflict.derived, conflict.original
            assert comparison.derived.text[derived.start : derived.end] == derived.text
            assert comparison.original.text[original.start : original.end] == original.text
            # the derived side lies in its sentence, and the two sides differ
            assert sentence.start <= derived.start and derived.end <= sentence.end
            assert (derived.value or derived.text) != (original.value or original.text)


def test_supported_sentences_point_at_their_passage() -> None:
    case = next(c for c in CASES if c["name"] == "summary_two_sentences")
    comparison = _compare(case)
    for sentence in comparison.sentences:
        best = sentence.passages[0]
        assert best.copied_words >= 5
        assert comparison.original.text[best.start : best.end] == best.text


def test_date_conflict_gives_both_values() -> None:
    case = next(c for c in CASES if c["name"] == "changed_date")
    conflict = _compare(case).sentences[0].conflicts[0]
    assert (conflict.derived.value, conflict.original.value) == ("2021-03-05", "2021-03-03")
    assert conflict.derived.text == "March 5, 2021"


def test_added_claim_names_the_novel_phrase() -> None:
    case = next(c for c in CASES if c["name"] == "partial_support_added_figure")
    sentence = _compare(case).sentences[0]
    assert any("900" in p.text for p in sentence.novel_phrases)
    # the rest of the sentence is still shown with its support
    assert "harbour bridge" in sentence.passages[0].text


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_verdicts_agree_with_their_notes(case: dict[str, Any]) -> None:
    """A sentence the view notes an unsupported detail or a conflict for is never
    "supported"; a "conflicting" one names its conflict."""
    for sentence in _compare(case).sentences:
        if sentence.novel_phrases or sentence.conflicts:
            assert sentence.verdict != "supported", sentence.text
        if sentence.verdict == "conflicting":
            assert sentence.conflicts, sentence.text


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_unsupported_verdict_shows_its_reason(case: dict[str, Any]) -> None:
    notes = render(_compare(case), "md").split("\n## ")[1:]
    for section in notes:
        if ". supported (" in section.splitlines()[0]:
            continue
        assert any(
            cue in section for cue in ("**Conflict**", "Not in the original:", "Not supported:")
        ), section
