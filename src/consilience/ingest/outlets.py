"""The outlet an article comes from, when its metadata names none.

In order of trust: the site of its URL (``www.bbc.co.uk`` is the BBC: a table of
well-known news domains and their subdomains, else the host without ``www.``; subdomains
of an unknown site are kept apart, since one domain may host several outlets), a byline crediting an
outlet (``By Jane Doe, Reuters``), the agency of a wire dateline (``WASHINGTON (AP) —``)
and a sign-off (``— AFP`` as the last line). A credit in the text is taken only when it
names a known outlet (``data/outlets.json``) or stands in a dateline's parentheses, so a
byline such as ``By Jane Doe, Staff Writer`` names no outlet.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

_HEAD_CHARS = 400
_TAIL_CHARS = 300
_OUTLET_WORDS = r"[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4}"
_BYLINE = re.compile(
    rf"^[ \t]*By[ \t]+[A-Z][\w.'’ -]{{1,60}}?[ \t]*(?:,|\||/|[-–—]|\bfor\b)[ \t]*"
    rf"(?:the[ \t]+)?(?P<outlet>{_OUTLET_WORDS})[ \t]*$"
    rf"|^[ \t]*By[ \t]+[A-Z][\w.'’ -]{{1,60}}?[ \t]*\((?P<paren>{_OUTLET_WORDS})\)[ \t]*$",
    re.MULTILINE,
)
_SIGNOFF = re.compile(
    rf"(?:(?<![\w-])[-–—]+[ \t]*(?P<dash>{_OUTLET_WORDS})|\((?P<paren>{_OUTLET_WORDS})\))[ \t]*\.?\s*\Z"
)
_LEADING_THE = re.compile(r"^[Tt]he\s+")
_NOT_SUBDOMAIN = ("www.", "m.", "amp.", "mobile.")


@cache
def _known_outlets() -> tuple[dict[str, str], dict[str, str]]:
    """(alias -> name of data/outlets.json, domain -> name of data/outlet_domains.json)."""
    data = resources.files("consilience").joinpath("data")
    names: dict[str, str] = {}
    for entry in json.loads(data.joinpath("outlets.json").read_text("utf-8"))["outlets"]:
        for alias in (entry["name"], *entry["aliases"]):
            names.setdefault(_LEADING_THE.sub("", alias), entry["name"])
    domains = json.loads(data.joinpath("outlet_domains.json").read_text("utf-8"))["domains"]
    return names, dict(domains)


def known_outlet(raw: str) -> str | None:
    """The name of the well-known outlet ``raw`` spells (``AP`` -> ``Associated Press``)."""
    names, _ = _known_outlets()
    return names.get(_LEADING_THE.sub("", raw.strip(" .,")))


def site_domain(url: str | None) -> str | None:
    """The host of ``url`` without ``www.`` (``https://www.example.co.uk/x`` ->
    ``example.co.uk``)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    for prefix in _NOT_SUBDOMAIN:
        host = host.removeprefix(prefix)
    return host


def outlet_from_url(url: str | None) -> str | None:
    """A readable outlet name from ``url``: the outlet's name for a well-known news
    domain or one of its subdomains (``edition.cnn.com`` -> ``CNN``), else the host
    (``news.example.co.uk``)."""
    host = site_domain(url)
    if host is None:
        return None
    _, domains = _known_outlets()
    labels = host.split(".")
    for start in range(len(labels) - 1):
        name = domains.get(".".join(labels[start:]))
        if name is not None:
            return name
    return host


def is_outlet(name: str, outlet: str | None, url: str | None) -> bool:
    """True when ``name`` (an outlet's name in any case, with or without "the", a
    well-known outlet's other spelling such as ``AP``, or a web domain) names the
    article's ``outlet`` or the site of its ``url`` (a domain names its subdomains too:
    ``cnn.com`` names ``edition.cnn.com``)."""
    wanted = _outlet_key(name)
    if not wanted:
        return False
    if outlet and _outlet_key(outlet) == wanted:
        return True
    host = site_domain(url)
    bare = name.strip()
    domain = site_domain(bare) if "." in bare and " " not in bare else None
    return bool(host and domain and (host == domain or host.endswith("." + domain)))


def _outlet_key(raw: str) -> str:
    """A name to compare outlets by: a well-known outlet's own name for any of its
    spellings, in any case; other names case-folded, without a leading "the"."""
    bare = _LEADING_THE.sub("", raw.strip(" .,").casefold())
    return _folded_aliases().get(bare, bare)


@cache
def _folded_aliases() -> dict[str, str]:
    names, _ = _known_outlets()
    folded: dict[str, str] = {}
    for alias, outlet in names.items():
        folded.setdefault(alias.casefold(), outlet.casefold())
    return folded


def credited_outlet(text: str, dateline_agency: str | None) -> str | None:
    """The outlet the text credits for itself: a byline near the top, the agency of its
    dateline, or a sign-off on its last line; ``None`` when none names an outlet."""
    head = text[:_HEAD_CHARS]
    for match in _BYLINE.finditer(head):
        name = known_outlet(match.group("outlet") or match.group("paren"))
        if name is not None:
            return name
    if dateline_agency:
        return known_outlet(dateline_agency) or dateline_agency.strip()
    tail = text[-_TAIL_CHARS:].rstrip()
    signoff = _SIGNOFF.search(tail)
    if signoff is not None:
        return known_outlet(signoff.group("dash") or signoff.group("paren"))
    return None
