"""Turn command-line inputs (files, directories, globs) into a sorted list of files."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

from consilience.records import Problem

_GLOB_CHARS = frozenset("*?[")


def _visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[Problem]]:
    """Files named by ``inputs``, directories walked recursively (hidden entries skipped),
    globs expanded. Every input that yields nothing becomes a :class:`Problem`."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in inputs:
        path = Path(raw)
        if path.is_file():
            add(path)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _visible(p, path))
            if not found:
                problems.append(Problem(raw, "empty directory"))
            for item in found:
                add(item)
        elif _GLOB_CHARS & set(raw):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True))
            matched_files = [m for m in matches if m.is_file()]
            if not matched_files:
                problems.append(Problem(raw, "no file matches this pattern"))
            for item in matched_files:
                add(item)
        elif path.exists():
            problems.append(Problem(raw, "not a regular file"))
        else:
            problems.append(Problem(raw, "no such file or directory"))
    return files, problems
