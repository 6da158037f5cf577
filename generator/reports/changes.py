"""What changed between two versions of a charter or of the glossary, as Markdown list items.

Each comparison looks at one part of a charter (identity, account, objectives, period and key
goals, members and who joined or left, challenges, risks, ideas, relations, terms, internal
notes) and says what was added, removed or changed; items are matched by id, relations by the
charter they lead to and their type, terms, challenges, risks and ideas by their normalised
wording. A new charter has nothing to compare with, so its overview lists what it holds.
Everything taken from a charter is escaped; internal notes are never quoted.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.check.schema import (
    Account,
    Charter,
    Idea,
    KeyGoal,
    Member,
    Objective,
    Party,
    Relation,
    Risk,
    Term,
)
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
                + (f", left {escape_inline(m.left)}" if m.left else "")
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
    """A member's name and id, or the id alone when no member has it or it has no name."""
    member = members.get(member_id)
    return _member(member) if member else code(member_id)


def _member(member: Member) -> str:
    """A member's name and id; the id alone when the name is left to a people registry."""
    return f"{escape_inline(member.name)} ({code(member.id)})" if member.name else code(member.id)


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


def _or_none(value: object) -> str:
    """A value that may be missing, escaped; ``none`` when it is."""
    return "none" if value is None else escape_inline(value)


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


def _risk_key(risk: Risk) -> str:
    return normalise(risk.risk)


def _idea_key(idea: Idea) -> str:
    return normalise(idea.idea)


def _term_key(term: Term) -> str:
    return normalise(term.term)


def _relation_key(relation: Relation) -> str:
    return f"{relation.to} {relation.type}"  # ids have no spaces


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


def _money(value: float | None, currency: str | None) -> str:
    """An annual value as people read it: ``240,000 EUR``; ``none`` when there is none."""
    if value is None:
        return "none"
    if not math.isfinite(value) or value >= 1e15:
        amount = f"{value:g}"
    else:
        amount = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    return f"{amount} {escape_inline(currency)}" if currency else amount


def _account_summary(account: Account) -> str:
    parts = [
        f"{_money(account.annual_value, account.currency)} a year"
        if account.annual_value is not None
        else "",
        f"potential {escape_inline(account.potential)}" if account.potential else "",
        f"renewal {escape_inline(account.renewal)}" if account.renewal else "",
    ]
    return ", ".join(part for part in parts if part) or "no details"


def _account_changes(old: Charter, new: Charter) -> list[str]:
    was, now = old.account, new.account
    if was is None and now is None:
        return []
    if was is None:
        assert now is not None
        return [f"Account added: {_account_summary(now)}"]
    if now is None:
        return [f"Account removed (was {_account_summary(was)})"]
    return [
        *_change(
            "Account value",
            _money(was.annual_value, was.currency),
            _money(now.annual_value, now.currency),
            str,
        ),
        *_change("Account potential", was.potential, now.potential, _or_none),
        *_change("Account renewal", was.renewal, now.renewal, _or_none),
    ]


def _left(member: Member) -> str:
    """`` on DATE; reason: WHY`` for a member who left."""
    reason = f"; reason: {escape_inline(member.left_reason)}" if member.left_reason else ""
    return f" on {escape_inline(member.left)}{reason}"


def _member_changes(old: Charter, new: Charter) -> list[str]:
    matched = _match(old.members, new.members, _id)
    lines = []
    for m in matched.added:
        if m.left is not None:
            lines.append(
                f"Former member recorded: {_member(m)}, {escape_inline(m.role)}, left{_left(m)}"
            )
        else:
            joined = f", on {escape_inline(m.joined)}" if m.joined else ""
            lines.append(f"Member joined: {_member(m)}, {escape_inline(m.role)}{joined}")
    lines += [f"Member removed: {_member(m)}" for m in matched.removed]
    for was, now in matched.kept:
        label = f"Member {_member(now)}"
        lines += _change(f"{label} role", was.role, now.role)
        lines += _change(f"{label} joined", was.joined, now.joined, _or_none)
        if was.left is None and now.left is not None:
            lines.append(f"Member left: {_member(now)}{_left(now)}")
        elif was.left is not None and now.left is None:
            lines.append(
                f"Member back: {_member(now)}, no longer left (was {escape_inline(was.left)})"
            )
        else:
            lines += _change(f"{label} left", was.left, now.left, _or_none)
            lines += _change(
                f"{label} reason for leaving", was.left_reason, now.left_reason, _or_none
            )
    return lines


def _challenge_changes(old: Charter, new: Charter) -> list[str]:
    matched = _match(old.challenges, new.challenges, normalise)
    return [f"Challenge added: {escape_inline(text)}" for text in matched.added] + [
        f"Challenge removed: {escape_inline(text)}" for text in matched.removed
    ]


