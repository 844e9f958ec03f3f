"""How a row of ``tests/data/extract/resolve_cases.json`` becomes entity mentions; shared
by the resolve tests and ``benchmarks/eval_extract_entities.py``."""

from __future__ import annotations

from typing import Any

from consilience.records import EntityMention


def case_mentions(case: dict[str, Any]) -> list[EntityMention]:
    """One sentence per mention, spaced apart, unless the row places it."""
    mentions = []
    cursor: dict[str, int] = {}
    for index, row in enumerate(case["mentions"]):
        article, name, entity_type, title = row[:4]
        place = row[4] if len(row) > 4 else {}
        start = place.get("start", cursor.get(article, 0))
        cursor[article] = max(cursor.get(article, 0), start) + len(name) + 100
        sentence = place.get("sentence", index + 1)
        mentions.append(
            EntityMention(article, sentence, start, start + len(name), name, entity_type, title)
        )
    return mentions
