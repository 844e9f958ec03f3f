"""Span helpers shared by the stages: lines, paragraphs, normalization for comparison.

Everything here returns offsets into the string it was given, never a modified copy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINAL = '.!?:;"”’)]»…'
_WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*", re.UNICODE)

QUOTE_TRANSLATION = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)


def line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of ``text`` without their line breaks (blank lines included)."""
    spans: list[tuple[int, int]] = []
    for match in _LINE_RE.finditer(text):
        start, end = match.span()
        if start == end:
            break
        content_end = end
        while content_end > start and text[content_end - 1] in "\r\n":
            content_end -= 1
        spans.append((start, content_end))
    return spans


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start..end`` so that it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines, separated by blank lines."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in line_spans(text):
        s, e = strip_span(text, start, end)
        if s == e:
            if current:
                blocks.append(current)
                current = []
            continue
        current.append((s, e))
    if current:
        blocks.append(current)
    return blocks


def _looks_hard_wrapped(text: str, blocks: list[list[tuple[int, int]]]) -> bool:
    """True when line breaks inside blocks wrap running text (e-mail, terminal captures)
    rather than separate paragraphs: most inner lines are of similar width and break
    mid-sentence."""
    inner = [line for block in blocks if len(block) > 1 for line in block[:-1]]
    if len(inner) < 3:
        return False
    widths = sorted(e - s for s, e in inner)
    median = widths[len(widths) // 2]
    if not 30 <= median <= 100:
        return False
    similar = sum(1 for w in widths if abs(w - median) <= 0.25 * median + 5)
    mid_sentence = sum(1 for s, e in inner if text[e - 1] not in _TERMINAL)
    return similar >= 0.7 * len(inner) and mid_sentence >= 0.5 * len(inner)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, stripped of surrounding whitespace.

    Blank lines always separate paragraphs. A single line break separates paragraphs too
    (scraped pages often put one paragraph per line), unless the text is hard-wrapped, in
    which case the lines of a block are joined into one paragraph.
    """
    blocks = _blocks(text)
    if _looks_hard_wrapped(text, blocks):
        return [(block[0][0], block[-1][1]) for block in blocks]
    return [line for block in blocks for line in block]


def normalize_for_compare(text: str) -> str:
    """Case-, quote-, dash-, accent- and whitespace-insensitive form for equality tests."""
    text = text.translate(QUOTE_TRANSLATION)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD_RE.findall(text.casefold()))


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def iter_words(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """Word matches (letters, digits, inner apostrophes and hyphens) in ``text[start:end]``."""
    return _WORD_RE.finditer(text, start, len(text) if end is None else end)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


#: English function words (articles, pronouns, auxiliaries, prepositions, conjunctions,
#: frequent adverbs): words that carry phrasing, not content.
STOPWORDS: frozenset[str] = frozenset(
    """a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each either even ever every few for from further
    had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
    him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its
    itself just let's may me might more most much must mustn't my myself neither no nor not
    now of off on once only or other ought our ours ourselves out over own per rather same
    shall shan't she she'd she'll she's should shouldn't since so some such than that that's
    the their theirs them themselves then there there's these they they'd they'll they're
    they've this those though through thus to too under until up upon us very was wasn't we
    we'd we'll we're we've were weren't what what's when when's where where's whether which
    while who who's whom whose why why's will with within without won't would wouldn't yet
    you you'd you'll you're you've your yours yourself yourselves s t""".split()
)
