"""Time never turns CI red on its own: reminders, `handbook remind` and the owner issues."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check.diagnostics import Severity
from generator.check.validate import check_paths
from generator.reports.reminders import next_period
from generator.settings import Settings
from tests.conftest import RunHandbook, copy_handbook
from tools.reminder_issues import CLOSING_COMMENT, LABEL, plan

A_YEAR_LATER = "2027-11-23"
CALENDAR_CODES = {"review-overdue", "meeting-overdue", "period-over", "goal-past-due"}


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    """A copy of the frozen fixture handbook, with the site's configuration and templates."""
    return copy_handbook(tmp_path)


def test_a_year_later_only_reminders_are_added(handbook: Path) -> None:
    now = check_paths([str(handbook / "charters")], Settings(), datetime.date(2026, 11, 23))
    later = check_paths([str(handbook / "charters")], Settings(), datetime.date(2027, 11, 23))
    assert later.error_count == now.error_count == 0
    assert later.warning_count == now.warning_count
    assert later.reminder_count > 0 and now.reminder_count == 0
    added = {d.code.value for d in later.diagnostics if d.is_reminder}
    assert added == CALENDAR_CODES
    assert all(d.severity is Severity.REMINDER for d in later.diagnostics if d.code in added)
    completeness = {c.charter_id: c.completeness for c in now.charters}
    assert {c.charter_id: c.completeness for c in later.charters} == completeness


