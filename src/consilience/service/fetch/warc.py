"""WARC files (web crawls, saved browsing) as articles: each HTML or text response
record is one page, read like a fetched page. Reading them never touches the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from consilience.errors import InputError
from consilience.records import Problem
from consilience.safetext import open_input
from consilience.service.fetch.pages import page_article
from consilience.service.store.repository import NewArticle
from consilience.settings import Settings

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain", "text/markdown")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def read_warc(path: Path, settings: Settings) -> Iterator[NewArticle | Problem]:
    """The articles of the pages archived in ``path``; a page without one is a problem,
    a file that is not a WARC raises :class:`InputError`."""
    source = str(path)
    handle = open_input(path)
    with handle:
        try:
            for number, record in enumerate(ArchiveIterator(handle), start=1):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                content_type = record.http_headers.get_header("Content-Type")
                kind = (content_type or "").split(";", 1)[0].strip().lower()
                if status != "200" or not kind.startswith(_PAGE_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{number}"
                content = record.content_stream().read(settings.max_file_bytes + 1)
                if len(content) > settings.max_file_bytes:
                    yield Problem(url, f"archived page is over {settings.max_file_bytes:,} bytes")
                    continue
                try:
                    yield page_article(content, content_type, url, settings, location=url)
                except InputError as exc:
                    yield Problem(url, exc.reason)
        except ArchiveLoadFailed as exc:
            raise InputError(
                source, f"not a WARC file ({' '.join(str(exc).split())[:160]})"
            ) from exc
