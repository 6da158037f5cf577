"""Practice rules: every party has its people, and every finished goal its recorded result."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping, text
from generator.check.rules.rule import CharterContext, Finding, completeness

DONE = "done"


def _named(items: object, key: str) -> set[str]:
    """The ids that the entries of a list name in their ``key``."""
    return {item[key] for _, item in entries(items) if isinstance(item.get(key), str)}


def _count_parties(charter: CharterContext) -> int:
    return len(list(entries(charter.data.get("parties"))))


@completeness(Code.PARTY_WITHOUT_MEMBER, _count_parties)
def every_party_is_represented(charter: CharterContext) -> Iterator[Finding]:
    """Each party has someone in the group who represents it, so every side has a voice.

    A party has no member: no entry of `members` names it as its `party`. The position points
    at the party's `id`. One chance per party.

    ```yaml
    parties:
      - id: fernway      # party-without-member: no member has `party: fernway`
        name: Fernway Logistics
    members:
      - id: ana-lima
        party: northwind
    ```

    Fix: add the member who represents this party to `members`, with `party:` set to its id.
    """
    represented = _named(charter.data.get("members"), "party")
    for index, party in entries(charter.data.get("parties")):
        if party.get("id") not in represented:
            name = text(party.get("name")) or text(party.get("id")) or f"party {index + 1}"
            yield Finding(
                ("parties", index, "id"),
                f"party '{name}' has no member",
                "add to `members` who represents this party, with `party:` set to its id",
            )


def _done_key_goals(charter: CharterContext) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(index, goal)`` for each key goal of the current period with ``status: done``."""
    for index, goal in entries(mapping(charter.data.get("period")).get("key_goals")):
        if goal.get("status") == DONE:
            yield index, goal


def _count_done_key_goals(charter: CharterContext) -> int:
    return sum(1 for _ in _done_key_goals(charter))


@completeness(Code.GOAL_DONE_WITHOUT_ACCOMPLISHMENT, _count_done_key_goals)
def done_goals_are_recorded(charter: CharterContext) -> Iterator[Finding]:
    """A goal reached is an accomplishment worth recording: the group sees what it achieved.

    A key goal of the current period has `status: done`, but no entry of `accomplishments`
    names it as its `goal`. The position points at the goal's `status`. One chance per key
    goal of the current period that is done.

    ```yaml
    period:
      key_goals:
        - id: q4-rollout
          status: done
    accomplishments:
      - date: 2026-11-20
        summary: All 120 stores went live.
        goal: q4-rollout    # fine: the done goal has its accomplishment
    ```

    Fix: add an entry to `accomplishments` with its `date`, a `summary` of what was achieved
    and `goal:` set to the goal's id.
    """
    credited = _named(charter.data.get("accomplishments"), "goal")
    for index, goal in _done_key_goals(charter):
        if goal.get("id") not in credited:
            label = text(goal.get("id")) or f"goal {index + 1}"
            yield Finding(
                ("period", "key_goals", index, "status"),
                f"key goal '{label}' is done but no accomplishment records it",
                "add to `accomplishments` what was achieved, with `goal:` set to its id",
            )


RULES = [every_party_is_represented, done_goals_are_recorded]
