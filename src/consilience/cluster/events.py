"""Split a topic group into events: how alike two of its articles are on several
*channels*, combined by a small learned model into the probability that they report the
same event.

A channel is one view of the kept features: the names, the dates, the figures, the
content terms, all of them mixed, and the same for the lead (headline and first
sentences) alone. Inside a group every feature is weighted by how it splits the group
(``log(n / df)``, floored: a name every article of the group gives says "same topic",
not "same event"; a feature only one article has links nothing), each channel is
cosine-compared, and a logistic model turns the channel similarities into a
probability. Two earthquakes share the vocabulary and the region; their leads give
other dates, tolls and places, and that is what the model has learned to weigh.

The model (channels, weights, intercept, threshold) is a JSON file shipped with the
package; ``benchmarks/eval_cluster.py --fit`` regenerates it from ECB+ topics 1-20 only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from consilience.errors import ConfigurationError
from consilience.stems import stem

MODEL_FILE = "event_model.json"


#: How a channel compares two articles:
#:
#: * ``cosine``: cosine of the group-weighted features of the channel's kinds;
#: * ``lead_coverage``: how much of each article's lead (upper-case kinds, group-weighted)
#:   the other article gives anywhere, the smaller of the two shares. A report of a new
#:   event often recalls an older one of the same kind (the older lead is covered by the
#:   newer article), never the reverse; two reports of one event cover each other;
#: * ``days_within`` / ``days_beyond``: 1 when both articles are dated (``a:`` key) at
#:   most / more than ``days`` days apart, else 0.
MEASURES = ("cosine", "lead_coverage", "days_within", "days_beyond")


@dataclass(frozen=True, slots=True)
class Channel:
    """One view of an article's features: a scale per feature kind (kinds left out do
    not take part) and how two articles are compared on it."""

    name: str
    kinds: Mapping[str, float]
    measure: str = "cosine"
    days: int = 0


@dataclass(frozen=True, slots=True)
class EventModel:
    """Logistic model over channel similarities; ``threshold`` is the average
    probability at which two parts of a group join."""

    channels: tuple[Channel, ...]
    weights: tuple[float, ...]
    intercept: float
    threshold: float
    context_floor: float
    #: Content terms compared by their stem ("heists" is "heist"): short reports of one
    #: event rarely share word forms, and every stray plural is a missed link.
    stem_terms: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "channels": [
                {"name": c.name, "kinds": dict(c.kinds), "measure": c.measure, "days": c.days}
                for c in self.channels
            ],
            "weights": list(self.weights),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "context_floor": self.context_floor,
            "stem_terms": self.stem_terms,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EventModel:
        channels = tuple(
            Channel(c["name"], dict(c["kinds"]), c.get("measure", "cosine"), int(c.get("days", 0)))
            for c in data["channels"]
        )
        weights = tuple(float(w) for w in data["weights"])
        if len(weights) != len(channels):
            raise ValueError("one weight per channel")
        unknown = {c.measure for c in channels} - set(MEASURES)
        if unknown:
            raise ValueError(f"unknown channel measure(s) {sorted(unknown)}")
        return cls(
            channels=channels,
            weights=weights,
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            context_floor=float(data["context_floor"]),
            stem_terms=bool(data.get("stem_terms", False)),
        )


@cache
def default_model() -> EventModel:
    """The shipped model."""
    text = resources.files("consilience.cluster").joinpath(MODEL_FILE).read_text("utf-8")
    return EventModel.from_json(json.loads(text))


def load_model(path: Path) -> EventModel:
    """A model written by the fitting script; :class:`ConfigurationError` if it is not one."""
    try:
        return EventModel.from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigurationError(f"{path} is not an event model: {exc}") from exc


def channel_similarities(
    rows: Sequence[Mapping[str, float]],
    channels: Sequence[Channel],
    context_floor: float,
    pairs: Sequence[tuple[int, int]] | None = None,
    *,
    stem_terms: bool = False,
) -> np.ndarray:
    """Similarities of the articles of one group, one per channel.

    ``rows`` are the articles' feature weights (prefixed keys: ``n:`` names, ``d:``
    dates, ``u:`` figures, ``t:`` terms, upper case for the lead). Returns an array of
    shape ``(channels, n, n)``, or ``(channels, len(pairs))`` when ``pairs`` is given
    (large groups: only those pairs are compared); ``stem_terms``: content terms
    (``t:``, ``T:``) are compared by their stem."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    data: list[float] = []
    indptr = [0]
    for row in rows:
        for key, value in row.items():
            column = _stem_key(key) if stem_terms else key
            indices.append(vocabulary.setdefault(column, len(vocabulary)))
            data.append(value)
        indptr.append(len(indices))
    count = len(rows)
    matrix = sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(count, max(len(vocabulary), 1)),
    )
    # Two word forms of one stem in a row are one key: their weights add up.
    matrix.sum_duplicates()
    frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    weights = np.maximum(np.log(count / np.maximum(frequency, 1)), context_floor)
    weights[frequency < 2] = 0.0
    kinds = np.asarray([key[:2] for key in vocabulary] or [""])
    shape = (count, count) if pairs is None else (len(pairs),)
    out = np.zeros((len(channels), *shape))
    if pairs is not None and not pairs:
        return out
    selection = None if pairs is None else _pair_indices(pairs)
    for number, channel in enumerate(channels):
        if channel.measure == "cosine":
            weighted = _scaled(matrix, weights, _kind_scale(kinds, channel.kinds))
            weighted = sp.csr_matrix(sp.diags(1.0 / _norms(weighted)) @ weighted)
            out[number] = _products(weighted, weighted, selection)
        elif channel.measure == "lead_coverage":
            out[number] = _lead_coverage(
                matrix, weights, kinds, list(vocabulary), channel.kinds, selection
            )
        else:
            out[number] = _day_gaps(rows, channel, selection)
    return out


