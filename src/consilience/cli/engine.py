"""``--engine local|dask``: the options, the Dask session and its progress bars.

Dask is imported only when ``--engine dask`` is given (``consilience --help`` does not
pay for it), and only from here: the engine is an optional extra.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from consilience.cli.common import EXIT_USAGE, fail, stderr

if TYPE_CHECKING:
    from distributed import Client

ProgressCallback = Callable[[str, int, int], None]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="local: this process. dask: a Dask cluster, the same result "
        "(needs the 'dask' extra: pip install 'consilience[dask]').",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="With --engine dask: the scheduler of a running cluster (default: start one "
        "on this machine).",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="With --engine dask and no --scheduler: worker processes to start "
        "(default: one per core).",
    ),
]


def check_engine_options(engine: Engine, scheduler: str | None, workers: int | None) -> None:
    if engine is Engine.local and (scheduler is not None or workers is not None):
        fail("--scheduler and --workers go with --engine dask", EXIT_USAGE)
    if scheduler is not None and workers is not None:
        fail(
            "--workers starts a cluster on this machine; with --scheduler, the cluster "
            "you point at has its own workers",
            EXIT_USAGE,
        )


@contextmanager
def dask_session(
    scheduler: str | None, workers: int | None, verbose: int
) -> Iterator[tuple[Client, ProgressCallback]]:
    """A client of the cluster the options name, and a progress callback drawing one
    bar per stage on stderr (on a terminal). Prints the dashboard's link if any."""
    try:
        from consilience.engines.dask.runtime import connect, dashboard_link
    except ImportError as exc:
        fail(
            f"--engine dask needs Dask ({exc.name} is not installed): "
            "pip install 'consilience[dask]'",
            EXIT_USAGE,
        )
    if verbose < 2:
        for name in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    with connect(scheduler, workers, quiet=verbose < 2) as client:
        link = dashboard_link(client)
        if link:
            stderr.print(f"consilience: Dask dashboard at {link}", markup=False)
        with stage_progress() as on_progress:
            yield client, on_progress


@contextmanager
def stage_progress() -> Iterator[ProgressCallback]:
    """One bar per stage, drawn as the stages' tasks end (nothing off a terminal)."""
    if not stderr.is_terminal:
        yield lambda stage, done, total: None
        return
    with Progress(
        TextColumn("{task.description:>13}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=stderr,
        transient=True,
    ) as progress:
        bars: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                bars[stage] = progress.add_task(stage, total=total)
            progress.update(bars[stage], completed=done, total=total)

        yield update
