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
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from consilience.errors import InputError, bug_summary
from consilience.ingest.dateline import parse_plain_date
from consilience.ingest.decode import decode_bytes, maybe_gunzip
from consilience.ingest.logs import reading
from consilience.ingest.outlets import is_outlet, outlet_from_url
from consilience.ingest.plaintext import read_text_metadata
from consilience.ingest.sniff import looks_like_html
from consilience.ingest.sources import expand_inputs
from consilience.records import Article, Batch, Problem
from consilience.safetext import display_path, open_input, replace_surrogates
from consilience.settings import Settings

if TYPE_CHECKING:
    from consilience.ingest.html import HtmlArticle

__all__ = [
    "article_from_text",
    "expand_inputs",
    "is_json_lines",
    "leave_out_outlets",
    "read_document",
    "read_file",
    "read_inputs",
    "read_path",
    "read_record_line",
    "read_records",
    "within_story_limits",
]

log = logging.getLogger(__name__)

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
_JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
_MARKDOWN_EXT = {".md", ".markdown", ".mdown"}
_RECORD_FIELDS = ("id", "title", "url", "outlet", "published")
_SKIP_CHUNK = 1 << 20


def read_inputs(
    inputs: Sequence[str],
    settings: Settings | None = None,
    *,
    on_file: Callable[[Path], None] | None = None,
    story: bool = True,
) -> Batch:
    """Read every article named by ``inputs``. Articles get ids ``a1``, ``a2``, ... in
    input order (directories sorted), so a dossier is reproducible.

    With ``story`` (one story is being read), reading stops at the story limits
    (``settings.max_story_articles``, ``max_story_chars``) and every input not read is
    reported; a pile for clustering passes ``story=False``. A file that fails in any way,
    a bug of a reader included, becomes a problem and the batch goes on."""
    settings = settings or Settings()
    paths, problems = expand_inputs(inputs)
    budget = _StoryBudget(settings) if story else None
    articles: list[Article] = []
    for path in paths:
        source = display_path(path)
        if budget is not None and budget.full:
            problems.append(Problem(source, str(budget.refusal)))
            continue
        if on_file is not None:
            on_file(path)
        token = reading.set(source)
        try:
            for item in read_file(path, settings):
                if isinstance(item, Problem):
                    problems.append(item)
                elif budget is not None and (refused := budget.admit(item)) is not None:
                    problems.append(refused)
                    break
                else:
                    articles.append(item)
        except InputError as exc:
            problems.append(Problem(exc.source, exc.reason, exc.line))
        except Exception as exc:  # a reader's bug costs this file, never the batch
            log.debug("reading %s failed", source, exc_info=True)
            problems.append(Problem(source, f"could not be read: {bug_summary(exc)}"))
        finally:
            reading.reset(token)
    numbered = tuple(_renumber(a, i) for i, a in enumerate(articles, start=1))
    return Batch(articles=numbered, problems=tuple(problems))


class _StoryBudget:
    """What one story may still take (articles and characters, from the settings)."""

    def __init__(self, settings: Settings) -> None:
        self.max_articles = settings.max_story_articles
        self.max_chars = settings.max_story_chars
        self.count = 0
        self.chars = 0
        self.refusal: str | None = None

    @property
    def full(self) -> bool:
        return self.refusal is not None

    def admit(self, article: Article) -> Problem | None:
        """``None`` when ``article`` fits; else the problem that refuses it (and the story
        is full from then on: the inputs after it are not read)."""
        size = len(article.text)
        if self.count < self.max_articles and self.chars + size <= self.max_chars:
            self.count += 1
            self.chars += size
            return None
        if self.count >= self.max_articles:
            limit = f"{self.max_articles:,} articles (raise --max-articles)"
        else:
            limit = f"{self.max_chars:,} characters (raise --max-story-chars)"
        self.refusal = f"not read: over the story limit of {limit}"
        return Problem(article.source, f"over the story limit of {limit}")


