"""The store on PostgreSQL: a throwaway server in a temporary directory, when the server
binaries are installed (skipped otherwise)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from consilience import Settings
from consilience.service.store import open_store
from consilience.service.store.repository import add_articles, list_stories, versions
from consilience.service.update import refresh
from tests.service.test_store import sample_items

BIN = Path("/usr/local/bin")


def _as_postgres_user() -> list[str]:
    """initdb refuses to run as root: run the server as the postgres user then."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root without runuser")
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no postgres user")
    return [runuser, "-u", "postgres", "--"]


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if not all((BIN / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
        pytest.skip("no PostgreSQL server binaries in /usr/local/bin")
    prefix = _as_postgres_user()
    folder = Path(tempfile.mkdtemp(prefix="consilience-pg-"))
    folder.chmod(0o777)
    data = folder / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pg_ctl = [*prefix, str(BIN / "pg_ctl"), "-D", str(data)]
    try:
        _run(
            [
                *prefix,
                str(BIN / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ]
        )
        options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
        _run([*pg_ctl, "-w", "-l", str(folder / "log"), "-o", options, "start"])
        yield f"postgresql://postgres@/postgres?host={folder}&port={port}"
        _run([*pg_ctl, "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_store_works_on_postgresql(postgres_url: str) -> None:
    store = open_store(postgres_url)
    again = open_store(postgres_url)  # a second opener finds the schema current
    try:
        items = sample_items()
        assert len(add_articles(store, items[:3]).ids) == 3
        assert add_articles(again, items[:3]).duplicates
        [first] = refresh(store, Settings())
        add_articles(store, items[3:])
        [second] = refresh(again, Settings())
        assert (first.story_id, first.number, second.number) == (second.story_id, 1, 2)
        assert [v.counts["articles"] for v in versions(store, first.story_id)] == [3, 5]
        assert list_stories(store)[0].article_count == 5
    finally:
        store.close()
        again.close()
