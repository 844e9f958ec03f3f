"""What a figure, a date or a place is *about*: the referent two values must share before
their difference is a conflict.

Every value in an evidence sentence becomes a :class:`ValueMention` with a frame:

* its **kind** and **unit**: people counted, boats counted, money, a percentage, a
  duration, an age, an ordinal day ("the seventh straight day"), a date, a place relative
  to a landmark;
* its **predicate**: the event word next to it ("70 people *injured*", "*died* on
  Thursday"), read into a class of synonyms (``data/predicates.json``), so that injured is
  compared with hurt, never with arrested;
* its **context**: the sentence's other content words, weighted by their rarity in the
  story, and the years it names (a figure "in 1985" is about 1985).

:func:`same_referent` says whether two mentions in different articles are about the same
thing and gives the reason in words, or ``None``. It is deliberately strict: a missed
conflict is bad, a false one is worse.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from consilience.extract.numbers_lexicon import is_number_word
from consilience.judge.frames import ValueMention, story_mentions
from consilience.judge.predicates import once_classes
from consilience.records import Quantity
from consilience.textspan import STOPWORDS, normalize_for_compare

__all__ = ["Referent", "context_overlap", "context_weights", "same_referent", "story_mentions"]


@dataclass(frozen=True, slots=True)
class Referent:
    """Why two mentions are about the same thing, in words."""

    reason: str
    strength: float


def context_weights(mentions: Sequence[ValueMention], n_sentences: int) -> dict[str, float]:
    """How much a shared context word says. The words that fill a story's sentences
    ("riots" in a riot story, found in more than :data:`_CORE_SHARE` of the sentences
    that give values) say little about which figure a sentence gives; every other word
    counts fully. In a small story no word is core: sharing it is the evidence."""
    seen: dict[tuple[str, int], frozenset[str]] = {}
    for m in mentions:
        seen[(m.article_id, m.sentence)] = m.context
    counts: Counter[str] = Counter()
    for context in seen.values():
        counts.update(context)
    total = max(len(seen), 1)
    if total < _CORE_MIN_SENTENCES:
        return {}
    return {w: _CORE_WEIGHT for w, c in counts.items() if c / total > _CORE_SHARE}


_CORE_SHARE = 0.3
_CORE_WEIGHT = 0.2
_CORE_MIN_SENTENCES = 8


def context_overlap(a: ValueMention, b: ValueMention, weights: Mapping[str, float]) -> float:
    """Weighted share of the smaller context found in the other (1.0 when one sentence
    says nothing but the figure)."""
    if not a.context or not b.context:
        # A sentence that gives nothing but the figure ("About 100 people have been
        # injured.") neither confirms nor denies its scope.
        return _BARE_SENTENCE if a.predicate and a.predicate == b.predicate else 0.0
    shared = sum(weights.get(w, 1.0) for w in a.context & b.context)
    smaller = min(
        sum(weights.get(w, 1.0) for w in a.context), sum(weights.get(w, 1.0) for w in b.context)
    )
    return shared / smaller if smaller else 0.0


_BARE_SENTENCE = 0.34
#: Counts this many times apart are more often two scopes (an incident and the whole
#: toll) than one figure misreported: their sentences must agree more.
_SCOPE_RATIO = 4.0
_SCOPE_EXTRA = 0.4
_TOLLS = frozenset({"dead", "injured", "arrested", "missing", "rescued", "displaced", "held"})
#: Context overlap needed when both values carry the same predicate class...
CONTEXT_WITH_PREDICATE = 0.2
#: ...when only one of them names a predicate (and the units agree)...
CONTEXT_ONE_PREDICATE = 0.4
#: ...and when neither does.
CONTEXT_NO_PREDICATE = 0.5


def _units_agree(a: ValueMention, b: ValueMention) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind in ("money", "percent", "duration", "age", "date"):
        return True
    if a.kind == "count" and a.unit.startswith("person") and b.unit.startswith("person"):
        return a.unit == b.unit or bool(a.predicate and a.predicate == b.predicate)
    return bool(a.unit) and a.unit == b.unit


#: Two sentences this alike state one claim: their values of one kind are about the
#: same thing even without a predicate word ("gave way on Tuesday" / "collapsed on
#: Monday" in a spun copy).
ALIGNED_SIMILARITY = 0.4


#: Kinds of value two mentions of which are about one thing only when both name the same
#: predicate, or when their sentences state one claim (a dated work aside).
PREDICATE_KINDS = frozenset({"date", "duration", "age", "percent"})


def same_referent(
    a: ValueMention,
    b: ValueMention,
    weights: Mapping[str, float],
    aligned: float | None = None,
) -> Referent | None:
    """The reason two values of different articles are about the same thing, or None.
    ``aligned`` is the similarity of their sentences when the two state one claim."""
    if a.article_id == b.article_id or not _units_agree(a, b):
        return None
    if a.predicate and b.predicate and a.predicate != b.predicate:
        return None
    if (
        aligned is not None
        and aligned >= ALIGNED_SIMILARITY
        and a.kind in ("date", "count", "duration")
        and a.predicate == b.predicate
        and a.years == b.years
        and not (a.quantity and b.quantity and _different_modifiers(a.quantity, b.quantity))
        and a.work == b.work
    ):
        return Referent(
            f"the two sentences state one claim (similarity {aligned:.2f}): "
            + _reason(a, b, weights),
            aligned,
        )
    if a.kind == "date" and (a.work or b.work):
        return Referent(_reason(a, b, weights), 1.0) if a.work == b.work else None
    if (
        # Shares of different wholes ("of respondents", "of the market"), and poll
        # figures, which answer many questions, must name the same whole.
        a.kind == "percent"
        and (a.share_of or b.share_of or a.predicate == "poll")
        and (a.share_of != b.share_of or not a.share_of)
    ):
        return None
    needs_predicate = a.kind in PREDICATE_KINDS
    if needs_predicate and not (a.predicate and a.predicate == b.predicate):
        return None
    if a.kind == "date" and a.predicate not in once_classes():
        return None
    if a.kind == "date" and a.agent and b.agent and a.agent != b.agent:
        return None  # Felt left the FBI in 1973; Nixon resigned in 1974
    if a.kind == "measure" and not (a.landmark and a.landmark == b.landmark):
        return None
    if a.quantity and b.quantity and _different_modifiers(a.quantity, b.quantity):
        return None
    if a.years != b.years and (a.years or b.years):
        # A figure "in 1985" next to one with no year, or another year: another time.
        return None
    overlap = context_overlap(a, b, weights)
    if a.kind == "date" and a.agent and a.agent == b.agent and not (a.work or b.work):
        # "Page disappeared in 1957" and "Page disappeared from the scene in 1958": one
        # event that happens once to one person.
        return Referent(_reason(a, b, weights), 1.0)
    if a.kind == "ordinal":
        # "the seventh straight day" and "the eighth day" of one event disagree only when
        # they count to the same day (or neither says which day it is).
        if a.predicate != b.predicate or ((a.days or b.days) and a.days != b.days):
            return None
        if a.days:
            return Referent(
                _reason(a, b, weights) + f", the same day ({', '.join(sorted(a.days))})", 1.0
            )
    if a.kind == "place" and _same_distance(a, b):
        # "150 nautical miles west of Aden" and "150 nautical miles east of Aden": one
        # distance from one landmark is one place, whatever else the sentences say.
        return Referent(_reason(a, b, weights), 1.0)
    if (
        a.kind == "count"
        and a.predicate
        and a.predicate == b.predicate
        and a.unit == b.unit
        and not a.unit.startswith("person")
    ) or (a.kind == "money" and a.predicate and a.predicate == b.predicate):
        # "6,000 Web sites infected" / "10,000 websites infected", "damage of $2 million"
        # / "damage of 200 million euros": a specific thing counted or priced with one
        # predicate names its referent by itself.
        needed = 0.0
    elif (
        a.kind == "count"
        and a.unit.startswith("person")
        and a.predicate in _TOLLS
        and a.predicate == b.predicate
        and not (a.scoped or b.scoped)
    ):
        # A story's toll (dead, injured, arrested) told without a day, a place or an
        # incident of its own is the story's whole toll.
        needed = 0.0
    elif a.predicate and a.predicate == b.predicate:
        needed = CONTEXT_WITH_PREDICATE
    elif a.predicate or b.predicate:
        needed = CONTEXT_ONE_PREDICATE
    else:
        needed = CONTEXT_NO_PREDICATE
    if (
        a.kind == "count"
        and a.quantity
        and b.quantity
        and _ratio(a.quantity, b.quantity) >= _SCOPE_RATIO
    ):
        needed += _SCOPE_EXTRA
    if overlap < needed:
        return None
    return Referent(_reason(a, b, weights), overlap)


def _same_distance(a: ValueMention, b: ValueMention) -> bool:
    da = a.place.distance_text if a.place else None
    db = b.place.distance_text if b.place else None
    return bool(da and db) and normalize_for_compare(da or "") == normalize_for_compare(db or "")


def _ratio(a: Quantity, b: Quantity) -> float:
    low, high = sorted((abs(a.value), abs(b.value)))
    return high / low if low else math.inf


def _modifiers(q: Quantity) -> frozenset[str]:
    """Words between the figure and its unit ("three *ladder* trucks", "11 *Yemeni*
    pirates"): they say which part of a whole is counted."""
    return _text_modifiers(q.text)


@lru_cache(maxsize=16384)
def _text_modifiers(text: str) -> frozenset[str]:
    words = [w.lower() for w in re.findall(r"[\w.,'-]+", text)]
    last_number = max((i for i, w in enumerate(words) if is_number_word(w)), default=-1)
    inner = words[last_number + 1 : -1] if last_number >= 0 else []
    return frozenset(w for w in inner if w not in STOPWORDS and w not in _NEUTRAL_MODIFIERS)


_NEUTRAL_MODIFIERS = frozenset("other more additional further extra separate".split())


def _different_modifiers(a: Quantity, b: Quantity) -> bool:
    """ "Three ladder trucks" / "three fire trucks" count different things; "11 Yemeni
    pirates" counts a part of "23 pirates" (a proper qualifier on one side only)."""
    ma, mb = _modifiers(a), _modifiers(b)
    if ma and mb and ma.isdisjoint(mb):
        return True
    return _proper_qualified(a) != _proper_qualified(b)


def _proper_qualified(q: Quantity) -> bool:
    return _text_proper_qualified(q.text)


@lru_cache(maxsize=16384)
def _text_proper_qualified(text: str) -> bool:
    words = re.findall(r"[\w'-]+", text)
    last_number = max((i for i, w in enumerate(words) if is_number_word(w)), default=-1)
    inner = words[last_number + 1 : -1] if last_number >= 0 else []
    return any(_DEMONYM.match(w) for w in inner)


#: Qualifiers that pick a part of a group: nationalities ("Yemeni", "Indian").
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|an|ese|i|ish|ic|ch)$")


def _reason(a: ValueMention, b: ValueMention, weights: Mapping[str, float]) -> str:
    what = {
        "count": f"count {a.unit.split(':')[-1]}s" if a.unit else "count the same thing",
        "money": "give an amount of money",
        "percent": "give a share",
        "measure": f"measure {a.unit}",
        "duration": "give how long",
        "age": "give an age",
        "ordinal": f"number the {a.unit}",
        "date": "date",
        "place": f"place it relative to {a.place.landmark if a.place else a.unit}",
    }[a.kind]
    parts = [f"both {what}"]
    if a.predicate and a.predicate == b.predicate:
        words = dict.fromkeys(w for w in (a.predicate_word, b.predicate_word) if w)
        parts.append(f"of the same event (“{'” / “'.join(words)}”)")
    shared = sorted(a.context & b.context, key=lambda w: (-weights.get(w, 1.0), w))[:4]
    if shared:
        parts.append(f"in sentences that also share “{'”, “'.join(shared)}”")
    if a.years:
        parts.append(f"both in {', '.join(str(y) for y in sorted(a.years))}")
    return " ".join(parts)
