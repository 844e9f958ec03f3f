"""Telling an HTML page from plain text, without loading the HTML reader (lxml and
trafilatura load only when a page is read)."""

from __future__ import annotations

import re

_HTML_SNIFF = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML page or holds a ``<body``."""
    return bool(_HTML_SNIFF.match(text[:4096])) or "<body" in text[:20000].lower()
