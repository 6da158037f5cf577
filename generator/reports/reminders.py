"""What the calendar asks of each owner (``handbook remind``), as JSON and Markdown.

Reminders are the diagnostics of severity ``reminder``: a review or meeting due, a period over,
a key goal past its due date. Here they are grouped by the owner of their charter, each with
the charter's page and the command or edit that resolves it, for a weekly issue per owner.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta

from generator.check.codes import Code
from generator.check.diagnostics import Diagnostic
from generator.check.schema import SLUG_PATTERN
from generator.check.validate import CharterResult, CheckResult
from generator.reports.markdown import code_span, escape_inline
from generator.site.addresses import published_url
from generator.text import plural
from generator.values import as_date

REMINDERS_VERSION = 1

_ACTIONS = {
    Code.REVIEW_OVERDUE: "review the charter, then set `review.last_reviewed` and a new "
    "`review.next_review`",
    Code.MEETING_OVERDUE: "after the next meeting, update `meetings.last_held` (or set "
    "`meetings.cadence` to how often the group really meets)",
    Code.PERIOD_OVER: "close the period, giving each open goal its outcome (`--done`, "
    "`--missed`, `--dropped GOAL`) or carrying it on (`--carry GOAL`), and plan the next one",
    Code.GOAL_PAST_DUE: "set the goal's `status` to done, missed, dropped or at-risk, or agree "
    "a new `due` date",
}
"""What resolves each reminder, in words; a period also gets the exact command."""


@dataclass(frozen=True)
class Reminder:
    code: Code
    file: str
    line: int
    message: str
    action: str
    command: str | None
    """A command that resolves it, where one does (``handbook rollover …``)."""


@dataclass
class CharterReminders:
    charter_id: str
    name: str
    page: str
    """The charter's page, relative to the site's root."""
    reminders: list[Reminder] = field(default_factory=list)


@dataclass
class OwnerReminders:
    owner_id: str
    owner_name: str
    charters: list[CharterReminders] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(charter.reminders) for charter in self.charters)


def reminders_by_owner(result: CheckResult) -> list[OwnerReminders]:
    """Every reminder of the run, by who must act (owners A to Z): an open risk's owner for
    its risk, the charter's owner for the rest."""
    owners: dict[str, OwnerReminders] = {}
    registry = {person.id: person.name for person in result.people.people} if result.people else {}
    for checked in result.charters:
        data = checked.document.data if isinstance(checked.document.data, dict) else {}
        charter_owner = str(data.get("owner") or "unknown")
        by_owner: dict[str, list[Reminder]] = {}
        for diagnostic in checked.diagnostics:
            if diagnostic.is_reminder:
                who = _risk_owner(diagnostic, checked, data) or charter_owner
                by_owner.setdefault(who, []).append(_reminder(diagnostic, checked))
        is_id = re.fullmatch(SLUG_PATTERN, checked.charter_id) is not None
        for owner_id, reminders in by_owner.items():
            owner = owners.setdefault(
                owner_id, OwnerReminders(owner_id, _member_name(data, owner_id, registry))
            )
            owner.charters.append(
                CharterReminders(
                    checked.charter_id,
                    str(data.get("name") or checked.charter_id),
                    published_url(f"charters/{checked.charter_id}.md") if is_id else "",
                    reminders,
                )
            )
    return sorted(owners.values(), key=lambda owner: (owner.owner_name.casefold(), owner.owner_id))


def _risk_owner(diagnostic: Diagnostic, checked: CharterResult, data: dict[str, Any]) -> str:
    """The owner named by the open risk a ``risk-open`` reminder points at, or ``""``."""
    risks = data.get("risks")
    if diagnostic.code != Code.RISK_OPEN or not isinstance(risks, list):
        return ""
    for index, risk in enumerate(risks):
        where = checked.document.locate(("risks", index, "status"))
        if isinstance(risk, dict) and (where.line, where.column) == (
            diagnostic.line,
            diagnostic.column,
        ):
            owner = risk.get("owner")
            return owner if isinstance(owner, str) else ""
    return ""


def reminders_json(
    owners: list[OwnerReminders], today: datetime.date, site_url: str | None
) -> dict[str, Any]:
    """``handbook remind --format json``, version 1: extend, never rename."""
    return {
        "version": REMINDERS_VERSION,
        "today": today.isoformat(),
        "owners": [
            {
                "id": owner.owner_id,
                "name": owner.owner_name,
                "count": owner.count,
                "issue_title": issue_title(owner),
                "issue_body": owner_markdown(owner, site_url),
                "charters": [
                    {
                        "id": charter.charter_id,
                        "name": charter.name,
                        "page": charter.page,
                        "url": _url(site_url, charter.page),
                        "reminders": [
                            {
                                "code": reminder.code.value,
                                "file": reminder.file,
                                "line": reminder.line,
                                "message": reminder.message,
                                "action": reminder.action,
                                "command": reminder.command,
                            }
                            for reminder in charter.reminders
                        ],
                    }
                    for charter in owner.charters
                ],
            }
            for owner in owners
        ],
    }


