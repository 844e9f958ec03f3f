"""Hostile strings made safe to carry, serialize and show.

Article text, titles, outlets, ids and file names come from outside and may hold anything:
lone surrogates (a JSON ``"\\ud800"``, a file name that is not UTF-8, which Python decodes
with ``surrogateescape``), control characters and terminal escape sequences (ESC, CSI,
OSC 8 links, a window-title set), bidi overrides. Three forms cover every use:

* :func:`replace_surrogates`: one code point for one (U+FFFD), so offsets into an
  article's text stay valid and the text can be encoded as UTF-8 (JSON, HTML, a file);
* :func:`visible_controls`: control characters shown as the Unicode "control pictures"
  (ESC as ␛), one code point for one, for multi-line text views (terminal, Markdown);
* :func:`one_line` for a message line and :func:`display_path` for a file name: every
  control character, line break and undecodable byte written as a backslash escape.

Python's ``str.isprintable`` and ``unicodedata`` do the classification; what no library
offers is the choice of a replacement that keeps offsets (hence this module).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from consilience.errors import InputError

__all__ = [
    "display_path",
    "escape_json_controls",
    "has_surrogates",
    "map_strings",
    "one_line",
    "replace_surrogates",
    "visible_controls",
]

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except tab and line feed, DEL, C1 controls (U+0085 NEL and U+009B CSI act
# in some terminals), and the bidi embeddings, overrides and isolates ("Trojan Source").
_VIEW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# For one line: every C0 control (tab and line breaks too) and the line separators.
_LINE_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Characters JSON may carry raw inside strings that a terminal or a script acts on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL ... U+241F SYMBOL FOR UNIT SEPARATOR
_DELETE_PICTURE = "\u2421"
_REPLACEMENT = "\ufffd"
# surrogateescape maps an undecodable byte 0x80-0xFF to U+DC80-U+DCFF
_ESCAPED_BYTE_FIRST = 0xDC80
_ESCAPED_BYTE_LAST = 0xDCFF


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD: one code point for one, so
    every offset into the text stays valid, and the result always encodes as UTF-8."""
    return _SURROGATE.sub(_REPLACEMENT, text) if has_surrogates(text) else text


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(_CONTROL_PICTURES + code)
    if code == 0x7F:
        return _DELETE_PICTURE
    return _REPLACEMENT


def visible_controls(text: str) -> str:
    """``text`` for a multi-line view: line feeds and tabs kept, every other control
    character shown as its control picture (ESC as ␛, CR as ␍), C1 controls, bidi controls
    and lone surrogates as U+FFFD. One code point for one."""
    return _VIEW_UNSAFE.sub(_picture, text)


def _backslash(match: re.Match[str]) -> str:
    code = ord(match.group())
    if _ESCAPED_BYTE_FIRST <= code <= _ESCAPED_BYTE_LAST:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` safe for one line on a terminal: control characters, line breaks, bidi
    controls and lone surrogates written as ``\\xNN``/``\\uNNNN`` (a byte a file name held
    that is not UTF-8 appears as that byte, ``\\xff``)."""
    return _LINE_UNSAFE.sub(_backslash, text)


def escape_json_controls(json_text: str) -> str:
    """JSON text with DEL, the C1 controls, the line separators and the bidi controls
    written as ``\\uNNNN`` escapes (JSON escapes C0 itself). The same JSON value, but
    printing it can no longer drive a terminal or reorder what is shown."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name as a report and a message show it: always valid UTF-8, one line, with
    its odd bytes and control characters escaped (``bad\\xffname.txt``)."""
    return one_line(os.fspath(path))


def map_strings(value: object, convert: Callable[[str], str]) -> object:
    """``value`` (JSON-like: dicts, lists, tuples, scalars) with ``convert`` applied to
    every string in it, keys included; lists and tuples come back as lists."""
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, dict):
        return {convert(str(k)): map_strings(v, convert) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [map_strings(v, convert) for v in value]
    return value


def open_input(path: Path) -> BinaryIO:
    """``path`` opened for reading bytes; a file that cannot be opened raises
    :class:`InputError` naming it, escaped."""
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(display_path(path), f"cannot read ({exc.strerror})") from exc
