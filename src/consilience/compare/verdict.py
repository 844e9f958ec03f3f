"""From a derived sentence's numbers to its verdict.

A sentence found in conflict with the original (a changed date, number, name, title,
negation, quote or casualty report) is ``conflicting``. A sentence naming someone or
something the original never names (a capitalized word inside the sentence that the
original does not use), or holding a novel phrase (a run of words with a content word the
original never uses, shown to the reader as "not in original"), is ``not_in_original``
whatever its score: a verdict never contradicts the note beside it. Otherwise its score, a logistic function of the
numbers in :mod:`consilience.compare.features`, is the probability that the sentence says
something the original does not support; at or above the threshold it is
``not_in_original``, below it ``supported``.

One unsupported detail is enough: a sentence whose claim the original supports except for
an added place, a wrong first name or a moved circumstance is ``not_in_original`` (its
passages show the support for the rest, its novel phrases the detail). That is how
FRANK's typology counts errors (entity, circumstance, out-of-article), and it is what a
fact-checker needs flagged. A text is ``consistent`` when every sentence is supported.

The weights (:file:`consilience/data/compare_weights.json`) are fitted as a multiple-
instance logistic model: a pair of texts is inconsistent when any of its sentences is
(noisy-or), so sentence scores are learned from labels given to whole texts.
``benchmarks/eval_frank.py --write-weights`` regenerates them.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from consilience.compare.features import SentenceAnalysis
from consilience.compare.report import Verdict
from consilience.errors import ConfigurationError

log = logging.getLogger(__name__)

Transform = Literal["identity", "log1p", "indicator"]

#: The numbers the score uses and how each is read. Conflicts and novel names are not
#: among them: either decides the verdict by itself.
MODEL_FEATURES: tuple[tuple[str, Transform], ...] = (
    ("novel_words", "log1p"),
    ("novel_numbers", "indicator"),
    ("isolated_words", "identity"),
    ("joins", "identity"),
    ("unrelated_pairs", "identity"),
    ("similarity", "identity"),
    ("placeholders", "indicator"),
)
WEIGHTS_FILE = "compare_weights.json"


@dataclass(frozen=True, slots=True)
class FeatureWeight:
    name: str
    transform: Transform
    mean: float
    scale: float
    weight: float


@dataclass(frozen=True, slots=True)
class Weights:
    """A fitted scoring model: standardized features, their weights, bias, threshold."""

    embedder: str
    features: tuple[FeatureWeight, ...]
    bias: float
    threshold: float

    def to_json(self) -> dict[str, object]:
        return {
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 6),
            "features": {
                f.name: {
                    "transform": f.transform,
                    "mean": round(f.mean, 6),
                    "scale": round(f.scale, 6),
                    "weight": round(f.weight, 6),
                }
                for f in self.features
            },
        }


def transformed(value: float, transform: Transform) -> float:
    if transform == "log1p":
        return math.log1p(max(value, 0.0))
    if transform == "indicator":
        return 1.0 if value > 0 else 0.0
    return value


def model_inputs(analysis: SentenceAnalysis) -> list[float]:
    """The transformed model features of one sentence, in :data:`MODEL_FEATURES` order."""
    return [transformed(analysis.feature(name), how) for name, how in MODEL_FEATURES]


def sentence_score(analysis: SentenceAnalysis, weights: Weights) -> float:
    """The probability that the sentence is not supported by the original."""
    logit = weights.bias
    for feature, value in zip(weights.features, model_inputs(analysis), strict=True):
        logit += feature.weight * (value - feature.mean) / feature.scale
    return 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))


def decide(analysis: SentenceAnalysis, score: float, weights: Weights) -> Verdict:
    if analysis.conflicts:
        return "conflicting"
    if analysis.feature("novel_names") > 0 or analysis.novel_phrases:
        return "not_in_original"
    return "not_in_original" if score >= weights.threshold else "supported"


def weights_from_json(embedder: str, data: Mapping[str, object]) -> Weights:
    features = data.get("features")
    if not isinstance(features, Mapping):
        raise ConfigurationError(f"{WEIGHTS_FILE}: {embedder} has no features")
    parsed = []
    for name, how in MODEL_FEATURES:
        entry = features.get(name)
        if not isinstance(entry, Mapping) or entry.get("transform") != how:
            raise ConfigurationError(f"{WEIGHTS_FILE}: {embedder} lacks feature {name} ({how})")
        parsed.append(
            FeatureWeight(
                name,
                how,
                float(entry["mean"]),
                float(entry["scale"]) or 1.0,
                float(entry["weight"]),
            )
        )
    return Weights(
        embedder=embedder,
        features=tuple(parsed),
        bias=float(str(data["bias"])),
        threshold=float(str(data["threshold"])),
    )


@cache
def _weights_file() -> dict[str, object]:
    raw = (resources.files("consilience") / "data" / WEIGHTS_FILE).read_text("utf-8")
    data: dict[str, object] = json.loads(raw)
    return data


@cache
def load_weights(embedder: str) -> Weights:
    """The shipped weights for ``embedder``. An embedder without its own weights (a local
    sentence-transformers model) is scored with MiniLM's: its similarities live on the
    same scale as MiniLM's far more than on the lexical one's."""
    table = _weights_file().get("embedders")
    if not isinstance(table, Mapping):
        raise ConfigurationError(f"{WEIGHTS_FILE} has no 'embedders' table")
    name = embedder if embedder in table else "minilm"
    if name != embedder:
        log.info("compare: no weights fitted for embedder %s, using %s's", embedder, name)
    entry = table.get(name)
    if not isinstance(entry, Mapping):
        raise ConfigurationError(f"{WEIGHTS_FILE} has no weights for {name}")
    return weights_from_json(name, entry)


def fitted_names() -> Sequence[str]:
    table = _weights_file().get("embedders")
    return sorted(table) if isinstance(table, Mapping) else []
