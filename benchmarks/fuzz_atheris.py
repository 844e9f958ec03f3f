"""Coverage-guided fuzzing of the text path with atheris (libFuzzer for Python).

libFuzzer's bytes become one input file (the first byte picks its format: text, Markdown,
JSON, JSON Lines, HTML, gzip), read and analyzed through the whole pipeline; every
invariant of ``tests/fuzz/invariants.py`` is checked and a
violation raises, so libFuzzer keeps the input as a crash. Only consilience's own modules
are instrumented (coverage of numpy or scikit-learn would only slow the search). Needs
``pip install atheris`` (the ``fuzz`` extra; Linux and macOS wheels). Run::

    python benchmarks/fuzz_atheris.py -atheris_runs=10000 benchmarks/out/atheris-corpus
    python benchmarks/fuzz_atheris.py crash-<hash>        # replay one crash

libFuzzer options (``-max_len``, ``-jobs``, ``-dict``) pass through.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

with atheris.instrument_imports(include=["consilience"]):
    from tests.fuzz.invariants import check_files
    from tests.fuzz.strategies import InputFile

    from consilience import Settings

_EXTENSIONS = (b".txt", b".md", b".json", b".jsonl", b".html", b".txt.gz", b"")
_SETTINGS = Settings(min_article_chars=1)


class InvariantError(Exception):
    """An invariant failed on this input (libFuzzer saves it as a crash)."""


def test_one_input(data: bytes) -> None:
    if not data:
        return
    extension = _EXTENSIONS[data[0] % len(_EXTENSIONS)]
    candidate = InputFile(b"fuzzed" + extension, data[1:])
    outcome = check_files([candidate], _SETTINGS, deep=False)
    if outcome.failures:
        raise InvariantError("; ".join(f"{kind}: {detail}" for kind, detail in outcome.failures))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
