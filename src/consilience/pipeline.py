"""The pipeline, top to bottom: ingest → clean → segment → extract → align → provenance →
judge → report. Each stage is a module of plain functions over frozen records; this
module only wires them together, in order, with one :class:`Settings` object.

The per-article stages (clean, segment, parse, extract, signals) of a large story can run
on a pool of processes (``jobs``); the result is the same as in one process: each
article's work depends on that article alone (and on the story's anchor date, computed
between the two rounds), and results are put back in the articles' order."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from consilience import clean, ingest, segment
from consilience.align.claims import align_claims, threshold_for
from consilience.align.embedders import load_embedder
from consilience.analysis import Analysis
from consilience.dossier import Dossier
from consilience.errors import bug_summary
from consilience.extract.parse import ParsedSentence, load_parser
from consilience.extract.story import (
    StoryExtraction,
    anchor_date,
    assemble_story,
    extract_article,
    extract_story,
)
from consilience.gc_tuning import fewer_collections
from consilience.judge import judge_story
from consilience.judge.signals import article_signals
from consilience.provenance import trace_provenance
from consilience.records import (
    SKIPPED_RECORD,
    Article,
    ArticleExtraction,
    Finding,
    PreparedArticle,
    Problem,
)
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
        log.warning("skipped %s", problem, extra={SKIPPED_RECORD: problem})
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


#: Stories of fewer articles are prepared and extracted in this process: starting a pool
#: and moving the articles to it would cost more than it saves.
PARALLEL_MIN_ARTICLES = 32


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyze_story(articles: Sequence[Article], settings: Settings, *, jobs: int = 1) -> Analysis:
    """Run every stage after ingest on the articles of one story. An article whose
    cleaning, segmentation or extraction fails is left out (and named in
    ``Analysis.problems``); one whose signals fail keeps its other results. With
    ``jobs`` > 1, a story of :data:`PARALLEL_MIN_ARTICLES` or more has its per-article
    stages run on that many processes, with the same result."""
    with fewer_collections():  # the stages allocate much and make few cycles
        seconds: dict[str, float] = {}
        if jobs > 1 and len(articles) >= PARALLEL_MIN_ARTICLES:
            prepared, story, problems = _per_article_on_pool(articles, settings, jobs, seconds)
        else:
            prepared, story, problems = _per_article_here(articles, settings, seconds)
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


def _per_article_here(
    articles: Sequence[Article], settings: Settings, seconds: dict[str, float]
) -> tuple[list[PreparedArticle], StoryExtraction, list[Problem]]:
    with _timed("prepare", seconds):
        prepared, problems = prepare_each(articles, settings)
    with _timed("extract", seconds):
        story = extract_story(
            prepared,
            settings,
            guard=lambda p, work: _isolated("extract", p.article, work, problems),
        )
        prepared = [
            _with_signals(
                p,
                _isolated(
                    "signals",
                    p.article,
                    partial(article_signals, p, story.articles[p.id]),
                    problems,
                ),
            )
            for p in prepared
            if p.id in story.articles
        ]
    return prepared, story, problems


def _with_signals(
    prepared: PreparedArticle, signals: tuple[Finding, ...] | None
) -> PreparedArticle:
    return PreparedArticle(
        prepared.article, prepared.artifacts, prepared.paragraphs, prepared.sentences, signals or ()
    )


@dataclass(frozen=True, slots=True)
class _Prepared:
    """One article's clean and segment stage, run on a worker."""

    prepared: PreparedArticle | None
    problems: tuple[Problem, ...]
    seconds: float


@dataclass(frozen=True, slots=True)
class _Extracted:
    """One article's parse, extraction and signals, run on a worker."""

    parses: dict[tuple[str, int], ParsedSentence]
    extraction: ArticleExtraction | None
    signals: tuple[Finding, ...] | None
    #: (stage, problem): extraction and signal failures are reported stage by stage
    problems: tuple[tuple[str, Problem], ...]
    seconds: float


