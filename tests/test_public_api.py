"""The curated public API is a promise: changes to it are deliberate."""

from __future__ import annotations

import consilience

EXPECTED = {
    "SCHEMA_VERSION",
    "Article",
    "Artifact",
    "BackendError",
    "ConfigurationError",
    "ConsilienceError",
    "Dossier",
    "InputError",
    "PreparedArticle",
    "Sentence",
    "Settings",
    "__version__",
    "analyze",
    "analyze_articles",
    "prepare",
    "read_inputs",
}


def test_all_is_exactly_the_curated_api() -> None:
    assert set(consilience.__all__) == EXPECTED


def test_every_public_name_exists_and_is_documented() -> None:
    for name in consilience.__all__:
        value = getattr(consilience, name)
        if callable(value):
            assert value.__doc__, f"{name} has no docstring"


def test_errors_share_one_root() -> None:
    for name in ("InputError", "ConfigurationError", "BackendError"):
        assert issubclass(getattr(consilience, name), consilience.ConsilienceError)
