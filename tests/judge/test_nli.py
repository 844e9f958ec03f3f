"""The NLI backends: the structural one on written cases, and the transformers loader on a
tiny model the test builds (random weights: the test checks the plumbing, not the
model's judgement)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consilience.errors import BackendError, ConfigurationError
from consilience.judge.nli import StructuralNli, TransformersNli, load_nli


def test_structural_backend_finds_a_denied_predicate() -> None:
    verdicts = StructuralNli().judge(
        [
            ("The army never entered the town, the ministry said.", "The army entered the town."),
            ("The bridge reopened on Monday.", "Traffic crossed the bridge on Monday."),
        ]
    )
    assert [v.label for v in verdicts] == ["contradiction", "neutral"]
    assert "never" in verdicts[0].evidence


def test_unknown_backend_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        load_nli("oracle")
    assert load_nli("structural").name == "structural"


def test_a_directory_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match=r"config\.json"):
        TransformersNli(tmp_path)


@pytest.mark.models
def test_transformers_backend_reads_labels_from_the_config(tmp_path: Path) -> None:
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("torch")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "army", "entered", "town"]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer(str(tmp_path / "vocab.txt"))
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=3,
        id2label={0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"},
        label2id={"CONTRADICTION": 0, "ENTAILMENT": 1, "NEUTRAL": 2},
    )
    model = transformers.BertForSequenceClassification(config)
    model.save_pretrained(str(tmp_path))
    tokenizer.save_pretrained(str(tmp_path))
    assert json.loads((tmp_path / "config.json").read_text())["id2label"]["0"] == "CONTRADICTION"

    backend = TransformersNli(tmp_path)
    verdicts = backend.judge([("the army entered the town", "the army entered")] * 3)
    assert len(verdicts) == 3
    assert {v.label for v in verdicts} <= {"entailment", "contradiction", "neutral"}
    assert all(0.0 < v.probability <= 1.0 for v in verdicts)
    assert verdicts[0] == verdicts[1]  # deterministic on the CPU
