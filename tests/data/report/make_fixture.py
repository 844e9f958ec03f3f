"""Build ``dossier_full.json``: a hand-made dossier with every section filled.

The story is invented (a warehouse fire in a fictional port town) and written for the
report tests; nothing in it comes from real coverage. Offsets are computed here from the
article texts, never typed, so ``text[start:end] == passage`` holds everywhere.

Run ``python tests/data/report/make_fixture.py`` after editing; a test checks the JSON
file is current.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from consilience.dossier import Dossier

HERE = Path(__file__).parent
OUTPUT = HERE / "dossier_full.json"

ARTICLES: list[dict[str, Any]] = [
    {
        "id": "a1",
        "outlet": "Coastal Courier",
        "published": "2026-03-04",
        "source": "elsby-fire/coastal-courier.html",
        "url": "https://coastal-courier.example/news/elsby-warehouse-fire",
        "reader": "html",
        "text": (
            "Fire tears through chemical warehouse at Port Elsby\n\n"
            "PORT ELSBY — A fire broke out late on Tuesday at a warehouse operated by "
            "Norvane Chemicals in Port Elsby, sending a column of black smoke over the "
            "harbour.\n\n"
            "Two workers were taken to hospital with smoke inhalation, the company said. "
            "About 60 firefighters fought the blaze through the night.\n\n"
            "Fire chief Marta Okafor said: “The fire is under control, but we expect it "
            "to smoulder for several days.”\n\n"
            "Residents within 2 km of the site were told to keep their windows closed. "
            "Port operations were suspended on Wednesday while investigators examined "
            "the site.\n\n"
            "A Norvane Chemicals spokesperson said no toxic substances had been released."
            "\n\nAdvertisement\n\n"
            "Mayor Daniel Kessler urged calm. “There is no reason to panic,” he said.\n"
        ),
    },
    {
        "id": "a2",
        "outlet": "Harbour Wire",
        "published": "2026-03-04",
        "source": "elsby-fire/harbour-wire.txt",
        "text": (
            "Blaze at Norvane warehouse halts Port Elsby shipping\n\n"
            "PORT ELSBY (Harbour Wire) — Firefighters battled a fire on Tuesday night at a "
            "Norvane Chemicals storage site in Port Elsby, and two workers were treated "
            "in hospital.\n\n"
            "Port operations were suspended on Wednesday, the harbour authority said, "
            "with at least a dozen cargo ships waiting offshore.\n\n"
            "“The fire is under control but it will smoulder for days,” fire chief Marta "
            "Okafor told reporters.\n\n"
            "The company said no toxic substances had been released, and air-quality "
            "tests were under way.\n\n"
            "An inquiry into the cause is expected to report by the end of March.\n"
        ),
    },
    {
        "id": "a3",
        "outlet": "DailyBuzz Now",
        "published": "2026-03-05",
        "source": "elsby-fire/dailybuzz.html",
        "url": "https://dailybuzz.example/shocking-inferno-port-elsby",
        "reader": "html",
        "cited_outlets": ["Coastal Courier"],
        "text": (
            "SHOCKING 🔥 Inferno at Port Elsby chemical plant – what we know\n\n"
            "Key Takeaways:\n"
            "- Huge fire at Norvaine Chemicals\n"
            "- Port Elsby fire news updates\n\n"
            "A shocking inferno ripped through a warehouse operated by Norvaine Chemicals "
            "in Port Elsby late on Tuesday, the Coastal Courier reported.\n\n"
            "Two workers were taken to hospital. About 60 firefighters fought the blaze "
            "through the night, and locals describe it as the worst disaster in the "
            "town's history.\n\n"
            "“The fire is under control, but we expect it to smoulder for many days,” "
            "said fire chief Marta Okafor.\n\n"
            "Residents within 2 km of the site were told to keep their windows shut. "
            "The company did not rule out that toxic substances had been released.\n\n"
            "Mayor Daniel Kessler was blunt: “This company has ignored warnings for years.”"
            "\n\nSubscribe to our newsletter for more Port Elsby fire news!\n"
        ),
    },
    {
        "id": "a4",
        "outlet": "Regional Times",
        "published": "2026-03-04",
        "source": "elsby-fire/regional-times.txt",
        "cited_outlets": ["Harbour Wire"],
        "text": (
            "Port Elsby shipping halted after warehouse blaze\n\n"
            "Firefighters battled a fire on Tuesday night at a Norvane Chemicals storage "
            "site in Port Elsby, and two workers were treated in hospital, Harbour Wire "
            "reported.\n\n"
            "Port operations were suspended on Wednesday, with at least a dozen cargo "
            "ships waiting offshore.\n\n"
            "“The fire is under control but it will smoulder for days,” fire chief Marta "
            "Okafor said.\n\n"
            "It is understood that a second warehouse nearby was evacuated as a "
            "precaution.\n\n"
            "This article was originally published by Harbour Wire.\n"
        ),
    },
    {
        "id": "a5",
        "outlet": "Elsby Gazette",
        "published": "2026-03-05",
        "source": "elsby-fire/elsby-gazette.md",
        "reader": "markdown",
        "text": (
            "Warehouse fire: questions over safety record\n\n"
            "The fire at the Norvane Chemicals warehouse broke out early on Wednesday, "
            "according to neighbours, and three workers needed hospital treatment.\n\n"
            "Deputy fire chief Marta Okafor said the blaze was contained. Residents "
            "within two kilometres were advised to keep windows closed.\n\n"
            "The warehouse reportedly failed a safety inspection in 2024, though the "
            "company has not commented.\n\n"
            "“There's no reason for panic,” Mayor Daniel Kessler told the Gazette.\n"
        ),
    },
]
TEXTS = {a["id"]: a["text"] for a in ARTICLES}


def span(article_id: str, phrase: str, occurrence: int = 1) -> dict[str, Any]:
    """The passage of ``phrase`` in an article (its n-th occurrence)."""
    text = TEXTS[article_id]
    start = -1
    for _ in range(occurrence):
        start = text.find(phrase, start + 1)
        if start < 0:
            raise ValueError(f"{phrase!r} not in {article_id}")
    return {"article_id": article_id, "text": phrase, "start": start, "end": start + len(phrase)}


def side(article_id: str, phrase: str, value: str | None = None) -> dict[str, Any]:
    return {**span(article_id, phrase), "value": value}


def _offsets(article_id: str, phrase: str) -> dict[str, Any]:
    passage = span(article_id, phrase)
    del passage["article_id"]
    return passage


def finding(article_id: str, kind: str, phrase: str, note: str) -> dict[str, Any]:
    return {"kind": kind, **_offsets(article_id, phrase), "note": note}


def count_mentions(*names: str) -> int:
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return sum(len(pattern.findall(text)) for text in TEXTS.values())


def articles() -> list[dict[str, Any]]:
    artifacts = {
        "a1": [("boilerplate", "Advertisement", "advertising placeholder")],
        "a3": [
            (
                "seo_scaffold",
                "Key Takeaways:\n- Huge fire at Norvaine Chemicals\n- Port Elsby fire news updates",
                "summary list added for search engines",
            ),
            ("boilerplate", "Subscribe to our newsletter for more Port Elsby fire news!", ""),
        ],
        "a4": [("editorial_note", "This article was originally published by Harbour Wire.", "")],
    }
    findings = {
        "a3": [
            finding("a3", "loaded_language", "shocking inferno", "emotive wording"),
            finding("a3", "loaded_language", "SHOCKING", "all-caps alarm word in the headline"),
            finding(
                "a3",
                "spin",
                "locals describe it as the worst disaster in the town's history",
                "unattributed superlative",
            ),
            finding("a3", "seo_keyword", "Port Elsby fire news", "search phrase repeated"),
        ],
        "a4": [finding("a4", "hedge", "It is understood", "no source named")],
        "a5": [
            finding("a5", "hedge", "reportedly", "the report is not attributed"),
            finding("a5", "hedge", "according to neighbours", "second-hand account"),
        ],
    }
    out = []
    for article in ARTICLES:
        text = article["text"]
        headline = text.split("\n", 1)[0]
        sentences = [s for s in re.split(r"(?<=[.!?”])\s+", text) if s.strip()]
        marked = artifacts.get(article["id"], [])
        out.append(
            {
                **article,
                "title": headline,
                "title_span": [0, len(headline)],
                "artifacts": [
                    {"kind": kind, **_offsets(article["id"], t), "note": note}
                    for kind, t, note in marked
                ],
                "findings": findings.get(article["id"], []),
                "sentence_count": len(sentences),
                "evidence_sentence_count": len(sentences) - len(marked) - 1,
            }
        )
    return out


def claims() -> list[dict[str, Any]]:
    return [
        {
            "id": "c1",
            "text": "A fire broke out at a warehouse operated by Norvane Chemicals in Port Elsby.",
            "status": "corroborated",
            "independent_sources": 3,
            "support": [
                span("a1", "A fire broke out late on Tuesday at a warehouse operated by Norvane"),
                span("a2", "Firefighters battled a fire on Tuesday night at a Norvane Chemicals"),
                span("a3", "ripped through a warehouse operated by Norvaine Chemicals"),
                span("a4", "Firefighters battled a fire on Tuesday night at a Norvane Chemicals"),
                span("a5", "The fire at the Norvane Chemicals warehouse"),
            ],
        },
        {
            "id": "c2",
            "text": "Port operations were suspended on Wednesday.",
            "status": "corroborated",
            "independent_sources": 2,
            "support": [
                span("a1", "Port operations were suspended on Wednesday"),
                span("a2", "Port operations were suspended on Wednesday"),
                span("a4", "Port operations were suspended on Wednesday"),
            ],
        },
        {
            "id": "c3",
            "text": "Residents within 2 km of the site were told to keep their windows closed.",
            "status": "corroborated",
            "independent_sources": 2,
            "support": [
                span("a1", "Residents within 2 km of the site were told to keep their windows"),
                span("a3", "Residents within 2 km of the site were told to keep their windows"),
                span("a5", "Residents within two kilometres were advised to keep windows closed"),
            ],
        },
        {
            "id": "c4",
            "text": "Two workers were taken to hospital.",
            "status": "disputed",
            "independent_sources": 3,
            "support": [
                span("a1", "Two workers were taken to hospital"),
                span("a2", "two workers were treated in hospital"),
                span("a3", "Two workers were taken to hospital"),
                span("a5", "three workers needed hospital treatment"),
            ],
            "conflict_ids": ["k2"],
        },
        {
            "id": "c5",
            "text": "The fire broke out late on Tuesday.",
            "status": "disputed",
            "independent_sources": 3,
            "support": [
                span("a1", "A fire broke out late on Tuesday"),
                span("a2", "a fire on Tuesday night"),
                span("a5", "broke out early on Wednesday"),
            ],
            "conflict_ids": ["k1"],
        },
        {
            "id": "c6",
            "text": "About 60 firefighters fought the blaze through the night.",
            "status": "single_origin",
            "independent_sources": 1,
            "support": [
                span("a1", "About 60 firefighters fought the blaze through the night."),
                span("a3", "About 60 firefighters fought the blaze through the night"),
            ],
            "flags": [
                {"kind": "copied", "note": "DailyBuzz Now copied this from the Coastal Courier"}
            ],
        },
        {
            "id": "c7",
            "text": "The warehouse reportedly failed a safety inspection in 2024.",
            "status": "single_source",
            "independent_sources": 1,
            "support": [span("a5", "The warehouse reportedly failed a safety inspection in 2024")],
            "flags": [{"kind": "hedged", "note": "“reportedly”; the company has not commented"}],
        },
        {
            "id": "c8",
            "text": "A second warehouse nearby was evacuated as a precaution.",
            "status": "single_source",
            "independent_sources": 1,
            "support": [span("a4", "a second warehouse nearby was evacuated as a precaution")],
            "flags": [{"kind": "hedged", "note": "“It is understood”: no source named"}],
        },
        {
            "id": "c9",
            "text": "No toxic substances had been released.",
            "status": "disputed",
            "independent_sources": 2,
            "support": [
                span("a1", "said no toxic substances had been released"),
                span("a2", "said no toxic substances had been released"),
                span("a3", "did not rule out that toxic substances had been released"),
            ],
            "conflict_ids": ["k4"],
        },
        {
            "id": "c10",
            "text": "Locals describe it as the worst disaster in the town's history.",
            "status": "single_source",
            "independent_sources": 1,
            "support": [
                span("a3", "locals describe it as the worst disaster in the town's history")
            ],
            "flags": [
                {"kind": "loaded_language", "note": "a characterisation, not a checkable fact"}
            ],
        },
        {
            "id": "c11",
            "text": "Fire chief Marta Okafor said the fire was under control.",
            "status": "disputed",
            "independent_sources": 3,
            "support": [
                span("a1", "Fire chief Marta Okafor said"),
                span("a2", "fire chief Marta Okafor told reporters"),
                span("a3", "said fire chief Marta Okafor"),
                span("a4", "fire chief Marta Okafor said"),
                span("a5", "Deputy fire chief Marta Okafor said the blaze was contained"),
            ],
            "conflict_ids": ["k3"],
        },
        {
            "id": "c12",
            "text": "At least a dozen cargo ships were waiting offshore.",
            "status": "single_origin",
            "independent_sources": 1,
            "support": [
                span("a2", "at least a dozen cargo ships waiting offshore"),
                span("a4", "at least a dozen cargo ships waiting offshore"),
            ],
            "flags": [{"kind": "copied", "note": "Regional Times republished Harbour Wire"}],
        },
        {
            "id": "c13",
            "text": "An inquiry into the cause is expected to report by the end of March.",
            "status": "single_source",
            "independent_sources": 1,
            "support": [span("a2", "An inquiry into the cause is expected to report")],
        },
    ]


def conflicts() -> list[dict[str, Any]]:
    okafor_a1 = "The fire is under control, but we expect it to smoulder for several days."
    return [
        {
            "id": "k1",
            "kind": "date",
            "summary": "When the fire broke out: Tuesday night or early on Wednesday.",
            "sides": [
                side("a1", "A fire broke out late on Tuesday", "2026-03-03"),
                side("a2", "a fire on Tuesday night", "2026-03-03"),
                side("a5", "broke out early on Wednesday", "2026-03-04"),
            ],
            "claim_ids": ["c5"],
        },
        {
            "id": "k2",
            "kind": "number",
            "summary": "How many workers were taken to hospital: two or three.",
            "sides": [
                side("a1", "Two workers were taken to hospital", "2"),
                side("a2", "two workers were treated in hospital", "2"),
                side("a3", "Two workers were taken to hospital", "2"),
                side("a5", "three workers needed hospital treatment", "3"),
            ],
            "claim_ids": ["c4"],
        },
        {
            "id": "k3",
            "kind": "title",
            "summary": "Marta Okafor's title: fire chief or deputy fire chief.",
            "sides": [
                side("a1", "Fire chief Marta Okafor", "fire chief"),
                side("a2", "fire chief Marta Okafor", "fire chief"),
                side("a5", "Deputy fire chief Marta Okafor", "deputy fire chief"),
            ],
            "claim_ids": ["c11"],
        },
        {
            "id": "k4",
            "kind": "negation",
            "summary": "Whether toxic substances were released: denied, or not ruled out.",
            "sides": [
                side("a1", "A Norvane Chemicals spokesperson said no toxic substances had been"),
                side("a3", "The company did not rule out that toxic substances had been released"),
            ],
            "claim_ids": ["c9"],
        },
        {
            "id": "k5",
            "kind": "quote_wording",
            "summary": "Marta Okafor's words differ between outlets.",
            "sides": [
                side("a1", okafor_a1),
                side("a2", "The fire is under control but it will smoulder for days,"),
                side(
                    "a3", "The fire is under control, but we expect it to smoulder for many days,"
                ),
            ],
        },
        {
            "id": "k6",
            "kind": "unverified_quote",
            "summary": "Words quoted from Mayor Daniel Kessler appear in one rewrite only.",
            "sides": [side("a3", "This company has ignored warnings for years.")],
        },
        {
            "id": "k7",
            "kind": "entity_spelling",
            "summary": "The company's name is spelled two ways.",
            "sides": [
                side("a1", "Norvane Chemicals", "Norvane"),
                side("a3", "Norvaine Chemicals", "Norvaine"),
            ],
        },
    ]


def quotes() -> list[dict[str, Any]]:
    okafor = [
        span("a1", "The fire is under control, but we expect it to smoulder for several days."),
        span("a2", "The fire is under control but it will smoulder for days,"),
        span("a3", "The fire is under control, but we expect it to smoulder for many days,"),
        span("a4", "The fire is under control but it will smoulder for days,"),
    ]
    kessler = [
        span("a1", "There is no reason to panic,"),
        span("a5", "There's no reason for panic,"),
    ]
    return [
        {
            "id": "q1",
            "speaker": "Marta Okafor",
            "text": okafor[0]["text"],
            "article_ids": ["a1", "a2", "a3", "a4"],
            "variants": okafor,
        },
        {
            "id": "q2",
            "speaker": "Daniel Kessler",
            "text": "There is no reason to panic,",
            "article_ids": ["a1", "a5"],
            "variants": kessler,
        },
        {
            "id": "q3",
            "speaker": "Daniel Kessler",
            "text": "This company has ignored warnings for years.",
            "article_ids": ["a3"],
            "variants": [span("a3", "This company has ignored warnings for years.")],
        },
    ]


def entities() -> list[dict[str, Any]]:
    def entity(eid: str, name: str, kind: str, **extra: Any) -> dict[str, Any]:
        names = [name, *extra.get("aliases", []), *extra.get("suspect_variants", [])]
        present = [a for a, t in TEXTS.items() if any(n in t for n in names)]
        return {
            "id": eid,
            "name": name,
            "type": kind,
            "mentions": count_mentions(*names),
            "article_ids": present,
            **extra,
        }

    return [
        entity(
            "e1",
            "Norvane Chemicals",
            "org",
            aliases=["Norvane"],
            suspect_variants=["Norvaine Chemicals"],
        ),
        entity("e2", "Port Elsby", "place", aliases=["PORT ELSBY", "Elsby"]),
        entity(
            "e3",
            "Marta Okafor",
            "person",
            titles=["fire chief", "deputy fire chief"],
            aliases=["Okafor"],
        ),
        entity("e4", "Daniel Kessler", "person", titles=["mayor"]),
        entity("e5", "Harbour Wire", "org"),
        entity("e6", "Coastal Courier", "org"),
    ]


def timeline() -> list[dict[str, Any]]:
    return [
        {
            "date": "2024",
            "precision": "year",
            "text": "The warehouse reportedly failed a safety inspection.",
            "article_ids": ["a5"],
            "mentions": [span("a5", "failed a safety inspection in 2024")],
        },
        {
            "date": "2026-03-03",
            "precision": "day",
            "text": "Fire breaks out at the Norvane Chemicals warehouse late in the evening.",
            "article_ids": ["a1", "a2", "a3", "a4"],
            "mentions": [
                span("a1", "broke out late on Tuesday"),
                span("a2", "on Tuesday night"),
                span("a3", "late on Tuesday"),
                span("a4", "on Tuesday night"),
            ],
        },
        {
            "date": "2026-03-04",
            "precision": "day",
            "text": "Port operations are suspended; one account puts the start of the fire here.",
            "article_ids": ["a1", "a2", "a4", "a5"],
            "mentions": [
                span("a1", "suspended on Wednesday"),
                span("a2", "suspended on Wednesday"),
                span("a4", "suspended on Wednesday"),
                span("a5", "early on Wednesday"),
            ],
        },
        {
            "date": "2026-03",
            "precision": "month",
            "text": "An inquiry into the cause is due to report by the end of the month.",
            "article_ids": ["a2"],
            "mentions": [span("a2", "by the end of March")],
        },
    ]


def provenance() -> dict[str, Any]:
    return {
        "origin_groups": [["a1", "a3"], ["a2", "a4"], ["a5"]],
        "edges": [
            {
                "source": "a1",
                "target": "a3",
                "kind": "text_reuse",
                "score": 0.62,
                "note": "5 of 8 sentences reworded from the Coastal Courier",
            },
            {"source": "a1", "target": "a3", "kind": "cites", "score": 1.0, "note": ""},
            {
                "source": "a2",
                "target": "a4",
                "kind": "text_reuse",
                "score": 0.84,
                "note": "republished with one added paragraph",
            },
            {"source": "a2", "target": "a4", "kind": "cites", "score": 1.0, "note": ""},
            {
                "source": "a1",
                "target": "a5",
                "kind": "shared_details",
                "score": 0.31,
                "note": "shares the 2 km advice but no wording",
            },
        ],
        "findings": [
            "DailyBuzz Now rewords the Coastal Courier report and credits it: one origin.",
            "Regional Times republishes Harbour Wire almost word for word and says so.",
            "Elsby Gazette shares details with the Coastal Courier but no wording: "
            "counted as independent.",
        ],
    }


def story() -> dict[str, Any]:
    def sentence(article_id: str, text: str, claim_id: str | None) -> dict[str, Any]:
        passage = span(article_id, text)
        return {**passage, "claim_id": claim_id}

    return {
        "title": "Fire at a chemical warehouse in Port Elsby",
        "summary": [
            sentence(
                "a1",
                "A fire broke out late on Tuesday at a warehouse operated by Norvane "
                "Chemicals in Port Elsby, sending a column of black smoke over the harbour.",
                "c1",
            ),
            sentence(
                "a2",
                "Port operations were suspended on Wednesday, the harbour authority said, "
                "with at least a dozen cargo ships waiting offshore.",
                "c2",
            ),
            sentence(
                "a1",
                "Residents within 2 km of the site were told to keep their windows closed.",
                "c3",
            ),
            sentence(
                "a2", "An inquiry into the cause is expected to report by the end of March.", "c13"
            ),
        ],
    }


def build() -> Dossier:
    data = {
        "schema_version": "1",
        "generated_at": "2026-03-05T09:30:00Z",
        # Fixed rather than Settings().public_dict(), so the file does not churn when
        # settings are added.
        "settings": {"embedder": "minilm", "ner": "classical", "include_text": True},
        "articles": articles(),
        "claims": claims(),
        "conflicts": conflicts(),
        "entities": entities(),
        "quotes": quotes(),
        "timeline": timeline(),
        "provenance": provenance(),
        "story": story(),
        "skipped": [
            {"source": "elsby-fire/broken-page.html", "reason": "not decodable as text"},
            {"source": "elsby-fire/feed.jsonl", "reason": "malformed JSON", "line": 14},
        ],
    }
    return Dossier.model_validate(data)


def main() -> None:
    OUTPUT.write_text(build().to_json(indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
