from __future__ import annotations

import json
from pathlib import Path

from consilience.dossier import Dossier, schema_text

SCHEMA = Path(__file__).resolve().parents[1] / "schema" / "dossier.schema.json"


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        "schema/dossier.schema.json is stale: run `consilience schema -o schema/dossier.schema.json`"
    )


def test_contract_fields_are_present() -> None:
    schema = json.loads(schema_text())
    top = set(schema["properties"])
    assert {
        "schema_version",
        "generated_at",
        "settings",
        "articles",
        "claims",
        "conflicts",
        "entities",
        "quotes",
        "timeline",
        "provenance",
    } <= top
    defs = schema["$defs"]
    assert {
        "id",
        "source",
        "outlet",
        "title",
        "published",
        "text",
        "artifacts",
        "cited_outlets",
        "findings",
    } <= set(defs["DossierArticle"]["properties"])
    assert {
        "id",
        "text",
        "status",
        "independent_sources",
        "support",
        "flags",
        "conflict_ids",
    } <= set(defs["Claim"]["properties"])


def test_round_trip() -> None:
    dossier = Dossier(generated_at="2026-01-01T00:00:00Z")
    assert Dossier.from_json(dossier.to_json()) == dossier
