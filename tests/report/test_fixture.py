"""The hand-made full dossier is current, consistent, and fills every section."""

from __future__ import annotations

from collections.abc import Iterator

from consilience.dossier import Dossier
from tests.report.conftest import FULL_DOSSIER, load_fixture_builder


def test_the_fixture_file_is_what_the_script_writes() -> None:
    built = load_fixture_builder().build()
    assert FULL_DOSSIER.read_text(encoding="utf-8") == built.to_json(indent=1) + "\n"


def _spans(dossier: Dossier) -> Iterator[tuple[str, str, int, int]]:
    for article in dossier.articles:
        for item in [*article.artifacts, *article.findings]:
            yield article.id, item.text, item.start, item.end
    for claim in dossier.claims:
        yield from ((p.article_id, p.text, p.start, p.end) for p in claim.support)
    for conflict in dossier.conflicts:
        yield from ((s.article_id, s.text, s.start, s.end) for s in conflict.sides)
    for quote in dossier.quotes:
        yield from ((v.article_id, v.text, v.start, v.end) for v in quote.variants)
    for event in dossier.timeline:
        yield from ((m.article_id, m.text, m.start, m.end) for m in event.mentions)
    for sentence in dossier.story.summary:
        yield sentence.article_id, sentence.text, sentence.start, sentence.end


def test_every_offset_points_at_its_text(full_dossier: Dossier) -> None:
    texts = {a.id: a.text for a in full_dossier.articles}
    spans = list(_spans(full_dossier))
    assert len(spans) > 80
    for article_id, text, start, end in spans:
        assert texts[article_id][start:end] == text


def test_every_section_is_filled(full_dossier: Dossier) -> None:
    d = full_dossier
    assert {c.status for c in d.claims} == {
        "corroborated",
        "single_origin",
        "single_source",
        "disputed",
    }
    assert {c.kind for c in d.conflicts} >= {
        "date",
        "number",
        "title",
        "negation",
        "quote_wording",
        "unverified_quote",
        "entity_spelling",
    }
    assert {e.kind for e in d.provenance.edges} == {"text_reuse", "cites", "shared_details"}
    assert {f.kind for a in d.articles for f in a.findings} >= {
        "loaded_language",
        "hedge",
        "spin",
        "seo_keyword",
    }
    assert any(e.suspect_variants for e in d.entities) and any(e.aliases for e in d.entities)
    assert any(len({v.text for v in q.variants}) > 1 for q in d.quotes)
    assert d.timeline and d.story.summary and d.skipped and d.provenance.findings
    assert any(c.flags for c in d.claims)
    # an astral character before passages, so UTF-16 offsets differ from Python's
    assert any(ord(ch) > 0xFFFF for a in d.articles for ch in a.text)
