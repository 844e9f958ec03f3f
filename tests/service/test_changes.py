"""What changed between two dossiers, on dossiers of the current pipeline: matched by
passages and sides, never by the run's ids."""

from __future__ import annotations

import pytest

from consilience import analyze
from consilience.dossier import Claim, Conflict, Dossier, Passage, Side
from consilience.service.changes import changes_lines, diff_dossiers
from tests.service.newsroom import SAMPLE_STORY

FILES = sorted(str(p) for p in SAMPLE_STORY.glob("*.txt"))


@pytest.fixture(scope="module")
def three() -> Dossier:
    return analyze(FILES[:3])


@pytest.fixture(scope="module")
def five() -> Dossier:
    return analyze(FILES)


def test_a_dossier_against_itself_has_no_changes(five: Dossier) -> None:
    changes = diff_dossiers(five, five)
    assert changes.empty and changes_lines(changes) == ["Nothing changed."]


def test_renumbered_articles_are_the_same_articles(five: Dossier) -> None:
    """Another run numbers articles differently; nothing about them changed."""
    mapping = {a.id: f"a{len(five.articles) - i}" for i, a in enumerate(five.articles)}
    data = five.model_dump()
    renamed = data | {
        "articles": [a | {"id": mapping[a["id"]]} for a in data["articles"]],
        "claims": [
            c
            | {
                "id": f"x{c['id']}",
                "support": [p | {"article_id": mapping[p["article_id"]]} for p in c["support"]],
            }
            for c in data["claims"]
        ],
        "conflicts": [
            k
            | {
                "id": f"y{k['id']}",
                "sides": [s | {"article_id": mapping[s["article_id"]]} for s in k["sides"]],
            }
            for k in data["conflicts"]
        ],
        "provenance": data["provenance"]
        | {"origin_groups": [[mapping[a] for a in g] for g in data["provenance"]["origin_groups"]]},
    }
    assert diff_dossiers(five, Dossier.model_validate(renamed)).empty


def test_two_more_articles(three: Dossier, five: Dossier) -> None:
    changes = diff_dossiers(three, five)
    assert [a.source for a in changes.new_articles] == FILES[3:]
    assert not changes.removed_articles
    counts = {c.name: (c.before, c.after) for c in changes.counts}
    assert counts["articles"] == (3, 5)
    assert counts["claims"] == (len(three.claims), len(five.claims))
    new_claims = changes.claims_by("new")
    assert new_claims and all(c.claim_id in {k.id for k in five.claims} for c in new_claims)
    opened = changes.conflicts_by("opened")
    assert any(k.kind == "title" and "former President" in k.summary for k in opened)
    backwards = diff_dossiers(five, three)
    assert [a.source for a in backwards.removed_articles] == FILES[3:]
    assert {k.summary for k in backwards.conflicts_by("resolved")} >= {k.summary for k in opened}


def test_a_brand_new_story_is_all_new(three: Dossier) -> None:
    changes = diff_dossiers(None, three)
    assert len(changes.new_articles) == 3
    assert len(changes.claims_by("new")) == len(three.claims)
    assert len(changes.conflicts_by("opened")) == len(three.conflicts)


def _dossier(claims: list[Claim], conflicts: list[Conflict]) -> Dossier:
    from consilience.dossier import DossierArticle

    articles = [
        DossierArticle(id=f"a{i}", source=f"s{i}", text=f"text {i} " * 20, outlet=f"O{i}")
        for i in (1, 2, 3)
    ]
    return Dossier(
        generated_at="2026-01-01T00:00:00Z", articles=articles, claims=claims, conflicts=conflicts
    )


def _claim(status: str, articles: list[str], sources: int) -> Claim:
    return Claim(
        id="c1",
        text="The strike hit a dock.",
        status=status,  # type: ignore[arg-type]
        independent_sources=sources,
        support=[
            Passage(article_id=a, text=f"The strike hit a dock ({a}).", start=0, end=5)
            for a in articles
        ],
    )


def _conflict(articles: list[str]) -> Conflict:
    return Conflict(
        id="k1",
        kind="date",
        summary="The date differs.",
        sides=[Side(article_id=a, text=f"on day {a}", start=0, end=3, value=a) for a in articles],
    )


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (
            _claim("single_source", ["a1"], 1),
            _claim("corroborated", ["a1", "a2"], 2),
            "newly_corroborated",
        ),
        (
            _claim("corroborated", ["a1", "a2"], 2),
            _claim("disputed", ["a1", "a2"], 2),
            "became_disputed",
        ),
        (
            _claim("corroborated", ["a1", "a2"], 2),
            _claim("corroborated", ["a1", "a2", "a3"], 3),
            "more_origins",
        ),
        (
            _claim("corroborated", ["a1", "a2"], 2),
            _claim("single_origin", ["a1", "a2"], 1),
            "status_changed",
        ),
    ],
)
def test_claim_changes(before: Claim, after: Claim, change: str) -> None:
    changes = diff_dossiers(_dossier([before], []), _dossier([after], []))
    assert [c.change for c in changes.claims] == [change]


def test_conflicts_opened_widened_resolved() -> None:
    grown = diff_dossiers(
        _dossier([], [_conflict(["a1", "a2"])]), _dossier([], [_conflict(["a1", "a2", "a3"])])
    )
    assert [k.change for k in grown.conflicts] == ["grown"]
    assert grown.conflicts[0].sides[2].who == "O3"
    resolved = diff_dossiers(_dossier([], [_conflict(["a1", "a2"])]), _dossier([], []))
    assert [k.change for k in resolved.conflicts] == ["resolved"]
    other_kind = _conflict(["a1", "a2"]).model_copy(update={"kind": "number"})
    swapped = diff_dossiers(_dossier([], [_conflict(["a1", "a2"])]), _dossier([], [other_kind]))
    assert sorted(k.change for k in swapped.conflicts) == ["opened", "resolved"]
