"""SEO scaffolding: "Key Takeaways" lists, FAQ sections, tables of contents.

This is content, repackaged for search engines; it is marked so that a reader (and the
claim stage) knows a list restates the article rather than adding to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from consilience.records import Artifact

_SUMMARY_HEADING = re.compile(
    r"(?i)\W*(key\s+(takeaways?|points|facts|highlights)|takeaways|highlights|at\s+a\s+glance|"
    r"tl;?\s?dr|in\s+brief|quick\s+facts|what\s+(you\s+need\s+)?to\s+know|summary|"
    r"the\s+bottom\s+line|story\s+highlights)\s*:?\W*"
)
_FAQ_HEADING = re.compile(
    r"(?i)\W*(frequently\s+asked\s+questions|faqs?|people\s+also\s+ask|common\s+questions|"
    r"questions\s+and\s+answers|q\s*&\s*a)\s*(\(faqs?\))?\s*:?\W*"
)
_TOC_HEADING = re.compile(r"(?i)\W*(table\s+of\s+contents|contents|in\s+this\s+article)\s*:?\W*")
_LIST_ITEM = re.compile(r"\s*(?:[-*•·▪–—✓✔➤►]|\d{1,2}[.)]|[a-z][.)])\s+\S")
_MAX_ITEM_WORDS = 40
_MAX_TOC_WORDS = 12


def find_seo_scaffolding(text: str, paragraphs: list[tuple[int, int]]) -> list[Artifact]:
    """Summary lists, FAQ sections and tables of contents, each as one artifact."""
    artifacts: list[Artifact] = []
    i = 0
    while i < len(paragraphs):
        start, end = paragraphs[i]
        para = text[start:end]
        if _SUMMARY_HEADING.fullmatch(para):
            j = _extend(text, paragraphs, i + 1, _is_list_item)
            if j > i + 1:
                artifacts.append(
                    _artifact(text, paragraphs, i, j, "a summary list for search engines")
                )
                i = j
                continue
        if _TOC_HEADING.fullmatch(para):
            j = _extend(text, paragraphs, i + 1, _is_toc_line)
            if j > i + 1:
                artifacts.append(_artifact(text, paragraphs, i, j, "a table of contents"))
                i = j
                continue
        if _FAQ_HEADING.fullmatch(para):
            j = _extend_faq(text, paragraphs, i + 1)
            if j > i + 1:
                artifacts.append(
                    _artifact(text, paragraphs, i, j, "an FAQ section for search engines")
                )
                i = j
                continue
        i += 1
    return artifacts


def _artifact(
    text: str, paragraphs: list[tuple[int, int]], first: int, stop: int, note: str
) -> Artifact:
    start, end = paragraphs[first][0], paragraphs[stop - 1][1]
    return Artifact("seo_scaffold", start, end, text[start:end], note)


def _extend(
    text: str, paragraphs: list[tuple[int, int]], index: int, accept: Callable[[str], bool]
) -> int:
    while index < len(paragraphs) and accept(text[slice(*paragraphs[index])]):
        index += 1
    return index


def _is_list_item(para: str) -> bool:
    return bool(_LIST_ITEM.match(para)) and len(para.split()) <= _MAX_ITEM_WORDS


def _is_toc_line(para: str) -> bool:
    return len(para.split()) <= _MAX_TOC_WORDS and not para.rstrip().endswith(".")


def _extend_faq(text: str, paragraphs: list[tuple[int, int]], index: int) -> int:
    """Question paragraphs and the answers after them, as long as they alternate."""
    last_good = index
    saw_question = False
    answers_since_question = 0
    while index < len(paragraphs):
        para = text[slice(*paragraphs[index])].strip()
        if para.endswith("?") and len(para.split()) <= 30:
            saw_question = True
            answers_since_question = 0
        elif saw_question and answers_since_question < 3 and para[-1:] in '.!"”)':
            answers_since_question += 1
            last_good = index + 1
        else:
            break
        index += 1
    return last_good if saw_question else index
