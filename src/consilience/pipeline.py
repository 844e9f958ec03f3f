"""The pipeline, top to bottom: ingest → clean → segment → extract → align → provenance →
judge → report. Each stage is a module of plain functions over frozen records; this
module only wires them together, in order, with one :class:`Settings` object."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from consilience import clean, ingest, segment
from consilience.align.claims import align_claims, threshold_for
from consilience.align.embedders import load_embedder
from consilience.dossier import Dossier
from consilience.extract.story import StoryExtraction, extract_story
from consilience.judge import Judgment, judge_story
from consilience.judge.signals import article_signals
from consilience.provenance import Provenance, trace_provenance
from consilience.records import Article, PreparedArticle, Problem
from consilience.report.assemble import assemble_dossier
from consilience.settings import Settings

log = logging.getLogger(__name__)

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


def prepare(article: Article, settings: Settings) -> PreparedArticle:
    """Clean and segment one article."""
    artifacts = clean.clean(article, settings)
    paragraphs, sentences = segment.segment(article, artifacts)
    return PreparedArticle(article, artifacts, paragraphs, sentences)


def analyze_story(articles: Sequence[Article], settings: Settings) -> Analysis:
    """Run every stage after ingest on the articles of one story."""
    prepared = [prepare(article, settings) for article in articles]
    story = extract_story(prepared, settings)
    prepared = [
        PreparedArticle(
            p.article,
            p.artifacts,
            p.paragraphs,
            p.sentences,
            article_signals(p, story.articles.get(p.id)),
        )
        for p in prepared
    ]
    embedder = load_embedder(settings.embedder)
    claims = align_claims(prepared, story.anchors, embedder, settings)
    credits = {article_id: e.cited_outlets for article_id, e in story.articles.items()}
    provenance = trace_provenance(prepared, claims, credits, settings)
    judgment = judge_story(
        prepared,
        claims,
        story,
        provenance,
        settings,
        claim_threshold=threshold_for(embedder, settings),
    )
    return Analysis(tuple(prepared), story, provenance, judgment, embedder.name)


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    problems: Sequence[Problem] = (),
) -> Dossier:
    """The dossier of one story told by ``articles``."""
    settings = settings or Settings()
    analysis = analyze_story(articles, settings)
    return assemble_dossier(analysis, settings, problems=problems)


def dossier_of_story(articles: Sequence[Article], settings: Settings | None = None) -> Dossier:
    """The dossier of a story found by the clustering: its articles, in the story's
    order, numbered ``a1``, ``a2``, ... as one ``analyze`` run numbers its inputs."""
    numbered = [replace(article, id=f"a{n}") for n, article in enumerate(articles, start=1)]
    return analyze_articles(numbered, settings)


def analyze(
    inputs: Sequence[str | Path],
    settings: Settings | None = None,
    *,
    on_file: Callable[[Path], None] | None = None,
) -> Dossier:
    """Read ``inputs`` (files, directories, globs) and analyze them as one story."""
    settings = settings or Settings()
    batch = ingest.read_inputs([str(i) for i in inputs], settings, on_file=on_file)
    for problem in batch.problems:
        log.warning("skipped %s", problem)
    return analyze_articles(batch.articles, settings, problems=batch.problems)
