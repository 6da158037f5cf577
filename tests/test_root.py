"""Commands work from any folder inside a handbook, as git commands do inside a repository."""

from __future__ import annotations

import json
from pathlib import Path

from generator.settings import find_root
from tests.conftest import RunHandbook, copy_handbook


def test_the_root_is_the_nearest_folder_with_mkdocs_yml_or_handbook_toml(tmp_path: Path) -> None:
    assert find_root(tmp_path / "a" / "b") is None
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_root(tmp_path / "a" / "b") == tmp_path
    (tmp_path / "a" / "handbook.toml").write_text("")
    assert find_root(tmp_path / "a" / "b") == tmp_path / "a"


def test_check_from_the_charters_folder(run_handbook: RunHandbook, tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path / "handbook")
    charters = handbook / "charters"
    run = run_handbook("check", "--format", "json", "--today", "2026-11-23", cwd=charters)
    assert run.exit_code == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["summary"]["charters"] == 6
    assert report["charters"][0]["file"].startswith("charters/")
    # a path typed there still means the file there
    one = run_handbook("check", "harborline-logistics.yaml", "--today", "2026-11-23", cwd=charters)
    assert one.exit_code == 0 and "checked 1 charter:" in one.stdout


def test_build_outside_a_handbook_is_one_clear_usage_error(
    run_handbook: RunHandbook, tmp_path: Path
) -> None:
    run = run_handbook("build", cwd=tmp_path)
    assert run.exit_code == 2
    assert run.stderr.startswith("handbook: error: mkdocs.yml not found: run handbook inside")
    assert "Traceback" not in run.stderr and "Usage:" not in run.stderr


def test_build_from_a_subfolder(run_handbook: RunHandbook, tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path / "handbook")
    run = run_handbook("pages", "../out", "--today", "2026-11-23", cwd=handbook / "charters")
    assert run.exit_code == 0, run.stderr
    assert (handbook / "out" / "mkdocs.yml").is_file()
