"""The speaker of a quote read off the dependency parse: the subject of the speech verb
next to the quote, when the token grammar of :mod:`consilience.extract.speech_grammar`
stopped short of it ("said Trend Micro advanced threat researcher Paul Ferguson" gives
the grammar "Trend Micro"; the parse gives the subject "Paul Ferguson" and the title
"Trend Micro advanced threat researcher").
"""

from __future__ import annotations

from consilience.extract.parse import ParsedSentence, noun_phrase, title_and_name
from consilience.extract.speech_grammar import Phrase
from consilience.extract.speech_lexicon import SPEECH_VERBS

_SUBJECTS = ("nsubj", "nsubjpass")


def parsed_subject(
    parsed: ParsedSentence, start: int, end: int, phrase: Phrase
) -> tuple[str, int, int, str | None] | None:
    """(name, start, end, title) of the person subject of the speech verb in
    ``start``..``end`` (character offsets: the text after or before the quote), when the
    grammar's ``phrase`` is a name that does not reach it; ``None`` otherwise."""
    if phrase.kind != "name" or not any(t.dep for t in parsed.tokens):
        return None
    tokens = parsed.tokens
    for verb, token in enumerate(tokens):
        if not start <= token.start < end or token.text.casefold() not in SPEECH_VERBS:
            continue
        for child in parsed.children(verb):
            subject = tokens[child]
            if subject.dep not in _SUBJECTS or subject.pos not in ("PROPN", "NOUN"):
                continue
            if phrase.start <= subject.start < phrase.end:
                return None  # the grammar has it
            if subject.ent_type not in ("PERSON", ""):
                return None
            span = noun_phrase(parsed, child)
            found = title_and_name(parsed, span.first, span.last)
            name = found.name
            if not any(tokens[k].pos == "PROPN" for k in range(name.first, name.last + 1)):
                return None
            title = found.title.text if found.title is not None else None
            return name.text, name.start, name.end, title
    return None
