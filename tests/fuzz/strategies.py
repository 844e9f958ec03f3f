"""Hypothesis strategies for hostile news input: generated article-like text, mutations of
real articles, and whole inputs (files of every format the reader takes, odd names).

Shared by the CI property tests (``tests/fuzz/test_fuzz_pipeline.py``), the long run
(``benchmarks/fuzz.py``, ``make fuzz``) and the regression table: one grammar, so that
what the long run finds, CI keeps testing.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE_STORY = DATA / "stories" / "venezuela-dock-strike"
SEED_ARTICLES = DATA / "fuzz" / "seed_articles.jsonl"
OUTLETS = Path(__file__).resolve().parents[2] / "src" / "consilience" / "data" / "outlets.json"

# --- the pieces of an article -------------------------------------------------------------

QUOTE_PAIRS = [
    ('"', '"'),
    ("“", "”"),
    ("‘", "’"),
    ("'", "'"),
    ("«", "»"),
    ("»", "«"),
    ("„", "“"),
    ("‚", "‘"),
    ("「", "」"),
    ("『", "』"),
    ("‹", "›"),
    ("“", '"'),
    ("«\u00a0", "\u00a0»"),
    ("''", "''"),
    ("``", "''"),
]
NAMES = [
    "Nicolás Maduro",
    "Col. Ana Pérez",
    "Gov. Tim Walz",
    "John O'Brien",
    "Jean-Luc Picard",
    "Владимир Путин",
    "محمد بن سلمان",
    "習近平",
    "Narendra Modi",
    "नरेंद्र मोदी",
    "Mr. Smith",
    "Dr. Mary-Kate Olsen Jr.",
    "María José García-López",
    "Xi Jinping",
    "Ṭhomas Ærøskøbing",
    "J. R. R. Tolkien",
    "King Charles III",
    "DONALD TRUMP",
    "mcdonald",
    "Ali",
]
TITLES = [
    "President",
    "former President",
    "a spokesperson for",
    "Interior Minister",
    "the head of",
    "Sen.",
    "Rep.",
    "Admiral",
]
PLACES = ["Caracas", "Puerto Cabello", "Washington, D.C.", "São Paulo", "Kyiv", "東京", "New York"]
ODD_OUTLET_FORMS = [
    "The\u3000Guardian",
    "the  Guardian",
    "the\u00a0Guardian",
    "The\tTimes",
    "the\u2009New York Times",
    "THE GUARDIAN",
    "the Meridian Times",
    "CNN's",
    "Reuters.",
    "AP-",
    "www.cnn.com",
    "https://www.bbc.co.uk/news",
]
SPEECH = [
    "said",
    "told",
    "told reporters",
    "reported",
    "according to",
    "first reported by",
    "denied",
    "did not confirm",
    "confirmed to",
    "wrote in",
    "said on Monday",
    "added",
    "claimed",
]
HEDGES = ["reportedly", "allegedly", "may have", "it is believed", "sources say", "apparently"]
NUMBERS = [
    "30",
    "1,500",
    "1.500",
    "2.5",
    "-4",
    "0",
    "007",
    "30 to 40",
    "more than 30",
    "about 200",
    "nearly 1,000",
    "at least 12",
    "three",
    "twenty-one",
    "a dozen",
    "half",
    "3rd",
    "5%",
    "$5 million",
    "€2.3bn",
    "1e400",
    "1" + "0" * 320,
    "9" * 4400,
    "1,000,000,000,000,000,000,000",
    "0.000000000000000000000000001",
    "½",
    "٣٤",
    "१२",
    "NaN",
    "inf",
]
DATES = [
    "Dec. 24",
    "December 24, 2025",
    "24 December 2025",
    "2025-12-24",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "last week",
    "next week",
    "next Monday",
    "two days ago",
    "the third quarter",
    "next year",
    "in 2025",
    "the 1990s",
    "Friday at 3:30 p.m.",
    "since March",
    "between May 3 and June 40",
    "February 30, 2025",
    "the weekend",
    "on Christmas Eve",
    "9999",
    "year 0",
    "12/31/9999",
    "31.12.0001",
    "99999 years ago",
    "in 99999 weeks",
]
WORDS = [
    "the",
    "strike",
    "dock",
    "workers",
    "port",
    "government",
    "police",
    "not",
    "never",
    "no",
    "Interestingly,",
    "Advertisement",
    "Subscribe to our newsletter",
    "Read more:",
    "Exclusive:",
    "U.S.",
    "e.g.",
    "i.e.",
    "No.",
    "vs.",
    "etc.",
    "(",
    ")",
    "[",
    "]",
    "—",
    "–",
    "-",
    "…",
    "...",
    "•",
    "#",
    "*",
    "&amp;",
    "<b>",
    "</p>",
    "<script>alert(1)</script>",
    "{",
    "}",
    "\\",
    "%s",
    "{0}",
    "[bold]",
    "[/]",
    "$(rm -rf ~)",
    "💥",
    "👍🏽",
    "e\u0301",
    "ﬁ",
    "İ",
    "ß",
    "Σ",
]
CONTROLS = [
    "\x00",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1b[2J",
    "\x1b[31m",
    "\x1b]0;owned\x07",
    "\x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200e",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "\ud800",
    "\udfff",
    "\r",
]
SPACES = [" ", " ", " ", "  ", "\u00a0", "\u3000", "\u2009", "\t", "\u202f", ""]
SENTENCE_ENDS = [".", ".", ".", "!", "?", "…", ".”", '."', "", ":", ";", "?!", ". . ."]
PARAGRAPH_BREAKS = ["\n\n", "\n\n", "\n", "\r\n\r\n", "\r\r", "\n \n", "\n\u3000\n", "\n\n\n\n"]


@functools.cache
def outlet_names() -> tuple[str, ...]:
    data = json.loads(OUTLETS.read_text(encoding="utf-8"))
    return tuple(alias for entry in data["outlets"] for alias in (entry["name"], *entry["aliases"]))


@functools.cache
def seed_texts() -> tuple[str, ...]:
    """The real articles mutations start from: the sample story and corroboration seeds."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_STORY.glob("*.txt"))]
    with SEED_ARTICLES.open(encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return tuple(texts)


# --- generated text -------------------------------------------------------------------------

_any_char = st.characters(codec=None, exclude_categories=())
_odd_token = st.one_of(
    st.text(_any_char, min_size=1, max_size=12),
    st.text(st.characters(categories=["Lu", "Ll", "Lo", "Nd", "Pd", "Ps", "Pe", "Pi", "Pf"])),
    st.integers(min_value=1, max_value=6000).map(lambda n: "x" * n),
    st.integers(min_value=1, max_value=400).map(lambda n: "9" * n),
    st.integers(min_value=1, max_value=100).map(lambda n: "[" * n),
)


@st.composite
def _quote(draw: st.DrawFn) -> str:
    opening, closing = draw(st.sampled_from(QUOTE_PAIRS))
    inner = draw(st.lists(st.sampled_from(WORDS + NAMES + NUMBERS), min_size=0, max_size=12))
    close = draw(st.sampled_from([closing, closing, "", opening]))
    return opening + " ".join(inner) + draw(st.sampled_from(["", ".", ",", "?"])) + close


@st.composite
def _person(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    if draw(st.booleans()):
        return f"{draw(st.sampled_from(TITLES))} {name}"
    return name


_outlet = st.one_of(
    st.sampled_from(ODD_OUTLET_FORMS),
    st.builds(
        lambda o, the: f"{the}{o}",
        st.deferred(lambda: st.sampled_from(outlet_names())),
        st.sampled_from(["", "the ", "The ", "the  ", "the\u00a0", "The\u3000"]),
    ),
)
_fragment = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    _person(),
    _outlet,
    st.sampled_from(SPEECH),
    st.sampled_from(HEDGES),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(PLACES),
    _quote(),
    st.sampled_from(CONTROLS),
    _odd_token,
)


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(_fragment, min_size=1, max_size=18))
    out = pieces[0]
    for piece in pieces[1:]:
        out += draw(st.sampled_from(SPACES)) + piece
    return out + draw(st.sampled_from(SENTENCE_ENDS))


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(_sentence(), min_size=1, max_size=4))
    return draw(st.sampled_from(SPACES)).join(sentences)


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """Article-like text: an optional headline and dateline, paragraphs of sentences built
    from names, outlets (odd spacing included), numbers, dates, quotes of every kind,
    hedges, control characters, odd whitespace, mixed scripts and very long tokens."""
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(_sentence()).rstrip(".!?"))
    paragraphs = draw(st.lists(_paragraph(), min_size=1, max_size=6))
    if draw(st.booleans()):
        dateline = draw(
            st.sampled_from(
                [
                    "WASHINGTON (Reuters) - ",
                    "CARACAS, Dec 24 (AFP) — ",
                    "date 9999-12-31 Caracas: ",
                    "date 0001-01-01: ",
                    "Dec. 30, 2025 — ",
                    "BEIRUT — ",
                    "Published: 2024-01-02\n\n",
                ]
            )
        )
        paragraphs[0] = dateline + paragraphs[0]
    parts += paragraphs
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(PARAGRAPH_BREAKS)) + part
    return draw(st.sampled_from(["", " ", "\n", "\ufeff", "\t"])) + text


