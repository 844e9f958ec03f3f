"""RSS and Atom feeds (feedparser reads them; it is never given a URL, so it never
fetches anything itself)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import feedparser

from consilience.errors import InputError
from consilience.service.fetch.http import FetchError, check_url


@dataclass(frozen=True, slots=True)
class FeedEntry:
    link: str
    title: str | None
    #: The entry's own HTML (``content`` or ``summary``), used when its page cannot be had.
    content: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    entries: list[FeedEntry]


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> Feed:
    """The feed's entries, oldest first. Raises :class:`InputError` when ``content`` is
    not an RSS or Atom feed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed: Any = feedparser.parse(content, response_headers=headers, sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({' '.join(str(reason).split())[:120]})" if reason else ""
        raise InputError(url, f"not a feed: RSS or Atom XML expected{detail}")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in reversed(parsed.entries):
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        try:
            link = check_url(link)
        except FetchError:
            continue
        if link in seen:
            continue
        seen.add(link)
        entries.append(FeedEntry(link, _text(entry.get("title")), _entry_content(entry)))
    return Feed(_text(parsed.feed.get("title")), entries)


def looks_like_feed(content: bytes, url: str, content_type: str | None) -> bool:
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if "html" in kind:
        return False
    head = content[:2048].lstrip().lower()
    if not head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return False
    try:
        return bool(parse_feed(content, url, content_type).entries)
    except InputError:
        return False


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _entry_content(entry: Any) -> str | None:
    for item in entry.get("content") or []:
        value = item.get("value")
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) and summary.strip() else None
