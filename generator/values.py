"""Raw YAML values as people wrote them: one way to read a date, one way to follow a path."""

from __future__ import annotations

import datetime
from typing import Any

DataPath = tuple[str | int, ...]
"""Where a value sits in a document: keys and list indexes from the top."""


def as_date(value: Any) -> datetime.date | None:
    """A date from a parsed date, a timestamp or ISO text (``2027-01-31``); None otherwise."""
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


def value_at(data: Any, path: DataPath) -> Any:
    """The value at ``path``, or None where the data has another shape."""
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and -len(data) <= step < len(data):
            data = data[step]
        else:
            return None
    return data
