"""Who a statement is attributed to, the outlets an article credits, and hedges.

Source phrases are parsed with :mod:`consilience.extract.speech_grammar`, which the quote
extractor shares.

Decisions, documented because each is a judgement call:

* Attribution kinds: ``named`` (a person, or an institution speaking on record: "the
  ministry said", "police said", "a spokesperson for Acme said"), ``anonymous`` (unnamed
  people: "officials", "two sources", "a person familiar with the talks", "experts"),
  ``outlet`` (a credited news outlet), ``document`` ("the report said", "documents show").
  A bare pronoun ("he said") is no attribution here: resolving it needs the whole article,
  which :func:`consilience.extract.quotes.extract_quotes` does for quotes.
* Credited outlets: "X reported/quoted/cited/revealed/wrote", "according to X", "told X",
  "spoke to X", "in an interview with X", "first reported by X", "a X report", "X has
  reported extensively" all count: each says the information passed through X. "X has
  reached out to", "X contacted", "check out X" do not. An article never credits its own
  outlet, and junk sentences (sign-offs, second copies: ``sentence.skip``) are ignored.
  Outlets are normalized with ``data/outlets.json``; an unlisted outlet counts when its
  name carries a press word ("the Daily Bugle reported", "El Sol newspaper reported").
* Hedges: the lexicon is :data:`HEDGE_PATTERNS`; "according to" is attribution, not a
  hedge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from consilience.extract.speech_grammar import Phrase, is_name_token, parse_backward, parse_forward
from consilience.extract.speech_lexicon import (
    ANONYMOUS_HEADS,
    BELIEF_VERBS,
    DOCUMENT_HEADS,
    DOCUMENT_VERBS,
    INSTITUTION_HEADS,
    NOT_NAMES,
    OUTLET_HEADS,
    PASSIVE_PARTICIPLES,
    SPEECH_VERBS,
    SPOKES_HEADS,
    TITLE_WORDS,
    Token,
    outlet_index,
    outlet_name,
    place_like,
    strip_the,
    tokenize,
    word_set,
)
from consilience.records import Attribution, CitedOutlet, Hedge, PreparedArticle, Sentence

# --- cited outlets ---------------------------------------------------------------------

_PRESS_WORDS = word_set(
    "Times Post News Herald Journal Tribune Gazette Chronicle Daily Telegraph Magazine Radio "
    "Television TV Observer Examiner Courier Mail Express Inquirer Sentinel Bulletin "
    "Dispatch Bugle Ledger Register Wire Broadcasting Weekly Reporter Monitor Standard "
    "Globe Star Record Review Press Insider Sun Mirror Nation Diario Tribuna Zeitung"
)
_PRESS_NOUN_WORDS = word_set(
    "newspaper daily broadcaster magazine outlet website tabloid weekly network channel"
)
_PRESS_HINT = re.compile(
    r"\b(?:"
    + "|".join(sorted(_PRESS_WORDS))
    + r")\b|\b(?:"
    + "|".join(sorted(_PRESS_NOUN_WORDS))
    + r")\b",
    re.IGNORECASE,
)
_PRESS_NOUNS = (
    r"newspaper|daily|broadcaster|network|channel|magazine|outlet|news\s+agency|agency|"
    r"website|tabloid|weekly|station|television|TV|radio"
)
_STRONG_AFTER = (
    r"reported|reports|reporting|quoted|quotes|cited|cites|citing|revealed|reveals|learned|"
    r"learnt|obtained|published|publishes|broke|disclosed|aired|broadcast"
)
_CREDIT_AFTER = re.compile(
    rf"^(?:[’']s?)?\s+(?:(?:{_PRESS_NOUNS})\s+)?(?:,[^,]{{1,80}},\s+)?"
    r"(?:(?:has|have|had|was|were|is|first|also|later|previously|earlier|exclusively|"
    r"initially|originally|separately|recently|then|extensively)\s+){0,2}"
    rf"(?P<cue>{_STRONG_AFTER}|wrote|writes|said|says|confirmed|noted|found|tweeted|posted)\b"
)
_CREDIT_NOUN_AFTER = re.compile(
    r"^(?:[’']s)?\s+(?P<cue>report|reporting|reports|investigation|interview|analysis|"
    r"exclusive|story|article|poll|survey|documentary|reporter|correspondent|"
    r"correspondents|journalist|journalists)\b"
)
_CREDIT_BEFORE = re.compile(
    r"(?P<cue>according\s+to(?:\s+(?:a|an|the)\s+(?:report|story|article|investigation|"
    r"analysis|interview)\s+(?:by|in|from|on|with))?|told|tells|telling|tell|"
    r"(?:spoke|speaking|speak|talked|talking|spoken)\s+(?:to|with|on)|"
    r"interviews?\s+(?:with|on)|interviewed\s+by|"
    r"(?:first\s+|originally\s+|initially\s+|previously\s+)?reported\s+(?:by|in|on)|"
    r"reports?\s+(?:by|in|from|on)|cited\s+by|quoted\s+(?:by|in)|published\s+(?:by|in)|"
    r"obtained\s+by|seen\s+by|reviewed\s+by|confirmed\s+to|comments?\s+to|"
    r"statement\s+to|wrote\s+in|writing\s+in|broken\s+by|revealed\s+by|carried\s+by|"
    r"disclosed\s+by|(?:article|column|op-ed|piece|editorial|interview)\s+(?:in|for|with|on)|"
    r"aired\s+(?:by|on)|appeared\s+(?:in|on)|said\s+on|first\s+reported\s+by)\s+"
    rf"(?:(?:the|a|an)\s+)?(?-i:[A-Z][\w.-]*\s+)?(?:(?:{_PRESS_NOUNS})\s+)?$",
    re.IGNORECASE,
)


_LOWER_THE = re.compile(r"the\s+")
_WORD_BEFORE = re.compile(r"\b([A-Z][\w.'’&-]*)[ \t]+$")


class _Mention(NamedTuple):
    start: int
    end: int
    outlet: str
    weak: bool


def _outlet_mentions(text: str, start: int, end: int) -> list[_Mention]:
    """Listed outlets and press-named capitalized runs in ``text[start:end]``."""
    index = outlet_index()
    found: list[_Mention] = []
    for match in index.pattern.finditer(text, start, end):
        s = match.start()
        if lead := _LOWER_THE.match(text, s):  # any space after it ("the\u00a0Guardian")
            s = lead.end()
        before = _WORD_BEFORE.search(text, max(start, s - 40), s)
        if before is not None and before.group(1).lower().rstrip(".") not in NOT_NAMES:
            continue  # "Michael J. Fox", "the Meridian Times": part of a longer name
        name, weak = index.by_alias[strip_the(text[s : match.end()])]
        found.append(_Mention(s, match.end(), name, weak))
    if _PRESS_HINT.search(text, start, end) is None:
        return sorted(found)
    tokens = tokenize(text, start, end)
    i = 0
    while i < len(tokens):
        if not (is_name_token(tokens[i]) or tokens[i].text == "The"):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and (is_name_token(tokens[j]) or tokens[j].text in {"of", "&"}):
            j += 1
        run = tokens[i:j]
        words = {t.text for t in run}
        s, e = run[0].start, run[-1].end
        # "the newspaper El Sol", "El Sol newspaper": a press noun names an unlisted outlet
        # (but "French newspaper Le Monde", "an Ohio newspaper" only describe one).
        press_before = i > 0 and tokens[i - 1].lower in _PRESS_NOUN_WORDS
        press_after = (
            j < len(tokens)
            and tokens[j].lower in _PRESS_NOUN_WORDS
            and not (j + 1 < len(tokens) and is_name_token(tokens[j + 1]))
            and not (i > 0 and tokens[i - 1].lower in {"a", "an"})
            and not place_like(run)
        )
        press_noun = press_before or press_after
        plain = [t for t in run if t.text not in _PRESS_WORDS]
        if (
            (words & _PRESS_WORDS or press_noun)
            and (any(is_name_token(t) for t in plain) or len(run) >= 2)
            and not (plain and place_like(plain))
            and not any(t.lower in TITLE_WORDS for t in run)
            and not any(m.start < e and s < m.end for m in found)
        ):
            if run[0].text == "The" and len(run) > 1:
                s = run[0].start
            found.append(_Mention(s, e, outlet_name(text[s:e]) or strip_the(text[s:e]), False))
        i = j
    return sorted(found)


def _credits(text: str, sentence: Sentence) -> tuple[tuple[_Mention, str], ...]:
    """Outlet mentions in ``sentence`` that come with a credit cue, and the cue."""
    return _credits_in(text, sentence.start, sentence.end)


@lru_cache(maxsize=256)
def _credits_in(text: str, start: int, end: int) -> tuple[tuple[_Mention, str], ...]:
    out: list[tuple[_Mention, str]] = []
    for mention in _outlet_mentions(text, start, end):
        before = text[max(start, mention.start - 90) : mention.start]
        after = text[mention.end : end]
        if mention.weak and mention.start == start:
            continue  # "People reported feeling ill" is not a magazine.
        cue: str | None = None
        if (m := _CREDIT_BEFORE.search(before)) is not None:
            cue = " ".join(m.group("cue").split()).lower()
        elif (m := _CREDIT_AFTER.match(after)) is not None:
            if not mention.weak or re.fullmatch(_STRONG_AFTER, m.group("cue")):
                cue = m.group("cue")
        elif (m := _CREDIT_NOUN_AFTER.match(after)) is not None and not mention.weak:
            cue = m.group("cue")
        if cue is not None:
            out.append((mention, cue))
    return tuple(out)


def _own_outlets(prepared: PreparedArticle) -> set[str]:
    """The article's own outlet, as listed names and as written (casefolded)."""
    own: set[str] = set()
    for value in (prepared.article.outlet, prepared.article.url):
        if value:
            name = outlet_name(value)
            own.add((name or strip_the(value.strip())).casefold())
    return own


