"""The exception tree. Every error consilience raises on purpose derives from
:class:`ConsilienceError`; errors of third-party libraries are translated into it at
the boundary where they occur, so callers catch one root."""

from __future__ import annotations


class ConsilienceError(Exception):
    """Root of every error raised by consilience."""


class InputError(ConsilienceError):
    """An input (file, record, URL) cannot be read as an article.

    ``source`` names the file (and ``line`` the line of a JSON Lines file) so that a
    batch can report the problem in one line and go on with the other inputs.
    """

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class ConfigurationError(ConsilienceError):
    """Settings or arguments that cannot work together."""


class BackendError(ConsilienceError):
    """An optional model backend (embedder, NER pipeline, NLI, LLM) is unavailable or failed."""


_SUMMARY_CHARS = 200


def bug_summary(exc: BaseException) -> str:
    """One line for an unexpected exception (a bug, not bad input): its type and message,
    with the request to report it."""
    message = " ".join(str(exc).split())[:_SUMMARY_CHARS]
    what = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return f"{what} (a bug in consilience: please report it)"
