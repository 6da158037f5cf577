"""Identity rules: a charter is found by its id, and every id inside it is unique."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.document import dotted
from generator.check.rules.access import entries, periods
from generator.check.rules.rule import CharterContext, Finding, error
from generator.check.schema import SLUG_PATTERN
from generator.values import DataPath, value_at

SLUG = re.compile(SLUG_PATTERN)


@error(Code.ID_MISMATCH)
def id_matches_file_name(charter: CharterContext) -> Iterator[Finding]:
    """A charter's id equals its file name, so a charter's page and its file share one name.

    The charter's `id` differs from its file name without `.yaml`. The hint suggests renaming
    the file when the id is a valid id, and setting the id to the file name in any case.

    Fix: rename the file to `<id>.yaml`, or change `id` to match the file name.
    """
    charter_id = charter.data.get("id")
    stem = charter.document.stem
    if isinstance(charter_id, str) and charter_id != stem:
        rename = f"rename the file to {charter_id}.yaml or " if SLUG.match(charter_id) else ""
        yield Finding(
            ("id",),
            f"id '{charter_id}' differs from the file name '{charter.document.file}'",
            f"{rename}set `id: {stem}`",
        )


@error(Code.DUPLICATE_ID)
def ids_are_unique(charter: CharterContext) -> Iterator[Finding]:
    """Parties, objectives, members and key goals are referred to by id: each id names one thing.

    Two entries of the same list share an id: two parties, two objectives, two members, or two
    key goals of one period (the current one or one in `history`), or two people in the people
    registry. Key goals of different periods may share an id. The position points at the later
    entry's `id`.

    Fix: give each entry its own id. The hint says which entry already has it.
    """
    lists: list[DataPath] = [("parties",), ("objectives",), ("members",), ("people",)]
    lists += [(*path, "key_goals") for path, _ in periods(charter.data)]
    for path in lists:
        first_index: dict[str, int] = {}
        for index, item in entries(value_at(charter.data, path)):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in first_index:
                yield Finding(
                    (*path, index, "id"),
                    f"id '{item_id}' is used twice in {dotted(path)}",
                    f"entry {first_index[item_id] + 1} already has it; give each a distinct id",
                )
            else:
                first_index[item_id] = index


RULES = [id_matches_file_name, ids_are_unique]
