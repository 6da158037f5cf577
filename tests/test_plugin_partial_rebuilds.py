"""``handbook serve`` runs ``mkdocs serve --dirty``: after a save MkDocs rebuilds only the pages
whose Markdown changed, the whole site when the navigation or anything around the pages did, and
the site is then byte for byte what a full build of the same files makes.

The builds run in this process through MkDocs' own ``build`` as ``mkdocs serve --dirty`` calls
it, with one plugin object kept between them as MkDocs keeps it.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.site.plugin import ChartersPlugin
from tests.conftest import TODAY_EPOCH, copy_handbook

HARBORLINE = "charters/harborline-logistics.md"
SERVE_URL = "http://127.0.0.1:8000/"


def _plugin_cache() -> dict[str, object]:
    """MkDocs keeps plugins with ``on_startup`` in its configuration class, for a serve."""
    cache: dict[str, object] = dict(MkDocsConfig._schema)["plugins"].plugin_cache  # type: ignore[attr-defined]
    return cache


class Serve:
    """``mkdocs serve --dirty`` without the server: each :meth:`build` is one rebuild."""

    def __init__(self, handbook: Path, site: Path) -> None:
        self.handbook = handbook
        self.site = site
        self.config().plugins.on_startup(command="serve", dirty=True)

    def config(self) -> MkDocsConfig:
        return load_config(config_file=str(self.handbook / "mkdocs.yml"), site_dir=str(self.site))

    def build(self) -> ChartersPlugin:
        config = self.config()
        mkdocs_build.build(config, serve_url=SERVE_URL, dirty=True)
        plugin = config.plugins["charters"]
        assert isinstance(plugin, ChartersPlugin)
        return plugin

    def close(self) -> None:
        self.config().plugins.on_shutdown()

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")

    def times(self) -> dict[str, int]:
        """When each file of the site was last written."""
        return {
            path.relative_to(self.site).as_posix(): path.stat().st_mtime_ns
            for path in self.site.rglob("*")
            if path.is_file()
        }


@pytest.fixture
def serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Serve]:
    handbook = copy_handbook(tmp_path / "handbook")
    monkeypatch.chdir(handbook)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    _plugin_cache().clear()
    serving = Serve(handbook, tmp_path / "site")
    try:
        yield serving
    finally:
        serving.close()
        _plugin_cache().clear()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def charter(serve: Serve, name: str) -> Path:
    return serve.handbook / "charters" / f"{name}.yaml"


def assert_same_as_a_full_build(serve: Serve, tmp_path: Path) -> None:
    """The served site holds exactly the files a full `mkdocs build` writes, byte for byte."""
    full = tmp_path / "full"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(full)],
        cwd=serve.handbook,
        env=dict(os.environ, SOURCE_DATE_EPOCH=TODAY_EPOCH, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    served, built = (
        serve.times(),
        {path.relative_to(full).as_posix() for path in full.rglob("*") if path.is_file()},
    )
    assert set(served) == built
    different = [
        path for path in sorted(built) if not filecmp.cmp(serve.site / path, full / path, False)
    ]
    assert different == []


def test_a_save_rebuilds_only_the_changed_charter_page(serve: Serve, tmp_path: Path) -> None:
    first = serve.build()
    assert first.partial is not None and first.partial.full
    assert HARBORLINE in first.partial.built and "about.md" in first.partial.built
    before = serve.times()

    unchanged = serve.build()
    assert unchanged.partial is not None and not unchanged.partial.full
    assert unchanged.partial.built == []
    assert unchanged.site is not None and unchanged.site.rendered == []

    edit(charter(serve, "harborline-logistics"), "purpose: |\n", "purpose: |\n  Edited to serve.\n")
    edited = serve.build()

    assert edited.partial is not None and not edited.partial.full
    assert edited.partial.built == [HARBORLINE]
    # The portfolio was rendered again, but its Markdown came out the same: not rebuilt.
    assert edited.site is not None and sorted(edited.site.rendered) == [HARBORLINE, "index.md"]
    assert "Edited to serve." in serve.page("charters/harborline-logistics/index.html")
    after = serve.times()
    rewritten = sorted(path for path in after if after[path] != before.get(path))
    assert rewritten == [
        "404.html",  # MkDocs writes the theme's pages on every build
        "api/charters.json",
        "charters/harborline-logistics/index.html",
        "search/search_index.json",
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    assert_same_as_a_full_build(serve, tmp_path)


def test_the_search_index_holds_every_page_after_partial_rebuilds(
    serve: Serve, tmp_path: Path
) -> None:
    serve.build()
    edit(charter(serve, "harborline-logistics"), "purpose: |\n", "purpose: |\n  Zanzibar one.\n")
    serve.build()
    edit(
        charter(serve, "kestrel-support-services"), "purpose: |\n", "purpose: |\n  Zanzibar two.\n"
    )
    serve.build()
    index = serve.page("search/search_index.json")
    assert "Zanzibar one." in index and "Zanzibar two." in index
    assert_same_as_a_full_build(serve, tmp_path)


def test_drafts_stay_in_the_search_index_of_the_preview(serve: Serve) -> None:
    """``mkdocs serve`` builds draft pages too, for the preview; a partial rebuild keeps them."""
    edit(serve.handbook / "mkdocs.yml", "strict: false", "strict: false\ndraft_docs: security.md")
    serve.build()
    draft_entries = serve.page("search/search_index.json").count('"location":"security/')
    assert draft_entries > 0
    edit(charter(serve, "harborline-logistics"), "purpose: |\n", "purpose: |\n  Drafted.\n")
    edited = serve.build()
    assert edited.partial is not None and edited.partial.built == [HARBORLINE]
    assert serve.page("search/search_index.json").count('"location":"security/') == draft_entries


def test_pages_not_read_again_keep_their_titles(serve: Serve, tmp_path: Path) -> None:
    """Without ``nav`` in the configuration, hand-written pages are listed by their own title,
    which MkDocs knows only from reading them: a page rebuilt alone still shows the others'."""
    config = serve.handbook / "mkdocs.yml"
    written = config.read_text(encoding="utf-8")
    config.write_text(written[: written.index("\nnav:")] + "\n", encoding="utf-8")
    serve.build()
    edit(charter(serve, "harborline-logistics"), "purpose: |\n", "purpose: |\n  Titled.\n")
    edited = serve.build()
    assert edited.partial is not None and edited.partial.built == [HARBORLINE]
    assert_same_as_a_full_build(serve, tmp_path)


