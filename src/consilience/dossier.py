"""The dossier: consilience's public output (JSON contract version 1).

These pydantic models *are* the contract: ``schema/dossier.schema.json`` is generated from
them (``python -m consilience.dossier``) and a test keeps it current. Fields may be added;
the contract's fields keep their names, types and meaning unless ``schema_version`` moves.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticSerializationError

from consilience.safetext import escape_json_controls, map_strings, replace_surrogates

SCHEMA_VERSION = "1"

ClaimStatus = Literal["corroborated", "single_origin", "single_source", "disputed"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Passage(_Model):
    """A span of one article's original text: ``article.text[start:end] == text``."""

    article_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ArtifactOut(_Model):
    kind: str = Field(
        description="boilerplate|repeated_headline|duplicate_block|garbled|seo_scaffold|editorial_note"
    )
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    note: str = ""


class FindingOut(_Model):
    kind: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    note: str = ""


class DossierArticle(_Model):
    id: str = Field(description="Stable within the dossier (a1, a2, ... in input order).")
    source: str = Field(description="The file path or URL the article came from.")
    outlet: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO date or datetime.")
    text: str = Field(description="The original text; every offset points into it.")
    artifacts: list[ArtifactOut] = Field(default_factory=list)
    cited_outlets: list[str] = Field(default_factory=list)
    findings: list[FindingOut] = Field(default_factory=list)
    url: str | None = None
    place: str | None = Field(None, description="Place named in the dateline.")
    external_id: str | None = Field(None, description="The input record's own id, if any.")
    reader: str = Field("text", description="text|markdown|html|json")
    title_span: tuple[int, int] | None = Field(
        None, description="Span of the headline when it is part of `text`."
    )
    sentence_count: int = 0
    evidence_sentence_count: int = Field(
        0, description="Sentences that count as evidence (not junk, headings or copies)."
    )


class Flag(_Model):
    kind: str
    note: str


class ClaimOrigin(_Model):
    """One lineage among a claim's supporters: copies of one passage, sentences resting on
    one credited report, or one article's own reporting."""

    lineage: str = Field(description="Stable key of the lineage within the dossier.")
    label: str = Field(description="What the lineage is, for a reader.")
    article_ids: list[str] = Field(default_factory=list)
    independent: bool = Field(
        False, description="Whether this lineage firmly states what another lineage states."
    )
    note: str = ""


class Claim(_Model):
    id: str
    text: str = Field(description="Representative wording, taken from one supporting article.")
    status: ClaimStatus
    independent_sources: int = Field(ge=0, description="Origin groups among the supporters.")
    support: list[Passage] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    conflict_ids: list[str] = Field(default_factory=list)
    origins: list[ClaimOrigin] = Field(
        default_factory=list,
        description="The lineages of the supporting passages; `independent_sources` counts "
        "the independent ones.",
    )


class Side(_Model):
    article_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    value: str | None = None


class Conflict(_Model):
    id: str
    kind: str = Field(
        description="date|number|title|negation|quote_wording|unverified_quote|entity_spelling|specificity|..."
    )
    summary: str
    sides: list[Side] = Field(default_factory=list)
    claim_ids: list[str] = Field(default_factory=list)
    reason: str = Field(
        "", description="Why the sides speak of the same thing (the same referent, quote, person)."
    )
    about: str = Field(
        "",
        description='What the sides disagree on, in a few words ("number of people (killed)", '
        "\"date (sank)\"); empty when the kind says it (a quote's wording, a name's spelling).",
    )


class Entity(_Model):
    id: str = ""
    name: str
    type: Literal["person", "org", "place", "other"]
    aliases: list[str] = Field(default_factory=list)
    suspect_variants: list[str] = Field(default_factory=list)
    mentions: int = Field(0, ge=0)
    titles: list[str] = Field(default_factory=list, description="Titles or roles used with it.")
    article_ids: list[str] = Field(default_factory=list)


class QuoteVariant(_Model):
    article_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class QuoteOut(_Model):
    id: str = ""
    speaker: str | None = None
    text: str
    article_ids: list[str] = Field(default_factory=list)
    variants: list[QuoteVariant] = Field(
        default_factory=list, description="Every occurrence, with its wording and span."
    )


