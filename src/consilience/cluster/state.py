"""Save a clustering and load it back to extend it with more articles.

The state is one compressed NumPy archive (``.npz``, read with ``allow_pickle=False``, so
loading a state never runs code): arrays for the signatures, features and edges, and one
JSON document for the rest. The inverted index, the LSH index and the connected parts of
the candidate graph are rebuilt on load in the order they were built, so a loaded state
extends exactly like the one that was saved.

A state file is hostile input like any other. It carries its format version and a
SHA-256 checksum of its content; it is written crash-safely (the previous state stays
whole until the new one has replaced it) under a lock that makes concurrent runs on one
state take turns (:func:`state_lock`); and it is validated field by field on load (types,
shapes, every index in range, array sizes checked against the archive before they are
allocated). A state that fails any check is refused with one line saying why, and the
file is left as it is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from consilience.atomic import atomic_open
from consilience.cluster.features import NameFinder, blocking_keys, find_capitalized_names
from consilience.cluster.fingerprint import signature_from_values
from consilience.cluster.nodes import ArticleEntry
from consilience.cluster.settings import ClusterSettings, Embedder
from consilience.cluster.stories import StoryClusterer
from consilience.errors import ConfigurationError, InputError
from consilience.records import Article
from consilience.safetext import display_path

log = logging.getLogger(__name__)

FORMAT = "consilience-cluster-state"
VERSION = 2
#: Version 1 states (written before the checksum) are still read, validated the same way.
_READABLE_VERSIONS = (1, 2)
_FIRST_WITH_CHECKSUM = 2
_CHECKSUM = "checksum"
#: An archive may declare at most this many times its own size in array bytes (and at
#: least this floor): past it, it is corrupt or a decompression bomb.
_INFLATION_RATIO = 64
_INFLATION_FLOOR = 256 * 1024 * 1024
#: name -> (dtype, number of dimensions) of every array a state holds
_ARRAYS: dict[str, tuple[str, int]] = {
    "meta": ("uint8", 1),
    "signatures": ("uint32", 2),
    "keys": ("int32", 1),
    "weights": ("float32", 1),
    "offsets": ("int64", 1),
    "edge_a": ("int64", 1),
    "edge_b": ("int64", 1),
    "edge_similarity": ("float64", 1),
    "story_of_node": ("int64", 1),
    "group_of_node": ("int64", 1),
    "embeddings": ("float32", 2),
}
_ARTICLE = TypeAdapter(Article)


class _StoredArticle(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str
    node: int = Field(ge=0)
    article: dict[str, Any] | None


class _Meta(BaseModel):
    """The JSON part of a state, field by field."""

    model_config = ConfigDict(extra="forbid", strict=True)

    format: str
    version: int
    settings: dict[str, Any]
    keep_articles: bool
    embedder: str | None
    words: list[str]
    forms: dict[str, str]
    titles: list[str]
    node_articles: list[list[int]]
    articles: list[_StoredArticle]


@contextmanager
def state_lock(path: Path, *, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock of the state at ``path`` (``PATH.lock`` beside it, an OS file lock:
    released by the kernel if the process dies). Runs that load, extend and save one
    state inside this block take turns, so none loses another's articles. ``on_wait`` is
    called once if another run holds the lock."""
    lock = FileLock(str(path) + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire()
    except OSError as exc:
        raise InputError(display_path(path), f"cannot lock the state ({exc.strerror})") from exc
    try:
        yield
    finally:
        lock.release()


def save_state(clusterer: StoryClusterer, path: Path) -> None:
    """Write ``clusterer`` to ``path`` (an ``.npz`` archive), crash-safely."""
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
    arrays: dict[str, Any] = {
        "meta": np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
        "signatures": signatures.astype(np.uint32),
        "keys": np.concatenate([n.keys for n in nodes] or [np.zeros(0, np.int32)]),
        "weights": np.concatenate([n.weights for n in nodes] or [np.zeros(0, np.float32)]),
        "offsets": offsets,
        "edge_a": np.asarray(edge_a, dtype=np.int64),
        "edge_b": np.asarray(edge_b, dtype=np.int64),
        "edge_similarity": np.asarray(edge_s, dtype=np.float64),
        "story_of_node": np.asarray(clusterer.story_of_node, dtype=np.int64),
        "group_of_node": np.asarray(clusterer.group_of_node, dtype=np.int64),
        "embeddings": np.stack(clusterer.embeddings).astype(np.float32)
        if clusterer.embeddings
        else np.zeros((0, 0), dtype=np.float32),
    }
    arrays[_CHECKSUM] = np.frombuffer(_digest(arrays).encode("ascii"), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(path) as handle:
        np.savez_compressed(handle, **arrays)


def _digest(arrays: Mapping[str, np.ndarray]) -> str:
    """SHA-256 over every array but the checksum: names, dtypes, shapes and bytes."""
    digest = hashlib.sha256()
    for name in sorted(arrays):
        if name == _CHECKSUM:
            continue
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}|{array.dtype.str}|{array.shape}|".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def load_state(
    path: Path,
    *,
    name_finder: NameFinder = find_capitalized_names,
    embedder: Embedder | None = None,
) -> StoryClusterer:
    """Read a state written by :func:`save_state`; raises :class:`InputError` when the
    file is not one or fails a check (corrupt, inconsistent, crafted), and
    :class:`ConfigurationError` when it was built with another embedder than ``embedder``
    (the new articles must be compared alike)."""
    source = display_path(path)
    arrays = _read_arrays(path, source)
    meta = _read_meta(arrays, source)
    used = meta.embedder
    given = embedder.name if embedder is not None else None
    if used != given:
        raise ConfigurationError(
            f"{source} was built with embedder {used or 'none'}, not {given or 'none'}: "
            f"extend it with --embedder {used or 'none'}"
        )
    _check_structure(meta, arrays, source, embedder is not None)
    try:
        return _rebuild(meta, arrays, name_finder, embedder)
    except (ValueError, TypeError, KeyError, IndexError, ValidationError) as exc:
        raise InputError(source, f"cluster state is inconsistent ({_brief(exc)})") from exc


