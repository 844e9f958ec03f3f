from __future__ import annotations

from typing import Any

import pytest

from consilience.judge.negation import polarity_clash
from tests.conftest import load_cases


@pytest.mark.parametrize("case", load_cases("negation_cases.json"))
def test_polarity_clash(case: dict[str, Any]) -> None:
    clash = polarity_clash(case["negative"], case["positive"])
    assert (clash.predicate if clash else None) == case["predicate"]
    if clash:
        assert clash.negated_phrase.split()[-1].lower().startswith(clash.predicate[:4])


def test_two_negative_sentences_do_not_clash() -> None:
    assert polarity_clash("No one was hurt.", "Nobody was hurt and no one was arrested.") is None
