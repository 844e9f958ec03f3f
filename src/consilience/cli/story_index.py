"""Reports of many stories in one directory: ``DIR/<story-id>.html`` beside the dossier
``DIR/<story-id>.json``, and ``DIR/index.html`` listing the stories (title, articles,
outlets) with a link to each report. Every text shown is escaped; every file is written
crash-safely (a reader of the directory sees the old file or the new one, whole)."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from consilience.cli.common import output_stream
from consilience.cluster.settings import Story

if TYPE_CHECKING:
    from consilience.dossier import Dossier

log = logging.getLogger(__name__)

INDEX_NAME = "index.html"
_MAX_OUTLETS = 8


def report_name(story_id: str) -> str:
    """The file of a story's HTML report (a story called "index" leaves the index its
    name)."""
    return f"story-{story_id}.html" if story_id.lower() == "index" else f"{story_id}.html"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    story_id: str
    title: str
    articles: int
    outlets: tuple[str, ...]


def report_writer(directory: Path, fmt: str) -> Callable[[str, str], None]:
    """A writer of one story's dossier JSON: ``DIR/<id>.json``, and with ``fmt`` html
    its report ``DIR/<id>.html`` too. Story ids are checked when read (they name no
    other path)."""

    def write(story_id: str, content: str) -> None:
        with output_stream(directory / f"{story_id}.json") as out:
            out(content)
        if fmt == "html":
            # The dossier model and the report renderer load with the first report.
            from consilience.dossier import Dossier
            from consilience.report import render

            page = render.render(Dossier.model_validate_json(content), "html")
            with output_stream(directory / report_name(story_id)) as out:
                out(page)

    return write


def story_outlets(dossier: Dossier) -> tuple[str, ...]:
    """The outlets of a dossier's articles, in order; an article without one shows the
    outlet its text credits (a dateline's agency, a byline), marked as credited."""
    from consilience.ingest.plaintext import credited_outlet_of

    names: list[str] = []
    for article in dossier.articles:
        name = article.outlet
        if not name:
            credit = credited_outlet_of(article.text)
            name = f"{credit} (credited)" if credit else None
        if name:
            names.append(name)
    return tuple(dict.fromkeys(names))


def index_entries(directory: Path, stories: Sequence[Story]) -> list[IndexEntry]:
    """An entry for each story whose report is in ``directory``, most articles first."""
    from consilience.dossier import Dossier

    entries = []
    for story in stories:
        if not (directory / report_name(story.id)).is_file():
            continue
        outlets: tuple[str, ...] = ()
        try:
            dossier_text = (directory / f"{story.id}.json").read_text(encoding="utf-8")
            outlets = story_outlets(Dossier.model_validate_json(dossier_text))
        except (OSError, ValueError):  # a pydantic ValidationError is a ValueError
            log.info("story %s: no readable dossier beside its report", story.id)
        entries.append(IndexEntry(story.id, story.title, len(story.article_ids), outlets))
    return sorted(entries, key=lambda e: (-e.articles, e.story_id))


def render_index(entries: Sequence[IndexEntry]) -> str:
    rows = []
    for entry in entries:
        shown = list(entry.outlets[:_MAX_OUTLETS])
        if len(entry.outlets) > _MAX_OUTLETS:
            shown.append(f"and {len(entry.outlets) - _MAX_OUTLETS} more")
        link = html.escape(report_name(entry.story_id), quote=True)
        rows.append(
            "<tr>"
            f'<td><a href="{link}">{html.escape(entry.title or entry.story_id)}</a></td>'
            f'<td class="n">{entry.articles}</td>'
            f"<td>{html.escape(', '.join(shown))}</td>"
            "</tr>"
        )
    body = "\n".join(rows) or '<tr><td colspan="3">No story of two or more articles.</td></tr>'
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Stories — consilience</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }}
td.n, th.n {{ text-align: right; }}
</style></head>
<body>
<h1>Stories</h1>
<p>{len(entries)} {"story" if len(entries) == 1 else "stories"}, most articles first.</p>
<table>
<thead><tr><th>Story</th><th class="n">Articles</th><th>Outlets</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</body></html>
"""


def write_index(directory: Path, stories: Sequence[Story]) -> int:
    """Write ``DIR/index.html`` for the stories with a report there; returns how many."""
    entries = index_entries(directory, stories)
    with output_stream(directory / INDEX_NAME) as out:
        out(render_index(entries))
    return len(entries)
