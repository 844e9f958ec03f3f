"""Connecting to a Dask cluster, moving data between partitions, following progress.

The exchanges between stages are all-to-all: every source task deals its output into
one piece per target, and each target task receives its piece of every source (a
``getitem`` task per pair moves only that piece, as dask's own task-based shuffle does).
They are written here, on futures, instead of going through ``dask.bag.groupby``
because two of them are joins *by partition*: a target must run beside the digests of
one given input partition, which a hash-partitioned bag cannot promise.
"""

from __future__ import annotations

import importlib.util
import logging
import operator
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from distributed import Client, LocalCluster, as_completed
from distributed import Future as _Future

from consilience.errors import ConsilienceError

log = logging.getLogger(__name__)


Future = _Future[Any]


class DaskEngineError(ConsilienceError):
    """The Dask cluster cannot be reached or started."""


@contextmanager
def connect(
    scheduler: str | None = None,
    workers: int | None = None,
    *,
    processes: bool = True,
    dashboard: bool = True,
    quiet: bool = False,
) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, else of a cluster started on this
    machine with ``workers`` worker processes (default: one per core), one thread
    each (the work is Python code: processes, not threads, run it in parallel).
    ``quiet``: the local cluster logs nothing below CRITICAL (the CLI reports)."""
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskEngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    count = workers or os.cpu_count() or 1
    show_dashboard = dashboard and importlib.util.find_spec("bokeh") is not None
    try:
        with warnings.catch_warnings():
            # "Port 8787 is already in use ... on port N instead": the link says where.
            warnings.simplefilter("ignore", UserWarning)
            cluster = LocalCluster(
                n_workers=count,
                threads_per_worker=1,
                processes=processes,
                # Threads in this process talk in-process; worker processes over loopback.
                host="127.0.0.1" if processes else None,
                dashboard_address=":8787" if show_dashboard else ":0",
                silence_logs=logging.CRITICAL if quiet else logging.ERROR,
            )
    except (OSError, RuntimeError) as exc:
        raise DaskEngineError(f"cannot start a local Dask cluster: {exc}") from exc
    with cluster, Client(cluster) as client:
        yield client


def dashboard_link(client: Client) -> str | None:
    """The dashboard's address, when the scheduler serves one (it needs bokeh there)."""
    try:
        services = client.scheduler_info(n_workers=0).get("services", {})
        if "dashboard" not in services:
            return None
        # A lambda travels by value: the scheduler needs nothing of consilience.
        has_bokeh = client.run_on_scheduler(
            lambda: __import__("importlib.util").util.find_spec("bokeh") is not None
        )
    except (OSError, TimeoutError, TypeError, ValueError):
        return None
    return str(client.dashboard_link) if has_bokeh else None


class Runner:
    """Submits the stages of a run and follows them.

    ``on_progress(stage, done, total)`` is called as tasks of each followed stage end
    (the CLI draws bars with it).
    """

    def __init__(
        self, client: Client, on_progress: Callable[[str, int, int], None] | None = None
    ) -> None:
        self.client = client
        self.on_progress = on_progress
        self._stage_of: dict[object, str] = {}
        self._totals: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._pending: set[Future] = set()
        self._seen: set[object] = set()

    def submit(self, function: Callable[..., Any], *args: Any) -> Future:
        return self.client.submit(function, *args)

    def each(self, function: Callable[..., Any], *columns: Sequence[Any]) -> list[Future]:
        """``function`` once per row of ``columns`` (equal-length sequences)."""
        return [self.client.submit(function, *row) for row in zip(*columns, strict=True)]

    def pick(self, future: Future, *path: int) -> Future:
        """A part of a task's result (``result[path[0]][path[1]]...``) as a future."""
        for index in path:
            future = self.client.submit(operator.getitem, future, index)
        return future

    def exchange(self, sources: Sequence[Future], count: int) -> list[list[Future]]:
        """For each of ``count`` targets, its piece of every source (each source's
        result is a sequence of ``count`` pieces)."""
        pieces = [
            self.client.map(operator.getitem, [source] * count, range(count), pure=True)
            for source in sources
        ]
        return [[pieces[s][t] for s in range(len(sources))] for t in range(count)]

    def follow(self, stage: str, futures: Sequence[Future]) -> None:
        """Count ``futures`` in ``stage``'s progress."""
        self._totals[stage] = self._totals.get(stage, 0) + len(futures)
        self._done.setdefault(stage, 0)
        for future in futures:
            self._stage_of[future.key] = stage
            self._pending.add(future)
        self._report(stage)

    def wait(self, futures: Sequence[Future]) -> None:
        """Until ``futures`` are done, reporting the progress of every followed stage."""
        wanted = {future.key for future in futures}
        done = {future.key for future in futures if future.done()}
        if done >= wanted:
            self._drain()
            return
        queue = as_completed(list(self._pending | set(futures)))
        for future in queue:
            self._mark(future)
            done.add(future.key)
            if done >= wanted:
                break
        self._drain()

    def _drain(self) -> None:
        for future in [f for f in self._pending if f.done()]:
            self._mark(future)

    def _mark(self, future: Future) -> None:
        self._pending.discard(future)
        stage = self._stage_of.get(future.key)
        if stage is None or future.key in self._seen:
            return
        self._seen.add(future.key)
        self._done[stage] += 1
        self._report(stage)

    def _report(self, stage: str) -> None:
        if self.on_progress is not None:
            self.on_progress(stage, self._done[stage], self._totals[stage])
