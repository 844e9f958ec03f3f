"""Story clustering: many articles in, stories (one real-world event each) out.

    clusterer = StoryClusterer()
    clusterer.add(prepared_articles)      # again later with more: only new work is done
    for story in clusterer.stories(): ...

See :mod:`consilience.cluster.stories` for how it works and
:mod:`consilience.cluster.state` for saving and extending a clustering.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from consilience.cluster.features import EventFeatures, NameFinder, extract_features
    from consilience.cluster.settings import ClusterSettings, Embedder, Reason, Story
    from consilience.cluster.stories import Fingerprinted, StoryClusterer

# The names load with their module on first use: importing a light part of the package
# (its settings, its story files) for a command's options must not load scikit-learn.
_HOME = {
    "ClusterSettings": "settings",
    "Embedder": "settings",
    "EventFeatures": "features",
    "Fingerprinted": "stories",
    "NameFinder": "features",
    "Reason": "settings",
    "Story": "settings",
    "StoryClusterer": "stories",
    "extract_features": "features",
}

__all__ = [
    "ClusterSettings",
    "Embedder",
    "EventFeatures",
    "Fingerprinted",
    "NameFinder",
    "Reason",
    "Story",
    "StoryClusterer",
    "extract_features",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
