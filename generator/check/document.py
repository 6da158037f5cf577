"""A YAML file as read: its values, where each one came from, and what went wrong reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.codes import Code
from generator.check.diagnostics import Diagnostic, Severity
from generator.values import DataPath, value_at

GLOSSARY_FILENAMES = ("glossary.yaml", "glossary.yml")


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
    values: dict[DataPath, Location] = field(default_factory=dict)
    keys: dict[DataPath, Location] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: bool = False
    """Whether the YAML was read into ``data``; when False a diagnostic says why."""

    def add_error(self, line: int, column: int, code: Code, message: str, hint: str = "") -> None:
        """Record an error at a 1-based line and column of this file."""
        self.diagnostics.append(
            Diagnostic(self.file, line, column, Severity.ERROR, code, message, hint)
        )

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def is_glossary(self) -> bool:
        return Path(self.file).name in GLOSSARY_FILENAMES

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        """Where the value at ``path`` (or its key) starts; falls back to the nearest parent."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        if key and path in self.values:
            return self.values[path]
        while path:
            path = path[:-1]
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
        return Location(1, 1)

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
