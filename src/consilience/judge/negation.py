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

from consilience.textspan import english_stem

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
    "than then also any all some more most such one two".split()
)
_WINDOW = 4


def stem(word: str) -> str:
    return english_stem(word.lower().replace("’", "'"))


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


def polarity(text: str) -> Polarity:
    words = [m.group() for m in _TOKEN.finditer(text)]
    lowered = [w.lower().replace("’", "'") for w in words]
    negated: dict[str, str] = {}
    verbs: set[str] = set()
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
        any_negation = True
        j = i + 2 if denial else i + 1
        # "no"/"without" negate a whole noun phrase ("no civilian casualties"); a denial
        # its whole clause; "not" the next content word (the predicate).
        phrase = word in ("no", "without", "neither", "nor") or denial
        limit = min(len(lowered), j + (7 if denial else 4 if phrase else _WINDOW))
        taken = 0
        while j < limit:
            candidate = lowered[j]
            if candidate not in _AUXILIARIES and candidate not in _STOP:
                key = stem(candidate)
                negated.setdefault(key, " ".join(words[i : j + 1]))
                if not phrase:
                    verbs.add(key)
                    break
                taken += 1
            elif phrase and taken and not denial:
                break
            j += 1
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
    )


@dataclass(frozen=True, slots=True)
class PolarityClash:
    predicate: str
    negated_phrase: str


def polarity_clash(negative: str, positive: str) -> PolarityClash | None:
    """The predicate ``negative`` negates and ``positive`` asserts, when both sentences
    also share another content word (the thing the predicate is about) and ``positive``
    holds no negation at all."""
    neg, pos = polarity(negative), polarity(positive)
    if pos.has_negation:
        # Two negative sentences ("no casualties" / "without casualties") rarely contradict;
        # word-level scope is too fragile to tell, so only a plain assertion counts.
        return None
    phrases = dict(neg.negated_text)
    for predicate in sorted(neg.negated & pos.asserted):
        if predicate in neg.negated_verbs and predicate in pos.noun_uses:
            continue  # "not speeding" vs "the speed limit": a verb against a noun
        shared = ((neg.asserted | neg.negated) & pos.asserted) - {predicate}
        if shared and predicate not in pos.negated:
            return PolarityClash(predicate=predicate, negated_phrase=phrases[predicate])
    return None


def content_stems(text: str) -> set[str]:
    """Stems of a text's content words (no function words, no numbers)."""
    return {stem(w) for w in _TOKEN.findall(text.lower()) if w not in _STOP and len(w) > 2}
