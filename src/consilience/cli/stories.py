"""``consilience analyze-stories``: a dossier per story of a stories file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from consilience.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_SKIPPED,
    DebugOption,
    EmbedderOption,
    InputsArgument,
    MaxBytesOption,
    NerOption,
    VerboseOption,
    configure_logging,
    fail,
    file_progress,
    progress_bar,
    report_problems,
    stderr,
    translate_errors,
)
from consilience.cli.engine import (
    Engine,
    EngineOption,
    SchedulerOption,
    WorkersOption,
    check_engine_options,
    dask_session,
)
from consilience.cli.story_index import report_writer, write_index
from consilience.cluster.settings import Story
from consilience.cluster.story_files import missing_note, read_stories
from consilience.errors import bug_summary
from consilience.records import Article, Problem
from consilience.safetext import display_path
from consilience.settings import Settings

if TYPE_CHECKING:
    from consilience.cluster.settings import Story

log = logging.getLogger(__name__)

DossierWriter = Callable[[str, str], None]


class StoriesFormat(StrEnum):
    json = "json"
    html = "html"


StoriesFormatOption = Annotated[
    StoriesFormat,
    typer.Option(
        "--format",
        "-f",
        help="What is written per story: json, its dossier as DIR/<story-id>.json; html, "
        "also its report DIR/<story-id>.html, and DIR/index.html listing the stories.",
    ),
]


def prepare_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create {display_path(directory)}: {exc.strerror}")


def story_dossier(
    story_id: str, articles: list[Article], settings: Settings
) -> tuple[str | None, list[Problem]]:
    """The dossier JSON of one story and the problems to report (articles a stage
    skipped); a story whose analysis fails gives no dossier and one problem, so that one
    story never costs the others."""
    from consilience.pipeline import dossier_of_story

    log.info("story %s: %d article(s)", story_id, len(articles))
    try:
        dossier = dossier_of_story(articles, settings)
    except Exception as exc:
        log.debug("story %s failed", story_id, exc_info=True)
        return None, [Problem(f"story {story_id}", f"analysis failed: {bug_summary(exc)}")]
    skipped = [Problem(item.source, item.reason, item.line) for item in dossier.skipped]
    return dossier.to_json(), skipped


def analyze_stories_command(
    stories: Annotated[
        Path,
        typer.Argument(metavar="STORIES.jsonl", help="Stories written by `consilience cluster`."),
    ],
    inputs: InputsArgument,
    output_dir: Annotated[
        Path,
        typer.Option("--output", "-o", help="Write each dossier to DIR/<story-id>.json."),
    ] = Path("dossiers"),
    min_articles: Annotated[
        int,
        typer.Option(
            "--min-articles", min=1, help="Analyze stories of this many articles or more."
        ),
    ] = 2,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    embedder: EmbedderOption = "lexical",
    ner: NerOption = "classical",
    output_format: StoriesFormatOption = StoriesFormat.json,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Write the dossier of each story (of two or more articles) of a stories file,
    from the articles in INPUT."""
    configure_logging(verbose)
    check_engine_options(engine, scheduler, workers)
    with translate_errors(debug):
        settings = Settings(embedder=embedder, ner=ner, max_file_bytes=max_bytes)
        if not stories.is_file():
            fail(f"{stories}: no such file")
        prepare_directory(output_dir)
        written = 0
        write_report = report_writer(output_dir, output_format.value)

        def write(story_id: str, dossier: str) -> None:
            nonlocal written
            write_report(story_id, dossier)
            written += 1

        if engine is Engine.dask:
            problems, notes = _on_dask(
                stories, inputs, settings, min_articles, write, scheduler, workers, verbose
            )
        else:
            problems, notes = _here(stories, inputs, settings, min_articles, write)
        report_problems(problems)
        for note in notes:
            stderr.print(f"consilience: {note}", markup=False)
        what = "dossier(s)" if output_format is StoriesFormat.json else "report(s)"
        if output_format is StoriesFormat.html:
            write_index(output_dir, _stories_of(stories))
            what += f" and {output_dir / 'index.html'}"
        stderr.print(f"consilience: {written} {what} written to {output_dir}", markup=False)
    if problems or notes:
        raise typer.Exit(EXIT_SKIPPED)


def _stories_of(path: Path) -> list[Story]:
    return [item for item in read_stories(path) if isinstance(item, Story)]


def _here(
    path: Path, inputs: list[str], settings: Settings, min_articles: int, write: DossierWriter
) -> tuple[list[Problem], list[str]]:
    from consilience import ingest
    from consilience.cluster.story_files import read_stories

    problems: list[Problem] = []
    stories: list[Story] = []
    for item in read_stories(path):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            stories.append(item)
    with file_progress(len(inputs) if len(inputs) > 1 else 0) as on_file:
        batch = ingest.read_inputs(inputs, settings, on_file=on_file, story=False)
    problems.extend(batch.problems)
    by_id: dict[str, Article] = {}
    for article in batch.articles:
        article_id = article.external_id or article.source
        if article_id in by_id:
            problems.append(Problem(article.source, f"duplicate article id {article_id!r}"))
        else:
            by_id[article_id] = article
    notes: list[str] = []
    done: set[str] = set()
    wanted = [s for s in stories if len(s.article_ids) >= min_articles]
    with progress_bar("analyzing", len(wanted)) as step:
        for story in wanted:
            if story.id in done:
                continue
            done.add(story.id)
            found = [by_id[i] for i in story.article_ids if i in by_id]
            note = missing_note(story.id, len(story.article_ids), len(found))
            if note is not None:
                notes.append(note)
            if step is not None:
                step(story.title or story.id)
            if found:
                dossier, story_problems = story_dossier(story.id, found, settings)
                problems.extend(story_problems)
                if dossier is not None:
                    write(story.id, dossier)
    return problems, notes


def _on_dask(
    path: Path,
    inputs: list[str],
    settings: Settings,
    min_articles: int,
    write: DossierWriter,
    scheduler: str | None,
    workers: int | None,
    verbose: int,
) -> tuple[list[Problem], list[str]]:
    with dask_session(scheduler, workers, verbose) as (client, on_progress):
        from consilience.engines.dask.dossiers import analyze_stories

        run = analyze_stories(
            client,
            str(path),
            inputs,
            write,
            settings,
            min_articles=min_articles,
            on_progress=on_progress,
        )
    return run.problems, run.notes
