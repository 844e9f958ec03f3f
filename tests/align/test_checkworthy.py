from __future__ import annotations

from typing import Any

import pytest

from consilience.align.checkworthy import checkworthiness
from tests.conftest import load_cases

THRESHOLD = 0.45


@pytest.mark.parametrize("case", load_cases("checkworthy_cases.json"))
def test_checkworthiness(case: dict[str, Any]) -> None:
    result = checkworthiness(case["text"])
    assert (result.score >= THRESHOLD) is case["worthy"], result


def test_opinion_inside_a_quote_is_the_speaker_s_not_the_article_s() -> None:
    quoted = checkworthiness('"This is a shameful decision," said Senator Ana Ruiz on Friday.')
    assert "opinion" not in quoted.reasons
