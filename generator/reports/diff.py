"""What a change does to the handbook, as Markdown for a pull request or a CI job summary.

The charters at a base commit (read with git, :mod:`generator.reports.git`) are checked exactly
like the working tree, then compared charter by charter: tier and status, account, objectives,
key goals, who joined and left, challenges, risks, ideas, relations, terms and whether the
internal notes changed (:mod:`generator.reports.changes`), completeness and each problem the
change brings or resolves (:mod:`generator.reports.problems`). A new charter is described in
full. Charter text is untrusted, so everything taken from a charter is escaped before it reaches
the Markdown; so is the base as the user named it. Internal notes are never quoted: the report
is posted as a pull-request comment, which outlives the notes' removal from the file.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.check.diagnostics import Diagnostic
from generator.check.document import SourceDocument
from generator.check.schema import Charter, Glossary, strip_extensions
from generator.check.validate import CharterResult, CheckResult, GlossaryResult, check_documents
from generator.reports.changes import ARROW, charter_changes, charter_overview, term_changes
from generator.reports.git import (
    DiffError,
    documents_at,
    merge_base_with_branch,
    relative_dir,
    require_repository,
    resolve_commit,
    working_documents,
)
from generator.reports.markdown import code, code_span, escape_inline
from generator.reports.problems import Problems, problem_delta, problems_of, severities
from generator.settings import Settings

__all__ = ["DiffError", "handbook_diff"]
"""``DiffError`` is what ``handbook_diff`` raises, so its callers find both here."""

_ModelT = TypeVar("_ModelT", bound=BaseModel)


# One side of one file ------------------------------------------------------------------------


@dataclass
class _Side:
    """One file on one side of the comparison."""

    document: SourceDocument
    diagnostics: list[Diagnostic]
    completeness: int | None = None
    charter: Charter | None = None
    glossary: Glossary | None = None

    @property
    def data(self) -> dict[str, Any]:
        data = self.document.data
        return data if isinstance(data, dict) else {}

    @property
    def problems(self) -> Problems:
        return problems_of(self.document, self.diagnostics)

    @property
    def charter_id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else self.document.stem


def _typed(
    model: type[_ModelT], checked: _ModelT | None, document: SourceDocument
) -> _ModelT | None:
    """The checked model, or the data read leniently when only rules (not the format) failed."""
    if checked is not None or not isinstance(document.data, dict):
        return checked
    try:
        return model.model_validate(strip_extensions(document.data))
    except ValidationError:
        return None


def _sides(result: CheckResult) -> dict[str, _Side]:
    def problems(file: str) -> list[Diagnostic]:
        return [d for d in result.diagnostics if d.file == file]

    sides: dict[str, _Side] = {}
    for checked in result.charters:
        sides[checked.document.file] = _charter_side(checked, problems(checked.document.file))
    for glossary in result.glossaries:
        sides[glossary.document.file] = _glossary_side(glossary, problems(glossary.document.file))
    return sides


def _charter_side(checked: CharterResult, diagnostics: list[Diagnostic]) -> _Side:
    return _Side(
        checked.document,
        diagnostics,
        checked.completeness,
        charter=_typed(Charter, checked.charter, checked.document),
    )


def _glossary_side(checked: GlossaryResult, diagnostics: list[Diagnostic]) -> _Side:
    glossary = _typed(Glossary, checked.glossary, checked.document)
    return _Side(checked.document, diagnostics, glossary=glossary)


# Completeness and problems -------------------------------------------------------------------


def _score(score: int | None) -> str:
    return "n/a" if score is None else str(score)


def _completeness_line(old: int | None, new: int | None) -> str:
    if old == new:
        return f"Completeness: {_score(new)} (unchanged)"
    return f"Completeness: {_score(old)} {ARROW} {_score(new)}"


_NO_PROBLEMS = Problems()


def _other_changes(old: _Side, new: _Side, explained: set[str]) -> list[str]:
    """Top-level fields that changed but no comparison above describes."""
    keys = [
        key
        for key in sorted(old.data.keys() | new.data.keys())
        if key not in explained and old.data.get(key) != new.data.get(key)
    ]
    return [f"Other changes: {', '.join(code(key) for key in keys)}"] if keys else []


# Sections ------------------------------------------------------------------------------------


@dataclass
class _Section:
    """One added, removed or changed file, as a heading and list items."""

    kind: str
    """``added``, ``removed``, ``changed`` (charters) or ``glossary``."""
    sort_key: tuple[bool, str, str]
    heading: str
    lines: list[str]
    brought: Counter[str]

    def markdown(self) -> str:
        return "\n".join([f"### {self.heading}", "", *(f"- {line}" for line in self.lines)])


def _title(side: _Side) -> str:
    name = side.data.get("name")
    label = code(side.charter_id)
    return f"{escape_inline(name)} ({label})" if isinstance(name, str) else label


def _tier_and_status(side: _Side) -> str:
    tier, status = side.data.get("tier", "n/a"), side.data.get("status", "n/a")
    return f"tier: {escape_inline(tier)}, status: {escape_inline(status)}"


def _added_charter(new: _Side) -> _Section:
    delta = problem_delta(_NO_PROBLEMS, new.problems)
    overview = (
        charter_overview(new.charter)
        if new.charter is not None
        else ["Details not listed: the charter does not match the format"]
    )
    lines = [
        f"New charter, {_tier_and_status(new)}",
        *overview,
        f"Completeness: {_score(new.completeness)}",
        *delta.lines(),
    ]
    key = (False, new.charter_id, new.document.file)
    return _Section("added", key, f"Added: {_title(new)}", lines, delta.brought_counts)


def _removed_charter(old: _Side) -> _Section:
    delta = problem_delta(old.problems, _NO_PROBLEMS)
    lines = [
        f"Was {_tier_and_status(old)}, completeness: {_score(old.completeness)}",
        *delta.lines(show_reminders=False),
    ]
    key = (False, old.charter_id, old.document.file)
    return _Section("removed", key, f"Removed: {_title(old)}", lines, Counter())


def _field_changes(old: _Side, new: _Side) -> list[str]:
    """What the comparisons find, then the changed fields none of them describes."""
    if old.charter is None or new.charter is None:
        return [*_not_compared("Fields", old, new, "charter"), *_other_changes(old, new, set())]
    lines, explained = charter_changes(old.charter, new.charter)
    return lines + _other_changes(old, new, explained)


def _changed_charter(old: _Side, new: _Side) -> _Section | None:
    delta = problem_delta(old.problems, new.problems)
    if (
        old.data == new.data
        and old.completeness == new.completeness
        and not delta.brought
        and not delta.resolved
    ):
        return None
    lines = [
        *_field_changes(old, new),
        _completeness_line(old.completeness, new.completeness),
        *delta.lines(),
    ]
    key = (False, new.charter_id, new.document.file)
    return _Section("changed", key, f"Changed: {_title(new)}", lines, delta.brought_counts)


def _not_compared(what: str, old: _Side | None, new: _Side | None, typed: str) -> list[str]:
    """Why fields cannot be compared, when a side that exists does not match the format."""
    when = [
        label
        for label, side in (("before", old), ("now", new))
        if side is not None and getattr(side, typed) is None
    ]
    if not when:
        return []
    return [f"{what} not compared: the {typed} does not match the format {' and '.join(when)}"]


def _glossary_section(file: str, old: _Side | None, new: _Side | None) -> _Section | None:
    lines = _not_compared("Terms", old, new, "glossary")
    if lines:
        if old is not None and new is not None:
            lines += _other_changes(old, new, set())
    else:
        old_terms = old.glossary.terms if old and old.glossary else []
        new_terms = new.glossary.terms if new and new.glossary else []
        lines = term_changes(old_terms, new_terms)
        if old is not None and new is not None and not lines:
            lines = _other_changes(old, new, set())
    delta = problem_delta(
        old.problems if old else _NO_PROBLEMS, new.problems if new else _NO_PROBLEMS
    )
    lines += delta.lines(show_reminders=new is not None)
    if old is not None and new is not None and not lines:
        return None
    state = "Added" if old is None else "Removed" if new is None else "Changed"
    key = (True, file, file)
    heading = f"{state}: glossary ({code(file)})"
    return _Section("glossary", key, heading, lines or ["No terms"], delta.brought_counts)


def _section(file: str, old: _Side | None, new: _Side | None) -> _Section | None:
    if old is None:
        assert new is not None
        return (
            _glossary_section(file, old, new) if new.document.is_glossary else _added_charter(new)
        )
    if old.document.is_glossary:
        return _glossary_section(file, old, new)
    return _removed_charter(old) if new is None else _changed_charter(old, new)


# The report ----------------------------------------------------------------------------------


def _summary(sections: list[_Section], base_label: str) -> str:
    lead = f"**Handbook changes since {base_label}:**"
    if not sections:
        return f"{lead} nothing changed in the charters or the glossary."
    kinds = Counter(section.kind for section in sections)
    counts = [(kinds[kind], kind) for kind in ("added", "removed", "changed") if kinds[kind]]
    parts = [f"{number} {kind}" for number, kind in counts]
    if parts:
        noun = "charter" if counts[0][0] == 1 else "charters"
        parts[0] = f"{counts[0][0]} {noun} {counts[0][1]}"
    clauses = [", ".join(parts)] if parts else []
    if kinds["glossary"]:
        clauses.append("glossary changed")
    brought = sum((section.brought for section in sections), Counter[str]())
    clauses.append(f"new problems: {severities(brought)}" if brought else "no new problems")
    return f"{lead} {'; '.join(clauses)}."


def handbook_diff(
    repo: Path,
    base_ref: str | None,
    charters_dir: str,
    settings: Settings,
    today: datetime.date,
) -> str:
    """Markdown describing what the working tree changes in the charters since ``base_ref``.

    ``base_ref`` is shown as the user wrote it (``HEAD~1``), with the commit it names; it
    defaults to the merge base of HEAD with the main branch, labelled as such. Both sides are
    checked with the same settings and ``today``, so completeness and problems compare fairly.
    Raises DiffError when git, the repository or the base is missing.
    """
    require_repository(repo)
    if base_ref is None:
        base, branch = merge_base_with_branch(repo)
        base_label = f"the merge base with {code_span(branch)} ({base[:12]})"
    else:
        resolved = resolve_commit(repo, base_ref)
        if resolved is None:
            raise DiffError(f"{base_ref!r} does not name a commit in {repo}")
        base, base_label = resolved, f"{code_span(base_ref)} ({resolved[:12]})"
    folder = relative_dir(repo, charters_dir)
    old = _sides(check_documents(documents_at(repo, base, folder), settings, today))
    new = _sides(check_documents(working_documents(repo, folder), settings, today))
    sections = [
        section
        for file in old.keys() | new.keys()
        if (section := _section(file, old.get(file), new.get(file))) is not None
    ]
    sections.sort(key=lambda section: section.sort_key)
    return "\n\n".join([_summary(sections, base_label), *(s.markdown() for s in sections)]) + "\n"
