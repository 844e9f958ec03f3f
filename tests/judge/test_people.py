"""Conflicts about people (ranks, titles, given names, spellings) on small stories written
for each rule (tests/data/judge/people_conflict_cases.json), through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest

from consilience.judge.people import is_nickname_pair
from tests.conftest import load_cases
from tests.judge.story_cases import check_conflicts, story_dossier

CASES = load_cases("judge/people_conflict_cases.json", key="cases")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_people_conflict_case(case: dict[str, Any]) -> None:
    check_conflicts(story_dossier(case["articles"]), case, {"title", "name", "entity_spelling"})


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [("bill", "william", True), ("dave", "david", True), ("dale", "david", False)],
)
def test_nickname_pairs(x: str, y: str, same: bool) -> None:
    assert is_nickname_pair(x, y) is same
