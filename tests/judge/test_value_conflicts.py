"""Value conflicts checked against their referent, on small stories written for each rule
(tests/data/judge/value_conflict_cases.json), through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import load_cases
from tests.judge.story_cases import check_conflicts, story_dossier

CASES = load_cases("judge/value_conflict_cases.json", key="cases")
_VALUE_KINDS = {"number", "date", "duration", "direction", "update", "claim"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_value_conflict_case(case: dict[str, Any]) -> None:
    dossier = story_dossier(case["articles"], case.get("published"))
    check_conflicts(dossier, case, _VALUE_KINDS)