def test_a_new_title_rebuilds_every_page(serve: Serve, tmp_path: Path) -> None:
    serve.build()
    edit(charter(serve, "kestrel-support-services"), "\nname: ", "\nname: Renamed ")
    renamed = serve.build()
    assert renamed.partial is not None and renamed.partial.full
    assert "about.md" in renamed.partial.built
    assert "Renamed Kestrel" in serve.page("about/index.html")  # in the navigation
    assert_same_as_a_full_build(serve, tmp_path)


def test_a_new_and_a_removed_charter_rebuild_every_page(serve: Serve, tmp_path: Path) -> None:
    serve.build()
    source = charter(serve, "kestrel-support-services")
    text = source.read_text(encoding="utf-8")
    copy = charter(serve, "osprey-support-services")
    copy.write_text(
        text.replace("id: kestrel-support-services", "id: osprey-support-services", 1).replace(
            "\nname: Kestrel", "\nname: Osprey", 1
        ),
        encoding="utf-8",
    )
    added = serve.build()
    assert added.partial is not None and added.partial.full
    assert (serve.site / "charters" / "osprey-support-services" / "index.html").is_file()
    assert_same_as_a_full_build(serve, tmp_path / "added")

    copy.unlink()
    removed = serve.build()
    assert removed.partial is not None and removed.partial.full
    assert not (serve.site / "charters" / "osprey-support-services").exists()
    assert_same_as_a_full_build(serve, tmp_path / "removed")


