"""Identity rules: a charter is found by its id, and every id inside it is unique."""

from __future__ import annotations

from collections.abc import Iterator

from generator.rules.access import entries, mapping
from generator.rules.rule import CharterContext, Finding, error

_ID_LISTS = (
    ("parties",),
    ("objectives",),
    ("members",),
    ("period", "key_goals"),
)


@error("id-mismatch")
def id_matches_file_name(charter: CharterContext) -> Iterator[Finding]:
    """A charter's id equals its file name, so links and `handbook new` agree on where it lives."""
    charter_id = charter.data.get("id")
    if isinstance(charter_id, str) and charter_id != charter.document.stem:
        yield Finding(
            ("id",),
            f"id '{charter_id}' differs from the file name '{charter.document.stem}.yaml'",
            f"rename the file to {charter_id}.yaml or set `id: {charter.document.stem}`",
        )


@error("duplicate-id")
def ids_are_unique(charter: CharterContext) -> Iterator[Finding]:
    """Parties, objectives, members and key goals are referred to by id: each id names one thing."""
    for path in _ID_LISTS:
        container = charter.data
        for step in path[:-1]:
            container = mapping(container.get(step))
        first_index: dict[str, int] = {}
        for index, item in entries(container.get(path[-1])):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in first_index:
                yield Finding(
                    (*path, index, "id"),
                    f"id '{item_id}' is used twice in {'.'.join(path)}",
                    f"entry {first_index[item_id] + 1} already has it; give each a distinct id",
                )
            else:
                first_index[item_id] = index


RULES = [id_matches_file_name, ids_are_unique]
