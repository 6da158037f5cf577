"""Diagnostics: located findings about a charter file, as plain data.

Rules and loaders create diagnostics; only :mod:`generator.check.formatters` decides how they look.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: where it is (1-based line and column), how bad, which rule, and what to do."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in reading order: by file, line, column, then code."""
    return sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.code, d.message))
