"""Member rules: who leaves the group stays on record, but no longer carries its work."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping, periods
from generator.check.rules.rule import CharterContext, Finding, error, reminder
from generator.check.vocabulary import FINAL_GOAL_STATUSES
from generator.values import as_date


def former_members(charter: CharterContext) -> dict[str, datetime.date]:
    """The members who have left by today, with the day they left."""
    found = {}
    for _, member in entries(charter.data.get("members")):
        left = as_date(member.get("left"))
        if isinstance(member.get("id"), str) and left is not None and left <= charter.today:
            found[member["id"]] = left
    return found


@error(Code.FORMER_MEMBER_IN_CHARGE)
def former_members_hand_over(charter: CharterContext) -> Iterator[Finding]:
    """Work needs someone who is still in the group: a former member owns nothing open.

    The charter's `owner`, or the owner of a key goal of the current period that is not
    finished (`planned`, `on-track` or `at-risk`), is a member whose `left` date has passed.
    Former members stay in `members` for the record; goals in `history` are not checked.

    ```yaml
    owner: ana-lima
    members:
      - id: ana-lima
        left: 2026-09-30      # error: the owner has left
        left_reason: Moved to the Berlin office.
    ```

    Fix: hand the charter or the goal to a current member.
    """
    former = former_members(charter)
    owner = charter.data.get("owner")
    if isinstance(owner, str) and owner in former:
        yield Finding(
            ("owner",),
            f"owner '{owner}' left the group on {former[owner].isoformat()}",
            "hand the charter to a current member",
        )
    period = mapping(charter.data.get("period"))
    for index, goal in entries(period.get("key_goals")):
        goal_owner = goal.get("owner")
        if goal.get("status") in FINAL_GOAL_STATUSES or goal_owner not in former:
            continue
        yield Finding(
            ("period", "key_goals", index, "owner"),
            f"goal owner '{goal_owner}' left the group on {former[goal_owner].isoformat()}",
            "hand the goal to a current member, or settle it (done, missed or dropped)",
        )


@reminder(Code.MEMBER_INACTIVE)
def members_take_part(charter: CharterContext) -> Iterator[Finding]:
    """A group is the people who do its work: someone with no goal for a while may have moved on.

    A current member (no `left` date that has passed) owned no key goal in any of the last
    periods in `history`, as many as `inactive_after_periods` says (2 by default), nor in the
    current period. Only judged once `history` holds that many periods, and never for the
    charter's owner. A reminder: it asks a question and never fails a check.

    Fix: give the member a key goal, or record that they left (`left` and `left_reason`).
    """
    needed = charter.settings.inactive_after_periods
    past = [period for path, period in periods(charter.data) if path != ("period",)]
    if len(past) < needed:
        return
    recent = [mapping(charter.data.get("period")), *past[-needed:]]
    owners = {
        goal.get("owner") for period in recent for _, goal in entries(period.get("key_goals"))
    }
    former = former_members(charter)
    for index, member in entries(charter.data.get("members")):
        member_id = member.get("id")
        if member_id in owners or member_id in former or member_id == charter.data.get("owner"):
            continue
        if isinstance(member_id, str):
            yield Finding(
                ("members", index, "id"),
                f"'{member_id}' owned no key goal in the last {needed} periods",
                "give them a key goal, or record that they left (`left`, `left_reason`)",
            )


@reminder(Code.RISK_OPEN)
def blockers_are_removed(charter: CharterContext) -> Iterator[Finding]:
    """Removing blockades is the owner's job: every open risk is on someone's list.

    An entry of `risks` has `status: open`. A reminder for its owner (the charter's owner
    when the risk names none), listed by `handbook remind`: it never fails a check.

    Fix: work on it; once it is handled set `status: mitigated` or `closed`.
    """
    for index, risk in entries(charter.data.get("risks")):
        if risk.get("status") != "open":
            continue
        owner = risk.get("owner") or charter.data.get("owner")
        text = risk.get("risk") if isinstance(risk.get("risk"), str) else "a risk"
        yield Finding(
            ("risks", index, "status"),
            f"open risk for '{owner}': {text}",
            "work on it; once it is handled set `status: mitigated` or `closed`",
        )


RULES = [former_members_hand_over, members_take_part, blockers_are_removed]
