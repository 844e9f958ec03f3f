"""Properties over any input text: spans round-trip, and nothing is lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consilience import Settings
from consilience.ingest import article_from_text
from consilience.pipeline import prepare

_ALPHABET = st.sampled_from(
    [*list("abcdefghij ABCDEFG .,;:!?\"'“”‘’—–-()\n\n\r\t0123456789áéüñ"), "Mr. ", "U.S. ", "\n\n"]
)
texts = st.lists(_ALPHABET, min_size=1, max_size=400).map("".join)
words = st.sampled_from(
    [
        "The",
        "strike",
        "hit",
        "a",
        "dock",
        "on",
        "Dec.",
        "24",
        "said",
        "Col.",
        "Smith",
        "“I",
        "did",
        "not,”",
        "he",
        "Advertisement",
        "\n",
        "\n\n",
        ".",
        "U.S.",
        "Exclusive:",
        "- item",
        "FAQ",
    ]
)
prose = st.lists(words, min_size=1, max_size=120).map(" ".join)
SETTINGS = Settings(min_article_chars=1)


def _check(text: str) -> None:
    prepared = prepare(article_from_text(text, "h.txt"), SETTINGS)
    original = prepared.article.text
    assert original == text
    for artifact in prepared.artifacts:
        assert original[artifact.start : artifact.end] == artifact.text
    covered = [False] * len(original)
    last_end = 0
    for sentence in prepared.sentences:
        assert original[sentence.start : sentence.end] == sentence.text
        assert sentence.start >= last_end, "sentences overlap or go backwards"
        last_end = sentence.end
        for i in range(sentence.start, sentence.end):
            covered[i] = True
    lost = [ch for ch, cov in zip(original, covered, strict=True) if not cov and not ch.isspace()]
    assert not lost, f"characters in no sentence: {lost!r}"
    for paragraph in prepared.paragraphs:
        assert 0 <= paragraph.start < paragraph.end <= len(original)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts)
def test_spans_round_trip_and_nothing_is_lost_on_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(prose)
def test_spans_round_trip_and_nothing_is_lost_on_prose(text: str) -> None:
    _check(text)
