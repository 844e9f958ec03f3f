"""Fuzzing in CI, at a modest budget: generated and mutated inputs through the whole
pipeline, every invariant checked (``tests/fuzz/invariants.py``). The long run is
``make fuzz`` (``benchmarks/fuzz.py``); what it finds goes into ``regressions.json``."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.invariants import check_files
from tests.fuzz.strategies import (
    SAMPLE_STORY,
    InputFile,
    Mutation,
    article_texts,
    input_files,
    mutate,
    mutated_articles,
    mutations,
)

# Derandomized, so CI is stable (the long run explores); no shrinking, which takes minutes
# on inputs this large: a failure is reported as drawn.
_FUZZ = settings(
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    max_examples=40,
    derandomize=True,
)


@settings(_FUZZ, max_examples=30)
@given(input_files())
def test_any_input_holds_every_invariant(files: list[InputFile]) -> None:
    outcome = check_files(files)
    assert not outcome.failures, outcome.failures


@_FUZZ
@given(article_texts())
def test_generated_article_text_holds_every_invariant(text: str) -> None:
    article = InputFile(b"generated.txt", text.encode("utf-8", "surrogatepass"))
    outcome = check_files([article])
    assert not outcome.failures, outcome.failures


@_FUZZ
@given(mutated_articles(), mutated_articles())
def test_mutated_real_articles_hold_every_invariant(first: bytes, second: bytes) -> None:
    outcome = check_files([InputFile(b"first.txt", first), InputFile(b"second.md", second)])
    assert not outcome.failures, outcome.failures


@settings(_FUZZ, max_examples=8)
@given(st.lists(mutations, min_size=1, max_size=4), st.integers(min_value=0, max_value=4))
def test_the_sample_story_with_one_mutated_article_holds_every_invariant(
    changes: list[Mutation], which: int
) -> None:
    files = []
    for number, path in enumerate(sorted(SAMPLE_STORY.glob("*.txt"))):
        content = path.read_bytes()
        if number == which:
            content = mutate(content.decode("utf-8"), changes)
        files.append(InputFile(path.name.encode(), content))
    outcome = check_files(files, deep=False)
    assert not outcome.failures, outcome.failures
    assert outcome.articles >= 4, "the unmutated articles are analyzed whatever the other"
