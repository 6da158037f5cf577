"""Close the current period and open the next one (``handbook rollover``).

The whole ``period`` mapping (its key goals with their final status, and its comments) is
appended to ``history``, and a new ``period`` with the same length, the new label and dates
and the carried goals takes its place. Keys keep their order (``handbook fmt`` orders them), so
the change is only the one asked for; comments on and above the ``period:`` line stay with the
new period, comments inside the old one move with it into history.

A rollover is refused, with every reason at once, when the period has not ended yet (unless
``early``), when the new period overlaps it or leaves a gap after it (unless ``allow_gap``),
and while a key goal is still open: each goal leaves the period with a final status
(:data:`~generator.check.schema.FINAL_GOAL_STATUSES`) or is carried into the new one.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.check.document import file_kind
from generator.check.schema import SLUG_PATTERN, Charter
from generator.check.vocabulary import FINAL_GOAL_STATUSES
from generator.edit.fmt import read_for_edit, rewrite_text
from generator.edit.new import MAX_ID_LENGTH
from generator.edit.roundtrip import text_scalar
from generator.files import write_atomically
from generator.values import as_date

_DAY = datetime.timedelta(days=1)


class RolloverError(Exception):
    """The period cannot be rolled over; ``problems`` says every reason, the message all."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Request:
    """What a rollover is asked for: the new period, and how the open goals of the old end.

    ``outcomes`` pairs a goal id with its final status (``done``, ``missed`` or ``dropped``);
    pairs rather than a mapping, so that a goal given two statuses is refused, not guessed.
    """

    label: str
    start: datetime.date
    end: datetime.date
    today: datetime.date
    early: bool = False
    allow_gap: bool = False
    carry: tuple[str, ...] = ()
    outcomes: tuple[tuple[str, str], ...] = ()

    def final_status(self, goal_id: object) -> str | None:
        return next((status for goal, status in self.outcomes if goal == goal_id), None)


@dataclass(frozen=True)
class RolledOver:
    """What a rollover did: the period it closed, the goals it carried, the dues it cleared."""

    closed: str
    carried: tuple[str, ...]
    due_cleared: tuple[str, ...]
    """Carried goals whose due date lay outside the new period: each needs a new one."""


def rollover_text(
    text: str,
    *,
    label: str,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    early: bool = False,
    allow_gap: bool = False,
    carry: Iterable[str] = (),
    outcomes: Iterable[tuple[str, str]] = (),
) -> str:
    """``text`` with its period moved to history and a new period from start to end.

    Raises RolloverError, listing every problem, when the charter has no period, the current
    period has not ended by ``today`` (unless ``early``), the new period is inverted, has a
    label already used, overlaps the current one or leaves a gap after it (unless
    ``allow_gap``), or a key goal would leave the period open; FormatError when the text is
    not valid YAML.
    """
    request = _Request(label, start, end, today, early, allow_gap, tuple(carry), tuple(outcomes))
    return _rollover(text, request)[0]


def rollover_file(
    path: Path,
    *,
    label: str,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    early: bool = False,
    allow_gap: bool = False,
    carry: Iterable[str] = (),
    outcomes: Iterable[tuple[str, str]] = (),
) -> RolledOver:
    """Roll the charter at ``path`` over (see :func:`rollover_text`), replacing it atomically.

    The file is read as ``handbook check`` reads it (FormatError with check's diagnostic when
    it cannot be); a path whose name is not a charter id, or that climbs out of its folder
    with ``..``, is refused with RolloverError. A symbolic link stays a link: its target is
    rewritten.
    """
    if ".." in path.parts or not _is_charter_id(path.stem) or path.suffix not in (".yaml", ".yml"):
        raise RolloverError(
            f"'{path.stem}' is not a charter id: use lower-case letters and digits joined by "
            "single hyphens, as the file name in the charters folder"
        )
    kind = file_kind(str(path))
    if kind != "charter":
        raise RolloverError(
            f"{path} is the {'glossary' if kind == 'glossary' else 'people registry'}, not a "
            "charter: it has no period to roll over"
        )
    request = _Request(label, start, end, today, early, allow_gap, tuple(carry), tuple(outcomes))
    text, rolled = _rollover(read_for_edit(path), request)
    write_atomically(path, text)
    return rolled


