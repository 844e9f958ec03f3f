"""Polarity of statements: does one sentence deny what an aligned sentence asserts?

Written by hand because no offline library gives predicate-level negation: a negation cue
("not", "n't", "never", "denied that") negates the next content word, which is compared
by stem with the other sentence's words. A conflict needs the same predicate asserted on
one side and negated on the other, plus a shared argument, so that "no one was hurt"
versus "the site was empty" (no shared predicate) is not called a contradiction.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from consilience.stems import stem

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_NEGATORS = frozenset({"not", "never", "no", "neither", "nor", "without", "cannot"})
_NEGATING_VERBS = frozenset({"denied", "denies", "deny", "denying", "rejected", "refuted"})
#: Pronouns that are negative by themselves ("no one was hurt"): they negate no verb.
_NEGATIVE_PRONOUNS = frozenset({"nobody", "nothing", "none", "nowhere", "noone"})
#: "has yet to receive", "failed to act", "declined to say": negative without "not".
_NEGATIVE_BEFORE_TO = frozenset(
    {"yet", "failed", "fails", "fail", "declined", "declines", "refused", "refuses"}
)
_AUXILIARIES = frozenset(
    "do does did is are was were be been being have has had will would can could shall "
    "should may might must to yet also ever even any a an the".split()
)
_STOP = frozenset(
    "the a an of to in on at for by with and or but that this these those it its he she they "
    "them his her their was were is are be been has have had did does do will would said says "
    "told according which who whom what when where there here as from into about after before "
    "than then also any all some more most such one two since".split()
)
_WINDOW = 4
_EPISTEMIC = frozenset(
    "hope hoped hopes hoping fear feared fears wonder wondered whether if unless doubt "
    "doubted suspected".split()
)
_IDIOM_AFTER = frozenset(
    {"until", "only", "longer", "doubt", "least", "just", "even", "surprisingly"}
)


_DETERMINERS = frozenset("the a an this that its their his her our your my these those".split())


@dataclass(frozen=True, slots=True)
class Polarity:
    """Content stems of a sentence, and those a negation cue applies to."""

    asserted: frozenset[str]
    negated: frozenset[str]
    #: stem -> the words of the negated phrase as written ("did not discuss")
    negated_text: tuple[tuple[str, str], ...] = ()
    #: stems negated as a verb ("did not discuss"), not as a noun ("no licence")
    negated_verbs: frozenset[str] = frozenset()
    #: stems that occur right after a determiner (used as nouns: "the speed limit")
    noun_uses: frozenset[str] = frozenset()
    #: whether the sentence holds any negation at all
    has_negation: bool = False
    #: negated noun phrase stem -> the content verb its clause hangs on ("no licence *was
    #: discussed*"), when there is one
    phrase_verbs: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=8192)
def polarity(text: str) -> Polarity:
    words = [m.group() for m in _TOKEN.finditer(text)]
    lowered = [w.lower().replace("’", "'") for w in words]
    negated: dict[str, str] = {}
    verbs: set[str] = set()
    phrase_verb: dict[str, str] = {}
    any_negation = False
    for i, word in enumerate(lowered):
        following = lowered[i + 1] if i + 1 < len(lowered) else ""
        if word in _NEGATIVE_PRONOUNS or (word == "no" and following in ("one", "longer")):
            any_negation = True
            continue
        if word in _NEGATIVE_BEFORE_TO and following == "to":
            any_negation = True
            continue
        denial = word in _NEGATING_VERBS
        if denial and following != "that":
            any_negation = True
            continue  # "rejected this claim" points elsewhere: see judge.conflicts
        if not (word in _NEGATORS or word.endswith("n't") or denial):
            continue
        if _EPISTEMIC.intersection(lowered[max(0, i - 3) : i]):
            # "she hoped it wasn't connected", "asked whether he had not": a wish or a
            # question, not a denial.
            any_negation = True
            continue
        if following in _IDIOM_AFTER or (word == "without" and following in ("the", "a")):
            # "not until May", "not only", "no longer", "without the help of": no denial
            # of a predicate.
            any_negation = True
            continue
        any_negation = True
        j = i + 2 if denial else i + 1
        # "no"/"without" negate a whole noun phrase ("no civilian casualties"); a denial
        # its whole clause; "not" the next content word (the predicate).
        phrase = word in ("no", "without", "neither", "nor") or denial
        limit = min(len(lowered), j + (7 if denial else 4 if phrase else _WINDOW))
        taken = 0
        phrase_stems: list[str] = []
        while j < limit:
            candidate = lowered[j]
            if candidate not in _AUXILIARIES and candidate not in _STOP:
                key = stem(candidate)
                negated.setdefault(key, " ".join(words[i : j + 1]))
                if not phrase:
                    verbs.add(key)
                    break
                phrase_stems.append(key)
                taken += 1
            elif phrase and taken and not denial:
                break
            j += 1
        if phrase and not denial:
            verb = _clause_verb(lowered, i, j)
            for key in phrase_stems:
                phrase_verb.setdefault(key, verb or "")
    asserted = {stem(w) for w in lowered if w not in _STOP and w not in _NEGATORS}
    asserted -= set(negated)
    nouns = {stem(w) for prev, w in itertools.pairwise(lowered) if prev in _DETERMINERS}
    return Polarity(
        asserted=frozenset(asserted),
        negated=frozenset(negated),
        negated_text=tuple(sorted(negated.items())),
        negated_verbs=frozenset(verbs),
        noun_uses=frozenset(nouns),
        has_negation=any_negation,
        phrase_verbs=tuple(sorted(phrase_verb.items())),
    )


_CONTENT_VERB = re.compile(r"^\w+(?:ed|en)$")


def _clause_verb(words: list[str], negation: int, after: int) -> str | None:
    """The participle a negated noun phrase hangs on: "no licence was *discussed*",
    "no one was *injured*"; ``None`` for "had no children" (no content verb)."""
    for k in range(after, min(len(words), after + 4)):
        if words[k] in (",", ";"):
            break
        if _CONTENT_VERB.match(words[k]) and words[k] not in _AUXILIARIES:
            return stem(words[k])
    return None


@dataclass(frozen=True, slots=True)
class PolarityClash:
    predicate: str
    negated_phrase: str


def polarity_clash(negative: str, positive: str) -> PolarityClash | None:
    """The predicate ``negative`` negates and ``positive`` asserts, when both sentences
    also share another content word (the thing the predicate is about) and ``positive``
    holds no negation at all."""
    neg, pos = polarity(negative), polarity(positive)
    if _NOT_UNTIL.search(negative):
        return None  # "not released until charged" is "released once charged"
    if pos.has_negation:
        # Two negative sentences ("no casualties" / "without casualties") rarely contradict;
        # word-level scope is too fragile to tell, so only a plain assertion counts.
        return None
    phrases = dict(neg.negated_text)
    for predicate in sorted(neg.negated & pos.asserted):
        if predicate in neg.negated_verbs and predicate in pos.noun_uses:
            continue  # "not speeding" vs "the speed limit": a verb against a noun
        shared = ((neg.asserted | neg.negated) & pos.asserted) - {predicate}
        if not shared or predicate in pos.negated:
            continue
        # A negated noun phrase ("no licence was discussed") denies its clause's verb,
        # which the other sentence must assert ("had no children" denies nothing the
        # other says of "six children").
        hung_on = dict(neg.phrase_verbs).get(predicate)
        if hung_on is not None and (not hung_on or hung_on not in pos.asserted):
            continue
        # What is denied must be what the other asserts: the words after the predicate
        # ("did not discuss *mining licences*") reappear in the other sentence.
        obj = _object_after(negative, predicate)
        if obj and len(obj & pos.asserted) < (1 if len(obj) <= 2 else 2):
            continue
        return PolarityClash(predicate=predicate, negated_phrase=phrases[predicate])
    return None


def _first_clause(text: str, predicate: str) -> str:
    """The clause holding the predicate (the words up to the next comma or bracket)."""
    for clause in re.split(r"[,;:()]", text):
        if any(stem(w) == predicate for w in _TOKEN.findall(clause)):
            return clause
    return text


_NOT_UNTIL = re.compile(r"\b(?:not|n't|never)\b[^.;]{0,60}\buntil\b", re.I)


def _object_after(text: str, predicate: str) -> frozenset[str]:
    words = [w.lower() for w in _TOKEN.findall(_first_clause(text, predicate))]
    for i, word in enumerate(words):
        if stem(word) == predicate:
            following = [
                stem(w) for w in words[i + 1 : i + 6] if w not in _STOP and w not in _AUXILIARIES
            ][:4]
            return frozenset(following) - {predicate}
    return frozenset()


def content_stems(text: str) -> set[str]:
    """Stems of a text's content words (no function words, no numbers)."""
    return {stem(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP and len(w) > 2}
