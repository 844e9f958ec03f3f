"""Plain text and Markdown articles: headline from the first line, date from a dateline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from consilience.ingest.dateline import Dateline, find_date_line, find_dateline
from consilience.ingest.outlets import credited_outlet
from consilience.textspan import paragraph_spans

_MAX_HEADLINE_CHARS = 200
_MAX_HEADLINE_WORDS = 30
# Section labels that open scraped pages but are not headlines.
_NOT_HEADLINES = re.compile(
    r"(key takeaways?|takeaways|highlights|summary|in brief|table of contents|contents|"
    r"advertisement|sponsored|related( posts| articles| stories)?|share( this)?|menu|"
    r"skip to (main )?content|breaking news|live updates?|frequently asked questions|faqs?)\s*:?",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"#{1,6}\s+")
_LIST_ITEM = re.compile(r"\(?\d{1,3}[.)]\s")
# a clock time, or a month beside a year: a time stamp, not a headline
_STAMP = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?"
    r"\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"\s*By\s+[A-Z][^\n]{1,80}$")


@dataclass(frozen=True, slots=True)
class TextMetadata:
    title: str | None
    title_span: tuple[int, int] | None
    dateline: Dateline | None


def looks_like_headline(line: str) -> bool:
    """A short line without final sentence punctuation that is not a section label."""
    stripped = line.strip()
    words = stripped.split()
    if not 2 <= len(words) <= _MAX_HEADLINE_WORDS or len(stripped) > _MAX_HEADLINE_CHARS:
        return False
    if _NOT_HEADLINES.fullmatch(stripped):
        return False
    if stripped[-1] in ".,;:" and not stripped.endswith("..."):
        return False
    if stripped.startswith(("-", "*", "•", "–", "—")) or _LIST_ITEM.match(stripped):
        return False
    # a headline may open with a number ("12 killed as ferry capsizes"), not with a date,
    # a time stamp ("21 July 2013 Last updated at 11:11 GMT") or a dateline
    return not (
        stripped[0].isdigit()
        and (
            find_date_line(stripped, 0, len(stripped)) is not None
            or find_dateline(stripped, 0, len(stripped)) is not None
            or not any(c.isalpha() for c in words[0] + words[1])
            or _STAMP.search(stripped) is not None
        )
    )


def read_text_metadata(text: str, *, markdown: bool = False) -> TextMetadata:
    """Find the headline (first paragraph, when it looks like one) and a dateline in the
    first body paragraphs. Offsets point into ``text``."""
    paragraphs = paragraph_spans(text)
    if not paragraphs:
        return TextMetadata(None, None, None)
    title: str | None = None
    title_span: tuple[int, int] | None = None
    body_index = 0
    first_start, first_end = paragraphs[0]
    first = text[first_start:first_end]
    if markdown and (heading := _MD_HEADING.match(first)):
        title_span = (first_start + heading.end(), first_end)
    elif len(paragraphs) > 1 and "\n" not in first and looks_like_headline(first):
        title_span = (first_start, first_end)
    if title_span is not None:
        title = text[title_span[0] : title_span[1]].strip()
        body_index = 1
    dateline: Dateline | None = None
    for start, end in paragraphs[body_index : body_index + 3]:
        dateline = find_date_line(text, start, end)
        if dateline is not None:
            break
    if dateline is None and body_index < len(paragraphs):
        dateline = find_dateline(text, *paragraphs[body_index])
        if dateline is None and body_index + 1 < len(paragraphs):
            # a byline between the headline and the dateline ("By Jane Doe, Reuters")
            start, end = paragraphs[body_index]
            if _BYLINE.match(text, start, end):
                dateline = find_dateline(text, *paragraphs[body_index + 1])
    return TextMetadata(title=title, title_span=title_span, dateline=dateline)


def credited_outlet_of(text: str) -> str | None:
    """The outlet an article's text credits for itself (its byline, its dateline's agency,
    its sign-off), for an article whose metadata names none."""
    dateline = read_text_metadata(text).dateline
    return credited_outlet(text, dateline.agency if dateline else None)
