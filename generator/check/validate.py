"""Check one file on its own: the schema, then every rule of one file, then the score.

Every file is checked to the end; nothing here stops early or raises for bad input. How a run
gets through many files (a pool, the cache) is :mod:`generator.check.run`; the rules that
compare files are :mod:`generator.check.across`.
"""

from __future__ import annotations

import datetime
from typing import TypeVar

from generator.check.across import check_across_files as check_across_files
from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Group, Severity
from generator.check.document import SourceDocument
from generator.check.facts import facts_of
from generator.check.results import CharterResult as CharterResult
from generator.check.results import CheckResult as CheckResult
from generator.check.results import FileResult as FileResult
from generator.check.results import GlossaryResult as GlossaryResult
from generator.check.results import PeopleResult as PeopleResult
from generator.check.rules.registry import CHARTER_RULES, GLOSSARY_RULES, PEOPLE_RULES
from generator.check.rules.rule import CharterContext, CharterRule, diagnostic_for, rule_failed
from generator.check.run import check_paths as check_paths
from generator.check.run import gc_paused
from generator.check.schema import Charter, Glossary, People
from generator.check.schema_errors import validate_against
from generator.check.vocabulary import DRAFT, GATED_STATUSES, RETIRED, TIERS
from generator.settings import MinimumCompleteness, Settings


def check_documents(
    documents: list[SourceDocument], settings: Settings, today: datetime.date
) -> CheckResult:
    """Check already-read documents: ``glossary.yaml`` is the glossary, ``people.yaml`` the
    people registry, the rest are charters."""
    with gc_paused():
        results = [check_file(document, settings, today, keep=True) for document in documents]
        return check_across_files(results, settings, today)


def check_file(
    document: SourceDocument, settings: Settings, today: datetime.date, *, keep: bool
) -> FileResult:
    """Check one read file on its own: the schema, the rules of one file, the score."""
    if document.is_glossary:
        return _check_glossary(document, settings, today, keep)
    if document.is_people:
        return _check_people(document, settings, today, keep)
    return _check_charter(document, settings, today, keep)


def _check_charter(
    document: SourceDocument, settings: Settings, today: datetime.date, keep: bool
) -> CharterResult:
    result = CharterResult(facts_of(document), kept_document=document if keep else None)
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
    if keep and not any(diagnostic.is_error for diagnostic in document.diagnostics):
        result.charter = charter
    return result


def _check_glossary(
    document: SourceDocument, settings: Settings, today: datetime.date, keep: bool
) -> GlossaryResult:
    result = GlossaryResult(facts_of(document), kept_document=document if keep else None)
    glossary = _check_listing(
        document,
        Glossary,
        GLOSSARY_RULES,
        "a glossary is a mapping with a `terms:` list",
        settings,
        today,
    )
    result.glossary = glossary if keep else None
    result.diagnostics = list(document.diagnostics)
    return result


def _check_people(
    document: SourceDocument, settings: Settings, today: datetime.date, keep: bool
) -> PeopleResult:
    result = PeopleResult(facts_of(document), kept_document=document if keep else None)
    people = _check_listing(
        document,
        People,
        PEOPLE_RULES,
        "the people registry is a mapping with a `people:` list",
        settings,
        today,
    )
    result.people = people if keep else None
    result.diagnostics = list(document.diagnostics)
    return result


_Listing = TypeVar("_Listing", Glossary, People)


def _check_listing(
    document: SourceDocument,
    model: type[_Listing],
    rules: list[CharterRule],
    shape: str,
    settings: Settings,
    today: datetime.date,
) -> _Listing | None:
    """Check a file that lists what charters share (the glossary, the people registry); its
    typed model when it has no error."""
    if document.loaded and not isinstance(document.data, dict):
        _not_a_mapping(document, shape)
    if not document.loaded or not isinstance(document.data, dict):
        return None
    listing, schema_problems = validate_against(document, model)
    document.diagnostics.extend(schema_problems)
    context = CharterContext(document, today, settings)
    for rule in rules:
        document.diagnostics.extend(_run(rule, context))
    return None if any(diagnostic.is_error for diagnostic in document.diagnostics) else listing


def _run(rule: CharterRule, context: CharterContext) -> list[Diagnostic]:
    document = context.document
    try:
        return [
            diagnostic_for(document, rule.code, rule.severity, finding)
            for finding in rule.check(context)
        ]
    except Exception as error:  # a bug in one rule must not hide every other result
        return [rule_failed(document.file, rule.name, rule.code, error)]


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
