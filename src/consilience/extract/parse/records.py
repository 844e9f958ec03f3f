"""The records of the parse layer: tokens with their analysis, parsed sentences, and the
phrases the helpers read off a parse.

Offsets are character offsets into the article's original text, like every other record;
token indexes (``head``, ``first``, ``last``) count within one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a sentence. ``head`` is the index of the head token within the same
    sentence (the token's own index for the root, and for every token of a backend without
    dependencies). ``pos`` is a Universal Dependencies tag, ``tag`` the Penn tag, ``dep``
    the dependency label ("" without dependencies), ``ent_type`` the named-entity label
    ("" outside entities) and ``ent_iob`` "B" on the first token of an entity, "I" inside,
    "" outside."""

    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""
    ent_iob: str = ""


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """The tokens of ``PreparedArticle.sentences[sentence]`` of an article."""

    article_id: str
    sentence: int
    tokens: tuple[Token, ...]

    def children(self, index: int) -> list[int]:
        """Indexes of the tokens whose head is ``index`` (the root is not its own child)."""
        return [i for i, t in enumerate(self.tokens) if t.head == index and i != index]

    def span(self, first: int, last: int) -> Span:
        """The phrase of tokens ``first``..``last`` (inclusive)."""
        tokens = self.tokens[first : last + 1]
        parts = [tokens[0].text]
        for before, token in pairwise(tokens):
            parts.append(" " + token.text if token.start > before.end else token.text)
        return Span(first, last, tokens[0].start, tokens[-1].end, "".join(parts))


@dataclass(frozen=True, slots=True)
class Span:
    """A run of tokens of one sentence: indexes ``first``..``last`` (inclusive), character
    offsets ``start``..``end`` into the article, and its tokens joined by one space where
    the article has any (``text[start:end]`` of the article is the phrase as written)."""

    first: int
    last: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Clause:
    """The verb governing a token and its arguments: "Indian Navy commandos did not capture
    the pirates" gives the predicate "capture", the subject "Indian Navy commandos", the
    object "the pirates" and ``negated``."""

    predicate: int
    lemma: str
    subject: Span | None
    object: Span | None
    negated: bool
    passive: bool = False


@dataclass(frozen=True, slots=True)
class TitledName:
    """A name with the title or role written with it: "Navy spokesman Commander Nirad
    Sinha" is the title "Navy spokesman Commander" and the name "Nirad Sinha"."""

    name: Span
    title: Span | None
