"""Which problems a change brings and which it resolves, as Markdown list items.

A problem is an error or a warning of a checked file. Problems before and after the change are
matched by severity, code, message and the field they are about, never by line: an edit above a
problem moves it without resolving it. A field is named by the ids of the list items on its
path (``members[id=ana-lima]``), so inserting or reordering items moves nothing either.

Reminders (a review or meeting due, a period over) come from the calendar, not from a mistake,
so they are never counted among the problems a change brings. A change can still raise or
settle one (a new charter whose review is overdue, a rollover that ends "period over"), which a
reviewer wants to know: they are matched the same way and listed on their own lines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.check.diagnostics import Diagnostic, Severity, sort_diagnostics
from generator.check.document import SourceDocument
from generator.reports.markdown import code_span, escape_inline
from generator.text import plural
from generator.values import DataPath

_ProblemKey = tuple[str, str, str, str]
"""Severity, code, field and message: what a problem is, wherever it stands."""

_ITEM_IDENTITIES = ("id", "term")
"""The key that names a list item better than its position, in order of preference."""


@dataclass(frozen=True)
class Problems:
    """The diagnostics of one file, each with the key it is matched by."""

    keyed: tuple[tuple[_ProblemKey, Diagnostic], ...] = ()


def problems_of(document: SourceDocument, diagnostics: Sequence[Diagnostic]) -> Problems:
    """``diagnostics`` of ``document``, keyed for matching across versions of the file."""
    fields = _fields_by_position(document)
    keyed = []
    for d in sort_diagnostics(list(diagnostics)):
        key = (d.severity.value, str(d.code), fields.get((d.line, d.column), ""), d.message)
        keyed.append((key, d))
    return Problems(tuple(keyed))


@dataclass
class ProblemDelta:
    """What a change does to one file's problems and reminders, each list in reading order."""

    brought: list[Diagnostic] = field(default_factory=list)
    resolved: list[Diagnostic] = field(default_factory=list)

    @property
    def brought_counts(self) -> Counter[str]:
        """New problems by severity; reminders are not problems and are not counted."""
        return Counter(d.severity.value for d in self.brought if not d.is_reminder)

    def lines(self, *, show_reminders: bool = True) -> list[str]:
        """The counts of new and resolved problems, each problem below its count, then the
        reminders raised and settled. A resolved one is placed where it stood at the base."""
        lines = []
        for label, diagnostics in (("New", self.brought), ("Resolved", self.resolved)):
            found = [d for d in diagnostics if not d.is_reminder]
            if found:
                counts = Counter(d.severity.value for d in found)
                lines.append(_with_items(f"{label} problems: {severities(counts)}", found))
        if show_reminders:
            for label, diagnostics in (("raised", self.brought), ("settled", self.resolved)):
                found = [d for d in diagnostics if d.is_reminder]
                if found:
                    lines.append(_with_items(f"Reminders {label}: {len(found)}", found))
        return lines


def problem_delta(old: Problems, new: Problems) -> ProblemDelta:
    """The problems only ``new`` has (brought) and only ``old`` has (resolved)."""
    before, after = _grouped(old), _grouped(new)
    delta = ProblemDelta()
    for key in before.keys() | after.keys():
        was, now = before.get(key, []), after.get(key, [])
        delta.brought += now[len(was) :]
        delta.resolved += was[len(now) :]
    delta.brought = sort_diagnostics(delta.brought)
    delta.resolved = sort_diagnostics(delta.resolved)
    return delta


def severities(counts: Counter[str]) -> str:
    """``1 error, 2 warnings``: the errors and warnings among ``counts`` (by severity)."""
    return (
        f"{plural(counts[Severity.ERROR.value], 'error')}, "
        f"{plural(counts[Severity.WARNING.value], 'warning')}"
    )


def _problem_item(diagnostic: Diagnostic) -> str:
    """``warning `code` at `file:line`: message``, everything from the file escaped."""
    where = code_span(f"{diagnostic.file}:{diagnostic.line}")
    return (
        f"{diagnostic.severity.value} {code_span(diagnostic.code)} at {where}: "
        f"{escape_inline(diagnostic.message)}"
    )


def _with_items(heading: str, diagnostics: Sequence[Diagnostic]) -> str:
    """A list item with one nested item per diagnostic."""
    return "\n".join([heading, *(f"  - {_problem_item(d)}" for d in diagnostics)])


def _grouped(problems: Problems) -> dict[_ProblemKey, list[Diagnostic]]:
    grouped: dict[_ProblemKey, list[Diagnostic]] = defaultdict(list)
    for key, diagnostic in problems.keyed:
        grouped[key].append(diagnostic)
    return grouped


def _fields_by_position(document: SourceDocument) -> dict[tuple[int, int], str]:
    """The field whose value or key starts at each line and column of ``document``.

    Diagnostics are placed where their field starts (or its nearest parent), so this finds the
    field again; where a mapping and its first key start together the shorter path wins.
    """
    shortest: dict[tuple[int, int], DataPath] = {}
    for table in (document.values, document.keys):
        for path, location in table.items():
            where = (location.line, location.column)
            if where not in shortest or len(path) < len(shortest[where]):
                shortest[where] = path
    return {where: _field_name(document.data, path) for where, path in shortest.items()}


def _field_name(data: Any, path: DataPath) -> str:
    """``path`` with each list index replaced by the item's id (or term) where it has one."""
    steps = []
    node = data
    for step in path:
        item = _child(node, step)
        if isinstance(step, int):
            steps.append(f"[{_identity(item) or step}]")
        else:
            steps.append(f".{step}")
        node = item
    return "".join(steps).lstrip(".")


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def _identity(item: Any) -> str:
    if isinstance(item, dict):
        for key in _ITEM_IDENTITIES:
            value = item.get(key)
            if isinstance(value, str):
                return f"{key}={value}"
    return ""