_RISK_BECOMES = {"open": "reopened", "mitigated": "mitigated", "closed": "closed"}
"""What a risk whose status changed to each status is said to be."""


def _risk_changes(old: Charter, new: Charter) -> list[str]:
    members = {member.id: member for member in new.members}

    def owner(member_id: object) -> str:
        return _person(member_id, members) if isinstance(member_id, str) else "none"

    matched = _match(old.risks, new.risks, _risk_key)
    lines = []
    for risk in matched.added:
        text = escape_inline(risk.risk)
        owned = f" (owner: {owner(risk.owner)})" if risk.owner else ""
        if risk.status == "open":
            lines.append(f"Risk opened: {text}{owned}")
        else:
            lines.append(f"Risk added, {escape_inline(risk.status)}: {text}{owned}")
    lines += [f"Risk removed: {escape_inline(risk.risk)}" for risk in matched.removed]
    for was, now in matched.kept:
        text = escape_inline(now.risk)
        if was.status != now.status:
            becomes = _RISK_BECOMES.get(now.status, escape_inline(now.status))
            lines.append(f"Risk {becomes}: {text} (was {escape_inline(was.status)})")
        if was.owner != now.owner:
            handed = f"handed to {owner(now.owner)}" if now.owner else "owner removed"
            lines.append(f"Risk {handed}: {text} (was {owner(was.owner)})")
        if was.mitigation != now.mitigation:
            lines.append(f"Risk mitigation changed: {text} (now: {_or_none(now.mitigation)})")
    return lines


def _idea_changes(old: Charter, new: Charter) -> list[str]:
    matched = _match(old.ideas, new.ideas, _idea_key)
    lines = [
        f"Idea added: {escape_inline(idea.idea)} ({escape_inline(idea.status)})"
        for idea in matched.added
    ]
    lines += [f"Idea removed: {escape_inline(idea.idea)}" for idea in matched.removed]
    lines += [
        f"Idea {escape_inline(now.status)}: {escape_inline(now.idea)} "
        f"(was {escape_inline(was.status)})"
        for was, now in matched.kept
        if was.status != now.status
    ]
    return lines


def _relation(relation: Relation) -> str:
    return f"{escape_inline(relation.type)} {code(relation.to)}"


def _relation_changes(old: Charter, new: Charter) -> list[str]:
    matched = _match(old.relations, new.relations, _relation_key)
    added = Counter(relation.to for relation in matched.added)
    removed = Counter(relation.to for relation in matched.removed)
    # One relation to a charter removed and one to the same charter added: its type changed.
    retyped = {to for to in added.keys() & removed.keys() if added[to] == removed[to] == 1}
    was_by_to = {r.to: r for r in matched.removed if r.to in retyped}
    lines = []
    for now in matched.added:
        if now.to in retyped:
            was = was_by_to[now.to]
            lines += _change(f"Relation to {code(now.to)}", was.type, now.type)
            lines += _change(f"Relation {_relation(now)} note", was.note, now.note, _or_none)
        else:
            note = f": {escape_inline(now.note)}" if now.note else ""
            lines.append(f"Relation added: {_relation(now)}{note}")
    lines += [
        f"Relation removed: {_relation(was)}" for was in matched.removed if was.to not in retyped
    ]
    for was, now in matched.kept:
        lines += _change(f"Relation {_relation(now)} note", was.note, now.note, _or_none)
    return lines


def _internal_changes(old: Charter, new: Charter) -> list[str]:
    """Whether the internal notes changed, never what they say: they are for our side only,
    and a pull-request comment outlives the notes' removal from the file."""
    if old.internal == new.internal:
        return []
    if old.internal is None:
        return ["Internal notes added"]
    return ["Internal notes removed" if new.internal is None else "Internal notes changed"]


def _charter_term_changes(old: Charter, new: Charter) -> list[str]:
    return term_changes(old.terms, new.terms)


_CHARTER_COMPARISONS: tuple[
    tuple[tuple[str, ...], Callable[[Charter, Charter], list[str]]], ...
] = (
    (("name", "tier", "status", "owner"), _identity_changes),
    (("account",), _account_changes),
    (("objectives",), _objective_changes),
    (("period",), _period_changes),
    (("members",), _member_changes),
    (("challenges",), _challenge_changes),
    (("risks",), _risk_changes),
    (("ideas",), _idea_changes),
    (("relations",), _relation_changes),
    (("terms",), _charter_term_changes),
    (("internal",), _internal_changes),
)
"""Each comparison with the top-level fields it explains."""
