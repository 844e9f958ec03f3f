"""Direct quotes with their speakers, grouped across articles.

Quote marks are paired per paragraph: “ ” « » „ open or close by their shape (a “ glued to
the word before and followed by a space closes, as scraped text often has it); a straight
``"`` opens or closes by the spaces around it and, when that says nothing, by whether a
quote is open. ‘ ’ pairs count only outside double quotes (nested quotes stay inside their
outer quote), because ’ is mostly an apostrophe. Speakers are found by
:mod:`consilience.extract.quote_speakers`. Conventions and decisions:

* A quote spanning paragraphs (an opening mark never closed, and the next paragraph opens
  again: the journalistic convention) gives one :class:`Quote` per paragraph, all with the
  best speaker found for any of them. So does a quote left open and closed up to three
  paragraphs later without reopening (text split one sentence per line).
* Garbled marks never produce absurd spans: an opening mark without a close after a speech
  cue ("said: “…") runs to the end of its sentence; a closing mark without an opener after
  a cue ("adding, We won,”) starts after the cue, or at the paragraph start when "she
  said" follows; any other stray mark is dropped. A straight mark after a comma or a stop
  closes the open quote even when a letter follows it ('the young, "said Ana').
* Scare quotes: a quote of one or two words is kept only when its speaker is attached right
  at it (“Never,” she said; called it “reckless”); otherwise it is emphasis, a nickname or
  a term ('alleged “narco-terrorists”'). A short quote whose words are all capitalized
  (minor words aside) without such a speaker is a title or a name (“Forever Young”).
* ``text`` is the words inside the marks, without surrounding spaces and without a final
  comma (the comma of `“We won,” she said` stands for the sentence's full stop).
* ``partial`` is set when the quote is embedded in running text (he called it a “dock
  area”): a word, not an intro like ``said:`` or ``said,``, comes right before it.
* Headlines, headings and junk sentences (``sentence.skip``: duplicates, sign-offs) yield
  no quotes.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from consilience.extract.quote_speakers import (
    CUE_STRENGTH,
    DESCRIPTION_WORDS,
    TERMINAL,
    ArticleContext,
    Speaker,
    from_lead,
    from_trailer,
    previous_sentence_speaker,
    sentence_at,
    speaker_of,
)
from consilience.extract.speech_lexicon import SPEECH_PARTICIPLES, SPEECH_VERBS
from consilience.records import Paragraph, PreparedArticle, Quote, Sentence
from consilience.textspan import QUOTE_TRANSLATION, normalize_for_compare

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
_MAX_RECOVERED_WORDS = 60
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


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quote as printed in one or more articles: ``text`` is the representative
    wording, ``members`` every printing (variants included), in input order."""

    speaker: str | None
    text: str
    members: tuple[Quote, ...] = field(default_factory=tuple)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.article_id for q in self.members))


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
        if pending is None:
            if role == "close":
                orphan_close.append(pos)
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


_MAX_BRIDGED_PARAGRAPHS = 3


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
            nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            continues = nxt is not None and _opens_paragraph(text, nxt.start, nxt.end)
            starts_chain = text[p_start:pending].strip(" -–—") == ""
            bridge = None if continues or chain is not None else _bridge(pairings, n)
            if continues or (chain is not None and starts_chain):
                chain_id = chain if chain is not None and starts_chain else pending
                out.append(_Candidate(*_inner(text, pending + 1, p_end), pending, None, chain_id))
                if continues:
                    chain_into[n + 1] = chain_id
            elif bridge is not None:
                out.extend(_bridged(text, paragraphs, n, pending, *bridge))
                bridged_closes.add(bridge[1])
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
    text: str, paragraphs: Sequence[Paragraph], n: int, open_mark: int, m: int, close: int
) -> list[_Candidate]:
    """One piece per paragraph of a quote bridged from paragraph ``n`` to ``m``."""
    pieces = [
        _Candidate(*_inner(text, open_mark + 1, paragraphs[n].end), open_mark, None, open_mark)
    ]
    for k in range(n + 1, m):
        pieces.append(
            _Candidate(*_inner(text, paragraphs[k].start, paragraphs[k].end), None, None, open_mark)
        )
    pieces.append(_Candidate(*_inner(text, paragraphs[m].start, close), None, close, open_mark))
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


