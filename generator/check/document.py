"""A YAML file as read: its values, where each one came from, and what went wrong reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.codes import Code
from generator.check.diagnostics import Diagnostic, Severity
from generator.values import DataPath, value_at

GLOSSARY_FILENAMES = ("glossary.yaml", "glossary.yml")
PEOPLE_FILENAMES = ("people.yaml", "people.yml")
"""The people registry: every person written once, by id."""


def file_kind(file: str) -> str:
    """What a file in the charters folder holds, by its name: ``glossary``, ``people`` or
    ``charter``."""
    name = Path(file).name
    if name in GLOSSARY_FILENAMES:
        return "glossary"
    if name in PEOPLE_FILENAMES:
        return "people"
    return "charter"


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a source file, with the scalar style found there."""

    line: int
    column: int
    style: str | None = None
    end_line: int = 0


@dataclass
class SourceDocument:
    """One YAML file: its values, where they came from and what went wrong reading it."""

    file: str
    data: Any = None
    text: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: bool = False
    """Whether the YAML was read into ``data``; when False a diagnostic says why."""
    value_marks: dict[DataPath, Location] = field(default_factory=dict, repr=False)
    key_marks: dict[DataPath, Location] = field(default_factory=dict, repr=False)
    marks_complete: bool = True
    """False after a fast read, which marks only the paths of :func:`always_marked`: the
    first look-up of any other path reads the text again and marks every value."""

    def add_error(self, line: int, column: int, code: Code, message: str, hint: str = "") -> None:
        """Record an error at a 1-based line and column of this file."""
        self.diagnostics.append(
            Diagnostic(self.file, line, column, Severity.ERROR, code, message, hint)
        )

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def kind(self) -> str:
        """``charter``, ``glossary`` or ``people``: see :func:`file_kind`."""
        return file_kind(self.file)

    @property
    def is_glossary(self) -> bool:
        return self.kind == "glossary"

    @property
    def is_people(self) -> bool:
        return self.kind == "people"

    @property
    def values(self) -> dict[DataPath, Location]:
        """Where each value starts, by path."""
        self.mark_everything()
        return self.value_marks

    @property
    def keys(self) -> dict[DataPath, Location]:
        """Where each mapping key starts, by the path of its value."""
        self.mark_everything()
        return self.key_marks

    def mark_everything(self) -> None:
        """Complete the marks of a fast read: compose the text again and mark every value."""
        if self.marks_complete:
            return
        from generator.check.yaml_values import mark_every_value

        mark_every_value(self)
        self.marks_complete = True

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        """Where the value at ``path`` (or its key) starts; falls back to the nearest parent."""
        if not _marked(self.value_marks, self.key_marks, path, key=key):
            self.mark_everything()  # a fast read marked too little to tell
        return locate_in(self.value_marks, self.key_marks, path, key=key)

    def locate_in_text(self, path: DataPath, offset: int) -> Location:
        """Where character ``offset`` of the string at ``path`` stands in the file.

        Literal (``|``) blocks map line by line. Folded, quoted and multi-line plain scalars
        are changed by YAML (lines joined, escapes resolved), so the word at ``offset`` is
        found again in the scalar's source; where it cannot be, the scalar's start is given.
        """
        start = self.locate(path)
        value = value_at(self.data, path)
        if not isinstance(value, str):
            return start
        if start.style == "|":
            return self._locate_in_literal_block(start, value, offset)
        return self._locate_by_search(start, value, offset)

    def _locate_by_search(self, start: Location, value: str, offset: int) -> Location:
        needle = value[offset:].split(maxsplit=1)[0] if value[offset:].strip() else ""
        if not needle:
            return start
        earlier = sum(1 for index in _find_all(value, needle) if index < offset)
        lines = self.text.split("\n")
        first = sum(len(line) + 1 for line in lines[: start.line - 1]) + start.column - 1
        last = sum(len(line) + 1 for line in lines[: max(start.end_line, start.line)])
        found = [index for index in _find_all(self.text[first:last], needle)]
        if len(found) <= earlier:
            return start
        index = first + found[earlier]
        before = self.text[:index]
        return Location(before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)

    def _locate_in_literal_block(self, start: Location, value: str, offset: int) -> Location:
        before = value[:offset]
        line_index = before.count("\n")
        column_in_line = offset - (before.rfind("\n") + 1)
        source_lines = self.text.split("\n")
        line_number = start.line + 1 + line_index
        content_lines = [line for line in source_lines[start.line : start.line + 1 + line_index]]
        indent = min(
            (len(line) - len(line.lstrip(" ")) for line in content_lines if line.strip()),
            default=0,
        )
        return Location(line_number, indent + column_in_line + 1)


def locate_in(
    values: dict[DataPath, Location],
    keys: dict[DataPath, Location],
    path: DataPath,
    *,
    key: bool = False,
) -> Location:
    """Where the value at ``path`` (or its key) starts, by the marks of a read; falls back to
    the nearest parent that is marked."""
    if _marked(values, keys, path, key=key):
        return keys[path] if key and path in keys else values[path]
    while path:
        path = path[:-1]
        if path in keys:
            return keys[path]
        if path in values:
            return values[path]
    return Location(1, 1)


def _marked(
    values: dict[DataPath, Location], keys: dict[DataPath, Location], path: DataPath, *, key: bool
) -> bool:
    return path in values or (key and path in keys)


def always_marked(path: DataPath) -> bool:
    """The paths a fast read marks: the top-level fields, the terms and the fields of members
    and relations, which rules across files point at after the document itself is gone."""
    return len(path) < 2 or path[0] == "terms" or (path[0] in _LISTS_MARKED and len(path) < 4)


_LISTS_MARKED = frozenset({"members", "relations", "people"})
"""Lists whose entries' fields rules across files point at (member names, relation targets,
the registry's people)."""


def dotted(path: DataPath) -> str:
    """A path as authors write it: ``period.key_goals[2].due``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _find_all(text: str, needle: str) -> list[int]:
    found, index = [], text.find(needle)
    while index != -1:
        found.append(index)
        index = text.find(needle, index + 1)
    return found
