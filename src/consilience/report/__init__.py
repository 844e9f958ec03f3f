"""Report: the dossier as JSON, Markdown, a terminal view, or a self-contained HTML page."""
