"""The parts of a comparison: tokens, copy alignment, run-on sentences, the verdict rules
and the shipped weights."""

from __future__ import annotations

import math

import pytest

from consilience.compare.casualties import casualty_conflicts
from consilience.compare.copy_align import copy_path, copy_segments, positions_of
from consilience.compare.features import FEATURES, SentenceAnalysis
from consilience.compare.sides import build_side, split_run_ons
from consilience.compare.tokens import iter_tokens
from consilience.compare.verdict import (
    MODEL_FEATURES,
    decide,
    fitted_names,
    load_weights,
    sentence_score,
)
from consilience.ingest import article_from_text
from consilience.records import Sentence
from consilience.settings import Settings


def _norms(text: str) -> list[str]:
    return [t.norm for t in iter_tokens(text)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("He hasn't paid.", "he has n't paid ."),
        ("Four people", "4 people"),
        ("at 9pm", "at 9 pm"),
        ("12,000 cars", "12000 cars"),
        ("won't", "wo n't"),
    ],
)
def test_both_writings_read_the_same(a: str, b: str) -> None:
    assert _norms(a) == _norms(b)


def test_token_offsets_point_into_the_text() -> None:
    text = "The 34-year-old didn’t say “UNK” at 9pm."
    for token in iter_tokens(text):
        assert (
            text[token.start : token.end].lower().replace("’", "'") in {token.norm, "n't", "four"}
            or token.norm.isdigit()
        )


def test_placeholders_and_function_words_are_not_content() -> None:
    tokens = {t.norm: t for t in iter_tokens("UNK said the -LRB- minister -RRB- not <unk>")}
    assert tokens["unk"].placeholder and not tokens["unk"].content
    assert tokens["lrb"].placeholder
    assert not tokens["said"].content and not tokens["not"].content
    assert tokens["minister"].content


def test_copy_path_uses_the_fewest_copies() -> None:
    original = list(iter_tokens("the mayor opened the bridge. the mayor closed the road."))
    derived = list(iter_tokens("the mayor closed the bridge"))
    path = copy_path(derived, positions_of(original))
    # two copies, one from each sentence: no word left out, no third jump
    assert len(copy_segments(path)) == 2
    assert [original[j].norm for j in path if j is not None] == [
        "the",
        "mayor",
        "closed",
        "the",
        "bridge",
    ]
    assert path[2] == 7  # "closed" can only come from the second sentence


def test_new_words_stay_unaligned() -> None:
    original = list(iter_tokens("police arrested two men"))
    derived = list(iter_tokens("police arrested two armed women"))
    path = copy_path(derived, positions_of(original))
    assert path[:3] == [0, 1, 2] and path[3:] == [None, None]


@pytest.mark.parametrize(
    ("text", "lowercase", "pieces"),
    [
        ("It rained.Then it snowed in Oslo.", False, ["It rained.", "Then it snowed in Oslo."]),
        ("the mayor spoke . he left .", True, ["the mayor spoke .", "he left ."]),
        (
            "the mayor spoke. he left the u.s. today.",
            True,
            ["the mayor spoke.", "he left the u.s. today."],
        ),
        ("Mr. Smith went to Washington.", False, ["Mr. Smith went to Washington."]),
    ],
)
def test_run_on_sentences_are_split(text: str, lowercase: bool, pieces: list[str]) -> None:
    sentence = Sentence("d", 0, 0, len(text), text, 0)
    spans = split_run_ons(text, sentence, lowercase)
    assert [text[s:e] for s, e in spans] == pieces


def _analysis(**values: float) -> SentenceAnalysis:
    features = tuple(values.get(name, 0.0) for name in FEATURES)
    return SentenceAnalysis(0, features, (), (), ())


def test_shipped_weights_cover_both_embedders() -> None:
    assert {"lexical", "minilm"} <= set(fitted_names())
    weights = load_weights("lexical")
    assert [f.name for f in weights.features] == [name for name, _ in MODEL_FEATURES]
    assert 0.0 < weights.threshold < 1.0
    # A sentence model without its own weights is scored with MiniLM's.
    assert load_weights("/some/local/model").embedder == "minilm"


def test_score_rises_with_novel_words_and_falls_with_similarity() -> None:
    weights = load_weights("lexical")
    copied = sentence_score(_analysis(similarity=0.95), weights)
    novel = sentence_score(_analysis(similarity=0.95, novel_words=4), weights)
    unrelated = sentence_score(_analysis(similarity=0.05), weights)
    assert copied < novel and copied < unrelated
    assert all(0.0 < s < 1.0 and not math.isnan(s) for s in (copied, novel, unrelated))


def test_novel_names_are_never_supported() -> None:
    weights = load_weights("lexical")
    analysis = _analysis(similarity=0.95, novel_words=1, novel_names=1)
    assert decide(analysis, 0.0, weights) == "not_in_original"
    assert decide(_analysis(similarity=0.95), 0.0, weights) == "supported"


@pytest.mark.parametrize(
    ("derived", "original", "conflict"),
    [
        ("No casualties were reported.", "Several people were killed.", True),
        ("Nobody died in the fire.", "Two firefighters were injured.", False),
        ("No one was hurt.", "Three passengers were injured.", True),
        ("The crew escaped unhurt.", "Two of the crew were wounded.", True),
        ("It ended without loss of life.", "Four people died.", True),
        ("Four people died.", "There were no fatalities.", True),
        ("Officials feared deaths.", "There were no fatalities.", False),
        ("No casualties were reported.", "Officials said nobody was hurt.", False),
    ],
)
def test_casualty_kinds(derived: str, original: str, conflict: bool) -> None:
    sides = [
        build_side(article_from_text(t, f"{n}.txt", detect_headline=False), None, Settings())
        for n, t in (("original", original), ("derived", derived))
    ]
    found = casualty_conflicts(sides[1], 0, sides[0], [0])
    assert bool(found) is conflict


def test_a_verdict_the_score_alone_gives_still_says_why() -> None:
    from consilience.compare.render import _unexplained
    from consilience.compare.report import SentenceVerdict

    sentence = SentenceVerdict(
        index=0, start=0, end=10, text="Stocks sank.", verdict="not_in_original", score=0.9
    )
    assert _unexplained(sentence) == (
        "not supported: the closest passages of the original do not say this"
    )
    assert _unexplained(sentence.model_copy(update={"verdict": "supported"})) is None
