"""Frozen records that flow between the pipeline stages.

Every record that points into an article carries ``start``/``end`` character offsets into
that article's original ``text`` (``text[start:end]`` is the quoted passage). Records are
plain frozen dataclasses with slots: they are created by the million on big corpora, so
they stay light; the public JSON shape lives in :mod:`consilience.dossier`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

ArtifactKind = Literal[
    "boilerplate",
    "repeated_headline",
    "duplicate_block",
    "garbled",
    "seo_scaffold",
    "editorial_note",
]

#: Artifact kinds whose text never counts as evidence (a second copy of a block is not a
#: second source). ``garbled`` marks words inside real sentences and ``seo_scaffold`` marks
#: real but repackaged content, so those sentences stay in play, flagged.
EVIDENCE_SKIPPING_KINDS: frozenset[str] = frozenset(
    {"boilerplate", "repeated_headline", "duplicate_block", "editorial_note"}
)

SentenceRole = Literal["headline", "heading", "body", "list_item", "question"]
EntityType = Literal["person", "org", "place", "other"]
Precision = Literal["time", "day", "week", "month", "season", "quarter", "year", "decade", "range"]


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from its source. ``text`` is the original text: every offset
    in the dossier points into it."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    place: str | None = None
    reader: str = "text"
    #: The headline's span when the headline is part of ``text`` (plain text, Markdown).
    title_span: tuple[int, int] | None = None
    #: The dateline's span ("WASHINGTON (Reuters) -") when the body opens with one.
    dateline_span: tuple[int, int] | None = None
    #: The record's own id (JSON Lines ``id`` field), when it had one.
    external_id: str | None = None

    @property
    def published_date(self) -> dt.date | None:
        if not self.published:
            return None
        try:
            return dt.date.fromisoformat(self.published[:10])
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Artifact:
    """A marked span of junk or scaffolding. Marking never deletes: ``text`` stays in the
    article and later stages decide what to skip."""

    kind: str
    start: int
    end: int
    text: str
    note: str = ""

    @property
    def skips_evidence(self) -> bool:
        return self.kind in EVIDENCE_SKIPPING_KINDS


@dataclass(frozen=True, slots=True)
class Finding:
    """A per-article signal (loaded language, hedging, spin, SEO keyword stuffing, ...)."""

    kind: str
    start: int
    end: int
    text: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a headline, heading or list item) with its span."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    role: SentenceRole = "body"
    #: The kind of the evidence-skipping artifact covering this sentence, if any.
    skip: str | None = None
    #: Kinds of the other artifacts overlapping it (``garbled``, ``seo_scaffold``).
    flags: tuple[str, ...] = ()

    @property
    def is_evidence(self) -> bool:
        return self.skip is None and self.role in ("body", "list_item", "question")


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article after ingest, clean and segment."""

    article: Article
    artifacts: tuple[Artifact, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def id(self) -> str:
        return self.article.id

    def evidence_sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.is_evidence)


# --- extraction -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A name in a sentence. ``title`` is the title or role used with it ("former
    President", "spokesperson for X"), kept because it matters for conflicts."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    type: EntityType
    title: str | None = None
    title_start: int | None = None
    title_end: int | None = None

    @property
    def span_with_title(self) -> tuple[int, int]:
        """The characters of the name and its title together, wherever the title stands
        (before the name, or after it as an apposition or a predicate)."""
        if self.title_start is None or self.title_end is None:
            return self.start, self.end
        return min(self.start, self.title_start), max(self.end, self.title_end)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date or time expression normalized against an anchor.

    ``start_date``..``end_date`` is the interval it denotes (equal for a day). When the
    expression is relative and no anchor was known, both are ``None`` and ``anchored`` is
    false: the expression stays relative instead of being guessed.
    """

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    precision: Precision
    start_date: dt.date | None
    end_date: dt.date | None
    anchored: bool = True
    relative: bool = False
    #: The clock time ("15:30") when the expression gives one ("Friday at 3:30 p.m.").
    time_of_day: str | None = None

    @property
    def iso(self) -> str | None:
        """The normalized value: ``2025-12-24``, ``2025-12``, ``2025``, or an interval."""
        if self.start_date is None or self.end_date is None:
            return None
        if self.precision in {"day", "time"}:
            return self.start_date.isoformat()
        if self.precision == "month":
            return self.start_date.isoformat()[:7]
        if self.precision == "year":
            return str(self.start_date.year)
        return f"{self.start_date.isoformat()}/{self.end_date.isoformat()}"


Comparator = Literal["=", ">", ">=", "<", "<=", "~"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its comparator and unit: "more than 30 boats" is (>, 30, boat)."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    value: float
    comparator: Comparator = "="
    unit: str | None = None
    #: The upper bound of a range ("30 to 40 boats"), else ``None``.
    value_max: float | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote. ``start``/``end`` cover the quoted words without the marks."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    partial: bool = False
    #: How the speaker was found: "said_x", "x_said", "according_to", "pronoun",
    #: "previous_sentence", or ``None``.
    speaker_cue: str | None = None
    #: The title or role written with the speaker ("Col.", "a spokesperson for X").
    speaker_title: str | None = None
    #: Index of the sentence where the quote starts.
    sentence: int | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a statement is attributed to ("officials said", "sources told CNN")."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    source: str
    #: "named" person or body, "anonymous" (sources, officials), "outlet" (CNN).
    kind: Literal["named", "anonymous", "outlet", "document"]


@dataclass(frozen=True, slots=True)
class CitedOutlet:
    """An outlet the article credits ("CNN reported", "according to CNN")."""

    article_id: str
    start: int
    end: int
    text: str
    outlet: str
    sentence: int | None = None
    #: The words that make it a credit ("reported", "according to", "told").
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Hedge:
    """A hedge that weakens a statement ("reportedly", "allegedly", "may have")."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """Everything extracted from one article."""

    article_id: str
    entities: tuple[EntityMention, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    cited_outlets: tuple[CitedOutlet, ...] = ()
    hedges: tuple[Hedge, ...] = ()


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    """An entity resolved across the articles of a story."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    suspect_variants: tuple[str, ...] = ()
    mentions: tuple[EntityMention, ...] = ()
    titles: tuple[str, ...] = ()


#: The attribute of a log record that reports a skipped input or article (its
#: :class:`Problem`): a caller that prints problems itself drops such records by it.
SKIPPED_RECORD = "consilience_skipped"


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that was skipped, with the reason, for the run's report."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Batch:
    """The articles read from a set of inputs and the inputs that could not be read."""

    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)
