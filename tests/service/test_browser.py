"""The web app in headless Chromium: add a local feed, wait for its story, open it, and
see what changed once the feed grows. Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from consilience import Settings
from consilience.service.fetch import Fetcher
from consilience.service.store import open_store
from consilience.service.web import create_app
from consilience.service.web.worker import Worker
from tests.report.test_browser import ARTIFACTS, WATCH_CSP, browser  # noqa: F401 - fixture
from tests.service.conftest import local_settings
from tests.service.newsroom import Newsroom

pytestmark = pytest.mark.browser


@pytest.fixture()
def app_url(tmp_path: Path) -> Iterator[str]:
    store = open_store(tmp_path / "store.sqlite")
    worker = Worker(
        store,
        Fetcher(local_settings()),
        Settings(),
        watch_every=dt.timedelta(seconds=1),
        tick=0.2,
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(store, worker, allowed_hosts=["127.0.0.1"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    worker.start()
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    worker.stop()
    store.close()


def _wait_for(page: Any, text: str, *, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while text not in page.content():
        assert time.monotonic() < deadline, f"no {text!r} on {page.url}"
        time.sleep(0.3)
        if "Done." not in page.content():
            page.reload()


def test_add_a_feed_then_see_what_changed(browser: Any, app_url: str, site: Newsroom) -> None:  # noqa: F811
    pages = sorted(p for p in site.pages if p.startswith("/news/00"))
    for path in pages[:3]:
        site.publish("/feeds/browser.xml", path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.add_init_script(WATCH_CSP)
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((app_url, "about:", "data:")) else outside.append(r.url),
    )

    page.goto(app_url + "/add")
    page.fill("#inputs", site.base + "/feeds/browser.xml")
    page.click("button[type=submit] >> text=Add")
    _wait_for(page, "Done.")
    assert "3 articles added" in page.content()
    page.click("a.story-link")
    page.wait_for_selector("h1")
    assert "3 articles" in page.locator("p.facts").inner_text()
    frame = page.frame_locator("iframe.report")
    assert frame.locator("section#known").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "service-story-v1.png"), full_page=True)

    for path in pages[3:]:
        site.publish("/feeds/browser.xml", path)
    story_url = page.url
    deadline = time.monotonic() + 60
    while "version 1 → 2" not in page.content():
        assert time.monotonic() < deadline, "the story was not updated from the grown feed"
        time.sleep(0.5)
        page.goto(story_url)
    changes = page.locator("#changes")
    assert "2 new articles" in changes.inner_text()
    assert "Metro Review" in changes.inner_text()
    assert page.locator(".conflicts-opened li").count() > 0
    page.goto(app_url + "/")
    assert page.locator("tr.story-row .mark", has_text="changed").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "service-stories.png"), full_page=True)
    violations: list[str] = page.evaluate("window.__csp || []")
    assert problems == [] and violations == [] and outside == []
    context.close()
