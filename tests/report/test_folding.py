"""Sections say one thing once: repeated summary sentences, identical quote wordings and
per-claim "only here" notes fold; sources are named by outlet, site or opening words."""

from __future__ import annotations

from consilience.dossier import (
    Claim,
    Dossier,
    DossierArticle,
    Flag,
    Passage,
    QuoteOut,
    QuoteVariant,
    Story,
    SummarySentence,
)
from consilience.report import view
from consilience.report.render import render

TEXTS = {
    "a1": "Flood closes the ring road. The ring road closed at noon. Crews pumped water.",
    "a2": "The ring road closed at noon. Crews pumped water. A school shut too.",
}


def _passage(article_id: str, text: str) -> Passage:
    start = TEXTS[article_id].index(text)
    return Passage(article_id=article_id, text=text, start=start, end=start + len(text))


def _sentence(article_id: str, text: str, claim_id: str) -> SummarySentence:
    p = _passage(article_id, text)
    return SummarySentence(
        text=text, article_id=article_id, start=p.start, end=p.end, claim_id=claim_id
    )


def _dossier() -> Dossier:
    lead = "The ring road closed at noon."
    claims = [
        Claim(
            id="c1",
            text="Crews pumped water.",
            status="corroborated",
            independent_sources=2,
            support=[_passage("a1", "Crews pumped water."), _passage("a2", "Crews pumped water.")],
        ),
        Claim(
            id="c2",
            text=lead,
            status="corroborated",
            independent_sources=2,
            support=[_passage("a1", lead), _passage("a2", lead)],
        ),
        Claim(
            id="c3",
            text="A school shut too.",
            status="single_source",
            independent_sources=1,
            support=[_passage("a2", "A school shut too.")],
            flags=[Flag(kind="unique_detail", note="Only a2 gives: a school.")],
        ),
    ]
    quote_text = "Crews pumped water."
    return Dossier(
        generated_at="2026-01-01T00:00:00Z",
        articles=[
            DossierArticle(
                id="a1",
                source="in/a1.html",
                url="https://www.ring-news.example/x",
                text=TEXTS["a1"],
            ),
            DossierArticle(id="a2", source="in/feed.jsonl:2", text=TEXTS["a2"]),
        ],
        claims=claims,
        quotes=[
            QuoteOut(
                id="q1",
                text=quote_text,
                article_ids=["a1", "a2"],
                variants=[
                    QuoteVariant(article_id=a, text=quote_text, start=p.start, end=p.end)
                    for a in ("a1", "a2")
                    for p in [_passage(a, quote_text)]
                ],
            )
        ],
        provenance={"origin_groups": [["a1"], ["a2"]]},  # type: ignore[arg-type]
        story=Story(
            summary=[
                _sentence("a1", "Crews pumped water.", "c1"),
                _sentence("a2", "Crews pumped water.", "c1"),
                _sentence("a1", lead, "c2"),
            ]
        ),
    )


def test_the_summary_opens_with_the_lead_and_says_each_sentence_once() -> None:
    dossier = _dossier()
    shown = view.summary_sentences(dossier, "c2")
    assert [s.text for s in shown] == ["The ring road closed at noon.", "Crews pumped water."]
    assert [s.text for s in view.summary_sentences(dossier, None)] == [
        "Crews pumped water.",
        "The ring road closed at noon.",
    ]


def test_identical_quote_wordings_fold_into_one_line() -> None:
    quote = _dossier().quotes[0]
    assert view.quote_variant_groups(quote) == [("Crews pumped water.", ["a1", "a2"])]


def test_single_source_details_are_grouped_per_article() -> None:
    grouped = view.single_by_article(_dossier())
    assert list(grouped) == ["a2"] and [c.id for c in grouped["a2"]] == ["c3"]


def test_sources_are_named_by_site_or_opening_words() -> None:
    names = {s.article_id: s.name for s in view.sources(_dossier()).values()}
    assert names == {"a1": "ring-news.example", "a2": "a2 · The ring road closed at…"}


def test_reports_fold_repeats() -> None:
    dossier = _dossier()
    for fmt in ("text", "md"):
        out = render(dossier, fmt)
        assert "Only a2 gives" not in out, fmt  # the per-article heading says it once
        assert " ".join(out.split()).count("Crews pumped water. [") <= 1, fmt
    html = render(dossier, "html")
    assert html.count("same wording") == 1


def test_claims_of_one_wording_are_listed_once() -> None:
    claims = _dossier().claims
    twin = claims[0].model_copy(update={"id": "c9", "text": " crews  pumped water."})
    assert [c.id for c in view.distinct_claims([claims[0], twin, claims[1]])] == ["c1", "c2"]
    # in a folded list the repeat goes after the others, into the fold
    assert [c.id for c in view.distinct_first([claims[0], twin, claims[1]])] == ["c1", "c2", "c9"]


def test_an_article_without_outlet_or_site_is_named_by_the_outlet_it_credits() -> None:
    article = _dossier().articles[1]
    credited = article.model_copy(
        update={"text": "KESSING (Reuters) - The ring road closed at noon.", "title": None}
    )
    assert view.article_name(credited) == "Reuters (credited) · a2"


def test_an_untitled_article_is_named_by_its_words_after_the_dateline() -> None:
    article = _dossier().articles[1]
    untitled = article.model_copy(
        update={
            "text": "date 2025-12-31 Washington, DC: The ring road closed at noon.",
            "title": None,
        }
    )
    assert view.article_name(untitled) == "a2 · The ring road closed at…"
