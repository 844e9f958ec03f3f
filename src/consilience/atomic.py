"""Crash-safe writes: a file the tool writes is either the old one or the new one, whole.

Every output (dossiers, reports, cluster state, per-story files) goes through
:func:`atomic_open` or :func:`atomic_write`: the content goes to a temporary file in the
target's directory (same filesystem, so the rename is atomic), which is flushed and
fsynced, renamed over the target with :func:`os.replace`, and the directory is fsynced so
that the rename itself survives a power cut. A process killed at any moment leaves the
previous file intact (and at worst a hidden ``.NAME.*.tmp`` beside it).

Written by hand because the pieces that matter (same directory, the file's mode, the
directory fsync, devices and FIFOs written in place) are a few lines over :mod:`os`; the
libraries that wrap them add a dependency for no more safety.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_open", "atomic_write"]

_TEMP_ATTEMPTS = 100
_O_BINARY: int = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` when the block ends without an
    exception; on an exception the target is untouched and the temporary file removed.

    A target that exists and is not a regular file (``/dev/stdout``, a FIFO) is a stream,
    not a file to replace: it is written in place.
    """
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        with target.open("wb") as stream:
            yield stream
        return
    temp, handle = _create_temp(target)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # keep a mode the user gave the old file
            if target.exists():
                shutil.copymode(target, temp)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_directory(target.parent)


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8), crash-safely."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_open(path) as handle:
        handle.write(payload)


def _create_temp(target: Path) -> tuple[Path, BinaryIO]:
    """A new hidden file beside ``target``, created exclusively with the usual mode (the
    umask applies, as for a plain ``open``)."""
    for _ in range(_TEMP_ATTEMPTS):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
        except FileExistsError:
            continue
        return temp, os.fdopen(fd, "wb")
    raise FileExistsError(f"no free temporary name beside {target}")


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable. Not every platform can open a directory (Windows cannot),
    and there the rename is as durable as the filesystem makes it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
