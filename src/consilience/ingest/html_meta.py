"""Page metadata of an HTML article: title, publication date, outlet and URL.

Publishers state these in several places of varying reliability. Structured data written
for machines (schema.org JSON-LD, Open Graph and ``article:*`` meta tags, the canonical
link) comes first; heuristics (htmldate's search of the page, the ``<title>`` element,
the URL's host) only fill what structured data leaves open.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml.etree import LxmlError, ParserError, XMLSyntaxError

from consilience.ingest.outlets import outlet_from_url, site_domain

log = logging.getLogger(__name__)

#: schema.org types whose ``headline``/``datePublished``/``articleBody`` describe the page's
#: own article (a ``WebPage`` or ``Organization`` object describes something else).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
    }
)
_PUBLISHER_TYPES = frozenset({"organization", "newsmediaorganization", "website"})
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")
# "Headline | Outlet", "Outlet - Headline", "Headline — Outlet News"
_TITLE_SEPARATOR = re.compile(r"\s+[|–—•·:»«/-]{1,2}\s+|\s*\|\s*")
_EARLIEST_YEAR = 1990
_MIN_NAME_CHARS = 3
_MARKUP = re.compile(r"<(?:p|br|div|body|span|a|h[1-6]|li|ul|ol|strong|em|b|i)\b[^>]*>", re.I)
_BREAKING_TAGS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None
    #: Every title the page states (JSON-LD headline, og:title, <title>, <h1>), so that the
    #: body extractor can recognise the headline repeated at the top of the body.
    title_variants: tuple[str, ...]
    published: str | None
    outlet: str | None
    url: str | None
    #: The publisher's own plain-text body from JSON-LD ``articleBody``, when given.
    json_ld_body: str | None


def read_metadata(tree: Any, url: str | None) -> PageMetadata:
    """Metadata of the page ``tree`` (an lxml HTML document); ``url`` is where it came from."""
    meta = _meta_tags(tree)
    articles, publishers = _json_ld_objects(tree)
    canonical = _canonical_url(tree, meta, articles, url)
    page_url = url or canonical
    outlet = _outlet(meta, articles, publishers, page_url)
    variants = _title_variants(tree, meta, articles)
    title = _clean_title(variants[0], outlet, page_url) if variants else None
    return PageMetadata(
        title=title or None,
        title_variants=tuple(dict.fromkeys([*([title] if title else []), *variants])),
        published=_published(tree, meta, articles, page_url),
        outlet=outlet,
        url=page_url,
        json_ld_body=_json_ld_body(articles),
    )


def _meta_tags(tree: Any) -> dict[str, str]:
    """``<meta>`` contents by lower-cased property/name/itemprop; the first one wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if not content or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if key:
                found.setdefault(key.strip().lower(), _tidy(content))
    return found


