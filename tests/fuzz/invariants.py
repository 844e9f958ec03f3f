"""What must hold for any input, however hostile: the checks every fuzzed input runs.

* no exception escapes, and no stage failed on an article (the pipeline isolates a
  failing article and records it; the fuzzer counts that as a crash all the same);
* every span round-trips: ``article.text[start:end] == text`` for artifacts, findings,
  claim support, conflict sides, quote variants, timeline mentions, summary sentences;
* ids are consistent: every article, claim and conflict id a part refers to exists;
* the JSON is valid against ``schema/dossier.schema.json``;
* the same input gives the same dossier;
* the text and Markdown views carry no control character (no escape sequence reaches
  a terminal);
* no input takes more than :data:`TIME_LIMIT` seconds.
"""

from __future__ import annotations

import functools
import json
import re
import signal
import tempfile
import threading
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from consilience import Settings
from consilience.dossier import Dossier
from consilience.ingest import read_inputs
from consilience.pipeline import analyze_articles
from consilience.report.render import render
from tests.fuzz.strategies import InputFile, write_files

SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "dossier.schema.json"
#: How a problem caused by a bug (not by bad input) is worded.
BUG_MARK = "a bug in consilience"
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FAILURE_KINDS = ("crash", "slow", "span", "ids", "schema", "nondeterministic", "terminal")
#: Seconds one input may take: ordinary inputs take well under one; past this, something
#: grows quadratically or worse with the input.
TIME_LIMIT = 60.0


@dataclass
class Outcome:
    """What one input did: how many articles were analyzed and what failed."""

    articles: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: The inputs skipped, and why (as the dossier names them).
    problems: list[str] = field(default_factory=list)

    def fail(self, kind: str, detail: str) -> None:
        self.failures.append((kind, detail[-3000:]))  # a traceback ends with its cause


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


