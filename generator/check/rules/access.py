"""Safe reads from raw charter values for rules.

Rules run on the loaded values even when the schema found problems, so that one run reports
every error. These helpers return empty values where the data has the wrong shape; the schema
has already reported that shape.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def entries(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(index, mapping)`` for each mapping in a list."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def text(value: Any) -> str | None:
    """Non-blank text, or None."""
    return value if isinstance(value, str) and value.strip() else None


def strings(value: Any) -> list[str]:
    return (
        [item for item in value if isinstance(item, str) and item.strip()]
        if isinstance(value, list)
        else []
    )


def as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def ids(value: Any) -> set[str]:
    """The string ``id`` of each mapping in a list."""
    return {item["id"] for _, item in entries(value) if isinstance(item.get("id"), str)}


def periods(charter: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """``(path, period)`` for the current period and each past one in ``history``."""
    yield ("period",), mapping(charter.get("period"))
    for index, past in entries(charter.get("history")):
        yield ("history", index), past


def value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path``, or None where the data has another shape."""
    for step in path:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and -len(data) <= step < len(data) else None
        else:
            data = mapping(data).get(step)
    return data


def strings_in(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """``(path, text)`` for every string inside ``value``, in document order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, (*path, index))
