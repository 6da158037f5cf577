"""Reporters: the one place where diagnostics are formatted (text, JSON, GitHub annotations)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from generator.check.diagnostics import Diagnostic
from generator.check.results import CheckResult
from generator.text import plural

REPORT_VERSION = 1

_COLOURS = {
    "error": "\033[31;1m",
    "warning": "\033[33;1m",
    "reminder": "\033[36m",
    "dim": "\033[2m",
    "bold": "\033[1m",
}
_ANNOTATION = {"error": "error", "warning": "warning", "reminder": "notice"}
"""GitHub annotation levels: reminders are notices, which never fail a job."""
_RESET = "\033[0m"
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters but the tab, line and paragraph separators, bidirectional overrides."""
_NAMED = {"\n": "\\n", "\r": "\\r"}


def printable(text: object) -> str:
    """``text`` as one line that shows what it holds and cannot steer a terminal or a log.

    Every control character but the tab is written as an escape (``\\n``, ``\\x1b``,
    ``\\u202e``): a name or a value cannot start a new line, forge a GitHub annotation such
    as ``::error``, colour or move the cursor, or reorder what is shown.
    """
    return _UNPRINTABLE.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def format_text(result: CheckResult, *, colour: bool = False) -> str:
    """``path:line:col: severity[CODE] message``, the hint below it, a summary line last."""
    return format_diagnostics(result.diagnostics, colour=colour) + summary_line(result) + "\n"


def format_diagnostics(diagnostics: list[Diagnostic], *, colour: bool = False) -> str:
    """Diagnostics as text lines, each followed by its hint; empty for none."""

    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if colour else text

    lines: list[str] = []
    for diagnostic in diagnostics:
        severity = diagnostic.severity.value
        lines.append(
            f"{paint(printable(_where(diagnostic)), 'bold')}: "
            f"{paint(f'{severity}[{printable(diagnostic.code)}]', severity)} "
            f"{printable(diagnostic.message)}"
        )
        if diagnostic.hint:
            lines.append(paint(f"    hint: {printable(diagnostic.hint)}", "dim"))
    return "".join(f"{line}\n" for line in lines)


def summary_line(result: CheckResult) -> str:
    charters = len(result.charters)
    others = [
        name
        for name, present in (
            ("the glossary", result.glossaries),
            ("the people registry", result.registries),
        )
        if present
    ]
    return (
        f"checked {charters} charter{'s' if charters != 1 else ''}"
        f"{''.join(f', {name}' for name in others[:-1])}"
        f"{f' and {others[-1]}' if others else ''}: "
        f"{plural(result.error_count, 'error')}, {plural(result.warning_count, 'warning')}"
        + (f", {plural(result.reminder_count, 'reminder')}" if result.reminder_count else "")
    )


def _where(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}"


def json_report(result: CheckResult) -> dict[str, object]:
    """The JSON report, version 1: a contract other tools build on (extend, never rename)."""
    return {
        "version": REPORT_VERSION,
        "summary": {
            "charters": len(result.charters),
            "errors": result.error_count,
            "warnings": result.warning_count,
            "reminders": result.reminder_count,
        },
        "charters": [
            {
                "id": charter.charter_id,
                "file": charter.file,
                "tier": charter.tier,
                "completeness": charter.completeness,
            }
            for charter in result.charters
        ],
        "diagnostics": [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
            }
            for d in result.diagnostics
        ],
    }


def format_json(result: CheckResult) -> str:
    return json.dumps(json_report(result), indent=2, ensure_ascii=False) + "\n"


def format_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, shown inline in PRs.

    Each annotation is one line: the hint goes on the annotation's second line as ``%0A``,
    and no file name, message or hint can end the line or add one.
    """
    lines = []
    for d in result.diagnostics:
        message = printable(d.message)
        if d.hint:
            message += f"\n{printable(d.hint)}"
        lines.append(
            f"::{_ANNOTATION[d.severity.value]} file={_property(printable(d.file))},line={d.line},"
            f"col={d.column},title={_property(printable(d.code))}::{_data(message)}"
        )
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


FORMATTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}
