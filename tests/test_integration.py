"""Pre-commit hooks and GitHub workflows: valid files, and every command they call works."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import _parser
from tests.conftest import REPOSITORY

WORKFLOWS = sorted((REPOSITORY / ".github" / "workflows").glob("*.yml"))


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
    for hook in yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text()):
        lines.append(hook["entry"])
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


@pytest.mark.parametrize(
    "hook",
    yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text()),
    ids=lambda hook: hook["id"],
)
def test_hooks_pass_on_the_shipped_charters(hook: dict[str, object]) -> None:
    words = shlex.split(str(hook["entry"]))
    assert words[0] == "handbook"
    files = (
        []
        if hook.get("pass_filenames") is False
        else [
            str(path.relative_to(REPOSITORY))
            for path in sorted((REPOSITORY / "charters").glob("*.yaml"))
        ]
    )
    run = (
        run_module("generator", *words[1:], "--today", "2026-11-23", *files)
        if words[1] == "check"
        else run_module("generator", *words[1:], *files)
    )
    assert run.returncode == 0, run.stdout + run.stderr
