"""Rebuilding only what a save changed, under ``mkdocs serve --dirty`` (``handbook serve``).

MkDocs' dirty mode rebuilds a page only when its source file is newer than its HTML
(``File.is_modified``). The generated pages and files are therefore written to a folder of
their own, and a file there is written again only when its content changed: a save that
changes one charter makes MkDocs rebuild that charter's page and whatever lists it (the
portfolio, the glossary when a term's use changed), and copy its calendar and the JSON
exports, nothing else.

Everything else a page shows around its content is compared as a whole, the *layout*: the
navigation, the list of generated pages and files, the hand-written pages and theme files (by
size and time), the configuration file and the plugins. When it changed (a title, a new or
removed charter, an edited hand-written page or configuration), when the previous build
failed or showed the error page, and whenever a plugin not known to work with partial
rebuilds is configured, the site folder is emptied first, as MkDocs does without
``--dirty``, and every page is rebuilt.

Two things MkDocs' dirty mode would leave wrong are put right:

- a page not read again has no title or front matter, which the navigation and the
  previous/next links of the rebuilt pages show: they are kept from the build that read it;
- Material's search index would only hold the rebuilt pages (its own dirty-mode merge
  assumes one page per save): the entries of the pages not rebuilt are kept from the
  previous build, in the order a full build writes them.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory

from generator.site.addresses import listed_in_navigation
from generator.site.render import RenderedSite

log = logging.getLogger("mkdocs.plugins.charters")

_MATERIAL_SEARCH = "material.plugins.search.plugin"
"""The module of Material's search plugin, whose index is merged here."""
DIRTY_WARNING = "A 'dirty' build is being performed"
"""How MkDocs' warning about dirty builds starts: partial rebuilds here keep the site right."""


def inclusion_of(page: str) -> InclusionLevel:
    """Pages left out of the navigation on purpose are marked so: MkDocs then does not list
    them, one line each, as pages missing from ``nav``."""
    return InclusionLevel.UNDEFINED if listed_in_navigation(page) else InclusionLevel.NOT_IN_NAV


@dataclass
class _Build:
    """What one build showed around the pages' content, and what it read."""

    layout: object
    pages: list[tuple[str, str, Any]] = field(default_factory=list)
    """The documentation pages: source path, address and MkDocs page, in build order."""
    titles: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    """Each page's title and front matter, by source path."""
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Material's search entries of each page, by page address."""


class PartialRebuilds:
    """The state kept between the builds of one ``mkdocs serve --dirty``.

    ``folder`` holds the generated pages and files as last written; it belongs to this object.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._written: dict[str, str | bytes] = {}
        """The content of each file in ``folder``, by site path."""
        self._last: _Build | None = None
        """The last build that succeeded; None at first and after a failure: rebuild all."""
        self._current: _Build | None = None
        self.full = True
        """Whether the current (or last) build rebuilds every page."""
        self.built: list[str] = []
        """The source paths of the pages MkDocs rendered in the current (or last) build."""

    # on_files ----------------------------------------------------------------------------

    def add_site(
        self, files: Files, config: MkDocsConfig, site: RenderedSite, inputs: Iterable[Path] = ()
    ) -> None:
        """Add the generated pages and files to ``files`` for a build of only what changed.

        ``inputs`` are the folders and files the site is generated from (charters, templates,
        settings): compared by what they generate, not by their times.
        """
        contents: dict[str, str | bytes] = {page.path: page.markdown for page in site.pages}
        contents.update(site.files)
        layout = (
            site.nav(),
            list(contents),
            _sources_state(files),
            _watched_state(config, {Path(os.path.abspath(path)) for path in inputs}),
            _config_state(config),
            list(config.plugins),
        )
        unsupported = unsupported_plugins(config)
        self.full = self._last is None or self._last.layout != layout or bool(unsupported)
        if self.full:
            if unsupported and self._last is None:
                log.info(
                    "every save rebuilds the whole site: plugin %s is not known to work with "
                    "partial rebuilds",
                    ", ".join(f"'{name}'" for name in unsupported),
                )
            clean_directory(config.site_dir)
            self._forget_others(set(contents))
        self._current = _Build(layout)
        self.built = []
        changed = 0
        for path, content in contents.items():
            source = self.folder / path
            file = File.generated(
                config, path, abs_src_path=str(source), inclusion=inclusion_of(path)
            )
            if self._written.get(path) != content:
                self._written.pop(path, None)  # until written in full
                _write(source, content)
                self._written[path] = content
                _newer_than_output(source, Path(file.abs_dest_path))
                changed += 1
            files.append(file)
        log.debug("generated files written again: %d of %d", changed, len(contents))

    def show_problem(self, config: MkDocsConfig) -> None:
        """The error page replaces the site: rebuild every page now and after the fix."""
        self._last = self._current = None
        self.full = True
        self.built = []
        clean_directory(config.site_dir)

    # on_env, on_page_context, on_post_build, on_build_error ----------------------------

    def pages_read(self, files: Files) -> None:
        """Give each page MkDocs did not read again its title and front matter as read last."""
        current = self._current
        if current is None:
            return
        kept = self._last.titles if self._last is not None and not self.full else {}
        # The pages of a serve build, drafts included (MkDocs builds them for the preview).
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            page = file.page
            if page is None:
                continue
            current.pages.append((file.src_uri, page.url, page))
            if page.markdown is None and file.src_uri in kept:
                title, meta = kept[file.src_uri]
                if page.title is None:
                    page.title = title
                page.meta = dict(meta)

    def page_built(self, src_uri: str) -> None:
        self.built.append(src_uri)

    def finish(self, config: MkDocsConfig) -> None:
        """After a build that wrote every page: merge the search index, keep what was read."""
        current = self._current
        if current is None:
            return
        for src_uri, _, page in current.pages:
            current.titles[src_uri] = (page.title, dict(page.meta))
        current.search = self._merge_search(config, current)
        current.pages = []  # MkDocs' pages of this build are not needed any more
        self._last, self._current = current, None

    def failed(self) -> None:
        """A build failed part way: some pages may be missing, so the next one is full."""
        self._last = self._current = None

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # Helpers -------------------------------------------------------------------------------

    def _merge_search(
        self, config: MkDocsConfig, current: _Build
    ) -> dict[str, list[dict[str, Any]]]:
        """Material's index of every page: this build's entries of the pages it rebuilt,
        the previous build's of the others, in build order."""
        search = material_search(config)
        if search is None:
            return {}
        index = search.search_index
        rebuilt: dict[str, list[dict[str, Any]]] = {}
        for entry in index.entries:
            rebuilt.setdefault(str(entry["location"]).split("#", 1)[0], []).append(entry)
        built = set(self.built)
        kept = self._last.search if self._last is not None and not self.full else {}
        by_page: dict[str, list[dict[str, Any]]] = {}
        for src_uri, url, _ in current.pages:
            by_page[url] = rebuilt.pop(url, []) if src_uri in built else kept.get(url, [])
        for url, entries in rebuilt.items():  # entries of no page of the build: kept as made
            by_page.setdefault(url, []).extend(entries)
        index.entries = [entry for entries in by_page.values() for entry in entries]
        search.search_index_prev = None  # Material's own dirty merge would undo this one
        return by_page

    def _forget_others(self, paths: set[str]) -> None:
        for path in set(self._written) - paths:
            del self._written[path]
            (self.folder / path).unlink(missing_ok=True)


