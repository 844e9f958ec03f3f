"""Property: every span of a comparison points into the text of the side it names."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consilience.compare import compare_texts
from consilience.ingest import article_from_text

_WORDS = st.sampled_from(
    [
        "The", "mayor", "opened", "the", "bridge", "on", "March", "3,", "2021", "not",
        "never", "Monday", "Tuesday", "37", "people", "were", "hurt", "said", "Anna",
        "Okafor", "former", "President", "“We", "will", "rebuild,”", "he", ".", ".", "\n\n",
        "9pm", "12,000", "UNK", "it", "is", "£5m", "Dr.", "U.S.", "n't", "ÉCOLE", "[b]",
    ]
)  # fmt: skip
_TEXTS = st.lists(_WORDS, min_size=3, max_size=60).map(" ".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(original_text=_TEXTS, derived_text=_TEXTS)
def test_every_span_round_trips(original_text: str, derived_text: str) -> None:
    original = article_from_text(original_text, "o", detect_headline=False)
    derived = article_from_text(derived_text, "d", detect_headline=False)
    comparison = compare_texts(original, derived)
    texts = {"original": comparison.original.text, "derived": comparison.derived.text}
    assert texts == {"original": original_text, "derived": derived_text}
    for sentence in comparison.sentences:
        assert derived_text[sentence.start : sentence.end] == sentence.text
        for passage in sentence.passages:
            assert original_text[passage.start : passage.end] == passage.text
        spans = list(sentence.novel_phrases)
        spans += [c.derived for c in sentence.conflicts] + [c.original for c in sentence.conflicts]
        for span in spans:
            assert texts[span.article_id][span.start : span.end] == span.text
        assert 0.0 <= sentence.score <= 1.0
    verdicts = [s.verdict for s in comparison.sentences]
    assert comparison.consistent == all(v == "supported" for v in verdicts)
