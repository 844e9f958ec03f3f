"""Why a story's articles were joined, and why it was kept apart from related stories.

The reasons are the features most of the story's articles share (names, dates, figures,
content terms), the near-copies it holds, and, for stories of the same kind as another
(the same topic group), what tells the two apart.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Protocol

from consilience.cluster.nodes import ArticleEntry, Node
from consilience.cluster.settings import ClusterSettings, Reason


class StoryClusterer(Protocol):
    """What the explanations read of :class:`consilience.cluster.stories.StoryClusterer`
    (named here so that this module does not import the clusterer that calls it)."""

    settings: ClusterSettings
    articles: list[ArticleEntry]
    nodes: list[Node]
    words: list[str]
    forms: dict[int, str]

    def story_id(self, first_article: int) -> str: ...

    def idf(self, key: str) -> float: ...


_SHOWN = {"n:": 5, "d:": 3, "u:": 3, "t:": 6}
_LABELS = {"n:": "names", "d:": "dates", "u:": "figures", "t:": "terms"}
_MAX_SIBLINGS = 3
_DISTINCT_SHOWN = {"n:": 3, "d:": 1, "u:": 1}
#: A feature "belongs" to a story when at least this share of its articles have it, and
#: is "absent" from another when at most ``_ABSENT`` of that one's articles do.
_SHARED = 0.5
_ABSENT = 0.15


def _coverage(clusterer: StoryClusterer, nodes: list[int]) -> tuple[Counter[int], int]:
    """Articles (near-copies included) holding each feature, and the article count."""
    counts: Counter[int] = Counter()
    total = 0
    for node in nodes:
        item = clusterer.nodes[node]
        copies = len(item.articles)
        total += copies
        for key in item.keys.tolist():
            counts[key] += copies
    return counts, total


def _form(clusterer: StoryClusterer, index: int) -> str:
    word = clusterer.words[index]
    return clusterer.forms.get(index, word[2:])


def _strongest(
    clusterer: StoryClusterer, counts: Counter[int], total: int, prefix: str, minimum: int
) -> list[int]:
    """Feature ids of one kind held by enough articles, most shared and rarest first;
    a name token is dropped when a longer name holding it is shown."""
    chosen = [
        index
        for index, count in counts.items()
        if count >= minimum and clusterer.words[index].startswith(prefix)
    ]
    if prefix == "d:":
        # "December 2008" says more than "2008"; a bare month only when nothing else.
        rank = {"ym": 0, "y:": 1, "m:": 2}
        chosen.sort(key=lambda i: (rank.get(clusterer.words[i][2:4], 3), -counts[i]))
        best = rank.get(clusterer.words[chosen[0]][2:4], 3) if chosen else 0
        chosen = [i for i in chosen if rank.get(clusterer.words[i][2:4], 3) == best]
    else:
        chosen.sort(key=lambda i: (-counts[i], -clusterer.idf(clusterer.words[i]), i))
    shown: list[int] = []
    for index in chosen:
        word = clusterer.words[index][2:]
        if prefix == "n:" and any(
            word in clusterer.words[other][2:].split() for other in shown if other != index
        ):
            continue
        shown.append(index)
        if len(shown) == _SHOWN[prefix]:
            break
    if prefix == "n:":
        # A full name shown after its own tokens makes them redundant.
        shown = [
            i
            for i in shown
            if not any(
                clusterer.words[i][2:] in clusterer.words[o][2:].split() and o != i for o in shown
            )
        ]
    return shown


def explain(clusterer: StoryClusterer, nodes: list[int], siblings: list[list[int]]) -> list[Reason]:
    """The reasons of one story (its nodes), given the other stories of its topic group."""
    counts, total = _coverage(clusterer, nodes)
    reasons: list[Reason] = []
    copies = [
        clusterer.articles[a].id for node in nodes for a in clusterer.nodes[node].articles[1:]
    ]
    if copies:
        share = round(clusterer.settings.near_duplicate_jaccard * 100)
        reasons.append(
            Reason(
                kind="near_duplicates",
                text=f"{len(copies)} article(s) are near-copies (at least {share}% shared "
                "word trigrams) of another article of the story",
                values=sorted(copies),
            )
        )
    if total == 1:
        reasons.append(Reason(kind="single", text="no other article reports this event"))
    elif len(nodes) > 1:
        minimum = max(2, math.ceil(_SHARED * total))
        for prefix, label in _LABELS.items():
            shown = _strongest(clusterer, counts, total, prefix, minimum)
            if not shown:
                continue
            if prefix == "t:":
                text = "shared terms: " + ", ".join(_form(clusterer, i) for i in shown)
            else:
                text = f"shared {label}: " + ", ".join(
                    f"{_form(clusterer, i)} ({counts[i]} of {total} articles)" for i in shown
                )
            reasons.append(
                Reason(kind=label, text=text, values=[_form(clusterer, i) for i in shown])
            )
    reasons.extend(_apart(clusterer, counts, total, siblings))
    return reasons


def _distinct(
    clusterer: StoryClusterer,
    here: Counter[int],
    here_total: int,
    there: Counter[int],
    there_total: int,
) -> list[str]:
    """Names, dates and figures most of one story's articles give and (almost) none of
    the other's: a few names, then the most precise date, then a figure."""
    found = [
        index
        for index, count in here.items()
        if clusterer.words[index][:2] in _DISTINCT_SHOWN
        and count >= _SHARED * here_total
        and there.get(index, 0) <= _ABSENT * there_total
    ]
    date_rank = {"ym": 0, "y:": 1, "m:": 2}
    found.sort(
        key=lambda i: (
            date_rank.get(clusterer.words[i][2:4], 0),
            -here[i],
            -clusterer.idf(clusterer.words[i]),
            i,
        )
    )
    shown: list[str] = []
    for prefix, limit in _DISTINCT_SHOWN.items():
        shown += [_form(clusterer, i) for i in found if clusterer.words[i][:2] == prefix][:limit]
    return shown


def _apart(
    clusterer: StoryClusterer,
    counts: Counter[int],
    total: int,
    siblings: list[list[int]],
) -> list[Reason]:
    ranked = sorted(
        siblings, key=lambda nodes: -sum(len(clusterer.nodes[n].articles) for n in nodes)
    )
    reasons: list[Reason] = []
    for sibling in ranked[:_MAX_SIBLINGS]:
        other, other_total = _coverage(clusterer, sibling)
        ours = _distinct(clusterer, counts, total, other, other_total)
        theirs = _distinct(clusterer, other, other_total, counts, total)
        first = min(a for node in sibling for a in clusterer.nodes[node].articles)
        other_id = clusterer.story_id(first)
        detail = "; ".join(
            part
            for part in (
                f"here {', '.join(ours)}" if ours else "",
                f"there {', '.join(theirs)}" if theirs else "",
            )
            if part
        )
        reasons.append(
            Reason(
                kind="kept_apart",
                text=f"kept apart from related story {other_id} (same kind of event)"
                + (f": {detail}" if detail else ""),
                values=[other_id, *ours, *theirs],
            )
        )
    return reasons
