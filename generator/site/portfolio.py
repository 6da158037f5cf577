"""What readers see at a glance: each charter's health and the portfolio by tier and owner."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from generator.check.schema import Charter, KeyGoal
from generator.check.validate import CharterResult
from generator.check.vocabulary import RETIRED, TIERS
from generator.site.recurrence import next_meeting as following_meeting

DUE_SOON_DAYS = 30
TIER_TITLES = {"key": "Key accounts", "growth": "Growth", "maintain": "Maintain"}


@dataclass
class CharterSummary:
    """One charter with the facts computed for its page and the portfolio."""

    charter: Charter
    completeness: int
    page: str
    """The generated page's path in the docs, e.g. ``charters/acme.md``."""
    owner_name: str
    review_state: str
    """``overdue``, ``due-soon`` or ``scheduled``."""
    next_meeting: datetime.date | None
    meeting_overdue: bool
    goals_at_risk: list[KeyGoal]
    warnings: int = 0
    reminders: int = 0
    """Findings from the calendar alone (a review or meeting due, a period over)."""

    @property
    def healthy(self) -> bool:
        return (
            self.review_state != "overdue" and not self.goals_at_risk and not self.meeting_overdue
        )


@dataclass
class TierSummary:
    tier: str
    title: str
    charters: list[CharterSummary]

    @property
    def average_completeness(self) -> int:
        scores = [summary.completeness for summary in self.charters]
        return sum(scores) // len(scores) if scores else 0

    @property
    def healthy_share(self) -> int:
        if not self.charters:
            return 0
        return 100 * sum(summary.healthy for summary in self.charters) // len(self.charters)


@dataclass
class OwnerLoad:
    member_id: str
    name: str
    by_tier: dict[str, int] = field(default_factory=dict)
    over_limit: bool = False


def summarise(
    charter: Charter, completeness: int, warnings: int, today: datetime.date
) -> CharterSummary:
    owner = next((m for m in charter.members if m.id == charter.owner), None)
    review = charter.review.next_review
    if review < today:
        review_state = "overdue"
    elif (review - today).days <= DUE_SOON_DAYS:
        review_state = "due-soon"
    else:
        review_state = "scheduled"
    next_meeting = following_meeting(charter.meetings)
    return CharterSummary(
        charter=charter,
        completeness=completeness,
        page=f"charters/{charter.id}.md",
        owner_name=owner.name if owner else charter.owner,
        review_state=review_state,
        next_meeting=next_meeting,
        meeting_overdue=bool(next_meeting and next_meeting < today),
        goals_at_risk=[g for g in charter.period.key_goals if g.status in ("at-risk", "missed")],
        warnings=warnings,
    )


def by_tier(summaries: list[CharterSummary]) -> list[TierSummary]:
    """Active relationships grouped by tier, key accounts first; names in order within."""
    return [
        TierSummary(
            tier,
            TIER_TITLES[tier],
            sorted(
                (s for s in summaries if s.charter.tier == tier and s.charter.status != RETIRED),
                key=lambda s: s.charter.name.casefold(),
            ),
        )
        for tier in TIERS
    ]


def retired(summaries: list[CharterSummary]) -> list[CharterSummary]:
    return sorted(
        (s for s in summaries if s.charter.status == RETIRED),
        key=lambda s: s.charter.name.casefold(),
    )


def owner_loads(summaries: list[CharterSummary], attention_limit: int) -> list[OwnerLoad]:
    """How many relationships of each tier every owner carries, heaviest first."""
    loads: dict[str, OwnerLoad] = {}
    for summary in summaries:
        if summary.charter.status == RETIRED:
            continue
        load = loads.setdefault(
            summary.charter.owner, OwnerLoad(summary.charter.owner, summary.owner_name)
        )
        load.by_tier[summary.charter.tier] = load.by_tier.get(summary.charter.tier, 0) + 1
    for load in loads.values():
        load.by_tier = {tier: load.by_tier.get(tier, 0) for tier in TIERS}
        load.over_limit = load.by_tier["key"] > attention_limit
    return sorted(
        loads.values(),
        key=lambda load: (-load.by_tier["key"], -sum(load.by_tier.values()), load.name),
    )


def status_counts(summaries: list[CharterSummary]) -> Counter[str]:
    return Counter(summary.charter.status for summary in summaries)


def summary_of(checked: CharterResult, today: datetime.date) -> CharterSummary | None:
    """The summary of a checked charter, with its open warnings and reminders counted."""
    if checked.charter is None:
        return None
    summary = summarise(
        checked.charter,
        checked.completeness or 0,
        sum(d.is_warning for d in checked.diagnostics),
        today,
    )
    summary.reminders = sum(d.is_reminder for d in checked.diagnostics)
    return summary
