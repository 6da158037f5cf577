"""Every case under tests/cases/ produces exactly the diagnostics its comments expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.codes import Code
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
    not_from_checking_a_file = {
        Code.FILE_TOO_LARGE: "needs a file over 1 MiB: tests/test_load.py",
        Code.FILE_UNREADABLE: "needs a file the system refuses to read",
        Code.RULE_FAILED: "needs a rule with a bug",
        Code.FMT_FAILED: "comes from handbook fmt and rollover: tests/test_edit_commands.py",
    }
    covered = {
        code
        for case in all_cases(CASES)
        for path in case_files(case)
        for _, _, code, _, _ in expected_in(path)
    }
    assert [code for code in Code if code not in covered | set(not_from_checking_a_file)] == []