def issue_title(owner: OwnerReminders) -> str:
    """The title of the owner's reminder issue, stable so the weekly job finds it again."""
    return f"Handbook reminders: {owner.owner_name} ({owner.owner_id})"


def reminders_markdown(
    owners: list[OwnerReminders], today: datetime.date, site_url: str | None
) -> str:
    """All owners' reminders as Markdown, for a job summary or a person."""
    total = sum(owner.count for owner in owners)
    lines = [f"# Reminders on {today.isoformat()}", ""]
    if not owners:
        lines.append("Nothing is due: every review, meeting, period and goal is on time.")
    else:
        lines.append(f"{plural(total, 'reminder')} for {plural(len(owners), 'owner')}.")
    for owner in owners:
        lines += ["", f"## {escape_inline(owner.owner_name)}", "", owner_markdown(owner, site_url)]
    return "\n".join(lines).rstrip() + "\n"


def owner_markdown(owner: OwnerReminders, site_url: str | None) -> str:
    """One owner's reminders: each charter with what is due and what resolves it."""
    lines = [f"{plural(owner.count, 'reminder')} on your charters and the risks you own:"]
    for charter in owner.charters:
        link = _url(site_url, charter.page) if charter.page else None
        title = escape_inline(charter.name)
        if link:
            heading = f"[{title}]({link})"
        else:
            heading = f"{title} ({code_span(charter.page or checked_file(charter))})"
        lines += ["", f"### {heading}", ""]
        for reminder in charter.reminders:
            lines.append(
                f"- **{reminder.code.value}**: {escape_inline(reminder.message)} "
                f"({code_span(f'{reminder.file}:{reminder.line}')}). To resolve: {reminder.action}."
            )
            if reminder.command:
                lines.append(f"  Run {code_span(reminder.command)}.")
    return "\n".join(lines) + "\n"


def _reminder(diagnostic: Diagnostic, checked: CharterResult) -> Reminder:
    command = None
    if diagnostic.code is Code.PERIOD_OVER and re.fullmatch(SLUG_PATTERN, checked.charter_id):
        command = _rollover_command(checked)
    return Reminder(
        diagnostic.code,
        diagnostic.file,
        diagnostic.line,
        diagnostic.message,
        _ACTIONS.get(diagnostic.code, "see the diagnostics reference"),
        command,
    )


def _rollover_command(checked: CharterResult) -> str:
    """``handbook rollover`` for the period after the current one, of the same length."""
    data = checked.document.data if isinstance(checked.document.data, dict) else {}
    period = data.get("period")
    period = period if isinstance(period, dict) else {}
    end = as_date(period.get("end"))
    length = period.get("length")
    if end is None or end.year >= datetime.MAXYEAR:
        return f"handbook rollover {checked.charter_id} --label LABEL --start DATE --end DATE"
    label, start, last = next_period(end, str(length))
    return f"handbook rollover {checked.charter_id} --label {label} --start {start} --end {last}"


def next_period(end: datetime.date, length: str) -> tuple[str, datetime.date, datetime.date]:
    """The label, first and last day of the period that follows one ending on ``end``."""
    start = end + datetime.timedelta(days=1)
    if length == "weekly":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}", start, start + datetime.timedelta(days=6)
    months = 1 if length == "monthly" else 3
    last = start + relativedelta(months=months) - datetime.timedelta(days=1)
    if start.day != 1:  # a period that does not follow the calendar: named by its first day
        return start.isoformat(), start, last
    if months == 1:
        return f"{start:%Y-%m}", start, last
    if start.month % 3 == 1:
        return f"{start.year}-Q{start.month // 3 + 1}", start, last
    return f"{start:%Y-%m}-to-{last:%Y-%m}", start, last


def _member_name(data: dict[str, Any], member_id: str, registry: dict[str, str]) -> str:
    """The member's name as the charter writes it, else the people registry's, else the id."""
    members = data.get("members")
    for member in members if isinstance(members, list) else []:
        if isinstance(member, dict) and member.get("id") == member_id and member.get("name"):
            return str(member["name"])
    return registry.get(member_id, member_id)


def _url(site_url: str | None, page: str) -> str | None:
    return f"{site_url.rstrip('/')}/{page}" if site_url and page else None


def checked_file(charter: CharterReminders) -> str:
    """Where a charter without a valid id is: its first reminder's file."""
    return charter.reminders[0].file if charter.reminders else charter.charter_id
