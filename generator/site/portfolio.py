"""What readers see at a glance: each charter's health and the portfolio by tier and owner."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from generator.check.schema import Charter, KeyGoal, People
from generator.check.validate import CharterResult
from generator.check.vocabulary import RETIRED, TIERS
from generator.site.charter_view import format_amount, member_names
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

    @property
    def account_line(self) -> str | None:
        """Why the tier, in a few words: ``EUR 1,200,000 · high potential``; None when the
        charter records neither its annual value nor its potential."""
        account = self.charter.account
        if account is None:
            return None
        parts = []
        if account.annual_value is not None:
            parts.append(format_amount(account.annual_value, account.currency))
        if account.potential is not None:
            parts.append(f"{account.potential} potential")
        return " · ".join(parts) or None


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

    @property
    def valued(self) -> int:
        """How many of the tier's relationships record their annual value."""
        return len(self._annual_values())

    @property
    def annual_values(self) -> list[str]:
        """The tier's recorded annual values added up, one amount per currency, in the order
        of their codes (values with no currency last)."""
        totals: dict[str, float] = {}
        for value, currency in self._annual_values():
            totals[currency or ""] = totals.get(currency or "", 0.0) + value
        return [
            format_amount(totals[code], code or None)
            for code in sorted(totals, key=lambda code: (not code, code))
        ]

    def _annual_values(self) -> list[tuple[float, str | None]]:
        """The annual value and currency of each of the tier's relationships that records one."""
        return [
            (account.annual_value, account.currency)
            for summary in self.charters
            if (account := summary.charter.account) is not None and account.annual_value is not None
        ]


@dataclass
class OwnerLoad:
    member_id: str
    name: str
    by_tier: dict[str, int] = field(default_factory=dict)
    over_limit: bool = False


def summarise(
    charter: Charter,
    completeness: int,
    warnings: int,
    today: datetime.date,
    people: People | None = None,
) -> CharterSummary:
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
        owner_name=member_names(charter, people).get(charter.owner, charter.owner),
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


def summary_of(
    checked: CharterResult, today: datetime.date, people: People | None = None
) -> CharterSummary | None:
    """The summary of a checked charter, with its open warnings and reminders counted;
    ``people`` is the handbook's people registry, when it has one."""
    if checked.charter is None:
        return None
    summary = summarise(
        checked.charter,
        checked.completeness or 0,
        sum(d.is_warning for d in checked.diagnostics),
        today,
        people,
    )
    summary.reminders = sum(d.is_reminder for d in checked.diagnostics)
    return summary
