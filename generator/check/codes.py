"""Every diagnostic code the tool can emit, as one typed set.

Codes are stable: scripts and CI annotations match on them, and each one has its section in
``docs/reference/diagnostics.md``. The members are listed in the order of that page.
"""

from __future__ import annotations

from enum import Enum


class Code(str, Enum):
    """A diagnostic's code; ``str()``, f-strings and JSON give its value, e.g. ``unknown-key``."""

    # Reading the file
    FILE_TOO_LARGE = "file-too-large"
    FILE_UNREADABLE = "file-unreadable"
    FILE_BINARY = "file-binary"
    BYTE_ORDER_MARK = "byte-order-mark"
    FILE_ENCODING = "file-encoding"
    LINE_ENDINGS = "line-endings"
    EMPTY_FILE = "empty-file"
    YAML_SYNTAX = "yaml-syntax"
    YAML_TAB = "yaml-tab"
    INVALID_KEY = "invalid-key"
    DUPLICATE_KEY = "duplicate-key"
    RECURSIVE_ALIAS = "recursive-alias"
    ALIAS_BOMB = "alias-bomb"
    NESTING_TOO_DEEP = "nesting-too-deep"
    # The schema
    NOT_A_MAPPING = "not-a-mapping"
    MISSING_FIELD = "missing-field"
    UNKNOWN_KEY = "unknown-key"
    INVALID_VALUE = "invalid-value"
    INVALID_DATE = "invalid-date"
    INVALID_ID = "invalid-id"
    EMPTY_VALUE = "empty-value"
    TOO_FEW_ITEMS = "too-few-items"
    TOO_MANY_KEY_GOALS = "too-many-key-goals"
    WRONG_TYPE = "wrong-type"
    # Rules in one charter
    ID_MISMATCH = "id-mismatch"
    DUPLICATE_ID = "duplicate-id"
    DANGLING_REFERENCE = "dangling-reference"
    PERIOD_INVERTED = "period-inverted"
    GOAL_DUE_OUTSIDE_PERIOD = "goal-due-outside-period"
    HISTORY_GOAL_OPEN = "history-goal-open"
    CADENCE_TOO_SLOW = "cadence-too-slow"
    UNSAFE_LINK = "unsafe-link"
    PARTY_WITHOUT_BENEFITS = "party-without-benefits"
    MEMBER_WITHOUT_CONTRIBUTION = "member-without-contribution"
    GOAL_WITHOUT_MEASURE = "goal-without-measure"
    GOAL_WITHOUT_OWNER = "goal-without-owner"
    GOAL_WITHOUT_DUE = "goal-without-due"
    NO_AGREEMENT = "no-agreement"
    NO_MEMBERSHIP_CRITERIA = "no-membership-criteria"
    NO_KEY_GOALS = "no-key-goals"
    NO_PARTNER_FIT = "no-partner-fit"
    NO_EXIT_CRITERIA = "no-exit-criteria"
    TIER_FIELD_MISSING = "tier-field-missing"
    REVIEW_OVERDUE = "review-overdue"
    PERIOD_OVER = "period-over"
    MEETING_OVERDUE = "meeting-overdue"
    GOAL_PAST_DUE = "goal-past-due"
    PLACEHOLDER_TEXT = "placeholder-text"
    PARTY_WITHOUT_MEMBER = "party-without-member"
    GOAL_DONE_WITHOUT_ACCOMPLISHMENT = "goal-done-without-accomplishment"
    FORMER_MEMBER_IN_CHARGE = "former-member-in-charge"
    MEMBER_INACTIVE = "member-inactive"
    RELATION_TO_SELF = "relation-to-self"
    RISK_OPEN = "risk-open"
    COMPLETENESS_BELOW_MINIMUM = "completeness-below-minimum"
    RULE_FAILED = "rule-failed"
    # Rules across charters
    DUPLICATE_CHARTER_ID = "duplicate-charter-id"
    OWNER_OVERLOADED = "owner-overloaded"
    TOO_MANY_KEY_ACCOUNTS = "too-many-key-accounts"
    TERM_CONFLICT = "term-conflict"
    TERM_UNUSED = "term-unused"
    PERSON_INCONSISTENT = "person-inconsistent"
    RELATION_UNKNOWN = "relation-unknown"
    RELATION_CONTRADICTION = "relation-contradiction"
    CHARTER_LINK_BROKEN = "charter-link-broken"
    # Editing files (handbook fmt, handbook rollover)
    FMT_FAILED = "fmt-failed"

    # Python 3.11 and later format a str-mixin enum as ``Code.NAME``; output must stay the value.
    def __str__(self) -> str:
        return self.value

    def __format__(self, format_spec: str) -> str:
        return format(self.value, format_spec)
