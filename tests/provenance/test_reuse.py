"""Sentence reuse between articles: verbatim and lightly edited copies, quotes weighing
half, unrelated sentences never matched."""

from __future__ import annotations

from dataclasses import replace

from consilience import Settings
from consilience.ingest import article_from_text
from consilience.pipeline import prepare
from consilience.provenance.reuse import build_reuse_index
from consilience.records import Quote

WIRE = (
    "Bridge Collapse\n\nA rail bridge over the Harlow River collapsed early on Monday, sending "
    "a freight train into the water. The bridge, built in 1958, carried about 40 trains a day. "
    "Investigators arrived at the scene on Monday afternoon."
)
COPY = (
    "Bridge Falls\n\nA rail bridge over the Harlow River collapsed on Monday, sending a "
    "freight train into the water. The bridge, built in 1958, carried about 40 freight trains "
    "a day. The mayor visited the families."
)
OTHER = "Storm Warning\n\nForecasters warned of heavy rain across the region this weekend."


def _prepared(*texts: str) -> list:  # type: ignore[type-arg]
    return [
        prepare(replace(article_from_text(t, f"{n}.txt"), id=f"a{n}"), Settings())
        for n, t in enumerate(texts, start=1)
    ]


def test_light_edits_are_still_reuse_and_other_sentences_are_not() -> None:
    index = build_reuse_index(_prepared(WIRE, COPY, OTHER), {})
    pairs = {(p.a, p.a_sentence, p.b, p.b_sentence) for p in index.pairs}
    assert len(pairs) == 2  # the lede and the 1958 sentence, not the third sentences
    assert all(a == "a1" and b == "a2" for a, _, b, _ in pairs)
    coverage = index.coverage()
    assert 0.5 < coverage[("a1", "a2")] < 1.0
    assert ("a1", "a3") not in coverage


def test_quoted_words_weigh_half() -> None:
    quoted = 'Mayor Lind said: "We will rebuild the bridge and we will do it fast, this year."'
    articles = _prepared(f"One\n\n{quoted}", f"Two\n\n{quoted} The council agreed.")
    text = articles[0].article.text
    start = text.index("We will")
    end = text.index('year."') + 5
    quote = Quote("a1", start, end, text[start:end], "Lind")
    plain = build_reuse_index(articles, {}).coverage()[("a1", "a2")]
    weighted = build_reuse_index(articles, {"a1": (quote,)})
    sentence = weighted.sentences["a1"][0]
    assert 0 < sentence.quoted_share < 1
    assert sentence.weight < len(sentence.words)
    assert plain == 1.0