def _read_arrays(path: Path, source: str) -> dict[str, np.ndarray]:
    """The archive's arrays, each size checked against what the archive stores before
    anything is allocated."""
    try:
        size = path.stat().st_size
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            declared = sum(m.file_size for m in members)
            if declared > max(_INFLATION_RATIO * size, _INFLATION_FLOOR):
                raise InputError(
                    source, f"cluster state declares {declared / 1e9:.1f} GB of data: refused"
                )
            arrays: dict[str, np.ndarray] = {}
            for member in members:
                name = member.filename.removesuffix(".npy")
                with archive.open(member) as handle:
                    _check_header(handle, member.file_size, source, name)
                with archive.open(member) as handle:
                    arrays[name] = np.lib.format.read_array(handle, allow_pickle=False)
    except InputError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, MemoryError) as exc:
        raise InputError(source, f"not a cluster state ({_brief(exc)})") from exc
    missing = sorted(set(_ARRAYS) - set(arrays))
    if missing:
        raise InputError(source, f"not a cluster state: it is missing {', '.join(missing)}")
    for name, (dtype, ndim) in _ARRAYS.items():
        array = arrays[name]
        if array.dtype != np.dtype(dtype) or array.ndim != ndim:
            raise InputError(
                source, f"cluster state is corrupt: {name} is {array.dtype}[{array.ndim}d]"
            )
    return arrays


def _check_header(handle: Any, stored: int, source: str, name: str) -> None:
    major, _minor = np.lib.format.read_magic(handle)
    read_header = (
        np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
    )
    shape, _fortran, dtype = read_header(handle)
    if math.prod(shape) * dtype.itemsize > stored:
        raise InputError(source, f"cluster state is corrupt: {name} is larger than stored")


def _read_meta(arrays: Mapping[str, np.ndarray], source: str) -> _Meta:
    try:
        raw = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(source, "cluster state is corrupt: its metadata is not UTF-8") from exc
    except (ValueError, RecursionError) as exc:
        raise InputError(source, "cluster state is corrupt: unreadable metadata") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError(source, "not a cluster state")
    version = raw.get("version")
    if version not in _READABLE_VERSIONS:
        raise InputError(source, f"cluster state version {version!r} is not supported")
    if version >= _FIRST_WITH_CHECKSUM:
        stored = arrays.get(_CHECKSUM)
        if stored is None or stored.tobytes() != _digest(arrays).encode("ascii"):
            raise InputError(source, "cluster state is corrupt (checksum mismatch): left as it is")
    try:
        return _Meta.model_validate(raw)
    except ValidationError as exc:
        raise InputError(source, f"cluster state is invalid ({_brief(exc)})") from exc


