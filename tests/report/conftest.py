"""Fixtures for the report tests: the hand-made full dossier and its renderings."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from consilience.dossier import Dossier
from consilience.report.html import render_html
from tests.conftest import DATA

REPORT_DATA = DATA / "report"
FULL_DOSSIER = REPORT_DATA / "dossier_full.json"


def load_fixture_builder() -> ModuleType:
    """``tests/data/report/make_fixture.py``, the script that writes the full dossier."""
    path = REPORT_DATA / "make_fixture.py"
    spec = importlib.util.spec_from_file_location("make_fixture", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def full_dossier() -> Dossier:
    return Dossier.from_json(FULL_DOSSIER.read_bytes())


@pytest.fixture(scope="session")
def full_html(full_dossier: Dossier) -> str:
    return render_html(full_dossier)


@pytest.fixture(scope="session")
def articles_only(full_dossier: Dossier) -> Dossier:
    """What the pipeline fills today: articles (with artifacts), nothing else."""
    return Dossier(
        generated_at=full_dossier.generated_at,
        articles=[a.model_copy(update={"findings": []}) for a in full_dossier.articles],
    )
