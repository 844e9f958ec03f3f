"""``consilience analyze-stories``: a dossier per story of a stories file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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
    output_stream,
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
from consilience.errors import bug_summary
from consilience.records import Article, Problem
from consilience.safetext import display_path
from consilience.settings import Settings

if TYPE_CHECKING:
    from consilience.cluster.settings import Story

log = logging.getLogger(__name__)

DossierWriter = Callable[[str, str], None]


def prepare_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create {display_path(directory)}: {exc.strerror}")


def write_dossier(directory: Path, story_id: str, content: str) -> None:
    """Store one story's dossier as ``DIRECTORY/<story-id>.json``, crash-safely. Every
    command that writes dossiers of many stories goes through here (a store can take
    the directory's place). Story ids are checked when read: they name no other path."""
    with output_stream(directory / f"{story_id}.json") as write:
        write(content)


def story_dossier(
    story_id: str, articles: list[Article], settings: Settings
) -> tuple[str | None, list[Problem]]:
    """The dossier JSON of one story and the problems to report (articles a stage
    skipped); a story whose analysis fails gives no dossier and one problem, so that one
    story never costs the others."""
    from consilience.pipeline import dossier_of_story

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
    embedder: Annotated[
        str, typer.Option(help="lexical | minilm | auto | a sentence-transformers model path.")
    ] = "lexical",
    ner: Annotated[str, typer.Option(help="classical | spacy:NAME_OR_PATH")] = "classical",
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

        def write(story_id: str, dossier: str) -> None:
            nonlocal written
            write_dossier(output_dir, story_id, dossier)
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
        stderr.print(f"consilience: {written} dossier(s) written to {output_dir}", markup=False)
    if problems or notes:
        raise typer.Exit(EXIT_SKIPPED)


def _here(
    path: Path, inputs: list[str], settings: Settings, min_articles: int, write: DossierWriter
) -> tuple[list[Problem], list[str]]:
    from consilience import ingest
    from consilience.cluster.story_files import missing_note, read_stories

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
    for story in stories:
        if len(story.article_ids) < min_articles or story.id in done:
            continue
        done.add(story.id)
        found = [by_id[i] for i in story.article_ids if i in by_id]
        note = missing_note(story.id, len(story.article_ids), len(found))
        if note is not None:
            notes.append(note)
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
