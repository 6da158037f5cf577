"""The diagnostics reference is written from the code: every code documented once, no drift.

Refresh the generated pages with ``python tools/reference_docs.py`` and review the diff.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Severity
from generator.check.diagnostics_reference import (
    code_docs,
    diagnostics_reference_markdown,
    explanation_and_fix,
)
from generator.check.rules.registry import CHARTER_RULES, GLOSSARY_RULES, HANDBOOK_RULES
from generator.check.rules.rule import CharterRule, HandbookRule
from generator.check.schema import CADENCE_DAYS
from generator.check.validate import check_paths
from generator.settings import Settings
from tests.conftest import CASES, REPOSITORY, TODAY
from tools.reference_docs import PAGES, main

DIAGNOSTICS_PAGE = REPOSITORY / "docs" / "reference" / "diagnostics.md"
DOCS = {doc.code: doc for doc in code_docs()}


def test_the_committed_diagnostics_page_is_the_generated_one() -> None:
    assert DIAGNOSTICS_PAGE.read_text(encoding="utf-8") == diagnostics_reference_markdown(), (
        "docs/reference/diagnostics.md is out of date: run python tools/reference_docs.py"
    )


def test_every_code_is_documented_exactly_once() -> None:
    documented = Counter(doc.code for doc in code_docs())
    assert all(isinstance(code, Code) for code in documented)
    assert documented == Counter(Code)


@pytest.mark.parametrize("doc", code_docs(), ids=lambda doc: str(doc.code))
def test_every_code_says_what_it_finds_and_how_to_fix_it(doc: CodeDoc) -> None:
    explanation, fix = explanation_and_fix(doc)
    assert explanation.strip() and fix.strip()
    assert "\nFix:" not in fix, "one Fix paragraph, the last"
    assert not explanation.lstrip().startswith(("-", "|", "```")), "start with a sentence"


@pytest.mark.parametrize(
    "rule", [*CHARTER_RULES, *GLOSSARY_RULES, *HANDBOOK_RULES], ids=lambda rule: rule.name
)
def test_every_rule_names_its_practice_in_one_paragraph(rule: CharterRule | HandbookRule) -> None:
    assert rule.practice and "\n\n" not in rule.practice and rule.practice.endswith(".")


def test_documented_severities_are_the_ones_reported() -> None:
    rules: list[CharterRule | HandbookRule] = [*CHARTER_RULES, *GLOSSARY_RULES, *HANDBOOK_RULES]
    assert all(DOCS[rule.code].severity is rule.severity for rule in rules)
    reported = check_paths([str(CASES)], Settings(), TODAY).diagnostics
    assert [d for d in reported if DOCS[d.code].severity is not d.severity] == []


def test_completeness_is_marked_exactly_for_the_completeness_rules() -> None:
    counted = {rule.code for rule in CHARTER_RULES if rule.chances is not None}
    assert {doc.code for doc in code_docs() if doc.completeness} == counted


def test_numbers_written_in_rule_docs_are_the_code_s() -> None:
    meeting_overdue = " ".join(DOCS[Code.MEETING_OVERDUE].text.split())
    for cadence, days in CADENCE_DAYS.items():
        assert re.search(rf"\b{2 * days}( days)? for {cadence}\b", meeting_overdue), cadence
    cadence_too_slow = " ".join(DOCS[Code.CADENCE_TOO_SLOW].text.split())
    assert ", ".join(f"{name} {days}" for name, days in CADENCE_DAYS.items()) in cadence_too_slow
    limit = Settings().attention_limit
    assert f"({limit} by default)" in " ".join(DOCS[Code.OWNER_OVERLOADED].text.split())


@pytest.mark.parametrize("code", list(Code), ids=str)
def test_a_code_reads_as_its_value_everywhere(code: Code) -> None:
    diagnostic = Diagnostic("a.yaml", 1, 1, Severity.ERROR, code, "message")
    assert str(code) == f"{code}" == format(code, "") == code.value
    assert json.loads(json.dumps({"code": diagnostic.code})) == {"code": code.value}
    assert f"{code:>40}" == f"{code.value:>40}"


def test_the_script_checks_and_writes_both_pages(tmp_path: Path) -> None:
    assert main(["--check"]) == 0
    assert main(["--check", "--reference-dir", str(tmp_path)]) == 1
    assert main(["--reference-dir", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(PAGES)
    assert main(["--check", "--reference-dir", str(tmp_path)]) == 0
