"""Optional embeddings: they join the topic similarity and are kept in the state."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from consilience.cluster import ClusterSettings, StoryClusterer
from consilience.cluster.state import load_state, save_state
from consilience.errors import ConfigurationError
from consilience.records import PreparedArticle

Events = list[tuple[PreparedArticle, str]]


class LetterEmbedder:
    """A stand-in embedder: normalized letter counts (deterministic, no model)."""

    name = "letters"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        rows = np.zeros((len(texts), 26), dtype=np.float32)
        for i, text in enumerate(texts):
            for char in text.lower():
                if "a" <= char <= "z":
                    rows[i, ord(char) - 97] += 1
        norms = np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
        return np.asarray(rows / norms, dtype=np.float32)


def test_embedding_cosine_joins_the_topic_similarity(events: Events) -> None:
    prepared = [p for p, _ in events]
    plain = StoryClusterer()
    plain.add(prepared)
    embedder = LetterEmbedder()
    mixed = StoryClusterer(ClusterSettings(embedding_share=0.5), embedder=embedder)
    mixed.add(prepared)
    assert embedder.calls == 1  # one batch for the new articles
    assert len(mixed.embeddings) == len(mixed.nodes)
    pairs = [(0, 3), (0, 1), (6, 9)]
    lexical = plain.topic_similarities(pairs)
    cosine = np.array([float(mixed.embeddings[a] @ mixed.embeddings[b]) for a, b in pairs])
    assert np.allclose(mixed.topic_similarities(pairs), 0.5 * lexical + 0.5 * cosine)


def test_a_state_is_extended_with_the_embedder_it_was_built_with(
    events: Events, tmp_path: Path
) -> None:
    first = StoryClusterer(embedder=LetterEmbedder())
    first.add(p for p, _ in events[:6])
    path = tmp_path / "state.npz"
    save_state(first, path)
    with pytest.raises(ConfigurationError, match="embedder letters"):
        load_state(path)
    loaded = load_state(path, embedder=LetterEmbedder())
    loaded.add(p for p, _ in events[6:])
    whole = StoryClusterer(embedder=LetterEmbedder())
    whole.add(p for p, _ in events)
    assert loaded.stories() == whole.stories()
