"""Identity rules: a charter is found by its id, and every id inside it is unique."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.load import dotted
from generator.check.rules.access import entries, periods
from generator.check.rules.rule import CharterContext, Finding, error
from generator.check.schema import SLUG_PATTERN
from generator.values import DataPath, value_at

SLUG = re.compile(SLUG_PATTERN)


@error("id-mismatch")
def id_matches_file_name(charter: CharterContext) -> Iterator[Finding]:
    """A charter's id equals its file name, so a charter's page and its file share one name."""
    charter_id = charter.data.get("id")
    stem = charter.document.stem
    if isinstance(charter_id, str) and charter_id != stem:
        rename = f"rename the file to {charter_id}.yaml or " if SLUG.match(charter_id) else ""
        yield Finding(
            ("id",),
            f"id '{charter_id}' differs from the file name '{charter.document.file}'",
            f"{rename}set `id: {stem}`",
        )


@error("duplicate-id")
def ids_are_unique(charter: CharterContext) -> Iterator[Finding]:
    """Parties, objectives, members and key goals are referred to by id: each id names one thing."""
    lists: list[DataPath] = [("parties",), ("objectives",), ("members",)]
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
