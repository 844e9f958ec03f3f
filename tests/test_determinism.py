"""The same input and settings give the same dossier, whatever Python's string hashing:
every set the engine iterates is ordered before it reaches the output."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import DATA

_SCRIPT = """
import json, sys
from consilience import Settings, analyze_articles
from consilience.ingest import read_inputs
settings = Settings()
batch = read_inputs([sys.argv[1]], settings)
data = json.loads(analyze_articles(batch.articles, settings).model_dump_json())
data.pop("generated_at", None)
print(json.dumps(data, sort_keys=True))
"""


def _dossier_json(seed: str) -> str:
    story = str(DATA / "stories" / "ecbplus-topic31-event.jsonl")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, story],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return done.stdout


def test_the_dossier_does_not_depend_on_string_hashing() -> None:
    assert _dossier_json("1") == _dossier_json("2")
