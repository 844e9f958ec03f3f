"""Conflicts about quote wording: one quote printed in words of different substance.

Only changes of substance count: not an omission (an excerpt), not a figure written
another way ("6:41pm" / "18:41"), not a British spelling ("neighbourhood"), a hyphen or an
acronym ("IE" / "Internet Explorer"). A quote only one article carries is a single-source
detail, flagged on its claim, never a conflict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from consilience.extract.quotes import quote_differences
from consilience.extract.story import StoryExtraction
from consilience.judge.conflicts import ConflictRecord, ConflictSide
from consilience.records import Quote
from consilience.textspan import normalize_for_compare

_SPELLING = (
    (re.compile(r"(?<=[a-z])our(?=[a-z]*\b)"), "or"),
    (re.compile(r"is(e|ed|es|ing|ation)\b"), r"iz\1"),
    (re.compile(r"tre\b"), "ter"),
    (re.compile(r"ll(ed|ing)\b"), r"l\1"),
)


def _spelling_key(words: str) -> str:
    key = re.sub(r"[\s\-’'.]", "", words.casefold())
    for pattern, replacement in _SPELLING:
        key = pattern.sub(replacement, key)
    return key


def _acronym_of(short: str, long: str) -> bool:
    letters = "".join(w[0] for w in long.split() if w[:1].isalpha()).casefold()
    return short.replace(".", "").casefold() == letters or (
        short.casefold() == "ok" and long.casefold() == "okay"
    )


def substantive_changes(changes: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The changes between two wordings of a quote that change what was said: not an
    omission (an excerpt), not a figure written another way ("6:41pm" / "18:41"), not a
    spelling ("neighbourhood"), a hyphen or an acronym ("IE" / "Internet Explorer")."""
    out = []
    for before, after in changes:
        if not before or not after:
            continue
        if any(ch.isdigit() for ch in before + after):
            continue
        if _spelling_key(before) == _spelling_key(after):
            continue
        if _acronym_of(before, after) or _acronym_of(after, before):
            continue
        out.append((before, after))
    return out


def quote_conflicts(story: StoryExtraction) -> list[ConflictRecord]:
    """Quotes worded differently by different articles. (A quote only one article
    carries is a single-source detail, flagged on its claim, not a conflict.)"""
    out = []
    for group in story.quote_groups:
        members = list(group.members)
        articles = {q.article_id for q in members}
        speaker = story.speaker_name(group.speaker) or "an unnamed speaker"
        if len(articles) == 1:
            continue
        wordings: dict[str, list[Quote]] = {}
        for quote in members:
            wordings.setdefault(normalize_for_compare(quote.text), []).append(quote)
        if len(wordings) < 2:
            continue
        # The reference is the most printed full wording; an excerpt of it is no change,
        # anything else (a reworded or shortened quote) is.
        full = [k for k, qs in wordings.items() if not qs[0].partial] or list(wordings)
        reference = max(full, key=lambda k: (len(wordings[k]), len(k)))
        changed = [
            qs[0]
            for key, qs in wordings.items()
            if key != reference and not (qs[0].partial and key in reference)
        ]
        if not changed:
            continue
        base = wordings[reference][0]
        changes = substantive_changes(quote_differences(base.text, changed[0].text))
        if not changes:
            continue
        shown = "; ".join(f"“{x or '∅'}” → “{y or '∅'}”" for x, y in changes[:3])
        out.append(
            ConflictRecord(
                "quote_wording",
                f"The words of {speaker} differ between articles: {shown}.",
                tuple(
                    ConflictSide(q.article_id, q.start, q.end, q.text, q.text)
                    for q in [base, *changed]
                ),
                disputes_claim=False,
            )
        )
    return out
