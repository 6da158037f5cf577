"""The handbook's state for a CI job summary: a versioned JSON report and its Markdown.

The JSON shape is a contract (``docs/schema/report-v1.json``): extend it, never rename. Its
facts come from :mod:`generator.site.portfolio`, so the report agrees with the site's portfolio
page. Only charters that passed the check are summarised; the others are listed by id.
"""

from __future__ import annotations

import datetime
from typing import Any

from generator.check.validate import CheckResult
from generator.check.vocabulary import RETIRED
from generator.reports.markdown import code, escape_inline
from generator.settings import Settings
from generator.site.portfolio import (
    TIER_TITLES,
    CharterSummary,
    by_tier,
    owner_loads,
    summary_of,
)
from generator.text import plural

STATE_REPORT_VERSION = 1


def _summaries(result: CheckResult, today: datetime.date) -> list[CharterSummary]:
    summaries = (summary_of(checked, today) for checked in result.charters)
    return sorted(
        (summary for summary in summaries if summary is not None),
        key=lambda summary: summary.charter.id,
    )


def _goals(summary: CharterSummary) -> list[dict[str, str]]:
    return [
        {"id": goal.id, "goal": goal.goal, "status": goal.status} for goal in summary.goals_at_risk
    ]


def _charter_entry(summary: CharterSummary, settings: Settings) -> dict[str, Any]:
    charter = summary.charter
    return {
        "id": charter.id,
        "name": charter.name,
        "tier": charter.tier,
        "status": charter.status,
        "owner": charter.owner,
        "owner_name": summary.owner_name,
        "completeness": summary.completeness,
        "minimum": settings.minimum_completeness.for_tier(charter.tier),
        "review": {
            "next": charter.review.next_review.isoformat(),
            "state": summary.review_state,
        },
        "goals_at_risk": _goals(summary),
        "reminders": summary.reminders,
    }


def _tiers(summaries: list[CharterSummary]) -> list[dict[str, Any]]:
    """Relationships that are not retired, by tier, key accounts first."""
    return [
        {
            "tier": tier.tier,
            "charters": len(tier.charters),
            "average_completeness": tier.average_completeness if tier.charters else None,
        }
        for tier in by_tier(summaries)
    ]


def _current(summaries: list[CharterSummary]) -> list[CharterSummary]:
    """The relationships that still need attention: retired ones are not reviewed."""
    return [summary for summary in summaries if summary.charter.status != RETIRED]


def _goals_at_risk(summaries: list[CharterSummary]) -> list[dict[str, str]]:
    return [
        {"charter": summary.charter.id, **goal}
        for summary in _current(summaries)
        for goal in _goals(summary)
    ]


def _owners_over_limit(summaries: list[CharterSummary], limit: int) -> list[dict[str, Any]]:
    return [
        {"owner": load.member_id, "name": load.name, "key_charters": load.by_tier["key"]}
        for load in owner_loads(summaries, limit)
        if load.over_limit
    ]


def state_report(result: CheckResult, settings: Settings, today: datetime.date) -> dict[str, Any]:
    """The handbook's state as JSON-ready values, version 1 (``docs/schema/report-v1.json``)."""
    summaries = _summaries(result, today)
    return {
        "version": STATE_REPORT_VERSION,
        "today": today.isoformat(),
        "attention_limit": settings.attention_limit,
        "charters": [_charter_entry(summary, settings) for summary in summaries],
        "tiers": _tiers(summaries),
        "overdue_reviews": [
            summary.charter.id
            for summary in _current(summaries)
            if summary.review_state == "overdue"
        ],
        "goals_at_risk": _goals_at_risk(summaries),
        "owners_over_limit": _owners_over_limit(summaries, settings.attention_limit),
        "charters_with_errors": sorted(
            {checked.charter_id for checked in result.charters if checked.charter is None}
        ),
    }


# Markdown ------------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> list[str]:
    numeric = numeric or set()
    align = ["---:" if index in numeric else "---" for index in range(len(header))]
    return [
        f"| {' | '.join(header)} |",
        f"| {' | '.join(align)} |",
        *(f"| {' | '.join(row)} |" for row in rows),
    ]


def _charter_label(charter: dict[str, Any]) -> str:
    return f"{escape_inline(charter['name'])} ({code(charter['id'])})"


def _labels(report: dict[str, Any]) -> dict[str, str]:
    return {charter["id"]: _charter_label(charter) for charter in report["charters"]}


