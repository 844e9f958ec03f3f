"""The parse layer: every sentence of a story tokenized, tagged, lemmatized and (with
spaCy) parsed into dependencies and entities, once, for all the extractors and the claim
aligner. See :mod:`.backends` for the parsers and :mod:`.helpers` for the readings of a
parse (counted nouns, clauses, titles apart from names)."""

from consilience.extract.parse.backends import (
    DEFAULT_SPACY_MODEL,
    ClassicalParser,
    Parser,
    SpacyParser,
    load_parser,
    parsed_sentences,
    resolve_backend,
    rule_lemma,
    spacy_installed,
)
from consilience.extract.parse.helpers import (
    clause_of,
    counted_noun,
    is_number,
    noun_phrase,
    title_and_name,
)
from consilience.extract.parse.records import Clause, ParsedSentence, Span, TitledName, Token

__all__ = [
    "DEFAULT_SPACY_MODEL",
    "ClassicalParser",
    "Clause",
    "ParsedSentence",
    "Parser",
    "SpacyParser",
    "Span",
    "TitledName",
    "Token",
    "clause_of",
    "counted_noun",
    "is_number",
    "load_parser",
    "noun_phrase",
    "parsed_sentences",
    "resolve_backend",
    "rule_lemma",
    "spacy_installed",
    "title_and_name",
]
