"""The classical entity extractor: table-driven cases, article context, span properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.extract.entities import ClassicalNer
from consilience.extract.ner import extract_entities
from consilience.records import Article, EntityMention, PreparedArticle, Sentence
from consilience.segment import sentence_spans
from consilience.textspan import paragraph_spans
from tests.conftest import load_cases

NER = ClassicalNer()


def sentences_of(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for start, end in sentence_spans(text, p_start, p_end):
            out.append(Sentence("a", len(out), start, end, text[start:end], p_index))
    return out


def mentions_of(text: str) -> list[EntityMention]:
    return [m for s in sentences_of(text) for m in NER.extract(text, s, article_id="a")]


def _case_param(case: dict[str, Any]) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
    return pytest.param(case, id=case["note"], marks=marks)


@pytest.mark.parametrize("case", [_case_param(c) for c in load_cases("extract/entity_cases.json")])
def test_entity_cases(case: dict[str, Any]) -> None:
    found = [[m.text, m.type, m.title] for m in mentions_of(case["text"])]
    assert found == case["mentions"]


def test_title_spans_point_at_the_title() -> None:
    text = "Col. Ana Ruiz, a spokesperson for the navy, said former Mayor Jon Alvarsson had left."
    titled = [m for m in mentions_of(text) if m.title]
    assert [(m.text, m.title) for m in titled] == [
        ("Ana Ruiz", "Col."),
        ("Jon Alvarsson", "former Mayor"),
    ]
    for m in titled:
        assert m.title_start is not None and m.title_end is not None
        assert text[m.title_start : m.title_end] == m.title


def test_capitalized_elsewhere_makes_a_sentence_initial_word_a_name() -> None:
    alone = "Summit rejected the offer."
    assert mentions_of(alone) == []
    text = alone + " Shares in Summit fell sharply."
    assert [m.text for m in mentions_of(text)] == ["Summit", "Summit"]


def test_bare_surname_takes_the_type_of_the_full_name() -> None:
    text = (
        "Talks Stall As Brannigan Walks Out\n\n"
        "Negotiator Petra Brannigan left the room on Monday. "
        "Brannigan later returned. Reporters asked Brannigan about the delay."
    )
    found = [(m.text, m.type) for m in mentions_of(text)]
    assert found == [
        ("Brannigan", "person"),
        ("Petra Brannigan", "person"),
        ("Brannigan", "person"),
        ("Brannigan", "person"),
    ]


def test_title_case_headline_keeps_only_names_known_from_the_body() -> None:
    text = "Storm Damage Closes Harbor In Valparaíso\n\nA storm closed the harbor of Valparaíso."
    found = [(m.text, m.sentence) for m in mentions_of(text)]
    assert found == [("Valparaíso", 0), ("Valparaíso", 1)]


def test_extract_entities_skips_junk_sentences() -> None:
    text = "Ana Ruiz met Jon Alvarsson in Lisbon.\n\nSubscribe to Daily Herald Plus today."
    sentences = sentences_of(text)
    junk = sentences[-1]
    marked = (
        *sentences[:-1],
        Sentence("a", junk.index, junk.start, junk.end, junk.text, 1, skip="boilerplate"),
    )
    prepared = PreparedArticle(Article("a", "a.txt", text), (), (), marked)
    found = extract_entities(prepared, NER)
    assert [m.text for m in found] == ["Ana Ruiz", "Jon Alvarsson", "Lisbon"]


def test_sample_story_entities_stay_out_of_skipped_sentences(
    sample_prepared: dict[str, PreparedArticle],
) -> None:
    total = 0
    for prepared in sample_prepared.values():
        skipped = [s for s in prepared.sentences if s.skip is not None]
        found = extract_entities(prepared, NER)
        total += len(found)
        for m in found:
            assert not any(s.start <= m.start < s.end for s in skipped)
    assert total > 50


_WORDS = st.sampled_from(
    [
        "The",
        "said",
        "Col.",
        "Ana",
        "Ruiz",
        "Ruiz's",
        "President",
        "former",
        "U.S.",
        "of",
        "de",
        "Secretary",
        "State",
        "spokesperson",
        "for",
        "Acme",
        "Corp.",
        "Chilean",
        "Chile",
        "NATO",
        "J.",
        "al-Assad",
        "Nicolás",
        "HEADLINE",
        "however",
        "However,",
        ",",
        ".",
        "“Hello",
        "”",
        "\n\n",
        "-",
        "Dec",
        "24",
        "then-President",
        "'s",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join))
def test_spans_round_trip_and_stay_in_their_sentence(text: str) -> None:
    for sentence in sentences_of(text):
        found = NER.extract(text, sentence, article_id="x")
        assert found == NER.extract(text, sentence, article_id="x")
        for m in found:
            assert m.article_id == "x" and m.sentence == sentence.index
            assert sentence.start <= m.start < m.end <= sentence.end
            assert text[m.start : m.end] == m.text
            if m.title is not None:
                assert m.title_start is not None and m.title_end is not None
                assert sentence.start <= m.title_start < m.title_end <= sentence.end
                assert text[m.title_start : m.title_end] == m.title


def test_roles_and_plural_roles_are_no_names() -> None:
    text = "Survivor Mira Oduya waited two days. Rescuers found 12 Indonesians."
    sentence = Sentence("a", 0, 0, len(text), text, 0)
    found = ClassicalNer().extract(text, sentence, article_id="a")
    assert [(m.text, m.type, m.title) for m in found] == [("Mira Oduya", "person", "Survivor")]
