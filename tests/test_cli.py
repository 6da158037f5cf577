"""The `handbook` command as authors and CI run it: exit codes, formats, injected dates.

Commands run in-process through `generator.cli.main` (the `run_handbook` fixture); one test
runs the installed `handbook` script and `python -m generator` as separate processes. Both run
in the fixture handbook unless told otherwise, so `handbook check` reads the frozen charters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import (
    CASES,
    FIXTURE_CHARTERS,
    HANDBOOK_FIXTURE,
    REPOSITORY,
    RunHandbook,
    copy_handbook,
)

BROKEN_CASES = (
    "unknown-key-typo.yaml",
    "dangling-reference-owner.yaml",
    "too-many-key-goals.yaml",
    "yaml-tab.yaml",
    "not-a-mapping.yaml",
    "file-binary.yaml",
)


def handbook(
    *arguments: str, cwd: Path = HANDBOOK_FIXTURE, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGUMENTS` in a separate process; prefer the `run_handbook` fixture."""
    return _run([sys.executable, "-m", "generator", *arguments], cwd, env)


def _run(
    command: list[str], cwd: Path, env: dict[str, str] | None
) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SOURCE_DATE_EPOCH", "FORCE_COLOR", "NO_COLOR")
    }
    environment.update(env or {})
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, check=False
    )


@pytest.fixture
def mixed_directory(tmp_path: Path) -> Path:
    """Good charters and broken files side by side, as a pull request might leave them."""
    folder = tmp_path / "charters"
    shutil.copytree(FIXTURE_CHARTERS, folder)
    for name in BROKEN_CASES:
        shutil.copy(CASES / name, folder / name)
    return folder


def test_installed_script_and_python_m_run_the_command(run_handbook: RunHandbook) -> None:
    arguments = ["check", "tests/cases/unknown-key-typo.yaml", "--today", "2026-11-23"]
    script = Path(sysconfig.get_path("scripts")) / "handbook"
    installed = _run([str(script), *arguments], REPOSITORY, None)
    module = handbook(*arguments, cwd=REPOSITORY)
    in_process = run_handbook(*arguments, cwd=REPOSITORY)
    assert installed.returncode == module.returncode == in_process.exit_code == 1
    assert installed.stdout == module.stdout == in_process.stdout
    assert installed.stdout.startswith("tests/cases/unknown-key-typo.yaml:76:1: error[unknown-key]")
    assert installed.stderr == module.stderr == in_process.stderr == ""


def test_fixture_charters_pass(run_handbook: RunHandbook) -> None:
    run = run_handbook("check", "charters/", "--today", "2026-11-23")
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1].startswith("checked 6 charters and the glossary: 0 errors")
    assert run.stderr == ""


def test_default_path_is_the_charters_folder(run_handbook: RunHandbook) -> None:
    assert (
        run_handbook("check", "--today", "2026-11-23").stdout
        == run_handbook("check", "charters", "--today", "2026-11-23").stdout
    )


