"""Reference rules: every id a charter mentions names something that exists in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, ids, periods
from generator.check.rules.rule import CharterContext, Finding, error
from generator.values import DataPath


@error(Code.DANGLING_REFERENCE)
def references_exist(charter: CharterContext) -> Iterator[Finding]:
    """Every id a charter mentions names something that exists in it.

    A field refers to an id that does not exist in this charter. The hint lists the ids you
    can use. It is checked for:

    - `owner` names a member: the charter's owner belongs to the group, so someone inside
      answers for it;
    - a member's `party` names a party: each member represents one of the parties, so every
      party's people are known;
    - a key goal's `owner` (also in `history`) names a member: a key goal is driven by a
      member of the group;
    - a key goal's `objective` (also in `history`) names an objective: every key goal
      advances one of the relationship's objectives;
    - an accomplishment's `goal` names a key goal in `period` or `history`: an accomplishment
      credited to a goal names a goal of this or a past period;
    - a risk's `owner` names a member: someone in the group removes each blocker.

    ```yaml
    members:
      - id: ana-lima
        party: northwind
    owner: ana-lima      # fine: ana-lima is a member
    ```

    Fix: correct the spelling, or add the missing member, party, objective or goal.
    """
    for references in _REFERENCES:
        yield from references(charter)


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


def _owner_is_a_member(charter: CharterContext) -> Iterator[Finding]:
    """The charter's ``owner`` names a member."""
    yield from _dangling(
        ("owner",),
        charter.data.get("owner"),
        ids(charter.data.get("members")),
        "a member id",
        "members",
    )


def _member_party_exists(charter: CharterContext) -> Iterator[Finding]:
    """Each member's ``party`` names a party."""
    known = ids(charter.data.get("parties"))
    for index, member in entries(charter.data.get("members")):
        yield from _dangling(
            ("members", index, "party"), member.get("party"), known, "a party id", "parties"
        )


def _goal_names_one_of(
    charter: CharterContext, key: str, section: str, what: str
) -> Iterator[Finding]:
    """Each key goal's ``key``, in the current period and in history, names an id in ``section``."""
    known = ids(charter.data.get(section))
    for period_path, period in periods(charter.data):
        for index, goal in entries(period.get("key_goals")):
            yield from _dangling(
                (*period_path, "key_goals", index, key), goal.get(key), known, what, section
            )


def _goal_owner_is_a_member(charter: CharterContext) -> Iterator[Finding]:
    """Each key goal's ``owner``, in the current period and in history, names a member."""
    yield from _goal_names_one_of(charter, "owner", "members", "a member id")


def _goal_advances_an_objective(charter: CharterContext) -> Iterator[Finding]:
    """Each key goal's ``objective``, in the current period and in history, names an objective."""
    yield from _goal_names_one_of(charter, "objective", "objectives", "an objective id")


def _risk_owner_is_a_member(charter: CharterContext) -> Iterator[Finding]:
    """Each risk's ``owner`` names a member."""
    known = ids(charter.data.get("members"))
    for index, risk in entries(charter.data.get("risks")):
        yield from _dangling(
            ("risks", index, "owner"), risk.get("owner"), known, "a member id", "members"
        )


def _accomplishment_goal_exists(charter: CharterContext) -> Iterator[Finding]:
    """Each accomplishment's ``goal`` names a key goal of the current or a past period."""
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


_REFERENCES: tuple[Callable[[CharterContext], Iterator[Finding]], ...] = (
    _owner_is_a_member,
    _member_party_exists,
    _goal_owner_is_a_member,
    _goal_advances_an_objective,
    _accomplishment_goal_exists,
    _risk_owner_is_a_member,
)
"""The references ``references_exist`` checks, each against the ids it must name."""


RULES = [references_exist]
