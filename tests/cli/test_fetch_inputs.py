"""URLs given to `consilience analyze`: refused in one line without --fetch (the other
inputs still analyzed), fetched with it from a local site on 127.0.0.1 (loopback allowed
only with --allow-private, the fetcher's guard otherwise)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from consilience.cli import app
from tests.conftest import SAMPLE_STORY

pytest.importorskip("httpx", reason="fetching needs the service extra")

from tests.service.newsroom import Newsroom, sample_pages, serve

runner = CliRunner()
LOCAL = sorted(SAMPLE_STORY.glob("*.txt"))[0]


@pytest.fixture(scope="module")
def site() -> Iterator[Newsroom]:
    room = Newsroom()
    path, title, page = sample_pages()[1]
    room.add_page(path, page, title=title)
    with serve(room):
        yield room


def _analyze(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["analyze", "--ner", "classical", "-f", "json", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_url_without_fetch_is_refused_and_the_rest_analyzed(site: Newsroom) -> None:
    url = site.base + sample_pages()[1][0]
    hits = dict(site.hits)
    code, out, err = _analyze(str(LOCAL), url)
    assert code == 1
    assert err.splitlines() == [
        f"consilience: skipped {url}: a URL is fetched only with --fetch "
        "(nothing reaches the network without it)"
    ]
    dossier = json.loads(out)
    assert [a["source"] for a in dossier["articles"]] == [str(LOCAL)]
    assert site.hits == hits, "nothing was fetched"


def test_only_urls_without_fetch_is_a_clear_failure(site: Newsroom) -> None:
    code, out, err = _analyze(site.base + "/news/none.html")
    assert code == 1 and out == ""
    assert "--fetch" in err and "no article could be read" in err and "Traceback" not in err


def test_fetch_reads_the_page_beside_the_files(site: Newsroom) -> None:
    path, title, _ = sample_pages()[1]
    url = site.base + path
    code, out, err = _analyze(str(LOCAL), url, "--fetch", "--allow-private")
    assert code == 0, err
    articles = json.loads(out)["articles"]
    assert [a["id"] for a in articles] == ["a1", "a2"]
    assert articles[1]["source"] == url and articles[1]["title"] == title
    assert articles[1]["outlet"] == "Capital Ledger"


def test_fetch_keeps_the_address_guard_and_names_what_failed(site: Newsroom) -> None:
    url = site.base + sample_pages()[1][0]
    code, out, err = _analyze(str(LOCAL), url, "--fetch")
    assert code == 1
    (line,) = err.splitlines()
    assert line.startswith(f"consilience: skipped {url}") and "loopback" in line
    assert len(json.loads(out)["articles"]) == 1
    code, _, err = _analyze(str(LOCAL), site.base + "/missing.html", "--fetch", "--allow-private")
    assert code == 1 and "404" in err and "Traceback" not in err


def test_fetch_help_says_it_is_opt_in() -> None:
    help_text = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"}).stdout
    assert "--fetch" in help_text and "--allow-private" in help_text


def test_a_file_named_like_a_scheme_is_still_a_file(tmp_path: Path) -> None:
    odd = tmp_path / "http:"
    odd.mkdir()
    story = odd / "story.txt"
    story.write_text(LOCAL.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = _analyze(str(story))
    assert code == 0 and json.loads(out)["articles"][0]["source"] == str(story)