def extract_cited_outlets(prepared: PreparedArticle) -> list[CitedOutlet]:
    """The outlets ``prepared`` credits, one record per credited mention, in text order."""
    text = prepared.article.text
    own = _own_outlets(prepared)
    out: list[CitedOutlet] = []
    for sentence in prepared.sentences:
        if sentence.skip is not None or sentence.role in ("headline", "heading"):
            continue
        for mention, cue in _credits(text, sentence):
            mention_text = text[mention.start : mention.end]
            # "the Times" after "The Meridian Times reported" is the same paper again.
            short = " " + strip_the(mention_text)
            outlet = next(
                (c.outlet for c in reversed(out) if c.outlet.endswith(short)), mention.outlet
            )
            if outlet.casefold() in own:
                continue
            out.append(
                CitedOutlet(
                    article_id=prepared.id,
                    start=mention.start,
                    end=mention.end,
                    text=mention_text,
                    outlet=outlet,
                    sentence=sentence.index,
                    cue=cue,
                )
            )
    return out


# --- attributions -----------------------------------------------------------------------

AttributionKind = Literal["named", "anonymous", "outlet", "document"]
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"\n]*\"|«[^«»]*»")


def _unquoted_tokens(text: str, start: int, end: int) -> list[Token]:
    """Tokens outside quotation marks: a quoted "officials said" is the speaker's words."""
    quoted = [m.span() for m in _QUOTED.finditer(text, start, end)]
    tokens = tokenize(text, start, end)
    return [t for t in tokens if not any(s < t.start < e - 1 for s, e in quoted)]


