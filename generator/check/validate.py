"""Check charters: the schema, then every rule, then the completeness score.

Every file is checked to the end; nothing here stops early or raises for bad input.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Group, Severity, sort_diagnostics
from generator.check.document import SourceDocument
from generator.check.load import find_yaml_files, read_document
from generator.check.rules import CHARTER_RULES, GLOSSARY_RULES, HANDBOOK_RULES
from generator.check.rules.rule import (
    CharterContext,
    CharterRule,
    Finding,
    HandbookContext,
    HandbookRule,
)
from generator.check.schema import DRAFT, GATED_STATUSES, RETIRED, TIERS, Charter, Glossary
from generator.check.schema_errors import validate_against
from generator.settings import MinimumCompleteness, Settings


@dataclass
class CharterResult:
    """One charter file after checking: the typed charter when the file is valid."""

    document: SourceDocument
    charter: Charter | None = None
    completeness: int | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def charter_id(self) -> str:
        data = self.document.data
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else self.document.stem

    @property
    def tier(self) -> str | None:
        data = self.document.data
        value = data.get("tier") if isinstance(data, dict) else None
        return value if value in TIERS else None


@dataclass
class GlossaryResult:
    document: SourceDocument
    glossary: Glossary | None = None


@dataclass
class CheckResult:
    """Everything one run found, diagnostics in reading order."""

    charters: list[CharterResult]
    glossaries: list[GlossaryResult]
    diagnostics: list[Diagnostic]

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
        return {
            result.document.file
            for result in self.charters
            if isinstance(result.document.data, dict)
            and result.document.data.get("status") == DRAFT
        }

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


def check_paths(paths: Iterable[str], settings: Settings, today: datetime.date) -> CheckResult:
    """Read every YAML file under ``paths`` and check them together.

    Raises FileNotFoundError naming the paths that do not exist.
    """
    files, missing = find_yaml_files(paths)
    if missing:
        raise FileNotFoundError(", ".join(missing))
    return check_documents([read_document(path, name) for path, name in files], settings, today)


def check_documents(
    documents: list[SourceDocument], settings: Settings, today: datetime.date
) -> CheckResult:
    """Check already-read documents; ``glossary.yaml`` files are glossaries, the rest charters."""
    charters = [
        _check_charter(document, settings, today)
        for document in documents
        if not document.is_glossary
    ]
    glossaries = [
        _check_glossary(document, settings, today) for document in documents if document.is_glossary
    ]
    handbook = HandbookContext(
        [result.document for result in charters],
        [result.document for result in glossaries],
        today,
        settings,
    )
    by_document = {id(result.document): result for result in charters}
    extra: list[Diagnostic] = []
    for rule in HANDBOOK_RULES:
        for document, diagnostic in _run_across_files(rule, handbook):
            extra.append(diagnostic)
            if id(document) in by_document:
                by_document[id(document)].diagnostics.append(diagnostic)
                if diagnostic.is_error:
                    by_document[id(document)].charter = None
    diagnostics = [d for document in documents for d in document.diagnostics] + extra
    for result in charters:
        result.diagnostics = sort_diagnostics(result.diagnostics)
    return CheckResult(charters, glossaries, sort_diagnostics(diagnostics))


def _check_charter(
    document: SourceDocument, settings: Settings, today: datetime.date
) -> CharterResult:
    result = CharterResult(document)
    if not document.loaded:
        result.diagnostics = list(document.diagnostics)
        return result
    if not isinstance(document.data, dict):
        _not_a_mapping(document)
        result.diagnostics = list(document.diagnostics)
        return result
    charter, schema_problems = validate_against(document, Charter)
    document.diagnostics.extend(schema_problems)
    context = CharterContext(document, today, settings)
    passed = chances = 0
    for rule in CHARTER_RULES:
        findings = _run(rule, context)
        document.diagnostics.extend(findings)
        if rule.chances is not None:
            rule_chances = rule.chances(context)
            chances += rule_chances
            passed += max(rule_chances - len(findings), 0)
    # Rounded down: a charter reaches its tier's minimum only when it really does.
    result.completeness = 100 * passed // chances if chances else 100
    _check_minimum(document, result.completeness, settings)
    result.diagnostics = list(document.diagnostics)
    if not any(diagnostic.is_error for diagnostic in document.diagnostics):
        result.charter = charter
    return result


def _check_glossary(
    document: SourceDocument, settings: Settings, today: datetime.date
) -> GlossaryResult:
    result = GlossaryResult(document)
    if not document.loaded:
        return result
    if not isinstance(document.data, dict):
        _not_a_mapping(document, "a glossary is a mapping with a `terms:` list")
        return result
    glossary, schema_problems = validate_against(document, Glossary)
    document.diagnostics.extend(schema_problems)
    context = CharterContext(document, today, settings)
    for rule in GLOSSARY_RULES:
        document.diagnostics.extend(_run(rule, context))
    if not any(diagnostic.is_error for diagnostic in document.diagnostics):
        result.glossary = glossary
    return result


def _run(rule: CharterRule, context: CharterContext) -> list[Diagnostic]:
    document = context.document
    try:
        return [
            _located(document, rule.code, rule.severity, finding) for finding in rule.check(context)
        ]
    except Exception as error:  # a bug in one rule must not hide every other result
        return [_rule_failed(document, rule.name, rule.code, error)]


def _run_across_files(
    rule: HandbookRule, handbook: HandbookContext
) -> list[tuple[SourceDocument, Diagnostic]]:
    try:
        return [
            (document, _located(document, rule.code, rule.severity, finding))
            for document, finding in rule.check(handbook)
        ]
    except Exception as error:  # a bug in one rule must not hide every other result
        first = (handbook.charters + handbook.glossaries)[0]
        return [(first, _rule_failed(first, rule.name, rule.code, error))]


def _rule_failed(document: SourceDocument, name: str, code: Code, error: Exception) -> Diagnostic:
    return Diagnostic(
        document.file,
        1,
        1,
        Severity.ERROR,
        Code.RULE_FAILED,
        f"rule {name} ({code}) failed: {type(error).__name__}: {error}",
        "please report this as a bug in the handbook tool",
    )


def _not_a_mapping(
    document: SourceDocument,
    hint: str = "a charter is a mapping of `key: value` lines, starting with `id:`",
) -> None:
    location = document.locate(())
    kind = "a list" if isinstance(document.data, list) else "a single value"
    document.add_error(
        location.line,
        location.column,
        Code.NOT_A_MAPPING,
        f"the file holds {kind}, not a mapping of fields",
        hint,
    )


def _check_minimum(document: SourceDocument, score: int, settings: Settings) -> None:
    data = document.data
    tier, status = data.get("tier"), data.get("status")
    if tier not in TIERS or status not in GATED_STATUSES:
        return
    minimum = settings.minimum_completeness.for_tier(tier)
    if score < minimum:
        location = document.locate(("tier",))
        document.add_error(
            location.line,
            location.column,
            Code.COMPLETENESS_BELOW_MINIMUM,
            f"completeness is {score}, below the minimum of {minimum} for a {tier}-tier "
            f"{status} charter",
            "complete what the warnings list, or set `status: proposed` while drafting",
        )


def _located(
    document: SourceDocument, code: Code, severity: Severity, finding: Finding
) -> Diagnostic:
    if finding.offset is not None:
        location = document.locate_in_text(finding.path, finding.offset)
    else:
        location = document.locate(finding.path, key=finding.at_key)
    return Diagnostic(
        document.file, location.line, location.column, severity, code, finding.message, finding.hint
    )


def _joined(words: list[str], conjunction: str) -> str:
    """``a, b and c``: words as a sentence lists them."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


