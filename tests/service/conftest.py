from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from consilience.service.fetch import AddressPolicy, Fetcher, FetchSettings
from consilience.service.store import Store, open_store
from tests.service.newsroom import Newsroom, article_page, sample_pages, serve

LATIN1_TEXT = (
    "Le café de la Société Générale a fermé ses portes à Besançon après la grève des dockers. "
    "Les employés réclament une hausse de salaire de 12 % et une prime de fin d'année."
)


@pytest.fixture(scope="session")
def site() -> Iterator[Newsroom]:
    """The local newsroom: the sample story's pages and the web's hostile corners."""
    room = Newsroom()
    for path, title, page in sample_pages():
        room.add_page(path, page, title=title)
    room.add_page(
        "/news/latin1.html",
        article_page("Grève au port", LATIN1_TEXT, outlet="Le Quotidien", published="2025-12-30")
        .replace('<meta charset="utf-8">', "")
        .encode("cp1252"),
        "text/html; charset=windows-1252",
        title="Grève au port",
    )
    room.add_page("/not-a-feed.xml", "<html><body><p>This is a page, not a feed.</p></body></html>")
    room.add_page("/private/secret.html", sample_pages()[0][2])
    room.add_page("/empty.html", "<html><body><nav>Home</nav></body></html>")
    with serve(room):
        yield room


def local_settings(**overrides: object) -> FetchSettings:
    """Fetch settings for the local site: loopback allowed explicitly, no delays."""
    values: dict[str, object] = {
        "policy": AddressPolicy(allow_private=True),
        "delay": 0.0,
        "timeout": 2.0,
        "retries": 1,
        "backoff": 0.01,
    }
    values.update(overrides)
    return FetchSettings(**values)  # type: ignore[arg-type]


@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(local_settings()) as client:
        yield client


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.sqlite")
    yield opened
    opened.close()