def classify_source(phrase: Phrase) -> tuple[AttributionKind, str] | None:
    """The kind of a source phrase and the source as reported, or ``None`` for pronouns."""
    if phrase.kind == "pronoun":
        return None
    if phrase.kind == "name":
        outlet = outlet_name(phrase.text)
        return ("outlet", outlet) if outlet is not None else ("named", phrase.text)
    head = phrase.head or ""
    words = phrase.text.split()
    if head in DOCUMENT_HEADS:
        return "document", phrase.text
    if head in OUTLET_HEADS:
        return "outlet", phrase.text
    lowered = [w.lower() for w in words]
    head_at = lowered.index(head) if head in lowered else len(words) - 1
    named_tail = any(w[:1].isupper() for w in words[head_at + 1 :])
    if head in SPOKES_HEADS and head_at < len(words) - 1:
        return "named", phrase.text  # speaks on record for a body: "a spokesman for X"
    definite = lowered[0] in {"the", "his", "her", "their", "its"} or any(
        w.endswith(("'s", "’s")) for w in words[:head_at]
    )
    if head == "police" or (head in INSTITUTION_HEADS and (definite or named_tail)):
        return "named", phrase.text
    if definite and head not in ANONYMOUS_HEADS and not head.endswith("s"):
        return "named", phrase.text  # one identified person: "the coroner", "her lawyer"
    return "anonymous", phrase.text


def _verb_fits(phrase: Phrase, verb: str) -> bool:
    if verb in SPEECH_VERBS and verb not in {"described", "called", "dubbed", "termed"}:
        return True
    if phrase.head in DOCUMENT_HEADS:
        return verb in DOCUMENT_VERBS | BELIEF_VERBS
    return verb in BELIEF_VERBS


def _attribution_phrases(text: str, tokens: Sequence[Token]) -> Iterable[tuple[Phrase, int, int]]:
    """(source phrase, span start, span end) for every attribution cue in ``tokens``."""
    for i, tok in enumerate(tokens):
        low = tok.lower
        if low == "according" and i + 1 < len(tokens) and tokens[i + 1].lower == "to":
            phrase = parse_forward(text, tokens, i + 2)
            if phrase is not None:
                yield phrase, tok.start, phrase.end
            continue
        if low == "by" and i > 0 and tokens[i - 1].lower in PASSIVE_PARTICIPLES:
            phrase = parse_forward(text, tokens, i + 1)
            if phrase is not None and phrase.kind != "pronoun":
                yield phrase, tokens[i - 1].start, phrase.end
            continue
        if not tok.text.islower() or low not in SPEECH_VERBS | BELIEF_VERBS | DOCUMENT_VERBS:
            continue
        subject = parse_backward(text, tokens, i)
        if subject is not None and _verb_fits(subject, low):
            yield subject, subject.start, tok.end
            before = subject.first - 1
            if before > 0 and tokens[before].lower == "and":
                other = parse_backward(text, tokens, before)
                if other is not None and _verb_fits(other, low):
                    yield other, other.start, other.end
        elif low in SPEECH_VERBS and (_after_quote(tokens, i) or _after_clause(tokens, i)):
            phrase = parse_forward(text, tokens, i + 1)
            if phrase is not None:
                yield phrase, tok.start, phrase.end