def extract_quotes(prepared: PreparedArticle) -> list[Quote]:
    """The direct quotes of one article with their speakers, in text order."""
    text = prepared.article.text
    candidates = _candidates(prepared)
    spans = [
        (
            c.open_mark if c.open_mark is not None else c.start,
            c.close_mark + 1 if c.close_mark is not None else c.end,
        )
        for c in candidates
    ]
    article = ArticleContext(prepared, spans)
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
        by_agent = _PASSIVE_SPEECH.search(text, lead_start, open_at) is not None
        found = from_trailer(article, after_close, trailer_end, standalone, by_agent=by_agent)
        if found is not None:
            cand.immediate = found[2] and not standalone
            speaker = speaker_of(article, found[0], found[1], sentence.index, recent)
        lead = from_lead(article, sentence.start, open_at) if speaker is None else None
        if lead is not None:
            cand.immediate = cand.immediate or lead[2]
            speaker = speaker_of(article, lead[0], lead[1], sentence.index, recent)
        words = normalize_for_compare(text[cand.start : cand.end]).split()
        if not words or (
            not cand.immediate
            and cand.chain is None
            and _looks_like_term(words, text[cand.start : cand.end])
        ):
            continue  # scare quotes, nicknames, titles of works
        if speaker is None:
            speaker = _inherited(article, kept, sentence, lead_start, open_at)
        kept.append((cand, sentence, speaker))
    return _finish(prepared, kept)


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
) -> Speaker | None:
    """A quote without a cue of its own: the speaker of the quote just before it, or the
    person the sentence before it is about."""
    recent = _recent_speaker(kept, sentence)
    if recent is not None:
        return replace(recent, cue="previous_sentence")
    lead_words = [t for t in article.tokens(lead_start, open_at) if t.is_word]
    if all(t.lower in {"and", "but", "so", "yet", "still"} for t in lead_words):
        return previous_sentence_speaker(article, sentence)
    return None


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


# --- grouping ---------------------------------------------------------------------------

#: Two wordings are the same quote when their normalized texts are this similar
#: (rapidfuzz ratio or token-sort ratio, 0-100): a changed word or two in a sentence-long
#: quote ("to include" / "including") stays above it, a different sentence falls far below.
SAME_QUOTE_MIN = 85.0
#: A shorter quote (four words or more) found in a longer one with at least this partial
#: ratio is a partial printing of it: "a dark day for the city" in "This is a dark day for
#: our city" scores 87, while "strong and growing" / "weak and shrinking" in otherwise equal
#: sentences scores about 74.
CONTAINED_MIN = 85.0
#: Wordings this close are one quote even when the articles name different speakers (an
#: attribution conflict the later stages report).
NEAR_IDENTICAL_MIN = 95.0
_MIN_CONTAINED_WORDS = 4
_MIN_FUZZY_WORDS = 3
_NAME_PARTICLES = frozenset("de del da di du van von der la le bin al el jr sr".split())


def _speaker_key(speaker: str | None) -> frozenset[str] | None:
    """The words of a named speaker ("Donald Trump" → {donald, trump}); ``None`` for a
    missing speaker or a description ("a spokesperson"), which matches any speaker."""
    if not speaker:
        return None
    words = normalize_for_compare(speaker).split()
    original = speaker.split()
    if not original or not all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in original):
        return None
    if original[0].lower() in DESCRIPTION_WORDS:
        return None
    return frozenset(w for w in words if w not in _NAME_PARTICLES)


def _speakers_compatible(a: str | None, b: str | None) -> bool:
    key_a, key_b = _speaker_key(a), _speaker_key(b)
    return key_a is None or key_b is None or bool(key_a & key_b)


def _similarity(a: str, b: str, *, contained: bool = True) -> float:
    """How alike two normalized wordings are, 0-100, as one quote; ``contained`` lets a
    shorter wording found in the longer one count."""
    short, long_ = sorted((a, b), key=len)
    n_short = len(short.split())
    if n_short < _MIN_FUZZY_WORDS:
        return 100.0 if a == b else 0.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if score >= SAME_QUOTE_MIN:
        return score
    long_enough = n_short >= _MIN_CONTAINED_WORDS
    if contained and long_enough and fuzz.partial_ratio(short, long_) >= CONTAINED_MIN:
        return CONTAINED_MIN
    return score


