"""Fetched bytes into articles, through the library's own readers
(:func:`consilience.ingest.read_document`), and the canonical form of a page's URL."""

from __future__ import annotations

import codecs
from email.message import Message
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from consilience.errors import InputError
from consilience.ingest import read_document
from consilience.ingest.decode import decode_bytes, maybe_gunzip
from consilience.service.store.repository import NewArticle
from consilience.settings import Settings

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_")
_TRACKING = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ocid", "cmpid", "ref_src", "_ga"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_TEXT = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")


def canonical_url(url: str) -> str:
    """``url`` without what does not name a different page: case of scheme and host, the
    default port, the fragment, tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def _same_site(a: str, b: str) -> bool:
    def host(url: str) -> str:
        name = (urlsplit(url).hostname or "").lower()
        return name.removeprefix("www.")

    return bool(host(a)) and host(a) == host(b)


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    if not isinstance(charset, str):
        return None
    try:
        return codecs.lookup(charset.strip()).name
    except LookupError:
        return None


def decode_page(content: bytes, content_type: str | None, source: str, limit: int) -> str:
    """The page's text: the charset its server declares when the bytes decode with it,
    else the library's detection."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind.startswith(_NOT_TEXT):
        raise InputError(source, f"not a text page ({kind})")
    content = maybe_gunzip(content, source, limit=limit)
    charset = header_charset(content_type)
    if charset is not None and content.strip():
        try:
            return content.decode(charset)
        except UnicodeDecodeError:
            pass
    return decode_bytes(content, source)


def page_article(
    content: bytes,
    content_type: str | None,
    url: str,
    settings: Settings,
    *,
    location: str | None = None,
) -> NewArticle:
    """The article of a page fetched from (or archived for) ``url``. Raises
    :class:`InputError` when it holds none."""
    text = decode_page(content, content_type, url, settings.max_file_bytes)
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    article = read_document(
        text,
        url,
        settings,
        url=url,
        html=True if "html" in kind else None,
        markdown=kind == "text/markdown",
    )
    declared = article.url if article.url and _same_site(article.url, url) else url
    return NewArticle(
        article=article,
        location=location or url,
        canonical_url=canonical_url(declared),
        raw=content,
        content_type=content_type,
    )
