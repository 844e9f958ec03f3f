"""Reading inputs, and bad input handled one file at a time."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from consilience import Settings
from consilience.errors import InputError
from consilience.ingest import read_inputs
from consilience.ingest.decode import decode_bytes

BODY = "A storm hit the coast on Monday, officials said. Three people died in the floods."


def test_reads_text_json_jsonl_html(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Storm Hits Coast\n\n" + BODY, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "r1", "text": BODY, "outlet": "Wire", "published": "2024-05-01"})
        + "\n\n"
        + json.dumps({"text": BODY + " Again."})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "c.json").write_text(json.dumps([{"text": BODY, "title": "T"}]), encoding="utf-8")
    (tmp_path / "d.html").write_text(
        "<html><head><title>Storm Hits Coast</title>"
        '<meta property="og:site_name" content="Daily Paper"></head><body><article>'
        f"<h1>Storm Hits Coast</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>",
        encoding="utf-8",
    )
    batch = read_inputs([str(tmp_path)], Settings())
    assert not batch.problems
    by_reader = {a.reader: a for a in batch.articles}
    assert [a.id for a in batch.articles] == ["a1", "a2", "a3", "a4", "a5"]
    assert by_reader["text"].title == "Storm Hits Coast"
    json_article = next(a for a in batch.articles if a.external_id == "r1")
    assert (json_article.outlet, json_article.published) == ("Wire", "2024-05-01")
    assert by_reader["html"].outlet == "Daily Paper"
    assert BODY in by_reader["html"].text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("tiny.txt", b"Hi.", "empty article"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file"),
        ("data.bin", bytes(range(256)) * 20, "binary file"),
        ("doc.pdf", b"%PDF-1.4 ...", "PDF"),
        ("bad.json", b'{"text": "unterminated', "malformed JSON"),
        ("nofield.json", b'{"title": "no text here"}', "no 'text'"),
        ("empty.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    batch = read_inputs([str(tmp_path / name), str(tmp_path / "good.txt")], Settings())
    assert len(batch.articles) == 1, "the good file is still read"
    (problem,) = batch.problems
    assert problem.source.endswith(name)
    assert reason in problem.reason


def test_malformed_jsonl_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": BODY}) + "\n{broken\n" + json.dumps({"text": BODY}) + "\n[1]\n",
        encoding="utf-8",
    )
    batch = read_inputs([str(path)], Settings())
    assert len(batch.articles) == 2
    assert [(p.line, p.reason.split(" ")[0]) for p in batch.problems] == [
        (2, "malformed"),
        (4, "record"),
    ]
    assert str(batch.problems[0]).startswith(f"{path}:2: ")


def test_missing_path_empty_dir_and_glob(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    batch = read_inputs(
        [str(tmp_path / "nope.txt"), str(tmp_path / "empty"), str(tmp_path / "*.zzz")], Settings()
    )
    assert not batch.articles
    assert [p.reason for p in batch.problems] == [
        "no such file or directory",
        "empty directory",
        "no file matches this pattern",
    ]


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.seek(50_000_000)
        fh.write(b"x")
    batch = read_inputs([str(path)], Settings())
    (problem,) = batch.problems
    assert "50.0 MB" in problem.reason and "limit" in problem.reason


def test_non_utf8_text_is_decoded_by_detection(tmp_path: Path) -> None:
    text = "Le président a déclaré que la grève était terminée. Les dockers sont rentrés chez eux."
    (tmp_path / "latin1.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    batch = read_inputs([str(tmp_path)], Settings())
    assert not batch.problems
    assert [a.text for a in batch.articles] == [text, text]


def test_gzipped_html_is_read(tmp_path: Path) -> None:
    page = f"<html><body><article><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page.encode()))
    batch = read_inputs([str(tmp_path)], Settings())
    assert not batch.problems and BODY in batch.articles[0].text


def test_decoding_keeps_the_text_exactly() -> None:
    raw = "Line one\r\nLine two\u00a0with nbsp\u2028and more"
    assert decode_bytes(raw.encode("utf-8"), "x") == raw
    with pytest.raises(InputError, match="x: empty file"):
        decode_bytes(b"", "x")
