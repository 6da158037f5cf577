"""Placeholder rule: text an author still has to write."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.access import entries, mapping
from generator.check.rules.rule import CharterContext, Finding, completeness
from generator.values import DataPath

PLACEHOLDER = "TODO"


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


@completeness(Code.PLACEHOLDER_TEXT, _count_required_texts)
def no_placeholders_left(charter: CharterContext) -> Iterator[Finding]:
    """A charter says what it means: no TODO is left where a reader expects the real text.

    A required text still starts with `TODO` (in any letter case), as `handbook new` writes
    it. The texts checked are `purpose`, each objective's `statement`, each member's `role`
    and `meetings.format`; each is one chance.

    Fix: replace the placeholder with the real text.
    """
    for path, value in _required_texts(charter):
        if isinstance(value, str) and value.lstrip().upper().startswith(PLACEHOLDER):
            yield Finding(
                path, "this text is still a TODO placeholder", "replace it with the real text"
            )


RULES = [no_placeholders_left]
