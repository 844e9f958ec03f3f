"""Decisions every report format shares: word diffs, value groups, coverage, dates."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consilience.dossier import Dossier
from consilience.report import view
from tests.conftest import load_cases

WORDS = st.lists(
    st.sampled_from(["the", "fire", "is", "out", ",", ".", "Fire", "it's", "it’s", "🔥", "\ud800"]),
    max_size=12,
)
GAPS = st.sampled_from([" ", "  ", "\n", ""])


@pytest.mark.parametrize("case", load_cases("report/word_diff_cases.json"), ids=lambda c: c["why"])
def test_word_diff(case: dict[str, Any]) -> None:
    pieces = view.word_diff(case["reference"], case["variant"])
    assert [list(p) for p in pieces] == case["pieces"]


@given(WORDS, WORDS, GAPS)
def test_word_diff_keeps_the_variant_exact(
    reference: list[str], variant: list[str], gap: str
) -> None:
    ref_text, var_text = " ".join(reference), gap.join(variant)
    pieces = view.word_diff(ref_text, var_text)
    assert "".join(text for op, text in pieces if op != "del") == view.clean(var_text)
    shown = " ".join(text for op, text in pieces if op != "ins")
    # every word of the reference is shown, kept or struck, in order

    def keys(text: str) -> list[str]:
        return [w.casefold().replace("’", "'") for w in view._TOKEN.findall(text)]

    assert keys(shown) == keys(view.clean(ref_text))


def test_lone_surrogates_become_replacement_characters() -> None:
    assert view.clean("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert view.clean("🔥") == "🔥"


def test_value_groups_count_origins_not_copies(full_dossier: Dossier) -> None:
    by_id = view.sources(full_dossier)
    (number,) = [c for c in full_dossier.conflicts if c.kind == "number"]
    groups = view.value_groups(number, by_id)
    assert [(g.value, g.article_ids, g.origins) for g in groups] == [
        ("2", ["a1", "a2", "a3"], 2),  # a3 copies a1: three articles, two origins
        ("3", ["a5"], 1),
    ]


def test_marked_side_highlights_the_value_or_the_differing_words(full_dossier: Dossier) -> None:
    conflicts = {c.kind: c for c in full_dossier.conflicts}
    title = conflicts["title"]
    assert view.marked_side(title.sides[2], title.sides[:2]) == [
        ("Deputy fire chief", True),
        (" Marta Okafor", False),
    ]
    date = conflicts["date"]  # an ISO value not in the text: nothing in the text is marked
    assert view.marked_side(date.sides[2], date.sides[:2]) == [
        ("broke out early on Wednesday", False)
    ]
    negation = conflicts["negation"]
    marked = [
        t for t, differs in view.marked_side(negation.sides[1], negation.sides[:1]) if differs
    ]
    assert marked == ["The company did not rule out that", "released"]


def test_coverage_of_the_full_dossier_and_of_articles_only(
    full_dossier: Dossier, articles_only: Dossier
) -> None:
    assert view.not_computed(view.coverage(full_dossier)) == []
    assert view.not_computed(view.coverage(articles_only)) == [
        "the story in brief",
        "claims",
        "conflicts",
        "quotes, timeline and entities",
        "provenance",
    ]


def test_recorded_stages_override_inference(articles_only: Dossier) -> None:
    ran = articles_only.model_copy(
        update={"settings": {"stages": ["clean", "extract", "align", "judge", "provenance"]}}
    )
    assert view.not_computed(view.coverage(ran)) == []


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2026-03-03", "day", "3 Mar 2026"),
        ("2026-03", "month", "March 2026"),
        ("2026-03-03", "month", "March 2026"),
        ("2024", "year", "2024"),
        ("2026-03-01/2026-03-05", "range", "2026-03-01/2026-03-05"),
        ("2026-02-30", "day", "2026-02-30"),
        ("2026-03-03T10:00:00+01:00", "day", "3 Mar 2026"),
    ],
)
def test_format_date(value: str, precision: str, expected: str) -> None:
    assert view.format_date(value, precision) == expected


def test_origin_letters() -> None:
    assert [view.origin_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_two_articles_of_one_outlet_keep_their_ids(full_dossier: Dossier) -> None:
    twin = full_dossier.articles[1].model_copy(update={"id": "a6"})
    names = view.sources(
        full_dossier.model_copy(update={"articles": [*full_dossier.articles, twin]})
    )
    assert names["a2"].name == "Harbour Wire (a2)" and names["a6"].name == "Harbour Wire (a6)"
    assert names["a1"].name == "Coastal Courier"