# --- mutations of real articles ---------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    kind: str
    position: float
    value: str = ""


mutations = st.builds(
    Mutation,
    st.sampled_from(
        ["flip", "truncate", "insert", "delete", "shuffle", "duplicate", "replace_spaces", "splice"]
    ),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    st.one_of(st.sampled_from(CONTROLS + SPACES + ODD_OUTLET_FORMS + DATES + NUMBERS), _odd_token),
)


def mutate(text: str, mutations: Sequence[Mutation]) -> bytes:
    """``text`` (as UTF-8) after each mutation: a byte flip, a truncation, an insertion, a
    deletion, paragraphs shuffled or duplicated, spaces replaced, a piece of another place
    spliced in. Bytes, because a flip need not leave valid UTF-8."""
    data = text.encode("utf-8")
    for m in mutations:
        at = int(m.position * len(data))
        value = m.value.encode("utf-8", "surrogatepass")
        if m.kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << (len(value) % 8))]) + data[at + 1 :]
        elif m.kind == "truncate":
            data = data[:at]
        elif m.kind == "insert":
            data = data[:at] + value + data[at:]
        elif m.kind == "delete":
            data = data[:at] + data[at + 1 + len(value) :]
        elif m.kind in ("shuffle", "duplicate"):
            paragraphs = data.split(b"\n\n")
            if m.kind == "shuffle":
                cut = at % max(1, len(paragraphs))
                paragraphs = paragraphs[cut:] + paragraphs[:cut][::-1]
            else:
                paragraphs.insert(at % (len(paragraphs) + 1), paragraphs[at % len(paragraphs)])
            data = b"\n\n".join(paragraphs)
        elif m.kind == "replace_spaces":
            data = data.replace(b" ", value or b"\xc2\xa0", 1 + at % 50)
        elif m.kind == "splice":
            data = data[at:] + b"\n\n" + data[:at]
    return data


