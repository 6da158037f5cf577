"""The problems that end a command, each with its exit code; ``cli.main`` shows them once.

Problems inside charters are :class:`~generator.check.diagnostics.Diagnostic` values, reported
by the formatters; these exceptions are for what stops a command as a whole, as click's
``ClickException`` and ``UsageError`` are.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
"""The command ran and found errors (or warnings under ``--strict``), or could not finish."""
EXIT_USAGE = 2
"""The command was called wrongly: a bad option, setting, path or id."""


class HandbookError(Exception):
    """A command cannot go on; the message says why. Exit code 1.

    ``preformatted`` messages come from the diagnostic formatters, whose lines are already
    safe to print; any other message is printed as one escaped line.
    """

    exit_code = EXIT_FAILED

    def __init__(self, message: str = "", *, preformatted: bool = False) -> None:
        super().__init__(message)
        self.preformatted = preformatted


class UsageError(HandbookError):
    """The command was called wrongly (option, setting, path, id). Exit code 2."""

    exit_code = EXIT_USAGE
