"""Turn command-line inputs (files, directories, globs) into a sorted list of files.

Nothing named is dropped silently: what is not a regular file (a FIFO, a device, a socket,
a broken or looping symbolic link, a link to a directory inside a walked folder) becomes a
:class:`Problem` saying what it is. Sources are named by :func:`display_path`, so a file
name that is not UTF-8 or holds control characters is carried and shown escaped.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from consilience.records import Problem
from consilience.safetext import display_path

_GLOB_CHARS = frozenset("*?[")


def _visible(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (``None`` when it is a regular file or a
    link to one)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if path.is_symlink():
            return "broken symbolic link"
        if exc.errno == errno.ENOENT:
            return "no such file or directory"
        return f"cannot read ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[Problem]]:
    """Files named by ``inputs``, directories walked recursively (hidden entries skipped,
    links to directories not followed), globs expanded. Every input that yields nothing,
    and every entry of a walked directory that is not a file, becomes a :class:`Problem`."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    def add_entry(path: Path, *, in_walk: bool) -> None:
        why = not_a_file(path)
        if why is None:
            add(path)
        elif why == "is a directory":
            if in_walk and path.is_symlink():
                problems.append(Problem(display_path(path), "link to a directory, not followed"))
        else:
            problems.append(Problem(display_path(path), why))

    for raw in inputs:
        path = Path(raw)
        if os.path.lexists(path) and not_a_file(path) is None:
            add(path)
        elif path.is_dir():
            before = (len(files), len(problems))
            for item in sorted(p for p in path.rglob("*") if _visible(p, path)):
                add_entry(item, in_walk=True)
            if (len(files), len(problems)) == before:
                problems.append(Problem(display_path(raw), "empty directory"))
        elif _GLOB_CHARS & set(raw) and not os.path.lexists(path):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True))
            if not any(not_a_file(m) is None for m in matches):
                problems.append(Problem(display_path(raw), "no file matches this pattern"))
            for item in matches:
                add_entry(item, in_walk=False)
        else:
            problems.append(Problem(display_path(raw), not_a_file(path) or "not a regular file"))
    return files, problems
