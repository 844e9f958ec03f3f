"""The pipeline, top to bottom: ingest → clean → segment → extract → align → provenance →
judge → report. Each stage is a module of plain functions over frozen records; this
module only wires them together, in order, with one :class:`Settings` object."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from consilience import clean, ingest, segment
from consilience.align.claims import align_claims, threshold_for
from consilience.align.embedders import load_embedder
from consilience.analysis import Analysis
from consilience.dossier import Dossier
from consilience.errors import bug_summary
from consilience.extract.story import extract_story
from consilience.judge import judge_story
from consilience.judge.signals import article_signals
from consilience.provenance import trace_provenance
from consilience.records import Article, PreparedArticle, Problem
from consilience.report.assemble import assemble_dossier
from consilience.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")


@contextmanager
def _timed(stage: str, seconds: dict[str, float]) -> Iterator[None]:
    started = time.process_time()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.process_time() - started
        log.info("stage %s: %.2f s", stage, seconds[stage])


def prepare(article: Article, settings: Settings) -> PreparedArticle:
    """Clean and segment one article."""
    artifacts = clean.clean(article, settings)
    paragraphs, sentences = segment.segment(article, artifacts)
    return PreparedArticle(article, artifacts, paragraphs, sentences)


def _isolated(
    stage: str, article: Article, work: Callable[[], T], problems: list[Problem]
) -> T | None:
    """``work()``, one article's stage. An exception costs that article's part, never the
    story: it is logged in one line naming the article and recorded in ``problems``."""
    try:
        return work()
    except Exception as exc:
        problem = Problem(article.source, f"{stage} failed: {bug_summary(exc)}")
        log.warning("skipped %s", problem)
        log.debug("%s failed on %s", stage, article.source, exc_info=True)
        problems.append(problem)
        return None


def prepare_each(
    articles: Iterable[Article], settings: Settings
) -> tuple[list[PreparedArticle], list[Problem]]:
    """:func:`prepare` for each article; one that fails is left out and named in the
    problems."""
    problems: list[Problem] = []
    prepared = [
        p
        for a in articles
        if (p := _isolated("clean/segment", a, partial(prepare, a, settings), problems))
    ]
    return prepared, problems


def analyze_story(articles: Sequence[Article], settings: Settings) -> Analysis:
    """Run every stage after ingest on the articles of one story. An article whose
    cleaning, segmentation or extraction fails is left out (and named in
    ``Analysis.problems``); one whose signals fail keeps its other results."""
    seconds: dict[str, float] = {}
    with _timed("prepare", seconds):
        prepared, problems = prepare_each(articles, settings)
    with _timed("extract", seconds):
        story = extract_story(
            prepared,
            settings,
            guard=lambda p, work: _isolated("extract", p.article, work, problems),
        )
        prepared = [
            PreparedArticle(
                p.article,
                p.artifacts,
                p.paragraphs,
                p.sentences,
                _isolated(
                    "signals",
                    p.article,
                    partial(article_signals, p, story.articles[p.id]),
                    problems,
                )
                or (),
            )
            for p in prepared
            if p.id in story.articles
        ]
    with _timed("align", seconds):
        embedder = load_embedder(settings.embedder)
        claims = align_claims(prepared, story.anchors, embedder, settings)
    with _timed("provenance", seconds):
        provenance = trace_provenance(prepared, claims, story, settings)
    with _timed("judge", seconds):
        judgment = judge_story(
            prepared,
            claims,
            story,
            provenance,
            settings,
            claim_threshold=threshold_for(embedder, settings),
        )
    return Analysis(
        tuple(prepared), story, provenance, judgment, embedder.name, tuple(problems), seconds
    )


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    problems: Sequence[Problem] = (),
) -> Dossier:
    """The dossier of one story told by ``articles`` (within the story limits: the
    articles past them are named in ``skipped``)."""
    settings = settings or Settings()
    kept, refused = ingest.within_story_limits(articles, settings)
    analysis = analyze_story(kept, settings)
    return assemble_dossier(analysis, settings, problems=[*problems, *refused, *analysis.problems])


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
