"""Hostile and broken inputs: every command ends with a diagnostic or a usage error, never a
traceback, in bounded time and memory (issue 8, sections 2 to 4).

The property test's budget is small so the suite stays fast; run it longer with
``HANDBOOK_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_hostile_inputs.py``.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.codes import Code
from generator.check.load import MAX_FILE_BYTES, read_document
from generator.cli import main
from generator.edit.fmt import FormatError, format_file
from generator.edit.new import NewCharter, SkeletonError, create_charter
from generator.edit.rollover import RolloverError, rollover_file
from generator.settings import SettingsError, resolve_today

REPOSITORY = Path(__file__).resolve().parent.parent
CASES = REPOSITORY / "tests" / "cases"
BASE = (CASES / "alias-bomb.yaml").read_text(encoding="utf-8")
BASE = "\n".join(line for line in BASE.split("\n") if not line.startswith(("x-lol", "#")))
BASE = BASE.replace("status: active", "status: proposed", 1)  # a draft: every command runs on it
FUZZ_EXAMPLES = int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "15"))

ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{child}: &{child} [{', '.join(['*' + parent] * 9)}]\n"
    for parent, child in zip("abcdefgh", "bcdefghi", strict=True)
)


def charter(tmp_path: Path, text: str | bytes, name: str = "acme.yaml") -> Path:
    folder = tmp_path / "charters"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text.replace("id: alias-bomb", f"id: {Path(name).stem}"), "utf-8")
    return path


def run(tmp_path: Path, *argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code = main(list(argv))
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# Section 2: measured tracebacks --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (BASE.replace("signed: 2025-01-15", "signed: 2026-02-30"), 14, 11),
        ("%YAML 1.3\n---\n" + BASE, 1, 1),
        (BASE + "\nx-big: " + "1" * 4400 + "\n", 101, 8),
        (BASE + "\nx-deep: " + "[" * 500 + "]" * 500 + "\n", 101, 58),
    ],
    ids=["impossible-date", "yaml-1.3", "4400-digit-integer", "500-brackets"],
)
def test_fmt_refuses_with_a_located_error(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    path = charter(tmp_path, text)
    for check in (True, False):
        with pytest.raises(FormatError) as raised:
            format_file(path, check=check)
        assert (raised.value.line, raised.value.column) == (line, column)


def test_check_reports_deep_nesting_and_long_hex_numbers(tmp_path: Path) -> None:
    deep = read_document(charter(tmp_path, "x: " + "[" * 500 + "]" * 500 + "\n"))
    assert [problem.code for problem in deep.diagnostics] == [Code.NESTING_TOO_DEEP]
    hexadecimal = read_document(charter(tmp_path, BASE + "\nx-hex: 0x" + "f" * 4000 + "\n"))
    assert hexadecimal.loaded


def test_today_far_from_now_is_a_usage_error() -> None:
    for bad in ("9999-12-31", "0001-01-01"):
        with pytest.raises(SettingsError):
            resolve_today(bad)
    assert resolve_today("2026-10-01") == datetime.date(2026, 10, 1)


def test_rollover_of_a_non_utf8_charter_is_located(tmp_path: Path) -> None:
    path = charter(tmp_path, BASE.replace("name:", "x-n: caf\xe9\nname:", 1).encode("latin-1"))
    with pytest.raises(FormatError) as raised:
        rollover_file(
            path,
            label="2027-Q1",
            start=datetime.date(2027, 1, 1),
            end=datetime.date(2027, 3, 31),
            today=datetime.date(2027, 1, 5),
        )
    assert raised.value.code is Code.FILE_ENCODING
    assert (raised.value.line, raised.value.column) == (2, 9)


def test_new_with_a_300_character_id_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SkeletonError, match="at most"):
        create_charter(
            tmp_path,
            NewCharter("a" * 300, "A", "customer", "key", "Ana Lima"),
            today=datetime.date(2026, 10, 1),
            existing=[],
        )


# Section 3: bounded time and memory ------------------------------------------------------------


def test_fmt_refuses_an_alias_bomb_quickly(tmp_path: Path) -> None:
    path = charter(tmp_path, ALIAS_BOMB)
    started = time.monotonic()
    with pytest.raises(FormatError) as raised:
        format_file(path, check=True)
    assert raised.value.code is Code.ALIAS_BOMB
    assert time.monotonic() - started < 5


def test_fmt_refuses_a_file_over_the_size_limit_unread(tmp_path: Path) -> None:
    path = charter(tmp_path, "x: " + "a" * MAX_FILE_BYTES + "\n")
    with pytest.raises(FormatError) as raised:
        format_file(path, check=True)
    assert raised.value.code is Code.FILE_TOO_LARGE


def test_repeating_a_long_string_by_alias_is_an_alias_bomb(tmp_path: Path) -> None:
    text = BASE + f'\nx-s: &s "{"x" * 20_000}"\nx-r: [' + ", ".join(["*s"] * 9000) + "]\n"
    document = read_document(charter(tmp_path, text))
    assert [problem.code for problem in document.diagnostics] == [Code.ALIAS_BOMB]


# Section 4: files ---------------------------------------------------------------------------------


def test_fmt_and_rollover_edit_a_symlinks_target(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    target.write_text(
        BASE.replace("id: alias-bomb", "id: acme").replace("tier: key", "tier:   key")
    )
    (tmp_path / "charters").mkdir()
    link = tmp_path / "charters" / "acme.yaml"
    link.symlink_to(target)
    assert format_file(link, check=False)
    assert link.is_symlink()
    assert "tier: key" in target.read_text()
    rollover_file(
        link,
        label="2027-Q1",
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 3, 31),
        today=datetime.date(2027, 1, 5),
        outcomes=[("q4-rollout", "done"), ("q4-issue-review", "missed")],
    )
    assert link.is_symlink()
    assert "2027-Q1" in target.read_text()


def test_rollover_refuses_a_path_out_of_the_charters_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text(BASE)
    (tmp_path / "charters" / "a").mkdir(parents=True)
    with pytest.raises(RolloverError):
        rollover_file(
            tmp_path / "charters" / "a" / ".." / ".." / "outside" / "x.yaml",
            label="2027-Q1",
            start=datetime.date(2027, 1, 1),
            end=datetime.date(2027, 3, 31),
            today=datetime.date(2027, 1, 5),
        )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_charters_folder_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    charter(tmp_path, BASE, "acme.yaml")
    os.mkfifo(tmp_path / "charters" / "pipe.yaml")
    for command in (["check"], ["fmt", "--check"]):
        code, output = run(tmp_path, *command, capsys=capsys)
        assert code == 1
        assert "charters/pipe.yaml:1:1" in output and "named pipe" in output


# The property: no command ends in a traceback -------------------------------------------------

_PIECES = st.sampled_from(
    [
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "# c\n",
        "\n",
        "  ",
        ": ",
        "- ",
        "2026-02-30",
        "9999-12-31",
        "0x" + "f" * 50,
        "%YAML 1.3\n",
        "---\n",
        '"',
        "'",
        "|\n",
        "\t",
        "\ufeff",
        "\r\n",
        "tier:  # a\n# b\n  key\n",
    ]
)


REGISTRY = """people:
  - id: ana-lima
    name: Ana Lima
    title: Account Director
    github: ana-lima
  - id: ben-okoro
    name: Ben Okoro
    organisation: Acme Retail
    email: ben@acme.example