def _rollover(text: str, request: _Request) -> tuple[str, RolledOver]:
    done: list[RolledOver] = []

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def edit(data: Any) -> None:
        current = data.get("period") if isinstance(data, CommentedMap) else None
        if not isinstance(current, CommentedMap):
            raise RolloverError("the charter has no period to close")
        history = data.get("history")
        if history is not None and not isinstance(history, CommentedSeq):
            raise RolloverError("history is not a list of periods")
        goals = current.get("key_goals")
        goals = goals if isinstance(goals, CommentedSeq) else []
        problems = [
            *_period_problems(current, history, request),
            *_goal_problems(goals, request),
            *_comments_out_of_place(lines, goals, request),
        ]
        if problems:
            raise RolloverError(*problems)
        carried = CommentedSeq()
        for index in reversed(range(len(goals))):
            goal = goals[index]
            if _goal_id(goal) in request.carry:
                carried.insert(0, goals.pop(index))
            elif (status := request.final_status(_goal_id(goal))) is not None:
                goal["status"] = status
        cleared = [goal for goal in carried if _due_outside(goal, request)]
        for goal in cleared:
            del goal["due"]
        if history is None:
            history = CommentedSeq()
            if "history" in data:  # written as a bare `history:`
                data["history"] = history
            else:
                data.insert(_history_position(data), "history", history)
        history.fa.set_block_style()  # also when it was written `history: []`
        history.append(current)
        data["period"] = _new_period(current["length"], request, carried)
        done.append(
            RolledOver(
                str(current.get("label")),
                tuple(str(goal.get("id")) for goal in carried),
                tuple(str(goal.get("id")) for goal in cleared),
            )
        )

    def expect(before: Any) -> Any:
        closed = before["period"]
        goals = closed.get("key_goals") or []
        kept = [goal for goal in goals if _goal_id(goal) not in request.carry]
        for goal in kept:
            if (status := request.final_status(_goal_id(goal))) is not None:
                goal["status"] = status
        carried = [
            {key: value for key, value in goal.items() if key != "due"}
            if _due_outside(goal, request)
            else goal
            for goal in goals
            if _goal_id(goal) in request.carry
        ]
        if "key_goals" in closed and closed["key_goals"] is not None:
            closed["key_goals"] = kept
        before["history"] = [*(before.get("history") or []), closed]
        before["period"] = {
            "length": closed["length"],
            "label": request.label,
            "start": request.start,
            "end": request.end,
            "key_goals": carried,
        }
        return before

    text = rewrite_text(text, model=None, edit=edit, expect=expect)
    return text, done[0]


def _is_charter_id(name: str) -> bool:
    return len(name) <= MAX_ID_LENGTH and re.match(SLUG_PATTERN, name) is not None


def _period_problems(
    current: CommentedMap, history: CommentedSeq | None, request: _Request
) -> Iterator[str]:
    """What stops ``current`` closing and the requested period opening after it."""
    label, start, end = request.label, request.start, request.end
    if not label.strip():
        yield "the new period needs a label"
    if end < start:
        yield f"the new period ends ({end}) before it starts ({start})"
    labels = [str(current.get("label"))] + [
        str(past.get("label")) for past in history or [] if isinstance(past, CommentedMap)
    ]
    if label in labels:
        yield f"a period labelled '{label}' already exists"
    if "length" not in current:
        yield "the current period has no length to keep"
    name = current.get("label")
    current_start = as_date(current.get("start"))
    current_end = as_date(current.get("end"))
    if current_start is None:
        yield "the current period has no valid start date"
    if current_end is None:
        yield "the current period has no valid end date"
        return
    if request.today <= current_end and not request.early:
        yield (
            f"the period {name} ends {current_end}, after today {request.today}: roll over "
            "after it ends, or pass --early"
        )
    follows = current_end + _DAY
    if start < follows:
        yield (
            f"the new period would start on {start}, before the period {name} ends on "
            f"{current_end}: start it on {follows}"
        )
    elif start > follows and not request.allow_gap:
        yield (
            f"the new period would start on {start}, leaving {follows} to {start - _DAY} in no "
            f"period: start it on {follows}, or pass --allow-gap"
        )


