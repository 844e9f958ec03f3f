"""The pipeline, top to bottom: ingest → clean → segment → extract → align → provenance →
judge → report. Each stage is a module of plain functions over frozen records; this
module only wires them together, in order, with one :class:`Settings` object."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from consilience import clean, ingest, segment
from consilience.dossier import Dossier
from consilience.records import Article, PreparedArticle, Problem
from consilience.report.assemble import assemble_dossier
from consilience.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the stages produced for one story, before it is rendered."""

    articles: tuple[PreparedArticle, ...]
    problems: tuple[Problem, ...] = ()


def prepare(article: Article, settings: Settings) -> PreparedArticle:
    """Clean and segment one article."""
    artifacts = clean.clean(article, settings)
    paragraphs, sentences = segment.segment(article, artifacts)
    return PreparedArticle(article, artifacts, paragraphs, sentences)


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    problems: Sequence[Problem] = (),
) -> Dossier:
    """The dossier of one story told by ``articles``."""
    settings = settings or Settings()
    prepared = tuple(prepare(article, settings) for article in articles)
    analysis = Analysis(articles=prepared, problems=tuple(problems))
    return assemble_dossier(analysis, settings)


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
