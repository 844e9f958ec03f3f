"""The app's background worker: one thread that runs what users ask for (add these
URLs, files or feeds; poll the feeds now) and, between requests, the watch loop's rounds.
Requests return at once with a job to follow."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import queue
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from consilience.records import Problem
from consilience.service.fetch import Fetcher
from consilience.service.intake import Intake, add_inputs, add_paths
from consilience.service.store import Store
from consilience.service.update import NewVersion, refresh
from consilience.service.watch import watch_round
from consilience.settings import Settings

log = logging.getLogger(__name__)

JobState = Literal["queued", "running", "done", "failed"]
_KEEP_JOBS = 200


@dataclass
class Job:
    id: int
    what: str
    state: JobState = "queued"
    added: int = 0
    duplicates: int = 0
    feeds: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


class Worker:
    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        settings: Settings,
        *,
        watch_every: dt.timedelta | None,
        min_articles: int = 1,
        tick: float = 5.0,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.settings = settings
        self.watch_every = watch_every
        self.min_articles = min_articles
        self.tick = tick
        self.jobs: dict[int, Job] = {}
        self._queue: queue.Queue[tuple[Job, Callable[[], Intake]]] = queue.Queue()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="consilience-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def job(self, job_id: int) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def submit_inputs(self, inputs: list[str], *, feed: bool) -> Job:
        def work() -> Intake:
            return add_inputs(
                self.store,
                inputs,
                self.settings,
                fetcher=self.fetcher,
                as_feed=True if feed else None,
            )

        return self._submit(f"add {len(inputs)} input(s)", work)

    def submit_uploads(self, uploads: list[Upload]) -> Job:
        def work() -> Intake:
            with tempfile.TemporaryDirectory(prefix="consilience-upload-") as tmp:
                folder = Path(tmp)
                for number, upload in enumerate(uploads, start=1):
                    (folder / f"{number:04d}-{upload.name}").write_bytes(upload.content)
                return add_paths(
                    self.store,
                    [str(folder)],
                    self.settings,
                    label=lambda source: "upload:" + Path(source).name.split("-", 1)[-1],
                )

        return self._submit(f"upload {len(uploads)} file(s)", work)

    def submit_poll(self) -> Job:
        def work() -> Intake:
            every = self.watch_every or dt.timedelta(minutes=15)
            result = watch_round(
                self.store,
                self.fetcher,
                self.settings,
                every=every,
                force=True,
                min_articles=self.min_articles,
            )
            return result.intake

        return self._submit("poll every feed now", work)

    def _submit(self, what: str, work: Callable[[], Intake]) -> Job:
        with self._lock:
            job = Job(next(self._ids), what)
            self.jobs[job.id] = job
            for old in sorted(self.jobs)[:-_KEEP_JOBS]:
                del self.jobs[old]
        self._queue.put((job, work))
        return job

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                job, work = self._queue.get(timeout=self.tick)
            except queue.Empty:
                self._watch()
                continue
            self._do(job, work)

    def _do(self, job: Job, work: Callable[[], Intake]) -> None:
        job.state = "running"
        try:
            intake = work()
            versions = refresh(self.store, self.settings, min_articles=self.min_articles)
        except Exception as exc:  # a job that fails must not stop the worker
            log.exception("job %d failed", job.id)
            job.error = f"{type(exc).__name__}: {exc}"
            job.state = "failed"
            return
        job.added, job.duplicates, job.feeds = (
            len(intake.added),
            len(intake.duplicates),
            intake.feeds,
        )
        job.problems = [str(p) for p in intake.problems]
        job.stories = _story_ids(versions)
        job.state = "done"

    def _watch(self) -> None:
        if self.watch_every is None:
            return
        try:
            watch_round(
                self.store,
                self.fetcher,
                self.settings,
                every=self.watch_every,
                min_articles=self.min_articles,
            )
        except Exception:
            log.exception("watch round failed")


def _story_ids(versions: list[NewVersion]) -> list[str]:
    return list(dict.fromkeys(v.story_id for v in versions))


__all__ = ["Job", "Problem", "Upload", "Worker"]