def _after_quote(tokens: Sequence[Token], i: int) -> bool:
    """True when ``tokens[i]`` follows a closing quote mark ("…,” said Ana Ruiz")."""
    k = i - 1
    if k >= 0 and tokens[k].text == ",":
        k -= 1
    return k >= 0 and tokens[k].text in {"”", '"', "»"}


_INVERTING_VERBS = word_set("said says added adds noted wrote writes explained")


def _after_clause(tokens: Sequence[Token], i: int) -> bool:
    """True for "…, said a person familiar with the talks": the verb follows a comma."""
    return i > 0 and tokens[i - 1].text == "," and tokens[i].lower in _INVERTING_VERBS


def extract_attributions(text: str, sentence: Sentence, *, article_id: str) -> list[Attribution]:
    """Attributions in ``sentence`` of article ``text``, in text order."""
    tokens = _unquoted_tokens(text, sentence.start, sentence.end)
    found: dict[tuple[int, int, str], Attribution] = {}
    credited = _credits(text, sentence)
    credited_spans = [(m.start, m.end) for m, _ in credited]
    for phrase, start, end in _attribution_phrases(text, tokens):
        classified = classify_source(phrase)
        if classified is None:
            continue
        kind, source = classified
        credited_here = any(s < phrase.end and phrase.start < e for s, e in credited_spans)
        if credited_here and (kind == "outlet" or phrase.kind == "name"):
            continue  # recorded below, once, with the outlet's span
        found[start, end, source] = Attribution(
            article_id, sentence.index, start, end, text[start:end], source, kind
        )
    for mention, _cue in credited:
        key = (mention.start, mention.end, mention.outlet)
        found[key] = Attribution(
            article_id,
            sentence.index,
            mention.start,
            mention.end,
            text[mention.start : mention.end],
            mention.outlet,
            "outlet",
        )
    return [found[k] for k in sorted(found)]


# --- hedges -----------------------------------------------------------------------------

#: The hedge lexicon: regular expressions matched on word boundaries, case-insensitive.
HEDGE_PATTERNS: tuple[str, ...] = (
    # adverbs that distance the writer from the statement
    r"reportedly|allegedly|purportedly|supposedly|apparently|seemingly|ostensibly|"
    r"possibly|probably|presumably|perhaps|maybe|likely",
    # "is believed to", "were thought to", "is said to", "suspected of"
    r"(?:is|are|was|were|been|being)\s+(?:widely\s+|generally\s+)?(?:believed|thought|said|"
    r"understood|reported|alleged|suspected|rumou?red|presumed|feared)\s+to",
    r"suspected\s+of",
    # adjectives marking an unproven characterization
    r"alleged|suspected|purported|presumed|rumou?red|unconfirmed|unverified",
    r"(?:appears?|appeared|seems?|seemed)\s+to|would\s+appear",
    # open questions
    r"it\s+(?:is|was|remains|remained)\s+(?:still\s+)?"
    r"(?:unclear|not\s+(?:yet\s+|immediately\s+)?clear)",
    r"unclear",
    # unverified claims
    r"(?:could|can|has|have|had)\s*not\s+(?:be\s+|been\s+|yet\s+been\s+)?"
    r"(?:independently\s+)?(?:verified|confirmed|verify|confirm)",
    r"not\s+(?:been\s+)?independently\s+(?:verified|confirmed)",
)
#: Modal hedges, lowercase only so that "May" the month never matches.
HEDGE_MODALS = r"may\s+have|might\s+have|could\s+have|may|might"

_HEDGE_RE = re.compile(
    r"\b(?:(?i:" + "|".join(f"(?:{p})" for p in HEDGE_PATTERNS) + r")|" + HEDGE_MODALS + r")\b"
)


def extract_hedges(text: str, sentence: Sentence, *, article_id: str) -> list[Hedge]:
    """Hedges in ``sentence`` of article ``text``, longest match first, in text order."""
    return [
        Hedge(article_id, sentence.index, m.start(), m.end(), m.group())
        for m in _HEDGE_RE.finditer(text, sentence.start, sentence.end)
    ]