def group_quotes(quotes: Sequence[Quote]) -> list[QuoteGroup]:
    """Group the printings of the same quote across articles (and within one). Groups come
    in the order of their first member; members keep the input order."""
    normalized = [normalize_for_compare(q.text) for q in quotes]
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(normalized):
        if find(i) != find(j):
            # Within one article a shorter quote inside a longer one is another quote
            # ("I don't want to say that" / "... but I don't want to say who it was").
            across = quotes[i].article_id != quotes[j].article_id
            score = _similarity(normalized[i], normalized[j], contained=across)
            compatible = _speakers_compatible(quotes[i].speaker, quotes[j].speaker)
            near_identical = score >= NEAR_IDENTICAL_MIN and len(normalized[i].split()) >= 6
            if (score >= SAME_QUOTE_MIN and compatible) or near_identical:
                parent[max(find(i), find(j))] = min(find(i), find(j))
    members: dict[int, list[int]] = {}
    for i in range(len(quotes)):
        members.setdefault(find(i), []).append(i)
    groups: list[QuoteGroup] = []
    for root in sorted(members):
        indexes = members[root]
        group = tuple(quotes[i] for i in indexes)
        groups.append(
            QuoteGroup(_group_speaker(group), _representative(group, normalized, indexes), group)
        )
    return groups


_BLOCKING_WORDS = 5
_COMMON_ZIPF = 6.0


def _candidate_pairs(normalized: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs of quotes worth comparing: one contains one of the other's rarest words.

    Comparing every pair is quadratic (minutes for a few thousand quotes); a printing of
    the same quote, whole or partial, always shares its rarest words with the other."""
    postings: dict[str, list[int]] = {}
    word_lists = [text.split() for text in normalized]
    for i, words in enumerate(word_lists):
        for word in set(words):
            postings.setdefault(word, []).append(i)
    pairs: set[tuple[int, int]] = set()
    same_text: dict[str, int] = {}
    for i, words in enumerate(word_lists):
        first = same_text.setdefault(normalized[i], i)
        if first != i:
            pairs.add((first, i))
        if len(words) < _MIN_FUZZY_WORDS:
            continue  # short quotes only match exactly
        content = [w for w in set(words) if _word_zipf(w) < _COMMON_ZIPF] or list(set(words))
        for word in sorted(content, key=lambda w: (_word_zipf(w), w))[:_BLOCKING_WORDS]:
            pairs.update((min(i, j), max(i, j)) for j in postings[word] if j != i)
    return sorted(pairs)


@lru_cache(maxsize=8192)
def _word_zipf(word: str) -> float:
    return float(zipf_frequency(word, "en"))


def _representative(group: Sequence[Quote], normalized: list[str], indexes: list[int]) -> str:
    """The most printed wording; ties go to full quotes, then to the longest, then to the
    first."""
    counts = Counter(normalized[i] for i in indexes)
    best = min(
        range(len(group)),
        key=lambda k: (
            -counts[normalized[indexes[k]]],
            group[k].partial,
            -len(normalized[indexes[k]]),
            k,
        ),
    )
    return group[best].text


def _group_speaker(group: Sequence[Quote]) -> str | None:
    """The speaker most members name (names before descriptions); the longest spelling of
    that name ("Ana Ruiz" over "Ruiz")."""
    named = [q.speaker for q in group if q.speaker and _speaker_key(q.speaker)]
    if named:
        keys = Counter(w for s in named for w in _speaker_key(s) or ())
        top = max(keys.values())
        best_words = {w for w, c in keys.items() if c == top}
        candidates = [s for s in named if best_words & (_speaker_key(s) or frozenset())]
        return max(candidates, key=lambda s: (len(s), s))
    described = Counter(q.speaker for q in group if q.speaker)
    if described:
        return min(described, key=lambda s: (-described[s], s))
    return None


# --- wording differences ----------------------------------------------------------------

_DIFF_WORD = re.compile(r"\w+(?:['-]\w+)*")


def quote_differences(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level differences between two wordings of a quote, ignoring case, punctuation
    and quote styles: ("to include", "including"); an empty side is a missing word."""
    words_a = _DIFF_WORD.findall(a.translate(QUOTE_TRANSLATION))
    words_b = _DIFF_WORD.findall(b.translate(QUOTE_TRANSLATION))
    matcher = difflib.SequenceMatcher(
        a=[w.casefold() for w in words_a], b=[w.casefold() for w in words_b], autojunk=False
    )
    return [
        (" ".join(words_a[i1:i2]), " ".join(words_b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
