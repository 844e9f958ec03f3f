"""Is a sentence a check-worthy factual statement, or opinion, filler, speculation?

No offline model judges check-worthiness, so this is a transparent score over cues that
claim-detection work (ClaimBuster and its successors) found predictive: concrete anchors
(names, numbers, dates), reporting verbs and past-tense events push a sentence up;
evaluative language, speculation, second-person address and rhetorical filler push it
down. The reasons are returned so that a reader sees why a sentence was set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                     r"dozens?|hundreds?|thousands?|millions?|billions?)\b", re.I)  # fmt: skip
_INNER_CAPITAL = re.compile(r"(?<=[\w,;:] )[A-Z][\w’'.-]+")
_REPORTING = re.compile(
    r"\b(said|says|told|tells|reported|reports|according to|confirmed|announced|denied|"
    r"stated|declared|acknowledged|admitted|added|cited|quoted|disclosed|revealed|declined|"
    r"refused)\b",
    re.I,
)
_EVENT_PAST = re.compile(r"\b[a-z]{3,}ed\b|\b(hit|struck|took|began|fell|rose|sank|met|held|"
                         r"made|gave|left|killed|won|lost|shot|sent|led|brought|found)\b")  # fmt: skip
_OPINION = re.compile(
    r"\b(argue[sd]?|critics?|opinion|believe[sd]?|should|must|ought|shameful|outrageous|"
    r"lawless|disgrace(ful)?|brilliant|symbolic(ally)?|powerful|compelling|remarkable|"
    r"crucial|vital|essential|hopefully|unfortunately|clearly|obviously|undoubtedly|"
    r"pros and cons|on the bright side|on the downside|key to|requires?|will need)\b",
    re.I,
)
_SPECULATION = re.compile(
    r"\b(may|might|could|would|perhaps|possibly|likely|potential(ly)?)\b", re.I
)
_FILLER_OPENER = re.compile(
    r"^\W*(it is (important|worth) (to note|noting)|interestingly|surprisingly|luckily|"
    r"thankfully|in sum|in summary|in conclusion|moving forward|going forward|ultimately|"
    r"therefore|moreover|furthermore|additionally|in addition|meanwhile|still|however|"
    r"at the same time|on one side|on the other|first|next|finally|together)\b",
    re.I,
)
_SECOND_PERSON = re.compile(r"\b(you|your|we|our|us)\b", re.I)
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_MIN_WORDS = 5


@dataclass(frozen=True, slots=True)
class Checkworthiness:
    score: float
    reasons: tuple[str, ...]

    @property
    def is_opinion(self) -> bool:
        return "opinion" in self.reasons


def checkworthiness(text: str) -> Checkworthiness:
    """A score in [0, 1] and the reasons for any penalty."""
    words = text.split()
    if len(words) < _MIN_WORDS:
        return Checkworthiness(0.0, ("too short",))
    outside_quotes = _QUOTED.sub(" ", text)
    score = 0.2
    reasons: list[str] = []
    if _NUMBER.search(text):
        score += 0.2
    if _INNER_CAPITAL.search(text):
        score += 0.25
    if _REPORTING.search(text):
        score += 0.15
    if _EVENT_PAST.search(text):
        score += 0.15
    if _OPINION.search(outside_quotes):
        score -= 0.25
        reasons.append("opinion")
    if _SPECULATION.search(outside_quotes):
        score -= 0.1
        reasons.append("speculation")
    if _FILLER_OPENER.search(text):
        score -= 0.05
        reasons.append("filler")
    if _SECOND_PERSON.search(outside_quotes):
        score -= 0.2
        reasons.append("addresses the reader")
    return Checkworthiness(max(0.0, min(1.0, score)), tuple(reasons))
