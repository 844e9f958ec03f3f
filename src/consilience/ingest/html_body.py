"""The article body of an HTML page: trafilatura's extraction, checked and trimmed.

trafilatura finds the main content well, but what it returns still carries page furniture
around and inside the article: the headline and standfirst repeated at the top, "Read
more" and related-story links, newsletter prompts, share and comment counters. This
module runs trafilatura twice (its default, recall-leaning mode and its precision mode),
removes furniture block by block from both, and keeps the precision result when it is a
trimmed version of the default one. The Zyte article-extraction benchmark
(``benchmarks/eval_html.py``) measures each rule; the comments give the reason for each.

The result has one paragraph per line and a blank line between paragraphs, so the
segmenter sees paragraph boundaries whatever the line widths.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml.etree import Element, strip_tags

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
# A block whose text is mostly link text is navigation ("Related: <link>", a list of
# headlines) rather than prose that happens to contain a link.
_LINK_DENSE = 0.6
_NAV_BLOCK_MAX_CHARS = 200
_PROSE_MIN_CHARS = 100
_PROSE_MAX_LINK_RATIO = 0.3
# A paragraph of at least this many words marks where the running text begins.
_LEAD_MIN_WORDS = 8
_LEAD_MIN_CHARS = 60  # for scripts written without spaces (Chinese, Japanese)
_FURNITURE_MAX_CHARS = 200
# The precision-mode text replaces the default one when it keeps at least this share of the
# default's shingles and adds (almost) nothing of its own: then it is the same article
# with less furniture, not a different part of the page.
_TRIMMED_MIN_SHARE = 0.5
_TRIMMED_MIN_CONTAINED = 0.9
# A default paragraph is "cut" when precision mode kept only part of it.
_CUT_MIN_SHINGLES = 5
_CUT_LOW = 0.2
_CUT_HIGH = 0.9
_CUT_MAX_SHARE = 1 / 3
_CUT_MIN_COUNT = 2
_SHINGLE = 4
_CJK_START = 0x2E80
# "(@mayor)<ref>May 7</ref>", "said:<ref>...": a word after these needs a space
_SPACE_AFTER = frozenset(")]}.,;:!?”")
_SPACE_BEFORE = frozenset("(“")

# Page chrome and calls to action. Only short lines are tested, and the verbs only at the
# start of a line (an imperative), so that an article sentence such as "residents can
# subscribe to flood alerts" stays.
_FURNITURE = re.compile(
    r"^\W*(?:subscribe|join our|follow (?:us|@)|like this (?:story|article)|tell us what"
    r"|leave a (?:comment|reply)|thanks for signing up|keep an eye on your inbox)"
    r"|\b(?:our|the|daily|weekly|free|e-?mail) newsletters?\b|\bnewsletters?\W*$"
    r"|\bclick here\b|\bdownload (?:our|the) (?:\w+ )?app\b"
    r"|\bfollow (?:us|him|her|me|\w+) on (?:twitter|facebook|instagram)"
    r"|copyright|©|ⓒ|all rights reserved|this copy is for your personal"
    r"|^\W*(?:advertisement|\d*\s*comments?)\W*$|story continues below|continue reading"
    r"|scroll (?:down )?to continue|error processing your subscription",
    re.IGNORECASE,
)
# Time stamps: "20:13", "10h30"; "25/08/2018", "2018-08-25"; "22 de outubro de 2010".
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DAY = re.compile(r"(?<![\d.,])\b\d{1,2}\b(?![\d.,])")
# month names and abbreviations (English, French, German, Italian, Portuguese, Spanish)
_MONTH = re.compile(
    r"\b(?:jan|feb|fév|fev|mar|mär|apr|avr|abr|may|mai|mag|jun|jui|giu|jul|lug|aug|aoû|ago"
    r"|sep|set|oct|okt|ott|out|nov|dec|déc|dez|dic|ene|gen|janv|enero|febrero|marzo|abril"
    r"|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro"
    r"|março|maio|junho|julho|setembro|outubro|novembro|dezembro)",
    re.IGNORECASE,
)
_DATE_STAMP_MAX_CHARS = 60
# Time stamps are only dropped within this many paragraphs of either end of the text.
_EDGE = 2
_SENTENCE_END = re.compile(r"[.?][\"”’')\]]*$")
_PARAGRAPH_END = re.compile(r"[.!?:;。！？…\"”’»)\]]\s*$")
_CONTINUATION = re.compile(r"\s*[a-zà-ÿ,.;:)\]]")
_NO_SPACE_BEFORE = re.compile(r"[\s,.;:)\]]|$")
_DANGLING_SPACE = re.compile(r"\w[ \t]+$")
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "code", "div", "graphic"})
_EMBEDDED_POST = "blockquote[contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"
_EMBEDDED_POST_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed")


@dataclass(frozen=True, slots=True)
class _Block:
    element: Any
    text: str
    link_chars: int

    @property
    def link_ratio(self) -> float:
        return self.link_chars / max(1, len(self.text))

    @property
    def words(self) -> int:
        return len(self.text.split())


def extract_body(tree: Any, *, url: str | None, titles: Iterable[str]) -> str:
    """The article text of the HTML document ``tree`` (modified: embedded posts are
    unwrapped), paragraphs separated by a blank line. ``titles`` are the page's headline
    variants, removed where the body repeats them. Empty when no article is found."""
    _lift_embedded_posts(tree)
    title_keys = {_key(t) for t in titles if _key(t)}
    default = _paragraphs(_run_trafilatura(tree, url, favor_precision=False), title_keys)
    precise = _paragraphs(_run_trafilatura(tree, url, favor_precision=True), title_keys)
    chosen = default
    if _is_trimmed_version(precise, default):
        log.debug("precision mode: %d of %d paragraphs kept", len(precise), len(default))
        chosen = precise
    return _layout(_drop_furniture_lines(chosen))


def _layout(blocks: list[str]) -> str:
    """One paragraph per line, a blank line between paragraphs. A line break (``<br>``)
    inside a block separates paragraphs too (pages that build paragraphs from ``<br><br>``),
    unless it falls mid-sentence: then it is a soft wrap and becomes a space."""
    paragraphs: list[str] = []
    for block in blocks:
        lines = block.split("\n")
        paragraphs.append(lines[0])
        for line in lines[1:]:
            if not _PARAGRAPH_END.search(paragraphs[-1]) and _CONTINUATION.match(line):
                glue = "" if _NO_SPACE_BEFORE.match(line) else " "
                paragraphs[-1] += glue + line
            else:
                paragraphs.append(line)
    return "\n\n".join(paragraphs)


def _run_trafilatura(tree: Any, url: str | None, *, favor_precision: bool) -> Any:
    """trafilatura's XML body (``<p>``, ``<head>``, ``<list>``, ...) or ``None``; links are
    kept as ``<ref>`` so that link density can be measured. trafilatura copies the tree."""
    import trafilatura  # loaded with the first page, not by readers of plain text

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=favor_precision,
        include_comments=False,
        include_tables=True,
        include_links=True,
        deduplicate=False,
    )
    return None if document is None or isinstance(document, dict) else document.body


def _lift_embedded_posts(tree: Any) -> None:
    """Embedded social posts are content the article quotes, but they sit in widget
    containers that trafilatura discards as furniture. Replace each post's wrappers (the
    ancestors holding nothing else) by a plain ``<blockquote>``."""
    xpath = " | ".join(".//" + _EMBEDDED_POST.format(c) for c in _EMBEDDED_POST_CLASSES)
    for post in tree.xpath(xpath):
        text = post.text_content().strip()
        if not text:
            continue
        outer = post
        parent = outer.getparent()
        while (
            parent is not None
            and parent.tag not in ("body", "article", "main")
            and parent.text_content().strip() == text
        ):
            outer, parent = parent, parent.getparent()
        for attribute in list(post.attrib):
            del post.attrib[attribute]
        if outer is not post and parent is not None:
            post.tail = outer.tail
            parent.replace(outer, post)


def _paragraphs(body: Any, title_keys: set[str]) -> list[str]:
    """The text of ``body``'s blocks, minus the repeated headline, the standfirst and
    link-dense navigation blocks."""
    if body is None:
        return []
    blocks = _join_split_sentences([b for b in _blocks(body) if b.text])
    kept: list[str] = []
    in_running_text = False
    for index, block in enumerate(blocks):
        tag = block.element.tag
        if index < 5 and _key(block.text) in title_keys:
            continue
        # Headings before the first real paragraph are the headline, kicker or standfirst:
        # the page's metadata, not the article's text.
        if tag == "head" and not in_running_text:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if _is_navigation(block, following):
            continue
        if tag == "p" and (block.words >= _LEAD_MIN_WORDS or len(block.text) >= _LEAD_MIN_CHARS):
            in_running_text = True
        text = _render(block.element)
        if text:
            kept.append(text)
    return kept


def _blocks(container: Any, *, top: bool = True) -> Iterator[_Block]:
    """Paragraph-level units: list items one by one, containers opened up, and runs of loose
    text and inline elements (a lead in a ``<span>`` after the ``<h1>``, a ``<div>`` of
    text with links) gathered into a paragraph of their own."""
    loose = None
    if not top and container.text and container.text.strip():
        loose = Element("p")
        loose.text = container.text
    for child in list(container):
        if child.tag not in _BLOCK_TAGS:
            if loose is None:
                loose = Element("p")
            loose.append(child)  # moves the inline element, with its tail
            continue
        if loose is not None:
            yield _block(loose)
            loose = None
        if child.tag == "list":
            for item in child.iterchildren("item"):
                yield _block(item)
        elif child.tag == "div":
            yield from _blocks(child, top=False)
        else:
            yield _block(child)
        if child.tail and child.tail.strip():
            loose = Element("p")
            loose.text = child.tail
            child.tail = None
    if loose is not None:
        yield _block(loose)


def _join_split_sentences(blocks: list[_Block]) -> list[_Block]:
    """trafilatura sometimes cuts a paragraph around its links ("... according to" |
    "<link>" | ", a report said."). Join a paragraph that stops mid-sentence with what
    continues it: a run of links, or text going on in lower case or with punctuation."""
    joined: list[_Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.element.tag == "p"
            and block.element.tag == "p"
            and not _PARAGRAPH_END.search(previous.text)
            # the cut left a dangling space ("according to |"), or the text goes on
            and (
                _DANGLING_SPACE.search("".join(previous.element.itertext()))
                or (_CONTINUATION.match(block.text) and block.link_ratio <= _LINK_DENSE)
            )
        ):
            merged = Element("p")
            _move_content(previous.element, merged)
            _move_content(block.element, merged)
            joined[-1] = _block(merged)
        else:
            joined.append(block)
    return joined


def _move_content(source: Any, target: Any) -> None:
    """Append ``source``'s text and children to ``target``, a space between the two unless
    punctuation follows."""
    before = "".join(target.itertext())
    after = "".join(source.itertext())
    space = " " if before and not before[-1].isspace() and not _NO_SPACE_BEFORE.match(after) else ""
    if len(target):
        last = target[-1]
        last.tail = (last.tail or "") + space + (source.text or "")
    else:
        target.text = (target.text or "") + space + (source.text or "")
    for child in list(source):
        target.append(child)


def _block(element: Any) -> _Block:
    text = _squeeze("".join(element.itertext()))
    links = sum(len(_squeeze("".join(ref.itertext()))) for ref in element.iter("ref"))
    return _Block(element, text, links)


def _is_navigation(block: _Block, following: _Block | None) -> bool:
    if block.link_ratio <= _LINK_DENSE:
        return False
    if block.element.tag != "item" and len(block.text) >= _NAV_BLOCK_MAX_CHARS:
        return False
    # A whole linked sentence is prose that cites its source; a linked phrase without a
    # full stop is a headline pointing to another page.
    if _SENTENCE_END.search(block.text) and block.words >= 5:
        return False
    # A linked heading introducing prose is a section heading (a product in a gift guide).
    return not (
        block.element.tag == "head"
        and following is not None
        and following.element.tag == "p"
        and len(following.text) >= _PROSE_MIN_CHARS
        and following.link_ratio < _PROSE_MAX_LINK_RATIO
    )


def _render(element: Any) -> str:
    """Plain text of one block; ``<lb/>`` (``<br>``) stays a line break."""
    _space_links(element)
    strip_tags(element, "ref")
    from trafilatura.xml import xmltotxt

    text = xmltotxt(element, include_formatting=False)
    lines = (_squeeze(line) for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _space_links(element: Any) -> None:
    """trafilatura's link mode trims the text around links ("the <ref>new model</ref>with");
    put back the space a word boundary needs."""
    for ref in element.iter("ref"):
        inner = "".join(ref.itertext())
        if ref.tail and _needs_space(inner[-1:], ref.tail[:1]):
            ref.tail = " " + ref.tail
        previous = ref.getprevious()
        parent = ref.getparent()
        if previous is not None:
            if previous.tail and _needs_space(previous.tail[-1:], inner[:1]):
                previous.tail += " "
        elif parent is not None and parent.text and _needs_space(parent.text[-1:], inner[:1]):
            parent.text += " "


def _needs_space(left: str, right: str) -> bool:
    if not left or not right:
        return False
    # scripts written without spaces (Chinese, Japanese) join words directly
    if ord(left) >= _CJK_START and ord(right) >= _CJK_START:
        return False
    return (left.isalnum() or left in _SPACE_AFTER) and (right.isalnum() or right in _SPACE_BEFORE)


def _is_trimmed_version(precise: list[str], default: list[str]) -> bool:
    """Whether ``precise`` is ``default`` with furniture left out: most of the default's
    text, nothing of its own, and paragraphs left whole. (Precision mode sometimes cuts
    the words before each link out of a paragraph; such output is damaged, not precise.)"""
    if not precise or precise == default:
        return False
    precise_shingles = shingle_set(precise)
    default_shingles = shingle_set(default)
    shared = len(precise_shingles & default_shingles)
    if len(precise_shingles) < _TRIMMED_MIN_SHARE * len(
        default_shingles
    ) or shared < _TRIMMED_MIN_CONTAINED * len(precise_shingles):
        return False
    measured = cut = 0
    for paragraph in default:
        shingles = shingle_set(paragraph)
        if len(shingles) < _CUT_MIN_SHINGLES:
            continue
        measured += 1
        kept = len(shingles & precise_shingles) / len(shingles)
        cut += _CUT_LOW < kept < _CUT_HIGH
    # one cut paragraph is a blob (a whole page in one table cell) that precision mode
    # trimmed down to the article; several are damage
    return cut < _CUT_MIN_COUNT or cut <= _CUT_MAX_SHARE * measured


def _drop_furniture_lines(paragraphs: list[str]) -> list[str]:
    kept = []
    for index, paragraph in enumerate(paragraphs):
        at_edge = index < _EDGE or index >= len(paragraphs) - _EDGE
        lines = [
            line
            for line in paragraph.split("\n")
            if not _is_furniture_line(line) and not (at_edge and _is_date_stamp(line))
        ]
        if lines:
            kept.append("\n".join(lines))
    return kept


def _is_date_stamp(line: str) -> bool:
    """A dateline-free time stamp ("sexta-feira, 22 de outubro de 2010 às 20:13",
    "2018-08-25 15:24") heading or closing the text: page metadata, not prose."""
    if len(line) > _DATE_STAMP_MAX_CHARS or line.rstrip().endswith("."):
        return False
    if _TIME.search(line) or _NUMERIC_DATE.search(line):
        return True
    return bool(_YEAR.search(line) and _DAY.search(line) and _MONTH.search(line))


def _is_furniture_line(line: str) -> bool:
    return len(line) <= _FURNITURE_MAX_CHARS and bool(_FURNITURE.search(line))


def shingle_set(text: str | list[str]) -> set[str]:
    """Word 4-grams of ``text`` (or of paragraphs joined), for overlap tests."""
    joined = text if isinstance(text, str) else " ".join(text)
    words = _WORD.findall(joined.casefold())
    return {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def _key(text: str) -> str:
    """Comparison form: case, punctuation and Unicode variants folded away."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _squeeze(text: str) -> str:
    return " ".join(text.split())
