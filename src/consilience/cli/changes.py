"""``consilience changes``: what changed in a story (or in every story) between two of
its dossier versions."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from consilience.cli.common import (
    FORMAT_HELP,
    DebugOption,
    OutputOption,
    VerboseOption,
    configure_logging,
    fail,
    pick_format,
    translate_errors,
    write_output,
)
from consilience.cli.service_options import DbOption, open_service_store


class ChangesFormat(StrEnum):
    text = "text"
    json = "json"


def changes_command(
    story: Annotated[
        str | None,
        typer.Argument(help="Story id (or a unique prefix). Default: every story changed."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Compare with the story as it was then (1d, 12h, ISO date)."),
    ] = None,
    from_version: Annotated[
        int | None, typer.Option("--from", min=1, help="Compare from this version.")
    ] = None,
    to_version: Annotated[
        int | None, typer.Option("--to", min=1, help="Compare to this version (default: newest).")
    ] = None,
    output_format: Annotated[
        ChangesFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = None,
    output: OutputOption = None,
    db: DbOption = None,
    verbose: VerboseOption = 0,
    debug: DebugOption = False,
) -> None:
    """Show what changed in a story: new articles, outlets and origins, new or newly
    corroborated claims, claims now disputed, conflicts opened or resolved, counts."""
    configure_logging(verbose)
    with translate_errors(debug):
        from consilience.service.changes import changes_lines
        from consilience.service.history import compare, parse_since
        from consilience.service.store.repository import find_story, list_stories

        store = open_service_store(db)
        when = parse_since(since) if since else None
        if story is not None:
            found = find_story(store, story)
            if found is None:
                fail(f"no story {story!r} in {store.describe()} (or the prefix is ambiguous)")
            targets = [found]
        else:
            if (from_version or to_version) is not None:
                fail("--from and --to need a STORY", 2)
            targets = [
                s
                for s in list_stories(store, limit=10_000)
                if s.latest_version and (when is None or s.updated_at > when)
            ]
        results = []
        for target in targets:
            changes = compare(
                store, target.id, since=when, from_number=from_version, to_number=to_version
            )
            if changes is not None and (story is not None or not changes.empty):
                results.append((target, changes))
        store.close()
        if story is not None and not results:
            fail(f"story {targets[0].id} has no dossier yet")
        chosen = pick_format(output_format, output, [f.value for f in ChangesFormat])
        if chosen == ChangesFormat.json:
            payload = [
                {"story": t.id, "title": t.title, **c.model_dump(mode="json")} for t, c in results
            ]
            write_output(json.dumps(payload if story is None else payload[0], indent=2), output)
            return
        lines: list[str] = []
        for target, changes in results:
            span = f"v{changes.from_version} → v{changes.to_version}"
            if changes.from_version is None:
                span = f"new story, v{changes.to_version}"
            lines.append(f"{target.id}  {target.title}  ({span})")
            lines += changes_lines(changes)
            lines.append("")
        if not results:
            lines.append("No story changed.")
        write_output("\n".join(lines).rstrip() + "\n", output)
