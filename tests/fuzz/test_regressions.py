"""Every hostile input of issue 13 and every crash the fuzzer found, as table rows: each
must hold every invariant (no crash, spans, ids, schema, determinism, safe views), and the
good article beside it must still be analyzed."""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

import pytest

from tests.conftest import DATA, SAMPLE_STORY
from tests.fuzz.invariants import check_files
from tests.fuzz.strategies import InputFile

HOSTILE = json.loads((DATA / "fuzz" / "hostile_inputs.json").read_text(encoding="utf-8"))
FOUND = json.loads((DATA / "fuzz" / "regressions.json").read_text(encoding="utf-8"))
GOOD = InputFile(b"good.txt", (SAMPLE_STORY / "000_672ce715bc024242.txt").read_bytes())


def build(spec: dict[str, Any]) -> InputFile:
    """One file of a table row: its name, and content built from the row's parts."""
    name = (
        base64.b64decode(spec["name_base64"])
        if "name_base64" in spec
        else spec["name"].encode("utf-8")
    )
    if "gzip_zeros" in spec:
        return InputFile(name, gzip.compress(bytes(spec["gzip_zeros"]), mtime=0))
    text = ""
    if "sample" in spec:
        text = (SAMPLE_STORY / spec["sample"]).read_text(encoding="utf-8")
    text += spec.get("append", "")
    text += "".join(json.dumps(r) + "\n" for r in spec.get("records", []))
    text += spec.get("raw", "")
    text += "".join(piece * count for piece, count in spec.get("parts", []))
    return InputFile(name, text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("case", HOSTILE, ids=[c["name"] for c in HOSTILE])
def test_hostile_input_is_handled_and_the_rest_analyzed(case: dict[str, Any]) -> None:
    outcome = check_files([*(build(f) for f in case["files"]), GOOD], deep=case.get("deep", True))
    assert not outcome.failures, outcome.failures
    assert outcome.articles == case["articles"], outcome.problems
    wanted = [tuple(p) for p in case.get("problems", [])]
    for where, reason in wanted:
        assert any(where in p and reason in p for p in outcome.problems), outcome.problems
    assert len(outcome.problems) == len(wanted), outcome.problems


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(reason=c["xfail"], strict=True))
        if c.get("xfail")
        else c
        for c in FOUND
    ],
    ids=[c["name"] for c in FOUND],
)
def test_input_the_fuzzer_broke_on_holds_every_invariant(case: dict[str, Any]) -> None:
    outcome = check_files([InputFile.from_json(f) for f in case["files"]])
    assert not outcome.failures, outcome.failures