def _json_ld_objects(tree: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Article-like and publisher-like objects from the page's JSON-LD blocks."""
    articles: list[dict[str, Any]] = []
    publishers: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip().removeprefix("<!--").removesuffix("-->")
        try:
            # strict=False: raw line breaks inside strings are common in hand-made JSON-LD
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            log.debug("skipping unreadable JSON-LD block")
            continue
        for obj in _walk_json(data):
            types = {t.lower() for t in _as_list(obj.get("@type")) if isinstance(t, str)}
            if types & ARTICLE_TYPES:
                articles.append(obj)
            elif types & _PUBLISHER_TYPES:
                publishers.append(obj)
    return articles, publishers


def _walk_json(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_json(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        # not "itemListElement": a list on the page names other articles, not this one
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _walk_json(data[key], depth + 1)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _first_text(obj: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        for value in _as_list(obj.get(key)):
            if isinstance(value, str) and value.strip():
                return _tidy(value)
            if isinstance(value, dict):
                name = value.get("name") or value.get("@id") or value.get("url")
                if isinstance(name, str) and name.strip():
                    return _tidy(name)
    return None


def _tidy(value: str) -> str:
    """Whitespace squeezed, and character references decoded: JSON-LD is not decoded by the
    HTML parser, and some pages escape their meta tags twice ("doesn&amp;#8217;t")."""
    return " ".join(html.unescape(value).split())


def _canonical_url(
    tree: Any, meta: dict[str, str], articles: list[dict[str, Any]], base: str | None
) -> str | None:
    candidates: list[str | None] = [
        str(link.get("href") or "")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates.append(meta.get("og:url"))
    candidates += [_first_text(a, "url", "mainEntityOfPage") for a in articles]
    for candidate in candidates:
        if not candidate:
            continue
        try:
            absolute = urljoin(base, candidate.strip()) if base else candidate.strip()
            parts = urlsplit(absolute)
            if parts.scheme in ("http", "https") and parts.hostname:
                return absolute
        except ValueError:  # a malformed address ("http://[::1") is skipped, not fatal
            continue
    return None


def _outlet(
    meta: dict[str, str],
    articles: list[dict[str, Any]],
    publishers: list[dict[str, Any]],
    url: str | None,
) -> str | None:
    for candidate in (
        meta.get("og:site_name"),
        *(_first_text(a, "publisher") for a in articles),
        *(_first_text(p, "name") for p in publishers),
        meta.get("application-name"),
    ):
        # a URL or a social-media handle in a name field says less than the host
        if (
            candidate
            and "://" not in candidate
            and not candidate.startswith("@")
            and len(candidate) <= 80
        ):
            return candidate
    return outlet_from_url(url)


def _title_variants(tree: Any, meta: dict[str, str], articles: list[dict[str, Any]]) -> list[str]:
    variants = [_first_text(a, "headline", "name") for a in articles]
    variants += [meta.get("og:title"), meta.get("twitter:title")]
    title_element = tree.find(".//title")
    if title_element is not None:
        variants.append(" ".join(title_element.text_content().split()))
    headings = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    # a page with several <h1> uses them as section or teaser headings, not as its headline
    if len(headings) == 1:
        variants.append(headings[0])
    return [v for v in dict.fromkeys(variants) if v and len(v) <= 400]


def _clean_title(title: str, outlet: str | None, url: str | None) -> str:
    """Drop the outlet's name when the title carries it as a prefix or suffix."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    host = site_domain(url)
    # "Example News", "example-news.co.uk" and its first label "example-news", and the
    # name of a well-known outlet's site
    names = {
        _squash(n)
        for n in (outlet, host, host.split(".")[0] if host else None, outlet_from_url(url))
        if n
    }
    names = {n for n in names if len(n) >= _MIN_NAME_CHARS}

    def is_outlet(part: str) -> bool:
        squashed = _squash(part)
        return len(squashed) >= _MIN_NAME_CHARS and any(
            squashed in n or n in squashed for n in names
        )

    if is_outlet(parts[-1]):
        return _rejoin(title, parts[:-1])
    if is_outlet(parts[0]):
        return _rejoin(title, parts[1:])
    return title


def _rejoin(title: str, parts: list[str]) -> str:
    """The span of ``title`` from the first to the last of ``parts`` (keeps inner separators)."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(parts)


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _published(
    tree: Any, meta: dict[str, str], articles: list[dict[str, Any]], url: str | None
) -> str | None:
    structured = [_first_text(a, "datePublished", "dateCreated") for a in articles]
    structured += [meta.get(key) for key in _DATE_META]
    structured += [
        element.get("datetime") or element.get("content")
        for element in tree.iterfind(".//*[@itemprop='datePublished']")
    ]
    for value in structured:
        date = _iso_date(value)
        if date:
            return date
    try:
        import htmldate  # loaded with the first page, not by readers of plain text

        found = htmldate.find_date(tree, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError, ParserError, XMLSyntaxError) as exc:
        log.debug("htmldate found no date (%s)", exc)
        return None
    return _iso_date(found)


def _iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO 8601 date or datetime, as the publisher wrote it (the
    calendar date in the publisher's own time zone)."""
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if not match:
        return None
    try:
        date = dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    if not _EARLIEST_YEAR <= date.year <= dt.date.today().year + 1:
        return None
    return date.isoformat()


def _json_ld_body(articles: list[dict[str, Any]]) -> str | None:
    """The longest ``articleBody``, as plain text with one paragraph per line."""
    bodies = [a["articleBody"] for a in articles if isinstance(a.get("articleBody"), str)]
    texts = [_plain_paragraphs(b) for b in bodies if b.strip()]
    texts = [t for t in texts if t]
    return max(texts, key=len) if texts else None


def _plain_paragraphs(body: str) -> str:
    # some CMSs put the body's HTML into articleBody, some HTML-escape it as well
    text = html.unescape(body) if "&" in body else body
    if _MARKUP.search(text):
        try:
            fragment = lxml.html.fragment_fromstring(text, create_parent="div")
        except (LxmlError, ValueError):
            return ""
        for element in fragment.iter(*_BREAKING_TAGS):
            element.tail = "\n" + (element.tail or "")
        text = fragment.text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
