"""Every case under tests/cases/ produces exactly the diagnostics its comments expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import load, schema_errors, validate
from generator.check.rules import CHARTER_RULES, HANDBOOK_RULES
from generator.check.validate import check_paths
from generator.settings import Settings
from tests.conftest import CASES, TODAY
from tests.expectations import all_cases, case_files, expected_in


@pytest.mark.parametrize("case", all_cases(CASES), ids=lambda path: path.name)
def test_case_produces_exactly_its_expected_diagnostics(case: Path) -> None:
    result = check_paths([str(case)], Settings(), TODAY)
    found = sorted(
        (Path(d.file).name, d.severity.value, d.code, d.line, d.column) for d in result.diagnostics
    )
    expected = sorted(item for path in case_files(case) for item in expected_in(path))
    assert found == expected, "\n".join(
        f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in result.diagnostics
    )


def test_every_diagnostic_code_has_a_case() -> None:
    codes = {
        *load.CODES,
        *schema_errors.CODES,
        *validate.CODES,
        *(rule.code for rule in CHARTER_RULES),
        *(rule.code for rule in HANDBOOK_RULES),
    }
    untestable_as_files = {"file-too-large", "file-unreadable", "rule-failed"}
    covered = {
        code
        for case in all_cases(CASES)
        for path in case_files(case)
        for _, _, code, _, _ in expected_in(path)
    }
    assert sorted(codes - untestable_as_files - covered) == []
