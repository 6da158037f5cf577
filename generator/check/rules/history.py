"""History rules: a past period is a record of how its goals ended."""

from __future__ import annotations

import typing
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping
from generator.check.rules.rule import CharterContext, Finding, error
from generator.check.vocabulary import FINAL_GOAL_STATUSES, GoalStatus

_OPEN_STATUSES = frozenset(typing.get_args(GoalStatus)) - set(FINAL_GOAL_STATUSES)
"""Statuses of a goal still being worked on; any other value gets invalid-value instead."""


@error(Code.HISTORY_GOAL_OPEN)
def history_goals_are_final(charter: CharterContext) -> Iterator[Finding]:
    """A closed period records how each of its key goals ended: done, missed or dropped.

    A key goal of a period in `history` still has the status `planned`, `on-track` or
    `at-risk`. Such a goal was closed as if that were its outcome: the record says nothing
    about whether it was achieved, and the work, if it goes on, is planned nowhere.

    Fix: set the goal's final status (`done`, `missed` or `dropped`); if the work goes on,
    also add it to the current period's key goals. `handbook rollover` asks for the final
    status of every open goal, or carries the goal over with `--carry GOAL`.
    """
    for index, past in entries(charter.data.get("history")):
        label = mapping(past).get("label")
        for goal_index, goal in entries(past.get("key_goals")):
            status = goal.get("status")
            if isinstance(status, str) and status in _OPEN_STATUSES:
                name = goal.get("id") if isinstance(goal.get("id"), str) else "a key goal"
                yield Finding(
                    ("history", index, "key_goals", goal_index, "status"),
                    f"{name} of the closed period {label} is still {status}",
                    f"set how it ended: {', '.join(FINAL_GOAL_STATUSES)}",
                )


RULES = [history_goals_are_final]
