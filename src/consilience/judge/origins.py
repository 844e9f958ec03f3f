"""A claim's independent origins: the lineages of its supporting sentences.

Every supporting sentence has a lineage (:meth:`consilience.provenance.Provenance.
lineage_of`): the reused passage it belongs to, the report it credits, its article's
origin when the article is wholly derived, or its own article. Sentences of one lineage
are one voice. A lineage *corroborates* the claim only when its wording states the same
proposition as another lineage's, firmly: similar enough (the claim threshold plus a
margin) and sharing more than a name: a word of what is said, or a figure or a date.
Two sentences that merely mention the same person are one claim's neighbours, not its
confirmation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from consilience.align.claims import ClaimCluster, ClaimUnit
from consilience.extract.story import StoryExtraction
from consilience.provenance import Provenance
from consilience.stems import stem
from consilience.textspan import STOPWORDS, iter_words

#: How much closer than the claim threshold two lineages' wordings must be for one to
#: corroborate the other. Measured on the project's annotated stories: true cross-origin
#: links sat at or above +0.09 (lexical), false ones at or below +0.04.
CORROBORATION_MARGIN = 0.07
#: Content words (not names, not function words) two sentences must share, besides
#: figures and dates, to state one proposition.
_SHARED_WORDS = 2


@dataclass(frozen=True, slots=True)
class ClaimOrigin:
    """One lineage among a claim's supporters."""

    key: str
    label: str
    article_ids: tuple[str, ...]
    #: whether this lineage states the claim firmly enough to count as a confirmation
    independent: bool
    note: str = ""


def _content_stems(unit: ClaimUnit, story: StoryExtraction) -> frozenset[str]:
    text = story.texts[unit.article_id]
    names = [(m.start, m.end) for m in story.mentions_in(unit.article_id, unit.sentence)]
    out = set()
    for match in iter_words(text, unit.start, unit.end):
        word = match.group().lower()
        if word in STOPWORDS or len(word) < 3 or any(s <= match.start() < e for s, e in names):
            continue
        if word[0].isdigit():
            continue
        out.add(stem(word))
    return frozenset(out)


def states_same_proposition(a: ClaimUnit, b: ClaimUnit, story: StoryExtraction) -> bool:
    """More than a shared name: a shared figure or date, or shared words of what is
    said."""
    figures = {x for x in a.anchors & b.anchors if x[:1] in "#@"}
    if figures:
        return True
    return len(_content_stems(a, story) & _content_stems(b, story)) >= _SHARED_WORDS


def claim_origins(
    cluster: ClaimCluster,
    provenance: Provenance,
    story: StoryExtraction,
    firm_threshold: float,
) -> tuple[ClaimOrigin, ...]:
    """The lineages of a claim's supporters, in order of first appearance, each marked
    independent when its wording firmly states the claim another lineage states."""
    keys = [provenance.lineage_of(u.article_id, u.sentence) for u in cluster.units]
    members: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        members.setdefault(key, []).append(index)
    firm: dict[str, str] = {}
    if len(members) > 1 and cluster.similarities:
        for key, mine in members.items():
            best = _best_tie(cluster, mine, [i for i in range(len(keys)) if keys[i] != key], story)
            if best is not None and best[0] >= firm_threshold:
                firm[key] = f"states it as {cluster.units[best[1]].article_id} does ({best[0]:.2f})"
    independent = set(firm) if len(firm) >= 2 else set()
    labels: Mapping[str, str] = provenance.lineage_labels
    out = []
    for key, mine in members.items():
        articles = tuple(dict.fromkeys(cluster.units[i].article_id for i in mine))
        out.append(
            ClaimOrigin(
                key=key,
                label=labels.get(key, key),
                article_ids=articles,
                independent=key in independent,
                note=firm.get(key, "worded too loosely to confirm the others")
                if len(members) > 1 and key not in independent
                else firm.get(key, ""),
            )
        )
    return tuple(out)


def _best_tie(
    cluster: ClaimCluster, mine: Sequence[int], others: Sequence[int], story: StoryExtraction
) -> tuple[float, int] | None:
    best: tuple[float, int] | None = None
    for i in mine:
        for j in others:
            similarity = cluster.similarities[i][j]
            if best is not None and similarity <= best[0]:
                continue
            if states_same_proposition(cluster.units[i], cluster.units[j], story):
                best = (similarity, j)
    return best


def independent_count(origins: Sequence[ClaimOrigin]) -> int:
    """Independent origins behind a claim: the lineages that confirm one another, or one
    when no two do."""
    return max(1, sum(1 for o in origins if o.independent))
