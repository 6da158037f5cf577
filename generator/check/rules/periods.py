"""Period and meeting rules: a short period, a few dated goals, meetings that keep pace."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping, periods, unfilled
from generator.check.rules.rule import CharterContext, Finding, completeness, error, one_chance
from generator.check.schema import CADENCE_DAYS, PERIOD_DAYS
from generator.values import as_date


@error(Code.PERIOD_INVERTED)
def period_ends_after_start(charter: CharterContext) -> Iterator[Finding]:
    """A period is a span of time: it ends after it starts.

    A period, the current one or one in `history`, ends before it starts.

    Fix: swap `start` and `end`, or correct the year.
    """
    for path, period in periods(charter.data):
        start, end = as_date(period.get("start")), as_date(period.get("end"))
        if start and end and end < start:
            yield Finding(
                (*path, "end"),
                f"the period ends ({end}) before it starts ({start})",
                "swap start and end, or correct the year",
            )


@error(Code.GOAL_DUE_OUTSIDE_PERIOD)
def goal_due_within_period(charter: CharterContext) -> Iterator[Finding]:
    """Key goals belong to their period: each is due between its start and end.

    A key goal's `due` date lies before its period's `start` or after its `end`, in the
    current period or in `history`. The goals of a period that ends before it starts are not
    compared (that period gets [period-inverted](#period-inverted)).

    Fix: correct the date, or move the goal to the period it belongs to.
    """
    for path, period in periods(charter.data):
        start, end = as_date(period.get("start")), as_date(period.get("end"))
        if not (start and end) or end < start:
            continue
        for index, goal in entries(period.get("key_goals")):
            due = as_date(goal.get("due"))
            if due and not start <= due <= end:
                yield Finding(
                    (*path, "key_goals", index, "due"),
                    f"due {due} is outside the period {start} to {end}",
                    "move the goal to the period it belongs to, or correct the date",
                )


@error(Code.CADENCE_TOO_SLOW)
def cadence_shorter_than_period(charter: CharterContext) -> Iterator[Finding]:
    """The group meets more than once a period, so goals can be steered while they are live.

    The meeting `cadence` is not shorter than the period `length`. The days compared are:
    weekly 7, biweekly 14, monthly 30, quarterly 91.

    | Period length | Allowed cadences |
    | --- | --- |
    | `quarterly` | `weekly`, `biweekly`, `monthly` |
    | `monthly` | `weekly`, `biweekly` |
    | `weekly` | none: use a longer period |

    Fix: meet more often, or use a longer period.
    """
    cadence = mapping(charter.data.get("meetings")).get("cadence")
    length = mapping(charter.data.get("period")).get("length")
    if (
        cadence in CADENCE_DAYS
        and length in PERIOD_DAYS
        and CADENCE_DAYS[cadence] >= PERIOD_DAYS[length]
    ):
        faster = [name for name, days in CADENCE_DAYS.items() if days < PERIOD_DAYS[length]]
        yield Finding(
            ("meetings", "cadence"),
            f"a {cadence} cadence is not shorter than a {length} period",
            f"meet more often ({', '.join(faster)})" if faster else "plan in longer periods",
        )


@completeness(Code.NO_KEY_GOALS, one_chance)
def period_has_key_goals(charter: CharterContext) -> Iterator[Finding]:
    """Each period names one to three key goals, the few things the group will achieve.

    The current period has no key goals: `key_goals` is left out or empty. One chance per
    charter.

    Fix: add one to three goals under `period.key_goals`, each with a measure, an owner and a
    due date.
    """
    if where := unfilled(charter.data, "period", "key_goals", lambda goals: list(entries(goals))):
        yield Finding(
            where,
            "the current period has no key goals",
            "add one to three goals, each with a measure, owner and due date",
            at_key=True,
        )


RULES = [
    period_ends_after_start,
    goal_due_within_period,
    cadence_shorter_than_period,
    period_has_key_goals,
]