def _goal_problems(goals: list[Any], request: _Request) -> Iterator[str]:
    """What stops every key goal leaving the period with a final status or being carried."""
    ids = [_goal_id(goal) for goal in goals]
    named = [*request.carry, *(goal for goal, _ in request.outcomes)]
    unknown = sorted({goal for goal in named if goal not in ids})
    if unknown:
        known = ", ".join(str(goal) for goal in ids if goal is not None) or "none"
        yield f"no key goal {', '.join(unknown)} in the current period (its goals: {known})"
    for wrong in sorted({status for _, status in request.outcomes} - set(FINAL_GOAL_STATUSES)):
        yield f"'{wrong}' is not a final status: use {', '.join(FINAL_GOAL_STATUSES)}"
    for named_id in dict.fromkeys(goal for goal, _ in request.outcomes):
        given = list(dict.fromkeys(s for g, s in request.outcomes if g == named_id))
        if len(given) > 1:
            yield f"{named_id} is given more than one final status ({', '.join(given)})"
        if named_id in request.carry:
            yield f"{named_id} is both carried and given a final status ({given[0]}): choose one"
    still_open: list[str] = []
    for index, goal in enumerate(goals):
        goal_id, status = _goal_id(goal), _status(goal)
        if goal_id in request.carry and status in FINAL_GOAL_STATUSES:
            yield (
                f"{goal_id} is already {status}, so it stays in history: only open goals are "
                "carried (add a new goal to try again)"
            )
        elif not (
            status in FINAL_GOAL_STATUSES
            or goal_id in request.carry
            or request.final_status(goal_id) is not None
        ):
            still_open.append(f"{goal_id or f'key goal {index + 1}'} ({status or 'no status'})")
    if still_open:
        yield (
            f"goals still open: {', '.join(still_open)}: give each a final status with "
            "--done/--missed/--dropped GOAL or move it with --carry GOAL"
        )


def _comments_out_of_place(lines: list[str], goals: list[Any], request: _Request) -> Iterator[str]:
    """Comments that carrying goals would move to the wrong place, so the rollover refuses.

    A comment on a line of its own above a list item belongs to the item's position in the
    list (:mod:`generator.edit.comments`); carrying a goal shifts the positions of the goals
    after it, and a cleared ``due`` takes its comments with it.
    """
    if not isinstance(goals, CommentedSeq):
        return
    carried = [index for index, goal in enumerate(goals) if _goal_id(goal) in request.carry]
    misplaced: list[int] = []
    for index in range(carried[0] if carried else len(goals), len(goals)):
        goal = goals[index]
        line, column = goals.lc.item(index)
        misplaced += _comment_lines_above(lines, line, column - 2)
        if isinstance(goal, CommentedMap) and index in carried and _due_outside(goal, request):
            due_line, due_column = goal.lc.key("due")
            misplaced += _comment_lines_above(lines, due_line, due_column)
            if "#" in lines[due_line]:
                misplaced.append(due_line)
    if misplaced:
        numbers = ", ".join(str(line + 1) for line in sorted(misplaced))
        lines_word = "lines" if len(misplaced) > 1 else "line"
        yield (
            f"carrying {', '.join(request.carry)} would move the comments on {lines_word} "
            f"{numbers} "
            "to the wrong place: put each at the end of its goal's `id` line, or remove it, then "
            "roll over again"
        )


def _comment_lines_above(lines: list[str], line: int, column: int) -> list[int]:
    """The comment lines just above ``line`` that start at or left of ``column``."""
    found: list[int] = []
    while line > 0 and (lines[line - 1].strip() == "" or lines[line - 1].lstrip().startswith("#")):
        line -= 1
        text = lines[line]
        if text.strip() and len(text) - len(text.lstrip()) <= column:
            found.append(line)
    return found


def _goal_id(goal: Any) -> str | None:
    goal_id = goal.get("id") if isinstance(goal, dict) else None
    return goal_id if isinstance(goal_id, str) else None


def _status(goal: Any) -> str | None:
    status = goal.get("status") if isinstance(goal, dict) else None
    return status if isinstance(status, str) else None


def _due_outside(goal: Any, request: _Request) -> bool:
    """Whether a carried goal's due date lies outside the new period, so must be cleared."""
    due = as_date(goal.get("due"))
    return due is not None and not request.start <= due <= request.end


def _history_position(data: CommentedMap) -> int:
    """Where a new ``history`` goes: after ``accomplishments``, else where the schema puts it."""
    keys = list(data)
    if "accomplishments" in keys:
        return keys.index("accomplishments") + 1
    order = list(Charter.model_fields)
    later = order[order.index("history") + 1 :]
    following = [index for index, key in enumerate(keys) if key in later]
    if following:
        return following[0]
    earlier = [index for index, key in enumerate(keys) if key in order]
    return earlier[-1] + 1 if earlier else len(keys)


def _new_period(length: Any, request: _Request, key_goals: CommentedSeq) -> CommentedMap:
    period = CommentedMap()
    period["length"] = length
    period["label"] = text_scalar(request.label)
    period["start"] = request.start
    period["end"] = request.end
    period["key_goals"] = key_goals
    return period
