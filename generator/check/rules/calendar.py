"""Reminders: what the calendar says, not what the charter says.

A charter that was complete yesterday does not become wrong because a date passed. These rules
find what is due (a review, a meeting, a new period, a goal's due date) and report it as a
reminder: shown by ``handbook check`` and listed by owner by ``handbook remind``, never failing
a check or a build. A retired charter gets none: its calendar has stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping
from generator.check.rules.rule import CharterContext, Finding, reminder
from generator.check.schema import CADENCE_DAYS
from generator.values import as_date

_UNSETTLED = ("planned", "on-track")
"""Goal statuses that say nothing has happened yet; past the due date they need a word."""


@reminder(Code.PERIOD_OVER)
def period_is_current(charter: CharterContext) -> Iterator[Finding]:
    """The charter plans the period we are in, not one that has passed.

    The current period's `end` is before today (see
    [what "today" is](../authoring.md#what-today-is)).

    Fix: run `handbook rollover ID --label LABEL --start DATE --end DATE`, giving each open
    key goal its outcome (`--done GOAL`, `--missed GOAL`, `--dropped GOAL`) or moving it on
    (`--carry GOAL`): it moves the finished period into `history` and opens the new one.
    `handbook remind` prints the command with the next period's dates.
    """
    end = as_date(mapping(charter.data.get("period")).get("end"))
    if end and end < charter.today:
        yield Finding(
            ("period", "end"),
            f"the current period ended on {end}",
            "move the period and its goals into `history` and plan the next one",
        )


@reminder(Code.MEETING_OVERDUE)
def meetings_keep_cadence(charter: CharterContext) -> Iterator[Finding]:
    """Regular meetings keep the group aligned: none is missed twice in a row.

    `meetings.last_held` is more than twice the cadence ago: more than 14 days for weekly,
    28 for biweekly, 60 for monthly or 182 for quarterly meetings. No reminder is given when
    `last_held` is left out.

    Fix: meet, then update `last_held`; or change `cadence` to how often you really meet.
    """
    meetings = mapping(charter.data.get("meetings"))
    cadence, last_held = meetings.get("cadence"), as_date(meetings.get("last_held"))
    if cadence in CADENCE_DAYS and last_held:
        days = (charter.today - last_held).days
        if days > 2 * CADENCE_DAYS[cadence]:
            yield Finding(
                ("meetings", "last_held"),
                f"the last meeting was {days} days ago, more than twice the {cadence} cadence",
                "meet, then update `last_held`; or change the cadence to the real one",
            )


@reminder(Code.REVIEW_OVERDUE)
def review_is_current(charter: CharterContext) -> Iterator[Finding]:
    """The charter is reviewed on schedule.

    `review.next_review` is before today (see
    [what "today" is](../authoring.md#what-today-is)).

    Fix: review the charter, then set `last_reviewed` to the review date and `next_review`
    to the next one.
    """
    next_review = as_date(mapping(charter.data.get("review")).get("next_review"))
    if next_review and next_review < charter.today:
        days = (charter.today - next_review).days
        yield Finding(
            ("review", "next_review"),
            f"the review was due on {next_review}, {days} days ago",
            "review the charter, then set `last_reviewed` and a new `next_review`",
        )


@reminder(Code.GOAL_PAST_DUE)
def goals_are_settled_when_due(charter: CharterContext) -> Iterator[Finding]:
    """A key goal is settled by its due date: done, missed, or openly at risk.

    A key goal of the current period is past its `due` date and still `planned` or
    `on-track`.

    Fix: set the goal's `status` to `done`, `missed`, `dropped` or `at-risk`, or agree a new
    `due` date inside the period.
    """
    period = mapping(charter.data.get("period"))
    for index, goal in entries(period.get("key_goals")):
        due = as_date(goal.get("due"))
        if due and due < charter.today and goal.get("status") in _UNSETTLED:
            yield Finding(
                ("period", "key_goals", index, "due"),
                f"key goal '{goal.get('id')}' was due on {due} and is still {goal['status']}",
                "set its status to done, missed, dropped or at-risk, or agree a new due date",
            )


RULES = [period_is_current, meetings_keep_cadence, review_is_current, goals_are_settled_when_due]