def test_an_edited_hand_written_page_rebuilds_every_page(serve: Serve, tmp_path: Path) -> None:
    serve.build()
    edit(serve.handbook / "docs" / "about.md", "\n", "\nA new first paragraph.\n")
    again = serve.build()
    assert again.partial is not None and again.partial.full
    assert "A new first paragraph." in serve.page("about/index.html")
    assert_same_as_a_full_build(serve, tmp_path)


def test_an_edited_theme_override_rebuilds_every_page(serve: Serve, tmp_path: Path) -> None:
    """Every page is written with the theme's templates; MkDocs' dirty mode ignores them."""
    overrides = serve.handbook / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    edit(
        serve.handbook / "mkdocs.yml",
        "  name: material\n",
        "  name: material\n  custom_dir: overrides\n",
    )
    edit(serve.handbook / "mkdocs.yml", "\nnav:", "\nwatch:\n  - overrides\n  - charters\nnav:")
    serve.build()
    edit(charter(serve, "harborline-logistics"), "purpose: |\n", "purpose: |\n  Watched.\n")
    watched = serve.build()  # the plugin's own inputs are compared by what they generate
    assert watched.partial is not None and watched.partial.built == [HARBORLINE]
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Overridden{% endblock %}\n',
        encoding="utf-8",
    )
    again = serve.build()
    assert again.partial is not None and again.partial.full
    assert "Overridden" in serve.page("about/index.html")
    assert_same_as_a_full_build(serve, tmp_path)


def test_a_broken_charter_shows_the_error_page_until_fixed(serve: Serve, tmp_path: Path) -> None:
    serve.build()
    path = charter(serve, "kestrel-support-services")
    written = path.read_text(encoding="utf-8")
    edit(path, "\ntier: maintain\n", "\ntier: platinum\n")

    broken = serve.build()

    assert broken.site is None
    assert "error[invalid-value]" in serve.page("index.html")
    assert not (serve.site / "charters").exists()
    path.write_text(written, encoding="utf-8")
    fixed = serve.build()
    assert fixed.partial is not None and fixed.partial.full
    assert "Relationship portfolio" in serve.page("index.html")
    assert_same_as_a_full_build(serve, tmp_path)


def test_a_failed_build_makes_the_next_one_full(
    serve: Serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve.build()
    edit(charter(serve, "harborline-logistics"), "purpose: |\n", "purpose: |\n  Half built.\n")

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(mkdocs_build, "_build_page", fail)
        with pytest.raises(RuntimeError, match="the disk is full"):
            serve.build()
    again = serve.build()
    assert again.partial is not None and again.partial.full
    assert "Half built." in serve.page("charters/harborline-logistics/index.html")
    assert_same_as_a_full_build(serve, tmp_path)


def test_a_plugin_not_known_to_work_with_partial_rebuilds_means_full_ones(
    serve: Serve, tmp_path: Path
) -> None:
    edit(serve.handbook / "mkdocs.yml", "  - search\n", "  - search\n  - tags\n")
    serve.build()
    again = serve.build()
    assert again.partial is not None and again.partial.full
    assert HARBORLINE in again.partial.built


def test_a_strict_configuration_does_not_fail_partial_rebuilds(serve: Serve) -> None:
    """MkDocs warns about every dirty build; the plugin keeps the site right, so the warning
    is dropped, or ``strict`` would fail every build."""
    edit(serve.handbook / "mkdocs.yml", "strict: false", "strict: true")
    serve.build()
    edit(charter(serve, "harborline-logistics"), "purpose: |\n", "purpose: |\n  Strictly.\n")
    assert serve.build().partial is not None
    assert "Strictly." in serve.page("charters/harborline-logistics/index.html")


def test_the_generated_files_folder_is_removed_at_the_end(serve: Serve) -> None:
    plugin = serve.build()
    assert plugin.partial is not None
    folder = plugin.partial.folder
    assert (folder / HARBORLINE).is_file()
    serve.close()
    assert not folder.exists()
