"""The installed package, not only the editable checkout, holds every module of generator/."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPOSITORY


def test_wheel_contains_every_module(tmp_path: Path) -> None:
    source = tmp_path / "source"  # building writes build/ and *.egg-info beside the sources
    shutil.copytree(REPOSITORY / "generator", source / "generator")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPOSITORY / name, source / name)
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"),
            *("--no-build-isolation", "--wheel-dir", str(tmp_path), str(source)),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    packaged = {name for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".py")}
    modules = {
        path.relative_to(REPOSITORY).as_posix() for path in (REPOSITORY / "generator").rglob("*.py")
    }
    assert sorted(modules - packaged) == []
