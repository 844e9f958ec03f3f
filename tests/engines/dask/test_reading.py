"""Partitions read where they live give what one process reads, line numbers included."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consilience import Settings
from consilience.engines.dask.reading import (
    count_newlines,
    empty_files,
    in_input_order,
    newlines_before,
    plan_partitions,
    read_partition,
)
from consilience.ingest import read_inputs
from consilience.records import Problem

_TEXT = "Rescuers searched the rubble of the school on Tuesday after the quake. " * 3
_LINES = st.one_of(
    st.builds(lambda n: json.dumps({"id": f"r{n}", "text": _TEXT + str(n)}), st.integers(0, 99)),
    st.builds(lambda n: json.dumps({"text": _TEXT + str(n)}), st.integers(0, 99)),
    st.sampled_from(["", "   ", '{"id": "x", "text": ', "[1, 2]", '{"id": "short", "text": "hi"}']),
)


def _read_in_partitions(
    inputs: list[str], target: int
) -> tuple[list[tuple[str, str, str]], list[str]]:
    layout = plan_partitions(inputs, target)
    pieces = [p for part in layout.partitions for p in part.pieces if p.is_range]
    before = newlines_before(pieces, [count_newlines(p) for p in pieces])
    articles = []
    problems = list(layout.problems)
    with_lines = []
    for part in layout.partitions:
        read = read_partition(part, {p: before[p] for p in part.pieces if p in before}, Settings())
        ordinals = [ordinal for ordinal, _ in read.articles]
        assert ordinals == sorted(ordinals)
        articles.extend((a.external_id or a.source, a.source, a.text) for _, a in read.articles)
        problems.extend(read.problems)
        with_lines.append(read.files_with_lines)
    problems.extend(empty_files(layout, with_lines))
    return articles, [str(p) for p in in_input_order(problems)]


def _read_at_once(inputs: list[str]) -> tuple[list[tuple[str, str, str]], list[str]]:
    batch = read_inputs(inputs, Settings())
    articles = [(a.external_id or a.source, a.source, a.text) for a in batch.articles]
    return articles, [str(p) for p in batch.problems]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(_LINES, max_size=30), target=st.integers(1, 4000), newline=st.booleans())
def test_byte_ranges_read_the_lines_one_pass_reads(
    tmp_path: Path, lines: list[str], target: int, newline: bool
) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + ("\n" if newline else ""), encoding="utf-8")
    assert _read_in_partitions([str(path)], target) == _read_at_once([str(path)])


def test_files_directories_and_bad_inputs_in_input_order(tmp_path: Path) -> None:
    folder = tmp_path / "pile"
    folder.mkdir()
    for name in ("b.txt", "a.md", "c.html"):
        (folder / name).write_text(f"Headline of {name}\n\n{_TEXT}", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blank.jsonl").write_text("\n\n", encoding="utf-8")
    (folder / "packed.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00rest")
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"id": "one", "text": _TEXT}) + "\n{broken\n" + json.dumps({"text": _TEXT}),
        encoding="utf-8",
    )
    inputs = [str(folder), str(tmp_path / "missing.txt"), str(records)]
    at_once = _read_at_once(inputs)
    assert len(at_once[0]) == 4  # a.md, b.txt and two records (c.html holds no article)
    assert len(at_once[1]) == 6
    for target in (1, 100, 10_000):
        assert _read_in_partitions(inputs, target) == at_once


def test_problem_order_is_stable_by_file() -> None:
    problems = [(2, Problem("c", "x")), (-1, Problem("listing", "y")), (0, Problem("a", "z"))]
    assert [p.source for p in in_input_order(problems)] == ["listing", "a", "c"]
