from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience import Settings
from consilience.extract.quotes import QuoteGroup, extract_quotes, group_quotes, quote_differences
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.records import PreparedArticle, Quote
from tests.conftest import load_cases

CASES = load_cases("extract/quote_cases.json")
_SETTINGS = Settings()


def _prepared(text: str, *, headline: bool = False, article_id: str = "t.txt") -> PreparedArticle:
    return prepare(article_from_text(text, article_id, detect_headline=headline), _SETTINGS)


def _row(q: Quote) -> dict[str, Any]:
    return {"text": q.text, "speaker": q.speaker, "partial": q.partial}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_quote_cases(case: dict[str, Any]) -> None:
    prepared = _prepared(case["text"], headline=case.get("headline", False))
    quotes = extract_quotes(prepared)
    assert [_row(q) for q in quotes] == case["quotes"]
    text = prepared.article.text
    for q in quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None and q.speaker_end is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40


def test_speaker_title_and_cue_are_kept() -> None:
    text = "“The port stays closed,” said Col. Ana Ruiz, a spokeswoman for the navy."
    [quote] = extract_quotes(_prepared(text))
    assert (quote.speaker, quote.speaker_title, quote.speaker_cue) == (
        "Ana Ruiz",
        "Col.",
        "said_x",
    )
    assert quote.sentence == 0


def test_quotes_in_junk_sentences_are_skipped() -> None:
    text = "“We will stay open all winter,” the owner said.\n\n“The river rose overnight again,” a farmer said."
    prepared = _prepared(text)
    assert len(extract_quotes(prepared)) == 2
    second = prepared.sentences[1]
    junk = dataclasses.replace(second, skip="duplicate_block")
    cleaned = dataclasses.replace(prepared, sentences=(prepared.sentences[0], junk))
    [quote] = extract_quotes(cleaned)
    assert quote.start < second.start


def test_a_second_copy_of_a_paragraph_gives_no_quote() -> None:
    text = "“We will stay open all winter,” the owner said.\n\n“We will stay open all winter,” the owner said."
    assert len(extract_quotes(_prepared(text))) == 1


def test_sample_story_quotes_stay_out_of_junk(sample_prepared: dict[str, PreparedArticle]) -> None:
    for prepared in sample_prepared.values():
        skipped = [s for s in prepared.sentences if s.skip is not None]
        for quote in extract_quotes(prepared):
            assert prepared.article.text[quote.start : quote.end] == quote.text
            assert not any(s.start <= quote.start < s.end for s in skipped)


# --- grouping ---------------------------------------------------------------------------


def _quote(article_id: str, text: str, speaker: str | None, partial: bool = False) -> Quote:
    return Quote(article_id, 0, len(text), text, speaker=speaker, partial=partial)


def _groups(quotes: list[Quote]) -> list[list[str]]:
    return [[f"{q.article_id}:{q.text}" for q in g.members] for g in group_quotes(quotes)]


def test_reworded_quote_is_one_group_across_articles() -> None:
    quotes = [
        _quote(
            "a1", "The army did not take part in this operation, including air support.", "Ana Ruiz"
        ),
        _quote("a2", "The army did not take part in this operation to include air support", "Ruiz"),
    ]
    [group] = group_quotes(quotes)
    assert group.article_ids == ("a1", "a2")
    assert group.speaker == "Ana Ruiz"


def test_partial_quote_inside_a_longer_one_is_a_variant() -> None:
    quotes = [
        _quote(
            "a1", "It was a storage yard tied to loading the trucks, and it is gone now.", "Lee"
        ),
        _quote("a2", "storage yard tied to loading the trucks", "Tom Lee", partial=True),
        _quote("a3", "a dark day for the city", None, partial=True),
        _quote("a4", "This is a dark day for our city", "Mayor"),
    ]
    assert _groups(quotes) == [
        [
            "a1:It was a storage yard tied to loading the trucks, and it is gone now.",
            "a2:storage yard tied to loading the trucks",
        ],
        ["a3:a dark day for the city", "a4:This is a dark day for our city"],
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("We will win this war before the winter", "We will not stop until the work is done"),
        ("The economy is strong and growing fast", "The economy is weak and shrinking fast"),
        ("No", "No comment"),
        ("Yes, we will", "No, we will not"),
    ],
)
def test_different_quotes_by_one_speaker_stay_apart(first: str, second: str) -> None:
    quotes = [_quote("a1", first, "Ana Ruiz"), _quote("a2", second, "Ana Ruiz")]
    assert len(group_quotes(quotes)) == 2