def _check_structure(
    meta: _Meta, arrays: Mapping[str, np.ndarray], source: str, embedded: bool
) -> None:
    """Every count agrees and every index points inside what it indexes."""
    nodes = len(meta.titles)
    offsets, keys = arrays["offsets"], arrays["keys"]
    problems = {
        "node lists": len(meta.node_articles) != nodes,
        "offsets": len(offsets) != nodes + 1
        or (nodes >= 0 and (int(offsets[0]) != 0 or int(offsets[-1]) != len(keys)))
        or bool(np.any(np.diff(offsets) < 0)),
        "weights": len(arrays["weights"]) != len(keys),
        "keys": bool(len(keys)) and not 0 <= int(keys.min()) <= int(keys.max()) < len(meta.words),
        "signatures": arrays["signatures"].shape[0] != nodes,
        "edges": not len(arrays["edge_a"])
        == len(arrays["edge_b"])
        == len(arrays["edge_similarity"])
        or not _in_range(arrays["edge_a"], nodes)
        or not _in_range(arrays["edge_b"], nodes),
        "stories": len(arrays["story_of_node"]) != nodes
        or not _in_range(arrays["story_of_node"], nodes),
        "groups": len(arrays["group_of_node"]) != nodes
        or not _in_range(arrays["group_of_node"], nodes),
        "articles": any(not 0 <= e.node < nodes for e in meta.articles)
        or len({e.id for e in meta.articles}) != len(meta.articles)
        or any(not 0 <= a < len(meta.articles) for node in meta.node_articles for a in node),
        "forms": any(not k.isdigit() or int(k) >= len(meta.words) for k in meta.forms),
        "embeddings": embedded and arrays["embeddings"].shape[0] == 0 and nodes > 0,
    }
    wrong = [name for name, bad in problems.items() if bad]
    if wrong:
        raise InputError(source, f"cluster state is inconsistent: {', '.join(wrong)}")


def _in_range(values: np.ndarray, size: int) -> bool:
    return not len(values) or (int(values.min()) >= 0 and int(values.max()) < size)


def _brief(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}"
    return " ".join(str(exc).split())[:160] or type(exc).__name__


def _rebuild(
    meta: _Meta,
    arrays: Mapping[str, np.ndarray],
    name_finder: NameFinder,
    embedder: Embedder | None,
) -> StoryClusterer:
    settings = ClusterSettings.model_validate(meta.settings)
    clusterer = StoryClusterer(
        settings,
        name_finder=name_finder,
        keep_articles=meta.keep_articles,
        embedder=embedder,
    )
    if embedder is not None:
        clusterer.embeddings = list(arrays["embeddings"])
    for word in meta.words:
        clusterer.vocabulary[word] = len(clusterer.words)
        clusterer.words.append(word)
    words = clusterer.words
    keys, weights, offsets = arrays["keys"], arrays["weights"], arrays["offsets"]
    for node, (articles, title) in enumerate(zip(meta.node_articles, meta.titles, strict=True)):
        start, end = int(offsets[node]), int(offsets[node + 1])
        node_weights = {
            words[k]: float(w)
            for k, w in zip(keys[start:end].tolist(), weights[start:end].tolist(), strict=True)
        }
        clusterer.restore_node(list(articles), node_weights, {}, title)
    clusterer.forms.update({int(k): v for k, v in meta.forms.items()})
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
    for number, entry in enumerate(meta.articles):
        article = _article(entry.article) if entry.article else None
        clusterer.articles.append(ArticleEntry(entry.id, entry.node, article))
        clusterer.known_ids[entry.id] = number
    return clusterer


def _article(fields: dict[str, Any]) -> Article:
    """The stored article, its fields validated (a list for a span becomes a tuple)."""
    return _ARTICLE.validate_python(fields)
