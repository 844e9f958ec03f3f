"""The command-line interface. It depends on the library, never the reverse."""

from __future__ import annotations

import typer

from consilience import __version__
from consilience.cli.add import add_command
from consilience.cli.analyze import analyze_command
from consilience.cli.changes import changes_command
from consilience.cli.cluster import cluster_command
from consilience.cli.compare import compare_command
from consilience.cli.schema import schema_command
from consilience.cli.serve import serve_command
from consilience.cli.stories import analyze_stories_command
from consilience.cli.watch import watch_command
from consilience.gc_tuning import tune_for_batch

app = typer.Typer(
    name="consilience",
    help="Read many news reports of one event and see what is actually known.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("analyze")(analyze_command)
app.command("analyze-stories")(analyze_stories_command)
app.command("cluster")(cluster_command)
app.command("compare")(compare_command)
app.command("schema")(schema_command)
app.command("add")(add_command)
app.command("watch")(watch_command)
app.command("changes")(changes_command)
app.command("serve")(serve_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"consilience {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Read many news reports of one event and see what is actually known."""


def main() -> None:
    tune_for_batch()  # fewer garbage-collector passes: see consilience.gc_tuning
    app()
