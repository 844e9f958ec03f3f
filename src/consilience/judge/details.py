"""Details only one article gives, inside sentences other articles share.

A claim is a sentence aligned with others; a sentence can state a shared fact *and* add
a detail nobody else gives ("Sixteen crew members were aboard, said Wicharn
Sirichaiekawat, owner of the trawler"). The shared fact is corroborated; the detail is
not. Each such sentence also becomes a single-source claim of its own, flagged with the
detail, so that "what only one source says" lists it. A detail is a name, a figure or a
quote that no other article of the story carries at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from consilience.align.claims import ClaimCluster, ClaimUnit
from consilience.extract.story import StoryExtraction


def _story_figures(story: StoryExtraction) -> dict[str, set[str]]:
    """Figure and date anchors -> the articles that give them."""
    out: dict[str, set[str]] = {}
    for (article_id, _), anchors in story.anchors.items():
        for anchor in anchors:
            if anchor[:1] in "#@":
                out.setdefault(anchor, set()).add(article_id)
    return out


def _lonely_quotes(story: StoryExtraction) -> set[tuple[str, int]]:
    return {
        (group.members[0].article_id, group.members[0].start)
        for group in story.quote_groups
        if len(group.article_ids) == 1
    }


def unique_details(
    unit: ClaimUnit,
    story: StoryExtraction,
    figures: dict[str, set[str]],
    lonely_quotes: set[tuple[str, int]],
) -> list[str]:
    """The names, figures and quotes of ``unit`` that no other article gives."""
    details: list[str] = []
    by_id = {e.id: e for e in story.entities}
    for mention in story.mentions_in(unit.article_id, unit.sentence):
        entity_id = story.entity_of.get((mention.article_id, mention.start, mention.end))
        entity = by_id.get(entity_id or "")
        if entity is not None and {m.article_id for m in entity.mentions} == {unit.article_id}:
            details.append(f"the name {entity.name}")
    for quantity in story.quantities_in(unit.article_id, unit.sentence):
        if figures.get(f"#{quantity.value:g}", set()) == {unit.article_id}:
            details.append(f"the figure “{quantity.text}”")
    extraction = story.articles.get(unit.article_id)
    if extraction is not None:
        for quote in extraction.quotes:
            if (
                unit.start <= quote.start < unit.end
                and (
                    quote.article_id,
                    quote.start,
                )
                in lonely_quotes
            ):
                details.append(f"the quote “{quote.text}”")
    return list(dict.fromkeys(details))


def detail_claims(clusters: Sequence[ClaimCluster], story: StoryExtraction) -> list[ClaimCluster]:
    """A single-sentence claim for each sentence of a shared claim that adds a detail
    only its article gives."""
    figures = _story_figures(story)
    lonely = _lonely_quotes(story)
    out: list[ClaimCluster] = []
    seen: set[tuple[str, int]] = set()
    for cluster in clusters:
        if len(cluster.article_ids) < 2:
            continue
        for unit in cluster.units:
            key = (unit.article_id, unit.sentence)
            if key in seen or not unique_details(unit, story, figures, lonely):
                continue
            seen.add(key)
            out.append(ClaimCluster((unit,), 0, 1.0, ((1.0,),)))
    return out