def _review_cell(review: dict[str, str]) -> str:
    """Like the portfolio page: ``**overdue** since DATE``, ``DATE (due soon)`` or ``DATE``."""
    date = escape_inline(review["next"])
    if review["state"] == "overdue":
        return f"**overdue** since {date}"
    return f"{date} (due soon)" if review["state"] == "due-soon" else date


def _tier_section(report: dict[str, Any]) -> list[str]:
    rows = [
        [
            escape_inline(TIER_TITLES.get(tier["tier"], tier["tier"])),
            str(tier["charters"]),
            "n/a" if tier["average_completeness"] is None else str(tier["average_completeness"]),
        ]
        for tier in report["tiers"]
    ]
    header = ["Tier", "Charters", "Average completeness"]
    return ["### Completeness by tier", "", *_table(header, rows, {1, 2})]


def _charter_section(report: dict[str, Any]) -> list[str]:
    rows = [
        [
            _charter_label(charter),
            escape_inline(charter["tier"]),
            escape_inline(charter["status"]),
            f"{escape_inline(charter['owner_name'])} ({code(charter['owner'])})",
            str(charter["completeness"]),
            str(charter["minimum"]),
            _review_cell(charter["review"]),
            str(len(charter["goals_at_risk"])),
        ]
        for charter in report["charters"]
    ]
    header = [
        "Charter",
        "Tier",
        "Status",
        "Owner",
        "Completeness",
        "Minimum",
        "Next review",
        "Goals at risk",
    ]
    return ["### Charters", "", *_table(header, rows, {4, 5, 7})]


def _overdue_section(report: dict[str, Any]) -> list[str]:
    labels = _labels(report)
    reviews = {charter["id"]: charter["review"]["next"] for charter in report["charters"]}
    rows = [
        [labels.get(charter_id, code(charter_id)), escape_inline(reviews.get(charter_id, ""))]
        for charter_id in report["overdue_reviews"]
    ]
    table = _table(["Charter", "Review was due"], rows) if rows else ["None."]
    return ["### Overdue reviews", "", *table]


def _goals_section(report: dict[str, Any]) -> list[str]:
    labels = _labels(report)
    rows = [
        [
            labels.get(goal["charter"], code(goal["charter"])),
            f"{code(goal['id'])}: {escape_inline(goal['goal'])}",
            escape_inline(goal["status"]),
        ]
        for goal in report["goals_at_risk"]
    ]
    table = _table(["Charter", "Goal", "Status"], rows) if rows else ["None."]
    return ["### Goals at risk", "", *table]


def _owners_section(report: dict[str, Any]) -> list[str]:
    rows = [
        [f"{escape_inline(owner['name'])} ({code(owner['owner'])})", str(owner["key_charters"])]
        for owner in report["owners_over_limit"]
    ]
    table = _table(["Owner", "Key charters"], rows, {1}) if rows else ["None."]
    limit = report["attention_limit"]
    heading = f"### Owners over the attention limit (at most {limit} key charters each)"
    return [heading, "", *table]


def _errors_section(report: dict[str, Any]) -> list[str]:
    if not report["charters_with_errors"]:
        return []
    ids = ", ".join(code(charter_id) for charter_id in report["charters_with_errors"])
    return [f"Not summarised because `handbook check` reports errors in them: {ids}."]


def _headline(report: dict[str, Any]) -> str:
    count = len(report["charters"])
    overdue, goals = len(report["overdue_reviews"]), len(report["goals_at_risk"])
    owners = len(report["owners_over_limit"])
    reminders = sum(charter.get("reminders", 0) for charter in report["charters"])
    return (
        f"{count} charter{'' if count == 1 else 's'}: "
        f"{overdue} review{'' if overdue == 1 else 's'} overdue, "
        f"{goals} goal{'' if goals == 1 else 's'} at risk, "
        f"{owners} owner{'' if owners == 1 else 's'} over the attention limit"
        + (f", {plural(reminders, 'reminder')} (`handbook remind`)." if reminders else ".")
    )


def state_report_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown tables for a CI job summary; charter text is escaped."""
    blocks = [
        [f"## Handbook state on {escape_inline(report['today'])}", "", _headline(report)],
        _errors_section(report),
        _tier_section(report),
        _charter_section(report),
        _overdue_section(report),
        _goals_section(report),
        _owners_section(report),
    ]
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"
