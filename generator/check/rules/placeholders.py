"""Placeholder rule: text an author still has to write."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping
from generator.check.rules.rule import CharterContext, Finding, completeness
from generator.values import DataPath

PLACEHOLDERS = ("TODO", "TBD", "TBC", "N/A", "???")
"""What authors write for text they still owe; ``handbook new`` writes ``TODO``."""

_PLACEHOLDER = re.compile(
    "(?:" + "|".join(map(re.escape, PLACEHOLDERS)) + r")(?!\w)", re.IGNORECASE
)
"""A placeholder as a whole word: ``TBD - ask Ana`` is one, ``TBDs`` and ``n/about`` are not."""


def _required_texts(charter: CharterContext) -> Iterator[tuple[DataPath, object]]:
    data = charter.data
    yield ("purpose",), data.get("purpose")
    for index, objective in entries(data.get("objectives")):
        yield ("objectives", index, "statement"), objective.get("statement")
    for index, member in entries(data.get("members")):
        yield ("members", index, "role"), member.get("role")
    yield ("meetings", "format"), mapping(data.get("meetings")).get("format")


def _count_required_texts(charter: CharterContext) -> int:
    return sum(1 for _ in _required_texts(charter))


def _placeholder_at_start(value: object) -> str | None:
    """The placeholder a text starts with, as written, or None."""
    if not isinstance(value, str):
        return None
    found = _PLACEHOLDER.match(value.lstrip())
    return found.group() if found else None


@completeness(Code.PLACEHOLDER_TEXT, _count_required_texts)
def no_placeholders_left(charter: CharterContext) -> Iterator[Finding]:
    """A charter says what it means: no placeholder is left where a reader expects the real text.

    A required text is still a placeholder: it is `TODO` (as `handbook new` writes it), `TBD`,
    `TBC`, `N/A` or `???`, or starts with one, in any letter case. A placeholder counts only
    as a whole word: `TBD - ask Ana` is one, `TBDs` and `n/about` are not, and neither is
    `NA`. The texts checked are `purpose`, each objective's `statement`, each member's `role`
    and `meetings.format`; each is one chance.

    ```yaml
    members:
      - id: ana-lima
        role: tbd - ask Ana    # placeholder-text
    ```

    Fix: replace the placeholder with the real text.
    """
    for path, value in _required_texts(charter):
        if placeholder := _placeholder_at_start(value):
            yield Finding(
                path,
                f"this text is still a placeholder: it starts with '{placeholder}'",
                "replace it with the real text",
            )


RULES = [no_placeholders_left]