"""
"""A people registry naming the base charter's members: fuzzed too, beside a valid charter."""


@st.composite
def _fuzzed_charter(draw: st.DrawFn, base: str = BASE) -> bytes:
    lines = base.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        cut = draw(st.integers(0, len(line)))
        piece = draw(_PIECES | st.text(max_size=8))
        lines[index] = line[:cut] + piece + line[cut + draw(st.integers(0, 3)) :]
    text = "\n".join(lines).replace("id: alias-bomb", "id: acme")
    raw = text.encode("utf-8", errors="replace")
    if draw(st.integers(0, 20)) == 0:
        raw = raw.replace(b"Acme", b"Acm\xe9", 1)
    return raw


COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["fmt", "--check"],
    ["fmt"],
    ["rollover", "acme", "--label", "2099-Q1", "--start", "2099-01-01", "--end", "2099-03-31"],
    ["report"],
    [
        *("pages", "out", "--templates", str(REPOSITORY / "templates")),
        *("--config-file", str(REPOSITORY / "mkdocs.yml")),
    ],
    ["share", "acme", "--out", "acme.html", "--templates", str(REPOSITORY / "templates")],
    ["codeowners", "--file", "CODEOWNERS"],
    [
        "new",
        "zeta",
        "--name",
        "Zeta",
        "--kind",
        "partner",
        "--tier",
        "growth",
        "--owner",
        "Ana Lima",
    ],
]


def _every_command_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes]
) -> None:
    """Run each of COMMANDS on a fresh charters folder holding ``files``: no traceback."""
    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for command in COMMANDS:
        shutil.rmtree(folder / "charters", ignore_errors=True)
        for name, content in files.items():
            charter(folder, content, name)
        code, output = run(folder, *command, capsys=capsys)
        assert code in (0, 1, 2), output
        assert "Traceback" not in output
        assert not re.search(r"^\w+Error\b", output, re.MULTILINE), output


FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ_SETTINGS
@given(raw=_fuzzed_charter())
def test_no_command_ends_in_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes
) -> None:
    _every_command_on(tmp_path, capsys, {"acme.yaml": raw})


@FUZZ_SETTINGS
@given(raw=_fuzzed_charter(REGISTRY))
def test_no_command_ends_in_a_traceback_on_a_fuzzed_people_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], raw: bytes
) -> None:
    _every_command_on(tmp_path, capsys, {"acme.yaml": BASE, "people.yaml": raw})


def test_pages_on_the_last_dates_of_the_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A review on 9999-12-31 and a meeting on 9999-12-30 are odd, not a crash."""
    text = (CASES / "valid-complete.yaml").read_text(encoding="utf-8")
    text = text.replace("next_review: 2027-01-10", "next_review: 9999-12-31")
    text = text.replace("last_held: 2026-11-18", "last_held: 9999-12-30")
    charter(tmp_path, text, "valid-complete.yaml")
    code, output = run(
        tmp_path,
        *("pages", "out", "--today", "2026-11-23", "--templates", str(REPOSITORY / "templates")),
        *("--config-file", str(REPOSITORY / "mkdocs.yml")),
        capsys=capsys,
    )
    assert code == 0, output
    assert (tmp_path / "out" / "docs" / "calendar" / "valid-complete.ics").is_file()
