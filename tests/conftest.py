"""Shared test helpers: the fixed "today", the repository's paths, and `handbook` in-process."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
TODAY = datetime.date(2026, 11, 23)
"""Every test judges dates as of this day."""
TODAY_EPOCH = str(
    int(datetime.datetime.combine(TODAY, datetime.time(), datetime.timezone.utc).timestamp())
)
"""``TODAY`` as SOURCE_DATE_EPOCH, for commands run without ``--today``."""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@dataclass(frozen=True)
class HandbookRun:
    """What one `handbook` command did: its exit code and what it printed."""

    exit_code: int
    stdout: str
    stderr: str


class RunHandbook(Protocol):
    def __call__(
        self, *arguments: str, cwd: Path = ..., env: Mapping[str, str] | None = ...
    ) -> HandbookRun: ...


@pytest.fixture
def run_handbook(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> RunHandbook:
    """Run `handbook ARGUMENTS` in this process, through `generator.cli.main`.

    Each call runs in ``cwd`` (default: the repository) with ``env`` added to an environment
    without SOURCE_DATE_EPOCH, FORCE_COLOR and NO_COLOR; both are restored afterwards. Output
    is captured, not a terminal. Commands that start MkDocs (build, serve) print its output
    from a child process, out of reach of this capture: test those with a subprocess.
    """
    from generator.cli import main  # here, so a broken CLI fails its tests, not collection

    for name in ("SOURCE_DATE_EPOCH", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def run(
        *arguments: str, cwd: Path = REPOSITORY, env: Mapping[str, str] | None = None
    ) -> HandbookRun:
        capsys.readouterr()  # drop anything printed before this command
        with monkeypatch.context() as patch:
            patch.chdir(cwd)
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            try:
                exit_code = main(list(arguments))
            except SystemExit as exit:  # argparse: usage errors, --help, --version
                exit_code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
        printed = capsys.readouterr()
        return HandbookRun(exit_code, printed.out, printed.err)

    return run
