"""consilience: read many news reports of one event and tell what is actually known.

The curated public API; everything else is internal and may change.
"""

from __future__ import annotations

from consilience.dossier import SCHEMA_VERSION, Dossier
from consilience.errors import BackendError, ConfigurationError, ConsilienceError, InputError
from consilience.ingest import read_inputs
from consilience.pipeline import analyze, analyze_articles, prepare
from consilience.records import Article, Artifact, PreparedArticle, Sentence
from consilience.settings import Settings

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
