"""`generator.reports.state`: the handbook's state as versioned JSON and as Markdown."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.check.formatters import json_report
from generator.check.validate import check_paths
from generator.reports.state import state_report, state_report_markdown
from generator.settings import Settings
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY

LATER = datetime.date(2027, 1, 15)
"""Four reviews have passed by then; product-field-council's (2027-01-20) is due soon."""

SCHEMA = json.loads((REPOSITORY / "docs" / "schema" / "report-v1.json").read_text())


def report_for(
    today: datetime.date, settings: Settings | None = None, charters: Path | None = None
) -> dict[str, Any]:
    settings = settings or Settings()
    result = check_paths([str(charters or FIXTURE_CHARTERS)], settings, today)
    return state_report(result, settings, today)


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {charter["id"]: charter for charter in report["charters"]}


def test_fixture_charters_today() -> None:
    report = report_for(TODAY)
    assert report["version"] == 1
    assert report["today"] == "2026-11-23"
    assert [charter["id"] for charter in report["charters"]] == [
        "brightpath-consulting",
        "cloudpeak-alliance",
        "harborline-logistics",
        "kestrel-support-services",
        "learnwell-academy",
        "product-field-council",
    ]
    assert by_id(report)["harborline-logistics"] == {
        "id": "harborline-logistics",
        "name": "Harborline Logistics",
        "tier": "key",
        "status": "active",
        "owner": "daniel-reyes",
        "owner_name": "Daniel Reyes",
        "completeness": 100,
        "minimum": 90,
        "review": {"next": "2027-01-14", "state": "scheduled"},
        "goals_at_risk": [
            {
                "id": "q4-regions-live",
                "goal": "Bring the remaining six regions onto Lane Forecast "
                "before the holiday peak.",
                "status": "at-risk",
            }
        ],
        "reminders": 0,
    }
    learnwell = by_id(report)["learnwell-academy"]
    assert (learnwell["tier"], learnwell["status"], learnwell["minimum"]) == (
        "growth",
        "proposed",
        70,
    )
    assert learnwell["completeness"] == 77
    assert by_id(report)["brightpath-consulting"]["review"] == {
        "next": "2026-12-16",
        "state": "due-soon",
    }
    assert report["tiers"] == [
        {"tier": "key", "charters": 3, "average_completeness": 100},
        {"tier": "growth", "charters": 2, "average_completeness": 88},
        {"tier": "maintain", "charters": 1, "average_completeness": 100},
    ]
    assert report["overdue_reviews"] == []
    assert [(goal["charter"], goal["id"]) for goal in report["goals_at_risk"]] == [
        ("brightpath-consulting", "q4-certified-consultants"),
        ("harborline-logistics", "q4-regions-live"),
    ]
    assert report["owners_over_limit"] == []
    assert report["charters_with_errors"] == []


def test_completeness_agrees_with_the_check_report() -> None:
    result = check_paths([str(FIXTURE_CHARTERS)], Settings(), TODAY)
    checked = json.loads(json.dumps(json_report(result)))["charters"]
    report = state_report(result, Settings(), TODAY)
    assert [(c["id"], c["completeness"]) for c in report["charters"]] == [
        (c["id"], c["completeness"]) for c in checked
    ]


def test_reviews_overdue_later() -> None:
    report = report_for(LATER)
    assert report["overdue_reviews"] == [
        "brightpath-consulting",
        "cloudpeak-alliance",
        "harborline-logistics",
        "learnwell-academy",
    ]
    charters = by_id(report)
    assert charters["product-field-council"]["review"]["state"] == "due-soon"
    assert charters["kestrel-support-services"]["review"]["state"] == "scheduled"
    assert charters["learnwell-academy"]["review"] == {"next": "2027-01-08", "state": "overdue"}


def test_owners_over_the_attention_limit() -> None:
    report = report_for(TODAY, Settings(attention_limit=1))
    assert report["attention_limit"] == 1
    assert report["owners_over_limit"] == [
        {"owner": "maya-okafor", "name": "Maya Okafor", "key_charters": 2}
    ]


@pytest.mark.parametrize("today", [TODAY, LATER], ids=str)
def test_report_matches_its_json_schema(today: datetime.date) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    report = report_for(today, Settings(attention_limit=1))
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(json.dumps(report)))


