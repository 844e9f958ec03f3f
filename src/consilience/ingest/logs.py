"""Which input is being read, for log lines that would not say it.

trafilatura, htmldate and charset_normalizer log about the page they are given ("parsed
tree length: 1, wrong data type or not valid HTML") without knowing its file. The reader
sets :data:`reading` (a context variable: safe across threads and tasks) around each
file, and :class:`InputLogFilter`, installed on a log handler, prefixes those libraries'
records with it and makes every record one terminal-safe line.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from consilience.safetext import one_line

__all__ = ["THIRD_PARTY_LOGGERS", "InputLogFilter", "reading"]

#: The input being read (as :func:`~consilience.safetext.display_path` shows it).
reading: ContextVar[str | None] = ContextVar("consilience_reading", default=None)

#: Libraries that log about an input without naming it.
THIRD_PARTY_LOGGERS = ("trafilatura", "htmldate", "charset_normalizer", "dateparser", "lxml")


class InputLogFilter(logging.Filter):
    """Names the input in third-party records and escapes control characters in all."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        source = reading.get()
        if source is not None and record.name.split(".")[0] in THIRD_PARTY_LOGGERS:
            message = f"{source}: {message}"
        record.msg = one_line(message)
        record.args = None
        return True
