"""``consilience schema``: print the dossier's JSON Schema."""

from __future__ import annotations

from consilience.cli.common import OutputOption, write_output


def schema_command(
    output: OutputOption = None,
) -> None:
    """Print the JSON Schema of the dossier (contract version 1)."""
    from consilience.dossier import schema_text

    write_output(schema_text(), output)
