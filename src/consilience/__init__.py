"""consilience: read many news reports of one event and tell what is actually known.

The curated public API; everything else is internal and may change. The functions that
run the pipeline, and the dossier's models, are loaded on first use: ``import
consilience`` stays light (no scikit-learn, scipy, spaCy, model runtime or pydantic) so
that ``consilience --help``, the schema and reading inputs start at once.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from consilience.errors import BackendError, ConfigurationError, ConsilienceError, InputError
from consilience.records import Article, Artifact, PreparedArticle, Sentence
from consilience.settings import Settings

if TYPE_CHECKING:
    from consilience.dossier import SCHEMA_VERSION, Dossier
    from consilience.ingest import read_inputs
    from consilience.pipeline import analyze, analyze_articles, prepare

__version__ = "0.1.0"

__all__ = [
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
]

_LAZY = {
    # pydantic builds the dossier's models when they are imported: a tenth of a second
    # that `consilience --help` does not need.
    "SCHEMA_VERSION": "consilience.dossier",
    "Dossier": "consilience.dossier",
    "analyze": "consilience.pipeline",
    "analyze_articles": "consilience.pipeline",
    "prepare": "consilience.pipeline",
    "read_inputs": "consilience.ingest",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'consilience' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
