"""Compare a derived text (a rewrite, a summary, a viral post) with its original: which of
its sentences the original supports, which conflict with it (with both sides), and which
say something the original does not.

    comparison = compare_texts(original_article, derived_article)
    comparison.consistent, [s.verdict for s in comparison.sentences]

The machinery is the pipeline's: both texts are cleaned and segmented
(:func:`consilience.pipeline.prepare`), dates, quantities, quotes and names are extracted
per sentence, sentences are matched with the configured embedder. What is specific to a
comparison is in :mod:`.copy_align` (which words are copied from where),
:mod:`.features` (what the original says about each sentence), :mod:`.conflicts` and
:mod:`.verdict`.
"""

from __future__ import annotations

from dataclasses import replace

from consilience.align.embedders import Embedder, load_embedder
from consilience.compare.conflicts import ConflictFinding, Span
from consilience.compare.features import FEATURES, SentenceAnalysis, analyze_sentences
from consilience.compare.report import (
    Comparison,
    ConflictOut,
    ModelInfo,
    PassageOut,
    SentenceVerdict,
    SideName,
    SpanOut,
    TextOut,
    VerdictCounts,
)
from consilience.compare.sides import Side, build_side, claims_of, common_anchor
from consilience.compare.verdict import Weights, decide, load_weights, sentence_score
from consilience.records import Article
from consilience.settings import Settings

__all__ = [
    "Comparison",
    "Side",
    "analyze_pair",
    "compare_sides",
    "compare_texts",
    "prepare_pair",
]

ORIGINAL_ID: SideName = "original"
DERIVED_ID: SideName = "derived"


def prepare_pair(
    original: Article,
    derived: Article,
    settings: Settings,
    *,
    prepared_original: Side | None = None,
) -> tuple[Side, Side]:
    """Both sides, prepared, with ids ``original`` and ``derived`` and one date anchor.
    ``prepared_original`` (this original, prepared for an earlier pair) is reused when it
    was read against the same anchor."""
    original = replace(original, id=ORIGINAL_ID)
    derived = replace(derived, id=DERIVED_ID)
    anchor = common_anchor(original, derived, settings)
    if (
        prepared_original is None
        or prepared_original.anchor != anchor
        or prepared_original.article != original
    ):
        prepared_original = build_side(original, anchor, settings)
    return prepared_original, build_side(derived, anchor, settings)


def analyze_pair(original: Side, derived: Side, embedder: Embedder) -> list[SentenceAnalysis]:
    """The analysis of every claim sentence of ``derived`` against ``original``."""
    return analyze_sentences(original, derived, embedder, [s.index for s in claims_of(derived)])


def compare_sides(original: Side, derived: Side, settings: Settings) -> Comparison:
    """The comparison of two prepared sides (prepare an original once, compare it with
    many derived texts)."""
    embedder = load_embedder(settings.embedder)
    weights = load_weights(embedder.name)
    analyses = analyze_pair(original, derived, embedder)
    verdicts = [_verdict(original, derived, a, weights) for a in analyses]
    counts = VerdictCounts(
        supported=sum(1 for v in verdicts if v.verdict == "supported"),
        conflicting=sum(1 for v in verdicts if v.verdict == "conflicting"),
        not_in_original=sum(1 for v in verdicts if v.verdict == "not_in_original"),
    )
    return Comparison(
        consistent=counts.conflicting == 0 and counts.not_in_original == 0,
        counts=counts,
        original=_text_out(original),
        derived=_text_out(derived),
        sentences=verdicts,
        model=ModelInfo(
            embedder=embedder.name,
            threshold=round(weights.threshold, 4),
            weights=f"compare_weights.json:{weights.embedder}",
        ),
    )


def compare_texts(
    original: Article, derived: Article, settings: Settings | None = None
) -> Comparison:
    """Which sentences of ``derived`` ``original`` supports, contradicts or lacks."""
    settings = settings or Settings()
    original_side, derived_side = prepare_pair(original, derived, settings)
    return compare_sides(original_side, derived_side, settings)


def _text_out(side: Side) -> TextOut:
    article = side.article
    name: SideName = ORIGINAL_ID if article.id == ORIGINAL_ID else DERIVED_ID
    return TextOut(
        id=name,
        source=article.source,
        title=article.title,
        published=article.published,
        text=article.text,
    )


def _span(side: SideName, span: Span) -> SpanOut:
    return SpanOut(
        article_id=side, start=span.start, end=span.end, text=span.text, value=span.value
    )


def _conflict(conflict: ConflictFinding) -> ConflictOut:
    return ConflictOut(
        kind=conflict.kind,
        derived=_span(DERIVED_ID, conflict.derived),
        original=_span(ORIGINAL_ID, conflict.original),
        note=conflict.note,
    )


def _verdict(
    original: Side, derived: Side, analysis: SentenceAnalysis, weights: Weights
) -> SentenceVerdict:
    sentence = derived.sentences[analysis.sentence]
    score = sentence_score(analysis, weights)
    passages = [
        PassageOut(
            start=original.sentences[p.sentence].start,
            end=original.sentences[p.sentence].end,
            text=original.sentences[p.sentence].text,
            similarity=round(p.similarity, 4),
            copied_words=p.copied_words,
        )
        for p in analysis.passages
    ]
    return SentenceVerdict(
        index=sentence.index,
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        verdict=decide(analysis, score, weights),
        score=round(score, 4),
        passages=passages,
        conflicts=[_conflict(c) for c in analysis.conflicts],
        novel_phrases=[_span(DERIVED_ID, s) for s in analysis.novel_phrases],
        signals={name: round(analysis.feature(name), 4) for name in FEATURES},
    )