def _prepare_on_worker(article: Article, settings: Settings) -> _Prepared:
    started = time.process_time()
    problems: list[Problem] = []
    prepared = _isolated("clean/segment", article, partial(prepare, article, settings), problems)
    return _Prepared(prepared, tuple(problems), time.process_time() - started)


def _extract_on_worker(
    prepared: PreparedArticle, anchor: dt.date | None, settings: Settings
) -> _Extracted:
    started = time.process_time()
    parses = load_parser(settings.ner).parse([prepared])
    date = prepared.article.published_date or anchor
    problems: list[Problem] = []
    extraction = _isolated(
        "extract",
        prepared.article,
        partial(extract_article, prepared, date, settings, parses),
        problems,
    )
    failed: list[tuple[str, Problem]] = [("extract", p) for p in problems]
    signals = None
    if extraction is not None:
        problems = []
        signals = _isolated(
            "signals", prepared.article, partial(article_signals, prepared, extraction), problems
        )
        failed += [("signals", p) for p in problems]
    return _Extracted(parses, extraction, signals, tuple(failed), time.process_time() - started)


@contextmanager
def _quiet() -> Iterator[None]:
    """No warnings from a warm-up run: its article is analyzed again, and reported, on
    the pool."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)


def _per_article_on_pool(
    articles: Sequence[Article], settings: Settings, jobs: int, seconds: dict[str, float]
) -> tuple[list[PreparedArticle], StoryExtraction, list[Problem]]:
    """:func:`_per_article_here` on ``jobs`` processes: the same articles, extractions and
    problems in the same order. The seconds of each stage add up the workers' CPU."""
    # The first article, analyzed here, loads the lexicons and models, which forked
    # workers then share instead of each loading their own.
    with _timed("prepare", seconds), _quiet():
        warm = _prepare_on_worker(articles[0], settings)
    with _timed("extract", seconds), _quiet():
        if warm.prepared is not None:
            _extract_on_worker(warm.prepared, settings.reference_date, settings)
    # Loaded here: a story analyzed in one process never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(articles) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        done = list(
            pool.map(partial(_prepare_on_worker, settings=settings), articles, chunksize=chunk)
        )
        problems = [p for d in done for p in d.problems]
        prepared = [d.prepared for d in done if d.prepared is not None]
        seconds["prepare"] += sum(d.seconds for d in done)
        anchor = anchor_date(prepared, settings)
        extracted = list(
            pool.map(
                partial(_extract_on_worker, anchor=anchor, settings=settings),
                prepared,
                chunksize=chunk,
            )
        )
    with _timed("extract", seconds):
        seconds["extract"] += sum(e.seconds for e in extracted)
        for stage in ("extract", "signals"):
            problems += [p for e in extracted for s, p in e.problems if s == stage]
        parses = {key: parse for e in extracted for key, parse in e.parses.items()}
        per_article = {
            p.id: e.extraction
            for p, e in zip(prepared, extracted, strict=True)
            if e.extraction is not None
        }
        story = assemble_story(prepared, per_article, parses, settings)
        prepared = [
            _with_signals(p, e.signals)
            for p, e in zip(prepared, extracted, strict=True)
            if e.extraction is not None
        ]
    return prepared, story, problems


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    *,
    problems: Sequence[Problem] = (),
    jobs: int = 1,
) -> Dossier:
    """The dossier of one story told by ``articles`` (within the story limits: the
    articles past them are named in ``skipped``). ``jobs``: processes for the
    per-article stages of a large story (the dossier is the same)."""
    settings = settings or Settings()
    kept, refused = ingest.within_story_limits(articles, settings)
    analysis = analyze_story(kept, settings, jobs=jobs)
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
        log.warning("skipped %s", problem, extra={SKIPPED_RECORD: problem})
    return analyze_articles(batch.articles, settings, problems=batch.problems)
