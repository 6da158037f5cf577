"""Completeness rules: what a charter still lacks. Each lowers the completeness score."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.check.rules.access import entries, mapping, strings, text
from generator.check.rules.rule import CharterContext, Finding, completeness, one_chance
from generator.values import as_date


def _count(*path: str) -> Callable[[CharterContext], int]:
    def chances(charter: CharterContext) -> int:
        container: object = charter.data
        for step in path:
            container = mapping(container).get(step)
        return len(list(entries(container)))

    return chances


@completeness("party-without-benefits", _count("parties"))
def every_party_benefits(charter: CharterContext) -> Iterator[Finding]:
    """The relationship states what every party gains; a party that gains nothing leaves."""
    for index, party in entries(charter.data.get("parties")):
        if not strings(party.get("benefits")):
            name = text(party.get("name")) or text(party.get("id")) or f"party {index + 1}"
            yield Finding(
                ("parties", index),
                f"party '{name}' lists no benefits",
                "add `benefits:` with what this party gains from the relationship",
            )


@completeness("member-without-contribution", _count("members"))
def every_member_contributes(charter: CharterContext) -> Iterator[Finding]:
    """Membership is built on contribution: each member says what they bring."""
    for index, member in entries(charter.data.get("members")):
        if not text(member.get("contributes")):
            name = text(member.get("name")) or f"member {index + 1}"
            yield Finding(
                ("members", index),
                f"member '{name}' has no `contributes`",
                "say what this member brings to the group",
            )


def _goals_missing(charter: CharterContext, field: str, hint: str) -> Iterator[Finding]:
    for index, goal in entries(mapping(charter.data.get("period")).get("key_goals")):
        value = goal.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            label = text(goal.get("id")) or f"goal {index + 1}"
            yield Finding(
                ("period", "key_goals", index), f"key goal '{label}' has no {field}", hint
            )


@completeness("goal-without-measure", _count("period", "key_goals"))
def goals_are_measured(charter: CharterContext) -> Iterator[Finding]:
    """An action-oriented goal says how we will know it is met."""
    yield from _goals_missing(charter, "measure", "add `measure:`, e.g. a number and a unit")


@completeness("goal-without-owner", _count("period", "key_goals"))
def goals_are_owned(charter: CharterContext) -> Iterator[Finding]:
    """Every key goal has one member who drives it."""
    yield from _goals_missing(charter, "owner", "add `owner:` with a member id")


@completeness("goal-without-due", _count("period", "key_goals"))
def goals_are_dated(charter: CharterContext) -> Iterator[Finding]:
    """Every key goal has a due date within its period."""
    yield from _goals_missing(charter, "due", "add `due:` with a date inside the period")


@completeness("no-agreement", one_chance)
def agreement_is_recorded(charter: CharterContext) -> Iterator[Finding]:
    """The relationship's formal basis (contract, bylaws, letter of understanding) is on record."""
    if "agreement" not in charter.data or charter.data.get("agreement") is None:
        yield Finding(
            ("id",),
            "no agreement is recorded",
            "add `agreement:` with its type (use `informal` when there is none)",
            at_key=True,
        )


@completeness("no-membership-criteria", one_chance)
def membership_is_defined(charter: CharterContext) -> Iterator[Finding]:
    """Who belongs, and why, is written down, so inclusion does not depend on who asks."""
    if not strings(charter.data.get("membership_criteria")):
        yield Finding(
            ("membership_criteria",) if "membership_criteria" in charter.data else ("id",),
            "no membership criteria are written down",
            "add `membership_criteria:` with who belongs and why",
            at_key=True,
        )


@completeness("no-partner-fit", one_chance)
def partner_fit_is_defined(charter: CharterContext) -> Iterator[Finding]:
    """There is a policy for partners who pull the group away from its objectives."""
    review = charter.data.get("review")
    if isinstance(review, dict) and not text(review.get("partner_fit")):
        yield Finding(
            ("review", "partner_fit") if "partner_fit" in review else ("review",),
            "the review has no partner-fit policy",
            "add `partner_fit:`: how partners who pull the group off course are "
            "reassigned or removed",
            at_key=True,
        )


@completeness("no-exit-criteria", one_chance)
def exit_is_defined(charter: CharterContext) -> Iterator[Finding]:
    """We know in advance when we would leave the relationship ourselves."""
    review = charter.data.get("review")
    if isinstance(review, dict) and not text(review.get("exit_criteria")):
        yield Finding(
            ("review", "exit_criteria") if "exit_criteria" in review else ("review",),
            "the review has no exit criteria",
            "add `exit_criteria:`: when we leave the relationship",
            at_key=True,
        )


@completeness("review-overdue", one_chance)
def review_is_current(charter: CharterContext) -> Iterator[Finding]:
    """The charter is reviewed on schedule."""
    next_review = as_date(mapping(charter.data.get("review")).get("next_review"))
    if next_review and next_review < charter.today:
        days = (charter.today - next_review).days
        yield Finding(
            ("review", "next_review"),
            f"the review was due on {next_review}, {days} days ago",
            "review the charter, then set `last_reviewed` and a new `next_review`",
        )


RULES = [
    every_party_benefits,
    every_member_contributes,
    goals_are_measured,
    goals_are_owned,
    goals_are_dated,
    agreement_is_recorded,
    membership_is_defined,
    partner_fit_is_defined,
    exit_is_defined,
    review_is_current,
]
