"""Entity backends behind one interface: the classical extractor (always available) or a
spaCy pipeline (``spacy:NAME_OR_PATH``, e.g. ``spacy:en_core_web_sm`` or a directory
written by ``nlp.to_disk``).

The spaCy backend maps the pipeline's labels to our four types and still attaches titles
and roles with the classical grammar, which spaCy does not model.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Protocol

from consilience.errors import BackendError, ConfigurationError
from consilience.extract.entities import ClassicalNer, article_context
from consilience.extract.entity_grammar import (
    extend_title_left,
    role_after,
    role_before,
    title_in_run,
    tokenize,
)
from consilience.extract.entity_lexicon import lexicon
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

    def extract(self, text: str, sentence: Sentence, *, article_id: str) -> list[EntityMention]: ...


class SpacyNer:
    """Entities from a spaCy pipeline run on each sentence."""

    def __init__(self, nlp: Any, name: str) -> None:
        self._nlp = nlp
        self.name = name

    def extract(self, text: str, sentence: Sentence, *, article_id: str) -> list[EntityMention]:
        lex = lexicon()
        mentions: list[EntityMention] = []
        for ent in self._nlp(sentence.text).ents:
            entity_type = SPACY_TYPES.get(str(ent.label_))
            if entity_type is None:
                continue
            start, end = _trim(text, sentence.start + ent.start_char, sentence.start + ent.end_char)
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
    """The backend named by ``spec``: ``classical`` or ``spacy:NAME_OR_PATH``.

    Raises :class:`BackendError` when spaCy or the pipeline is missing and
    :class:`ConfigurationError` for a spec of neither form.
    """
    spec = spec.strip()
    if spec == "classical":
        return ClassicalNer()
    if spec.startswith("spacy:") and spec[len("spacy:") :].strip():
        return SpacyNer(_load_spacy(spec[len("spacy:") :].strip()), spec)
    raise ConfigurationError(
        f"unknown NER backend {spec!r}: use 'classical' or 'spacy:NAME_OR_PATH'"
    )


@lru_cache(maxsize=4)
def _load_spacy(target: str) -> Any:
    try:
        import spacy
    except ImportError as exc:
        raise BackendError(
            "NER backend 'spacy' needs spaCy: pip install 'consilience[spacy]'"
        ) from exc
    try:
        nlp = spacy.load(target)
    except (OSError, ValueError, KeyError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackendError(f"cannot load spaCy pipeline {target!r}: {reason}") from exc
    log.info("loaded spaCy pipeline %s (%s)", target, ", ".join(nlp.pipe_names))
    return nlp


def extract_entities(prepared: PreparedArticle, backend: NerBackend) -> tuple[EntityMention, ...]:
    """The entity mentions of an article: every sentence that is neither junk nor a second
    copy (``skip`` is ``None``), headlines and headings included."""
    text = prepared.article.text
    mentions: list[EntityMention] = []
    for sentence in prepared.sentences:
        if sentence.skip is None:
            mentions.extend(backend.extract(text, sentence, article_id=prepared.id))
    return tuple(mentions)
