from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience import Settings
from consilience.extract.attribution import (
    extract_attributions,
    extract_cited_outlets,
    extract_hedges,
)
from consilience.extract.speech_lexicon import outlet_name
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.records import PreparedArticle, Sentence
from tests.conftest import load_cases

CASES = load_cases("extract/attribution_cases.json")
_SETTINGS = Settings()


def _prepared(text: str, *, outlet: str | None = None, url: str | None = None) -> PreparedArticle:
    article = article_from_text(text, "t.txt", detect_headline=False, outlet=outlet, url=url)
    return prepare(article, _SETTINGS)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_attribution_cases(case: dict[str, Any]) -> None:
    prepared = _prepared(case["text"], outlet=case.get("outlet"))
    text = prepared.article.text
    attributions: list[tuple[str, str]] = []
    hedges: list[str] = []
    for sentence in prepared.evidence_sentences():
        for a in extract_attributions(text, sentence, article_id=prepared.id):
            assert text[a.start : a.end] == a.text
            attributions.append((a.source, a.kind))
        for h in extract_hedges(text, sentence, article_id=prepared.id):
            assert text[h.start : h.end] == h.text
            hedges.append(h.text)
    cited = extract_cited_outlets(prepared)
    for c in cited:
        assert text[c.start : c.end] == c.text
    assert Counter(attributions) == Counter(tuple(a) for a in case["attributions"])
    assert [c.outlet for c in cited] == case["cited_outlets"]
    assert hedges == case["hedges"]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("NYT", "The New York Times"),
        ("the New York Times", "The New York Times"),
        ("New York Times", "The New York Times"),
        ("www.nytimes.com", "The New York Times"),
        ("https://edition.cnn.com/world/x", "CNN"),
        ("www.example.com", None),
        ("cnn.com", "CNN"),
        ("AFP", "Agence France-Presse"),
        ("The Intercept", "The Intercept"),
        ("Daily Planet", None),
        ("Times", None),
    ],
)
def test_outlet_names_are_normalized(mention: str, name: str | None) -> None:
    assert outlet_name(mention) == name


def test_cited_outlet_carries_cue_and_sentence() -> None:
    prepared = _prepared("The port reopened. Two sources told the Associated Press it was safe.")
    [cited] = extract_cited_outlets(prepared)
    assert (cited.outlet, cited.text, cited.cue, cited.sentence) == (
        "Associated Press",
        "Associated Press",
        "told",
        1,
    )


def test_junk_sentences_credit_nothing() -> None:
    prepared = _prepared("The port reopened on Monday. The BBC reported the delay.")
    assert [c.outlet for c in extract_cited_outlets(prepared)] == ["BBC"]
    junk = dataclasses.replace(prepared.sentences[1], skip="boilerplate")
    cleaned = dataclasses.replace(prepared, sentences=(prepared.sentences[0], junk))
    assert extract_cited_outlets(cleaned) == []


def test_own_outlet_from_url_is_not_a_credit() -> None:
    text = "The vote was delayed, Reuters reported. The BBC reported it too."
    prepared = _prepared(text, url="https://www.reuters.com/world/vote")
    assert [c.outlet for c in extract_cited_outlets(prepared)] == ["BBC"]


@pytest.mark.parametrize(
    "text",
    ["The mayhem lasted hours.", "Mightily they rowed.", "In May the law changed.", "It is clear."],
)
def test_hedges_match_whole_words_only(text: str) -> None:
    sentence = Sentence("a1", 0, 0, len(text), text, 0)
    assert extract_hedges(text, sentence, article_id="a1") == []


# --- properties -------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "officials",
        "said",
        "according",
        "to",
        "CNN",
        "reportedly",
        "may",
        "have",
        "the",
        "report",
        "told",
        "Reuters",
        "a",
        "spokesperson",
        "for",
        "Acme",
        "Ana",
        "Ruiz",
        ",",
        "“",
        "”",
        "sources",
        "believe",
        "It",
        "is",
        "unclear",
        "suspected",
        "of",
        "by",
        "The",
        "Daily",
        "Bugle",
        "reported",
        "newspaper",
        ".",
        "’s",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30))
def test_spans_round_trip(words: list[str]) -> None:
    lead = "First sentence here. "
    body = " ".join(words)
    text = lead + body + " Last sentence."
    sentence = Sentence("a1", 1, len(lead), len(lead) + len(body), body, 0)
    for a in extract_attributions(text, sentence, article_id="a1"):
        assert text[a.start : a.end] == a.text
        assert sentence.start <= a.start < a.end <= sentence.end
    for h in extract_hedges(text, sentence, article_id="a1"):
        assert text[h.start : h.end] == h.text
    for c in extract_cited_outlets(_prepared(text)):
        assert text[c.start : c.end] == c.text
