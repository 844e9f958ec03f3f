"""Relative places: "150 nautical miles west of Aden", "55 km south-east of the town",
"off the coast of Sumatra", "inland".

A relative place is a bearing (a compass direction, or *off* / *inland*) from a landmark,
with an optional distance. Two articles placing one event west and east of the same
landmark disagree; "about 55 km" and "34 miles" from it may not (a conversion). The
landmark is the capitalized name after "of"/"from" as written; articles compare it
case- and accent-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consilience.records import Sentence
from consilience.textspan import normalize_for_compare

_COMPASS = {
    "north": 0,
    "northeast": 45,
    "east": 90,
    "southeast": 135,
    "south": 180,
    "southwest": 225,
    "west": 270,
    "northwest": 315,
}
_DIRECTION = re.compile(
    # \b: a distance starts a word (else a long run of letters is retried at each letter)
    r"(?:\b(?P<distance>\d[\d,.]*|[a-z]+(?:-[a-z]+)?)\s+"
    r"(?P<unit>nautical\s+miles?|kilometres?|kilometers?|km|miles?|mi)\s+)?"
    r"(?:to\s+the\s+)?(?P<bearing>(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?)"
    r"\s+(?:of|from)\s+(?:the\s+)?(?P<landmark>(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}))",
    re.IGNORECASE,
)
_OFFSHORE = re.compile(
    r"\b(?P<bearing>off(?:shore)?)\s+(?:the\s+)?(?:\w+\s+)?(?:coast|shore|island)s?\s+(?:of\s+)?"
    r"(?P<landmark>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_INLAND = re.compile(
    r"\b(?P<bearing>inland)\b(?:\s+(?:in|of|from)\s+(?P<landmark>[A-Z][\w'’.-]*))?"
)


@dataclass(frozen=True, slots=True)
class RelativePlace:
    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    #: degrees for compass bearings; "off" or "inland" otherwise
    bearing: int | str
    landmark: str | None
    distance_text: str | None = None

    @property
    def landmark_key(self) -> str | None:
        return normalize_for_compare(self.landmark) if self.landmark else None


def _bearing(word: str) -> int | None:
    key = word.lower().replace("-", "").replace(" ", "").removesuffix("ern")
    return _COMPASS.get(key)


def extract_relative_places(
    text: str, sentence: Sentence, *, article_id: str | None = None
) -> list[RelativePlace]:
    owner = sentence.article_id if article_id is None else article_id
    out: list[RelativePlace] = []
    for match in _DIRECTION.finditer(text, sentence.start, sentence.end):
        bearing = _bearing(match.group("bearing"))
        if bearing is None:
            continue
        distance = match.group("distance")
        if distance and not match.group("unit"):
            distance = None
        out.append(
            RelativePlace(
                owner,
                sentence.index,
                match.start(),
                match.end(),
                match.group(),
                bearing,
                match.group("landmark").rstrip("."),
                f"{distance} {match.group('unit')}" if distance else None,
            )
        )
    for pattern in (_OFFSHORE, _INLAND):
        for match in pattern.finditer(text, sentence.start, sentence.end):
            word = match.group("bearing").lower()
            out.append(
                RelativePlace(
                    owner,
                    sentence.index,
                    match.start(),
                    match.end(),
                    match.group(),
                    "inland" if word == "inland" else "off",
                    (match.group("landmark") or "").rstrip(".") or None,
                )
            )
    return out


def bearings_disagree(a: RelativePlace, b: RelativePlace) -> bool:
    """West vs east, off the coast vs inland; west vs north-west (45°) is close enough."""
    if isinstance(a.bearing, int) and isinstance(b.bearing, int):
        gap = abs(a.bearing - b.bearing) % 360
        return min(gap, 360 - gap) >= 90
    return {a.bearing, b.bearing} == {"off", "inland"}