def material_search(config: MkDocsConfig) -> Any | None:
    """Material's search plugin of this build, when it is configured and enabled."""
    for plugin in config.plugins.values():
        if _is_material_search(plugin):
            return plugin
    return None


def _is_material_search(plugin: BasePlugin[Any]) -> bool:
    """Material's search plugin, with the index this module merges (Material 9)."""
    return (
        type(plugin).__module__ == _MATERIAL_SEARCH
        and isinstance(getattr(getattr(plugin, "search_index", None), "entries", None), list)
        and hasattr(plugin, "search_index_prev")
    )


def unsupported_plugins(config: MkDocsConfig) -> list[str]:
    """The configured plugins that partial rebuilds are not known to keep right."""
    return [name for name, plugin in config.plugins.items() if not _supported(plugin)]


def _supported(plugin: BasePlugin[Any]) -> bool:
    from generator.site.plugin import ChartersPlugin

    return isinstance(plugin, ChartersPlugin) or _is_material_search(plugin)


def _sources_state(files: Files) -> list[tuple[str, str, int, int]]:
    """Every file MkDocs found (hand-written pages, assets, theme files) by size and time."""
    state = []
    for file in files:
        source = file.abs_src_path
        if file.generated_by is not None or source is None:
            continue
        try:
            stat = os.stat(source)
        except OSError:
            state.append((file.src_uri, source, -1, -1))
            continue
        state.append((file.src_uri, source, stat.st_mtime_ns, stat.st_size))
    return state


def _watched_state(config: MkDocsConfig, inputs: set[Path]) -> list[tuple[str, int, int]]:
    """The theme's custom folder and what ``watch:`` lists, by size and time: templates that
    every page is written with, which MkDocs' dirty mode does not look at."""
    roots = [config.theme.custom_dir, *config.watch]
    state = []
    for root in sorted({Path(os.path.abspath(root)) for root in roots if root}):
        if root in inputs or any(folder in root.parents for folder in inputs):
            continue
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if any(folder in path.parents for folder in inputs):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            if not path.is_dir():
                state.append((str(path), stat.st_mtime_ns, stat.st_size))
    return state


def _config_state(config: MkDocsConfig) -> bytes | None:
    """The configuration file as written."""
    try:
        return Path(config.config_file_path).read_bytes() if config.config_file_path else None
    except OSError:
        return None


def _write(source: Path, content: str | bytes) -> None:
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _newer_than_output(source: Path, output: Path) -> None:
    """Make sure MkDocs sees ``source`` as newer than its HTML when it was written again
    after it, even on a file system whose times are coarse."""
    try:
        written = os.path.getmtime(output)
    except OSError:
        return  # no output yet: MkDocs builds it
    if os.path.getmtime(source) <= written:
        os.utime(source, (written + 2, written + 2))


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning that dirty builds leave the navigation wrong: partial rebuilds
    here rebuild everything when it changes. (Under ``strict``, the warning would fail every
    build.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)
