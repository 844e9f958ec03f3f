"""What one run of the stages produced for a story, before it is rendered: the record the
pipeline hands to the report stage (kept apart from both, so neither imports the other)."""

from __future__ import annotations

from dataclasses import dataclass, field

from consilience.extract.story import StoryExtraction
from consilience.judge import Judgment
from consilience.provenance import Provenance
from consilience.records import PreparedArticle, Problem

STAGES = ("ingest", "clean", "segment", "extract", "align", "provenance", "judge", "report")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the stages produced for one story, before it is rendered."""

    articles: tuple[PreparedArticle, ...]
    story: StoryExtraction
    provenance: Provenance
    judgment: Judgment
    embedder: str
    problems: tuple[Problem, ...] = ()
    #: CPU seconds spent in each stage (clean and segment are one: ``prepare``)
    stage_seconds: dict[str, float] = field(default_factory=dict)
