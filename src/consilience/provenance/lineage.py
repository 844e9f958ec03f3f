"""The lineage of every evidence sentence: what a claim's independent origins are counted
from.

A sentence's lineage is, in this order:

1. the report it credits ("told Reuters", "according to AFP"): two sentences resting on
   one credited report count once, whichever articles print them;
2. the passage it belongs to, when it is reused between articles (a paragraph copied
   into five articles is one voice); the passage takes the lineage of a credit inside it,
   else of the origin group most of its copies belong to;
3. its article's origin group, when the article is wholly derived from one report;
4. its own article.

A credited outlet that is itself in the story (an article whose outlet it is, or articles
resting on its report as a whole) shares that article's lineage. Two sentences of one
mixed article can therefore count for two origins: its wire paragraphs for the wire, its
own reporting for itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from consilience.extract.speech_lexicon import outlet_name
from consilience.provenance.groups import UnionFind
from consilience.provenance.reuse import ReusedSentence
from consilience.records import CitedOutlet, PreparedArticle

SentenceKey = tuple[str, int]


def _group_key(group: Sequence[str]) -> str:
    return f"origin:{group[0]}"


def sentence_lineages(
    articles: Sequence[PreparedArticle],
    groups: Sequence[tuple[str, ...]],
    reused: Sequence[ReusedSentence],
    cited: Mapping[str, Sequence[CitedOutlet]],
    basis: Mapping[str, str | None],
) -> tuple[dict[SentenceKey, str], dict[str, str]]:
    """(sentence -> lineage key, lineage key -> label)."""
    group_of = {a: g for g in groups for a in g if len(g) > 1}
    credit_of: dict[SentenceKey, str] = {}
    for article_id, credits in cited.items():
        for credit in credits:
            if credit.sentence is not None:
                credit_of.setdefault((article_id, credit.sentence), credit.outlet)

    passages: UnionFind[SentenceKey] = UnionFind(
        sorted(
            {(p.a, p.a_sentence) for p in reused} | {(p.b, p.b_sentence) for p in reused},
            key=lambda k: (k[0], k[1]),
        )
    )
    for pair in reused:
        passages.union((pair.a, pair.a_sentence), (pair.b, pair.b_sentence))
    components: dict[SentenceKey, list[SentenceKey]] = {}
    for key in passages.parent:
        components.setdefault(passages.find(key), []).append(key)

    lineage: dict[SentenceKey, str] = {}
    for members in components.values():
        credited = Counter(credit_of[m] for m in members if m in credit_of)
        if credited:
            name = f"credit:{credited.most_common(1)[0][0]}"
        else:
            owners = Counter(_group_key(group_of[a]) for a, _ in members if a in group_of)
            first = min(members, key=lambda k: (_natural(k[0]), k[1]))
            name = owners.most_common(1)[0][0] if owners else f"passage:{first[0]}#{first[1]}"
        for member in members:
            lineage[member] = name
    for prepared in articles:
        for sentence in prepared.evidence_sentences():
            key = (prepared.id, sentence.index)
            if key in lineage:
                continue
            if key in credit_of:
                lineage[key] = f"credit:{credit_of[key]}"
            elif prepared.id in group_of:
                lineage[key] = _group_key(group_of[prepared.id])
            else:
                lineage[key] = f"article:{prepared.id}"

    # An outlet in the story, or the report a group rests on, is the same voice as the
    # sentences crediting it.
    aliases: UnionFind[str] = UnionFind(sorted(set(lineage.values())))
    for prepared in articles:
        own = prepared.article.outlet
        names = {basis.get(prepared.id), outlet_name(own) if own else None, own}
        outlets = {n for n in names if n}
        home = (
            _group_key(group_of[prepared.id])
            if prepared.id in group_of
            else f"article:{prepared.id}"
        )
        for outlet in sorted(outlets):
            credited_key = f"credit:{outlet}"
            if credited_key in aliases.parent and home in aliases.parent:
                aliases.union(home, credited_key)
    resolved = {k: aliases.find(v) for k, v in lineage.items()}
    labels = {key: _label(key, groups) for key in set(resolved.values())}
    return resolved, labels


def _natural(article_id: str) -> tuple[str, int]:
    head = article_id.rstrip("0123456789")
    tail = article_id[len(head) :]
    return head, int(tail) if tail else -1


def _label(key: str, groups: Sequence[tuple[str, ...]]) -> str:
    kind, _, rest = key.partition(":")
    if kind == "origin":
        group = next((g for g in groups if g[0] == rest), (rest,))
        return f"one origin: {', '.join(group)}"
    if kind == "credit":
        return f"credited to {rest}"
    if kind == "passage":
        return f"a passage shared by several articles (first in {rest.split('#')[0]})"
    return f"{rest}'s own reporting"
