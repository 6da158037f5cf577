"""A person as their page shows them: the charters they belong to and their roles, the key
goals and open risks they own, and how many key accounts they carry against the attention limit.

The people are everyone in the people registry (``charters/people.yaml``) and every member of
every charter with a page; with a registry the two are the same people, since the check makes
every member a registry person. Names come from the registry when it has the person, else from
the first charter that writes one, else the id. Email addresses are personal data: no view holds
them, so no page can show them.

:func:`people_views` builds every person's view in one pass over the charters' members, goals
and risks. The views hold what a page shows of each charter (its name, page, tier, status and
the person's part in it), never whole charters: a page is rendered again only when that changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.check.schema import KeyGoal, People, Risk
from generator.check.vocabulary import RETIRED, TIERS, Status, Tier
from generator.site import portfolio
from generator.site.addresses import person_page
from generator.site.charter_view import STATUS_TONES

PEOPLE_PAGE = "people.md"
"""The index of everyone, A to Z. Not ``people/index.md``: a person may have the id ``index``,
whose page is ``people/index.md``."""


@dataclass(frozen=True)
class MembershipRow:
    """The person's part in one charter."""

    charter_id: str
    charter_name: str
    page: str
    """The charter's page, e.g. ``charters/acme.md``."""
    tier: Tier
    status: Status
    role: str
    party_name: str
    owner: bool
    """Whether the person owns the charter."""
    joined: datetime.date | None
    left: datetime.date | None
    """When the person left, or will leave, the group."""
    left_reason: str | None


@dataclass(frozen=True)
class OwnedGoal:
    """A key goal of a charter's current period that the person owns."""

    charter_name: str
    page: str
    period_label: str
    goal: KeyGoal


@dataclass(frozen=True)
class OwnedRisk:
    """An open risk of a charter that is the person's to remove."""

    charter_name: str
    page: str
    risk: Risk
    tone: str
    """The goal status whose chip colours the risk's status wears."""
    named: bool
    """False when the risk names nobody: it falls to the charter's owner, as in reminders."""


@dataclass(frozen=True)
class AttentionLoad:
    """How many relationships of each tier the person owns (retired ones do not count)."""

    by_tier: dict[str, int]
    limit: int
    """The settings' ``attention_limit``: the most key accounts one owner should carry."""
    over_limit: bool

    @property
    def key(self) -> int:
        return self.by_tier.get("key", 0)

    @property
    def total(self) -> int:
        return sum(self.by_tier.values())


@dataclass(frozen=True)
class PersonView:
    id: str
    name: str
    page: str
    """The person's page, ``people/ID.md``."""
    title: str | None
    organisation: str | None
    github: str | None
    memberships: list[MembershipRow]
    """Current memberships: charters owned first, then by tier and name."""
    former: list[MembershipRow]
    """Groups the person left on or before today, the most recent first."""
    goals: list[OwnedGoal]
    """Key goals owned in the current periods of open charters, the soonest due first."""
    risks: list[OwnedRisk]
    """Open risks of open charters that are the person's to remove."""
    load: AttentionLoad

    @property
    def owned(self) -> list[MembershipRow]:
        return [row for row in self.memberships if row.owner]

    @property
    def letter(self) -> str:
        """The first letter of the name, for the index; ``#`` for a name that starts otherwise."""
        first = self.name.strip()[:1].upper()
        return first if first.isalpha() else "#"


@dataclass
class _Collected:
    """What one pass over the charters found for one person id."""

    name: str | None = None
    memberships: list[tuple[MembershipRow, bool]] = field(default_factory=list)
    """Each membership, and whether the person is a former member there."""
    goals: list[OwnedGoal] = field(default_factory=list)
    risks: list[OwnedRisk] = field(default_factory=list)


LETTER_SECTIONS_ABOVE = 30
"""Up to this many people, the index is one table; with more, one section per letter."""

_TIER_ORDER = {tier: index for index, tier in enumerate(TIERS)}
_FAR_FUTURE = datetime.date.max


def person_ids(
    summaries: Iterable[portfolio.CharterSummary], people: People | None = None
) -> list[str]:
    """The id of everyone who gets a page, in page order (by id): registry people, members
    and owners of the charters of ``summaries``."""
    ids = {person.id for person in people.people} if people else set()
    for summary in summaries:
        ids.add(summary.charter.owner)
        ids.update(member.id for member in summary.charter.members)
    return sorted(ids)