def test_a_shorter_quote_inside_a_longer_one_in_the_same_article_stays_apart() -> None:
    quotes = [
        _quote("a1", "I do not want to say that", "Ana Ruiz"),
        _quote("a1", "I know who it was, but I do not want to say who it was.", "Ana Ruiz"),
    ]
    assert len(group_quotes(quotes)) == 2
    assert len(group_quotes([quotes[0], dataclasses.replace(quotes[1], article_id="a2")])) == 1


def test_same_words_by_different_named_speakers_stay_apart_when_short() -> None:
    quotes = [
        _quote("a1", "We need more time", "Ana Ruiz"),
        _quote("a2", "We need more time", "Tom Lee"),
    ]
    assert len(group_quotes(quotes)) == 2


def test_near_identical_long_quote_with_different_speakers_is_one_group() -> None:
    text = "The bridge was inspected last year and found to be safe for trains"
    quotes = [_quote("a1", text, "Ana Ruiz"), _quote("a2", text + ".", "Tom Lee")]
    [group] = group_quotes(quotes)
    assert {q.speaker for q in group.members} == {"Ana Ruiz", "Tom Lee"}


def test_representative_is_the_most_printed_wording() -> None:
    quotes = [
        _quote("a1", "We acted on the best evidence we had", "Ines Duarte"),
        _quote("a2", "We acted on the best evidence that we had", "Duarte"),
        _quote("a3", "We acted on the best evidence that we had.", None),
    ]
    [group] = group_quotes(quotes)
    assert group.text == "We acted on the best evidence that we had"
    assert group.speaker == "Ines Duarte"


def test_grouping_is_deterministic_and_ordered_by_first_member() -> None:
    quotes = [
        _quote("a2", "Prices will fall again next year", "Lina Osei"),
        _quote("a1", "The harvest was the worst in a decade", "Omar Haddad"),
        _quote("a3", "Prices will fall again next year.", "Osei"),
    ]
    groups = group_quotes(quotes)
    assert groups == group_quotes(list(quotes))
    assert [g.members[0].article_id for g in groups] == ["a2", "a1"]
    assert isinstance(groups[0], QuoteGroup)


# --- wording differences ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "did not support this operation to include intel support",
            "did not support this operation, including intel support.",
            [("to include", "including")],
        ),
        ("We will rebuild.", "“we will REBUILD”", []),
        ("the dock zone is closed", "the dock area is closed now", [("zone", "area"), ("", "now")]),
        ("It is over", "", [("It is over", "")]),
    ],
)
def test_quote_differences(a: str, b: str, expected: list[tuple[str, str]]) -> None:
    assert quote_differences(a, b) == expected


# --- properties -------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "said",
        "Ana Ruiz",
        "he",
        "the mayor",
        "“",
        "”",
        '"',
        "«",
        "»",
        "‘",
        "’",
        ",",
        ".",
        ":",
        "we will win",
        "It was",
        "officials",
        "\n\n",
        "\n",
        "told reporters",
        "a",
        "don’t",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40))
def test_spans_round_trip(pieces: list[str]) -> None:
    text = " ".join(pieces)
    prepared = _prepared(text)
    for quote in extract_quotes(prepared):
        assert text[quote.start : quote.end] == quote.text
        assert quote.text.strip() == quote.text and quote.text
        if quote.speaker is not None:
            assert quote.speaker_start is not None and quote.speaker_end is not None
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker
        assert any(p.start <= quote.start and quote.end <= p.end for p in prepared.paragraphs)
