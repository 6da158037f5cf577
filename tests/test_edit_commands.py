"""`handbook fmt` and `handbook rollover` as authors and CI run them."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import FIXTURE_CHARTERS
from tests.test_cli import handbook

FIXTURES = Path(__file__).parent / "fixtures"


def handbook_copy(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    return tmp_path


def test_fmt_check_lists_files_and_changes_nothing_then_fmt_fixes_them(tmp_path: Path) -> None:
    root = handbook_copy(tmp_path)
    messy = root / "charters" / "out-of-order.yaml"
    shutil.copy(FIXTURES / "fmt" / "out-of-order.yaml", messy)
    before = messy.read_bytes()
    check = handbook("fmt", "--check", cwd=root)
    assert check.returncode == 1
    assert "would reformat charters/out-of-order.yaml" in check.stdout
    assert "1 of 8 files would be reformatted" in check.stdout
    assert messy.read_bytes() == before
    assert handbook("fmt", cwd=root).returncode == 0
    assert messy.read_text() == (FIXTURES / "fmt" / "out-of-order.expected.yaml").read_text()
    assert yaml.safe_load(messy.read_text()) == yaml.safe_load(before)
    assert handbook("fmt", "--check", cwd=root).returncode == 0


def test_fmt_reports_broken_yaml_with_its_location_and_keeps_the_file(tmp_path: Path) -> None:
    root = handbook_copy(tmp_path)
    broken = root / "charters" / "broken.yaml"
    broken.write_text("id: broken\nname: [unclosed\n")
    run = handbook("fmt", "charters/broken.yaml", cwd=root)
    assert run.returncode == 1
    # the same diagnostic `handbook check` gives, where the unclosed list opens
    assert "charters/broken.yaml:2:7: error[yaml-syntax]" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    assert broken.read_text() == "id: broken\nname: [unclosed\n"


def test_rollover_moves_the_period_into_history(tmp_path: Path) -> None:
    root = handbook_copy(tmp_path)
    path = root / "charters" / "harborline-logistics.yaml"
    before = yaml.safe_load(path.read_text())
    run = handbook(
        "rollover",
        "harborline-logistics",
        "--label",
        "2027-Q1",
        "--start",
        "2027-01-01",
        "--end",
        "2027-03-31",
        *("--today", "2027-01-05", "--missed", "q4-regions-live", "--done", "q4-health-score"),
        cwd=root,
    )
    assert run.returncode == 0, run.stderr
    after = yaml.safe_load(path.read_text())
    closed = before["period"]
    statuses = {"q4-regions-live": "missed", "q4-health-score": "done"}
    for goal in closed["key_goals"]:
        goal["status"] = statuses.get(goal["id"], goal["status"])
    assert after["history"][-1] == closed
    assert after["period"]["label"] == "2027-Q1" and after["period"]["key_goals"] == []
    check = handbook("check", "charters/", "--today", "2027-01-05", cwd=root)
    assert check.returncode == 0, check.stdout
    assert "# two regions are still waiting on cleaned WMS exports" in path.read_text()


def test_rollover_refuses_bad_periods_without_touching_the_file(tmp_path: Path) -> None:
    root = handbook_copy(tmp_path)
    path = root / "charters" / "harborline-logistics.yaml"
    before = path.read_bytes()
    inverted = handbook(
        "rollover",
        "harborline-logistics",
        "--label",
        "2027-Q1",
        "--start",
        "2027-03-31",
        "--end",
        "2027-01-01",
        cwd=root,
    )
    assert inverted.returncode == 2 and "Traceback" not in inverted.stderr
    not_a_date = handbook(
        "rollover",
        "harborline-logistics",
        "--label",
        "2027-Q1",
        "--start",
        "1/1/2027",
        "--end",
        "2027-03-31",
        cwd=root,
    )
    assert not_a_date.returncode == 2 and "is not a date" in not_a_date.stderr
    missing = handbook(
        "rollover",
        "nobody",
        "--label",
        "x",
        "--start",
        "2027-01-01",
        "--end",
        "2027-03-31",
        cwd=root,
    )
    assert missing.returncode == 2
    assert path.read_bytes() == before
