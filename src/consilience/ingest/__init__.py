"""Ingest: read files, directories, globs, JSON Lines, JSON and HTML into :class:`Article`s.

The reader is chosen by content and extension. Every article keeps its original text
(decoded, nothing else), so that every later offset points into it. A file that cannot be
read becomes a :class:`~consilience.records.Problem` and the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from consilience.errors import InputError
from consilience.ingest.dateline import parse_plain_date
from consilience.ingest.decode import decode_bytes, maybe_gunzip
from consilience.ingest.html import looks_like_html, outlet_from_url, read_html
from consilience.ingest.plaintext import read_text_metadata
from consilience.ingest.sources import expand_inputs
from consilience.records import Article, Batch, Problem
from consilience.settings import Settings

__all__ = [
    "article_from_text",
    "expand_inputs",
    "is_json_lines",
    "read_document",
    "read_file",
    "read_inputs",
    "read_path",
    "read_record_line",
    "read_records",
]

log = logging.getLogger(__name__)

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
_JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
_MARKDOWN_EXT = {".md", ".markdown", ".mdown"}
_RECORD_FIELDS = ("id", "title", "url", "outlet", "published")


def read_inputs(
    inputs: Sequence[str],
    settings: Settings | None = None,
    *,
    on_file: Callable[[Path], None] | None = None,
) -> Batch:
    """Read every article named by ``inputs``. Articles get ids ``a1``, ``a2``, ... in
    input order (directories sorted), so a dossier is reproducible."""
    settings = settings or Settings()
    paths, problems = expand_inputs(inputs)
    articles: list[Article] = []
    for path in paths:
        if on_file is not None:
            on_file(path)
        for item in read_path(path, settings):
            if isinstance(item, Problem):
                problems.append(item)
            else:
                articles.append(item)
    numbered = tuple(_renumber(a, i) for i, a in enumerate(articles, start=1))
    return Batch(articles=numbered, problems=tuple(problems))


def _renumber(article: Article, number: int) -> Article:
    return replace(article, id=f"a{number}")


def read_path(path: Path, settings: Settings) -> Iterator[Article | Problem]:
    """:func:`read_file`, a problem with the whole file yielded as a problem too."""
    try:
        yield from read_file(path, settings)
    except InputError as exc:
        yield Problem(exc.source, exc.reason, exc.line)


def file_kind(path: Path) -> str:
    """The extension that picks the reader (``.gz`` looked through), lower case."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def is_json_lines(path: Path) -> bool:
    """Whether ``path`` is read as JSON Lines (one article per line)."""
    return file_kind(path) in _JSONL_EXT


def read_file(path: Path, settings: Settings) -> Iterator[Article | Problem]:
    """Articles in one file; per-record problems (a bad JSON Lines line) are yielded, a
    problem with the whole file raises :class:`InputError`."""
    source = str(path)
    ext = file_kind(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror})") from exc
    if ext in _JSONL_EXT:
        yield from read_records(path, settings)
        return
    if size > settings.max_file_bytes:
        raise InputError(
            source,
            f"file is {size / 1e6:.1f} MB, over the {settings.max_file_bytes / 1e6:.0f} MB limit "
            "for one article (raise --max-bytes, or use JSON Lines for many articles)",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror})") from exc
    data = maybe_gunzip(data, source, limit=settings.max_file_bytes)
    text = decode_bytes(data, source)
    if ext == ".json" or (ext not in _HTML_EXT and text.lstrip()[:1] in ("[", "{")):
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            if ext == ".json":
                raise InputError(source, f"malformed JSON: {exc.msg}", line=exc.lineno) from exc
        else:
            yield from _records_from_json(payload, source, settings)
            return
    yield read_document(
        text,
        source,
        settings,
        html=ext in _HTML_EXT or None,
        markdown=ext in _MARKDOWN_EXT,
    )


def read_document(
    text: str,
    source: str,
    settings: Settings,
    *,
    url: str | None = None,
    html: bool | None = None,
    markdown: bool = False,
) -> Article:
    """One article from a document's decoded text: an HTML page (``html=None``: when it
    looks like one) through the HTML reader, anything else as plain text or Markdown.
    ``url`` is the address the page was fetched from, if any. Raises :class:`InputError`."""
    if html or (html is None and looks_like_html(text)):
        page = read_html(text, source, url=url)
        return _checked(
            article_from_text(
                page.text,
                source,
                title=page.title,
                outlet=page.outlet,
                published=page.published,
                url=page.url or url,
                reader="html",
                detect_headline=False,
            ),
            settings,
        )
    reader = "markdown" if markdown else "text"
    return _checked(article_from_text(text, source, url=url, reader=reader), settings)


def read_records(path: Path, settings: Settings) -> Iterator[Article | Problem]:
    """Stream a JSON Lines file: one article per line, a bad line is a problem, not a stop."""
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror})") from exc
    any_line = False
    with handle:
        first = handle.read(2)
        handle.seek(0)
        if first == GZIP_MAGIC:
            raise InputError(source, GZIPPED_JSON_LINES)
        for number, raw in enumerate(handle, start=1):
            item = read_record_line(raw, source, number, settings)
            if item is not None:
                any_line = True
                yield item
    if not any_line:
        raise InputError(source, "empty file")