_DEFAULT_MINIMUMS_TEXT = _joined(
    [f"{MinimumCompleteness().for_tier(tier)} for `{tier}`" for tier in TIERS], "and"
)
_GATED_STATUSES_TEXT = _joined([f"`{status}`" for status in GATED_STATUSES], "or")


CODE_DOCS = (
    CodeDoc(
        Code.NOT_A_MAPPING,
        Severity.ERROR,
        Group.SCHEMA,
        """
        The whole file is a list or a single value, not `key: value` lines. Nothing else in
        the file is checked.

        Fix: a charter is a set of `key: value` lines starting with `id:`; a glossary is a
        mapping with a `terms:` list.
        """,
    ),
    CodeDoc(
        Code.COMPLETENESS_BELOW_MINIMUM,
        Severity.ERROR,
        Group.CHARTER_RULES,
        f"""
        An {_GATED_STATUSES_TEXT} charter's completeness score is below the minimum for its tier: by
        default {_DEFAULT_MINIMUMS_TEXT}. The message gives the score and the minimum; the
        position points at `tier`.

        Fix: work through the completeness warnings of that charter. While the charter is
        still a draft, set `status: {DRAFT}`. The minimums are set in
        [settings](settings.md). How the score is counted is explained in the
        [authoring guide](../authoring.md#6-completeness).
        """,
        practice="Key accounts get the most attention, so the higher the tier, the more "
        f"complete its charter must be. Drafts (`{DRAFT}`) and `{RETIRED}` charters have no "
        "minimum.",
    ),
    CodeDoc(
        Code.RULE_FAILED,
        Severity.ERROR,
        Group.CHARTER_RULES,
        """
        One of the checker's rules crashed on this file. The message names the rule and its
        code. The other rules still ran. A rule across charters that crashes is reported on
        the first file checked.

        Fix: this is a bug in the handbook tool, not in your charter: please report it, with
        the file if you can.
        """,
    ),
)
"""What the diagnostics this module adds beside the rules' mean, for the diagnostics reference."""
