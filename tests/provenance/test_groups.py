"""Origin groups from derivation links: main sources only, mixed articles never chaining
two lines, credited reports joining their retellings."""

from __future__ import annotations

from consilience.provenance.groups import (
    LinkWeights,
    derivation_links,
    join_credited,
    link_strengths,
    origin_groups,
)

WEIGHTS = LinkWeights(rewrite=1.0, quotes=0.0, phrases=0.0, headline=0.2, threshold=0.25)


def _group(ids: list[str], copy: dict[tuple[str, str], float]) -> tuple:  # type: ignore[type-arg]
    strengths = link_strengths(ids, copy, {}, {}, {}, WEIGHTS)
    links = derivation_links(ids, strengths, WEIGHTS)
    return origin_groups(ids, links, strengths, WEIGHTS)


def test_an_article_joins_its_main_source_not_a_secondary_one() -> None:
    # a2 copies a1 almost whole and also carries a few paragraphs of a3 (credited CP
    # paragraphs in an AP story): it belongs with a1.
    copy = {("a2", "a1"): 0.9, ("a1", "a2"): 0.8, ("a2", "a3"): 0.3, ("a3", "a2"): 0.05}
    grouping = _group(["a1", "a2", "a3"], copy)
    assert grouping.groups == (("a1", "a2"), ("a3",))


def test_a_mixed_article_does_not_chain_two_lines() -> None:
    # m takes half its text from a1 and half from b1, which owe each other nothing; a1-a2
    # and b1-b2 are each one line.
    copy = {
        ("a2", "a1"): 0.9,
        ("a1", "a2"): 0.9,
        ("b2", "b1"): 0.9,
        ("b1", "b2"): 0.9,
        ("m", "a1"): 0.45,
        ("m", "b1"): 0.4,
    }
    grouping = _group(["a1", "a2", "b1", "b2", "m"], copy)
    assert ("a1", "a2") in grouping.groups and ("b1", "b2") in grouping.groups
    assert ("m",) in grouping.groups
    assert set(grouping.mixed) == {"m"}


def test_weak_overlap_is_no_origin() -> None:
    grouping = _group(["a1", "a2"], {("a1", "a2"): 0.1, ("a2", "a1"): 0.05})
    assert grouping.groups == (("a1",), ("a2",))


def test_articles_resting_on_one_credited_report_join_it() -> None:
    ids = ["a1", "a2", "a3", "a4"]
    grouping = _group(ids, {})
    claims = [
        frozenset({"a1", "a3"}),
        frozenset({"a1", "a3"}),
        frozenset({"a1", "a3", "a2"}),
        frozenset({"a3", "a2"}),
        frozenset({"a1", "a4", "a3"}),
    ]
    joined, reasons = join_credited(
        ids,
        grouping,
        basis={"a1": "CNN"},
        lede={"a2": frozenset({"CNN"})},
        claim_articles=claims,
    )
    # a2 credits CNN in its lede; a3 shares its claims only with the CNN articles; a4
    # shares one claim that everyone carries.
    assert ("a1", "a2", "a3") in joined.groups
    assert ("a4",) in joined.groups
    assert {r[0] for r in reasons} == {"a2", "a3"}