@st.composite
def mutated_articles(draw: st.DrawFn) -> bytes:
    """A real article (the sample story, the corroboration seeds) mutated 1 to 6 times."""
    seed = draw(st.sampled_from(seed_texts()))
    return mutate(seed, draw(st.lists(mutations, min_size=1, max_size=6)))


# --- whole inputs: files of every format, with odd names --------------------------------------


@dataclass(frozen=True)
class InputFile:
    """One file of a fuzzed input: its name (bytes: any a filesystem takes) and content."""

    name: bytes
    content: bytes

    def to_json(self) -> dict[str, str]:
        return {
            "name": base64.b64encode(self.name).decode("ascii"),
            "content": base64.b64encode(self.content).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> InputFile:
        return cls(base64.b64decode(data["name"]), base64.b64decode(data["content"]))


_metadata_value = st.one_of(
    st.none(),
    st.sampled_from(DATES + NAMES + ODD_OUTLET_FORMS + CONTROLS + ["", "   "]),
    st.text(_any_char, max_size=30),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.just([1, 2]),
    st.just({"nested": {"deep": "x"}}),
)
_STEMS = [
    b"article",
    b"bad\xffname",
    b"evil\x1b[31mred",
    b"title\x1b]0;pwned\x07",
    b"spaced name",
    b"\xe2\x80\xaereversed",
    b"line\nbreak",
    b"-dash",
    b"[bold]markup[red",
    "日本語".encode(),
    b"x" * 200,
]
_EXTENSIONS = [b".txt", b".md", b".json", b".jsonl", b".html", b"", b".htm", b".txt.gz", b".csv"]


def _json_record(text: str, meta: dict[str, object]) -> dict[str, object]:
    return {"text": text, **{k: v for k, v in meta.items() if v is not None}}


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@st.composite
def _file_content(draw: st.DrawFn, ext: bytes) -> bytes:
    text = draw(article_texts()) if draw(st.booleans()) else None
    raw = draw(mutated_articles()) if text is None else _encode(text)
    if ext in (b".json", b".jsonl"):
        body = raw.decode("utf-8", "replace") if text is None else text
        meta = {k: draw(_metadata_value) for k in ("id", "title", "outlet", "published", "url")}
        record = _json_record(body, meta)
        dumped = json.dumps(record, ensure_ascii=draw(st.booleans()))
        if ext == b".jsonl":
            lines = [dumped] * draw(st.integers(min_value=1, max_value=2))
            extra = draw(st.sampled_from(["", "\n", "\n{broken\n", "\n[]\n", "\n" + "[" * 5000]))
            return _encode("\n".join(lines) + extra)
        return _encode(
            draw(st.sampled_from([dumped, f"[{dumped}]", f'{{"articles": [{dumped}]}}']))
        )
    if ext in (b".html", b".htm"):
        body = raw.decode("utf-8", "replace")
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        title = draw(st.sampled_from(["", "<title>Headline | The Guardian</title>"]))
        head = f'<head>{title}<meta property="og:site_name" content="{draw(st.sampled_from(ODD_OUTLET_FORMS))}"></head>'
        nesting = "<div>" * draw(st.sampled_from([0, 0, 3, 300]))
        return _encode(f"<html>{head}<body><article>{nesting}{paragraphs}</article></body></html>")
    if ext == b".txt.gz":
        return gzip.compress(raw, mtime=0)
    if ext == b".txt" and draw(st.booleans()):
        return draw(
            st.sampled_from([raw, b"\xff\xfe" + raw.decode("utf-8", "replace").encode("utf-16-le")])
        )
    return raw


@st.composite
def input_files(draw: st.DrawFn) -> list[InputFile]:
    """The files of one story: 1 to 3, each in a format the reader takes, under a name
    that may be anything a filesystem allows (bytes that are not UTF-8, control
    characters, escape sequences, markup)."""
    count = draw(st.integers(min_value=1, max_value=3))
    files = []
    for number in range(count):
        ext = draw(st.sampled_from(_EXTENSIONS))
        stem = draw(st.sampled_from(_STEMS))
        files.append(InputFile(b"%d-" % number + stem + ext, draw(_file_content(ext))))
    return files


def write_files(directory: Path, files: Sequence[InputFile]) -> None:
    """Write ``files`` into ``directory`` (a name that is not UTF-8 goes through
    ``surrogateescape``, so the file gets exactly those bytes)."""
    for item in files:
        (directory / os.fsdecode(item.name)).write_bytes(item.content)