class TimelineEvent(_Model):
    date: str = Field(description="ISO date, month (2025-12), year, or interval a/b.")
    precision: str = Field(description="day|month|year|week|range|...")
    text: str
    article_ids: list[str] = Field(default_factory=list)
    mentions: list[Passage] = Field(default_factory=list)


class Edge(_Model):
    source: str
    target: str
    kind: Literal["text_reuse", "cites", "shared_details"]
    score: float
    note: str = ""


class ArticleLineage(_Model):
    """Where one article's text comes from (METER's wholly / partially / non-derived)."""

    article_id: str
    derivation: Literal["original", "wholly_derived", "partially_derived", "mixed", "independent"]
    sources: list[str] = Field(
        default_factory=list, description="Articles it reuses or retells most."
    )
    rests_on: str | None = Field(None, description="Outlet credited for the article as a whole.")
    reused_share: float = Field(
        0.0, description="Share of its words in sentences reused from outside its origin."
    )
    note: str = ""


class ReusedPassage(_Model):
    """A sentence of one article that reappears, verbatim or lightly edited, in another."""

    source: Passage
    target: Passage
    overlap: float = Field(description="Share of the shorter sentence's word trigrams shared.")
    quoted_share: float = Field(0.0, description="Share of the words inside quotation marks.")


class Provenance(_Model):
    origin_groups: list[list[str]] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    findings: list[str] = Field(
        default_factory=list, description="Why articles were grouped, in checkable sentences."
    )
    articles: list[ArticleLineage] = Field(default_factory=list)
    passages: list[ReusedPassage] = Field(default_factory=list)


class SummarySentence(_Model):
    """A sentence of the extractive story summary, with the passage it was taken from."""

    text: str
    article_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    claim_id: str | None = None


class LeadValue(_Model):
    """One value a lead fact takes, with who says it and where."""

    value: str = Field(description="The value as a reader says it (a date, a place, a figure).")
    origins: int = Field(ge=0, description="Independent origins among the articles saying it.")
    article_ids: list[str] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list, description="Where it is said.")


class LeadFact(_Model):
    """A key fact of the story (what, when, where, who, how many) with its value(s); a
    disputed fact lists every value the sources give."""

    kind: Literal["what", "when", "where", "who", "figure"]
    label: str = Field(description="What the fact is, for a reader: Date, Place, Dead, ...")
    values: list[LeadValue] = Field(default_factory=list)
    disputed: bool = False
    claim_id: str | None = None
    conflict_id: str | None = None


class Story(_Model):
    title: str | None = None
    summary: list[SummarySentence] = Field(default_factory=list)
    lead_facts: list[LeadFact] = Field(
        default_factory=list,
        description="The story's key facts, each traceable to passages; disputed ones "
        "list every value with its origins.",
    )


class SkippedInput(_Model):
    source: str
    reason: str
    line: int | None = None


class Dossier(_Model):
    """Everything consilience found about one story: the public output (contract v1)."""

    schema_version: str = SCHEMA_VERSION
    generated_at: str
    settings: dict[str, Any] = Field(default_factory=dict)
    articles: list[DossierArticle] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[QuoteOut] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)
    story: Story = Field(default_factory=Story)
    skipped: list[SkippedInput] = Field(default_factory=list)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The dossier as JSON; control characters from the inputs are escaped, so it
        can be printed on a terminal as it is."""
        try:
            text = self.model_dump_json(indent=indent)
        except PydanticSerializationError:
            # Lone surrogates (text built in Python, or decoded with surrogateescape) have
            # no UTF-8 form: U+FFFD, one for one, keeps every offset valid.
            data = map_strings(self.model_dump(), replace_surrogates)
            text = type(self).model_validate(data).model_dump_json(indent=indent)
        return escape_json_controls(text)

    @classmethod
    def from_json(cls, data: str | bytes) -> Dossier:
        return cls.model_validate_json(data)


def json_schema() -> dict[str, Any]:
    schema = Dossier.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "consilience dossier"
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
