"""The MkDocs plugin ``charters``: wires MkDocs events to the handbook's library functions.

When the configuration loads it settles the site's folders: ``charters_dir`` comes from the
settings file (``handbook.toml``), so ``handbook check`` and the site read the same folder; a
plugin option that disagrees, or a folder that does not exist, fails naming the file that set
it. When a build starts it checks the charters, fails the build on errors with the same located
messages as ``handbook check``, adds the generated pages as virtual files and puts them first in
the navigation. Nothing generated is written into ``docs/``.

Under ``mkdocs serve`` a problem does not stop the server: the site becomes one page that shows
it, and the next save that fixes it brings the handbook back.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.settings import (
    SETTINGS_FILENAME,
    Settings,
    SettingsError,
    load_settings,
    resolve_today,
)

log = logging.getLogger("mkdocs.plugins.charters")

ERROR_PAGE = "index.md"
"""Where ``mkdocs serve`` shows what stops the build, in place of the generated pages."""


class ChartersConfig(base.Config):
    charters_dir = options.Optional(options.Type(str))
    """Charters and glossary.yaml, relative to mkdocs.yml; default: the settings file's
    ``charters_dir``. When set, it must name the same folder."""
    templates_dir = options.Type(str, default="templates")
    """The Jinja templates of the generated pages, relative to mkdocs.yml."""
    settings_file = options.Optional(options.Type(str))
    """The settings file, relative to mkdocs.yml; default: handbook.toml there, if present."""


@dataclass(frozen=True)
class _Inputs:
    """What a build reads, settled when the configuration loads."""

    charters_dir: Path
    templates_dir: Path
    settings: Settings


class ChartersPlugin(BasePlugin[ChartersConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._serving = False
        self._inputs: _Inputs | None = None
        self._problem = ""
        """Why ``_inputs`` is None: under ``mkdocs serve``, shown instead of the site."""
        self._watched: list[Path] = []
        """What ``mkdocs serve`` watches, even when a problem stopped the rest."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps a plugin that has on_startup for the whole `mkdocs serve`.
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._watched = []
        try:
            self._inputs = _settle_inputs(self.config, _config_file(config), self._watched)
        except PluginError as error:
            if not self._serving:
                raise
            self._inputs, self._problem = None, str(error)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        from generator.site.generate import BuildFailed, check_and_render

        inputs = self._inputs
        if inputs is None:
            return _show_problem(files, config, self._problem)
        try:
            site = check_and_render(
                inputs.charters_dir,
                inputs.templates_dir,
                inputs.settings,
                resolve_today(),
                report_warning=log.warning,
                report_draft=log.info,
                directory_urls=config.use_directory_urls,
            )
        except (BuildFailed, SettingsError) as error:
            if not self._serving:
                raise PluginError(str(error)) from error
            return _show_problem(files, config, str(error))
        return _add_site(files, config, site)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for watched in dict.fromkeys(self._watched):
            if watched.exists():
                server.watch(str(watched))
        return server


# The configuration -----------------------------------------------------------------------------


def _settle_inputs(plugin: ChartersConfig, config_file: Path, watched: list[Path]) -> _Inputs:
    """The folders and settings from the plugin's options and the settings file, or a
    PluginError naming the file whose value is wrong. Adds what to watch to ``watched``."""
    root = config_file.parent
    config_name = _shown(config_file)
    settings_path = root / (plugin.settings_file or SETTINGS_FILENAME)
    settings_name = _shown(settings_path)
    watched.append(settings_path)
    templates = root / plugin.templates_dir
    watched.append(templates)
    if plugin.charters_dir is not None:
        watched.append(root / plugin.charters_dir)

    if plugin.settings_file is not None and not settings_path.is_file():
        raise PluginError(
            f"{config_name}: plugins.charters.settings_file: file '{plugin.settings_file}' "
            f"not found (looked for {settings_path})"
        )
    try:
        settings = load_settings(settings_path) if settings_path.is_file() else Settings()
    except SettingsError as error:
        raise PluginError(f"handbook settings: {error}") from error
    charters = root / settings.charters_dir
    watched.append(charters)
    set_in_settings = "charters_dir" in settings.model_fields_set

    if plugin.charters_dir is not None and not _same(root / plugin.charters_dir, charters):
        where = (
            f"{settings_name} sets charters_dir = '{settings.charters_dir}'"
            if set_in_settings
            else f"`handbook check` reads '{settings.charters_dir}' (the default: "
            f"{settings_name} does not set charters_dir)"
        )
        raise PluginError(
            f"{config_name}: plugins.charters.charters_dir is '{plugin.charters_dir}' but "
            f"{where}: set charters_dir in {settings_name} only, and remove it from {config_name}"
        )
    if not charters.is_dir():
        if set_in_settings:
            source, value = f"{settings_name}: charters_dir", settings.charters_dir
        elif plugin.charters_dir is not None:
            source, value = f"{config_name}: plugins.charters.charters_dir", plugin.charters_dir
        else:
            raise PluginError(
                f"charters folder '{settings.charters_dir}' not found (looked for {charters}): "
                f"it is the default; to use another, set charters_dir in {settings_name}"
            )
        raise PluginError(f"{source}: folder '{value}' not found (looked for {charters})")
    if not templates.is_dir():
        raise PluginError(
            f"{config_name}: plugins.charters.templates_dir: folder '{plugin.templates_dir}' "
            f"not found (looked for {templates})"
        )
    return _Inputs(charters, templates, settings)


def _config_file(config: MkDocsConfig) -> Path:
    return Path(os.path.abspath(config.config_file_path or "mkdocs.yml"))


def _same(first: Path, second: Path) -> bool:
    return first.resolve() == second.resolve()


def _shown(path: Path) -> str:
    """``path`` as the reader typed it: from the working folder when it is inside."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


# The pages -----------------------------------------------------------------------------------


def _add_site(files: Files, config: MkDocsConfig, site: Any) -> Files:
    for page in site.pages:
        existing = files.get_file_from_path(page.path)
        if existing is not None and existing.generated_by is None:
            raise PluginError(f"docs/{page.path} would be replaced by a generated page: rename it")
        files.append(File.generated(config, page.path, content=page.markdown))
    for path, content in site.files.items():
        files.append(File.generated(config, path, content=content))
    generated = {page.path for page in site.pages}
    config.nav = [*site.nav(), *(config.nav or _hand_written(files, generated))]
    return files


def _show_problem(files: Files, config: MkDocsConfig, problem: str) -> Files:
    """Under ``mkdocs serve``: one page that shows ``problem``, before the hand-written ones."""
    from generator.site.generate import error_page

    log.warning(problem)
    existing = files.get_file_from_path(ERROR_PAGE)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, ERROR_PAGE, content=error_page(problem)))
    # The generated pages are gone for now: links to them are expected to break.
    config.validation.links.not_found = logging.DEBUG
    config.nav = [
        {"The site cannot be built": ERROR_PAGE},
        *(config.nav or _hand_written(files, {ERROR_PAGE})),
    ]
    return files


def _hand_written(files: Files, generated: set[str]) -> list[str]:
    return sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
