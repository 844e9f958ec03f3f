"""HTML pages: the article body (:mod:`.html_body`) and its metadata (:mod:`.html_meta`)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from lxml.etree import LxmlError

from consilience.errors import InputError
from consilience.ingest.html_body import extract_body, shingle_set
from consilience.ingest.html_meta import PageMetadata, read_metadata
from consilience.ingest.outlets import outlet_from_url
from consilience.ingest.sniff import looks_like_html

__all__ = ["HtmlArticle", "looks_like_html", "outlet_from_url", "read_html"]

log = logging.getLogger(__name__)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# C0 controls other than tab/newline/return are not allowed in an lxml tree.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A JSON-LD articleBody stands in for the extraction when the extraction is this much
# shorter (a page whose text is rendered by scripts, or cut by a paywall teaser).
_JSON_LD_PREFERRED_RATIO = 2.0
_MIN_BODY_CHARS = 25
_AGREEMENT_MIN_CHARS = 200
_AGREEMENT = 0.5


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    #: The article body: one paragraph per block, blocks separated by a blank line.
    text: str
    title: str | None
    #: ISO date (``YYYY-MM-DD``) of first publication.
    published: str | None
    outlet: str | None
    url: str | None


def read_html(html: str, source: str, *, url: str | None = None) -> HtmlArticle:
    """Extract the article from an HTML page. Raises :class:`InputError` when the page
    cannot be parsed or holds no article text."""
    tree = _parse(html, source)
    try:
        meta = read_metadata(tree, url)
        text = extract_body(tree, url=meta.url, titles=meta.title_variants)
    except (LxmlError, ValueError, TypeError, RecursionError) as exc:
        # trafilatura and lxml fail in these ways on pathological markup
        raise InputError(source, f"malformed HTML ({_one_line(exc)})") from exc
    text = _prefer_json_ld_body(text, meta)
    if len(text.strip()) < _MIN_BODY_CHARS:
        raise InputError(source, "HTML page holds no article text")
    return HtmlArticle(
        text=text,
        title=meta.title,
        published=meta.published,
        outlet=meta.outlet,
        url=meta.url,
    )


def _parse(html: str, source: str) -> Any:
    """The page as an lxml tree, parsed the way trafilatura parses it (its extraction rules
    are tuned to that parser's settings: comments and processing instructions dropped)."""
    cleaned = _CONTROL_CHARS.sub("", html)
    if "<" not in cleaned:
        raise InputError(source, "not an HTML page (no markup)")
    try:
        from trafilatura import load_html  # trafilatura loads with the first page

        tree = load_html(cleaned)
        if tree is None or tree.tag != "html":
            # a fragment ("<p>...</p>" from a feed's html field): give it a document around it
            tree = load_html(f"<html><body>{_XML_DECLARATION.sub('', cleaned)}</body></html>")
    except (LxmlError, ValueError, TypeError, RecursionError) as exc:
        raise InputError(source, f"malformed HTML ({_one_line(exc)})") from exc
    if tree is None:
        raise InputError(source, "malformed HTML (no document could be parsed)")
    if tree.find("body") is None:
        if tree.find("frameset") is not None:
            raise InputError(source, "HTML frameset: the article is in another file")
        raise InputError(source, "HTML page holds no article text (no <body>)")
    return tree


def _prefer_json_ld_body(text: str, meta: PageMetadata) -> str:
    """The publisher's own ``articleBody`` when the extraction found much less of it."""
    if not meta.json_ld_body:
        return text
    candidate = meta.json_ld_body.replace("\n", "\n\n")
    if candidate.count("\n") > text.count("\n") and _words(candidate) == _words(text):
        # the same text, but the publisher's copy keeps the paragraph breaks (trafilatura
        # falls back on articleBody itself when the page's markup yields nothing)
        return candidate
    if len(candidate) < _JSON_LD_PREFERRED_RATIO * max(len(text), _MIN_BODY_CHARS):
        return text
    # the two must be the same article: most of what was extracted is in articleBody
    extracted = shingle_set(text)
    if len(text) >= _AGREEMENT_MIN_CHARS and (
        len(extracted & shingle_set(candidate)) < _AGREEMENT * len(extracted)
    ):
        return text
    log.debug("using the page's JSON-LD articleBody (%d chars)", len(candidate))
    return candidate


def _words(text: str) -> list[str]:
    return text.split()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
