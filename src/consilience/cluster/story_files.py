"""Reading back the stories ``consilience cluster`` wrote (JSON Lines, one story a line).

A stories file is input like any other: a line that is not a story, or whose id could
not name a file, is a problem reported in one line, and the other stories go on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from consilience.cluster.settings import Story
from consilience.records import Problem
from consilience.safetext import open_input

#: A story id names its dossier's file: letters, digits, dots, dashes, underscores.
_STORY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def read_story_line(raw: bytes, source: str, number: int) -> Story | Problem | None:
    """Line ``number`` of the stories file ``source``: its story, the problem with it,
    or ``None`` for a blank line."""
    if not raw.strip():
        return None
    try:
        story = Story.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        reason = f"{first['msg']} at {where}" if where else first["msg"]
        return Problem(source, f"not a story ({reason})", number)
    if not _STORY_ID.fullmatch(story.id):
        return Problem(source, f"story id {story.id[:60]!r} cannot name a file", number)
    return story


def read_stories(path: Path) -> Iterator[Story | Problem]:
    """Every story of a stories file, and a problem for each line that is not one; a
    file that cannot be read raises :class:`InputError`."""
    source = str(path)
    handle = open_input(path)
    with handle:
        for number, raw in enumerate(handle, start=1):
            item = read_story_line(raw, source, number)
            if item is not None:
                yield item


def missing_note(story_id: str, listed: int, found: int) -> str | None:
    """The line saying that a story's dossier covers only some of its articles."""
    if found == listed:
        return None
    if found == 0:
        return f"story {story_id}: none of its {listed} articles is in the inputs; no dossier"
    return (
        f"story {story_id}: {listed - found} of its {listed} articles are not in the inputs; "
        "the dossier covers the others"
    )