Selection = tuple[np.ndarray, np.ndarray] | None


@lru_cache(maxsize=262_144)
def _stem_key(key: str) -> str:
    if key[:2] not in ("t:", "T:"):
        return key
    return key[:2] + stem(key[2:])


def _pair_indices(pairs: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    left = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    right = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    return left, right


def _products(first: sp.csr_matrix, second: sp.csr_matrix, selection: Selection) -> np.ndarray:
    """Row-by-row dot products: all pairs (a dense matrix) or the selected ones."""
    if selection is None:
        return np.asarray((first @ second.T).toarray())
    left, right = selection
    return np.asarray(first[left].multiply(second[right]).sum(axis=1)).ravel()


def _kind_scale(kinds: np.ndarray, shares: Mapping[str, float]) -> np.ndarray:
    scale = np.zeros(len(kinds))
    for kind, share in shares.items():
        scale[kinds == kind] = share
    return scale


def _scaled(matrix: sp.csr_matrix, weights: np.ndarray, scale: np.ndarray) -> sp.csr_matrix:
    return sp.csr_matrix(matrix.multiply((weights * scale)[np.newaxis, :]))


def _norms(matrix: sp.csr_matrix, *, squared: bool = True) -> np.ndarray:
    if squared:
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    else:
        norms = np.asarray(abs(matrix).sum(axis=1)).ravel()
    norms[norms == 0] = 1.0
    return np.asarray(norms)


def _lead_coverage(
    matrix: sp.csr_matrix,
    weights: np.ndarray,
    kinds: np.ndarray,
    keys: list[str],
    shares: Mapping[str, float],
    selection: Selection,
) -> np.ndarray:
    """min(share of a's lead found in b, share of b's lead found in a); a lead key
    (``N:x``) is found when the other article has the whole-article key (``n:x``), and
    weighs what that key weighs in the group."""
    column_of = {key: column for column, key in enumerate(keys)}
    lead_columns: list[int] = []
    body_columns: list[int] = []
    for column, key in enumerate(keys):
        if key[:2] in shares:
            body = column_of.get(key[:2].lower() + key[2:])
            if body is not None:
                lead_columns.append(column)
                body_columns.append(body)
    size = matrix.shape[0] if selection is None else len(selection[0])
    if not lead_columns:
        return np.zeros((size, size) if selection is None else size)
    lead = sp.csr_matrix(matrix[:, lead_columns])
    scale = _kind_scale(kinds[lead_columns], shares) * weights[body_columns]
    lead = sp.csr_matrix(lead.multiply(scale[np.newaxis, :]))
    lead = sp.csr_matrix(sp.diags(1.0 / _norms(lead, squared=False)) @ lead)
    present = sp.csr_matrix((matrix[:, body_columns] > 0).astype(np.float64))
    covered = _products(lead, present, selection)
    if selection is None:
        return np.asarray(np.minimum(covered, covered.T))
    reverse = _products(lead, present, (selection[1], selection[0]))
    return np.asarray(np.minimum(covered, reverse))


def _day_gaps(
    rows: Sequence[Mapping[str, float]], channel: Channel, selection: Selection
) -> np.ndarray:
    days = np.full(len(rows), np.nan)
    for number, row in enumerate(rows):
        for key in row:
            if key.startswith("a:"):
                days[number] = dt.date.fromisoformat(key[2:]).toordinal()
                break
    if selection is None:
        gaps = np.abs(days[:, np.newaxis] - days[np.newaxis, :])
    else:
        gaps = np.abs(days[selection[0]] - days[selection[1]])
    with np.errstate(invalid="ignore"):
        hit = gaps <= channel.days if channel.measure == "days_within" else gaps > channel.days
    return np.asarray(np.where(np.isnan(gaps), 0.0, hit.astype(np.float64)))


def same_event_probability(similarities: np.ndarray, model: EventModel) -> np.ndarray:
    """The model's probability, from :func:`channel_similarities` output."""
    logit = np.tensordot(np.asarray(model.weights), similarities, axes=1) + model.intercept
    return np.asarray(1.0 / (1.0 + np.exp(-logit)))
