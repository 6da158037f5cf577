"""A charter as its page shows it: names joined to the ids the charter uses.

Charters refer to parties, members, objectives and other charters by id; readers want names.
The joins are done here, once, so templates never look ids up. What a page shows of the other
charters (their names and pages, and the relations they declare towards this one) comes from a
:class:`CharterIndex`, built once for the whole site.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from generator.check.schema import Charter, Idea, KeyGoal, Member, People, Period, Relation, Risk
from generator.check.vocabulary import IdeaStatus, RelationType, RiskStatus

RELATION_PHRASES: dict[RelationType, str] = {
    "partner-of": "partner of",
    "supplier-to": "supplier to",
    "customer-of": "customer of",
    "part-of": "part of",
    "depends-on": "depends on",
}
"""A relation as the charter that declares it reads: "this relationship is PHRASE the other"."""
INVERSE_PHRASES: dict[RelationType, str] = {
    "partner-of": "partner of",
    "supplier-to": "customer of",
    "customer-of": "supplier to",
    "part-of": "includes",
    "depends-on": "depended on by",
}
"""The same relation read from the other charter's side."""
RISK_ORDER: dict[RiskStatus, int] = {"open": 0, "mitigated": 1, "closed": 2}
"""Open risks first: they are the ones that need their owner."""
STATUS_TONES: dict[RiskStatus | IdeaStatus, str] = {
    "open": "at-risk",
    "mitigated": "planned",
    "closed": "dropped",
    "proposed": "planned",
    "accepted": "on-track",
    "declined": "dropped",
    "done": "done",
}
"""Which goal status chip's colours a risk's or idea's status wears: red needs attention,
blue is in hand, green went well, grey is over."""


def member_names(charter: Charter, people: People | None = None) -> dict[str, str]:
    """Each member's display name by id: the one place pages take a person's name from.

    The people registry's name when it has the person, else the name the charter writes,
    else the id.
    """
    registry = {person.id: person.name for person in people.people} if people else {}
    return {
        member.id: registry.get(member.id) or member.name or member.id for member in charter.members
    }


def format_amount(value: float, currency: str | None = None) -> str:
    """``EUR 1,200,000``: thousands separated by commas whatever the locale, cents only when
    there are any."""
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return f"{currency} {number}" if currency else number


@dataclass(frozen=True)
class MemberRow:
    member: Member
    name: str
    party_name: str


@dataclass(frozen=True)
class GoalRow:
    goal: KeyGoal
    owner_name: str | None
    """The owning member's name; None when the goal has no owner yet."""
    objective_statement: str


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    owner_name: str | None
    """The name of who removes it; None when the risk names nobody."""
    tone: str
    """The goal status whose chip colours the risk's status wears."""


@dataclass(frozen=True)
class IdeaRow:
    idea: Idea
    tone: str


@dataclass(frozen=True)
class RelationRow:
    """One related charter as this page reads it: "this relationship is PHRASE NAME"."""

    phrase: str
    """How this relationship relates to the other, e.g. ``supplier to`` or ``includes``."""
    charter_id: str
    name: str
    """The related charter's name; its id when no charter of the site has that id."""
    page: str | None
    """The related charter's page (``charters/acme.md``); None when it is not in the site."""
    notes: tuple[str, ...]
    """What the link means in practice, as this charter and then the other one says."""


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
    """Current members, in the charter's order: a future ``left`` date is still to come."""
    former: list[MemberRow]
    """Members who left on or before today, the most recent first."""
    current: PeriodView
    history: list[PeriodView]
    """Past periods, the most recent first."""
    account: list[tuple[str, str | datetime.date]]
    """The account's facts that are given, as (label, value): annual value, potential, renewal."""
    risks: list[RiskRow]
    """Open risks first, then mitigated and closed ones; in the charter's order within."""
    ideas: list[IdeaRow]
    related: list[RelationRow]
    """This charter's own relations in its order, then those only other charters declare."""


@dataclass(frozen=True)
class _Declared:
    """A relation another charter declares towards one charter."""

    source: str
    """The id of the charter that declares it."""
    relation: Relation


