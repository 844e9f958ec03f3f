"""Direct quotes with their speakers (grouping across articles is in
:mod:`consilience.extract.quote_groups`).

Quote marks are paired per paragraph: “ ” « » „ open or close by their shape (a “ glued to
the word before and followed by a space closes, as scraped text often has it); a straight
``"`` opens or closes by the spaces around it and, when that says nothing, by whether a
quote is open. ‘ ’ pairs count only outside double quotes (nested quotes stay inside their
outer quote), because ’ is mostly an apostrophe. Speakers are found by
:mod:`consilience.extract.quote_speakers`. Conventions and decisions:

* A quote spanning paragraphs (an opening mark never closed, and the next paragraph opens
  again: the journalistic convention) gives one :class:`Quote` per paragraph, all with the
  best speaker found for any of them. So does a quote left open and closed, or reopened,
  up to five paragraphs later (text split one sentence per line); a straight mark ending
  a paragraph closes (a quote never opens there).
* Garbled marks never produce absurd spans: an opening mark without a close after a speech
  cue ("said: “…") runs to the end of its sentence; a closing mark without an opener after
  a cue ("adding, We won,”) starts after the cue, or at the paragraph start when "she
  said" follows; any other stray mark is dropped. A straight mark after a comma or a stop
  closes the open quote even when a letter follows it ('the young, "said Ana').
* Scare quotes: a quote of one or two words is kept only when its speaker is attached right
  at it (“Never,” she said; called it “reckless”) or it is a lower-case piece of what a
  named speaker said (Enderle said it was “amazing”); otherwise it is emphasis, a nickname
  or a term ('alleged “narco-terrorists”'). Title-case words after a work noun ("his
  memoir, “A G-Man's Life”") are a title. A short quote whose words are all capitalized
  (minor words aside) without such a speaker is a title or a name (“Forever Young”).
* Speakers: with sentence parses (:mod:`consilience.extract.parse`), the subject of the
  speech verb wins over a name the token grammar stopped short of, and parse subjects
  guide pronouns; "he said" goes to the latest speaker unless a person was named since.
* ``text`` is the words inside the marks, without surrounding spaces and without a final
  comma (the comma of `“We won,” she said` stands for the sentence's full stop).
* ``partial`` is set when the quote is embedded in running text (he called it a “dock
  area”): a word, not an intro like ``said:`` or ``said,``, comes right before it.
* Headlines, headings and junk sentences (``sentence.skip``: duplicates, sign-offs) yield
  no quotes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from consilience.extract.parse import ParsedSentence
from consilience.extract.quote_groups import QuoteGroup, group_quotes, quote_differences
from consilience.extract.quote_parse import parsed_subject
from consilience.extract.quote_speakers import (
    CUE_STRENGTH,
    TERMINAL,
    ArticleContext,
    Speaker,
    from_lead,
    from_trailer,
    previous_sentence_speaker,
    sentence_at,
    speaker_of,
)
from consilience.extract.speech_grammar import Phrase
from consilience.extract.speech_lexicon import SPEECH_PARTICIPLES, SPEECH_VERBS
from consilience.records import Paragraph, PreparedArticle, Quote, Sentence
from consilience.textspan import normalize_for_compare

_DOUBLE_MARKS = re.compile(r"[“”\"«»„]")
_SINGLE_PAIR = re.compile(r"(?<![\w’'])‘(?=\w)([^‘’\n]{1,400}?\w[.,!?]?)’(?!\w)")
_SPACE_BEFORE = set("([{—–-/") | {""}
_SPACE_AFTER = set(".,;:!?)]}…—–") | {""}
_CUE_BEFORE_MARK = re.compile(
    r"(?:\b(?:" + "|".join(sorted(SPEECH_VERBS | SPEECH_PARTICIPLES)) + r")(?:\s+\w+)?\s*[,:]"
    r"|:)\s*$"
)
_MINOR_WORDS = frozenset("a an the of and or in on at to for with from by".split())
_LOST_OPENER_CUE = re.compile(r"\b(?:said|says|added|adding|saying|stating|stated|wrote)[,:]\s+")
#: "described as “…” by X": the speaker follows the quote after "by".
_PASSIVE_SPEECH = re.compile(
    r"\b(?:described|called|dubbed|labell?ed|termed|branded|denounced|hailed|praised)"
    r"(?:\s+(?:it|them|him|her))?\s+(?:as\s+)?$"
)
__all__ = ["QuoteGroup", "extract_quotes", "group_quotes", "quote_differences"]

_MAX_RECOVERED_WORDS = 60
SentenceKey = tuple[str, int]
_MAX_SHORT_WORDS = 2
_MAX_TITLE_WORDS = 6


@dataclass(slots=True)
class _Candidate:
    start: int  # inner span, marks excluded
    end: int
    open_mark: int | None
    close_mark: int | None
    chain: int | None = None  # id shared by the paragraphs of one quote
    immediate: bool = False


# --- marks ------------------------------------------------------------------------------


def _mark_role(text: str, pos: int, start: int, end: int) -> str:
    char = text[pos]
    if char in "«„":
        return "open"
    if char == "»":
        return "close"
    before = text[pos - 1] if pos > start else ""
    after = text[pos + 1] if pos + 1 < end else ""
    space_before = before in _SPACE_BEFORE or before.isspace()
    space_after = after in _SPACE_AFTER or after.isspace()
    if char == "“":
        return "close" if not space_before and space_after else "open"
    if char == "”":
        return "open" if space_before and not space_after else "close"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


_Pairing = tuple[list[tuple[int, int]], list[int], list[int], int | None]


def _pair_paragraph(text: str, start: int, end: int) -> _Pairing:
    """(pairs of mark positions, orphan opens, orphan closes, the open mark left unclosed
    at the end of the paragraph)."""
    pairs: list[tuple[int, int]] = []
    orphan_open: list[int] = []
    orphan_close: list[int] = []
    pending: int | None = None
    for match in _DOUBLE_MARKS.finditer(text, start, end):
        pos = match.start()
        role = _mark_role(text, pos, start, end)
        at_end = not text[pos + 1 : end].strip()
        if pending is None:
            if role == "close" or (role == "either" and at_end):
                orphan_close.append(pos)  # a quote never opens at the end of a paragraph
            else:
                pending = pos
        elif role == "open" and text[start:pos].rstrip()[-1:] not in ",.!?;":
            # (after a comma or a stop it closes: 'the young, "said Ana')
            orphan_open.append(pending)
            pending = pos
        else:
            pairs.append((pending, pos))
            pending = None
    return pairs, orphan_open, orphan_close, pending


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


_MAX_BRIDGED_PARAGRAPHS = 5


def _candidates(prepared: PreparedArticle) -> list[_Candidate]:
    text = prepared.article.text
    paragraphs = prepared.paragraphs
    pairings = [_pair_paragraph(text, p.start, p.end) for p in paragraphs]
    starts = [s.start for s in prepared.sentences]  # once: not once per paragraph
    out: list[_Candidate] = []
    chain_into: dict[int, int] = {}  # paragraph index → chain continuing into it
    bridged_closes: set[int] = set()
    for n, paragraph in enumerate(paragraphs):
        p_start, p_end = paragraph.start, paragraph.end
        pairs, orphan_open, orphan_close, pending = pairings[n]
        chain = chain_into.get(n)
        for k, (open_mark, close_mark) in enumerate(pairs):
            # The first quote of a continued paragraph belongs to the chain.
            first = k == 0 and text[p_start:open_mark].strip(" -–—") == ""
            out.append(
                _Candidate(
                    *_inner(text, open_mark + 1, close_mark),
                    open_mark,
                    close_mark,
                    chain if first else None,
                )
            )
        if pending is not None:
            starts_chain = text[p_start:pending].strip(" -–—") == ""
            chain_id = chain if chain is not None and starts_chain else pending
            reopened = _reopened(text, paragraphs, pairings, n)
            bridge = None if reopened is not None else _bridge(pairings, n)
            if reopened is not None:
                # Left open, then reopened a few paragraphs on: the journalistic
                # convention, with the text split one sentence per line in between.
                out.append(_Candidate(*_inner(text, pending + 1, p_end), pending, None, chain_id))
                for k in range(n + 1, reopened):
                    inner = _inner(text, paragraphs[k].start, paragraphs[k].end)
                    out.append(_Candidate(*inner, None, None, chain_id))
                chain_into[reopened] = chain_id
            elif bridge is not None:
                out.extend(_bridged(text, paragraphs, n, pending, *bridge, chain_id))
                bridged_closes.add(bridge[1])
            elif chain is not None and starts_chain:
                out.append(_Candidate(*_inner(text, pending + 1, p_end), pending, None, chain_id))
            else:
                orphan_open.append(pending)
        out.extend(_recover_opens(prepared, orphan_open, starts))
        closes = [c for c in orphan_close if c not in bridged_closes]
        out.extend(_recover_closes(prepared, closes, p_start, starts))
    singles = [c for c in out if c.open_mark is not None]
    out.extend(_single_quotes(text, singles))
    kept: list[_Candidate] = []
    for cand in sorted(out, key=lambda c: (c.start, -c.end)):
        # Recovered spans may overlap a real pair: the first one wins.
        if not kept or cand.start >= kept[-1].end:
            kept.append(cand)
    return kept


def _reopened(
    text: str, paragraphs: Sequence[Paragraph], pairings: Sequence[_Pairing], n: int
) -> int | None:
    """The paragraph that reopens a quote left open in paragraph ``n``: the next one that
    opens with a mark, when the paragraphs between have no marks at all."""
    for m in range(n + 1, min(len(pairings), n + 1 + _MAX_BRIDGED_PARAGRAPHS)):
        if _opens_paragraph(text, paragraphs[m].start, paragraphs[m].end):
            return m
        pairs, orphan_open, orphan_close, pending = pairings[m]
        if pairs or orphan_open or orphan_close or pending is not None:
            return None
    return None


def _bridge(pairings: Sequence[_Pairing], n: int) -> tuple[int, int] | None:
    """(paragraph, closing mark) ending a quote left open in paragraph ``n`` and closed a
    few paragraphs on without reopening (text split one sentence per line)."""
    for m in range(n + 1, min(len(pairings), n + 1 + _MAX_BRIDGED_PARAGRAPHS)):
        pairs, orphan_open, orphan_close, pending = pairings[m]
        if pairs or orphan_open or pending is not None:
            return None
        if orphan_close:
            return m, orphan_close[0]
    return None


def _bridged(
    text: str,
    paragraphs: Sequence[Paragraph],
    n: int,
    open_mark: int,
    m: int,
    close: int,
    chain: int,
) -> list[_Candidate]:
    """One piece per paragraph of a quote bridged from paragraph ``n`` to ``m``."""
    pieces = [_Candidate(*_inner(text, open_mark + 1, paragraphs[n].end), open_mark, None, chain)]
    for k in range(n + 1, m):
        pieces.append(
            _Candidate(*_inner(text, paragraphs[k].start, paragraphs[k].end), None, None, chain)
        )
    pieces.append(_Candidate(*_inner(text, paragraphs[m].start, close), None, close, chain))
    return pieces


def _opens_paragraph(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip(" -–—")
    return stripped[:1] in '“"«„' and _mark_role(text, end - len(stripped), start, end) != "close"


def _single_quotes(text: str, doubles: list[_Candidate]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for match in _SINGLE_PAIR.finditer(text):
        s, e = match.start(1), match.end(1)
        if "\n" in text[s:e] or any(c.start - 1 <= s < c.end + 1 for c in doubles):
            continue
        out.append(_Candidate(*_inner(text, s, e), match.start(), match.end() - 1))
    return out


def _recover_opens(
    prepared: PreparedArticle, marks: list[int], starts: list[int]
) -> list[_Candidate]:
    text = prepared.article.text
    out: list[_Candidate] = []
    for mark in marks:
        sentence = sentence_at(prepared.sentences, starts, mark)
        if sentence is None or not _CUE_BEFORE_MARK.search(text[sentence.start : mark]):
            continue
        start, end = _inner(text, mark + 1, sentence.end)
        if 0 < len(text[start:end].split()) <= _MAX_RECOVERED_WORDS:
            out.append(_Candidate(start, end, mark, None))
    return out


def _recover_closes(
    prepared: PreparedArticle, marks: list[int], p_start: int, starts: list[int]
) -> list[_Candidate]:
    text = prepared.article.text
    out: list[_Candidate] = []
    for mark in marks:
        sentence = sentence_at(prepared.sentences, starts, mark)
        if sentence is None:
            continue
        lead = text[sentence.start : mark]
        cue = None
        for found in _LOST_OPENER_CUE.finditer(lead):
            cue = found
        if cue is not None:
            begin = sentence.start + cue.end()
        elif sentence.start == p_start and _DOUBLE_MARKS.search(lead) is None:
            trailer = text[mark + 1 : sentence.end]
            if not re.match(r"\W*(?:\w+\s+){0,3}?(?:said|says|added|told)\b", trailer):
                continue
            begin = sentence.start
        else:
            continue
        start, end = _inner(text, begin, mark)
        if _DOUBLE_MARKS.search(text, start, end) is None and len(text[start:end].split()) >= 3:
            out.append(_Candidate(start, end, None, mark))
    return out


def _looks_like_term(words: list[str], quote_text: str) -> bool:
    """A scare-quoted term, a nickname or the title of a work rather than speech: one or
    two words, or a few words all capitalized."""
    if len(words) <= _MAX_SHORT_WORDS:
        return True
    written = [w for w in quote_text.split() if w[:1].isalpha() and w not in _MINOR_WORDS]
    return len(written) <= _MAX_TITLE_WORDS and all(w[:1].isupper() for w in written)


def extract_quotes(
    prepared: PreparedArticle, parses: Mapping[SentenceKey, ParsedSentence] | None = None
) -> list[Quote]:
    """The direct quotes of one article with their speakers, in text order. ``parses``
    (the sentence parses of :mod:`consilience.extract.parse`) let the speaker be read off
    the dependency parse where the parse has one."""
    text = prepared.article.text
    candidates = _candidates(prepared)
    spans = [
        (
            c.open_mark if c.open_mark is not None else c.start,
            c.close_mark + 1 if c.close_mark is not None else c.end,
        )
        for c in candidates
    ]
    article = ArticleContext(prepared, spans, _parsed_subjects(parses, prepared.id))
    p_starts = [p.start for p in prepared.paragraphs]
    kept: list[tuple[_Candidate, Sentence, Speaker | None]] = []
    for n, cand in enumerate(candidates):
        sentence = article.sentence_at(cand.start)
        if cand.start >= cand.end or sentence is None:
            continue
        if sentence.skip is not None or sentence.role in ("headline", "heading"):
            continue
        open_at, after_close = spans[n]
        paragraph = prepared.paragraphs[bisect.bisect_right(p_starts, open_at) - 1]
        lead_start = max([sentence.start, *(e for s, e in spans[:n] if e <= open_at)])
        trailer_end = min([paragraph.end, *(s for s, e in spans[n + 1 :] if s >= after_close)])
        inside = text[cand.start : cand.close_mark if cand.close_mark is not None else cand.end]
        trailer_text = text[after_close:trailer_end].lstrip(" ,;—–-")
        standalone = inside.rstrip()[-1:] in TERMINAL and not trailer_text[:1].islower()
        speaker: Speaker | None = None
        recent = _recent_speaker(kept, sentence)
        last = _last_speaker(kept, sentence)
        by_agent = _PASSIVE_SPEECH.search(text, lead_start, open_at) is not None
        found = from_trailer(article, after_close, trailer_end, standalone, by_agent=by_agent)
        if found is None and not trailer_text.strip() and trailer_end == paragraph.end:
            found = _next_paragraph_trailer(prepared, article, paragraph)
        parsed = parses.get((prepared.id, sentence.index)) if parses else None
        if found is not None:
            cand.immediate = found[2] and not standalone
            speaker = speaker_of(article, found[0], found[1], sentence.index, recent, last)
            speaker = _by_parse(parsed, after_close, trailer_end, found[0], speaker)
        lead = from_lead(article, sentence.start, open_at) if speaker is None else None
        if lead is not None:
            cand.immediate = cand.immediate or lead[2]
            speaker = speaker_of(article, lead[0], lead[1], sentence.index, recent, last)
            speaker = _by_parse(parsed, lead_start, open_at, lead[0], speaker)
        quote_text = text[cand.start : cand.end]
        words = normalize_for_compare(quote_text).split()
        # A short partial quote in what someone said ("said it was “amazing”") is speech.
        reported = lead is not None and quote_text[:1].islower() and not _after_work(text, open_at)
        if not words or (
            not cand.immediate
            and cand.chain is None
            and not reported
            and _looks_like_term(words, quote_text)
        ):
            continue  # scare quotes, nicknames, titles of works
        if _after_work(text, open_at) and _title_case(quote_text):
            continue  # a title: the memoir “A G-Man's Life”
        if speaker is None:
            speaker = _inherited(article, kept, sentence, lead_start, open_at, last)
        kept.append((cand, sentence, speaker))
    return _finish(prepared, kept)


_WORK_NOUNS = re.compile(
    r"\b(?:book|memoir|memoirs|novel|film|movie|song|album|series|show|play|musical|"
    r"documentary|programme|program|titled|entitled|headlined)\W{0,3}$",
    re.IGNORECASE,
)
_NEXT_TRAILER = re.compile(r"^\W*(?:\w+[.'’]?\s+){1,4}(?:said|says|added|wrote|told \w+)\W*$")
_LAST_SPEAKER_WINDOW = 6


def _parsed_subjects(
    parses: Mapping[SentenceKey, ParsedSentence] | None, article_id: str
) -> frozenset[int]:
    """End offsets of the tokens the parses of one article make subjects of a verb."""
    if not parses:
        return frozenset()
    return frozenset(
        t.end
        for (owner, _), parsed in parses.items()
        if owner == article_id
        for t in parsed.tokens
        if t.dep in ("nsubj", "nsubjpass")
    )


def _by_parse(
    parsed: ParsedSentence | None, start: int, end: int, phrase: Phrase, speaker: Speaker | None
) -> Speaker | None:
    """The speaker the parse gives when the grammar's name stopped short of the subject
    of the speech verb (see :mod:`consilience.extract.quote_parse`)."""
    if parsed is None or speaker is None:
        return speaker
    found = parsed_subject(parsed, start, end, phrase)
    if found is None:
        return speaker
    name, name_start, name_end, title = found
    return replace(speaker, text=name, start=name_start, end=name_end, title=title)


def _title_case(quote_text: str) -> bool:
    """Every word but the minor ones capitalized, as titles of works are written."""
    written = [w for w in quote_text.split() if w[:1].isalpha() and w not in _MINOR_WORDS]
    return bool(written) and all(w[:1].isupper() for w in written)


def _after_work(text: str, open_at: int) -> bool:
    """Whether the quote opening at ``open_at`` follows a work noun ("the book “…”")."""
    return _WORK_NOUNS.search(text, max(0, open_at - 40), open_at) is not None


def _next_paragraph_trailer(
    prepared: PreparedArticle, article: ArticleContext, paragraph: Paragraph
) -> tuple[Phrase, str, bool] | None:
    """The speaker of a quote ending its paragraph named alone in the next one ("Roesler
    said."), as text split one sentence per line has it."""
    following = [p for p in prepared.paragraphs if p.index == paragraph.index + 1]
    if not following:
        return None
    nxt = following[0]
    if not _NEXT_TRAILER.match(article.text[nxt.start : nxt.end]):
        return None
    return from_trailer(article, nxt.start, nxt.end, False)


def _last_speaker(
    kept: list[tuple[_Candidate, Sentence, Speaker | None]], sentence: Sentence
) -> tuple[Speaker, int] | None:
    """The latest speaker of the article, a few sentences back at most, and its sentence."""
    for _cand, said_in, speaker in reversed(kept):
        if said_in.index < sentence.index - _LAST_SPEAKER_WINDOW:
            return None
        if speaker is not None:
            return speaker, said_in.index
    return None


def _recent_speaker(
    kept: list[tuple[_Candidate, Sentence, Speaker | None]], sentence: Sentence
) -> Speaker | None:
    """The speaker of the quote just before, when it is at most two sentences back."""
    if not kept:
        return None
    _cand, prev_sentence, prev_speaker = kept[-1]
    near = prev_sentence.index >= sentence.index - 2
    return prev_speaker if near and prev_sentence.paragraph >= sentence.paragraph - 2 else None


def _inherited(
    article: ArticleContext,
    kept: list[tuple[_Candidate, Sentence, Speaker | None]],
    sentence: Sentence,
    lead_start: int,
    open_at: int,
    last: tuple[Speaker, int] | None = None,
) -> Speaker | None:
    """A quote without a cue of its own: who speaks in the sentence before it ("Lon Wood
    said he met Ben. “They are a close family.”"), else the speaker of the quote just
    before it, else the person the sentence before it is about."""
    lead_words = [t for t in article.tokens(lead_start, open_at) if t.is_word]
    opens = all(t.lower in {"and", "but", "so", "yet", "still"} for t in lead_words)
    if opens:
        speaking = previous_sentence_speaker(article, sentence, speech_only=True, last=last)
        if speaking is not None:
            return speaking
    recent = _recent_speaker(kept, sentence)
    if recent is not None:
        return replace(recent, cue="previous_sentence")
    return previous_sentence_speaker(article, sentence) if opens else None


def _after_word(text: str, pos: int) -> bool:
    """True when a word (not punctuation or a line start) comes right before ``pos``."""
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k >= 0 and (text[k].isalnum() or text[k] in "’'")


def _finish(
    prepared: PreparedArticle, kept: list[tuple[_Candidate, Sentence, Speaker | None]]
) -> list[Quote]:
    text = prepared.article.text
    best: dict[int, Speaker] = {}
    for cand, _sentence, speaker in kept:
        if cand.chain is None or speaker is None:
            continue
        current = best.get(cand.chain)
        if current is None or CUE_STRENGTH[speaker.cue] > CUE_STRENGTH[current.cue]:
            best[cand.chain] = speaker
    quotes: list[Quote] = []
    for cand, sentence, own in kept:
        speaker = own
        if cand.chain is not None and cand.chain in best:
            speaker = best[cand.chain]
        quote_text = text[cand.start : cand.end]
        open_at = cand.open_mark if cand.open_mark is not None else cand.start
        partial = _after_word(text, open_at)
        quotes.append(
            Quote(
                article_id=prepared.id,
                start=cand.start,
                end=cand.end,
                text=quote_text,
                speaker=speaker.text if speaker else None,
                speaker_start=speaker.start if speaker else None,
                speaker_end=speaker.end if speaker else None,
                partial=partial,
                speaker_cue=speaker.cue if speaker else None,
                speaker_title=speaker.title if speaker else None,
                sentence=sentence.index,
            )
        )
    return quotes
