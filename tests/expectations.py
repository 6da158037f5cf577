"""Read the expectations written into case files as ``# expect:`` comments.

A case is a YAML file, or a directory of them checked together, under ``tests/cases/``. Each
file lists every diagnostic it must produce, one comment line each::

    # expect: error[unknown-key] 7:3

A file without such lines must produce no diagnostics at all.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.check.codes import Code

EXPECT = re.compile(
    rb"^# expect: (error|warning|reminder)\[([a-z0-9-]+)\] (\d+):(\d+)\s*$", re.MULTILINE
)

Expected = tuple[str, str, Code, int, int]
"""(file name, severity, code, line, column); an unknown code fails the test that reads it."""


def expected_in(path: Path) -> list[Expected]:
    raw = path.read_bytes()
    return [
        (path.name, severity.decode(), Code(code.decode()), int(line), int(column))
        for severity, code, line, column in EXPECT.findall(raw.replace(b"\r\n", b"\n"))
    ]


def case_files(case: Path) -> list[Path]:
    return (
        sorted(p for p in case.rglob("*") if p.suffix in (".yaml", ".yml"))
        if case.is_dir()
        else [case]
    )


def all_cases(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() or p.suffix in (".yaml", ".yml"))
