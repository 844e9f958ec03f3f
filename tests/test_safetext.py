"""Hostile strings made safe: one code point for one where offsets matter, escapes in lines."""

from __future__ import annotations

import json

import pytest

from consilience.safetext import (
    display_path,
    escape_json_controls,
    one_line,
    replace_surrogates,
    visible_controls,
)

CASES = [
    # (input, replace_surrogates, visible_controls, one_line)
    ("plain text\n", "plain text\n", "plain text\n", "plain text\\x0a"),
    ("a\ud800b", "a\ufffdb", "a\ufffdb", "a\\ud800b"),
    ("bad\udcffname.txt", "bad\ufffdname.txt", "bad\ufffdname.txt", "bad\\xffname.txt"),
    ("\x1b]0;title\x07", "\x1b]0;title\x07", "\u241b]0;title\u2407", "\\x1b]0;title\\x07"),
    ("csi\x9b31m", "csi\x9b31m", "csi\ufffd31m", "csi\\x9b31m"),
    ("tab\tcr\r", "tab\tcr\r", "tab\tcr\u240d", "tab\\x09cr\\x0d"),
    ("rtl\u202eevil", "rtl\u202eevil", "rtl\ufffdevil", "rtl\\u202eevil"),
    ("del\x7f", "del\x7f", "del\u2421", "del\\x7f"),
    ("line\u2028sep", "line\u2028sep", "line\u2028sep", "line\\u2028sep"),
]


@pytest.mark.parametrize(("raw", "surrogates", "visible", "line"), CASES)
def test_each_form(raw: str, surrogates: str, visible: str, line: str) -> None:
    assert replace_surrogates(raw) == surrogates
    assert visible_controls(raw) == visible
    assert one_line(raw) == line
    assert len(replace_surrogates(raw)) == len(visible_controls(raw)) == len(raw)
    replace_surrogates(raw).encode("utf-8")  # always encodable
    assert one_line(raw).isprintable()


def test_a_path_shows_its_odd_bytes() -> None:
    assert display_path("dir/bad\udcffname\x1b.txt") == "dir/bad\\xffname\\x1b.txt"


def test_json_keeps_its_value_and_loses_its_controls() -> None:
    text = json.dumps({"t": "a\x9b31m\u202e\x7f"}, ensure_ascii=False)
    escaped = escape_json_controls(text)
    assert not {"\x9b", "\u202e", "\x7f"} & set(escaped)
    assert json.loads(escaped) == json.loads(text)
