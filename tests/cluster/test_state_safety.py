"""The cluster state under faults: killed mid-write, two writers at once, corrupt and
crafted files. The old state or the new one is always whole; nothing is lost silently."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from consilience.cli import app
from consilience.cluster import StoryClusterer
from consilience.cluster.state import _digest, load_state, save_state
from consilience.errors import InputError
from consilience.records import PreparedArticle
from tests.cluster.conftest import EVENTS, event_records

Events = list[tuple[PreparedArticle, str]]
runner = CliRunner()
KILL_TRIES = 20
MAX_KILL_ATTEMPTS = 200


def _clusterer(events: Events, count: int) -> StoryClusterer:
    clusterer = StoryClusterer(keep_articles=True)
    clusterer.add(prepared for prepared, _ in events[:count])
    return clusterer


def _ids(path: Path) -> frozenset[str]:
    return frozenset(entry.id for entry in load_state(path).articles)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_kill_at_any_moment_of_writing_leaves_the_old_or_the_new_state(
    events: Events, tmp_path: Path
) -> None:
    """A child process saves two states in turn as fast as it can and is killed with
    SIGKILL at a random moment, until 20 kills have landed while a state was being
    written; the state file must load, whole, as one of the two every time."""
    old, new = _clusterer(events, 7), _clusterer(events, len(events))
    path = tmp_path / "state.npz"
    save_state(old, path)
    expected = {_ids(path)}
    save_state(new, tmp_path / "new.npz")
    expected.add(_ids(tmp_path / "new.npz"))
    chance = random.Random(13)
    interrupted = tries = 0
    # KILL_TRIES kills that land while a state is being written (a temporary file is left
    # behind), however many tries that takes: a kill between two writes proves nothing.
    while interrupted < KILL_TRIES and tries < MAX_KILL_ATTEMPTS:
        tries += 1
        ready, started = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover (the child never returns)
            try:
                os.close(ready)
                save_state(new, path)
                os.write(started, b"1")  # the writing loop is running
                while True:
                    save_state(old, path)
                    save_state(new, path)
            finally:
                os._exit(0)
        os.close(started)
        # on a loaded machine the child may start late: the moment is counted from its
        # first finished write, not from the fork
        os.read(ready, 1)
        os.close(ready)
        time.sleep(chance.uniform(0.005, 0.12))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        assert _ids(path) in expected
        leftovers = list(tmp_path.glob(".state.npz.*.tmp"))
        interrupted += bool(leftovers)
        for leftover in leftovers:
            leftover.unlink()
    assert interrupted == KILL_TRIES, f"{interrupted} kills in {tries} tries landed mid-write"


def test_two_writers_on_one_state_lose_no_article(tmp_path: Path) -> None:
    """Two `cluster --state` processes started together on one state file, each with
    its own articles: the state ends with every article of both."""
    records = event_records()
    halves = [records[::2], records[1::2]]
    inputs = []
    for number, half in enumerate(halves):
        path = tmp_path / f"half{number}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in half), encoding="utf-8")
        inputs.append(path)
    state = tmp_path / "state.npz"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    command = [sys.executable, "-m", "consilience", "cluster", "--state", str(state), "-o"]
    runs = [
        subprocess.Popen(
            [*command, str(tmp_path / f"out{n}.jsonl"), str(path)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, path in enumerate(inputs)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert _ids(state) == {r["id"] for r in records}


def _crafted(path: Path, change: Callable[[dict[str, Any], dict[str, np.ndarray]], None]) -> Path:
    """A copy of the state at ``path`` with ``change`` applied to its metadata and arrays,
    checksum recomputed: what a crafted (not a damaged) file looks like."""
    with np.load(path, allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    meta = json.loads(arrays["meta"].tobytes())
    original = arrays["meta"]
    change(meta, arrays)
    if arrays["meta"] is original:
        arrays["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    arrays["checksum"] = np.frombuffer(_digest(arrays).encode("ascii"), dtype=np.uint8)
    out = path.with_name("crafted.npz")
    with out.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    return out


def _set(key: str, value: object) -> Callable[[dict[str, Any], dict[str, np.ndarray]], None]:
    return lambda meta, _: meta.__setitem__(key, value)


def _array(name: str, value: np.ndarray) -> Callable[[dict[str, Any], dict[str, np.ndarray]], None]:
    return lambda _, arrays: arrays.__setitem__(name, value)


def _non_utf8_meta(_: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    arrays["meta"] = np.frombuffer(b'{"format": "\xff\xfe"}', dtype=np.uint8)


def _key_outside_vocabulary(_: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    arrays["keys"] = arrays["keys"].copy()
    arrays["keys"][0] = 10**6


CRAFTED: list[tuple[str, Callable[[dict[str, Any], dict[str, np.ndarray]], None], str]] = [
    ("metadata not UTF-8", _non_utf8_meta, "not UTF-8"),
    ("a flag of the wrong type", _set("keep_articles", "yes"), "keep_articles"),
    ("a list of the wrong type", _set("words", "oops"), "words"),
    ("a missing field", lambda meta, _: meta.pop("titles"), "titles"),
    ("an unknown field", _set("extra", 1), "extra"),
    ("an unknown version", _set("version", 99), "version 99"),
    ("an article pointing at no node", lambda m, _: m["articles"][0].update(node=10**6), "articles"),
    ("two articles with one id", lambda m, _: m["articles"][1].update(id=m["articles"][0]["id"]), "articles"),
    ("an article record with a wrong field", lambda m, _: m["articles"][0]["article"].update(text=5), "text"),
    ("an edge to no node", _array("edge_a", np.array([10**6], dtype=np.int64)), "edges"),
    ("a key outside the vocabulary", _key_outside_vocabulary, "keys"),
    ("offsets going backwards", lambda _, a: a["offsets"].__setitem__(1, -1), "offsets"),
    ("an array of another type", _array("weights", np.zeros(3, dtype=np.float64)), "weights"),
    ("a settings value out of range", lambda m, _: m["settings"].update(num_perm=1), "num_perm"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "reason"), [c[1:] for c in CRAFTED], ids=[c[0] for c in CRAFTED]
)
def test_a_crafted_state_is_refused_in_one_line_and_left_alone(
    events: Events, tmp_path: Path, change: Callable[..., None], reason: str
) -> None:
    good = tmp_path / "state.npz"
    save_state(_clusterer(events, 5), good)
    crafted = _crafted(good, change)
    before = crafted.read_bytes()
    with pytest.raises(InputError, match=reason):
        load_state(crafted)
    result = runner.invoke(app, ["cluster", str(EVENTS), "--state", str(crafted)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output, result.output
    assert crafted.read_bytes() == before, "a refused state is never overwritten"


def test_a_damaged_state_fails_its_checksum_and_is_kept(events: Events, tmp_path: Path) -> None:
    path = tmp_path / "state.npz"
    save_state(_clusterer(events, 5), path)
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    meta = bytearray(members["meta.npy"])
    meta[-20] ^= 0x20  # a flipped bit in the article data: still JSON, still UTF-8
    members["meta.npy"] = bytes(meta)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    before = path.read_bytes()
    inputs = tmp_path / "more.jsonl"
    inputs.write_text(json.dumps(event_records()[-1]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["cluster", str(inputs), "--state", str(path)])
    assert result.exit_code == 1
    assert "checksum mismatch" in result.output and result.output.count("\n") == 1
    assert path.read_bytes() == before


def test_an_array_larger_than_its_archive_is_refused_before_allocating(
    events: Events, tmp_path: Path
) -> None:
    path = tmp_path / "state.npz"
    save_state(_clusterer(events, 3), path)
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    header = np.lib.format.header_data_from_array_1_0(np.zeros(1, dtype=np.float32))
    header["shape"] = (10**12,)  # 4 TB claimed by a few bytes
    crafted = bytearray()
    with (tmp_path / "w.npy").open("wb") as handle:
        np.lib.format.write_array_header_1_0(handle, header)
    crafted += (tmp_path / "w.npy").read_bytes() + b"\0" * 16
    members["weights.npy"] = bytes(crafted)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(InputError, match="larger than stored"):
        load_state(path)


def test_a_state_is_written_through_a_temporary_file_beside_it(
    events: Events, tmp_path: Path
) -> None:
    path = tmp_path / "state.npz"
    path.write_bytes(b"previous")
    path.chmod(0o640)
    save_state(_clusterer(events, 3), path)
    assert path.stat().st_mode & 0o777 == 0o640, "the file keeps the mode it had"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.npz"]
    assert len(_ids(path)) == 3


def test_a_state_that_cannot_be_locked_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory", encoding="utf-8")
    state = tmp_path / "file" / "state.npz"
    result = runner.invoke(app, ["cluster", str(EVENTS), "--state", str(state)])
    assert result.exit_code == 1
    assert result.output == f"consilience: {state}: cannot lock the state (File exists)\n"
