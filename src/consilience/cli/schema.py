"""``consilience schema``: print the dossier's JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from consilience.cli.common import write_output


def schema_command(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Print the JSON Schema of the dossier (contract version 1)."""
    from consilience.dossier import schema_text

    write_output(schema_text(), output)
