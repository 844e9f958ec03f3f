"""Segment: paragraphs and sentences with offsets into the original text.

Sentences come from syntok (a rule-based segmenter that keeps abbreviations such as
"U.S.", "Dec." and "p.m." intact), run per paragraph so that a headline without final
punctuation never runs into the next line. Two repairs follow, because syntok splits
there and news text needs them whole: a sentence ending in a title abbreviation ("Gov.",
"Col.") is joined to the name after it, and a quotation spanning several sentences is kept
in one sentence.
"""

from __future__ import annotations

import re

from syntok import segmenter

from consilience.records import Article, Artifact, Paragraph, Sentence, SentenceRole
from consilience.textspan import overlaps, paragraph_spans, strip_span

_TITLE_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof gov sen rep col gen lt capt cpt maj sgt adm cmdr brig "
        "pres supt det insp st rev fr hon amb atty sens reps messrs mmes mt ft no nos vs v op jr sr"
    ).split()
)
_ENDS_WITH_ABBREVIATION = re.compile(r"(?<![\w.])([A-Za-z]{1,6})\.$")
_LIST_MARK = re.compile(r"\s*(?:[-*•·▪–—✓✔➤►]|\d{1,2}[.)])\s+\S")
_MAX_HEADING_WORDS = 16
_MAX_QUOTE_MERGE = 6


def segment(
    article: Article, artifacts: tuple[Artifact, ...] = ()
) -> tuple[tuple[Paragraph, ...], tuple[Sentence, ...]]:
    """Paragraphs and sentences of ``article``. Sentences covered by an evidence-skipping
    artifact carry its kind in ``skip``; other overlapping artifact kinds go in ``flags``."""
    text = article.text
    spans = paragraph_spans(text)
    if article.title_span is not None:
        t_start, t_end = article.title_span
        rest = [p for p in spans if not overlaps(*p, t_start, t_end)]
        if t_start > 0 or (t_start, t_end) not in spans:
            # The title line may share a "paragraph" with the line after it; split it off.
            rest = _split_title_off(text, spans, t_start, t_end) or rest
        spans = sorted([(t_start, t_end), *rest])
    paragraphs = tuple(Paragraph(i, s, e) for i, (s, e) in enumerate(spans))
    sentences: list[Sentence] = []
    for paragraph in paragraphs:
        role = _paragraph_role(text, paragraph, article, len(paragraphs))
        pieces = (
            [(paragraph.start, paragraph.end)]
            if role in ("headline", "heading")
            else _sentence_spans(text, paragraph.start, paragraph.end)
        )
        for start, end in pieces:
            sentence_role: SentenceRole = role
            if role == "body" and text[start:end].rstrip().endswith("?"):
                sentence_role = "question"
            skip, flags = _artifact_marks(start, end, artifacts)
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    start=start,
                    end=end,
                    text=text[start:end],
                    paragraph=paragraph.index,
                    role=sentence_role,
                    skip=skip,
                    flags=flags,
                )
            )
    return paragraphs, tuple(sentences)


def _split_title_off(
    text: str, spans: list[tuple[int, int]], t_start: int, t_end: int
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if overlaps(s, e, t_start, t_end):
            if e > t_end:
                rs, re_ = strip_span(text, t_end, e)
                if rs < re_:
                    out.append((rs, re_))
        else:
            out.append((s, e))
    return out


def _paragraph_role(text: str, paragraph: Paragraph, article: Article, count: int) -> SentenceRole:
    if article.title_span is not None and (paragraph.start, paragraph.end) == article.title_span:
        return "headline"
    para = text[paragraph.start : paragraph.end]
    if _LIST_MARK.match(para):
        return "list_item"
    stripped = para.rstrip()
    words = stripped.split()
    if (
        count > 1
        and len(words) <= _MAX_HEADING_WORDS
        and stripped[-1:] not in '.!?:;,"”’)…'
        and "\n" not in stripped
        and sum(1 for w in words if w[:1].isupper()) >= max(1, len(words) // 3)
    ):
        return "heading"
    return "body"


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (offsets into ``text``), repaired as described
    in the module docstring."""
    return _sentence_spans(text, start, len(text) if end is None else end)


_INNER_BOUNDARY = re.compile(r"[.!?…][\"”’')\]]*\s")


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    if not _INNER_BOUNDARY.search(chunk.rstrip()):
        # No sentence-final mark before the end: one sentence, no need to ask syntok.
        s, e = strip_span(text, start, end)
        return [(s, e)] if s < e else []
    raw: list[tuple[int, int]] = []
    for para in segmenter.analyze(chunk):
        for sentence in para:
            if not sentence:
                continue
            first, last = sentence[0], sentence[-1]
            s = start + first.offset
            e = start + last.offset + len(last.value)
            s, e = strip_span(text, s, e)
            if s < e:
                raw.append((s, e))
    if not raw:
        s, e = strip_span(text, start, end)
        return [(s, e)] if s < e else []
    raw = _cover_gaps(text, raw, start, end)
    return _merge_quotes(text, _merge_abbreviations(text, raw))


def _cover_gaps(
    text: str, spans: list[tuple[int, int]], start: int, end: int
) -> list[tuple[int, int]]:
    """Glue non-space text syntok left between sentences (stray closing marks) to the
    sentence before it, so that no character of the paragraph is lost."""
    out: list[tuple[int, int]] = []
    cursor = start
    for span_start, span_end in spans:
        gap_s, gap_e = strip_span(text, cursor, span_start)
        begin = span_start
        if gap_s < gap_e:
            if out:
                out[-1] = (out[-1][0], gap_e)
            else:
                begin = gap_s
        out.append((begin, span_end))
        cursor = span_end
    tail_s, tail_e = strip_span(text, cursor, end)
    if tail_s < tail_e:
        out[-1] = (out[-1][0], tail_e)
    return out


def _merge_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for span in spans:
        if out:
            prev_s, prev_e = out[-1]
            match = _ENDS_WITH_ABBREVIATION.search(text[prev_s:prev_e])
            nxt = text[span[0] : span[0] + 1]
            if match and match.group(1).lower() in _TITLE_ABBREVIATIONS and nxt[:1].isupper():
                out[-1] = (prev_s, span[1])
                continue
        out.append(span)
    return out


def _open_quote(text: str) -> bool:
    """True when ``text`` opens a quotation it does not close."""
    curly_open = text.count("“") - text.count("”")
    if curly_open > 0:
        return True
    if curly_open < 0:
        return False
    return text.count('"') % 2 == 1


def _merge_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        s, e = spans[i]
        j = i
        while _open_quote(text[s:e]) and j + 1 < len(spans) and j - i < _MAX_QUOTE_MERGE:
            candidate = text[s : spans[j + 1][1]]
            j += 1
            e = spans[j][1]
            if not _open_quote(candidate):
                break
        if _open_quote(text[s:e]):
            # Unbalanced to the end: an unclosed quote, not a multi-sentence one.
            out.append(spans[i])
            i += 1
            continue
        out.append((s, e))
        i = j + 1
    return out


def _artifact_marks(
    start: int, end: int, artifacts: tuple[Artifact, ...]
) -> tuple[str | None, tuple[str, ...]]:
    skip: str | None = None
    flags: list[str] = []
    length = max(1, end - start)
    for artifact in artifacts:
        if not overlaps(start, end, artifact.start, artifact.end):
            continue
        covered = min(end, artifact.end) - max(start, artifact.start)
        if artifact.skips_evidence and covered >= 0.5 * length:
            skip = skip or artifact.kind
        elif artifact.kind not in flags:
            flags.append(artifact.kind)
    return skip, tuple(flags)
