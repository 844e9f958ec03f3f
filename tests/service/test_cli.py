"""The service commands as a user runs them: add, watch, changes, serve."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from consilience.cli import app
from tests.service.newsroom import SAMPLE_STORY, Newsroom

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_add_watch_and_changes(site: Newsroom, tmp_path: Path) -> None:
    db = str(tmp_path / "store.sqlite")
    files = sorted(str(p) for p in SAMPLE_STORY.glob("*.txt"))
    code, out, err = _run("add", "--db", db, *files[:3], str(tmp_path / "missing.txt"))
    assert code == 1
    assert f"skipped {tmp_path / 'missing.txt'}: no such file or directory" in err
    assert "3 article(s) added, 0 already stored" in err
    story_id, version, count, _title = out.strip().split("\t")
    assert (version, count) == ("v1", "3 article(s)")

    pages = sorted(p for p in site.pages if p.startswith("/news/00"))
    site.publish("/feeds/cli.xml", pages[3])
    code, out, err = _run(
        "add", "--db", db, "--allow-private", "--delay", "0", site.base + "/feeds/cli.xml"
    )
    assert code == 0, err
    assert f"watching feed {site.base}/feeds/cli.xml" in err
    assert out.split("\t")[:3] == [story_id, "v2", "4 article(s)"]

    site.publish("/feeds/cli.xml", pages[4])
    code, out, err = _run("watch", "--once", "--db", db, "--allow-private", "--delay", "0")
    assert code == 0, err
    assert "1 new article(s)" in err and out.split("\t")[:2] == [story_id, "v3"]

    code, out, _ = _run("changes", story_id[:6], "--db", db, "-f", "text")
    assert code == 0
    assert out.startswith(f"{story_id}  ") and "(v2 → v3)" in out
    assert "- 1 new article(s):" in out and "(Metro Review)" in out
    code, out, _ = _run(
        "changes", story_id, "--db", db, "--from", "1", "--to", "3", "--format", "json"
    )
    payload = json.loads(out)
    assert (payload["from_version"], payload["to_version"], len(payload["new_articles"])) == (
        1,
        3,
        2,
    )
    code, out, _ = _run("changes", "--db", db, "--since", "1d", "--format", "json")
    assert [item["from_version"] for item in json.loads(out)] == [None]
    code, _, err = _run("changes", "s-nothere", "--db", db)
    assert code == 1 and "no story 's-nothere'" in err
    code, _, err = _run("changes", story_id, "--db", db, "--from", "9")
    assert code == 2 and "--from 9: no such version" in err


def test_fetching_is_refused_without_allow_private(site: Newsroom, tmp_path: Path) -> None:
    code, _, err = _run("add", "--db", str(tmp_path / "s.sqlite"), site.base + "/news/latin1.html")
    assert code == 1 and "127.0.0.1 is a loopback, private" in err and "Traceback" not in err


def test_serve_off_loopback_needs_a_token(tmp_path: Path) -> None:
    code, _, err = _run("serve", "--db", str(tmp_path / "s.sqlite"), "--host", "0.0.0.0")
    assert code == 2 and "give --token" in err
    code, _, err = _run("serve", "--host", "0.0.0.0", "--token", "short")
    assert code == 2 and "16 characters" in err


def test_a_store_that_cannot_be_opened(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = _run("changes", "--db", str(blocker / "store.sqlite"))
    assert code == 1 and "cannot create" in err and "Traceback" not in err
