"""Fetching one URL politely and safely: a user agent, robots.txt, a delay between two
requests to one host, retries with backoff, a time limit for the whole response (a server
dripping one byte a second never ends a read timeout), a size cap applied while the body
streams in, redirects followed by hand (each one checked), conditional requests, and the
SSRF guard of :mod:`.guard` under every connection."""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from consilience import __version__
from consilience.errors import InputError
from consilience.service.fetch.guard import AddressPolicy, GuardedTransport, Resolver, resolve

log = logging.getLogger(__name__)

USER_AGENT = f"consilience/{__version__} (self-hosted news analysis)"
ROBOTS_AGENT = "consilience"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_ROBOTS_MAX_BYTES = 512_000
_MAX_CRAWL_DELAY = 60.0
_DISALLOW_ALL = ("User-agent: *", "Disallow: /")


class FetchError(InputError):
    """A URL could not be fetched (the reason says why, in one line)."""


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0
    connect_timeout: float = 10.0
    max_bytes: int = 10_000_000
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    delay: float = 1.0
    retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 30.0
    max_redirects: int = 5
    policy: AddressPolicy = field(default_factory=AddressPolicy)


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content: bytes
    content_type: str | None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host and no credentials."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise FetchError(url, f"not a URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, "only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(url, "URL has no host")
    if parts.username is not None or parts.password is not None:
        raise FetchError(url, "URLs with credentials are not fetched")
    return url.strip()


class Fetcher:
    """One client for many fetches (connections, robots.txt and delays are shared).
    Thread-safe: the web app's workers share one."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        resolver: Resolver = resolve,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._sleep = sleep
        self._client = httpx.Client(
            transport=GuardedTransport(self.settings.policy, resolver),
            timeout=httpx.Timeout(self.settings.timeout, connect=self.settings.connect_timeout),
            headers={"User-Agent": self.settings.user_agent},
            follow_redirects=False,
            trust_env=False,
        )
        self._robots: dict[str, RobotFileParser | None] = {}
        self._next_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> Fetched:
        """Fetch ``url``, following redirects. ``etag``/``last_modified`` make the request
        conditional (an unchanged resource comes back with ``not_modified``)."""
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = check_url(url)
        seen = {current}
        for _ in range(self.settings.max_redirects + 1):
            if self.settings.respect_robots and not self._robots_allow(current):
                raise FetchError(current, "robots.txt disallows fetching it (--ignore-robots)")
            status, response_headers, content = self._request(current, headers)
            if status in _REDIRECTS:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {status} redirect without a Location")
                current = check_url(urljoin(current, location))
                if current in seen:
                    raise FetchError(url, f"redirect loop at {current}")
                seen.add(current)
                continue
            if status == 304:
                return Fetched(current, status, b"", None, etag, last_modified, not_modified=True)
            if status >= 400:
                raise FetchError(current, f"HTTP {status}")
            return Fetched(
                current,
                status,
                content,
                response_headers.get("content-type"),
                response_headers.get("etag"),
                response_headers.get("last-modified"),
            )
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    # --- one request ----------------------------------------------------------------

    def _request(self, url: str, headers: Mapping[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """One request with retries for what may pass (connection errors, timeouts, 429
        and 5xx). Returns status, headers and body of the last answer."""
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                status, response_headers, content = self._once(url, headers)
            except httpx.TransportError as exc:
                if attempt >= self.settings.retries:
                    raise FetchError(url, _transport_reason(exc, self.settings)) from exc
                wait = self.settings.backoff * 2**attempt
            else:
                if status not in _RETRY_STATUS or attempt >= self.settings.retries:
                    return status, response_headers, content
                wait = _retry_after(response_headers) or self.settings.backoff * 2**attempt
            attempt += 1
            log.info("retrying %s in %.1f s", url, wait)
            self._sleep(min(wait, self.settings.max_retry_wait))

    def _once(self, url: str, headers: Mapping[str, str]) -> tuple[int, httpx.Headers, bytes]:
        limit = self.settings.max_bytes
        deadline = time.monotonic() + self.settings.timeout
        with self._client.stream("GET", url, headers=dict(headers)) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(url, f"response is {int(declared):,} bytes, over {limit:,}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(url, f"response is over {limit:,} bytes; stopped reading")
                if time.monotonic() > deadline:
                    raise FetchError(url, f"response took over {self.settings.timeout:g} s")
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    # --- politeness -----------------------------------------------------------------

    def _wait_for_host(self, url: str) -> None:
        host = _origin(url)
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_request.get(host, 0.0))
            delay = self.settings.delay
            robots = self._robots.get(host)
            if robots is not None:
                crawl_delay = robots.crawl_delay(ROBOTS_AGENT)
                if crawl_delay:
                    delay = max(delay, min(float(crawl_delay), _MAX_CRAWL_DELAY))
            self._next_request[host] = start + delay
        if start > now:
            self._sleep(start - now)

    def _robots_allow(self, url: str) -> bool:
        origin = _origin(url)
        with self._lock:
            known = origin in self._robots
        if not known:
            parser = self._read_robots(origin)
            with self._lock:
                self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The host's robots.txt (``None``: no rules). As RFC 9309 says, a missing file
        (4xx) allows everything; an unreachable one (5xx, network error) allows nothing."""
        robots_url = origin + "/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            status, _, content = self._request(robots_url, {})
        except FetchError as exc:
            if isinstance(exc.__cause__, httpx.TransportError):
                parser.parse(_DISALLOW_ALL)
                return parser
            raise
        if 400 <= status < 500 or status in _REDIRECTS:
            return None
        if status >= 500:
            parser.parse(_DISALLOW_ALL)
            return parser
        text = content[:_ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return parser


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _transport_reason(exc: httpx.TransportError, settings: FetchSettings) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out (over {settings.timeout:g} s)"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"connection failed ({text[:200]})"
