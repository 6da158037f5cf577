"""What a check found: each file's result and the whole run's, in reading order.

A file's result holds its :class:`~generator.check.facts.FileFacts`, its findings and, for a
charter, its completeness score; a run that keeps documents (the site, the reports) also gets
the file as read and, when it is valid, its typed model. This module imports no validation
library, so results can come from the cache without loading one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.check.diagnostics import Diagnostic
from generator.check.document import SourceDocument
from generator.check.facts import FileFacts
from generator.check.vocabulary import DRAFT, TIERS

if TYPE_CHECKING:
    from generator.check.schema import Charter, Glossary, People


@dataclass
class _Checked:
    """What every checked file has: its facts and findings, and the file as read when the run
    keeps documents."""

    facts: FileFacts
    diagnostics: list[Diagnostic] = field(default_factory=list)
    kept_document: SourceDocument | None = field(default=None, repr=False, kw_only=True)

    @property
    def file(self) -> str:
        return self.facts.file

    @property
    def document(self) -> SourceDocument:
        """The file as read; only runs that keep documents have it."""
        if self.kept_document is None:
            raise LookupError(f"{self.file}: this run did not keep the documents it read")
        return self.kept_document


@dataclass
class CharterResult(_Checked):
    """One charter file after checking, with its completeness score and, when the file is
    valid and the run keeps documents, its typed charter."""

    completeness: int | None = None
    charter: Charter | None = None

    @property
    def charter_id(self) -> str:
        return self.facts.charter_id

    @property
    def tier(self) -> str | None:
        tier = self.facts.field("tier")
        return tier if tier in TIERS else None

    @property
    def is_draft(self) -> bool:
        return self.facts.field("status") == DRAFT


@dataclass
class GlossaryResult(_Checked):
    """The glossary file after checking, with its typed glossary when it is valid."""

    glossary: Glossary | None = None


@dataclass
class PeopleResult(_Checked):
    """The people registry after checking, with its typed registry when it is valid."""

    people: People | None = None


FileResult = CharterResult | GlossaryResult | PeopleResult
"""What checking one file on its own gives: what a pool returns and the cache keeps."""


@dataclass
class CheckResult:
    """Everything one run found, diagnostics in reading order."""

    charters: list[CharterResult]
    glossaries: list[GlossaryResult]
    diagnostics: list[Diagnostic]
    registries: list[PeopleResult] = field(default_factory=list)
    """The people registry files: ``charters/people.yaml`` when there is one."""

    @property
    def people(self) -> People | None:
        """The people registry, when there is one and it is valid."""
        return next((item.people for item in self.registries if item.people is not None), None)

    @property
    def error_count(self) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.is_error)

    @property
    def warning_count(self) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.is_warning)

    @property
    def reminder_count(self) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.is_reminder)

    @property
    def draft_files(self) -> set[str]:
        """The files of charters with ``status: proposed``: drafts may be incomplete."""
        return {result.file for result in self.charters if result.is_draft}

    def strict_failures(self, changed: set[str] | None = None) -> list[Diagnostic]:
        """The warnings that fail ``--strict``: not a draft's, and in ``changed`` when given.

        Reminders never fail: they come from the calendar, not from what anyone wrote.
        """
        drafts = self.draft_files
        return [
            diagnostic
            for diagnostic in self.diagnostics
            if diagnostic.is_warning
            and diagnostic.file not in drafts
            and (changed is None or diagnostic.file in changed)
        ]

    @property
    def valid_charters(self) -> list[Charter]:
        return [result.charter for result in self.charters if result.charter is not None]
