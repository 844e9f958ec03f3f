"""Save a clustering and load it back to extend it with more articles.

The state is one compressed NumPy archive (``.npz``, read with ``allow_pickle=False``, so
loading a state never runs code): arrays for the signatures, features and edges, and one
JSON document for the rest. The inverted index, the LSH index and the connected parts of
the candidate graph are rebuilt on load in the order they were built, so a loaded state
extends exactly like the one that was saved.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from consilience.cluster.features import NameFinder, blocking_keys, find_capitalized_names
from consilience.cluster.fingerprint import signature_from_values
from consilience.cluster.settings import ClusterSettings, Embedder
from consilience.cluster.stories import ArticleEntry, StoryClusterer
from consilience.errors import ConfigurationError, InputError
from consilience.records import Article

FORMAT = "consilience-cluster-state"
VERSION = 1


def save_state(clusterer: StoryClusterer, path: Path) -> None:
    """Write ``clusterer`` to ``path`` (an ``.npz`` archive)."""
    nodes = clusterer.nodes
    offsets = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum([len(node.keys) for node in nodes], out=offsets[1:])
    edge_a: list[int] = []
    edge_b: list[int] = []
    edge_s: list[float] = []
    for a, neighbours in enumerate(clusterer.edges):
        for b, similarity in sorted(neighbours.items()):
            if a < b:
                edge_a.append(a)
                edge_b.append(b)
                edge_s.append(similarity)
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "settings": clusterer.settings.model_dump(mode="json"),
        "keep_articles": clusterer.keep_articles,
        "embedder": clusterer.embedder.name if clusterer.embedder is not None else None,
        "words": clusterer.words,
        "forms": {str(k): v for k, v in clusterer.forms.items()},
        "titles": [node.title for node in nodes],
        "node_articles": [node.articles for node in nodes],
        "articles": [
            {"id": e.id, "node": e.node, "article": asdict(e.article) if e.article else None}
            for e in clusterer.articles
        ],
    }
    num_perm = clusterer.settings.num_perm
    signatures = np.stack(clusterer.signatures) if clusterer.signatures else np.zeros((0, num_perm))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
            signatures=signatures.astype(np.uint32),
            keys=np.concatenate([n.keys for n in nodes] or [np.zeros(0, np.int32)]),
            weights=np.concatenate([n.weights for n in nodes] or [np.zeros(0, np.float32)]),
            offsets=offsets,
            edge_a=np.asarray(edge_a, dtype=np.int64),
            edge_b=np.asarray(edge_b, dtype=np.int64),
            edge_similarity=np.asarray(edge_s, dtype=np.float64),
            story_of_node=np.asarray(clusterer.story_of_node, dtype=np.int64),
            group_of_node=np.asarray(clusterer.group_of_node, dtype=np.int64),
            embeddings=np.stack(clusterer.embeddings).astype(np.float32)
            if clusterer.embeddings
            else np.zeros((0, 0), dtype=np.float32),
        )


def load_state(
    path: Path,
    *,
    name_finder: NameFinder = find_capitalized_names,
    embedder: Embedder | None = None,
) -> StoryClusterer:
    """Read a state written by :func:`save_state`; raises :class:`InputError` when the
    file is not one, :class:`ConfigurationError` when it was built with another
    embedder than ``embedder`` (the new articles must be compared alike)."""
    source = str(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise InputError(source, f"not a cluster state ({exc})") from exc
    try:
        meta: dict[str, Any] = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        if meta.get("format") != FORMAT:
            raise InputError(source, "not a cluster state")
        if meta.get("version") != VERSION:
            raise InputError(
                source, f"cluster state version {meta.get('version')} is not supported"
            )
        used = meta.get("embedder")
        given = embedder.name if embedder is not None else None
        if used != given:
            raise ConfigurationError(
                f"{source} was built with embedder {used or 'none'}, not {given or 'none'}: "
                f"extend it with --embedder {used or 'none'}"
            )
        return _rebuild(meta, arrays, name_finder, embedder)
    except KeyError as exc:
        raise InputError(source, f"cluster state is missing {exc}") from exc


def _rebuild(
    meta: dict[str, Any],
    arrays: dict[str, np.ndarray],
    name_finder: NameFinder,
    embedder: Embedder | None,
) -> StoryClusterer:
    settings = ClusterSettings(**meta["settings"])
    clusterer = StoryClusterer(
        settings,
        name_finder=name_finder,
        keep_articles=bool(meta["keep_articles"]),
        embedder=embedder,
    )
    if embedder is not None:
        clusterer.embeddings = list(arrays["embeddings"])
    for word in meta["words"]:
        clusterer.vocabulary[word] = len(clusterer.words)
        clusterer.words.append(word)
    words = clusterer.words
    keys, weights, offsets = arrays["keys"], arrays["weights"], arrays["offsets"]
    for node, (articles, title) in enumerate(
        zip(meta["node_articles"], meta["titles"], strict=True)
    ):
        start, end = int(offsets[node]), int(offsets[node + 1])
        node_weights = {
            words[k]: float(w)
            for k, w in zip(keys[start:end].tolist(), weights[start:end].tolist(), strict=True)
        }
        clusterer.restore_node(list(articles), node_weights, {}, title)
    clusterer.forms.update({int(k): v for k, v in meta["forms"].items()})
    for node in range(len(clusterer.nodes)):
        # Replay the inverted index in node order: the same keys fill up as before.
        for key in blocking_keys(clusterer.node_features(node), settings.blocking_keys):
            postings = clusterer.postings.setdefault(clusterer.vocabulary[key], [])
            if len(postings) < settings.max_postings:
                postings.append(node)
    for node, values in enumerate(arrays["signatures"]):
        minhash = signature_from_values(values.astype(np.uint32))
        clusterer.signatures.append(minhash.hashvalues.astype(np.uint32))
        clusterer.duplicates.add(node, minhash)
    for a, b, similarity in zip(
        arrays["edge_a"].tolist(),
        arrays["edge_b"].tolist(),
        arrays["edge_similarity"].tolist(),
        strict=True,
    ):
        clusterer.restore_edge(a, b, similarity)
    clusterer.story_of_node = arrays["story_of_node"].tolist()
    clusterer.group_of_node = arrays["group_of_node"].tolist()
    clusterer.groups = {}
    for node, group in enumerate(clusterer.group_of_node):
        clusterer.groups.setdefault(group, []).append(node)
    for number, entry in enumerate(meta["articles"]):
        article = _article(entry["article"]) if entry["article"] else None
        clusterer.articles.append(ArticleEntry(entry["id"], int(entry["node"]), article))
        clusterer.known_ids[entry["id"]] = number
    return clusterer


def _article(fields: dict[str, Any]) -> Article:
    for span in ("title_span", "dateline_span"):
        if fields.get(span) is not None:
            fields[span] = tuple(fields[span])
    return Article(**fields)
