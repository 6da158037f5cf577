"""The repository's own `charters/`: one smoke test, and proof that nothing else depends on them.

Content pull requests edit the sample charters. Every other test reads the frozen copy in
``tests/fixtures/handbook/`` (``HANDBOOK_FIXTURE``); ``tests/conftest.py`` fails any test that
opens or lists ``charters/`` without the ``live_charters`` mark, and the tests below show that
a content change in a copy of the repository leaves the fixture-based tests passing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TESTS, RunHandbook
from tests.test_render import GOLDEN, render

_LIVE_PATH = re.compile(r"""REPOSITORY\s*/\s*(["'])charters\1|\bLIVE_CHARTERS\b""")
"""How a test module would name the live charters folder."""

THIS_MODULE = Path(__file__).resolve()

FORMERLY_LIVE = (
    "tests/test_cli.py",
    "tests/test_diff.py",
    "tests/test_edit_commands.py",
    "tests/test_exports.py",
    "tests/test_fmt.py",
    "tests/test_integration.py",
    "tests/test_new.py",
    "tests/test_render.py",
    "tests/test_rollover.py",
    "tests/test_state_report.py",
    "tests/test_live_charters.py",
)
"""The modules that read the live charters before they moved to the fixture, site builds aside.

The proof below runs them in an edited copy of the repository; the smoke test in this module
runs there too, on the edited charters.
"""


@pytest.mark.live_charters
def test_live_charters_pass_check(run_handbook: RunHandbook) -> None:
    """The one test of the live samples: no errors. Warnings, counts and values may change."""
    run = run_handbook(
        "check", "charters", "--format", "json", "--today", "2026-11-23", cwd=REPOSITORY
    )
    report = json.loads(run.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert (run.exit_code, report["summary"]["errors"], errors) == (0, 0, []), run.stdout
    assert report["summary"]["charters"] > 0
    assert run.stderr == ""


def test_no_other_test_module_names_the_live_charters() -> None:
    """Paths in code the conftest guard cannot see, like a subprocess's arguments, count too."""
    offenders = [
        f"{path.relative_to(REPOSITORY)}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.resolve() not in (THIS_MODULE, TESTS / "conftest.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _LIVE_PATH.search(line)
    ]
    assert offenders == [], "use FIXTURE_CHARTERS or copy_handbook() from tests/conftest.py"


def test_the_guard_fails_a_test_that_reads_the_live_charters(tmp_path: Path) -> None:
    """In a repository with this conftest, a test that lists ``charters/`` fails, saying why."""
    (tmp_path / "tests").mkdir()
    for name in ("__init__.py", "conftest.py"):
        shutil.copy(TESTS / name, tmp_path / "tests" / name)
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    (tmp_path / "tests" / "test_probe.py").write_text(
        "from tests.conftest import REPOSITORY\n\n\n"
        "def test_counts_the_samples():\n"
        '    assert list((REPOSITORY / "charters").glob("*.yaml"))\n\n\n'
        "def test_reads_nothing_live():\n"
        "    assert REPOSITORY.is_dir()\n",
        encoding="utf-8",
    )
    run = _pytest(tmp_path, "tests/test_probe.py")
    assert run.returncode == 1, run.stdout
    assert "1 failed, 1 passed" in run.stdout
    assert "FAILED tests/test_probe.py::test_counts_the_samples" in run.stdout
    assert "read the live charters (charters" in run.stdout
    assert "use HANDBOOK_FIXTURE" in run.stdout


def _digest(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("*.yaml"))
    }


def _pytest(root: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``python -m pytest ARGUMENTS`` in ``root``, on this run's `generator`, not its options."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTEST_ADDOPTS", "HANDBOOK_UPDATE_GOLDEN", "SOURCE_DATE_EPOCH")
    }
    code = Path(generator.__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments],
        cwd=root,
        env={**environment, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.live_charters
def test_a_content_pull_request_fails_no_fixture_based_test(tmp_path: Path) -> None:
    """Edit the samples as a content pull request would, in a copy, and run the suite there.

    The copy holds everything but the code: the tests there import this run's `generator`.
    """
    copy = tmp_path / "repository"
    shutil.copytree(
        REPOSITORY,
        copy,
        ignore=shutil.ignore_patterns(
            *(".git", ".venv", "site", "__pycache__", "*cache", ".hypothesis", "*.egg-info"),
            "generator",
        ),
    )
    charters = copy / "charters"
    # The samples as the fixture froze them: the edits below find their text whatever content
    # pull requests have changed in charters/ since (this test is one such change itself).
    shutil.rmtree(charters)
    shutil.copytree(FIXTURE_CHARTERS, charters)
    # Rename a charter, move a goal, add a charter and retire another.
    _edit(
        charters / "harborline-logistics.yaml",
        "\nname: Harborline Logistics\n",
        "\nname: Harborline Freight Group\n",
    )
    _edit(
        charters / "harborline-logistics.yaml",
        "      due: 2026-12-18\n      status: on-track",
        "      due: 2026-12-18\n      status: at-risk",
    )
    learnwell = (charters / "learnwell-academy.yaml").read_text(encoding="utf-8")
    (charters / "northstar-labs.yaml").write_text(
        learnwell.replace("id: learnwell-academy", "id: northstar-labs"), encoding="utf-8"
    )
    (charters / "kestrel-support-services.yaml").unlink()
    fixture = copy / FIXTURE_CHARTERS.relative_to(REPOSITORY)
    fixture_before = _digest(fixture)
    assert fixture_before == _digest(FIXTURE_CHARTERS)

    # The control: before the move, the golden page was rendered from charters/ and failed now.
    edited_page = next(
        page.markdown
        for page in render(charters, copy / "templates").pages
        if page.path == "charters/harborline-logistics.md"
    )
    assert edited_page != (GOLDEN / "harborline-logistics.md").read_text(encoding="utf-8")

    run = _pytest(
        copy,
        *FORMERLY_LIVE,
        "--deselect",
        "tests/test_live_charters.py::test_a_content_pull_request_fails_no_fixture_based_test",
        "--deselect",
        "tests/test_live_charters.py::test_the_guard_fails_a_test_that_reads_the_live_charters",
        "--deselect",  # generates its own charters, and takes long
        "tests/test_fmt.py::test_formatting_generated_charters_keeps_data_and_comments",
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"\b\d{3,} passed\b", summary), summary
    assert "failed" not in summary and "error" not in summary, summary
    assert _digest(fixture) == fixture_before  # no test wrote into the fixture either
