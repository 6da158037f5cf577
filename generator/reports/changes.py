"""What changed between two versions of a charter or of the glossary, as Markdown list items.

Each comparison looks at one part of a charter (identity, objectives, period and key goals,
members, terms) and says what was added, removed or changed; items are matched by id, terms
by their normalised wording. A new charter has nothing to compare with, so its overview lists
what it holds. Everything taken from a charter is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.check.schema import Charter, KeyGoal, Member, Objective, Party, Term
from generator.reports.markdown import code, escape_inline
from generator.text import normalise

ARROW = "→"

_ItemT = TypeVar("_ItemT")


def charter_changes(old: Charter, new: Charter) -> tuple[list[str], set[str]]:
    """What changed from ``old`` to ``new``, and the top-level fields those lines explain."""
    lines: list[str] = []
    explained: set[str] = set()
    for fields, compare in _CHARTER_COMPARISONS:
        found = compare(old, new)
        lines += found
        explained.update(fields if found else ())
    return lines, explained


def charter_overview(charter: Charter) -> list[str]:
    """What a new charter holds: its owner, members, objectives and the current key goals."""
    members = {member.id: member for member in charter.members}
    parties = {party.id: party for party in charter.parties}
    period = f"Key goals for {escape_inline(charter.period.label)}"
    return [
        f"Owner: {_person(charter.owner, members)}",
        _nested(
            "Members",
            [
                f"{_person(m.id, members)}, {_party(m.party, parties)}, {escape_inline(m.role)}"
                for m in charter.members
            ],
        ),
        _nested(
            "Objectives",
            [
                f"{code(o.id)}: {escape_inline(o.statement)} (serves: {escape_inline(o.serves)})"
                for o in charter.objectives
            ],
        ),
        _nested(period, [_goal(goal, members) for goal in charter.period.key_goals])
        if charter.period.key_goals
        else f"{period}: none",
    ]


def term_changes(old: Sequence[Term], new: Sequence[Term]) -> list[str]:
    """Terms added, removed or redefined (a change of case or spacing is no change)."""
    matched = _match(old, new, _term_key)
    lines = [
        f"Term added: **{escape_inline(t.term)}**: {escape_inline(t.definition)}"
        for t in matched.added
    ]
    lines += [f"Term removed: **{escape_inline(t.term)}**" for t in matched.removed]
    lines += [
        f"Term redefined: **{escape_inline(now.term)}**: "
        f"{escape_inline(was.definition)} {ARROW} {escape_inline(now.definition)}"
        for was, now in matched.kept
        if normalise(was.definition) != normalise(now.definition)
    ]
    return lines


def _nested(heading: str, items: Sequence[str]) -> str:
    """A list item with one nested item each."""
    return "\n".join([f"{heading}:", *(f"  - {item}" for item in items)])


def _person(member_id: str, members: dict[str, Member]) -> str:
    """A member's name and id, or the id alone when no member has it."""
    member = members.get(member_id)
    return f"{escape_inline(member.name)} ({code(member_id)})" if member else code(member_id)


def _party(party_id: str, parties: dict[str, Party]) -> str:
    party = parties.get(party_id)
    return escape_inline(party.name) if party else code(party_id)


def _goal(goal: KeyGoal, members: dict[str, Member]) -> str:
    owner = _person(goal.owner, members) if goal.owner else "none"
    due = escape_inline(goal.due) if goal.due else "none"
    return (
        f"{code(goal.id)}: {escape_inline(goal.goal)} "
        f"(owner: {owner}; due: {due}; status: {escape_inline(goal.status)})"
    )


def _change(
    label: str, old: object, new: object, show: Callable[[object], str] = escape_inline
) -> list[str]:
    """``label: old → new`` when the values differ."""
    return [f"{label}: {show(old)} {ARROW} {show(new)}"] if old != new else []


@dataclass
class _Matched(Generic[_ItemT]):
    """Two lists of items matched by key, each part in key order."""

    added: list[_ItemT]
    removed: list[_ItemT]
    kept: list[tuple[_ItemT, _ItemT]]


def _match(
    old: Iterable[_ItemT], new: Iterable[_ItemT], key: Callable[[_ItemT], str]
) -> _Matched[_ItemT]:
    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    return _Matched(
        [after[k] for k in sorted(after.keys() - before.keys())],
        [before[k] for k in sorted(before.keys() - after.keys())],
        [(before[k], after[k]) for k in sorted(before.keys() & after.keys())],
    )


def _id(item: Objective | KeyGoal | Member) -> str:
    return item.id


def _term_key(term: Term) -> str:
    return normalise(term.term)


def _identity_changes(old: Charter, new: Charter) -> list[str]:
    return [
        *_change("Name", old.name, new.name),
        *_change("Tier", old.tier, new.tier),
        *_change("Status", old.status, new.status),
        *_change("Owner", old.owner, new.owner, code),
    ]


def _objective_changes(old: Charter, new: Charter) -> list[str]:
    matched = _match(old.objectives, new.objectives, _id)
    lines = [f"Objective added: {code(o.id)}: {escape_inline(o.statement)}" for o in matched.added]
    lines += [
        f"Objective removed: {code(o.id)}: {escape_inline(o.statement)}" for o in matched.removed
    ]
    for was, now in matched.kept:
        lines += _change(f"Objective {code(now.id)} reworded", was.statement, now.statement)
        lines += _change(f"Objective {code(now.id)} serves", was.serves, now.serves)
    return lines


def _period_changes(old: Charter, new: Charter) -> list[str]:
    lines = _change("Period", old.period.label, new.period.label)
    matched = _match(old.period.key_goals, new.period.key_goals, _id)
    lines += [
        f"Key goal added: {code(g.id)}: {escape_inline(g.goal)} ({escape_inline(g.status)})"
        for g in matched.added
    ]
    lines += [f"Key goal removed: {code(g.id)}: {escape_inline(g.goal)}" for g in matched.removed]
    for was, now in matched.kept:
        lines += _change(f"Key goal {code(now.id)} reworded", was.goal, now.goal)
        lines += _change(f"Key goal {code(now.id)}", was.status, now.status)
    return lines


def _member_changes(old: Charter, new: Charter) -> list[str]:
    matched = _match(old.members, new.members, _id)
    lines = [
        f"Member joined: {escape_inline(m.name)} ({code(m.id)}), {escape_inline(m.role)}"
        for m in matched.added
    ]
    lines += [f"Member left: {escape_inline(m.name)} ({code(m.id)})" for m in matched.removed]
    for was, now in matched.kept:
        lines += _change(
            f"Member {escape_inline(now.name)} ({code(now.id)}) role", was.role, now.role
        )
    return lines


def _charter_term_changes(old: Charter, new: Charter) -> list[str]:
    return term_changes(old.terms, new.terms)


_CHARTER_COMPARISONS: tuple[
    tuple[tuple[str, ...], Callable[[Charter, Charter], list[str]]], ...
] = (
    (("name", "tier", "status", "owner"), _identity_changes),
    (("objectives",), _objective_changes),
    (("period",), _period_changes),
    (("members",), _member_changes),
    (("terms",), _charter_term_changes),
)
"""Each comparison with the top-level fields it explains."""
