from __future__ import annotations

from typing import Any

import pytest

from consilience.ingest import article_from_text
from consilience.segment import segment, sentence_spans
from tests.conftest import load_cases


@pytest.mark.parametrize("case", load_cases("segment_cases.json"))
def test_sentence_boundaries(case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[s:e] for s, e in sentence_spans(text)] == case["sentences"]


def test_headline_without_punctuation_is_its_own_sentence() -> None:
    text = "Storm Hits Coast\nThe storm hit the coast on Monday. Three people died."
    article = article_from_text(text, "t.txt")
    _, sentences = segment(article)
    assert [(s.role, s.text) for s in sentences] == [
        ("headline", "Storm Hits Coast"),
        ("body", "The storm hit the coast on Monday."),
        ("body", "Three people died."),
    ]


def test_subheadings_and_list_items_get_roles() -> None:
    text = (
        "Storm Hits Coast\n\nThe storm hit on Monday. It was strong.\n\n"
        "What Happened Next\n\n- Roads closed.\n- Schools closed.\n\nIs it over?"
    )
    _, sentences = segment(article_from_text(text, "t.txt"))
    roles = [(s.role, s.text) for s in sentences]
    assert ("heading", "What Happened Next") in roles
    assert ("list_item", "- Roads closed.") in roles
    assert ("question", "Is it over?") in roles


def test_hard_wrapped_text_joins_lines_into_paragraphs() -> None:
    body = (
        "The committee met on Tuesday to discuss the budget for the coming\n"
        "year, and members disagreed sharply over the cuts proposed by the\n"
        "chair, which would reduce spending on schools and hospitals by a\n"
        "fifth. The vote was postponed.\n\n"
        "A second meeting is planned for next week, when the chair will\n"
        "present a revised proposal to the members of the committee again.\n"
    )
    paragraphs, sentences = segment(article_from_text(body, "t.txt"))
    assert len(paragraphs) == 2
    assert sentences[0].text.endswith("by a\nfifth.")


def test_sentences_never_cross_paragraphs() -> None:
    text = "First line without stop\nSecond line here. Third one."
    paragraphs, sentences = segment(article_from_text(text, "t.txt", detect_headline=False))
    for sentence in sentences:
        paragraph = paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end
