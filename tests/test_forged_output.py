"""What the tool prints cannot be forged by what it reads.

A value or a file name holding a line break and ``::error …`` would otherwise add a GitHub
annotation of its own; an ANSI escape would colour or clear the terminal; in the Markdown
reports, ``@name``, ``#123`` and bare addresses would notify people and link elsewhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.check.formatters import printable
from generator.reports.markdown import code, escape_inline
from tests.conftest import TODAY_EPOCH, RunHandbook
from tests.test_render import copy_handbook

FORGED = "\n::error file=charters/x.yaml,line=1::forged"
"""Appended to a value: a GitHub annotation of its own if printed raw."""
HOSTILE_TERM = f"unused{FORGED} \x1b[2J\x1b[31mred\u202eevil\r"
"""A glossary term no charter uses: its warning quotes it."""
ZERO_WIDTH_SPACE = "\u200b"


def glossary_with(term: str) -> str:
    quoted = term.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'terms:\n  - term: "{quoted}"\n    definition: Nothing in particular.\n'


def forged_lines(output: str) -> list[str]:
    """Lines a GitHub runner would read as the injected workflow commands."""
    injected = ("::error file=charters/x.yaml", "::error file=x,")
    return [line for line in output.splitlines() if line.startswith(injected)]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, with a\ttab", "plain text, with a\ttab"),
        ("a\nb\r\nc", "a\\nb\\r\\nc"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("\x00\x07\x7f\x85\x9b", "\\x00\\x07\\x7f\\x85\\x9b"),
        ("\u2028\u2029\u202e\u2066", "\\u2028\\u2029\\u202e\\u2066"),
        ("Zoë 日本 \u200d", "Zoë 日本 \u200d"),
    ],
)
def test_printable_escapes_control_characters(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert len(printable(text + FORGED).splitlines()) == 1


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_check_output_escapes_values(
    run_handbook: RunHandbook, tmp_path: Path, output_format: str
) -> None:
    (tmp_path / "glossary.yaml").write_text(glossary_with(HOSTILE_TERM))
    run = run_handbook("check", "glossary.yaml", "--format", output_format, cwd=tmp_path)
    assert "term-unused" in run.stdout
    assert forged_lines(run.stdout) == []
    assert "\x1b" not in run.stdout and "\r" not in run.stdout and "\u202e" not in run.stdout
    assert "unused\\n::error file=charters/x.yaml" in run.stdout.replace("%2C", ",")
    assert "\\x1b[2J\\x1b[31mred\\u202eevil\\r" in run.stdout
    assert len(run.stdout.splitlines()) == (3 if output_format == "text" else 2)


def test_check_output_escapes_file_names(run_handbook: RunHandbook, tmp_path: Path) -> None:
    name = "evil\n::error file=x,line=1::forged \x1b[2J.yaml"
    (tmp_path / name).write_text("id: [unclosed\n")
    for output_format in ("text", "github"):
        run = run_handbook("check", ".", "--format", output_format, cwd=tmp_path)
        assert run.exit_code != 0
        assert forged_lines(run.stdout) == []
        assert "\x1b" not in run.stdout
        assert "evil\\n::error" in run.stdout.replace("%3A", ":")


def test_fmt_check_escapes_a_file_name_it_cannot_format(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    name = "evil\n::error file=x,line=1::forged \x1b[2J.yaml"
    (tmp_path / name).write_text("id: [unclosed\n")
    run = run_handbook("fmt", "--check", ".", cwd=tmp_path)
    assert run.exit_code != 0
    assert forged_lines(run.stdout + run.stderr) == []
    assert "\x1b" not in run.stdout + run.stderr
    assert "evil\\n::error" in run.stdout


def test_fmt_check_escapes_a_file_name_it_would_reformat(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    name = "evil\n::error file=x,line=1::forged.yaml"
    (tmp_path / name).write_text("terms:\n    -   term: a\n        definition: b\n")
    run = run_handbook("fmt", "--check", ".", cwd=tmp_path)
    assert "would reformat" in run.stdout
    assert forged_lines(run.stdout) == []


def test_build_strict_escapes_values_in_its_log(tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path)
    glossary = handbook / "charters" / "glossary.yaml"
    term = glossary_with(HOSTILE_TERM).split("\n", 1)[1]  # the list item, without `terms:`
    glossary.write_text(glossary.read_text().replace("terms:\n", f"terms:\n{term}", 1))
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--strict"],
        cwd=handbook,
        capture_output=True,
        text=True,
        env=dict(os.environ, SOURCE_DATE_EPOCH=TODAY_EPOCH, NO_MKDOCS_2_WARNING="1"),
        check=False,
    )
    assert run.returncode != 0
    assert "warning[term-unused]" in run.stderr
    assert forged_lines(run.stdout + run.stderr) == []
    assert "\x1b[2J" not in run.stderr
    assert "unused\\n::error file=charters/x.yaml" in run.stderr


# Markdown for diff and report ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "neutralised"),
    [
        ("ask @octocat", "@"),
        ("ask @org/team", "@"),
        ("mail ops@example.com", "@"),
        ("see #123", "#"),
        ("see owner/repo#123", "#"),
        ("see GH-123", "GH-"),
        ("open https://evil.example/x", "https:"),
        ("open HTTP://evil.example/x", "HTTP:"),
        ("open www.evil.example", "www"),
    ],
)
def test_markdown_neutralises_mentions_references_and_bare_addresses(
    text: str, neutralised: str
) -> None:
    markdown = escape_inline(text)
    assert f"{neutralised}{ZERO_WIDTH_SPACE}" in markdown
    assert markdown.replace(ZERO_WIDTH_SPACE, "") == text


@pytest.mark.parametrize(
    "text", ["issue #1 in C#", "email@ and # 12", "a-b_c.d/e", "50% of 3 # items"]
)
def test_markdown_leaves_other_text_as_written(text: str) -> None:
    assert escape_inline(text).replace("\\_", "_") == text.replace(" #1", f" #{ZERO_WIDTH_SPACE}1")


def test_markdown_escapes_control_characters() -> None:
    assert escape_inline("red \x1b[31m") == "red \\\\x1b\\[31m"
    assert code("@octocat") == f"@{ZERO_WIDTH_SPACE}octocat"
    assert code("v1.2/main") == "`v1.2/main`"


def test_report_neutralises_mentions_in_charter_text(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    handbook = copy_handbook(tmp_path)
    charter = handbook / "charters" / "harborline-logistics.yaml"
    charter.write_text(
        charter.read_text().replace(
            "name: Harborline Logistics",
            "name: Harborline @security-team #1 https://evil.example www.evil.example",
            1,
        )
    )
    run = run_handbook("report", "--today", "2026-11-23", cwd=handbook)
    assert run.exit_code == 0, run.stderr
    assert "Harborline @" in run.stdout.replace(ZERO_WIDTH_SPACE, "")
    for raw in ("@security-team", "#1 ", "https://evil", "www.evil"):
        assert raw not in run.stdout
