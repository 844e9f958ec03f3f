"""Story clustering: many articles in, stories (one real-world event each) out.

    clusterer = StoryClusterer()
    clusterer.add(prepared_articles)      # again later with more: only new work is done
    for story in clusterer.stories(): ...

See :mod:`consilience.cluster.stories` for how it works and
:mod:`consilience.cluster.state` for saving and extending a clustering.
"""

from __future__ import annotations

from consilience.cluster.features import EventFeatures, NameFinder, extract_features
from consilience.cluster.settings import ClusterSettings, Embedder, Reason, Story
from consilience.cluster.stories import Fingerprinted, StoryClusterer

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
