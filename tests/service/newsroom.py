"""A local news site on 127.0.0.1 for the service's tests and benchmark: article pages,
an RSS feed that grows when a page is published (with ETag and Last-Modified), and the
hostile corners of the web (a 404, a slow answer, a redirect loop, a huge body, a feed
that is not XML, a page in another encoding, robots.txt rules, a flaky server)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SAMPLE_STORY = Path(__file__).resolve().parents[1] / "data" / "stories" / "venezuela-dock-strike"
OUTLETS = ("Harbor Wire", "Capital Ledger", "Coastal Daily", "Elsby Gazette", "Metro Review")


def article_page(title: str, body: str, *, outlet: str, published: str) -> str:
    paragraphs = "\n".join(
        f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n\n") if p.strip()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta property="og:site_name" content="{html.escape(outlet)}">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{html.escape(title)}</h1>
{paragraphs}
</article>
<footer>© {html.escape(outlet)}</footer>
</body></html>"""


def sample_pages() -> list[tuple[str, str, str]]:
    """The sample story's five articles as (path, title, HTML page)."""
    pages = []
    for number, path in enumerate(sorted(SAMPLE_STORY.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        title, _, body = text.partition("\n")
        page = article_page(
            title.strip(),
            body,
            outlet=OUTLETS[number % len(OUTLETS)],
            published=f"2025-12-{27 + number // 2:02d}",
        )
        pages.append((f"/news/{path.stem}.html", title.strip(), page))
    return pages


def rss(base: str, items: list[tuple[str, str]]) -> str:
    entries = "\n".join(
        f"<item><title>{html.escape(title)}</title><link>{base}{path}</link>"
        f"<guid>{base}{path}</guid></item>"
        for path, title in reversed(items)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local newsroom</title><link>{base}/</link>
<description>Test feed</description>
{entries}
</channel></rss>"""


@dataclass
class Newsroom:
    """The site's state; the handler reads it, tests change it."""

    pages: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    feeds: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    times: dict[str, list[float]] = field(default_factory=dict)
    flaky_failures: int = 2
    slow_seconds: float = 3.0
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_page(
        self,
        path: str,
        body: str | bytes,
        content_type: str = "text/html; charset=utf-8",
        title: str = "",
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.pages[path] = (content_type, data, title)

    def publish(self, feed: str, path: str) -> None:
        """Add a page (already added) to a feed."""
        with self.lock:
            self.feeds.setdefault(feed, []).append((path, self.pages[path][2]))

    def feed_body(self, feed: str) -> bytes:
        return rss(self.base, self.feeds.get(feed, [])).encode("utf-8")


def _handler(room: Newsroom) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args: Any) -> None:
            pass

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "text/html; charset=utf-8",
            **headers: str,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key.replace("_", "-"), value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            with room.lock:
                room.hits[path] = room.hits.get(path, 0) + 1
                room.times.setdefault(path, []).append(time.monotonic())
                count = room.hits[path]
            if path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path in room.feeds:
                body = room.feed_body(path)
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                stamp = format_datetime(dt.datetime(2025, 12, 31, tzinfo=dt.UTC), usegmt=True)
                self._send(200, body, "application/rss+xml", ETag=etag, Last_Modified=stamp)
            elif path in room.pages:
                content_type, body, _ = room.pages[path]
                self._send(200, body, content_type)
            elif path == "/slow":
                time.sleep(room.slow_seconds)
                self._send(200, b"<html><body><p>late</p></body></html>")
            elif path.startswith("/loop/"):
                target = "/loop/b" if path == "/loop/a" else "/loop/a"
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif path == "/redirect-out":
                port = self.server.server_address[1]
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.2:{port}/news/x.html")
                self.end_headers()
            elif path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_536 + b"</p>"
                try:
                    for _ in range(200):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return
            elif path == "/flaky":
                if count <= room.flaky_failures:
                    self._send(503, b"busy", "text/plain", Retry_After="0")
                else:
                    self._send(200, b"<html><body><p>finally</p></body></html>")
            else:
                self._send(404, b"not found", "text/plain")

    return Handler


@contextmanager
def serve(room: Newsroom) -> Iterator[str]:
    """Run the site on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(room))
    server.daemon_threads = True
    room.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield room.base
    finally:
        server.shutdown()
        server.server_close()
