"""Completeness rules: what a charter still lacks. Each lowers the completeness score."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping, strings, text, unfilled
from generator.check.rules.rule import CharterContext, Finding, completeness, one_chance
from generator.check.vocabulary import TIERS


def _count(*path: str) -> Callable[[CharterContext], int]:
    def chances(charter: CharterContext) -> int:
        container: object = charter.data
        for step in path:
            container = mapping(container).get(step)
        return len(list(entries(container)))

    return chances


@completeness(Code.PARTY_WITHOUT_BENEFITS, _count("parties"))
def every_party_benefits(charter: CharterContext) -> Iterator[Finding]:
    """The relationship states what every party gains; a party that gains nothing leaves.

    A party has no `benefits`, or an empty list. One chance per party.

    Fix: add a `benefits:` list with what this party gains.
    """
    for index, party in entries(charter.data.get("parties")):
        if not strings(party.get("benefits")):
            name = text(party.get("name")) or text(party.get("id")) or f"party {index + 1}"
            yield Finding(
                ("parties", index),
                f"party '{name}' lists no benefits",
                "add `benefits:` with what this party gains from the relationship",
            )


@completeness(Code.MEMBER_WITHOUT_CONTRIBUTION, _count("members"))
def every_member_contributes(charter: CharterContext) -> Iterator[Finding]:
    """Membership is built on contribution: each member says what they bring.

    A member has no `contributes`, or it is blank. One chance per member.

    Fix: add `contributes:` with what this person brings to the group.
    """
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


@completeness(Code.GOAL_WITHOUT_MEASURE, _count("period", "key_goals"))
def goals_are_measured(charter: CharterContext) -> Iterator[Finding]:
    """An action-oriented goal says how we will know it is met.

    A key goal of the current period has no `measure`. One chance per key goal of the
    current period.

    Fix: add `measure:`, for example a number and a unit: `6 of 6 regions live`.
    """
    yield from _goals_missing(charter, "measure", "add `measure:`, e.g. a number and a unit")


@completeness(Code.GOAL_WITHOUT_OWNER, _count("period", "key_goals"))
def goals_are_owned(charter: CharterContext) -> Iterator[Finding]:
    """Every key goal has one member who drives it.

    A key goal of the current period has no `owner`. One chance per key goal of the current
    period.

    Fix: add `owner:` with a member id.
    """
    yield from _goals_missing(charter, "owner", "add `owner:` with a member id")


@completeness(Code.GOAL_WITHOUT_DUE, _count("period", "key_goals"))
def goals_are_dated(charter: CharterContext) -> Iterator[Finding]:
    """Every key goal has a due date within its period.

    A key goal of the current period has no `due` date. One chance per key goal of the
    current period.

    Fix: add `due:` with a date inside the period.
    """
    yield from _goals_missing(charter, "due", "add `due:` with a date inside the period")


@completeness(Code.NO_AGREEMENT, one_chance)
def agreement_is_recorded(charter: CharterContext) -> Iterator[Finding]:
    """The relationship's formal basis (contract, bylaws, letter of understanding) is on record.

    The charter has no `agreement` section. One chance per charter.

    ```yaml
    agreement:
      type: informal    # when nothing is signed
    ```

    Fix: add `agreement:` with its `type`; use `informal` when there is no formal agreement.
    """
    if "agreement" not in charter.data or charter.data.get("agreement") is None:
        yield Finding(
            ("id",),
            "no agreement is recorded",
            "add `agreement:` with its type (use `informal` when there is none)",
            at_key=True,
        )


@completeness(Code.NO_MEMBERSHIP_CRITERIA, one_chance)
def membership_is_defined(charter: CharterContext) -> Iterator[Finding]:
    """Who belongs, and why, is written down, so inclusion does not depend on who asks.

    There is no `membership_criteria` list, or it is empty. One chance per charter.

    Fix: add `membership_criteria:` with a list of who belongs and why.
    """
    if not strings(charter.data.get("membership_criteria")):
        yield Finding(
            ("membership_criteria",) if "membership_criteria" in charter.data else ("id",),
            "no membership criteria are written down",
            "add `membership_criteria:` with who belongs and why",
            at_key=True,
        )


@completeness(Code.NO_PARTNER_FIT, one_chance)
def partner_fit_is_defined(charter: CharterContext) -> Iterator[Finding]:
    """There is a policy for partners who pull the group away from its objectives.

    The `review` has no `partner_fit`. One chance per charter. (A charter without a
    `review` section gets [missing-field](#missing-field) instead.)

    Fix: add `partner_fit:` saying how partners who pull the group off course are reassigned
    or removed.
    """
    if where := unfilled(charter.data, "review", "partner_fit", text):
        yield Finding(
            where,
            "the review has no partner-fit policy",
            "add `partner_fit:`: how partners who pull the group off course are "
            "reassigned or removed",
            at_key=True,
        )


@completeness(Code.NO_EXIT_CRITERIA, one_chance)
def exit_is_defined(charter: CharterContext) -> Iterator[Finding]:
    """We know in advance when we would leave the relationship ourselves.

    The `review` has no `exit_criteria`. One chance per charter. (A charter without a
    `review` section gets [missing-field](#missing-field) instead.)

    Fix: add `exit_criteria:` saying when we would leave the relationship.
    """
    if where := unfilled(charter.data, "review", "exit_criteria", text):
        yield Finding(
            where,
            "the review has no exit criteria",
            "add `exit_criteria:`: when we leave the relationship",
            at_key=True,
        )


_TIER_FIELD_WANTS = {
    "account": (
        "what the account is worth",
        "add `account:` with `annual_value`, `currency`, `potential` and `renewal`",
    ),
    "challenges": (
        "the partner's own challenges",
        "add `challenges:` with the partner's challenges, in their words",
    ),
    "risks": (
        "the risks and blockers in its way",
        "add `risks:`, each with `risk`, `owner`, `mitigation` and `status`",
    ),
    "ideas": ("the ideas we bring the partner", "add `ideas:`, each with `idea` and `status`"),
}


def _tier_fields(charter: CharterContext) -> list[str]:
    tier = charter.data.get("tier")
    return list(charter.settings.tier_fields.for_tier(tier)) if tier in TIERS else []


@completeness(Code.TIER_FIELD_MISSING, lambda charter: len(_tier_fields(charter)))
def tier_fields_are_filled(charter: CharterContext) -> Iterator[Finding]:
    """Key accounts deserve the most attention: the higher the tier, the deeper the charter goes
    into the partner's challenges, the blockers to remove and the ideas we bring them.

    A field the charter's tier asks for is missing or empty. By default a `key` charter asks
    for `account`, `challenges`, `risks` and `ideas`, a `growth` charter for `challenges` and
    `ideas`, and a `maintain` charter for none; the setting `tier_fields` changes this. One
    chance per field the tier asks for. The position points at the empty field, or at `tier`
    when the field is not written.

    Fix: fill in the field the message names, or lower the tier if the relationship does not
    deserve that attention.
    """
    tier = charter.data.get("tier")
    for name in _tier_fields(charter):
        value = charter.data.get(name)
        if value is None or value == [] or value == {}:
            what, hint = _TIER_FIELD_WANTS[name]
            yield Finding(
                (name,) if name in charter.data else ("tier",),
                f"a {tier}-tier charter records {what}: `{name}` is "
                f"{'empty' if name in charter.data else 'missing'}",
                hint,
                at_key=True,
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
    tier_fields_are_filled,
]
