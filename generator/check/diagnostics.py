"""Diagnostics: located findings about a charter file, as plain data, and what each code means.

Rules and loaders create diagnostics; only :mod:`generator.check.formatters` decides how they look.
Each code's documentation (:class:`CodeDoc`) is declared beside the code that emits it;
:mod:`generator.check.diagnostics_reference` writes it into the diagnostics reference page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from generator.check.codes import Code


class Severity(str, Enum):
    """How a finding counts. Errors fail the check; warnings fail it under ``--strict``;
    reminders come from the calendar alone (a review or meeting due, a period over) and never
    fail a check or a build."""

    ERROR = "error"
    WARNING = "warning"
    REMINDER = "reminder"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: where it is (1-based line and column), how bad, which rule, and what to do."""

    file: str
    line: int
    column: int
    severity: Severity
    code: Code
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    @property
    def is_reminder(self) -> bool:
        return self.severity is Severity.REMINDER


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in reading order: by file, line, column, then code."""
    return sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.code, d.message))


class Group(Enum):
    """What a code looks at: the sections of the diagnostics reference, in page order."""

    READING = "Reading the file"
    SCHEMA = "The schema"
    CHARTER_RULES = "Rules in one charter"
    HANDBOOK_RULES = "Rules across charters"
    EDITING = "Editing files"


@dataclass(frozen=True)
class CodeDoc:
    """What the diagnostics reference says about one code."""

    code: Code
    severity: Severity
    group: Group
    text: str
    """Markdown: what the code finds, then a last paragraph starting ``Fix:``."""
    practice: str = ""
    """The handbook practice the code protects, for rules."""
    completeness: bool = False
    """Whether each finding is a missed chance in the charter's completeness score."""
