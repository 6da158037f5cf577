"""`handbook diff` on the fields added for issue 12: account, who joined and left, challenges,
risks, ideas, relations and internal notes, as a pull request's readers want them told.

The before and after files are real charters in ``tests/fixtures/diff/``; the edits between
them cover every kind of change described, some with text GitHub would act on. Smaller cases
edit the before file's data and compare in-process, one case per line.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.check.schema import Charter
from generator.reports.changes import charter_changes, charter_overview
from tests.test_diff import diff, fixture_repository, git, section

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"
BEFORE = FIXTURES / "quayside-freight.before.yaml"
AFTER = FIXTURES / "quayside-freight.after.yaml"
HEADING = "Changed: Quayside Freight (`quayside-freight`)"
ZWSP = "\u200b"
"""What the reports put inside ``@name``, ``#12`` and ``https://`` so GitHub leaves them be."""


def field_lines(lines: list[str]) -> list[str]:
    """The list items that describe fields: those before the completeness line."""
    return lines[: next(i for i, line in enumerate(lines) if line.startswith("- Completeness"))]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The fixture handbook and ``BEFORE`` committed on `main`, with a branch checked out."""
    folder = fixture_repository(tmp_path)
    shutil.copy(BEFORE, folder / "charters" / "quayside-freight.yaml")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Quayside Freight")
    return folder


def test_every_new_field_is_described(repo: Path) -> None:
    (repo / "charters" / "quayside-freight.yaml").write_bytes(AFTER.read_bytes())
    report = diff(repo, "HEAD")
    assert field_lines(section(report, HEADING)) == [
        "- Account value: 200,000 EUR → 240,000 EUR",
        "- Account potential: medium → high",
        "- Account renewal: 2027-06-30 → 2027-12-31",
        "- Member joined: Mia Santos (`mia-santos`), Planning lead, on 2026-11-02",
        "- Member Ana Lima (`ana-lima`) joined: none → 2025-01-15",
        f"- Member left: João Reis (`joao-reis`) on 2026-11-15; reason: Moved to the "
        f"@{ZWSP}harbour-group office, see https:{ZWSP}//quayside.example/news.",
        "- Challenge added: Peak season staffing is \\*short\\*.",
        "- Challenge removed: Planners re-key data from three systems.",
        f"- Risk opened: Ask @{ZWSP}ops-team about &lt;b&gt;outages&lt;/b&gt; in #{ZWSP}12"
        "\\\\x07 (owner: Mia Santos (`mia-santos`))",
        "- Risk removed: Their budget freeze delays the pilot.",
        "- Risk reopened: A competitor offers free planning tools. (was mitigated)",
        "- Risk closed: Only one contact knows our dashboards. (was open)",
        "- Risk mitigated: The terminal data feed breaks after every port system upgrade. "
        "(was open)",
        "- Risk handed to Mia Santos (`mia-santos`): The terminal data feed breaks after every "
        "port system upgrade. (was Ana Lima (`ana-lima`))",
        "- Idea added: Invite their planners to our user group. (proposed)",
        "- Idea removed: A joint webinar for their customers.",
        "- Idea accepted: Share our container dwell-time benchmarks each quarter. (was proposed)",
        "- Relation to `cloudpeak-alliance`: depends-on → part-of",
        "- Relation added: customer-of `learnwell-academy`: Their planners take our courses.",
        "- Relation removed: customer-of `kestrel-support-services`",
        "- Relation partner-of `harborline-logistics` note: Both move containers through "
        "Rotterdam. → Both move containers through Rotterdam and Hamburg.",
        "- Internal notes changed",
    ]
    assert "180k" not in report and "190k" not in report  # internal notes are never quoted


def test_reordered_or_respaced_items_are_not_told_as_added_or_removed(repo: Path) -> None:
    text = BEFORE.read_text(encoding="utf-8")
    reordered = text.replace(
        "  - Too many empty container moves between terminals.\n"
        "  - Planners re-key data from three systems.\n",
        "  - Planners re-key  data from three systems.\n"
        "  - Too many empty container moves between terminals.\n",
    ).replace("annual_value: 200000", "annual_value: 200000.0")
    (repo / "charters" / "quayside-freight.yaml").write_text(reordered, encoding="utf-8")
    assert field_lines(section(diff(repo, "HEAD"), HEADING)) == ["- Other changes: `challenges`"]


def test_a_new_charter_lists_former_members_as_such() -> None:
    charter = Charter.model_validate(yaml.safe_load(AFTER.read_text(encoding="utf-8")))
    members = charter_overview(charter)[1].splitlines()
    assert members[2] == (
        "  - João Reis (`joao-reis`), Quayside Freight, Operations director, left 2026-11-15"
    )
    assert members[3] == "  - Mia Santos (`mia-santos`), Quayside Freight, Planning lead"


# One edit of the before file's data, and the lines that describe it ---------------------------

Edit = Callable[[dict[str, Any]], object]


def _set(*path: str | int, value: object) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path
        target: Any = data
        for key in parents:
            target = target[key]
        if value is None:
            del target[last]
        else:
            target[last] = value

    return edit


CASES: list[tuple[str, Edit, list[str]]] = [
    (
        "account removed",
        _set("account", value=None),
        ["Account removed (was 200,000 EUR a year, potential medium, renewal 2027-06-30)"],
    ),
    (
        "value without currency",
        _set("account", "currency", value=None),
        ["Account value: 200,000 EUR → 200,000"],
    ),
    (
        "value with cents",
        _set("account", "annual_value", value=1234.5),
        ["Account value: 200,000 EUR → 1,234.50 EUR"],
    ),
    (
        "value infinite",
        _set("account", "annual_value", value=float("inf")),
        ["Account value: 200,000 EUR → inf EUR"],
    ),
    (
        "renewal removed",
        _set("account", "renewal", value=None),
        ["Account renewal: 2027-06-30 → none"],
    ),
    (
        "member deleted",
        lambda data: data["members"].pop(1),
        ["Member removed: João Reis (`joao-reis`)"],
    ),
    (
        "risk added mitigated",
        lambda data: data["risks"].append({"risk": "Port strike.", "status": "mitigated"}),
        ["Risk added, mitigated: Port strike."],
    ),
    (
        "risk owner removed",
        _set("risks", 0, "owner", value=None),
        [
            "Risk owner removed: The terminal data feed breaks after every port system "
            "upgrade. (was Ana Lima (`ana-lima`))"
        ],
    ),
    (
        "risk mitigation",
        _set("risks", 0, "mitigation", value="Daily checks."),
        [
            "Risk mitigation changed: The terminal data feed breaks after every port system "
            "upgrade. (now: Daily checks.)"
        ],
    ),
    (
        "idea declined",
        _set("ideas", 1, "status", value="declined"),
        ["Idea declined: A joint webinar for their customers. (was proposed)"],
    ),
    (
        "relation note removed",
        _set("relations", 0, "note", value=None),
        [
            "Relation partner-of `harborline-logistics` note: "
            "Both move containers through Rotterdam. → none"
        ],
    ),
    (
        "second relation to one charter",
        lambda data: data["relations"].append(
            {"to": "kestrel-support-services", "type": "partner-of"}
        ),
        ["Relation added: partner-of `kestrel-support-services`"],
    ),
    ("internal removed", _set("internal", value=None), ["Internal notes removed"]),
]


def _before() -> dict[str, Any]:
    data = yaml.safe_load(BEFORE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return charter_changes(Charter.model_validate(old), Charter.model_validate(new))[0]


@pytest.mark.parametrize(
    ("edit", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_one_edit(edit: Edit, expected: list[str]) -> None:
    after = _before()
    edit(after)
    assert _changes(_before(), after) == expected


def test_edits_the_other_way_round() -> None:
    """Cases best written as the reverse of a simpler edit."""
    without_account = _before()
    del without_account["account"]
    assert _changes(without_account, _before()) == [
        "Account added: 200,000 EUR a year, potential medium, renewal 2027-06-30"
    ]
    left = _before()
    left["members"][1].update(left="2026-11-15", left_reason="Moved.")
    assert _changes(left, _before()) == [
        "Member back: João Reis (`joao-reis`), no longer left (was 2026-11-15)"
    ]
    corrected = _before()
    corrected["members"][1].update(left="2026-10-01", left_reason="Moved abroad.")
    assert _changes(left, corrected) == [
        "Member João Reis (`joao-reis`) left: 2026-11-15 → 2026-10-01",
        "Member João Reis (`joao-reis`) reason for leaving: Moved. → Moved abroad.",
    ]
    former = _before()
    former["members"].append(
        {"id": "eve-ng", "name": "Eve Ng", "party": "quayside", "role": "Analyst",
         "left": "2026-01-31"}
    )  # fmt: skip
    assert _changes(_before(), former) == [
        "Former member recorded: Eve Ng (`eve-ng`), Analyst, left on 2026-01-31"
    ]
    without_internal = _before()
    del without_internal["internal"]
    assert _changes(without_internal, _before()) == ["Internal notes added"]