class _OvertimeError(Exception):
    """An input ran past its time limit."""


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_OvertimeError` in the code running after ``seconds`` of the process's
    CPU time (main thread of a Unix process only; elsewhere no limit). CPU time, not wall
    time, so that a loaded machine does not turn a slow input into a hang."""
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def overtime(signum: int, frame: object) -> None:
        raise _OvertimeError(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGVTALRM, overtime)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def check_files(
    files: Sequence[InputFile],
    settings: Settings | None = None,
    *,
    deep: bool = True,
    seconds: float | None = TIME_LIMIT,
) -> Outcome:
    """Write ``files`` into a fresh directory, read and analyze them as one story, and
    check every invariant (``deep``: also the schema, determinism and the text views,
    the slower checks). An exception anywhere is a crash, never an error of the check;
    running past ``seconds`` (a quadratic or worse path) is a failure of its own."""
    settings = settings or Settings(min_article_chars=1)
    outcome = Outcome()
    step = "write"
    try:
        with (
            _time_limit(seconds),
            tempfile.TemporaryDirectory(prefix="consilience-fuzz-") as workdir,
        ):
            write_files(Path(workdir), files)
            step = "read"
            batch = read_inputs([workdir], settings)
            outcome.problems = [str(p).replace(workdir, "") for p in batch.problems]
            for problem in batch.problems:
                if BUG_MARK in problem.reason:
                    outcome.fail("crash", f"ingest: {problem}")
            if not batch.articles:
                return outcome
            outcome.articles = len(batch.articles)
            step = "analyze"
            dossier = analyze_articles(batch.articles, settings, problems=batch.problems)
            outcome.problems = [
                f"{i.source}: {i.reason}".replace(workdir, "") for i in dossier.skipped
            ]
            step = "check"
            check_dossier(dossier, outcome)
            if deep:
                step = "deep check"
                _check_deep(dossier, batch.articles, batch.problems, settings, outcome)
    except _OvertimeError:
        outcome.fail("slow", f"{step}: " + traceback.format_exc())
    except Exception:
        outcome.fail("crash", f"{step}: " + traceback.format_exc())
    return outcome


def _check_deep(
    dossier: Dossier,
    articles: Sequence[Any],
    problems: Sequence[Any],
    settings: Settings,
    outcome: Outcome,
) -> None:
    data = json.loads(dossier.to_json())
    for error in list(_validator().iter_errors(data))[:3]:
        outcome.fail("schema", f"{list(error.absolute_path)}: {error.message}")
    again = analyze_articles(articles, settings, problems=problems)
    if again.model_dump(exclude={"generated_at"}) != dossier.model_dump(exclude={"generated_at"}):
        outcome.fail("nondeterministic", "a second analysis of the same input differs")
    for fmt in ("text", "md"):
        shown = render(dossier, fmt)
        unsafe = _TERMINAL_UNSAFE.search(shown)
        if unsafe:
            outcome.fail("terminal", f"{fmt} view holds {unsafe.group()!r}")


def check_dossier(dossier: Dossier, outcome: Outcome) -> None:
    """The span and id invariants of one dossier."""
    for item in dossier.skipped:
        if BUG_MARK in item.reason:
            outcome.fail("crash", f"stage: {item.source}: {item.reason}")
    texts = {a.id: a.text for a in dossier.articles}
    if len(texts) != len(dossier.articles):
        outcome.fail("ids", "two articles share an id")
    claim_ids = {c.id for c in dossier.claims}
    conflict_ids = {c.id for c in dossier.conflicts}

    def span(where: str, article_id: str, start: int, end: int, text: str) -> None:
        if article_id not in texts:
            outcome.fail("ids", f"{where}: no article {article_id!r}")
        elif not 0 <= start <= end <= len(texts[article_id]):
            outcome.fail("span", f"{where}: {start}-{end} outside {article_id}")
        elif texts[article_id][start:end] != text:
            found = texts[article_id][start:end]
            outcome.fail("span", f"{where}: {text!r} is not {article_id}[{start}:{end}] {found!r}")

    def ids(where: str, wanted: Iterable[str], known: set[str] | dict[str, str]) -> None:
        for value in wanted:
            if value not in known:
                outcome.fail("ids", f"{where}: unknown id {value!r}")

    for article in dossier.articles:
        for a in article.artifacts:
            span(f"artifact {a.kind}", article.id, a.start, a.end, a.text)
        for f in article.findings:
            span(f"finding {f.kind}", article.id, f.start, f.end, f.text)
        if article.title_span is not None and not (
            0 <= article.title_span[0] <= article.title_span[1] <= len(article.text)
        ):
            outcome.fail("span", f"title_span of {article.id} outside the text")
    passages: list[tuple[str, Any]] = [
        *((f"claim {c.id}", p) for c in dossier.claims for p in c.support),
        *((f"conflict {c.id}", side) for c in dossier.conflicts for side in c.sides),
        *((f"quote {q.id}", v) for q in dossier.quotes for v in q.variants),
        *((f"timeline {e.date}", m) for e in dossier.timeline for m in e.mentions),
        *(("summary", s) for s in dossier.story.summary),
    ]
    for where, p in passages:
        span(where, p.article_id, p.start, p.end, p.text)
    references: list[tuple[str, Iterable[str], set[str] | dict[str, str]]] = [
        *((f"claim {c.id}", c.conflict_ids, conflict_ids) for c in dossier.claims),
        *((f"conflict {c.id}", c.claim_ids, claim_ids) for c in dossier.conflicts),
        *((f"quote {q.id}", q.article_ids, texts) for q in dossier.quotes),
        *((f"timeline {e.date}", e.article_ids, texts) for e in dossier.timeline),
        *((f"entity {e.name}", e.article_ids, texts) for e in dossier.entities),
        ("summary", [s.claim_id for s in dossier.story.summary if s.claim_id], claim_ids),
        ("provenance", [a for group in dossier.provenance.origin_groups for a in group], texts),
        ("provenance", [x for e in dossier.provenance.edges for x in (e.source, e.target)], texts),
    ]
    for where, wanted, known in references:
        ids(where, wanted, known)
