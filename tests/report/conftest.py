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


OUTLETS = (
    "Coastal Courier",
    "The Harbour Wire Daily Morning Edition",
    "elsby-gazette.example",
    "Regional Times",
    "DailyBuzz Now",
    "Norvane Valley Community Radio and Television",
)


def synthetic_story(size: int, seed: int = 7) -> Dossier:
    """A dossier with ``size`` articles in origin groups of mixed sizes, copy chains
    inside groups and a few links across them, for the copy graph (no claims)."""
    import random

    rng = random.Random(seed + size)
    articles = [
        {
            "id": f"a{n}",
            "source": f"story/{n:03d}-{'x' * (n % 9)}.html",
            "outlet": OUTLETS[n % len(OUTLETS)] if n % 4 else None,
            "title": f"Headline number {n} about the harbour fire and what followed",
            "published": f"2026-03-{1 + n % 27:02d}",
            "text": f"Article {n} text.",
        }
        for n in range(1, size + 1)
    ]
    ids = [a["id"] for a in articles]
    groups: list[list[str]] = []
    at = 0
    sizes = [5, 1, 3, 1, 1, 2, 7, 1, 4, 1, 13, 2, 1]
    while at < len(ids):
        take = sizes[len(groups) % len(sizes)]
        groups.append(ids[at : at + take])
        at += take
    edges = []
    for group in groups:
        for member in group[1:]:
            source = rng.choice(group[: group.index(member)])
            edges.append(
                {"source": source, "target": member, "kind": "text_reuse", "score": rng.random()}
            )
    for _ in range(max(1, size // 8)):
        a, b = rng.sample(ids, 2)
        kind = rng.choice(["cites", "shared_details"])
        edges.append({"source": a, "target": b, "kind": kind, "score": rng.random()})
    return Dossier.model_validate(
        {
            "generated_at": "2026-03-05T09:30:00Z",
            "articles": articles,
            "provenance": {"origin_groups": groups, "edges": edges},
        }
    )
