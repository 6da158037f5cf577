"""What readers see at a glance: each charter's health and the portfolio by tier and owner.

Everything here is data for the portfolio page's template: health and its reasons, the next
review and meeting, key goals done per quarter by tier, and the relation map
(:mod:`generator.site.relation_map`). The template alone decides how they look.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from generator.check.schema import Charter, KeyGoal, People
from generator.check.validate import CharterResult
from generator.check.vocabulary import GATED_STATUSES, RETIRED, STATUSES, TIERS
from generator.site.charter_view import format_amount, member_names
from generator.site.recurrence import next_meeting as following_meeting
from generator.site.relation_map import RelationMap, relation_map

DUE_SOON_DAYS = 30
TIER_TITLES = {"key": "Key accounts", "growth": "Growth", "maintain": "Maintain"}
TREND_QUARTERS = 8
"""How many calendar quarters, up to today's, the trend of key goals done shows."""

HealthCode = Literal[
    "review-overdue",
    "review-due-soon",
    "period-over",
    "meeting-overdue",
    "goal-at-risk",
    "goal-missed",
    "goal-past-due",
    "below-minimum",
]
_UNSETTLED = ("planned", "on-track")
"""Goal statuses that say nothing has happened yet (as the check's goal-past-due reminder)."""


@dataclass(frozen=True)
class HealthReason:
    """Why a relationship is not healthy, or soon may not be: one fact, in plain words.

    ``label`` is plain text with no charter text in it (``review overdue 12 days``); a reason
    about a key goal carries the goal, whose text the page renders as charter text.
    """

    code: HealthCode
    label: str
    goal: KeyGoal | None = None
    needs_attention: bool = True
    """Whether it makes the relationship unhealthy; a review due soon does not, nor does a
    draft's completeness below the minimum it is not held to yet."""

    @property
    def rank(self) -> int:
        """How much it weighs when relationships are sorted by health."""
        return 2 if self.needs_attention else 1


@dataclass(frozen=True)
class Health:
    """A relationship's health as the portfolio shows it: every reason, most pressing first."""

    reasons: list[HealthReason]

    @property
    def healthy(self) -> bool:
        return not self.attention

    @property
    def attention(self) -> list[HealthReason]:
        """The reasons that make the relationship unhealthy."""
        return [reason for reason in self.reasons if reason.needs_attention]

    @property
    def rank(self) -> int:
        """Sorts the healthiest first: 0 for no reason at all."""
        return sum(reason.rank for reason in self.reasons)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


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
    health: list[HealthReason] = field(default_factory=list)
    """Why the relationship needs attention (or soon will), most pressing first; empty when
    all is well. A retired relationship has none: its calendar has stopped."""

    @property
    def healthy(self) -> bool:
        """No reason needs attention: no review, meeting or period overdue and no key goal at
        risk, missed or past due."""
        return not any(reason.needs_attention for reason in self.health)

    @property
    def attention(self) -> list[HealthReason]:
        """The reasons that make the relationship unhealthy."""
        return [reason for reason in self.health if reason.needs_attention]

    def health_with(self, minimum: int) -> Health:
        """The health with the completeness its tier asks for (``minimum``): a score below it
        is the first reason; for a draft, held to no minimum yet, one that needs no attention.

        (A site is built only when no active charter is below its minimum: the check fails.)
        """
        if self.charter.status == RETIRED or self.completeness >= minimum:
            return Health(self.health)
        draft = self.charter.status not in GATED_STATUSES
        label = f"completeness {self.completeness}, below the minimum of {minimum}"
        reason = HealthReason("below-minimum", label, needs_attention=not draft)
        return Health([*self.health, reason] if draft else [reason, *self.health])

    @property
    def status_rank(self) -> int:
        """The status's place in the lifecycle (proposed, active, under review, retired)."""
        return STATUSES.index(self.charter.status)

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

    @property
    def unhealthy(self) -> list[CharterSummary]:
        """The tier's relationships that need attention, in the tier's order."""
        return [summary for summary in self.charters if not summary.healthy]

    def trend(self, today: datetime.date) -> Trend:
        """Key goals done per calendar quarter, up to today's: see :func:`goals_trend`."""
        return goals_trend(self.charters, today)

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
    meeting_overdue = bool(next_meeting and next_meeting < today)
    return CharterSummary(
        charter=charter,
        completeness=completeness,
        page=f"charters/{charter.id}.md",
        owner_name=member_names(charter, people).get(charter.owner, charter.owner),
        review_state=review_state,
        next_meeting=next_meeting,
        meeting_overdue=meeting_overdue,
        goals_at_risk=[g for g in charter.period.key_goals if g.status in ("at-risk", "missed")],
        warnings=warnings,
        health=[] if charter.status == RETIRED else health_reasons(charter, next_meeting, today),
    )


