"""A story's dossier versions compared: since a time, or any two versions."""

from __future__ import annotations

import datetime as dt
import re

from consilience.errors import ConfigurationError
from consilience.service.changes import DossierChanges, diff_dossiers
from consilience.service.store import Store
from consilience.service.store.models import DossierVersion, utcnow
from consilience.service.store.repository import load_dossier, versions

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str, *, now: dt.datetime | None = None) -> dt.datetime:
    """``1d``, ``12h``, ``30m``, ``2w`` ago, or an ISO date or datetime (UTC if no zone)."""
    now = now or utcnow()
    found = _DURATION.match(value)
    if found:
        return now - dt.timedelta(seconds=float(found.group(1)) * _UNITS[found.group(2).lower()])
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigurationError(
            f"--since {value!r}: give a duration (30m, 12h, 1d, 2w) or an ISO date"
        ) from exc
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when


def compare(
    store: Store,
    story_id: str,
    *,
    since: dt.datetime | None = None,
    from_number: int | None = None,
    to_number: int | None = None,
) -> DossierChanges | None:
    """What changed in a story: from version ``from_number`` (or the newest version
    made at or before ``since``, or the previous version) to ``to_number`` (or the
    newest). ``None`` when the story has no version. A story that had no version at the
    start time is all new."""
    rows = versions(store, story_id)
    if not rows:
        return None
    by_number = {row.number: row for row in rows}
    target = _pick(by_number, to_number, "--to") if to_number is not None else rows[-1]
    base: DossierVersion | None
    if from_number is not None:
        base = _pick(by_number, from_number, "--from")
    elif since is not None:
        older = [r for r in rows if r.created_at <= since and r.number <= target.number]
        base = older[-1] if older else None
    else:
        earlier = [r for r in rows if r.number < target.number]
        base = earlier[-1] if earlier else None
    new = load_dossier(store, story_id, target.number)
    old = load_dossier(store, story_id, base.number) if base is not None else None
    assert new is not None
    if base is not None and base.number == target.number:
        old = new
    changes = diff_dossiers(old, new)
    changes.from_version = base.number if base is not None else None
    changes.to_version = target.number
    return changes


def _pick(by_number: dict[int, DossierVersion], number: int, option: str) -> DossierVersion:
    if number not in by_number:
        known = ", ".join(str(n) for n in sorted(by_number))
        raise ConfigurationError(f"{option} {number}: no such version (versions: {known})")
    return by_number[number]
