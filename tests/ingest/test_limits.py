"""Bounded reading: no line, page or archive is held whole past its limit."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from consilience import Settings
from consilience.errors import InputError
from consilience.ingest import parse_json, read_inputs

BODY = "Dock workers in Puerto Cabello went on strike on Monday, the port authority said."


def test_an_overlong_jsonl_line_is_skipped_without_holding_it(tmp_path: Path) -> None:
    settings = Settings(max_article_chars=10_000)  # 40 kB per line
    path = tmp_path / "feed.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": BODY}) + "\n")
        handle.write('{"text": "' + "x" * 30_000_000 + '"}\n')  # 30 MB on one line
        handle.write(json.dumps({"text": BODY + " Again."}) + "\n")
    tracemalloc.start()
    try:
        batch = read_inputs([str(path)], settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(batch.articles) == 2, "the lines after it are read"
    (problem,) = batch.problems
    assert problem.line == 2 and "30.0 MB" in problem.reason
    assert peak < 5_000_000, f"{peak / 1e6:.1f} MB held for a 30 MB line"


def test_gzip_is_read_to_its_limit_and_no_further(tmp_path: Path) -> None:
    page = f"<html><body><article><p>{BODY}</p></article></body></html>".encode()
    (tmp_path / "big.html.gz").write_bytes(gzip.compress(page + b" " * 200_000))
    batch = read_inputs([str(tmp_path)], Settings(max_file_bytes=100_000))
    (problem,) = batch.problems
    assert "decompresses to more than" in problem.reason


def test_a_decompression_bomb_is_refused_early(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"A" * 50_000_000))
    tracemalloc.start()
    try:
        batch = read_inputs([str(tmp_path)], Settings(max_file_bytes=100_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (problem,) = batch.problems
    assert "decompression bomb" in problem.reason
    assert peak < 10_000_000


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("[" * 100_000, "nested too deeply"),
        ('{"id": ' + "1" * 5000 + "}", "too many digits"),
        ('{"text": "unterminated', "malformed JSON (Unterminated string"),
        (b'{"text": "\xff"}', "not UTF-8"),
    ],
)
def test_hostile_json_is_an_input_error(data: str | bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason.replace("(", r"\(")):
        parse_json(data, "x.json")


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "' + BODY + ' \\ud800 end", "title": "\\udfff"}\n', "utf-8")
    (article,) = read_inputs([str(path)], Settings()).articles
    assert article.text == BODY + " \ufffd end" and article.title == "\ufffd"
