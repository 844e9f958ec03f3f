"""The web app through its HTTP interface: pages, the JSON API, the sandboxed report,
escaping of article text, the access token and CSRF checks."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from consilience import Settings
from consilience.service.fetch import Fetcher
from consilience.service.store import Store, open_store
from consilience.service.store.repository import NewArticle, add_articles, load_dossier, versions
from consilience.service.update import refresh
from consilience.service.web import create_app
from consilience.service.web.worker import Worker
from tests.service.conftest import local_settings
from tests.service.newsroom import Newsroom
from tests.service.test_store import sample_items

TOKEN = "a-long-enough-test-token"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    """A store with the sample story in two versions (3, then 5 articles) and a story
    whose article carries hostile markup in its title, outlet and text."""
    store = open_store(tmp_path_factory.mktemp("web") / "store.sqlite")
    items = sample_items()
    add_articles(store, items[:3])
    [first] = refresh(store, Settings())
    add_articles(store, items[3:])
    refresh(store, Settings())
    hostile = replace(
        items[0].article,
        title=HOSTILE,
        outlet=HOSTILE,
        url="javascript:alert(1)",
        text=f"{HOSTILE} Volcanic ash closed the airport of Reykjavik on Monday, officials said.",
    )
    add_articles(store, [NewArticle(hostile, "hostile.html")])
    refresh(store, Settings())
    yield store, first.story_id
    store.close()


def _client(store: Store, *, token: str | None = None, **options: object) -> TestClient:
    worker = Worker(store, Fetcher(local_settings()), Settings(), watch_every=None, tick=0.05)
    app = create_app(store, worker, token=token, **options)  # type: ignore[arg-type]
    return TestClient(app, follow_redirects=False)


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_stories_page_lists_stories_with_counts_and_marks(filled: tuple[Store, str]) -> None:
    store, story_id = filled
    client = _client(store)
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    row = page[page.index(f'id="story-{story_id}"') :].split("</tr>", 1)[0]
    assert "changed" in row
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
    number = versions(store, story_id)[-1].number
    dossier = load_dossier(store, story_id, number)
    assert dossier is not None
    assert counts == [
        len(dossier.articles),
        len(dossier.provenance.origin_groups),
        len(dossier.conflicts),
    ]
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "<script" not in page


def test_every_article_string_is_escaped(filled: tuple[Store, str]) -> None:
    store, _ = filled
    client = _client(store)
    pages = [client.get("/").text]
    hostile_story = re.findall(r'href="/stories/(s-[0-9a-f]+)"', pages[0])
    pages += [client.get(f"/stories/{s}").text for s in hostile_story]
    pages.append(client.get("/search", params={"q": "Reykjavik"}).text)
    joined = "\n".join(pages)
    assert "&lt;script&gt;" in joined
    assert "<script>" not in joined and "<img src=x" not in joined
    assert 'href="javascript:' not in joined


def test_story_page_shows_changes_versions_and_the_sandboxed_report(
    filled: tuple[Store, str],
) -> None:
    store, story_id = filled
    client = _client(store)
    page = client.get(f"/stories/{story_id}").text
    assert "version 1 → 2" in page
    assert "2 new articles" in page
    assert page.count("<tr><td>v") == 2
    assert f'sandbox="allow-scripts" src="/stories/{story_id}/report?version=2"' in page
    report = client.get(f"/stories/{story_id}/report", params={"version": 1})
    assert report.status_code == 200
    policy = report.headers["content-security-policy"]
    assert "sandbox allow-scripts" in policy and "frame-ancestors 'self'" in policy
    assert "script-src 'sha256-" in policy
    assert "<h1" in report.text and "3 articles" in report.text.replace("\u00a0", " ")
    assert client.get(f"/stories/{story_id[:6]}").status_code == 303
    assert client.get("/stories/s-nosuchstory").status_code == 404


def test_json_api(filled: tuple[Store, str]) -> None:
    store, story_id = filled
    client = _client(store)
    stories = client.get("/api/stories").json()
    assert any(s["id"] == story_id and s["articles"] == 5 for s in stories)
    detail = client.get(f"/api/stories/{story_id}").json()
    assert [v["number"] for v in detail["versions"]] == [1, 2]
    dossier = client.get(f"/api/stories/{story_id}/versions/1").json()
    assert dossier["schema_version"] == "1" and len(dossier["articles"]) == 3
    changes = client.get(f"/api/stories/{story_id}/changes", params={"from": 1, "to": 2}).json()
    assert len(changes["new_articles"]) == 2
    assert (
        client.get(f"/api/stories/{story_id}/changes", params={"since": "soon"}).status_code == 400
    )
    assert (
        client.get("/api/search", params={"q": "Reykjavik airport"}).json()[0]["location"]
        == "hostile.html"
    )
    schema = client.get("/openapi.json").json()
    assert "/api/stories/{story_id}/changes" in schema["paths"]
    docs = client.get("/docs").text
    assert "/api/stories/{story_id}/changes" in docs and "cdn" not in docs.lower()


def test_forms_need_their_csrf_value(filled: tuple[Store, str]) -> None:
    store, _ = filled
    client = _client(store)
    form = client.get("/add").text
    refused = client.post("/add", data={"inputs": "https://example.org/", "csrf_token": "wrong"})
    assert refused.status_code == 403
    fresh = TestClient(client.app, follow_redirects=False)
    assert (
        fresh.post(
            "/add", data={"inputs": "https://example.org/", "csrf_token": _csrf(form)}
        ).status_code
        == 403
    )
    cross = client.post(
        "/add",
        data={"inputs": "x", "csrf_token": _csrf(form)},
        headers={"origin": "https://evil.example"},
    )
    assert cross.status_code == 403
    bad = client.post("/add", data={"inputs": "file:///etc/passwd", "csrf_token": _csrf(form)})
    assert bad.status_code == 400 and "http://" in bad.text
    plain = client.post(
        "/api/inputs",
        content=b'{"inputs": ["https://example.org/"]}',
        headers={"content-type": "text/plain"},
    )
    assert plain.status_code == 403
    assert client.post("/api/inputs", json={"inputs": ["https://example.org/"]}).status_code == 202
    guarded = _client(store, token=TOKEN)
    guarded.cookies.set("consilience_session", "x")
    assert guarded.post("/api/inputs", json={"inputs": ["https://example.org/"]}).status_code == 401
    with_token = {"authorization": f"Bearer {TOKEN}"}
    assert (
        guarded.post("/api/inputs", json={"inputs": ["ftp://x"]}, headers=with_token).status_code
        == 422
    )


def test_the_token_guards_every_request(filled: tuple[Store, str]) -> None:
    store, story_id = filled
    client = _client(store, token=TOKEN)
    assert client.get("/").status_code == 303
    assert client.get(f"/stories/{story_id}/report").headers["location"] == "/login"
    assert client.get("/api/stories").status_code == 401
    assert client.get("/openapi.json").status_code == 401
    assert (
        client.get("/api/stories", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    )
    assert (
        client.get(
            "/api/stories", headers={"authorization": "Bearer wrong-token-xxxxxxxx"}
        ).status_code
        == 401
    )
    login = client.get("/login")
    wrong = client.post("/login", data={"token": "nope", "csrf_token": _csrf(login.text)})
    assert wrong.status_code == 401
    ok = client.post("/login", data={"token": TOKEN, "csrf_token": _csrf(login.text)})
    assert ok.status_code == 303 and TOKEN not in ok.headers["set-cookie"]
    assert client.get("/").status_code == 200
    other = _client(store, token=TOKEN)
    linked = other.get(f"/stories/{story_id}", params={"token": TOKEN})
    assert linked.status_code == 303 and "token" not in linked.headers["location"]
    assert other.get(f"/stories/{story_id}").status_code == 200


def test_a_loopback_server_answers_only_to_loopback_names(filled: tuple[Store, str]) -> None:
    store, _ = filled
    client = _client(store, allowed_hosts=["127.0.0.1", "localhost"])
    assert client.get("/", headers={"host": "rebound.evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_adding_a_feed_through_the_form_runs_a_job(site: Newsroom, tmp_path: Path) -> None:
    store = open_store(tmp_path / "store.sqlite")
    site.publish("/feeds/web.xml", "/news/latin1.html")
    worker = Worker(store, Fetcher(local_settings()), Settings(), watch_every=None, tick=0.05)
    worker.start()
    try:
        client = TestClient(create_app(store, worker), follow_redirects=False)
        form = client.get("/add").text
        posted = client.post(
            "/add", data={"inputs": site.base + "/feeds/web.xml", "csrf_token": _csrf(form)}
        )
        assert posted.status_code == 303
        job_url = posted.headers["location"]
        deadline = time.monotonic() + 30
        while "Done." not in (page := client.get(job_url).text):
            assert time.monotonic() < deadline and "Failed" not in page
            time.sleep(0.1)
        assert "1 article added" in page and "/feeds/web.xml" in page
        assert 'class="story-link"' in page
        assert "Grève au port" in client.get("/").text
        assert site.base + "/feeds/web.xml" in client.get("/sources").text
        [source] = client.get("/api/sources").json()
        assert (source["kind"], source["article_count"], source["last_status"]) == ("feed", 1, "ok")
    finally:
        worker.stop()
        store.close()
