"""A charter as its page shows it: names joined to the ids the charter uses.

Charters refer to parties, members and objectives by id; readers want names. The joins are
done here, once, so templates never look ids up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from generator.check.schema import Charter, KeyGoal, Member, Period


@dataclass(frozen=True)
class MemberRow:
    member: Member
    party_name: str


@dataclass(frozen=True)
class GoalRow:
    goal: KeyGoal
    owner_name: str | None
    """The owning member's name; None when the goal has no owner yet."""
    objective_statement: str


@dataclass(frozen=True)
class PeriodView:
    period: Period
    goals: list[GoalRow]

    @property
    def start(self) -> datetime.date:
        return self.period.start

    @property
    def done(self) -> int:
        """How many of the period's key goals are done."""
        return sum(row.goal.status == "done" for row in self.goals)


@dataclass(frozen=True)
class CharterView:
    members: list[MemberRow]
    current: PeriodView
    history: list[PeriodView]
    """Past periods, the most recent first."""


def charter_view(charter: Charter) -> CharterView:
    """The charter's members, current period and history with names in place of ids."""
    party_names = {party.id: party.name for party in charter.parties}
    member_names = {member.id: member.name for member in charter.members}
    statements = {objective.id: objective.statement for objective in charter.objectives}

    def period_view(period: Period) -> PeriodView:
        rows = [
            GoalRow(
                goal,
                member_names.get(goal.owner, goal.owner) if goal.owner else None,
                statements.get(goal.objective, goal.objective),
            )
            for goal in period.key_goals
        ]
        return PeriodView(period, rows)

    return CharterView(
        members=[
            MemberRow(member, party_names.get(member.party, member.party))
            for member in charter.members
        ],
        current=period_view(charter.period),
        history=sorted(
            (period_view(past) for past in charter.history),
            key=lambda view: view.start,
            reverse=True,
        ),
    )
