"""One side of a comparison (the original or the derived text), prepared once: sentences,
their tokens, and what the extractors find in each sentence.

Sentences come from :func:`consilience.pipeline.prepare`, then two kinds of run-on
sentence are split, because compared texts are often machine-written or scraped:

* sentences glued without a space ("…at the Cenotaph.Anzac Day commemorates…"), common in
  scraped text, split where a lowercase word ends with a period right before a
  capitalized word;
* tokenized text ("the captain has not been approached . he said"), where a terminal mark
  stands alone between spaces, and all-lowercase text, where the next sentence does not
  start with a capital the segmenter could see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from consilience.align.embedders import Vectors
from consilience.compare.tokens import Token, iter_tokens
from consilience.extract.ner import load_ner
from consilience.extract.numbers import extract_quantities
from consilience.extract.quotes import extract_quotes
from consilience.extract.time import extract_times
from consilience.pipeline import prepare
from consilience.records import (
    Article,
    EntityMention,
    PreparedArticle,
    Quantity,
    Quote,
    Sentence,
    TimeExpression,
)
from consilience.settings import Settings
from consilience.textspan import strip_span

_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_DETACHED_MARK = re.compile(r"(?<=\s[.!?])\s+(?=\S)")
_LOWERCASE_END = re.compile(r"(?<![\w.])([a-z0-9][\w'-]*[a-z0-9])[.!?](?=\s+[a-z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gov sen rep col gen lt capt maj sgt st rev jr sr vs no approx est".split()
)
#: Anchor for relative dates when neither text is dated: both sides are read against the
#: same day, so "Monday" against "Tuesday" still compares; the day itself is arbitrary.
_NEUTRAL_ANCHOR = dt.date(2000, 1, 3)


@dataclass(frozen=True, slots=True)
class Side:
    """A prepared text with its sentences' tokens and extractions, indexed by sentence."""

    prepared: PreparedArticle
    tokens: tuple[Token, ...]
    #: per sentence: the range of its tokens in ``tokens``
    token_ranges: tuple[tuple[int, int], ...]
    #: per token: the index of its sentence
    sentence_of_token: tuple[int, ...]
    times: tuple[tuple[TimeExpression, ...], ...]
    quantities: tuple[tuple[Quantity, ...], ...]
    quotes: tuple[Quote, ...]
    ner: str = "classical"
    #: the day relative dates were read against (``None``: a neutral stand-in day)
    anchor: dt.date | None = None
    #: the text has no capital letter at all (names cannot be told by their case)
    lowercase: bool = False
    #: offsets where sentences start (a capital there does not mark a name)
    sentence_starts: frozenset[int] = frozenset()
    #: word forms the text writes capitalized inside a sentence (names, mostly)
    name_words: frozenset[str] = frozenset()
    #: sentence index -> entity mentions, filled on first use (names are only needed for
    #: title checks, and finding them is the costliest extraction)
    _mentions: dict[int, tuple[EntityMention, ...]] = field(default_factory=dict)
    #: embedder name -> the sentences' vectors, filled on first use
    vectors: dict[str, Vectors] = field(default_factory=dict)

    @property
    def article(self) -> Article:
        return self.prepared.article

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.prepared.sentences

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        start, end = self.token_ranges[index]
        return self.tokens[start:end]

    @property
    def dated(self) -> bool:
        """Whether relative dates were read against a real date (a publication date or
        the configured reference date) rather than the neutral stand-in."""
        return self.anchor is not None

    def mentions(self, index: int) -> tuple[EntityMention, ...]:
        """The entity mentions of sentence ``index``."""
        found = self._mentions.get(index)
        if found is None:
            sentence = self.sentences[index]
            extracted = load_ner(self.ner).extract(
                self.article.text, sentence, article_id=self.article.id
            )
            found = self._mentions[index] = tuple(extracted)
        return found


def split_run_ons(text: str, sentence: Sentence, lowercase_text: bool) -> list[tuple[int, int]]:
    """Spans of the sentences run together in ``sentence`` (offsets into ``text``)."""
    cuts = {m.start() for m in _GLUED.finditer(text, sentence.start, sentence.end)}
    cuts |= {m.end() for m in _DETACHED_MARK.finditer(text, sentence.start, sentence.end)}
    if lowercase_text:
        for match in _LOWERCASE_END.finditer(text, sentence.start, sentence.end):
            if match.group(1) not in _ABBREVIATIONS:
                cuts.add(match.end())
    bounds = [sentence.start, *sorted(c for c in cuts if sentence.start < c < sentence.end)]
    spans = []
    for cut_start, cut_end in zip(bounds, [*bounds[1:], sentence.end], strict=True):
        start, end = strip_span(text, cut_start, cut_end)
        if start < end:
            spans.append((start, end))
    return spans


def _resegment(prepared: PreparedArticle) -> PreparedArticle:
    text = prepared.article.text
    lowercase_text = not any(ch.isupper() for ch in text)
    sentences: list[Sentence] = []
    for sentence in prepared.sentences:
        for start, end in split_run_ons(text, sentence, lowercase_text):
            sentences.append(
                replace(sentence, index=len(sentences), start=start, end=end, text=text[start:end])
            )
    return replace(prepared, sentences=tuple(sentences))


def common_anchor(original: Article, derived: Article, settings: Settings) -> dt.date | None:
    """The day relative dates of both texts are read against, when one is known."""
    return original.published_date or derived.published_date or settings.reference_date


def build_side(article: Article, anchor: dt.date | None, settings: Settings) -> Side:
    """Prepare one text; relative dates are read against ``anchor`` (or, without one,
    against a neutral stand-in day shared by both sides)."""
    prepared = _resegment(prepare(article, settings))
    text = article.text
    tokens: list[Token] = []
    ranges: list[tuple[int, int]] = []
    owner: list[int] = []
    times: list[tuple[TimeExpression, ...]] = []
    quantities: list[tuple[Quantity, ...]] = []
    for sentence in prepared.sentences:
        found = list(iter_tokens(text, sentence.start, sentence.end))
        ranges.append((len(tokens), len(tokens) + len(found)))
        tokens += found
        owner += [sentence.index] * len(found)
        times.append(
            tuple(extract_times(text, sentence, anchor or _NEUTRAL_ANCHOR, article_id=article.id))
        )
        quantities.append(tuple(extract_quantities(text, sentence, article_id=article.id)))
    return Side(
        prepared=prepared,
        tokens=tuple(tokens),
        token_ranges=tuple(ranges),
        sentence_of_token=tuple(owner),
        times=tuple(times),
        quantities=tuple(quantities),
        quotes=tuple(extract_quotes(prepared)),
        ner=settings.ner,
        anchor=anchor,
        lowercase=not any(ch.isupper() for ch in text),
        sentence_starts=frozenset(tokens[a].start for a, b in ranges if b > a),
        name_words=frozenset(
            t.norm for a, b in ranges for t in tokens[a + 1 : b] if t.capitalized and t.content
        ),
    )


def claims_of(side: Side) -> Sequence[Sentence]:
    """The sentences of a derived text that are judged: junk (boilerplate, editorial
    notes) and second copies of a block are not claims."""
    return [s for s in side.sentences if s.skip is None]
