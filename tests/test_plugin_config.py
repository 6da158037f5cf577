"""One ``charters_dir``: the site reads the folder ``handbook check`` reads, and a wrong path in
``mkdocs.yml`` or ``handbook.toml`` fails the build naming the file and the value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY_EPOCH, copy_handbook

SHIPPED_OPTION = "      charters_dir: charters\n"
"""The plugin option as the repository's mkdocs.yml sets it: the default folder."""


def mkdocs_build(handbook: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, SOURCE_DATE_EPOCH=TODAY_EPOCH, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(handbook / "site")],
        cwd=handbook,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def edit_config(handbook: Path, old: str, new: str) -> None:
    config = handbook / "mkdocs.yml"
    written = config.read_text()
    assert old in written
    config.write_text(written.replace(old, new, 1))


def move_charters(handbook: Path, folder: str) -> None:
    (handbook / "charters").rename(handbook / folder)


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    return copy_handbook(tmp_path)


def test_the_shipped_option_names_the_default_folder(handbook: Path) -> None:
    assert SHIPPED_OPTION in (handbook / "mkdocs.yml").read_text()


def test_the_site_reads_charters_dir_from_handbook_toml(handbook: Path) -> None:
    edit_config(handbook, SHIPPED_OPTION, "")
    move_charters(handbook, "relationships")
    (handbook / "handbook.toml").write_text('charters_dir = "relationships"\n')

    run = mkdocs_build(handbook)

    assert run.returncode == 0, run.stderr
    assert (handbook / "site" / "charters" / "kestrel-support-services" / "index.html").is_file()


def test_the_same_folder_written_two_ways_agrees(handbook: Path) -> None:
    (handbook / "handbook.toml").write_text('charters_dir = "./charters/"\n')

    run = mkdocs_build(handbook)

    assert run.returncode == 0, run.stderr


def test_mkdocs_yml_and_handbook_toml_disagreeing_fails_naming_both(handbook: Path) -> None:
    move_charters(handbook, "relationships")
    (handbook / "handbook.toml").write_text('charters_dir = "relationships"\n')

    run = mkdocs_build(handbook)

    assert run.returncode != 0
    assert (
        "mkdocs.yml: plugins.charters.charters_dir is 'charters' but handbook.toml sets "
        "charters_dir = 'relationships'"
    ) in run.stderr


def test_a_plugin_option_other_than_what_check_reads_fails(handbook: Path) -> None:
    edit_config(handbook, SHIPPED_OPTION, "      charters_dir: relationships\n")
    move_charters(handbook, "relationships")

    run = mkdocs_build(handbook)

    assert run.returncode != 0
    assert (
        "mkdocs.yml: plugins.charters.charters_dir is 'relationships' but `handbook check` "
        "reads 'charters' (the default: handbook.toml does not set charters_dir)"
    ) in run.stderr


@pytest.mark.parametrize(
    ("settings", "old_option", "new_option", "message"),
    [
        (
            'charters_dir = "nowhere"\n',
            SHIPPED_OPTION,
            "",
            "handbook.toml: charters_dir: folder 'nowhere' not found",
        ),
        (
            None,
            "      templates_dir: templates\n",
            "      templates_dir: nowhere\n",
            "mkdocs.yml: plugins.charters.templates_dir: folder 'nowhere' not found",
        ),
        (
            None,
            "      templates_dir: templates\n",
            "      templates_dir: templates\n      settings_file: nowhere.toml\n",
            "mkdocs.yml: plugins.charters.settings_file: file 'nowhere.toml' not found",
        ),
    ],
    ids=["charters-folder", "templates-folder", "settings-file"],
)
def test_a_missing_path_fails_naming_the_file_that_set_it(
    handbook: Path, settings: str | None, old_option: str, new_option: str, message: str
) -> None:
    if settings is not None:
        (handbook / "handbook.toml").write_text(settings)
    edit_config(handbook, old_option, new_option)

    run = mkdocs_build(handbook)

    assert run.returncode != 0
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_a_missing_default_charters_folder_says_where_to_set_another(handbook: Path) -> None:
    edit_config(handbook, SHIPPED_OPTION, "")
    move_charters(handbook, "relationships")

    run = mkdocs_build(handbook)

    assert run.returncode != 0
    assert (
        "charters folder 'charters' not found (looked for "
        f"{handbook.resolve() / 'charters'}): it is the default; to use another, set "
        "charters_dir in handbook.toml"
    ) in run.stderr
