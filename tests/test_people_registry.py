"""The people registry, ``charters/people.yaml``: names written once, members checked against it.

The located diagnostics of each rule are in ``tests/cases/people-registry/`` and
``tests/cases/missing-field-member-name.yaml``; these tests cover what the rest of the tool
does with a registry.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.check.validate import check_paths
from generator.settings import Settings
from tests.conftest import TODAY, RunHandbook

TODAY_TEXT = TODAY.isoformat()

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "people" / "charters"


@pytest.fixture
def charters(tmp_path: Path) -> Path:
    folder = tmp_path / "charters"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_members_written_without_a_name_take_the_registry_name(charters: Path) -> None:
    result = check_paths([str(charters)], Settings(), TODAY)
    assert result.error_count == 0, result.diagnostics
    (charter,) = result.valid_charters
    assert [(member.id, member.name) for member in charter.members] == [
        ("ana-lima", "Ana Lima"),
        ("ben-okoro", "Benjamin Okoro"),
    ]
    assert result.people is not None
    assert [person.github for person in result.people.people] == ["ana-lima", None]


def test_a_cached_check_sees_a_change_to_the_registry_alone(
    charters: Path, run_handbook: RunHandbook
) -> None:
    root = charters.parent
    first = run_handbook("check", "--today", TODAY_TEXT, cwd=root)
    assert first.exit_code == 0, first.stdout
    assert first.stdout.endswith(
        "checked 1 charter and the people registry: 0 errors, 0 warnings\n"
    )
    registry = charters / "people.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("name: Benjamin Okoro", "name: Ben Okoro"),
        encoding="utf-8",
    )
    second = run_handbook("check", "--today", TODAY_TEXT, cwd=root)
    assert second.exit_code == 0
    assert "person-inconsistent" not in second.stdout  # acme writes no name to differ
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("id: ana-lima", "id: ana-lim"),
        encoding="utf-8",
    )
    third = run_handbook("check", "--today", TODAY_TEXT, cwd=root)
    assert third.exit_code == 1
    assert third.stdout.splitlines()[:2] == [
        "charters/acme.yaml:32:9: error[dangling-reference] member 'ana-lima' is not in "
        "charters/people.yaml",
        "    hint: did you mean `ana-lim`?",
    ]


def test_without_the_registry_a_member_without_a_name_is_an_error(charters: Path) -> None:
    (charters / "people.yaml").unlink()
    result = check_paths([str(charters)], Settings(), TODAY)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [
        ("missing-field", 32, 5),
        ("missing-field", 36, 5),
    ]
    assert result.valid_charters == []


def test_an_unreadable_registry_is_the_one_error_not_every_member(charters: Path) -> None:
    (charters / "people.yaml").write_text("people: [\n", encoding="utf-8")
    result = check_paths([str(charters)], Settings(), TODAY)
    assert [(Path(d.file).name, d.code) for d in result.diagnostics] == [
        ("people.yaml", "yaml-syntax")
    ]
    assert result.people is None


def test_a_person_missing_from_the_registry_is_named_with_the_closest_id(charters: Path) -> None:
    registry = charters / "people.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("id: ben-okoro", "id: ben-okoro-2"),
        encoding="utf-8",
    )
    result = check_paths([str(charters)], Settings(), TODAY)
    (problem,) = result.diagnostics
    assert (problem.code, problem.line, problem.column) == ("dangling-reference", 36, 9)
    assert problem.message == f"member 'ben-okoro' is not in {registry}"
    assert problem.hint == "did you mean `ben-okoro-2`?"


def test_reminders_name_an_owner_from_the_registry(charters: Path) -> None:
    from generator.reports.reminders import reminders_by_owner

    charter = charters / "acme.yaml"
    charter.write_text(
        charter.read_text(encoding="utf-8").replace("status: mitigated", "status: open"),
        encoding="utf-8",
    )
    (owner,) = reminders_by_owner(check_paths([str(charters)], Settings(), TODAY))
    assert (owner.owner_id, owner.owner_name, owner.count) == ("ana-lima", "Ana Lima", 1)


def test_an_open_risk_reminds_its_own_owner_and_the_rest_the_charter_owner(
    charters: Path,
) -> None:
    from generator.reports.reminders import reminders_by_owner

    charter = charters / "acme.yaml"
    text = charter.read_text(encoding="utf-8").replace("status: mitigated", "status: open")
    text = text.replace(
        "    owner: ana-lima\n    mitigation:", "    owner: ben-okoro\n    mitigation:"
    )
    text = text.replace("next_review: 2027-01-10", "next_review: 2026-11-01")
    charter.write_text(text, encoding="utf-8")
    owners = reminders_by_owner(check_paths([str(charters)], Settings(), TODAY))
    assert [
        (owner.owner_name, [r.code.value for c in owner.charters for r in c.reminders])
        for owner in owners
    ] == [("Ana Lima", ["review-overdue"]), ("Benjamin Okoro", ["risk-open"])]
