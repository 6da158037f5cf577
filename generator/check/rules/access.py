"""Safe reads from raw charter values for rules.

Rules run on the loaded values even when the schema found problems, so that one run reports
every error. These helpers return empty values where the data has the wrong shape; the schema
has already reported that shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.values import DataPath


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


def ids(value: Any) -> set[str]:
    """The string ``id`` of each mapping in a list."""
    return {item["id"] for _, item in entries(value) if isinstance(item.get("id"), str)}


def periods(charter: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """``(path, period)`` for the current period and each past one in ``history``."""
    yield ("period",), mapping(charter.get("period"))
    for index, past in entries(charter.get("history")):
        yield ("history", index), past


def unfilled(
    charter: dict[str, Any], section: str, key: str, filled: Callable[[Any], object]
) -> DataPath | None:
    """Where to point when ``section`` leaves ``key`` out or empty (not ``filled``).

    The key if it is written, else the section. None when the key is filled, or when the
    section is missing or not a mapping (the schema reports that).
    """
    values = charter.get(section)
    if not isinstance(values, dict) or filled(values.get(key)):
        return None
    return (section, key) if key in values else (section,)
