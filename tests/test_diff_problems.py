"""`handbook diff`: each problem a change brings or resolves, named, and matched across edits.

Problems are matched by severity, code, field and message, never by line; reminders are listed
apart and never counted as problems a change brings (:mod:`generator.reports.problems`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_diff import diff, edit, fixture_repository, git, section


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return fixture_repository(tmp_path)


def problem_lines(lines: list[str]) -> list[str]:
    """The problem and reminder lines of a section, with the items below them."""
    start = next(i for i, line in enumerate(lines) if line.startswith("- Completeness"))
    return lines[start + 1 :]


def test_each_problem_is_named_and_matched_across_shifted_lines(repo: Path) -> None:
    # Two warnings resolved and one brought, above the three that stay but move two lines down.
    edit(
        repo,
        "learnwell-academy.yaml",
        "    # Benefits for Learnwell",
        "    benefits:\n      - Paying learners\n    # Benefits for Learnwell",
    )
    edit(
        repo,
        "learnwell-academy.yaml",
        "    role: Partnerships Manager\n",
        "    role: Partnerships Manager\n    contributes: Course content.\n",
    )
    edit(repo, "learnwell-academy.yaml", "      owner: grace-whitfield\n", "")
    file = "charters/learnwell-academy.yaml"
    lines = section(
        diff(repo), "Changed: Learnwell Academy training partnership (`learnwell-academy`)"
    )
    assert problem_lines(lines) == [
        "- New problems: 0 errors, 1 warning",
        f"  - warning `goal-without-owner` at `{file}:57`: key goal 'q4-pilot-course' has no owner",
        "- Resolved problems: 0 errors, 2 warnings",
        f"  - warning `party-without-benefits` at `{file}:21`: "
        "party 'Learnwell Academy' lists no benefits",
        f"  - warning `member-without-contribution` at `{file}:42`: "
        "member 'Clara Jensen' has no \\`contributes\\`",
    ]


def test_the_same_message_about_another_field_is_another_problem(repo: Path) -> None:
    charter = "harborline-logistics.yaml"
    goal = "December snapshot\n      owner: "
    edit(repo, charter, f"{goal}daniel-reyes", f"{goal}nobody")
    git(repo, "commit", "-q", "-am", "A key goal owned by nobody")
    edit(repo, charter, f"{goal}nobody", f"{goal}daniel-reyes")
    edit(repo, charter, "owner: daniel-reyes\npurpose", "owner: nobody\npurpose")
    report = diff(repo, "HEAD")
    file = f"charters/{charter}"
    message = "'nobody' is not a member id of this charter"
    assert problem_lines(
        section(report, "Changed: Harborline Logistics (`harborline-logistics`)")
    ) == [
        "- New problems: 1 error, 0 warnings",
        f"  - error `dangling-reference` at `{file}:6`: {message}",
        "- Resolved problems: 1 error, 0 warnings",
        f"  - error `dangling-reference` at `{file}:106`: {message}",
    ]
    assert report.splitlines()[0].endswith(
        ":** 1 charter changed; new problems: 1 error, 0 warnings."
    )


def test_reminders_are_listed_apart_and_are_not_new_problems(repo: Path) -> None:
    overdue = "  next_review: 2026-11-01\n"  # before TODAY
    edit(repo, "kestrel-support-services.yaml", "  next_review: 2027-05-15", overdue.rstrip())
    git(repo, "commit", "-q", "-am", "A review left overdue")
    edit(repo, "kestrel-support-services.yaml", overdue.rstrip(), "  next_review: 2027-05-15")
    edit(repo, "harborline-logistics.yaml", "  next_review: 2027-01-14", overdue.rstrip())
    report = diff(repo, "HEAD")
    assert report.splitlines()[0].endswith(":** 2 charters changed; no new problems.")
    reminder = "reminder `review-overdue` at"
    assert problem_lines(
        section(report, "Changed: Harborline Logistics (`harborline-logistics`)")
    ) == [
        "- Reminders raised: 1",
        f"  - {reminder} `charters/harborline-logistics.yaml:165`: "
        "the review was due on 2026-11-01, 22 days ago",
    ]
    kestrel = section(report, "Changed: Kestrel Support Services (`kestrel-support-services`)")
    assert problem_lines(kestrel) == [
        "- Reminders settled: 1",
        f"  - {reminder} `charters/kestrel-support-services.yaml:104`: "
        "the review was due on 2026-11-01, 22 days ago",
    ]


def test_problems_quote_charter_text_escaped(repo: Path) -> None:
    name = "Eve @octocat #12 https://evil.example <b>"
    edit(
        repo,
        "harborline-logistics.yaml",
        "membership_criteria:",
        f"  - id: eve\n    name: '{name}'\n    party: harborline\n    role: Spy\n"
        "membership_criteria:",
    )
    report = diff(repo)
    escaped = "Eve @\u200boctocat #\u200b12 https:\u200b//evil.example &lt;b&gt;"
    assert problem_lines(
        section(report, "Changed: Harborline Logistics (`harborline-logistics`)")
    ) == [
        "- New problems: 0 errors, 1 warning",
        "  - warning `member-without-contribution` at `charters/harborline-logistics.yaml:87`: "
        f"member '{escaped}' has no \\`contributes\\`",
    ]
    for raw in ("@octocat", "#12", "https://", "<b>"):
        assert raw not in report