@dataclass(frozen=True)
class CharterIndex:
    """What one charter's page shows of the others. Build it once per site with
    :func:`charter_index`."""

    pages: dict[str, tuple[str, str]]
    """Every charter of the site by id: its name and its page."""
    incoming: dict[str, list[_Declared]]
    """By charter id, the relations other charters declare towards it."""


def charter_index(charters: Iterable[tuple[Charter, str]]) -> CharterIndex:
    """The index of the site's charters, given each with its page: one pass over them all."""
    pages: dict[str, tuple[str, str]] = {}
    incoming: dict[str, list[_Declared]] = {}
    for charter, page in charters:
        pages[charter.id] = (charter.name, page)
        for relation in charter.relations:
            if relation.to != charter.id:
                incoming.setdefault(relation.to, []).append(_Declared(charter.id, relation))
    return CharterIndex(pages, incoming)


def charter_view(
    charter: Charter, today: datetime.date, index: CharterIndex, people: People | None = None
) -> CharterView:
    """The charter's members, periods, risks and relations with names in place of ids.

    A member whose ``left`` date is ``today`` or earlier is a former member. ``people`` is the
    handbook's people registry, when it has one.
    """
    party_names = {party.id: party.name for party in charter.parties}
    names = member_names(charter, people)
    statements = {objective.id: objective.statement for objective in charter.objectives}

    def name_of(member_id: str | None) -> str | None:
        return names.get(member_id, member_id) if member_id else None

    def period_view(period: Period) -> PeriodView:
        rows = [
            GoalRow(goal, name_of(goal.owner), statements.get(goal.objective, goal.objective))
            for goal in period.key_goals
        ]
        return PeriodView(period, rows)

    rows = [
        MemberRow(member, names[member.id], party_names.get(member.party, member.party))
        for member in charter.members
    ]
    left = {row.member.id: row.member.left for row in rows if row.member.left is not None}
    former = {member_id for member_id, day in left.items() if day <= today}
    return CharterView(
        members=[row for row in rows if row.member.id not in former],
        former=sorted(
            (row for row in rows if row.member.id in former),
            key=lambda row: left[row.member.id],
            reverse=True,
        ),
        current=period_view(charter.period),
        history=sorted(
            (period_view(past) for past in charter.history),
            key=lambda view: view.start,
            reverse=True,
        ),
        account=_account_facts(charter),
        risks=sorted(
            (
                RiskRow(risk, name_of(risk.owner), STATUS_TONES[risk.status])
                for risk in charter.risks
            ),
            key=lambda row: RISK_ORDER[row.risk.status],
        ),
        ideas=[IdeaRow(idea, STATUS_TONES[idea.status]) for idea in charter.ideas],
        related=_related(charter, index),
    )


def _account_facts(charter: Charter) -> list[tuple[str, str | datetime.date]]:
    account = charter.account
    if account is None:
        return []
    facts: list[tuple[str, str | datetime.date]] = []
    if account.annual_value is not None:
        facts.append(("Annual value", format_amount(account.annual_value, account.currency)))
    if account.potential is not None:
        facts.append(("Growth potential", account.potential))
    if account.renewal is not None:
        facts.append(("Renewal", account.renewal))
    return facts


def _related(charter: Charter, index: CharterIndex) -> list[RelationRow]:
    """One row per related charter and phrase: a relation both charters declare (supplier to
    one way, customer of back) is one row, with the notes of both."""
    notes: dict[tuple[str, str], list[str]] = {}

    def add(other: str, phrase: str, note: str | None) -> None:
        known = notes.setdefault((other, phrase), [])
        if note is not None and note not in known:
            known.append(note)

    for relation in charter.relations:
        add(relation.to, RELATION_PHRASES[relation.type], relation.note)
    for declared in sorted(
        index.incoming.get(charter.id, []),
        key=lambda declared: (_name(index, declared.source).casefold(), declared.source),
    ):
        add(declared.source, INVERSE_PHRASES[declared.relation.type], declared.relation.note)
    return [
        RelationRow(phrase, other, _name(index, other), _page(index, other), tuple(texts))
        for (other, phrase), texts in notes.items()
    ]


def _name(index: CharterIndex, charter_id: str) -> str:
    known = index.pages.get(charter_id)
    return known[0] if known else charter_id


def _page(index: CharterIndex, charter_id: str) -> str | None:
    known = index.pages.get(charter_id)
    return known[1] if known else None