def people_views(
    summaries: list[portfolio.CharterSummary],
    people: People | None,
    today: datetime.date,
    attention_limit: int,
) -> list[PersonView]:
    """Every person's view, by id (the order of :func:`person_ids`)."""
    collected: dict[str, _Collected] = {}
    for summary in summaries:
        _collect(summary, today, collected)
    loads = {load.member_id: load for load in portfolio.owner_loads(summaries, attention_limit)}
    registry = {person.id: person for person in people.people} if people else {}
    views = []
    for person_id in person_ids(summaries, people):
        found = collected.get(person_id, _Collected())
        person = registry.get(person_id)
        load = loads.get(person_id)
        by_tier: dict[str, int] = dict(load.by_tier) if load else dict.fromkeys(TIERS, 0)
        current = [row for row, former in found.memberships if not former]
        former = [row for row, former in found.memberships if former]
        views.append(
            PersonView(
                id=person_id,
                name=(person.name if person else None) or found.name or person_id,
                page=person_page(person_id),
                title=person.title if person else None,
                organisation=person.organisation if person else None,
                github=person.github if person else None,
                memberships=sorted(current, key=_membership_order),
                former=sorted(former, key=lambda row: row.left or _FAR_FUTURE, reverse=True),
                goals=sorted(found.goals, key=_goal_order),
                risks=found.risks,
                load=AttentionLoad(by_tier, attention_limit, load.over_limit if load else False),
            )
        )
    return views


def a_to_z(views: Iterable[PersonView]) -> list[PersonView]:
    """``views`` in the order of their names, for the people index."""
    return sorted(views, key=lambda view: (view.name.casefold(), view.id))


def index_groups(everyone: list[PersonView]) -> list[tuple[str | None, list[PersonView]]]:
    """The people index's sections: one per first letter when there are more than
    :data:`LETTER_SECTIONS_ABOVE` people (``everyone`` A to Z), else one without a heading."""
    if len(everyone) <= LETTER_SECTIONS_ABOVE:
        return [(None, everyone)] if everyone else []
    groups: dict[str, list[PersonView]] = {}
    for view in everyone:
        groups.setdefault(view.letter, []).append(view)
    return sorted(groups.items(), key=lambda group: (group[0] != "#", group[0]))


def _collect(
    summary: portfolio.CharterSummary, today: datetime.date, collected: dict[str, _Collected]
) -> None:
    """Add what one charter holds of each person to ``collected``."""
    charter = summary.charter
    parties = {party.id: party.name for party in charter.parties}
    for member in charter.members:
        found = collected.setdefault(member.id, _Collected())
        if found.name is None and member.name:
            found.name = member.name
        row = MembershipRow(
            charter_id=charter.id,
            charter_name=charter.name,
            page=summary.page,
            tier=charter.tier,
            status=charter.status,
            role=member.role,
            party_name=parties.get(member.party, member.party),
            owner=member.id == charter.owner,
            joined=member.joined,
            left=member.left,
            left_reason=member.left_reason,
        )
        found.memberships.append((row, member.left is not None and member.left <= today))
    if charter.status == RETIRED:
        return  # its goals and risks take nobody's attention any more
    for goal in charter.period.key_goals:
        if goal.owner:
            collected.setdefault(goal.owner, _Collected()).goals.append(
                OwnedGoal(charter.name, summary.page, charter.period.label, goal)
            )
    for risk in charter.risks:
        if risk.status == "open":
            owner = risk.owner or charter.owner
            collected.setdefault(owner, _Collected()).risks.append(
                OwnedRisk(
                    charter.name,
                    summary.page,
                    risk,
                    STATUS_TONES[risk.status],
                    risk.owner is not None,
                )
            )


def _membership_order(row: MembershipRow) -> tuple[bool, bool, int, str, str]:
    return (
        not row.owner,
        row.status == RETIRED,
        _TIER_ORDER.get(row.tier, len(_TIER_ORDER)),
        row.charter_name.casefold(),
        row.charter_id,
    )


def _goal_order(row: OwnedGoal) -> tuple[datetime.date, str, str]:
    return (row.goal.due or _FAR_FUTURE, row.charter_name.casefold(), row.goal.id)
