"""Close the current period and open the next one (``handbook rollover``).

The whole ``period`` mapping (its key goals with their final status, and its comments) is
appended to ``history``, and a new ``period`` with the same length, the new label and dates
and no key goals takes its place. Keys keep their order (``handbook fmt`` orders them), so the
change is only the one asked for; comments on and above the ``period:`` line stay with the
new period, comments inside the old one move with it into history.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.check.schema import SLUG_PATTERN, Charter
from generator.edit.fmt import read_for_edit, rewrite_text
from generator.edit.new import MAX_ID_LENGTH
from generator.edit.roundtrip import text_scalar, write_atomically
from generator.values import as_date


class RolloverError(Exception):
    """The period cannot be rolled over; the message says why."""


def rollover_text(text: str, *, label: str, start: datetime.date, end: datetime.date) -> str:
    """``text`` with its period moved to history and a new, empty period from start to end.

    Raises RolloverError when the charter has no period, the new period ends before it
    starts or does not start after the current one, or a period already has ``label``;
    FormatError when the text is not valid YAML.
    """
    if end < start:
        raise RolloverError(f"the new period ends ({end}) before it starts ({start})")
    if not label.strip():
        raise RolloverError("the new period needs a label")

    def edit(data: Any) -> None:
        current = data.get("period") if isinstance(data, CommentedMap) else None
        if not isinstance(current, CommentedMap):
            raise RolloverError("the charter has no period to close")
        _check_against(data, current, label, start)
        history = data.get("history")
        if history is None:
            history = CommentedSeq()
            if "history" in data:  # written as a bare `history:`
                data["history"] = history
            else:
                data.insert(_history_position(data), "history", history)
        history.fa.set_block_style()  # also when it was written `history: []`
        history.append(current)
        data["period"] = _new_period(current["length"], label, start, end)

    def expect(before: Any) -> Any:
        closed = before["period"]
        before["history"] = [*(before.get("history") or []), closed]
        before["period"] = {
            "length": closed["length"],
            "label": label,
            "start": start,
            "end": end,
            "key_goals": [],
        }
        return before

    return rewrite_text(text, model=None, edit=edit, expect=expect)


def rollover_file(path: Path, *, label: str, start: datetime.date, end: datetime.date) -> None:
    """Roll the charter at ``path`` over, replacing the file atomically.

    The file is read as ``handbook check`` reads it (FormatError with check's diagnostic when
    it cannot be); a path whose name is not a charter id, or that climbs out of its folder
    with ``..``, is refused with RolloverError. A symbolic link stays a link: its target is
    rewritten.
    """
    if ".." in path.parts or not _is_charter_id(path.stem) or path.suffix != ".yaml":
        raise RolloverError(
            f"'{path.stem}' is not a charter id: use lower-case letters and digits joined by "
            "single hyphens, as the file name in the charters folder"
        )
    text = read_for_edit(path)
    write_atomically(path, rollover_text(text, label=label, start=start, end=end))


def _is_charter_id(name: str) -> bool:
    return len(name) <= MAX_ID_LENGTH and re.match(SLUG_PATTERN, name) is not None


def _check_against(
    data: CommentedMap, current: CommentedMap, label: str, start: datetime.date
) -> None:
    if "length" not in current:
        raise RolloverError("the current period has no length to keep")
    current_start = as_date(current.get("start"))
    if current_start is None:
        raise RolloverError("the current period has no valid start date")
    if start <= current_start:
        raise RolloverError(
            f"the new period must start after the current one, which starts on {current_start}"
        )
    history = data.get("history")
    if history is not None and not isinstance(history, CommentedSeq):
        raise RolloverError("history is not a list of periods")
    labels = [str(current.get("label"))] + [
        str(past.get("label")) for past in history or [] if isinstance(past, CommentedMap)
    ]
    if label in labels:
        raise RolloverError(f"a period labelled '{label}' already exists")


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


def _new_period(length: Any, label: str, start: datetime.date, end: datetime.date) -> CommentedMap:
    period = CommentedMap()
    period["length"] = length
    period["label"] = text_scalar(label)
    period["start"] = start
    period["end"] = end
    period["key_goals"] = CommentedSeq()
    return period
