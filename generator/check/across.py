"""The rules across files: run over every file's facts, their findings added to the files'.

Each file is first checked on its own (:mod:`generator.check.validate`, maybe in another
process or an earlier run); the rules that compare files then run here, over the
:class:`~generator.check.facts.FileFacts` of all of them, whichever way they came. Their
findings for one set of file contents never change, so the cache may hand them back instead
(``known``).
"""

from __future__ import annotations

import datetime

from generator.check.diagnostics import Diagnostic, sort_diagnostics
from generator.check.mentions import TermMentions, WordsOf
from generator.check.results import (
    CharterResult,
    CheckResult,
    FileResult,
    GlossaryResult,
    PeopleResult,
)
from generator.check.rules import people, portfolio, relations, terms
from generator.check.rules.rule import HandbookContext, HandbookRule, diagnostic_for, rule_failed
from generator.settings import Settings

HANDBOOK_RULES: list[HandbookRule] = [
    *portfolio.RULES,
    *terms.RULES,
    *people.HANDBOOK_RULES,
    *relations.HANDBOOK_RULES,
]
"""Rules across all files of a run, in the order they run."""


def check_across_files(
    results: list[FileResult],
    settings: Settings,
    today: datetime.date,
    words_of: WordsOf | None = None,
    *,
    known: list[Diagnostic] | None = None,
) -> CheckResult:
    """Every file's own findings with those of the rules across files, in reading order.

    ``known`` are the findings of the rules across files for exactly these files' contents,
    when an earlier run found them; else the rules run.
    """
    found = (
        known if known is not None else findings_across_files(results, settings, today, words_of)
    )
    by_file = {result.file: result for result in results}
    for diagnostic in found:
        result = by_file.get(diagnostic.file)
        if result is None:
            continue
        result.diagnostics.append(diagnostic)
        if diagnostic.is_error and isinstance(result, CharterResult):
            result.charter = None
    for file in {diagnostic.file for diagnostic in found}:
        if file in by_file:
            by_file[file].diagnostics = sort_diagnostics(by_file[file].diagnostics)
    _name_members_from_registry(results)
    diagnostics = [diagnostic for result in results for diagnostic in result.diagnostics]
    return CheckResult(
        [result for result in results if isinstance(result, CharterResult)],
        [result for result in results if isinstance(result, GlossaryResult)],
        sort_diagnostics(diagnostics),
        [result for result in results if isinstance(result, PeopleResult)],
    )


def _name_members_from_registry(results: list[FileResult]) -> None:
    """Give the typed charters' members written without a name their registry name, so that
    whatever shows a charter finds every name in one place: the members."""
    registry = next(
        (r.facts for r in results if isinstance(r, PeopleResult) and r.facts.members), None
    )
    if registry is None:
        return
    names: dict[str, str] = {}
    for person in registry.members:
        if person.name:
            names.setdefault(person.id, person.name)
    for result in results:
        if not isinstance(result, CharterResult) or result.charter is None:
            continue
        charter = result.charter
        if any(member.name is None for member in charter.members):
            members = [
                member.model_copy(update={"name": names.get(member.id, member.id)})
                if member.name is None
                else member
                for member in charter.members
            ]
            result.charter = charter.model_copy(update={"members": members})


def findings_across_files(
    results: list[FileResult],
    settings: Settings,
    today: datetime.date,
    words_of: WordsOf | None = None,
) -> list[Diagnostic]:
    """What the rules across files find, located in the files they point at."""
    charters = [result.facts for result in results if isinstance(result, CharterResult)]
    glossaries = [result.facts for result in results if isinstance(result, GlossaryResult)]
    mentions = TermMentions(charters, words_of) if words_of else TermMentions(charters)
    registries = [result.facts for result in results if isinstance(result, PeopleResult)]
    handbook = HandbookContext(charters, glossaries, today, settings, mentions, registries)
    return [diagnostic for rule in HANDBOOK_RULES for diagnostic in _run(rule, handbook)]


def _run(rule: HandbookRule, handbook: HandbookContext) -> list[Diagnostic]:
    try:
        return [
            diagnostic_for(facts, rule.code, rule.severity, finding)
            for facts, finding in rule.check(handbook)
        ]
    except Exception as error:  # a bug in one rule must not hide every other result
        first = (handbook.charters + handbook.glossaries + handbook.registries)[0]
        return [rule_failed(first.file, rule.name, rule.code, error)]
