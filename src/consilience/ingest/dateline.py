"""Datelines at the top of an article body: they give the publication date and place.

Recognized shapes (examples, not rules about any one story):

* ``date 2025-12-31 Washington, DC: ...`` (an ISO date, an optional place, a colon)
* ``WASHINGTON (Reuters) - ...`` and ``LONDON, Dec 30 (Reuters) - ...`` (wire datelines)
* ``(AP) — ...`` (an agency credit alone)
* ``KESSING, March 11, 2026 — ...`` and ``PORT-AU-PRINCE, Haiti, 11 March 2026 - ...``
  (a place and a date)
* ``Dec. 30, 2025 — ...`` (a date and a dash)
* ``BEIRUT — ...`` and ``BEIRUT - ...`` (a place in capitals and a dash)

The dash may be an em dash, an en dash, a double hyphen or a hyphen; a bare hyphen counts
only with spaces around it (``BEIRUT-based`` is not a dateline).
* a line holding nothing but a date near the top (``May 03, 2013``)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_DATE = rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
_ANY_DATE = rf"(?:{_MONTH_DATE}|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?)"
_DASH = r"(?:-{1,2}|—|–|:)"
_PLACE = r"[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4}"
_PLACE_WORDS = r"[A-Z][\w.'’-]*(?:[ ]+[A-Z][\w.'’-]*){0,3}"
_AGENCY = r"\((?P<agency>[A-Z][\w .&-]{1,30})\)"
# Capitalized words that open sentences or label pages, never a dateline's place.
_NOT_PLACES = frozenset(
    "on in at by for from the a an as after before during since this last next today "
    "yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday "
    "breaking update updated exclusive watch live opinion analysis editorial video photos "
    "correction urgent flash advertisement".split()
)

_ISO_DATELINE = re.compile(
    rf"\s*(?:date[d]?\s*:?\s*)?(?P<date>\d{{4}}-\d{{2}}-\d{{2}})(?:T[\d:.+Z-]+)?"
    rf"(?:\s*,?\s*(?P<place>{_PLACE}))?\s*{_DASH}\s+",
    re.IGNORECASE,
)
_WIRE_DATELINE = re.compile(
    rf"\s*(?P<place>[A-Z][A-Z.'’ -]{{1,40}}?(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?)"
    rf"(?:,\s*(?P<date>{_ANY_DATE}))?\s*{_AGENCY}\s*{_DASH}\s*"
)
_AGENCY_DATELINE = re.compile(rf"\s*{_AGENCY}\s*(?:-{{1,2}}|—|–)\s*")
_PLACE_DATE_DATELINE = re.compile(
    rf"\s*(?P<place>{_PLACE_WORDS}(?:,\s*{_PLACE_WORDS})?),\s*(?P<date>{_ANY_DATE})"
    rf"\s*{_DASH}\s+"
)
_DATE_DATELINE = re.compile(rf"\s*(?P<date>{_MONTH_DATE})\s*{_DASH}\s+")
_PLACE_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Z][A-Z.'’-]{1,}){0,3}"
    r"(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)(?:\s*(?:—|–|--)|\s+-)\s+"
)
_DATE_ONLY_LINE = re.compile(
    rf"\s*(?:(?:Published|Updated|Posted)\s*:?\s*)?(?:\w+day,?\s+)?"
    rf"(?P<date>{_MONTH_DATE}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})\s*$",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")


@dataclass(frozen=True, slots=True)
class Dateline:
    start: int
    end: int
    published: str | None
    place: str | None
    agency: str | None = None


def parse_plain_date(text: str) -> dt.date | None:
    """A full calendar date written as ISO, "Dec. 30, 2025" or "30 December 2025"."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        match = pattern.fullmatch(text)
        if not match:
            continue
        if order == "mdy":
            month_name, day, year = match.group(1), match.group(2), match.group(3)
        else:
            day, month_name, year = match.group(1), match.group(2), match.group(3)
        month = _MONTHS.get(month_name.lower()[:4].rstrip("."), _MONTHS.get(month_name.lower()[:3]))
        if month is None or year is None:
            return None
        try:
            return dt.date(int(year), month, int(day))
        except ValueError:
            return None
    return None


def find_dateline(text: str, start: int, end: int) -> Dateline | None:
    """A dateline at ``text[start:end]``'s start (the first body paragraph), if any."""
    for pattern in _DATELINES:
        match = pattern.match(text, start, end)
        if not match or match.end() >= end:
            continue
        groups = match.groupdict()
        raw_date = groups.get("date")
        date = parse_plain_date(raw_date) if raw_date else None
        place = (groups.get("place") or "").strip(" ,") or None
        if pattern is _ISO_DATELINE and date is None:
            continue
        if place is not None and not _could_be_place(place):
            continue
        span_start = (
            start + len(text[start : match.end()]) - len(text[start : match.end()].lstrip())
        )
        return Dateline(
            start=span_start,
            end=match.end(),
            published=date.isoformat() if date else None,
            place=_title_place(place) if place else None,
            agency=groups.get("agency"),
        )
    return None


_DATELINES = (
    _ISO_DATELINE,
    _WIRE_DATELINE,
    _AGENCY_DATELINE,
    _PLACE_DATE_DATELINE,
    _DATE_DATELINE,
    _PLACE_DATELINE,
)


def _could_be_place(place: str) -> bool:
    words = re.findall(r"[\w'’]+", place.casefold())
    return bool(words) and not any(w in _NOT_PLACES or w in _MONTHS for w in words)


def find_date_line(text: str, start: int, end: int) -> Dateline | None:
    """A line that holds only a publication date ("May 03, 2013", "Published: 2024-01-02")."""
    match = _DATE_ONLY_LINE.fullmatch(text, start, end)
    if not match:
        return None
    date = parse_plain_date(match.group("date"))
    if date is None:
        return None
    return Dateline(start=start, end=end, published=date.isoformat(), place=None)


def _title_place(place: str) -> str:
    """``WASHINGTON`` -> ``Washington``, ``PORT-AU-PRINCE, Haiti`` -> ``Port-Au-Prince,
    Haiti``: words in capitals are capitalized (``DC`` and ``U.S.`` stay), the others kept."""
    return re.sub(r"\b[A-Z][A-Z'’-]{2,}", lambda m: _capitalize_parts(m.group()), place)


def _capitalize_parts(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))