GZIP_MAGIC = b"\x1f\x8b"
GZIPPED_JSON_LINES = "gzip-compressed JSON Lines: decompress it first"


def read_record_line(
    raw: bytes, source: str, number: int, settings: Settings
) -> Article | Problem | None:
    """Line ``number`` of the JSON Lines file ``source``: its article, the problem with
    it, or ``None`` for a blank line."""
    if not raw.strip():
        return None
    if len(raw) > settings.max_article_chars * 4:
        return Problem(source, f"line is {len(raw) / 1e6:.1f} MB, too long", number)
    try:
        record = json.loads(raw)
        return _checked(_article_from_record(record, f"{source}:{number}"), settings)
    except json.JSONDecodeError as exc:
        return Problem(source, f"malformed JSON ({exc.msg})", number)
    except UnicodeDecodeError:
        return Problem(source, "line is not UTF-8", number)
    except InputError as exc:
        return Problem(source, exc.reason, number)


def _records_from_json(
    payload: Any, source: str, settings: Settings
) -> Iterator[Article | Problem]:
    if isinstance(payload, Mapping) and isinstance(payload.get("articles"), list):
        payload = payload["articles"]
    if isinstance(payload, Mapping):
        payload = [payload]
    if not isinstance(payload, list):
        raise InputError(source, "JSON must hold an article object or a list of them")
    for index, record in enumerate(payload):
        where = f"{source}#{index}" if len(payload) > 1 else source
        try:
            yield _checked(_article_from_record(record, where), settings)
        except InputError as exc:
            yield Problem(where, exc.reason)


def _article_from_record(record: Any, source: str) -> Article:
    if not isinstance(record, Mapping):
        raise InputError(source, "record is not a JSON object")
    fields = {k: record.get(k) for k in _RECORD_FIELDS}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str | int | float):
            raise InputError(source, f"field {key!r} must be a string")
    text = record.get("text")
    html = record.get("html")
    if not isinstance(text, str) and isinstance(html, str):
        page = read_html(html, source, url=_str(fields["url"]))
        return article_from_text(
            page.text,
            source,
            external_id=_str(fields["id"]),
            title=_str(fields["title"]) or page.title,
            outlet=_str(fields["outlet"]) or page.outlet,
            published=_str(fields["published"]) or page.published,
            url=_str(fields["url"]) or page.url,
            reader="html",
            detect_headline=False,
        )
    if not isinstance(text, str):
        raise InputError(source, "record has no 'text' string")
    return article_from_text(
        text,
        source,
        external_id=_str(fields["id"]),
        title=_str(fields["title"]),
        outlet=_str(fields["outlet"]),
        published=_str(fields["published"]),
        url=_str(fields["url"]),
        reader="json",
    )


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def normalize_published(value: str | None) -> str | None:
    """An ISO date or datetime from what a record or a page gives; ``None`` if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        date = parse_plain_date(value)
        return date.isoformat() if date else None
    if len(value) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()


def article_from_text(
    text: str,
    source: str,
    *,
    external_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    reader: str = "text",
    detect_headline: bool = True,
) -> Article:
    """Build an :class:`Article` from its text, finding the headline and dateline in it.

    A given ``title`` wins over the detected headline, but when the text opens with that
    title its span is still recorded, so the headline is not mistaken for body text.
    """
    meta = read_text_metadata(text, markdown=reader == "markdown")
    title_span = meta.title_span if detect_headline else None
    if title is not None:
        stripped = text.lstrip()
        offset = len(text) - len(stripped)
        first_line = stripped.split("\n", 1)[0].strip()
        if first_line and first_line.casefold() == title.strip().casefold():
            title_span = (offset, offset + len(first_line))
        elif meta.title_span and meta.title and meta.title.casefold() == title.casefold():
            title_span = meta.title_span
        else:
            title_span = None
    elif title_span is not None:
        title = meta.title
    dateline = meta.dateline
    published = normalize_published(published) or (dateline.published if dateline else None)
    return Article(
        id=external_id or source,
        source=source,
        text=text,
        title=title,
        outlet=outlet or outlet_from_url(url),
        published=published,
        url=url,
        place=dateline.place if dateline else None,
        reader=reader,
        title_span=title_span,
        dateline_span=(dateline.start, dateline.end) if dateline else None,
        external_id=external_id,
    )


def _checked(article: Article, settings: Settings) -> Article:
    meaningful = sum(1 for ch in article.text if not ch.isspace())
    if meaningful < settings.min_article_chars:
        what = "HTML page holds no article text" if article.reader == "html" else "empty article"
        raise InputError(article.source, f"{what} (nothing to analyze)")
    if len(article.text) > settings.max_article_chars:
        raise InputError(
            article.source,
            f"article has {len(article.text):,} characters, over the "
            f"{settings.max_article_chars:,} limit",
        )
    return article
