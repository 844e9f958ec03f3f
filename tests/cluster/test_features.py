"""Event features: names, dates, figures and terms, table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from consilience import Settings
from consilience.cluster.features import (
    EventFeatures,
    blocking_keys,
    extract_features,
    topic_vector,
)
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.records import EntityMention, PreparedArticle
from tests.conftest import load_cases

CASES = load_cases("cluster/features.json")


def _features(text: str, published: str | None = None) -> EventFeatures:
    article = article_from_text(text, "case.txt", published=published, reader="json")
    return extract_features(prepare(article, Settings()))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_feature_cases(case: dict[str, Any]) -> None:
    features = _features(case["text"], case.get("published"))
    for field, present, absent in (
        (features.names, "names", "not_names"),
        (features.dates, "dates", "not_dates"),
        (features.numbers, "numbers", "not_numbers"),
        (features.terms, "terms", "not_terms"),
    ):
        for key in case.get(present, []):
            assert key in field, f"{key!r} missing from {sorted(field)}"
        for key in case.get(absent, []):
            assert key not in field, f"{key!r} unexpected in {sorted(field)}"
    for key, form in case.get("forms", {}).items():
        assert features.forms[key] == form


def test_lead_mentions_weigh_more_than_late_ones() -> None:
    features = _features(
        "Vinar survives two nights on the ridge\n\nVinar was found on Sunday. "
        "Rescuers spoke to reporters.\n\nHelicopters flew at dawn.\n\nA doctor examined him. "
        "The hut was empty.\n\nLater, Kessler thanked the rescuers."
    )
    assert features.names["vinar"] > features.names["kessler"] > 0


def test_another_name_finder_can_be_swapped_in() -> None:
    def one_name(prepared: PreparedArticle) -> list[EntityMention]:
        sentence = prepared.sentences[0]
        start = prepared.article.text.index("harbour")
        return [EntityMention(prepared.id, sentence.index, start, start + 7, "harbour", "place")]

    article = article_from_text("The harbour of Gdansk reopened on Tuesday.", "x.txt")
    features = extract_features(prepare(article, Settings()), one_name)
    assert set(features.names) == {"harbour"}
    assert "gdansk" in features.terms  # not a name for this finder: a plain word


def test_vectors_and_keys_are_derived_from_the_features() -> None:
    features = _features(
        "Daniel Okafor was arrested in Leeds on August 14, 2016, police said. "
        "Okafor, 24, was stopped on the A64 at 2:30 a.m."
    )
    vector = topic_vector(features, name_share=0.5)
    names = sum(v * v for k, v in vector.items() if k.startswith("n:"))
    terms = sum(v * v for k, v in vector.items() if k.startswith("t:"))
    assert names == pytest.approx(0.5) and terms == pytest.approx(0.5)
    keys = blocking_keys(features, 5)
    assert len(keys) == 5 and "n:okafor" in keys
    assert features.dates["ym:2016-08"] > 0 and features.numbers["24"] > 0
    assert features.dated == "2016-08-14"
    assert any(k.startswith("n:") and "okafor" in k for k in features.lead)
