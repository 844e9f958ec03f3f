"""The clustering's settings and what it outputs: stories, each with its reasons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field


class ClusterSettings(BaseModel):
    """Thresholds of the story clustering. The defaults were tuned on ECB+ topics 1-20
    only (benchmarks/eval_cluster.py --tune); topics 21-35 are held out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    near_duplicate_jaccard: float = Field(
        0.7,
        gt=0.0,
        le=1.0,
        description="Shared word-trigram share above which two texts are copies.",
    )
    num_perm: int = Field(128, ge=16, le=1024, description="MinHash permutations.")
    name_share: float = Field(
        0.5, ge=0.0, le=1.0, description="Weight of names (vs content terms) in topic similarity."
    )
    topic_threshold: float = Field(
        0.04, gt=0.0, le=1.0, description="Average topic similarity that joins two groups."
    )
    event_threshold: float | None = Field(
        None,
        gt=0.0,
        lt=1.0,
        description="Average same-event probability that joins two stories "
        "(None: the event model's own threshold).",
    )
    absorb_threshold: float = Field(
        0.3,
        ge=0.0,
        le=1.0,
        description="A story of at most absorb_size articles left beside larger ones of its "
        "topic group joins the likeliest of them at this average same-event probability.",
    )
    absorb_size: int = Field(3, ge=0, description="See absorb_threshold.")
    embedding_share: float = Field(
        0.4,
        ge=0.0,
        le=1.0,
        description="Weight of embedding cosine in topic similarity, when an embedder is given.",
    )
    edge_floor: float = Field(
        0.05, ge=0.0, le=1.0, description="Candidate pairs less similar than this are dropped."
    )
    blocking_keys: int = Field(24, ge=1, description="Index keys per article.")
    max_postings: int = Field(
        300, ge=2, description="A key shared by this many articles stops finding candidates."
    )
    max_candidates: int = Field(50, ge=1, description="Earlier articles compared per article.")
    dense_group_limit: int = Field(
        400, ge=2, description="Larger topic groups compare candidate pairs only."
    )


class Reason(BaseModel):
    """One reason why a story's articles were put together (or kept apart from another)."""

    model_config = ConfigDict(frozen=True)

    kind: str
    text: str
    values: list[str] = Field(default_factory=list)


class Story(BaseModel):
    """One story: the articles about one real-world event, and why they were joined."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    article_ids: list[str]
    why: list[Reason]


class Embedder(Protocol):
    """A sentence embedder (such as :func:`consilience.align.embedders.load_embedder`'s):
    texts in, L2-normalized row vectors out."""

    name: str

    def encode(self, texts: Sequence[str]) -> Any: ...