def test_strict_fails_on_warnings_but_not_on_a_drafts(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    run = run_handbook("check", "--strict", "--today", "2026-11-23", cwd=tmp_path)
    assert run.exit_code == 0  # learnwell-academy is a draft: its warnings are shown only
    assert "warning[no-agreement]" in run.stdout
    kestrel = tmp_path / "charters" / "kestrel-support-services.yaml"
    kestrel.write_text(kestrel.read_text().replace("  exit_criteria: ", "  x-exit: ", 1))
    run = run_handbook("check", "--strict", "--today", "2026-11-23", cwd=tmp_path)
    assert run.exit_code == 1
    assert "kestrel-support-services.yaml:98:1: warning[no-exit-criteria]" in run.stdout


def test_mixed_directory_reports_every_error_in_text(
    run_handbook: RunHandbook, mixed_directory: Path
) -> None:
    run = run_handbook("check", "charters", "--today", "2026-11-23", cwd=mixed_directory.parent)
    assert run.exit_code == 1
    assert "Traceback" not in run.stdout + run.stderr
    for name in BROKEN_CASES:
        assert f"charters/{name}:" in run.stdout
    first = next(line for line in run.stdout.splitlines() if "unknown-key-typo" in line)
    assert first.startswith("charters/unknown-key-typo.yaml:")
    assert ": error[unknown-key] " in first
    assert "\n    hint: " in run.stdout
    assert "\033[" not in run.stdout  # no colour when not on a terminal


def test_mixed_directory_in_json(run_handbook: RunHandbook, mixed_directory: Path) -> None:
    run = run_handbook(
        "check", "charters", "--format", "json", "--today", "2026-11-23", cwd=mixed_directory.parent
    )
    assert run.exit_code == 1
    report = json.loads(run.stdout)
    assert set(report) == {"version", "summary", "charters", "diagnostics"}
    assert report["version"] == 1
    assert report["summary"]["charters"] == 6 + len(BROKEN_CASES)
    assert report["summary"]["errors"] == sum(
        d["severity"] == "error" for d in report["diagnostics"]
    )
    files_with_errors = {d["file"] for d in report["diagnostics"] if d["severity"] == "error"}
    assert files_with_errors == {f"charters/{name}" for name in BROKEN_CASES}
    for diagnostic in report["diagnostics"]:
        assert set(diagnostic) == {"file", "line", "column", "severity", "code", "message", "hint"}
    keys = [(d["file"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert keys == sorted(keys)
    learnwell = next(c for c in report["charters"] if c["id"] == "learnwell-academy")
    assert learnwell == {
        "id": "learnwell-academy",
        "file": "charters/learnwell-academy.yaml",
        "tier": "growth",
        "completeness": learnwell["completeness"],
    }
    assert 0 < learnwell["completeness"] < 100


def test_mixed_directory_as_github_annotations(
    run_handbook: RunHandbook, mixed_directory: Path
) -> None:
    run = run_handbook(
        "check",
        "charters",
        "--format",
        "github",
        "--today",
        "2026-11-23",
        cwd=mixed_directory.parent,
    )
    assert run.exit_code == 1
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    summary = json.loads(
        run_handbook(
            "check",
            "charters",
            "--format",
            "json",
            "--today",
            "2026-11-23",
            cwd=mixed_directory.parent,
        ).stdout
    )["summary"]
    assert sum(line.startswith("::error ") for line in annotations) == summary["errors"]
    assert sum(line.startswith("::warning ") for line in annotations) == summary["warnings"]
    tab = next(line for line in annotations if "yaml-tab" in line)
    assert tab.startswith("::error file=charters/yaml-tab.yaml,line=")
    assert ",title=yaml-tab::" in tab
    assert all("\n" not in line for line in annotations)


def test_today_from_source_date_epoch(run_handbook: RunHandbook) -> None:
    late = run_handbook("check", "--format", "json", env={"SOURCE_DATE_EPOCH": "1830297600"})
    codes = {d["code"] for d in json.loads(late.stdout)["diagnostics"]}
    assert "review-overdue" in codes and "period-over" in codes  # 2028-01-01
    on_time = run_handbook("check", "--format", "json", env={"SOURCE_DATE_EPOCH": "1795392000"})
    codes = {d["code"] for d in json.loads(on_time.stdout)["diagnostics"]}
    assert "review-overdue" not in codes  # 2026-11-23


def test_today_option_wins_over_source_date_epoch(run_handbook: RunHandbook) -> None:
    run = run_handbook(
        "check",
        "--today",
        "2026-11-23",
        "--format",
        "json",
        env={"SOURCE_DATE_EPOCH": "1830297600"},
    )
    assert "period-over" not in run.stdout


@pytest.mark.parametrize(
    "arguments",
    [
        ("check", "--today", "23/11/2026"),
        ("check", "no-such-folder"),
        ("check", "--format", "xml"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    run_handbook: RunHandbook, arguments: tuple[str, ...]
) -> None:
    run = run_handbook(*arguments)
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.strip()


def test_bad_settings_file_is_a_usage_error(run_handbook: RunHandbook, tmp_path: Path) -> None:
    (tmp_path / "handbook.toml").write_text("attention_limit = 'three'\n")
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    run = run_handbook("check", cwd=tmp_path)
    assert run.exit_code == 2
    assert "handbook.toml: attention_limit" in run.stderr


def test_settings_file_changes_the_attention_limit(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    (tmp_path / "handbook.toml").write_text("attention_limit = 1\n")
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    run = run_handbook("check", "--today", "2026-11-23", cwd=tmp_path)
    assert "warning[owner-overloaded]" in run.stdout


def test_schema_is_draft_2020_12_and_accepts_every_fixture_charter(
    run_handbook: RunHandbook,
) -> None:
    run = run_handbook("schema")
    assert run.exit_code == 0
    schema = json.loads(run.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for path in sorted(FIXTURE_CHARTERS.glob("*.yaml")):
        if path.name == "glossary.yaml":
            continue
        charter = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        errors = [error.message for error in validator.iter_errors(charter)]
        assert errors == [], path.name


def test_schema_rejects_what_the_validator_rejects(run_handbook: RunHandbook) -> None:
    schema = json.loads(run_handbook("schema").stdout)
    validator = jsonschema.Draft202012Validator(schema)
    charter = json.loads(
        json.dumps(
            yaml.safe_load((FIXTURE_CHARTERS / "harborline-logistics.yaml").read_text()),
            default=str,
        )
    )
    charter["tier"] = "platinum"
    charter["x-crm-id"] = "kept"
    charter["period"]["key_goals"] *= 4
    messages = [error.message for error in validator.iter_errors(charter)]
    assert any("platinum" in message for message in messages)
    assert any("too long" in message or "longer" in message for message in messages)
    assert not any("x-crm-id" in message for message in messages)


def test_field_reference_is_generated_from_the_schema(run_handbook: RunHandbook) -> None:
    """Refresh with: handbook schema --format markdown > docs/reference/fields.md"""
    run = run_handbook("schema", "--format", "markdown")
    assert run.stdout == (REPOSITORY / "docs" / "reference" / "fields.md").read_text()


def test_shipped_schema_file_is_generated_from_the_schema(run_handbook: RunHandbook) -> None:
    """Refresh with: handbook schema > docs/schema/charter-v1.json"""
    assert (
        run_handbook("schema").stdout
        == (REPOSITORY / "docs" / "schema" / "charter-v1.json").read_text()
    )


def test_shipped_people_schema_is_generated_and_accepts_a_registry(
    run_handbook: RunHandbook,
) -> None:
    """Refresh with: handbook schema --kind people > docs/schema/people-v1.json"""
    shipped = (REPOSITORY / "docs" / "schema" / "people-v1.json").read_text()
    assert run_handbook("schema", "--kind", "people").stdout == shipped
    validator = jsonschema.Draft202012Validator(json.loads(shipped))
    registry = yaml.safe_load(
        (REPOSITORY / "tests" / "fixtures" / "people" / "charters" / "people.yaml").read_text()
    )
    assert list(validator.iter_errors(registry)) == []
    registry["people"][0]["github"] = "@ana-lima"
    assert [error.json_path for error in validator.iter_errors(registry)] == ["$.people[0].github"]


def test_build_errors_print_one_per_line(run_handbook: RunHandbook, tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path)
    shutil.copy(CASES / "yaml-tab.yaml", handbook / "charters" / "yaml-tab.yaml")
    run = run_handbook("pages", str(tmp_path / "out"), "--today", "2026-11-23", cwd=handbook)
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert lines[0] == "handbook: error: the charters have errors:"
    assert lines[1].startswith("charters/yaml-tab.yaml:")
    assert "\\n" not in run.stderr