def test_schema_refuses_unknown_fields() -> None:
    report = report_for(TODAY)
    report["goals_at_risk"][0]["owner"] = "someone"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(report)


def test_markdown_today() -> None:
    markdown = state_report_markdown(report_for(TODAY))
    lines = markdown.splitlines()
    assert lines[0] == "## Handbook state on 2026-11-23"
    assert lines[2] == (
        "6 charters: 0 reviews overdue, 2 goals at risk, 0 owners over the attention limit."
    )
    assert "| Growth | 2 | 88 |" in lines
    assert (
        "| Learnwell Academy training partnership (`learnwell-academy`) | growth | proposed "
        "| Grace Whitfield (`grace-whitfield`) | 77 | 70 | 2027-01-08 | 0 |"
    ) in lines
    assert (
        "| BrightPath Consulting implementation partnership (`brightpath-consulting`) | key "
        "| under-review | Maya Okafor (`maya-okafor`) | 100 | 90 | 2026-12-16 (due soon) | 1 |"
    ) in lines
    assert (
        "| Harborline Logistics (`harborline-logistics`) | `q4-regions-live`: Bring the "
        "remaining six regions onto Lane Forecast before the holiday peak. | at-risk |"
    ) in lines
    overdue = markdown.split("### Overdue reviews\n\n")[1].split("\n\n")[0]
    assert overdue == "None."
    assert markdown.endswith(
        "### Owners over the attention limit (at most 3 key charters each)\n\nNone.\n"
    )


def test_markdown_later_with_a_lower_attention_limit() -> None:
    markdown = state_report_markdown(report_for(LATER, Settings(attention_limit=1)))
    overdue = markdown.split("### Overdue reviews\n\n")[1].split("\n\n")[0]
    assert overdue.splitlines() == [
        "| Charter | Review was due |",
        "| --- | --- |",
        "| BrightPath Consulting implementation partnership (`brightpath-consulting`) "
        "| 2026-12-16 |",
        "| Cloudpeak Data Cloud alliance (`cloudpeak-alliance`) | 2027-01-12 |",
        "| Harborline Logistics (`harborline-logistics`) | 2027-01-14 |",
        "| Learnwell Academy training partnership (`learnwell-academy`) | 2027-01-08 |",
    ]
    assert "| 2027-01-20 (due soon) |" in markdown
    assert "**overdue** since 2027-01-14" in markdown
    assert markdown.endswith(
        "### Owners over the attention limit (at most 1 key charters each)\n\n"
        "| Owner | Key charters |\n| --- | ---: |\n| Maya Okafor (`maya-okafor`) | 2 |\n"
    )


def test_untrusted_text_is_escaped_and_broken_charters_are_listed(tmp_path: Path) -> None:
    charters = tmp_path / "charters"
    shutil.copytree(FIXTURE_CHARTERS, charters)
    harborline = charters / "harborline-logistics.yaml"
    harborline.write_text(
        harborline.read_text()
        .replace(
            "name: Harborline Logistics",
            "name: 'Harborline | <img src=x onerror=alert(1)> [x](https://e.example/x)'",
        )
        .replace(
            "goal: Bring the remaining six regions",
            "goal: |\n        Bring *the* remaining\n        # six regions",
        )
    )
    kestrel = charters / "kestrel-support-services.yaml"
    kestrel.write_text(kestrel.read_text().replace("tier: maintain", "tier: platinum"))
    report = report_for(TODAY, charters=charters)
    assert report["charters_with_errors"] == ["kestrel-support-services"]
    assert "kestrel-support-services" not in by_id(report)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    markdown = state_report_markdown(report)
    label = (
        "Harborline \\| &lt;img src=x onerror=alert(1)&gt; \\[x\\](https:\u200b//e.example/x) "
        "(`harborline-logistics`)"
    )
    assert f"| {label} | `q4-regions-live`: Bring \\*the\\* remaining # six regions" in markdown
    assert "<img" not in markdown
    assert (
        "Not summarised because `handbook check` reports errors in them: "
        "`kestrel-support-services`."
    ) in markdown
