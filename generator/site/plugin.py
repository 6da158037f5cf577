"""The MkDocs plugin ``charters``: wires MkDocs events to the handbook's library functions.

It checks ``charters/`` when a build starts, fails the build on errors with the same located
messages as ``handbook check``, adds the generated pages as virtual files and puts them first
in the navigation. Nothing generated is written into ``docs/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.settings import SETTINGS_FILENAME, SettingsError, load_settings, resolve_today

log = logging.getLogger("mkdocs.plugins.charters")


class ChartersConfig(base.Config):
    charters_dir = options.Type(str, default="charters")
    """Charters and glossary.yaml, relative to mkdocs.yml."""
    templates_dir = options.Type(str, default="templates")
    """The Jinja templates of the generated pages, relative to mkdocs.yml."""
    settings_file = options.Type(str, default=SETTINGS_FILENAME)
    """handbook.toml, relative to mkdocs.yml; optional."""


class ChartersPlugin(BasePlugin[ChartersConfig]):
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        from generator.site.generate import BuildFailed, check_and_render

        root = Path(config.config_file_path or ".").resolve().parent
        try:
            settings_path = root / self.config.settings_file
            settings = load_settings(settings_path if settings_path.is_file() else None)
            site = check_and_render(
                root / self.config.charters_dir,
                root / self.config.templates_dir,
                settings,
                resolve_today(),
                report_warning=log.warning,
                report_draft=log.info,
                directory_urls=config.use_directory_urls,
            )
        except SettingsError as error:
            raise PluginError(f"handbook settings: {error}") from error
        except BuildFailed as error:
            raise PluginError(str(error)) from error
        for page in site.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None and existing.generated_by is None:
                raise PluginError(
                    f"docs/{page.path} would be replaced by a generated page: rename it"
                )
            files.append(File.generated(config, page.path, content=page.markdown))
        for path, content in site.files.items():
            files.append(File.generated(config, path, content=content))
        config.nav = [*site.nav(), *(config.nav or _hand_written(files, site))]
        return files

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path or ".").resolve().parent
        for watched in (
            self.config.charters_dir,
            self.config.templates_dir,
            self.config.settings_file,
        ):
            if (root / watched).exists():
                server.watch(str(root / watched))
        return server


def _hand_written(files: Files, site: Any) -> list[str]:
    generated = {page.path for page in site.pages}
    return sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
