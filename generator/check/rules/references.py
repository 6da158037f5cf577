"""Reference rules: every id a charter mentions names something that exists in it."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.rules.access import entries, ids, periods
from generator.check.rules.rule import CharterContext, Finding, error
from generator.values import DataPath


def _dangling(
    path: DataPath, value: object, known: set[str], what: str, where: str
) -> Iterator[Finding]:
    if isinstance(value, str) and value not in known:
        choices = ", ".join(sorted(known)) or "none yet"
        yield Finding(
            path,
            f"'{value}' is not {what} of this charter",
            f"use one of the ids under {where}: {choices}",
        )


@error("dangling-reference")
def owner_is_a_member(charter: CharterContext) -> Iterator[Finding]:
    """The charter's owner belongs to the group, so someone inside answers for it."""
    yield from _dangling(
        ("owner",),
        charter.data.get("owner"),
        ids(charter.data.get("members")),
        "a member id",
        "members",
    )


@error("dangling-reference")
def member_party_exists(charter: CharterContext) -> Iterator[Finding]:
    """Each member represents one of the parties, so every party's people are known."""
    known = ids(charter.data.get("parties"))
    for index, member in entries(charter.data.get("members")):
        yield from _dangling(
            ("members", index, "party"), member.get("party"), known, "a party id", "parties"
        )


@error("dangling-reference")
def goal_owner_is_a_member(charter: CharterContext) -> Iterator[Finding]:
    """A key goal is driven by a member of the group."""
    members = ids(charter.data.get("members"))
    for period_path, period in periods(charter.data):
        for index, goal in entries(period.get("key_goals")):
            yield from _dangling(
                (*period_path, "key_goals", index, "owner"),
                goal.get("owner"),
                members,
                "a member id",
                "members",
            )


@error("dangling-reference")
def goal_advances_an_objective(charter: CharterContext) -> Iterator[Finding]:
    """Every key goal advances one of the relationship's objectives."""
    objectives = ids(charter.data.get("objectives"))
    for period_path, period in periods(charter.data):
        for index, goal in entries(period.get("key_goals")):
            yield from _dangling(
                (*period_path, "key_goals", index, "objective"),
                goal.get("objective"),
                objectives,
                "an objective id",
                "objectives",
            )


@error("dangling-reference")
def accomplishment_goal_exists(charter: CharterContext) -> Iterator[Finding]:
    """An accomplishment credited to a goal names a goal of this or a past period."""
    goals: set[str] = set()
    for _, period in periods(charter.data):
        goals |= ids(period.get("key_goals"))
    for index, accomplishment in entries(charter.data.get("accomplishments")):
        yield from _dangling(
            ("accomplishments", index, "goal"),
            accomplishment.get("goal"),
            goals,
            "a key-goal id",
            "period.key_goals or history",
        )


RULES = [
    owner_is_a_member,
    member_party_exists,
    goal_owner_is_a_member,
    goal_advances_an_objective,
    accomplishment_goal_exists,
]
