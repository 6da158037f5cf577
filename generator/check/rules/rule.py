"""What a rule is: a small named function with a stable code that yields findings.

A finding is a path into the charter and a message; :mod:`generator.check.validate` turns it into a
located diagnostic. Completeness rules also say how many chances a charter had to pass them,
which is what the completeness score counts.

A rule's docstring is its user documentation, written into the diagnostics reference: a first
paragraph naming the practice it protects, then what it finds (Markdown), then a last
paragraph starting ``Fix:``.
"""

from __future__ import annotations

import datetime
import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Group, Severity
from generator.check.document import Location, SourceDocument
from generator.check.facts import FileFacts
from generator.check.mentions import TermMentions
from generator.check.vocabulary import RETIRED
from generator.settings import Settings
from generator.values import DataPath


@dataclass(frozen=True)
class Finding:
    """A problem at ``path``; ``at_key`` points at the key, ``offset`` into a string value."""

    path: DataPath
    message: str
    hint: str = ""
    at_key: bool = False
    offset: int | None = None
    line: int | None = None
    """Where the finding is, when the rule already knows it (with ``column``)."""
    column: int = 1


@dataclass(frozen=True)
class CharterContext:
    """One charter's raw values, with what rules need to judge them."""

    document: SourceDocument
    today: datetime.date
    settings: Settings

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data if isinstance(self.document.data, dict) else {}


@dataclass(frozen=True)
class HandbookContext:
    """Every charter, glossary and people file of a run, as facts, for rules across files."""

    charters: list[FileFacts]
    glossaries: list[FileFacts]
    today: datetime.date
    settings: Settings
    mentions: TermMentions
    registries: list[FileFacts] = field(default_factory=list)
    """The people registry files (``people.yaml``) and their people."""


CharterCheck = Callable[[CharterContext], Iterable[Finding]]
HandbookCheck = Callable[[HandbookContext], Iterable[tuple[FileFacts, Finding]]]
Chances = Callable[[CharterContext], int]


class _DocumentedRule:
    """What every rule shares: its name and its documentation come from its check function."""

    _GROUP: ClassVar[Group]
    """The section of the diagnostics reference the rule is listed in."""
    code: Code
    severity: Severity
    check: Callable[..., object]

    @property
    def name(self) -> str:
        return self.check.__name__

    @property
    def practice(self) -> str:
        """The practice the rule protects: its docstring's first paragraph."""
        return _docstring(self.check)[0]

    @property
    def counts_completeness(self) -> bool:
        """Whether each finding is a missed chance in the charter's completeness score."""
        return False

    @property
    def doc(self) -> CodeDoc:
        """The rule's section of the diagnostics reference, from its docstring."""
        return CodeDoc(
            self.code,
            self.severity,
            self._GROUP,
            _docstring(self.check)[1],
            self.practice,
            completeness=self.counts_completeness,
        )


@dataclass(frozen=True)
class CharterRule(_DocumentedRule):
    _GROUP = Group.CHARTER_RULES

    code: Code
    severity: Severity
    check: CharterCheck
    chances: Chances | None = None
    """For completeness rules: how many times the charter could pass (e.g. one per party)."""

    @property
    def counts_completeness(self) -> bool:
        return self.chances is not None


@dataclass(frozen=True)
class HandbookRule(_DocumentedRule):
    _GROUP = Group.HANDBOOK_RULES

    code: Code
    severity: Severity
    check: HandbookCheck = field(repr=False)


def _docstring(check: Callable[..., object]) -> tuple[str, str]:
    """A rule's docstring split into its first paragraph (the practice) and the rest."""
    practice, _, text = inspect.cleandoc(check.__doc__ or "").partition("\n\n")
    return practice, text


def one_chance(charter: CharterContext) -> int:
    """For completeness rules a charter passes or fails once."""
    return 1


def error(code: Code) -> Callable[[CharterCheck], CharterRule]:
    """Register a charter rule whose findings make the charter invalid."""
    return lambda check: CharterRule(code, Severity.ERROR, check)


def reminder(code: Code) -> Callable[[CharterCheck], CharterRule]:
    """Register a rule about what the calendar says: a reminder that never fails a check.

    A retired charter gets no reminders: its calendar has stopped.
    """

    def register(check: CharterCheck) -> CharterRule:
        @functools.wraps(check)
        def unless_retired(charter: CharterContext) -> Iterable[Finding]:
            return () if charter.data.get("status") == RETIRED else check(charter)

        return CharterRule(code, Severity.REMINDER, unless_retired)

    return register


def completeness(code: Code, chances: Chances) -> Callable[[CharterCheck], CharterRule]:
    """Register a completeness rule: a warning that also lowers the completeness score."""
    return lambda check: CharterRule(code, Severity.WARNING, check, chances)


def across_files(code: Code, severity: Severity) -> Callable[[HandbookCheck], HandbookRule]:
    """Register a rule that compares charters with each other or with the glossary."""
    return lambda check: HandbookRule(code, severity, check)


def diagnostic_for(
    where: SourceDocument | FileFacts, code: Code, severity: Severity, finding: Finding
) -> Diagnostic:
    """A rule's finding as a diagnostic, located in the file (or the facts kept of it)."""
    if finding.line is not None:
        location = Location(finding.line, finding.column)
    elif finding.offset is not None and isinstance(where, SourceDocument):
        location = where.locate_in_text(finding.path, finding.offset)
    else:
        location = where.locate(finding.path, key=finding.at_key)
    return Diagnostic(
        where.file, location.line, location.column, severity, code, finding.message, finding.hint
    )


def rule_failed(file: str, name: str, code: Code, error: Exception) -> Diagnostic:
    """The diagnostic for a rule that crashed: a bug in the tool, reported like any finding."""
    return Diagnostic(
        file,
        1,
        1,
        Severity.ERROR,
        Code.RULE_FAILED,
        f"rule {name} ({code}) failed: {type(error).__name__}: {error}",
        "please report this as a bug in the handbook tool",
    )