def within_story_limits(
    articles: Sequence[Article], settings: Settings
) -> tuple[list[Article], list[Problem]]:
    """The articles of one story that fit its limits, in order, and a problem for each
    of the others (for callers that built the articles themselves)."""
    budget = _StoryBudget(settings)
    kept: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        if budget.full:
            problems.append(Problem(article.source, str(budget.refusal)))
        elif (refused := budget.admit(article)) is not None:
            problems.append(refused)
        else:
            kept.append(article)
    return kept, problems


def leave_out_outlets(
    articles: Sequence[Article], outlets: Sequence[str]
) -> tuple[list[Article], list[Problem]]:
    """The articles of none of ``outlets`` (names or web domains, any case: see
    :func:`~consilience.ingest.outlets.is_outlet`), in order, and a problem naming each
    article left out, for the dossier's list of what it did not analyze."""
    kept: list[Article] = []
    left_out: list[Problem] = []
    for article in articles:
        name = next((o for o in outlets if is_outlet(o, article.outlet, article.url)), None)
        if name is None:
            kept.append(article)
        else:
            left_out.append(Problem(article.source, f"outlet left out by request ({name})"))
    return kept, left_out


def _renumber(article: Article, number: int) -> Article:
    return replace(article, id=f"a{number}")


def read_path(path: Path, settings: Settings) -> Iterator[Article | Problem]:
    """:func:`read_file`, a problem with the whole file (a reader's bug included) yielded
    as a problem too."""
    try:
        yield from read_file(path, settings)
    except InputError as exc:
        yield Problem(exc.source, exc.reason, exc.line)
    except Exception as exc:  # a reader's bug costs this file, never the batch
        log.debug("reading %s failed", path, exc_info=True)
        yield Problem(display_path(path), f"could not be read: {bug_summary(exc)}")


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
    source = display_path(path)
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
        with path.open("rb") as handle:
            # sized by stat() (a buffer of the limit's size is not allocated for a small
            # file); a file that grew since is still read no further than the limit
            data = handle.read(min(size, settings.max_file_bytes) + 1)
            if len(data) > size:
                data += handle.read(settings.max_file_bytes + 1 - len(data))
    except OSError as exc:
        raise InputError(source, f"cannot read ({exc.strerror})") from exc
    if len(data) > settings.max_file_bytes:
        raise InputError(source, "file grew over the --max-bytes limit while being read")
    data = maybe_gunzip(data, source, limit=settings.max_file_bytes)
    text = decode_bytes(data, source)
    if ext == ".json" or (ext not in _HTML_EXT and text.lstrip()[:1] in ("[", "{")):
        try:
            payload = parse_json(text, source)
        except InputError:
            if ext == ".json":
                raise
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


def _read_html(html: str, source: str, *, url: str | None) -> HtmlArticle:
    # The HTML reader (lxml, trafilatura) loads with the first page, not for plain text.
    from consilience.ingest.html import read_html

    return read_html(html, source, url=url)


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
        page = _read_html(text, source, url=url)
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


def parse_json(data: str | bytes, source: str, *, line: int | None = None) -> Any:
    """``json.loads`` with every way it fails on hostile input as an :class:`InputError`:
    malformed text, nesting deep enough to exhaust the stack, an integer of more digits
    than Python converts (4,300), bytes that are not UTF-8."""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"malformed JSON ({exc.msg})", line=line or exc.lineno) from None
    except UnicodeDecodeError:
        raise InputError(source, "not UTF-8", line=line) from None
    except RecursionError:
        raise InputError(source, "JSON nested too deeply", line=line) from None
    except ValueError as exc:
        reason = "a number has too many digits" if "digits" in str(exc) else "unreadable JSON"
        raise InputError(source, reason, line=line) from None


