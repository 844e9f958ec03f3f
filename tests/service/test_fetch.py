"""Fetching from the local newsroom: limits, robots.txt, retries, redirects, encodings,
conditional requests."""

from __future__ import annotations

import time

import pytest

from consilience.errors import InputError
from consilience.service.fetch import Fetcher, FetchError
from consilience.service.fetch.pages import canonical_url, page_article
from consilience.settings import Settings
from tests.service.conftest import LATIN1_TEXT, local_settings
from tests.service.newsroom import Newsroom


def test_a_page_becomes_an_article_through_the_html_reader(
    site: Newsroom, fetcher: Fetcher
) -> None:
    path = next(p for p in site.pages if p.startswith("/news/000_"))
    fetched = fetcher.get(site.base + path)
    item = page_article(fetched.content, fetched.content_type, fetched.url, Settings())
    assert item.article.reader == "html"
    assert item.article.outlet == "Harbor Wire"
    assert item.article.title == site.pages[path][2]
    assert "Tren de Aragua" in item.article.text
    assert "© Harbor Wire" not in item.article.text  # page furniture left out
    assert item.raw == fetched.content
    assert item.canonical_url == canonical_url(site.base + path)


def test_declared_encoding_is_used(site: Newsroom, fetcher: Fetcher) -> None:
    fetched = fetcher.get(site.base + "/news/latin1.html")
    item = page_article(fetched.content, fetched.content_type, fetched.url, Settings())
    assert LATIN1_TEXT[:60] in item.article.text
    assert "Grève" in (item.article.title or "")


@pytest.mark.parametrize(
    ("path", "overrides", "reason"),
    [
        ("/missing", {}, "HTTP 404"),
        ("/slow", {"timeout": 0.5, "retries": 0}, "timed out"),
        ("/loop/a", {}, "redirect loop"),
        ("/huge", {"max_bytes": 1_000_000}, "over 1,000,000 bytes"),
        ("/private/secret.html", {}, "robots.txt disallows"),
    ],
)
def test_bad_urls_fail_with_one_clear_reason(
    site: Newsroom, path: str, overrides: dict[str, object], reason: str
) -> None:
    with Fetcher(local_settings(**overrides)) as client:
        started = time.monotonic()
        with pytest.raises(FetchError) as failure:
            client.get(site.base + path)
    assert reason in failure.value.reason
    assert time.monotonic() - started < 5


def test_robots_can_be_ignored_when_the_user_says_so(site: Newsroom) -> None:
    with Fetcher(local_settings(respect_robots=False)) as client:
        assert client.get(site.base + "/private/secret.html").status == 200


def test_retries_with_backoff_until_the_server_answers(site: Newsroom) -> None:
    site.hits.pop("/flaky", None)
    with Fetcher(local_settings(retries=3)) as client:
        fetched = client.get(site.base + "/flaky")
    assert b"finally" in fetched.content
    assert site.hits["/flaky"] == site.flaky_failures + 1


def test_requests_to_one_host_are_spaced_by_the_delay(site: Newsroom) -> None:
    paths = [p for p in site.pages if p.startswith("/news/00")][:3]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    with Fetcher(local_settings(delay=0.3), sleep=sleep) as client:
        started = time.monotonic()
        for path in paths:
            client.get(site.base + path)
        elapsed = time.monotonic() - started
    # robots.txt and three pages, each started a delay after the one before
    assert waits and all(0 < w <= 0.3 for w in waits)
    assert elapsed >= 0.9 - 0.05


def test_only_http_urls_are_fetched(fetcher: Fetcher) -> None:
    for url in (
        "file:///etc/passwd",
        "ftp://example.org/x",
        "http://user:pw@example.org/",
        "gopher://x",
    ):
        with pytest.raises(FetchError):
            fetcher.get(url)


def test_a_page_without_article_text_is_refused(site: Newsroom, fetcher: Fetcher) -> None:
    fetched = fetcher.get(site.base + "/empty.html")
    with pytest.raises(InputError, match="no article text"):
        page_article(fetched.content, fetched.content_type, fetched.url, Settings())


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://Example.ORG:80/a?utm_source=x&id=3#top", "http://example.org/a?id=3"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org:8443/a?fbclid=1", "https://example.org:8443/a"),
    ],
)
def test_canonical_urls(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
