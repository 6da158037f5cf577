"""Shared test helpers: the fixed "today", the fixture handbook, and `handbook` in-process.

Tests read charters from ``HANDBOOK_FIXTURE``, a frozen copy of the sample charters, never from
the repository's own ``charters/``: content pull requests change those every week, and they must
not fail the suite. One smoke test, marked ``live_charters``, checks the live folder; any other
test that reads it fails (see ``pytest_runtest_setup`` below).
"""

from __future__ import annotations

import datetime
import filecmp
import os
import shutil
import sys
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

TESTS = Path(__file__).resolve().parent
REPOSITORY = TESTS.parent
CASES = TESTS / "cases"
HANDBOOK_FIXTURE = TESTS / "fixtures" / "handbook"
"""A handbook whose ``charters/`` is frozen: golden pages and report values are written for it.

Its charters were copied from ``charters/`` once and change only with the tests that read them.
The repository's templates, docs and ``mkdocs.yml`` are code, not content: tests use them live.
"""
FIXTURE_CHARTERS = HANDBOOK_FIXTURE / "charters"
LIVE_CHARTERS = REPOSITORY / "charters"
"""The samples content pull requests edit: only tests marked ``live_charters`` read them."""
TODAY = datetime.date(2026, 11, 23)
"""Every test judges dates as of this day."""
TODAY_EPOCH = str(
    int(datetime.datetime.combine(TODAY, datetime.time(), datetime.timezone.utc).timestamp())
)
"""``TODAY`` as SOURCE_DATE_EPOCH, for commands run without ``--today``."""


def copy_handbook(target: Path, charters: Path = FIXTURE_CHARTERS) -> Path:
    """A handbook in ``target``: ``charters`` (the fixture's) with the repository's site
    sources."""
    shutil.copytree(charters, target / "charters")
    for name in ("templates", "docs"):
        shutil.copytree(REPOSITORY / name, target / name)
    shutil.copy(REPOSITORY / "mkdocs.yml", target / "mkdocs.yml")
    return target


def assert_same_sites(first: Path, second: Path) -> None:
    """Two built sites hold the same files with the same bytes."""
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    assert [path for path in files if not filecmp.cmp(first / path, second / path, False)] == []


# Reading the live charters ----------------------------------------------------------------

_LIVE_READS: list[str] = []
"""Paths under ``LIVE_CHARTERS`` this process opened or listed, in order."""
_WATCHED_EVENTS = frozenset({"open", "os.scandir", "os.listdir"})


def _record_live_reads(event: str, arguments: tuple[object, ...]) -> None:
    """Audit hook: note each file opened and folder listed under ``LIVE_CHARTERS``."""
    if event not in _WATCHED_EVENTS:
        return
    path = arguments[0] if arguments else None
    if isinstance(path, (bytes, os.PathLike)):
        path = os.fsdecode(path)
    elif path is None:
        path = "."
    if not isinstance(path, str):
        return  # a file descriptor
    if sys._getframe(1).f_code.co_name.startswith("_rmtree"):
        return  # shutil.rmtree opens names relative to a folder's descriptor, not to the cwd
    try:
        absolute = os.path.abspath(path)  # the hook must never make an open fail
    except (OSError, ValueError):
        return
    if absolute == _LIVE_FOLDER or absolute.startswith(_LIVE_FOLDER + os.sep):
        _LIVE_READS.append(absolute)


_LIVE_FOLDER = str(LIVE_CHARTERS)
sys.addaudithook(_record_live_reads)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "live_charters: the test reads the repository's own charters/ (the one smoke test)",
    )


def _refuse_live_reads(item: pytest.Item) -> Generator[None, None, None]:
    """Fail ``item``'s phase if it read the live charters without the ``live_charters`` mark."""
    start = len(_LIVE_READS)
    yield
    read = sorted(set(_LIVE_READS[start:]))
    del _LIVE_READS[start:]
    if read and item.get_closest_marker("live_charters") is None:
        shown = ", ".join(os.path.relpath(path, REPOSITORY) for path in read[:3])
        pytest.fail(
            f"read the live charters ({shown}): use HANDBOOK_FIXTURE or copy_handbook() from "
            "tests/conftest.py, so content pull requests cannot fail this test",
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _refuse_live_reads(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _refuse_live_reads(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _refuse_live_reads(item))


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, object, object]:
    """A module that reads the live charters while it is imported fails to collect."""
    start = len(_LIVE_READS)
    report = yield
    read = sorted(set(_LIVE_READS[start:]))
    del _LIVE_READS[start:]
    if read and isinstance(report, pytest.CollectReport) and report.passed:
        report.outcome = "failed"
        report.longrepr = (
            f"{collector.nodeid} read the live charters while collected "
            f"({os.path.relpath(read[0], REPOSITORY)}): use HANDBOOK_FIXTURE"
        )
    return report


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Generator[None, None, None]:
    """Each test's `handbook` runs keep their caches in a folder of its own: never in the
    fixture handbook, and never one test's results in another's."""
    folder = tmp_path_factory.mktemp("cache") / ".handbook-cache"  # made by the first run
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HANDBOOK_CACHE_DIR", str(folder))
        yield


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

    Each call runs in ``cwd`` (default: the fixture handbook) with ``env`` added to an environment
    without SOURCE_DATE_EPOCH, FORCE_COLOR and NO_COLOR; both are restored afterwards. Output
    is captured, not a terminal. Commands that start MkDocs (build, serve) print its output
    from a child process, out of reach of this capture: test those with a subprocess.
    """
    from generator.cli import main  # here, so a broken CLI fails its tests, not collection

    for name in ("SOURCE_DATE_EPOCH", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def run(
        *arguments: str, cwd: Path = HANDBOOK_FIXTURE, env: Mapping[str, str] | None = None
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