def read_records(path: Path, settings: Settings) -> Iterator[Article | Problem]:
    """Stream a JSON Lines file: one article per line, a bad line is a problem, not a stop.
    No line is held whole past the per-line cap: a longer one is skipped as it is read."""
    source = display_path(path)
    handle = open_input(path)
    any_line = False
    cap = settings.max_article_chars * 4
    with handle:
        if handle.read(2) == GZIP_MAGIC:
            raise InputError(source, GZIPPED_JSON_LINES)
        handle.seek(0)
        for number, raw, length in _capped_lines(handle, cap):
            if raw is not None and not raw.strip():
                continue
            any_line = True
            if raw is None:
                yield Problem(
                    source,
                    f"line is {length / 1e6:.1f} MB, over the {cap / 1e6:.0f} MB limit",
                    number,
                )
                continue
            yield _record(raw, source, number, settings)
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
    cap = settings.max_article_chars * 4
    if len(raw) > cap:
        return Problem(
            source, f"line is {len(raw) / 1e6:.1f} MB, over the {cap / 1e6:.0f} MB limit", number
        )
    return _record(raw, source, number, settings)


def _capped_lines(handle: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, line, length) of each line; the line is ``None`` when it is longer than
    ``cap`` bytes: its rest is read in chunks and dropped, never held whole."""
    number = 0
    while raw := handle.readline(cap + 1):
        number += 1
        if len(raw) <= cap or raw.endswith(b"\n"):
            yield number, raw, len(raw)
            continue
        length = len(raw)
        while raw and not raw.endswith(b"\n"):
            raw = handle.readline(_SKIP_CHUNK)
            length += len(raw)
        yield number, None, length


def _record(raw: bytes, source: str, number: int, settings: Settings) -> Article | Problem:
    """The article of one JSON Lines line, or the problem with it."""
    return _article_or_problem(
        lambda: _checked_record(
            parse_json(raw, source, line=number), f"{source}:{number}", settings
        ),
        source,
        number,
    )


def _checked_record(record: Any, source: str, settings: Settings) -> Article:
    return _checked(_article_from_record(record, source), settings)


def _article_or_problem(
    build: Callable[[], Article], source: str, line: int | None = None
) -> Article | Problem:
    """``build()``, or the problem it raised: an :class:`InputError`'s reason, or a one-line
    summary of a bug (a reader's bug costs this record, never the file)."""
    try:
        return build()
    except InputError as exc:
        return Problem(source, exc.reason, line)
    except Exception as exc:
        log.debug("%s failed", source, exc_info=True)
        return Problem(source, f"could not be read: {bug_summary(exc)}", line)


def _records_from_json(
    payload: Any, source: str, settings: Settings
) -> Iterator[Article | Problem]:
    if isinstance(payload, Mapping) and isinstance(payload.get("articles"), list):
        payload = payload["articles"]
    if isinstance(payload, Mapping):
        payload = [payload]
    if not isinstance(payload, list):
        raise InputError(source, "JSON must hold an article object or a list of them")
    if not payload:
        raise InputError(source, "JSON holds an empty list: no article in it")
    for index, record in enumerate(payload):
        where = f"{source}#{index}" if len(payload) > 1 else source
        yield _article_or_problem(partial(_checked_record, record, where, settings), where)


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
        page = _read_html(html, source, url=_str(fields["url"]))
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
    # Lone surrogates (a JSON "\\ud800") cannot be encoded: U+FFFD, one for one, keeps the
    # offsets; a source is a file name, shown escaped.
    text = replace_surrogates(text)
    source = display_path(source)
    external_id, title, outlet, published, url = (
        None if v is None else replace_surrogates(v)
        for v in (external_id, title, outlet, published, url)
    )
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
    # A credit in the text ("(Reuters)", "By Jane Doe, AP") names whose report this is,
    # not the publisher: it stays a credit, which provenance reads as the report the
    # article rests on (an outlet set from it would cancel it as the article's own).
    outlet = outlet or outlet_from_url(url)
    return Article(
        id=external_id or source,
        source=source,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        url=url,
        place=dateline.place if dateline else None,
        reader=reader,
        title_span=title_span,
        dateline_span=(dateline.start, dateline.end) if dateline else None,
        external_id=external_id,
    )


def _checked(article: Article, settings: Settings) -> Article:
    meaningful = len("".join(article.text.split()))
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
