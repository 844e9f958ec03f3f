"""``consilience cluster``: a pile of mixed articles in, stories (one event each) out."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from consilience import ingest
from consilience.align.embedders import load_embedder
from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_SKIPPED,
    DebugOption,
    InputsArgument,
    MaxBytesOption,
    VerboseOption,
    configure_logging,
    fail,
    file_progress,
    report_problems,
    stderr,
    translate_errors,
    write_output,
)
from consilience.cluster import Story, StoryClusterer
from consilience.cluster.state import load_state, save_state, state_lock
from consilience.errors import bug_summary
from consilience.pipeline import analyze_articles, prepare_each
from consilience.records import Article, Problem
from consilience.safetext import display_path, escape_json_controls
from consilience.settings import Settings

log = logging.getLogger(__name__)


def cluster_command(
    inputs: InputsArgument,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the stories (JSON Lines) here, not stdout."),
    ] = None,
    analyze_dir: Annotated[
        Path | None,
        typer.Option(
            "--analyze",
            help="Write the dossier of each story of two or more articles to DIR/<story-id>.json.",
        ),
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option(
            help="Clustering state: extended when the file exists, then saved back "
            "(only the new articles are processed).",
        ),
    ] = None,
    embedder: Annotated[
        str,
        typer.Option(
            help="none | minilm | a sentence-transformers path: embeddings join the topic "
            "similarity (slower; off by default).",
        ),
    ] = "none",
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Group articles about many events into stories, one real-world event each."""
    configure_logging(verbose)
    with translate_errors(debug):
        settings = Settings(max_file_bytes=max_bytes)
        vectors = None if embedder == "none" else load_embedder(embedder)
        with file_progress(len(inputs) if len(inputs) > 1 else 0) as on_file:
            batch = ingest.read_inputs(inputs, settings, on_file=on_file, story=False)
        # Load, extend and save under the state's lock: concurrent runs take turns.
        with _locked(state):
            resumed = state is not None and state.exists()
            if state is not None and resumed:
                clusterer = load_state(state, embedder=vectors)
            else:
                clusterer = StoryClusterer(
                    keep_articles=state is not None or analyze_dir is not None, embedder=vectors
                )
            articles, problems, known = _new_articles(batch.articles, clusterer)
            prepared, failed = prepare_each(articles, settings)
            problems = [*batch.problems, *problems, *failed]
            report_problems(problems)
            if not prepared and not clusterer.articles:
                fail("no article could be read from the inputs")
            if known:
                stderr.print(
                    f"consilience: {known} article(s) were already in {display_path(state or '')}",
                    markup=False,
                )
            changed = set(clusterer.add(prepared))
            stories = clusterer.stories()
            if state is not None:
                try:
                    save_state(clusterer, state)
                except OSError as exc:
                    fail(f"cannot write {display_path(state)}: {exc.strerror or exc}")
        lines = "".join(story.model_dump_json() + "\n" for story in stories)
        write_output(escape_json_controls(lines), output)
        if analyze_dir is not None:
            new_ids = {
                clusterer.articles[a].id for n in changed for a in clusterer.nodes[n].articles
            }
            wanted = [
                s
                for s in stories
                if len(s.article_ids) >= 2 and (not resumed or new_ids & set(s.article_ids))
            ]
            problems += _write_dossiers(clusterer, wanted, analyze_dir, settings)
    if problems:
        raise typer.Exit(EXIT_SKIPPED)


def _locked(state: Path | None) -> AbstractContextManager[None]:
    if state is None:
        return nullcontext()

    def waiting() -> None:
        stderr.print(
            f"consilience: waiting for another run to finish with {display_path(state)}",
            markup=False,
        )

    return state_lock(state, on_wait=waiting)


def _new_articles(
    articles: tuple[Article, ...], clusterer: StoryClusterer
) -> tuple[list[Article], list[Problem], int]:
    """The articles not clustered yet, the problems, and how many were already in the
    state. A second record with an id already read in this run is a problem: two
    records cannot both be the article the id names."""
    known = 0
    seen: set[str] = set()
    fresh: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        article_id = article.external_id or article.source
        if article_id in seen:
            problems.append(Problem(article.source, f"duplicate article id {article_id!r}"))
            continue
        seen.add(article_id)
        if article_id in clusterer.known_ids:
            known += 1
        else:
            fresh.append(article)
    return fresh, problems, known


def _write_dossiers(
    clusterer: StoryClusterer, stories: list[Story], directory: Path, settings: Settings
) -> list[Problem]:
    """One dossier per story; a story whose analysis fails is reported and the others are
    still written. Returns the problems (failed stories, articles a stage skipped)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create {display_path(directory)}: {exc.strerror}")
    problems: list[Problem] = []
    for story in stories:
        articles = clusterer.story_articles(story)
        if len(articles) < len(story.article_ids):
            stderr.print(
                f"consilience: story {story.id}: {len(story.article_ids) - len(articles)} "
                "article text(s) are not in the state; the dossier covers the others",
                markup=False,
            )
        if not articles:
            continue
        numbered = [replace(a, id=f"a{i}") for i, a in enumerate(articles, start=1)]
        try:
            dossier = analyze_articles(numbered, settings)
        except Exception as exc:  # one story's failure never costs the others
            log.debug("story %s failed", story.id, exc_info=True)
            problems.append(Problem(f"story {story.id}", f"analysis failed: {bug_summary(exc)}"))
            report_problems(problems[-1:])
            continue
        skipped = [Problem(i.source, i.reason, i.line) for i in dossier.skipped]
        report_problems(skipped)
        problems += skipped
        write_output(dossier.to_json(), directory / f"{story.id}.json")
    return problems
