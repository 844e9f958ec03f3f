"""Words of a text for comparing a derived text with its original, with their offsets.

Both sides are tokenized the same way so that a word of the derived text can be looked up
in the original whatever the writing conventions: case is folded, contractions are split
the way tokenized machine text writes them ("hasn't" and "has n't" both read ``has``
``not``), small number words read as digits ("four" and "4" match) and every word keeps
its Snowball stem for inflection-insensitive look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from consilience.stems import stem
from consilience.word_lists import english_stop_words

# "hasn't" -> "has" + "n't"; numbers apart from letters ("9pm" -> "9" "pm", as "9 pm"
# reads), with their thousands separators and decimals ("12,000", "1.5").
_TOKEN = re.compile(r"[^\W\d_]+?(?=n['’]t\b)|n['’]t\b|\d+(?:[.,]\d+)*|[^\W\d_]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
#: Function words carry no claim of their own: a summary may use other ones freely.
FUNCTION_WORDS: frozenset[str] = english_stop_words() | frozenset(
    # contraction pieces ("won't" -> "wo" "n't") and the verbs of attribution
    {"s", "t", "ll", "ve", "re", "d", "m", "wo", "ca", "sha"}
    | {"says", "said", "say", "told", "according"}
)
#: Negation words: function words, but a derived text adding or dropping one changes the
#: claim, so the negation check reads them (never the novelty count).
NEGATIONS: frozenset[str] = frozenset({"not", "no", "never", "nor", "neither", "without"})
#: The unknown-word placeholders of machine-written text ("UNK", "<unk>", "[UNK]") and the
#: bracket escapes of tokenized text ("-LRB-"): they stand for a word or a mark the writer
#: could not produce, so they are neither novel nor support.
_PLACEHOLDERS = frozenset({"UNK", "unk"})
_BRACKET_ESCAPES = frozenset({"LRB", "RRB", "LSB", "RSB", "LCB", "RCB"})


@dataclass(frozen=True, slots=True)
class Token:
    """A word of an article: ``text[start:end]``, its comparison form and its stem."""

    start: int
    end: int
    norm: str
    stem: str
    #: a content word (not a function word, not a one-letter fragment, not a placeholder)
    content: bool
    #: written with a capital initial (a name, or the first word of a sentence)
    capitalized: bool
    placeholder: bool = False

    @property
    def numeric(self) -> bool:
        return self.norm[:1].isdigit()


@lru_cache(maxsize=65536)
def stem_of(norm: str) -> str:
    return stem(norm)


def _norm(raw: str) -> str:
    lowered = raw.lower()
    if lowered in ("n't", "n’t"):
        return "not"
    if lowered[:1].isdigit():
        return _THOUSANDS.sub("", lowered)
    return _NUMBER_WORDS.get(lowered, lowered)


def iter_tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """The tokens of ``text[start:end]``, offsets into ``text``."""
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        raw = match.group()
        norm = _norm(raw)
        placeholder = (
            raw in _PLACEHOLDERS and _is_placeholder(text, match.start(), match.end())
        ) or (raw in _BRACKET_ESCAPES and text[match.start() - 1 : match.start()] == "-")
        content = (
            not placeholder and norm not in FUNCTION_WORDS and (len(norm) > 1 or norm[:1].isdigit())
        )
        yield Token(
            start=match.start(),
            end=match.end(),
            norm=norm,
            stem=stem_of(norm),
            content=content,
            capitalized=raw[:1].isupper(),
            placeholder=placeholder,
        )


def _is_placeholder(text: str, start: int, end: int) -> bool:
    """``UNK`` written in capitals, or ``unk`` between angle or square brackets."""
    if text[start:end] == "UNK":
        return True
    before = text[start - 1 : start] if start else ""
    after = text[end : end + 1]
    return (before, after) in (("<", ">"), ("[", "]"))
