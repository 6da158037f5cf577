"""``mkdocs build`` of a large handbook renders its pages in a child process while MkDocs reads
the others: the site is byte for byte the one rendered in the build's own process, and a child
that fails or dies changes nothing but the time it takes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from generator.site import background
from tests.conftest import TODAY_EPOCH, assert_same_sites, copy_handbook

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child is forked, which only Linux does safely"
)


@pytest.fixture
def handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = copy_handbook(tmp_path / "handbook")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    return folder


def build(handbook: Path, site: Path, *, in_background: bool) -> None:
    """``mkdocs build``, with or without the child process."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(background, "available", lambda pages: in_background)
        config = load_config(config_file=str(handbook / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()


def test_pages_rendered_in_the_background_are_the_same(handbook: Path, tmp_path: Path) -> None:
    build(handbook, tmp_path / "here", in_background=False)
    build(handbook, tmp_path / "child", in_background=True)
    assert (tmp_path / "child" / "charters" / "harborline-logistics" / "index.html").is_file()
    assert (tmp_path / "child" / "calendar" / "harborline-logistics.ics").is_file()
    assert_same_sites(tmp_path / "here", tmp_path / "child")


def test_a_child_that_dies_is_replaced_by_rendering_here(
    handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*args: object) -> None:
        os._exit(3)

    build(handbook, tmp_path / "here", in_background=False)
    monkeypatch.setattr(background, "_render_and_send", die)
    build(handbook, tmp_path / "child", in_background=True)
    assert_same_sites(tmp_path / "here", tmp_path / "child")


def test_a_template_problem_fails_the_build_with_its_place(handbook: Path, tmp_path: Path) -> None:
    template = handbook / "templates" / "partials" / "meetings.md.j2"
    lines = template.read_text().splitlines()
    lines.insert(2, "{{ charter.meetings.no_such_field }}")
    template.write_text("\n".join(lines) + "\n")
    with pytest.raises((PluginError, Abort)) as raised:
        build(handbook, tmp_path / "site", in_background=True)
    shown = str(raised.value) + str(raised.value.__context__ or "")
    assert "partials/meetings.md.j2:3: template error" in shown


def test_small_handbooks_and_threads_render_here() -> None:
    assert not background.available(background.MIN_PAGES - 1)
