"""The comparison report: the JSON output of ``consilience compare`` (pydantic models).

Every span points into the text of the side it names (``original`` or ``derived``):
``texts[side].text[start:end] == text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

COMPARISON_SCHEMA_VERSION = "1"

Verdict = Literal["supported", "conflicting", "not_in_original"]
SideName = Literal["original", "derived"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SpanOut(_Model):
    """A span of one side's text, with the value read from it when there is one."""

    article_id: SideName
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    value: str | None = None


class PassageOut(_Model):
    """A sentence of the original the derived sentence draws on."""

    article_id: Literal["original"] = "original"
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    similarity: float = Field(description="Embedder cosine similarity to the derived sentence.")
    copied_words: int = Field(
        ge=0, description="Words of the derived sentence copied from this passage in runs."
    )


class ConflictOut(_Model):
    kind: str = Field(description="date|number|entity|title|negation|quote_wording|casualties")
    derived: SpanOut
    original: SpanOut
    note: str = ""


class SentenceVerdict(_Model):
    index: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    verdict: Verdict
    score: float = Field(
        ge=0.0,
        le=1.0,
        description="How likely the sentence says something the original does not support.",
    )
    passages: list[PassageOut] = Field(
        default_factory=list, description="Best-matching passages of the original, best first."
    )
    conflicts: list[ConflictOut] = Field(default_factory=list)
    novel_phrases: list[SpanOut] = Field(
        default_factory=list,
        description="Phrases with words the original never uses (added details, changed "
        "names; a paraphrase word shows here too without making the sentence unsupported).",
    )
    signals: dict[str, float] = Field(
        default_factory=dict, description="The numbers the score is computed from."
    )


class TextOut(_Model):
    id: SideName
    source: str
    title: str | None = None
    published: str | None = None
    text: str = Field(description="The text as read; every offset points into it.")


class VerdictCounts(_Model):
    supported: int = 0
    conflicting: int = 0
    not_in_original: int = 0


class ModelInfo(_Model):
    embedder: str
    threshold: float = Field(description="Score at which a sentence counts as unsupported.")
    weights: str = Field(description="Which fitted weights scored the sentences.")


class Comparison(_Model):
    """Which sentences of a derived text the original supports, contradicts or lacks."""

    schema_version: str = COMPARISON_SCHEMA_VERSION
    kind: Literal["comparison"] = "comparison"
    consistent: bool = Field(
        description="No sentence conflicts with the original or says what it does not."
    )
    counts: VerdictCounts
    original: TextOut
    derived: TextOut
    sentences: list[SentenceVerdict]
    model: ModelInfo

    def text_of(self, side: SideName) -> str:
        return self.original.text if side == "original" else self.derived.text
