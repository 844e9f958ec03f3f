"""Natural-language inference: do two aligned statements entail or contradict each other?

Two backends behind one small interface (like the embedders):

* ``structural`` (always available, the default): a contradiction is a predicate one
  statement asserts and the other negates with the same object
  (:func:`consilience.judge.negation.polarity_clash`); entailment is not claimed.
* ``transformers:PATH``: any local sequence-classification NLI model (a cross-encoder
  such as those fine-tuned on MNLI), read with Hugging Face ``transformers`` from a local
  directory only; its ``config.json`` ``id2label`` names which output is
  contradiction, entailment and neutral. No PyPI package ships a licensed NLI model, so
  none is bundled: the user points at one they have. A model hub is never contacted.

The judge asks the backend only about sentence pairs that already state one claim, and
reports a contradiction only above :data:`CONTRADICTION_PROBABILITY`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from consilience.errors import BackendError, ConfigurationError
from consilience.judge.negation import polarity_clash

NliLabel = Literal["entailment", "contradiction", "neutral"]
#: A model's contradiction must be at least this likely to be reported.
CONTRADICTION_PROBABILITY = 0.9


@dataclass(frozen=True, slots=True)
class NliVerdict:
    label: NliLabel
    #: probability of the label (1.0 for the structural backend's rule-based answers)
    probability: float
    #: what the verdict rests on ("did not discuss" / "model name")
    evidence: str = ""


class NliBackend(Protocol):
    name: str

    def judge(self, pairs: Sequence[tuple[str, str]]) -> list[NliVerdict]: ...


class StructuralNli:
    """Contradiction by predicate polarity; otherwise neutral."""

    name = "structural"

    def judge(self, pairs: Sequence[tuple[str, str]]) -> list[NliVerdict]:
        out = []
        for premise, hypothesis in pairs:
            clash = polarity_clash(premise, hypothesis) or polarity_clash(hypothesis, premise)
            if clash is not None:
                out.append(NliVerdict("contradiction", 1.0, clash.negated_phrase))
            else:
                out.append(NliVerdict("neutral", 1.0))
        return out


class TransformersNli:
    """A local sequence-classification NLI model, run on the CPU in batches."""

    def __init__(self, path: str | Path, *, batch_size: int = 16) -> None:
        self.path = Path(path)
        self.name = f"transformers:{self.path}"
        self.batch_size = batch_size
        if not (self.path / "config.json").is_file():
            raise BackendError(f"nli {self.path}: no config.json (not a local model directory)")
        labels = json.loads((self.path / "config.json").read_text(encoding="utf-8")).get(
            "id2label", {}
        )
        self.labels = {int(k): _label(v) for k, v in labels.items()}
        if set(self.labels.values()) != {"entailment", "contradiction", "neutral"}:
            raise BackendError(
                f"nli {self.path}: id2label must name entailment, contradiction and neutral "
                f"(found {sorted(labels.values())})"
            )
        self._tokenizer, self._model = _load(self.path)

    def judge(self, pairs: Sequence[tuple[str, str]]) -> list[NliVerdict]:
        import torch

        out: list[NliVerdict] = []
        for start in range(0, len(pairs), self.batch_size):
            batch = pairs[start : start + self.batch_size]
            encoded = self._tokenizer(
                [p for p, _ in batch],
                [h for _, h in batch],
                padding=True,
                truncation=True,
                max_length=256,
                return_tensors="pt",
            )
            with torch.no_grad():
                logits = self._model(**encoded).logits
            probabilities = torch.softmax(logits, dim=-1).tolist()
            for row in probabilities:
                best = max(range(len(row)), key=row.__getitem__)
                out.append(NliVerdict(self.labels[best], float(row[best]), self.name))
        return out


def _label(raw: str) -> NliLabel:
    key = raw.strip().lower()
    labels: tuple[NliLabel, ...] = ("entailment", "contradiction", "neutral")
    for label in labels:
        if key.startswith(label[:7]):
            return label
    return "neutral"


def _load(path: Path) -> tuple[Any, Any]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
    except ImportError as exc:
        raise BackendError(
            "the transformers NLI backend needs transformers and torch: "
            "pip install 'consilience[torch]'"
        ) from exc
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(str(path), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise BackendError(f"nli {path}: cannot load ({exc})") from exc
    model.eval()
    return tokenizer, model


@lru_cache(maxsize=4)
def load_nli(spec: str) -> NliBackend:
    """``structural`` or ``transformers:PATH``."""
    if spec == "structural":
        return StructuralNli()
    if spec.startswith("transformers:") and spec.removeprefix("transformers:").strip():
        return TransformersNli(spec.removeprefix("transformers:").strip())
    raise ConfigurationError(f"unknown NLI backend {spec!r}: structural | transformers:PATH")


#: Sentence pairs of one claim at least this alike are asked about.
_ASK_SIMILARITY = 0.35


def nli_conflicts(claims: Sequence[Any], backend: NliBackend) -> list[Any]:
    """Contradictions a model finds between sentences of one claim (different articles),
    one conflict per pair, with the model's probability in the reason."""
    from consilience.judge.conflicts import ConflictRecord, ConflictSide

    asked: list[tuple[int, Any, Any, float]] = []
    for index, claim in enumerate(claims):
        units = claim.units
        for i, a in enumerate(units):
            for j in range(i + 1, len(units)):
                b = units[j]
                similarity = claim.similarities[i][j] if claim.similarities else 0.0
                if a.article_id != b.article_id and similarity >= _ASK_SIMILARITY:
                    asked.append((index, a, b, similarity))
    verdicts = backend.judge([(a.text, b.text) for _, a, b, _ in asked])
    out = []
    for (index, a, b, similarity), verdict in zip(asked, verdicts, strict=True):
        if verdict.label != "contradiction" or verdict.probability < CONTRADICTION_PROBABILITY:
            continue
        out.append(
            ConflictRecord(
                "contradiction",
                f"{a.article_id} and {b.article_id} state this claim in ways that cannot both "
                "be true.",
                (
                    ConflictSide(a.article_id, a.start, a.end, a.text, "states"),
                    ConflictSide(b.article_id, b.start, b.end, b.text, "contradicts"),
                ),
                (index,),
                reason=f"the two sentences state one claim (similarity {similarity:.2f}); "
                f"{backend.name} reads them as contradictory (p = {verdict.probability:.2f})",
            )
        )
    return out
