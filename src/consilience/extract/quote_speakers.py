"""Who said a quote: the speaker phrase next to it, a pronoun resolved to the person it
stands for, or the speaker of the quote or sentence before it.

Cues are tried in order: right after the closing mark ("…,” Ana Ruiz said", "…,” said the
mayor"), then before the opening mark in the same sentence ("Ana Ruiz said: “…”",
"he called it “…”", "X rejected the claim, stating, “…”"), then the quote just before or
the person the previous sentence is about. "he"/"she" go to the subject of the latest
sentence naming a person (names with a title, or of two or more words, or a surname seen
before); "they" to the latest plural description that is a subject ("Officials at the
embassy declined …").
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from consilience.extract.speech_grammar import (
    Phrase,
    is_person_like,
    parse_backward,
    parse_forward,
)
from consilience.extract.speech_lexicon import (
    ADVERBS,
    PRONOUNS,
    SPEECH_PARTICIPLES,
    SPEECH_VERBS,
    Token,
    looks_like_verb,
    tokenize,
)
from consilience.records import PreparedArticle, Sentence
from consilience.word_lists import zipf_frequency

#: How many sentences back a pronoun looks for the person it stands for.
_PRONOUN_WINDOW = 3
TERMINAL = ".!?…"
#: Zipf frequency from which a lone sentence-opening capitalized word is taken for an
#: ordinary word ("ideas" 4.8) rather than a surname ("ingaldson" 0, "owen" 4.1; a very
#: common surname such as "brown" 5.0 is the surname of a full name seen before).
_COMMON_OPENING_ZIPF = 4.3
#: How sure each cue is: a chain of paragraphs takes the speaker of its surest cue.
CUE_STRENGTH = {"x_said": 3, "said_x": 3, "according_to": 3, "pronoun": 2, "previous_sentence": 1}
#: Words that may follow "X said" in a sentence of its own ("Ana Ruiz said on Monday.").
_ADJUNCT_STARTS = frozenset(
    "in on at during to after before via when while later afterwards earlier today yesterday "
    "tonight monday tuesday wednesday thursday friday saturday sunday".split()
)
DESCRIPTION_WORDS = frozenset("a an the one two three several some many".split())


def sentence_at(sentences: Sequence[Sentence], starts: list[int], pos: int) -> Sentence | None:
    """The sentence covering ``pos`` (``starts`` are the sentences' starts)."""
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and sentences[i].start <= pos <= sentences[i].end:
        return sentences[i]
    return None


def _common_opening_word(phrase: Phrase, capitalized_inside: set[str]) -> bool:
    """A lone capitalized word opening a sentence ("Ideas included …") that is an
    ordinary word, never capitalized mid-sentence in the article: not a person."""
    return (
        phrase.first == 0
        and phrase.text not in capitalized_inside
        and zipf_frequency(phrase.text.lower()) >= _COMMON_OPENING_ZIPF
    )


@dataclass(frozen=True, slots=True)
class _NameMention:
    phrase: Phrase
    sentence: int
    subject: bool


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: the name or description as written, where, and how found."""

    text: str
    start: int
    end: int
    title: str | None
    cue: str
    plural: bool = False


class ArticleContext:
    """Sentence lookup and the names mentioned in one article, for speaker resolution."""

    def __init__(
        self,
        prepared: PreparedArticle,
        quoted: list[tuple[int, int]],
        subjects: frozenset[int] = frozenset(),
    ) -> None:
        #: End offsets of the tokens the dependency parse makes subjects of a verb.
        self.subjects = subjects
        self.text = prepared.article.text
        self.sentences = prepared.sentences
        self.starts = [s.start for s in self.sentences]
        spans = sorted(quoted)
        self.quote_starts = [s for s, _ in spans]
        # The farthest end reached so far, so that nested spans are covered too.
        self.quote_ends = list(itertools.accumulate((e for _, e in spans), max))
        self._mentions: list[_NameMention] | None = None

    def sentence_at(self, pos: int) -> Sentence | None:
        return sentence_at(self.sentences, self.starts, pos)

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens of ``text[start:end]`` outside quotes."""
        return [t for t in tokenize(self.text, start, end) if not self._in_quote(t.start)]

    def _in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quote_ends[i]

    @property
    def mentions(self) -> list[_NameMention]:
        if self._mentions is None:
            self._mentions = self._scan_mentions()
        return self._mentions

    def _scan_mentions(self) -> list[_NameMention]:
        found: list[_NameMention] = []
        for sentence in self.sentences:
            if sentence.skip is not None or sentence.role in ("headline", "heading"):
                continue
            tokens = self.tokens(sentence.start, sentence.end)
            for phrase, subject in _names_in(self.text, tokens):
                parsed_subject = phrase.end in self.subjects
                found.append(_NameMention(phrase, sentence.index, subject or parsed_subject))
        persons = [m.phrase for m in found if is_person_like(m.phrase)]
        surnames = {p.text.split()[-1] for p in persons}
        inside = {m.phrase.text for m in found if m.phrase.first > 0}
        return [
            m
            for m in found
            if is_person_like(m.phrase)
            or m.phrase.text.split()[-1] in surnames
            or (
                m.subject
                and " " not in m.phrase.text
                and not m.phrase.text.isupper()
                and not _common_opening_word(m.phrase, inside)
            )
        ]

    def antecedent(self, pos: int, sentence: int) -> Phrase | None:
        """The person a "he"/"she" at ``pos`` most likely refers to: the subject of the
        latest sentence naming someone, else the last person named there."""
        found = self.antecedent_at(pos, sentence)
        return found[0] if found is not None else None

    def antecedent_at(self, pos: int, sentence: int) -> tuple[Phrase, int] | None:
        """:meth:`antecedent` and the index of the sentence naming it."""
        window = [
            m
            for m in self.mentions
            if m.phrase.end <= pos and sentence - _PRONOUN_WINDOW <= m.sentence <= sentence
        ]
        if not window:
            return None
        latest = max(m.sentence for m in window)
        in_latest = [m for m in window if m.sentence == latest]
        subjects = [m for m in in_latest if m.subject]
        return (subjects or in_latest)[-1].phrase, latest


def _skip_appositive(tokens: Sequence[Token], i: int) -> int:
    """The index after an appositive (", the mayor,") and adverbs starting at ``i``."""
    if i < len(tokens) and tokens[i].text == ",":
        for k in range(i + 1, min(len(tokens), i + 15)):
            if tokens[k].text == ",":
                return k + 1
            if not tokens[k].is_word and tokens[k].text not in "-–'’":
                break
    while i < len(tokens) and tokens[i].text.islower() and tokens[i].lower in ADVERBS:
        i += 1
    return i


def _names_in(text: str, tokens: Sequence[Token]) -> list[tuple[Phrase, bool]]:
    """Names in ``tokens`` and whether each is the subject of a verb."""
    out: list[tuple[Phrase, bool]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        run_start = tok.is_cap and tok.is_word and (i == 0 or not tokens[i - 1].is_cap)
        phrase = parse_forward(text, tokens, i) if run_start else None
        if phrase is None or phrase.kind != "name":
            i += 1
            continue
        after = _skip_appositive(tokens, phrase.last)
        if i > 0 and tokens[i - 1].lower in {"former", "acting", "late"}:
            phrase = replace(phrase, title=f"{tokens[i - 1].text} {phrase.title or ''}".strip())
        elif i > 1 and tokens[i - 1].text == "," and phrase.title is None:
            # "the minister's spokeswoman, Ana Ruiz, …": the description titles the name.
            role = parse_backward(text, tokens, i - 1)
            if role is not None and role.kind == "description":
                phrase = replace(phrase, title=role.text)
        out.append((phrase, after < len(tokens) and looks_like_verb(tokens[after])))
        i = max(phrase.last, i + 1)
    return out


def _clause_subject(text: str, tokens: Sequence[Token], end: int) -> Phrase | None:
    """The last subject (name, description or pronoun followed by a verb) before
    ``tokens[end]``: who is "stating" in "X rejected the claim, stating, “…”". The subject
    of a speech verb wins ("he said the army struck, adding" is about "he")."""
    best: Phrase | None = None
    speaking: Phrase | None = None
    i = 0
    while i < end:
        tok = tokens[i]
        starts = tok.lower in PRONOUNS or tok.lower in DESCRIPTION_WORDS or tok.is_cap
        phrase = parse_forward(text, tokens, i, end) if starts and tok.is_word else None
        if phrase is None:
            i += 1
            continue
        after = _skip_appositive(tokens, phrase.last)
        if after < end and looks_like_verb(tokens[after]):
            best = phrase
            if tokens[after].lower in SPEECH_VERBS:
                speaking = phrase
        i = max(phrase.last, i + 1)
    return speaking or best


def _plural_subject(article: ArticleContext, pos: int, sentence: int) -> Phrase | None:
    """What a "they" at ``pos`` refers to: the latest plural description that is the
    subject of a verb ("Officials at the embassy declined …")."""
    for index in range(sentence, max(-1, sentence - _PRONOUN_WINDOW), -1):
        current = article.sentences[index]
        if current.skip is not None:
            continue
        tokens = article.tokens(current.start, min(current.end, pos))
        found: Phrase | None = None
        for i, tok in enumerate(tokens):
            if not (tok.lower in DESCRIPTION_WORDS or tok.is_cap or i == 0):
                continue
            phrase = parse_forward(article.text, tokens, i)
            if phrase is None or phrase.kind != "description":
                continue
            after = _skip_appositive(tokens, phrase.last)
            plural = (phrase.head or "").endswith("s") or phrase.head in {"police", "people"}
            if plural and after < len(tokens) and looks_like_verb(tokens[after]):
                found = phrase
        if found is not None:
            return found
    return None


def speaker_of(
    article: ArticleContext,
    phrase: Phrase,
    cue: str,
    sentence: int,
    recent: Speaker | None = None,
    last: tuple[Speaker, int] | None = None,
) -> Speaker | None:
    """The speaker a phrase names; pronouns are resolved, falling back on ``recent`` (the
    speaker of a quote just before: "…,” said an officer. “…,” he added."). ``last`` is
    the latest speaker of the article a few sentences back and its sentence: "he said"
    goes to it unless a person was named after it."""
    if phrase.kind == "pronoun" and phrase.text.lower() != "they" and last is not None:
        found = article.antecedent_at(phrase.start, sentence)
        speaker, said_in = last
        # A person named after the last speaker, in an earlier sentence ("Mark Pinder was
        # working nearby. “…,” he said."); one named in the same sentence is rarely the
        # "he" ("Asked about Smith, he said").
        named_since = found is not None and said_in < found[1] < sentence
        if not speaker.plural and not named_since:
            return replace(speaker, cue="pronoun")
    if phrase.kind == "pronoun":
        fallback = replace(recent, cue="pronoun") if recent is not None else None
        if phrase.text.lower() == "they":
            group = _plural_subject(article, phrase.start, sentence)
            if group is None:
                return fallback if fallback is not None and fallback.plural else None
            return Speaker(group.text, group.start, group.end, None, "pronoun", True)
        antecedent = article.antecedent(phrase.start, sentence)
        if antecedent is None:
            return fallback if fallback is not None and not fallback.plural else None
        return Speaker(
            antecedent.text, antecedent.start, antecedent.end, antecedent.title, "pronoun"
        )
    plural = phrase.kind == "description" and (phrase.head or "").endswith(("s", "police"))
    return Speaker(phrase.text, phrase.start, phrase.end, phrase.title, cue, plural)


def from_trailer(
    article: ArticleContext, start: int, end: int, standalone: bool, *, by_agent: bool = False
) -> tuple[Phrase, str, bool] | None:
    """The speaker named right after a quote, its cue, and whether it is attached right at
    the closing mark (“…,” she said) rather than after other words (“…” was crossed,
    analysts said). ``by_agent`` accepts "by X" (described as “…” by X)."""
    tokens = article.tokens(start, end)
    text = article.text
    i = 0
    while i < len(tokens) and tokens[i].text in ",;—–-":
        i += 1
    if i >= len(tokens):
        return None
    first = tokens[i]
    if not standalone and first.text.islower() and first.lower in SPEECH_VERBS:
        phrase = parse_forward(text, tokens, i + 1)
        return (phrase, "said_x", True) if phrase is not None else None
    if first.lower == "according" and i + 1 < len(tokens) and tokens[i + 1].lower == "to":
        phrase = parse_forward(text, tokens, i + 2)
        return (phrase, "according_to", True) if phrase is not None else None
    if by_agent and first.lower == "by":
        phrase = parse_forward(text, tokens, i + 1)
        return (phrase, "said_x", True) if phrase is not None else None
    for v in range(i, min(len(tokens), i + 40)):
        if tokens[v].text in TERMINAL or tokens[v].text in '“”"':
            return None
        according = v > i and tokens[v].lower == "according" and tokens[v - 1].text == ","
        if according and v + 1 < len(tokens) and tokens[v + 1].lower == "to":
            # "…” and was diagnosed, according to her bio."
            phrase = parse_forward(text, tokens, v + 2)
            return (phrase, "according_to", False) if phrase is not None else None
        if tokens[v].lower in SPEECH_PARTICIPLES and tokens[v - 1].lower == "as":
            # "…,” he was quoted as saying.
            phrase = _clause_subject(text, tokens, v)
            return (phrase, "x_said", True) if phrase is not None else None
        if tokens[v].text.islower() and tokens[v].lower in SPEECH_VERBS:
            phrase = parse_backward(text, tokens, v, i)
            if phrase is None or phrase.first - i > 5:
                return None
            nxt = tokens[v + 1] if v + 1 < len(tokens) else None
            asked = tokens[v].lower in ("asked", "asks") and nxt is not None and nxt.is_cap
            if (
                standalone
                and nxt is not None
                and nxt.text not in ".,;"
                and nxt.lower not in _ADJUNCT_STARTS
                and not asked  # "“So which is it?” Lynch asked Coleman."
            ):
                return None  # "Officials said the vote failed." is a new statement
            between = tokens[i : phrase.first]
            attached = all(t.is_cap or t.lower in DESCRIPTION_WORDS for t in between)
            return phrase, "x_said", attached
    return None


def from_lead(article: ArticleContext, start: int, end: int) -> tuple[Phrase, str, bool] | None:
    """The speaker named before a quote in its sentence (the cue nearest the quote wins),
    its cue, and whether the cue is right at the opening mark."""
    text = article.text
    tokens = article.tokens(start, end)
    if 2 <= len(tokens) <= 5 and tokens[-1].text == ":" and tokens[-2].is_cap:
        # A transcript: "Haldeman: “Yes, sir.”"
        phrase = parse_backward(text, tokens, len(tokens) - 1)
        if phrase is not None and phrase.kind == "name":
            return phrase, "x_said", True
    for v in range(len(tokens) - 1, -1, -1):
        tok = tokens[v]
        low = tok.lower
        # "said: “…”", "called it “…”", "said in a statement: “…”" attach the speaker
        # right at the quote; "said the plan, which …, was “…”" does not.
        words_after = sum(1 for t in tokens[v + 1 :] if t.is_word)
        immediate = words_after <= 2 or (words_after <= 5 and tokens[-1].text in ",:")
        if low in SPEECH_VERBS and tok.text.islower():
            phrase = parse_backward(text, tokens, v)
            if phrase is not None:
                return phrase, "x_said", immediate
            phrase = parse_forward(text, tokens, v + 1)
            if phrase is not None and phrase.kind == "name" and immediate:
                return phrase, "said_x", True
        elif low in SPEECH_PARTICIPLES and tok.text.islower():
            phrase = _clause_subject(text, tokens, v)
            if phrase is not None:
                return phrase, "x_said", immediate
        elif low == "according" and v + 1 < len(tokens) and tokens[v + 1].lower == "to":
            phrase = parse_forward(text, tokens, v + 2)
            if phrase is not None:
                return phrase, "according_to", immediate
    return None


def previous_sentence_speaker(
    article: ArticleContext,
    sentence: Sentence,
    *,
    speech_only: bool = False,
    last: tuple[Speaker, int] | None = None,
) -> Speaker | None:
    """For a quote standing alone: who speaks in the sentence before it, else (unless
    ``speech_only``) the person that sentence is about ("The minister was defiant. “We
    stay.”")."""
    if sentence.index == 0:
        return None
    prev = article.sentences[sentence.index - 1]
    if prev.skip is not None or prev.paragraph < sentence.paragraph - 1:
        return None
    tokens = article.tokens(prev.start, prev.end)
    for v, tok in enumerate(tokens):
        if tok.text.islower() and tok.lower in SPEECH_VERBS:
            phrase = parse_backward(article.text, tokens, v)
            if phrase is not None:
                return speaker_of(article, phrase, "previous_sentence", prev.index, last=last)
    if speech_only:
        return None
    phrase = _clause_subject(article.text, tokens, len(tokens))
    if phrase is not None and (phrase.kind == "pronoun" or is_person_like(phrase)):
        found = speaker_of(article, phrase, "previous_sentence", prev.index)
        if found is not None:
            return Speaker(found.text, found.start, found.end, found.title, "previous_sentence")
    return None