def test_check_and_build_strict_pass_a_year_later(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    run = run_handbook("check", "--strict", "--today", A_YEAR_LATER, cwd=handbook)
    assert run.exit_code == 0, run.stdout
    assert "reminder[review-overdue]" in run.stdout
    assert run.stdout.rstrip().endswith("reminders")
    build = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--strict", "--today", A_YEAR_LATER],
        cwd=handbook,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert "reminder[period-over]" in build.stderr  # shown, as information


def test_reminders_are_github_notices_and_counted_in_json(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    github = run_handbook("check", "--format", "github", "--today", A_YEAR_LATER, cwd=handbook)
    notices = [line for line in github.stdout.splitlines() if line.startswith("::notice ")]
    assert notices and all("title=" in line for line in notices)
    assert not any(
        line.startswith(("::warning", "::error")) and code in line
        for line in github.stdout.splitlines()
        for code in CALENDAR_CODES
    )
    report = json.loads(
        run_handbook("check", "--format", "json", "--today", A_YEAR_LATER, cwd=handbook).stdout
    )
    reminders = [d for d in report["diagnostics"] if d["severity"] == "reminder"]
    assert report["summary"]["reminders"] == len(reminders) > 0


def test_drafts_warnings_fail_neither_check_nor_build_strict(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    run = run_handbook("check", "--strict", "--today", "2026-11-23", cwd=handbook)
    assert "warning[" in run.stdout  # the draft's warnings are shown
    assert run.exit_code == 0


def test_remind_groups_by_owner_with_the_resolving_command(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    run = run_handbook("remind", "--format", "json", "--today", A_YEAR_LATER, cwd=handbook)
    assert run.exit_code == 0
    report = json.loads(run.stdout)
    assert report["version"] == 1 and report["today"] == A_YEAR_LATER
    owners = {owner["id"]: owner for owner in report["owners"]}
    harborline = next(
        charter
        for owner in owners.values()
        for charter in owner["charters"]
        if charter["id"] == "harborline-logistics"
    )
    assert harborline["page"] == "charters/harborline-logistics/"
    period = next(r for r in harborline["reminders"] if r["code"] == "period-over")
    assert period["command"] == (
        "handbook rollover harborline-logistics --label 2027-Q1 --start 2027-01-01 --end 2027-03-31"
    )
    meeting = next(r for r in harborline["reminders"] if r["code"] == "meeting-overdue")
    assert "last_held" in meeting["action"] and meeting["command"] is None
    for owner in owners.values():
        assert owner["issue_title"].endswith(f"({owner['id']})")
        assert owner["count"] == sum(len(c["reminders"]) for c in owner["charters"])
    markdown = run_handbook("remind", "--today", A_YEAR_LATER, cwd=handbook).stdout
    assert markdown.startswith(f"# Reminders on {A_YEAR_LATER}")
    assert "`handbook rollover harborline-logistics --label 2027-Q1" in markdown


def test_remind_with_nothing_due(run_handbook: RunHandbook, handbook: Path) -> None:
    run = run_handbook("remind", "--today", "2026-11-23", cwd=handbook)
    assert run.exit_code == 0 and "Nothing is due" in run.stdout


@pytest.mark.parametrize(
    ("end", "length", "expected"),
    [
        ("2026-12-31", "quarterly", ("2027-Q1", "2027-01-01", "2027-03-31")),
        ("2027-01-31", "monthly", ("2027-02", "2027-02-01", "2027-02-28")),
        ("2026-12-27", "weekly", ("2026-W53", "2026-12-28", "2027-01-03")),
    ],
)
def test_next_period(end: str, length: str, expected: tuple[str, str, str]) -> None:
    label, start, last = next_period(datetime.date.fromisoformat(end), length)
    assert (label, start.isoformat(), last.isoformat()) == expected


def test_owner_issues_are_opened_updated_and_closed() -> None:
    reminders = {
        "owners": [
            {"issue_title": "Handbook reminders: Ana (ana)", "issue_body": "ana's list"},
            {"issue_title": "Handbook reminders: Ben (ben)", "issue_body": "ben's list"},
        ]
    }
    open_issues = [
        {"number": 7, "title": "Handbook reminders: Ben (ben)"},
        {"number": 3, "title": "Handbook reminders: Cleo (cleo)"},
    ]
    assert plan(reminders, open_issues) == [
        [
            *("issue", "create", "--title", "Handbook reminders: Ana (ana)"),
            *("--body", "ana's list", "--label", LABEL),
        ],
        ["issue", "edit", "7", "--body", "ben's list"],
        ["issue", "close", "3", "--comment", CLOSING_COMMENT],
    ]


def test_owner_issue_sync_runs_gh_offline(
    run_handbook: RunHandbook, handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workflow's script with a stand-in `gh` that records what it was asked to do."""
    run = run_handbook("remind", "--format", "json", "--today", A_YEAR_LATER, cwd=handbook)
    reminders = tmp_path / "reminders.json"
    reminders.write_text(run.stdout, encoding="utf-8")
    bin_dir, calls = tmp_path / "bin", tmp_path / "calls.jsonl"
    bin_dir.mkdir()
    fake = bin_dir / "gh"
    fake.write_text(
        "#!/usr/bin/env python3\n"
        "import json, sys\n"
        f"open({str(calls)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "if sys.argv[1:3] == ['issue', 'list']:\n"
        "    print(json.dumps([{'number': 9, 'title': 'Handbook reminders: Gone (gone)'}]))\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    from tools.reminder_issues import main

    assert main([str(reminders)]) == 0
    recorded = [json.loads(line) for line in calls.read_text().splitlines()]
    owners = json.loads(run.stdout)["owners"]
    created = [call for call in recorded if call[:2] == ["issue", "create"]]
    assert len(created) == len(owners) > 0
    body = created[0][created[0].index("--body") + 1]
    assert "To resolve:" in body and "charters/" in body
    assert ["issue", "close", "9", "--comment", CLOSING_COMMENT] in recorded


def _git(cwd: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_a_pull_request_is_judged_on_the_charters_it_changes(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    """Warnings fail --strict only in changed files; errors anywhere still fail."""
    harborline = handbook / "charters" / "harborline-logistics.yaml"
    kestrel = handbook / "charters" / "kestrel-support-services.yaml"
    text = kestrel.read_text(encoding="utf-8")
    assert "  exit_criteria: " in text
    kestrel.write_text(text.replace("  exit_criteria: ", "  x-exit_criteria: ", 1), "utf-8")
    _git(handbook, "init", "-q", "-b", "main")
    _git(handbook, "add", "-A")
    _git(handbook, "commit", "-q", "-m", "base with an old warning")
    strict = ("check", "--strict", "--today", "2026-11-23")
    assert run_handbook(*strict, cwd=handbook).exit_code == 1  # the old warning, judged alone
    assert run_handbook(*strict, "--changed-since", "main", cwd=handbook).exit_code == 0

    harborline.write_text(harborline.read_text(encoding="utf-8") + "\n", "utf-8")
    assert run_handbook(*strict, "--changed-since", "main", cwd=handbook).exit_code == 0
    text = harborline.read_text(encoding="utf-8")
    harborline.write_text(text.replace("  exit_criteria: ", "  x-exit_criteria: ", 1), "utf-8")
    run = run_handbook(*strict, "--changed-since", "main", cwd=handbook)
    assert run.exit_code == 1 and "harborline-logistics.yaml" in run.stdout

    text = kestrel.read_text(encoding="utf-8")
    kestrel.write_text(text.replace("id: kestrel-support-services", "id: wrong-id", 1), "utf-8")
    run = run_handbook("check", "--changed-since", "main", "--today", "2026-11-23", cwd=handbook)
    assert run.exit_code == 1  # an error fails with or without --strict

    run = run_handbook(*strict, "--changed-since", "no-such-ref", cwd=handbook)
    assert run.exit_code == 2 and "--changed-since" in run.stderr


def test_retired_charters_have_nothing_due(run_handbook: RunHandbook, handbook: Path) -> None:
    def kestrel_reminders() -> list[str]:
        run = run_handbook("check", "--today", A_YEAR_LATER, cwd=handbook)
        return [
            line
            for line in run.stdout.splitlines()
            if "kestrel-support-services.yaml" in line and "reminder[" in line
        ]

    assert kestrel_reminders()  # while active, a year later, it has things due
    kestrel = handbook / "charters" / "kestrel-support-services.yaml"
    kestrel.write_text(kestrel.read_text().replace("status: active", "status: retired", 1))
    assert kestrel_reminders() == []


def test_a_charter_with_a_bad_id_gets_no_link_or_command(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    """The id reaches Markdown (links, commands) only when it is a valid id."""
    harborline = handbook / "charters" / "harborline-logistics.yaml"
    hostile = 'id: "x) [Pay here](https://evil.example/login) ("'
    harborline.write_text(harborline.read_text().replace("id: harborline-logistics", hostile, 1))
    run = run_handbook(
        *("remind", "--today", A_YEAR_LATER, "--site-url", "https://handbook.example"),
        cwd=handbook,
    )
    assert run.exit_code == 0
    assert "](https://evil.example" not in run.stdout
    assert "rollover x)" not in run.stdout


def test_the_rollover_command_remind_prints_works_for_nested_and_yml_files(
    run_handbook: RunHandbook, handbook: Path
) -> None:
    charters = handbook / "charters"
    (charters / "partners").mkdir()
    (charters / "harborline-logistics.yaml").rename(
        charters / "partners" / "harborline-logistics.yml"
    )
    report = json.loads(
        run_handbook("remind", "--format", "json", "--today", "2027-01-05", cwd=handbook).stdout
    )
    command = next(
        reminder["command"]
        for owner in report["owners"]
        for charter in owner["charters"]
        if charter["id"] == "harborline-logistics"
        for reminder in charter["reminders"]
        if reminder["command"]
    )
    outcomes = ("--missed", "q4-regions-live", "--done", "q4-health-score")
    run = run_handbook(*command.split()[1:], "--today", "2027-01-05", *outcomes, cwd=handbook)
    assert run.exit_code == 0, run.stderr
    assert "2027-Q1" in (charters / "partners" / "harborline-logistics.yml").read_text()


@pytest.mark.parametrize(
    ("end", "length", "expected"),
    [
        ("2026-04-30", "quarterly", ("2026-05-to-2026-07", "2026-05-01", "2026-07-31")),
        ("2026-12-15", "monthly", ("2026-12-16", "2026-12-16", "2027-01-15")),
        ("2027-01-31", "quarterly", ("2027-02-to-2027-04", "2027-02-01", "2027-04-30")),
    ],
)
def test_next_period_of_a_period_off_the_calendar(
    end: str, length: str, expected: tuple[str, str, str]
) -> None:
    label, start, last = next_period(datetime.date.fromisoformat(end), length)
    assert (label, start.isoformat(), last.isoformat()) == expected
