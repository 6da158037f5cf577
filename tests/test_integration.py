"""Pre-commit hooks and GitHub workflows: valid files, and every command they call works.

Hooks run in-process the way pre-commit runs them: from the repository's root, the hook's
`entry` and `args`, then (unless `pass_filenames: false`) the files its `files` pattern selects.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import _parser
from tests.conftest import CASES, FIXTURE_CHARTERS, REPOSITORY, TODAY_EPOCH, RunHandbook
from tests.expectations import expected_in

WORKFLOWS = sorted((REPOSITORY / ".github" / "workflows").glob("*.yml"))
HOOKS: dict[str, dict[str, Any]] = {
    hook["id"]: hook for hook in yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text())
}
FMT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fmt"


def run_module(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *arguments],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_matches_the_github_actions_schema(workflow: Path) -> None:
    run = run_module(
        "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_pre_commit_manifest_and_config_are_valid() -> None:
    assert run_module("pre_commit", "validate-manifest", ".pre-commit-hooks.yaml").returncode == 0
    assert run_module("pre_commit", "validate-config", ".pre-commit-config.yaml").returncode == 0


def handbook_commands() -> list[list[str]]:
    """Every `handbook ...` command line in the workflows and hooks, shell variables filled."""
    lines: list[str] = []
    for workflow in WORKFLOWS:
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            lines += [step["run"] for step in job["steps"] if "run" in step]
    lines += [hook["entry"] for hook in HOOKS.values()]
    commands = []
    for line in lines:
        words = shlex.split(line.replace("$BASE_REF", "main").split(">>")[0])
        if words and words[0] == "handbook":
            commands.append(words[1:])
    return commands


def test_workflows_call_the_check_diff_report_and_build_commands() -> None:
    called = {words[0] for words in handbook_commands()}
    assert {"check", "fmt", "diff", "report", "build"} <= called


@pytest.mark.parametrize("words", handbook_commands(), ids=" ".join)
def test_every_called_command_parses(words: list[str]) -> None:
    arguments = _parser().parse_args(words)
    assert hasattr(arguments, "run")


def hook_arguments(hook: dict[str, Any], root: Path) -> list[str]:
    """The `handbook` arguments pre-commit runs `hook` with in `root`, every file staged."""
    words = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    assert words[0] == "handbook"
    if hook.get("pass_filenames", True):
        files = re.compile(hook.get("files", ""))
        exclude = re.compile(hook.get("exclude", "^$"))
        words += sorted(
            name
            for name in (path.relative_to(root).as_posix() for path in root.rglob("*"))
            if (root / name).is_file() and files.search(name) and not exclude.search(name)
        )
    return words[1:]


def repository_with(tmp_path: Path, *charters: Path) -> Path:
    """A repository with these files in charters/ and a YAML file the hooks must not touch."""
    (tmp_path / "charters").mkdir(parents=True)
    for charter in charters:
        shutil.copy(charter, tmp_path / "charters" / charter.name)
    (tmp_path / "docs").mkdir()
    shutil.copy(FMT_FIXTURES / "invalid" / "unclosed-list.yaml", tmp_path / "docs" / "notes.yaml")
    return tmp_path


def run_hook(run_handbook: RunHandbook, hook_id: str, root: Path) -> tuple[int, str]:
    """Exit code and output (stdout, then stderr) of a hook run on every file in `root`."""
    run = run_handbook(
        *hook_arguments(HOOKS[hook_id], root), cwd=root, env={"SOURCE_DATE_EPOCH": TODAY_EPOCH}
    )
    return run.exit_code, run.stdout + run.stderr


@pytest.mark.parametrize("hook_id", HOOKS)
def test_hooks_pass_on_the_fixture_charters(
    run_handbook: RunHandbook, tmp_path: Path, hook_id: str
) -> None:
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    exit_code, output = run_hook(run_handbook, hook_id, tmp_path)
    assert exit_code == 0, output


def test_every_hook_is_tested_on_bad_files() -> None:
    """A new hook needs its own test below: what makes it fail, and how it says so."""
    assert set(HOOKS) == {"handbook-check", "handbook-fmt"}


@pytest.mark.parametrize(
    "case", ["unknown-key-typo.yaml", "dangling-reference-owner.yaml", "yaml-tab.yaml"]
)
def test_check_hook_fails_on_a_broken_charter_with_its_location(
    run_handbook: RunHandbook, tmp_path: Path, case: str
) -> None:
    good = CASES / "valid-complete.yaml"
    exit_code, output = run_hook(run_handbook, "handbook-check", repository_with(tmp_path, good))
    assert exit_code == 0, output
    shutil.copy(CASES / case, tmp_path / "charters" / case)
    exit_code, output = run_hook(run_handbook, "handbook-check", tmp_path)
    assert exit_code == 1, output
    for name, severity, code, line, column in expected_in(CASES / case):
        assert f"charters/{name}:{line}:{column}: {severity}[{code}] " in output
    assert "Traceback" not in output


def test_fmt_hook_fails_on_an_unformatted_charter_and_leaves_it_alone(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    root = repository_with(tmp_path, FMT_FIXTURES / "out-of-order.yaml")
    charter = root / "charters" / "out-of-order.yaml"
    before = charter.read_bytes()
    exit_code, output = run_hook(run_handbook, "handbook-fmt", root)
    assert exit_code == 1
    assert output.splitlines()[0] == "would reformat charters/out-of-order.yaml"
    assert charter.read_bytes() == before
    shutil.copy(FMT_FIXTURES / "out-of-order.expected.yaml", charter)
    exit_code, output = run_hook(run_handbook, "handbook-fmt", root)
    assert exit_code == 0, output


def test_fmt_hook_fails_on_broken_yaml_with_its_location(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    root = repository_with(tmp_path, FMT_FIXTURES / "invalid" / "unclosed-list.yaml")
    exit_code, output = run_hook(run_handbook, "handbook-fmt", root)
    assert exit_code == 1
    # fmt reports a file it cannot read exactly where and as `handbook check` does
    assert output.startswith("charters/unclosed-list.yaml:2:10: error[yaml-syntax] invalid YAML")
    assert "docs/notes.yaml" not in output
