"""The charter format's words: kinds, tiers, statuses and the other fixed values.

Part of the schema (:mod:`generator.check.schema` re-exports every name), kept in a module of
its own that imports no validation library, so that commands and rules that only need the words
start fast.
"""

from __future__ import annotations

import typing
from typing import Literal

Kind = Literal["customer", "partner", "supplier", "alliance", "internal"]
Tier = Literal["key", "growth", "maintain"]
Status = Literal["proposed", "active", "under-review", "retired"]
AgreementType = Literal["contract", "bylaws", "letter-of-understanding", "informal"]
Serves = Literal["relationship", "business", "well-being"]
PeriodLength = Literal["weekly", "monthly", "quarterly"]
Cadence = Literal["weekly", "biweekly", "monthly", "quarterly"]
GoalStatus = Literal["planned", "on-track", "at-risk", "done", "missed", "dropped"]
FINAL_GOAL_STATUSES: tuple[GoalStatus, ...] = ("done", "missed", "dropped")
"""How a goal ends: the only statuses a goal in ``history`` may have."""
Potential = Literal["low", "medium", "high"]
"""How much an account could grow."""
RiskStatus = Literal["open", "mitigated", "closed"]
StrategyField = Literal["account", "challenges", "risks", "ideas"]
"""The fields a tier may ask a charter to fill (setting ``tier_fields``)."""
"""Where a risk or blocker stands: only an open one needs its owner's attention."""
IdeaStatus = Literal["proposed", "accepted", "declined", "done"]
"""What became of an idea we brought the partner."""
RelationType = Literal["partner-of", "supplier-to", "customer-of", "part-of", "depends-on"]
"""How one relationship relates to another: read as "this charter is RELATION the other"."""
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = typing.get_args(Weekday)

TIERS: tuple[Tier, ...] = typing.get_args(Tier)
STATUSES: tuple[Status, ...] = typing.get_args(Status)
DRAFT: Status = "proposed"
"""A charter still being written: held to no completeness minimum yet."""
RETIRED: Status = "retired"
"""A relationship that has ended: its charter is kept for the record."""
OPEN_STATUSES: tuple[Status, ...] = tuple(status for status in STATUSES if status != RETIRED)
"""Charters that still take their owner's attention: every status but retired."""
GATED_STATUSES: tuple[Status, ...] = tuple(status for status in OPEN_STATUSES if status != DRAFT)
"""Charters held to their tier's completeness minimum: neither drafts nor retired."""
