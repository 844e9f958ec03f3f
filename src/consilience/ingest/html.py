"""HTML pages: body text, title, date and outlet via trafilatura and htmldate."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import htmldate
import trafilatura
from lxml.etree import ParserError, XMLSyntaxError

from consilience.errors import InputError

log = logging.getLogger(__name__)

_HTML_SNIFF = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_CANONICAL = re.compile(
    r"<(?:link[^>]+rel=[\"']canonical[\"'][^>]*href|meta[^>]+property=[\"']og:url[\"'][^>]*content)"
    r"=[\"']([^\"']+)[\"']",
    re.I,
)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:4096])) or "<body" in text[:20000].lower()


def outlet_from_url(url: str | None) -> str | None:
    """``https://www.example.co.uk/x`` -> ``example.co.uk``."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host.removeprefix("www.")


def read_html(html: str, source: str, *, url: str | None = None) -> HtmlArticle:
    """Extract the article from an HTML page. Raises :class:`InputError` when the page holds
    no article text."""
    if url is None and (canonical := _CANONICAL.search(html[:200_000])):
        url = canonical.group(1)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except (ParserError, XMLSyntaxError, ValueError, TypeError) as exc:
        raise InputError(source, f"malformed HTML ({exc})") from exc
    if doc is None or isinstance(doc, dict) or not doc.text or not doc.text.strip():
        raise InputError(source, "HTML page holds no article text")
    published = _find_date(html, url, source)
    outlet = doc.sitename or outlet_from_url(url or doc.url)
    return HtmlArticle(
        text=doc.text,
        title=doc.title or None,
        published=published or doc.date or None,
        outlet=outlet or None,
        url=url or doc.url or None,
    )


def _find_date(html: str, url: str | None, source: str) -> str | None:
    try:
        found = htmldate.find_date(html, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError, ParserError, XMLSyntaxError) as exc:
        log.debug("%s: no date found (%s)", source, exc)
        return None
    return found or None
