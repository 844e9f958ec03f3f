"""Wire credits: the outlet an article says its text comes from.

In-text credits ("CNN reported", "according to AFP", "told Reuters") are found by the
extract stage (:func:`consilience.extract.attribution.extract_cited_outlets`), sentence by
sentence. This module adds the credits that stand outside the sentences, in the forms
agencies and republishers print them:

* datelines: ``WASHINGTON (AP) —``, ``LONDON, Dec 30 (Reuters) -``, ``PARIS, AFP -``;
* bylines: ``By Jane Doe, Associated Press``, ``By Jane Doe | Reuters``,
  ``Associated Press Writer``;
* sign-offs: ``(AFP)``, ``— AFP``, ``Reporting by …; Editing by …`` (Reuters' form),
  ``Copyright 2008 The Associated Press``, ``The Associated Press contributed to this report``.

An article whose text carries a wire credit, or that credits one outlet throughout (its
lede and at least a fifth of its sentences), *rests on* that outlet's report: the basis
two copies of one report share even when their wording differs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from consilience.extract.speech_lexicon import outlet_name
from consilience.records import CitedOutlet, PreparedArticle

CreditPlace = Literal["dateline", "byline", "signoff", "text"]

_HEAD_CHARS = 400
_TAIL_CHARS = 400
_OUTLET = r"[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,4}"
_DATELINE = re.compile(
    rf"^[\s\-–—]*[A-Z][A-Za-z.'’ -]{{1,40}}(?:,\s*[\w. ]{{1,25}})?\s*"
    rf"(?:\((?P<paren>{_OUTLET})\)|,\s*(?P<comma>{_OUTLET}))\s*[-–—:]",
)
_BYLINE = re.compile(
    rf"^\s*By\s+[A-Z][\w.'’ -]{{1,60}}?\s*(?:,|\||/|-|–|—)\s*(?P<outlet>{_OUTLET})\s*$",
    re.MULTILINE,
)
_WRITER = re.compile(rf"(?P<outlet>{_OUTLET})\s+(?:Staff\s+)?Writers?\b", re.MULTILINE)
_SIGNOFF = re.compile(
    rf"(?:^|\n)\s*(?:[-–—]\s*(?P<dash>{_OUTLET})|\((?P<paren>{_OUTLET})\))\s*\.?\s*$"
    rf"|Copyright\s+(?:©\s*)?\d{{4}}\s+(?P<copyright>{_OUTLET})"
    rf"|(?P<contrib>{_OUTLET})\s+contributed\s+to\s+this\s+report"
    r"|(?P<reuters>Reporting\s+by\s+[^\n]{2,120};?\s*(?:Additional\s+reporting\s+by[^\n]*)?"
    r"Editing\s+by)",
)
#: Share of an article's evidence sentences that must credit one outlet for the article
#: to rest on it (with the credit in its lede).
_BASIS_SHARE = 0.2
_LEDE_SENTENCES = 2
#: A credit this early names the report an article retells.
_LEDE_CREDIT_SENTENCES = 4


@dataclass(frozen=True, slots=True)
class WireCredit:
    """An outlet credited for the article's text as a whole."""

    article_id: str
    outlet: str
    start: int
    end: int
    text: str
    place: CreditPlace


def _credit(article_id: str, raw: str | None, start: int, place: CreditPlace) -> WireCredit | None:
    if not raw:
        return None
    name = outlet_name(raw.strip(" .,"))
    if name is None:
        return None
    return WireCredit(article_id, name, start, start + len(raw), raw, place)


def wire_credits(prepared: PreparedArticle) -> list[WireCredit]:
    """Dateline, byline and sign-off credits of one article."""
    text = prepared.article.text
    aid = prepared.id
    found: list[WireCredit | None] = []
    head = text[:_HEAD_CHARS]
    for line_start, line in _lines(head):
        match = _DATELINE.match(line)
        if match:
            group = "paren" if match.group("paren") else "comma"
            found.append(
                _credit(aid, match.group(group), line_start + match.start(group), "dateline")
            )
            break
    for match in _BYLINE.finditer(head):
        found.append(_credit(aid, match.group("outlet"), match.start("outlet"), "byline"))
    for match in _WRITER.finditer(head):
        found.append(_credit(aid, match.group("outlet"), match.start("outlet"), "byline"))
    tail_start = max(0, len(text) - _TAIL_CHARS)
    for match in _SIGNOFF.finditer(text, tail_start):
        if match.group("reuters"):
            found.append(
                WireCredit(
                    aid,
                    "Reuters",
                    match.start("reuters"),
                    match.end("reuters"),
                    match.group("reuters"),
                    "signoff",
                )
            )
            continue
        for group in ("dash", "paren", "copyright", "contrib"):
            if match.group(group):
                found.append(_credit(aid, match.group(group), match.start(group), "signoff"))
    out = [c for c in found if c is not None and c.outlet != _own_outlet(prepared)]
    return list({(c.outlet, c.start): c for c in out}.values())


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((position, line))
        position += len(line) + 1
    return out[:3]


def _own_outlet(prepared: PreparedArticle) -> str | None:
    own = prepared.article.outlet
    return outlet_name(own) or own if own else None


def lede_outlets(prepared: PreparedArticle, cited: Sequence[CitedOutlet]) -> frozenset[str]:
    """Outlets credited in the article's first sentences (where a rewrite names the report
    it retells)."""
    evidence = prepared.evidence_sentences()
    if not evidence:
        return frozenset()
    lede_end = evidence[min(len(evidence), _LEDE_CREDIT_SENTENCES) - 1].end
    return frozenset(c.outlet for c in cited if c.start < lede_end)


def basis_outlet(
    prepared: PreparedArticle, wire: Sequence[WireCredit], cited: Sequence[CitedOutlet]
) -> str | None:
    """The outlet whose report the article rests on as a whole, if any: a wire credit, or
    one outlet credited in the lede and in at least a fifth of the evidence sentences."""
    full = [c for c in wire if c.place != "signoff" or "contributed" not in c.text]
    if full:
        return Counter(c.outlet for c in full).most_common(1)[0][0]
    evidence = prepared.evidence_sentences()
    if not evidence or not cited:
        return None
    lede_end = evidence[min(len(evidence), _LEDE_SENTENCES) - 1].end
    by_outlet: dict[str, set[int]] = {}
    in_lede: set[str] = set()
    for credit in cited:
        if credit.sentence is not None:
            by_outlet.setdefault(credit.outlet, set()).add(credit.sentence)
        if credit.start < lede_end:
            in_lede.add(credit.outlet)
    best = None
    for outlet, sentences in sorted(by_outlet.items()):
        if (
            outlet in in_lede
            and len(sentences) >= 2
            and len(sentences) >= _BASIS_SHARE * len(evidence)
            and (best is None or len(sentences) > len(by_outlet[best]))
        ):
            best = outlet
    return best