def health_reasons(
    charter: Charter, next_meeting: datetime.date | None, today: datetime.date
) -> list[HealthReason]:
    """What the calendar and the key goals say about a relationship as of ``today``, the most
    pressing first: the facts the check's reminders report, with their numbers.

    ``next_meeting`` is the meeting expected after the last one held (None when none is
    recorded); a review due within :data:`DUE_SOON_DAYS` is a reason that needs no attention yet.
    """
    reasons: list[HealthReason] = []
    review = charter.review.next_review
    if review < today:
        reasons.append(
            HealthReason("review-overdue", f"review overdue {_days((today - review).days)}")
        )
    if charter.period.end < today:
        ended = (today - charter.period.end).days
        reasons.append(HealthReason("period-over", f"period ended {_days(ended)} ago"))
    if next_meeting is not None and next_meeting < today:
        late = (today - next_meeting).days
        reasons.append(HealthReason("meeting-overdue", f"meeting overdue {_days(late)}"))
    for goal in charter.period.key_goals:
        if goal.status == "at-risk":
            reasons.append(HealthReason("goal-at-risk", "goal at risk", goal))
        elif goal.status == "missed":
            reasons.append(HealthReason("goal-missed", "goal missed", goal))
        elif goal.status in _UNSETTLED and goal.due is not None and goal.due < today:
            reasons.append(
                HealthReason(
                    "goal-past-due", f"goal {_days((today - goal.due).days)} past due", goal
                )
            )
    if today <= review and (review - today).days <= DUE_SOON_DAYS:
        days = (review - today).days
        label = "review due today" if days == 0 else f"review due in {_days(days)}"
        reasons.append(HealthReason("review-due-soon", label, needs_attention=False))
    return reasons


class Tiers(list[TierSummary]):
    """The portfolio's tiers, key accounts first, with what is drawn across them."""

    @cached_property
    def relation_map(self) -> RelationMap:
        """The relations between the relationships that are not retired, laid out to draw."""
        return relation_map(
            [(summary.charter, summary.page) for tier in self for summary in tier.charters],
            TIER_TITLES,
        )


def by_tier(summaries: list[CharterSummary]) -> Tiers:
    """Active relationships grouped by tier, key accounts first; names in order within."""
    return Tiers(
        TierSummary(
            tier,
            TIER_TITLES[tier],
            sorted(
                (s for s in summaries if s.charter.tier == tier and s.charter.status != RETIRED),
                key=lambda s: s.charter.name.casefold(),
            ),
        )
        for tier in TIERS
    )


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


@dataclass(frozen=True)
class TrendPoint:
    """Key goals in the periods that ended in one calendar quarter (the current periods:
    in today's quarter)."""

    quarter: str
    """``2026-Q3``."""
    done: int
    total: int
    current: bool
    """Whether this is today's quarter, still going on."""


@dataclass(frozen=True)
class Trend:
    """Key goals done per calendar quarter, oldest first, as a sparkline draws them."""

    points: list[TrendPoint]
    earlier: int = 0
    """Key goals of periods that ended before the first quarter shown, left out."""

    @property
    def peak(self) -> int:
        """The largest number of key goals in one quarter: the sparkline's full height."""
        return max((point.total for point in self.points), default=0)

    @property
    def width(self) -> float:
        """The sparkline's width in its SVG's units."""
        return max(len(self.points) * SPARK_STEP - SPARK_GAP, 0)

    def bars(self) -> list[SparkBar]:
        """One bar per quarter, in an SVG :data:`SPARK_HEIGHT` units high: all key goals as
        a track, those done over it."""
        peak = self.peak or 1
        bars = []
        for index, point in enumerate(self.points):
            total = round(SPARK_HEIGHT * point.total / peak, 1)
            done = round(SPARK_HEIGHT * point.done / peak, 1)
            bars.append(SparkBar(point, index * SPARK_STEP, total, done))
        return bars


SPARK_HEIGHT = 24.0
SPARK_GAP = 3.0
SPARK_STEP = 12.0
"""A sparkline bar's width and the gap after it."""


@dataclass(frozen=True)
class SparkBar:
    """A quarter's bar: ``x`` its left side, heights from the sparkline's bottom."""

    point: TrendPoint
    x: float
    total: float
    done: float

    @property
    def width(self) -> float:
        return SPARK_STEP - SPARK_GAP

    @property
    def total_y(self) -> float:
        """Where the track of all key goals starts, from the top."""
        return round(SPARK_HEIGHT - self.total, 1)

    @property
    def done_y(self) -> float:
        """Where the bar of key goals done starts, from the top."""
        return round(SPARK_HEIGHT - self.done, 1)


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def goals_trend(
    summaries: list[CharterSummary], today: datetime.date, quarters: int = TREND_QUARTERS
) -> Trend:
    """Key goals done per calendar quarter across ``summaries``, from each charter's
    ``history`` and current period.

    A past period counts in the quarter it ended in; the current period in today's quarter
    (or the quarter it ended in, when it is over). At most ``quarters`` quarters up to
    today's are shown, from the first one with any key goal; none when no period has goals.
    """
    now = _quarter(today)
    done: Counter[tuple[int, int]] = Counter()
    total: Counter[tuple[int, int]] = Counter()
    for summary in summaries:
        charter = summary.charter
        periods = [(period, period.end) for period in charter.history]
        periods.append((charter.period, min(charter.period.end, today)))
        for period, counted_on in periods:
            quarter = min(_quarter(counted_on), now)
            total[quarter] += len(period.key_goals)
            done[quarter] += sum(goal.status == "done" for goal in period.key_goals)
    first_shown = _shift(now, 1 - quarters)
    earlier = sum(count for quarter, count in total.items() if quarter < first_shown)
    with_goals = [quarter for quarter, count in total.items() if count and quarter >= first_shown]
    if not with_goals:
        return Trend([], earlier)
    points = []
    quarter = min(with_goals)
    while quarter <= now:
        points.append(
            TrendPoint(f"{quarter[0]}-Q{quarter[1]}", done[quarter], total[quarter], quarter == now)
        )
        quarter = _shift(quarter, 1)
    return Trend(points, earlier)


def _shift(quarter: tuple[int, int], by: int) -> tuple[int, int]:
    """The quarter ``by`` quarters after ``quarter`` (before it, when negative)."""
    index = quarter[0] * 4 + quarter[1] - 1 + by
    return index // 4, index % 4 + 1
