"""The MkDocs plugin ``charters``: wires MkDocs events to the handbook's library functions.

When the configuration loads it settles the site's folders: ``charters_dir`` comes from the
settings file (``handbook.toml``), so ``handbook check`` and the site read the same folder; a
plugin option that disagrees, or a folder that does not exist, fails naming the file that set
it. When a build starts it checks the charters, fails the build on errors with the same located
messages as ``handbook check``, adds the generated pages as virtual files and puts them first in
the navigation. Nothing generated is written into ``docs/``. In ``mkdocs build`` the person
pages, thousands in a large handbook, are written from one rendered layout instead of being
built one by one (:mod:`generator.site.stamping`).

Under ``mkdocs serve`` a problem does not stop the server: the site becomes one page that shows
it, and the next save that fixes it brings the handbook back. The plugin is kept for the whole
serve, and with it what the previous build checked and rendered: a save checks again only when
a charter file changed, and renders only the pages whose inputs changed
(:class:`generator.site.generate.SiteGenerator`). Under ``mkdocs serve --dirty``, which
``handbook serve`` runs, MkDocs also rebuilds only the pages whose Markdown changed, and the
whole site when the navigation or anything else around the pages did
(:mod:`generator.site.incremental`).
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.settings import (
    SETTINGS_FILENAME,
    Settings,
    SettingsError,
    load_settings,
    resolve_today,
)

if TYPE_CHECKING:
    from jinja2 import Environment

    from generator.site.background import BackgroundSite
    from generator.site.generate import SiteGenerator
    from generator.site.incremental import DirtyWarningFilter, PartialRebuilds
    from generator.site.render import RenderedSite
    from generator.site.stamping import StampedPages

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
        self._generator: SiteGenerator | None = None
        """Under ``mkdocs serve``: what the previous build checked and rendered."""
        self.partial: PartialRebuilds | None = None
        """Under ``mkdocs serve --dirty``: what lets MkDocs rebuild only the changed pages."""
        self._dirty_filter: DirtyWarningFilter | None = None
        self.site: RenderedSite | None = None
        """The generated site of the last build, when rendered in this process."""
        self._background: BackgroundSite | None = None
        """Under ``mkdocs build`` of a large handbook: the pages rendered by a child process."""
        self._stamped: StampedPages | None = None
        """Under ``mkdocs build``: the person pages this plugin writes itself."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # MkDocs keeps a plugin that has on_startup for the whole `mkdocs serve`.
        self.on_shutdown()  # nothing is left from an earlier command in this process
        self._serving = command == "serve"
        if self._serving and dirty:
            from generator.site.incremental import DirtyWarningFilter, PartialRebuilds

            folder = Path(tempfile.mkdtemp(prefix="handbook-serve-"))
            self.partial = PartialRebuilds(folder)
            self._dirty_filter = DirtyWarningFilter()
            logging.getLogger("mkdocs.commands.build").addFilter(self._dirty_filter)

    def on_shutdown(self) -> None:
        self._stop_stamping()
        if self.partial is not None:
            self.partial.close()
        if self._dirty_filter is not None:
            logging.getLogger("mkdocs.commands.build").removeFilter(self._dirty_filter)
        self.partial = self._dirty_filter = self._generator = None
        self._stop_background()

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
        from generator.site import background
        from generator.site.generate import BuildFailed, SiteGenerator
        from generator.site.stamping import BodyMaker, StampedPages, can_stamp

        self.site = None
        self._stop_stamping()
        self._stop_background()
        stamping = can_stamp(config, self._serving)
        inputs = self._inputs
        if inputs is None:
            return self._show_problem(files, config, self._problem)
        edit_base = _edit_base(config, inputs.charters_dir)
        generator = self._generator
        if generator is None or (
            generator.charters_dir,
            generator.templates_dir,
            generator.edit_base,
        ) != (inputs.charters_dir, inputs.templates_dir, edit_base):
            generator = SiteGenerator(
                inputs.charters_dir,
                inputs.templates_dir,
                again=self._serving,
                edit_base=edit_base,
                dates_from_git=True,
            )
        if self._serving:
            self._generator = generator  # kept for the next build
        try:
            checked = generator.check(
                inputs.settings, resolve_today(), report_warning=log.warning, report_draft=log.info
            )
            if not self._serving and background.available(len(checked.result.charters) + 2):
                rendering = self._background = background.BackgroundSite(
                    generator, checked, config.use_directory_urls
                )
                files = _add_background(files, config, rendering, stamping)
                if stamping:  # before the child starts: it inherits the log filter
                    self._stamped = StampedPages(
                        rendering.pages, rendering.bodies, rendering.bodies_ready
                    )
                rendering.start(BodyMaker(config, files) if stamping else None)
                return files
            site = generator.render(checked, directory_urls=config.use_directory_urls)
        except (BuildFailed, SettingsError) as error:
            if not self._serving:
                raise PluginError(str(error)) from error
            return self._show_problem(files, config, str(error))
        self.site = site
        files = _add_site(files, config, site, self.partial, self._watched, stamping)
        if stamping:
            pages = [(page.path, page.markdown) for page in site.pages]
            self._stamped = StampedPages(
                (path for path, _ in pages),
                lambda: BodyMaker(config, files).bodies(pages),
                lambda: False,
            )
        return files

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self._stamped is not None:
            self._stamped.nav_ready(nav)
        return nav

    @event_priority(100)  # before other plugins look at the page
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """A page rendered in the background gets its Markdown just before MkDocs reads it."""
        from generator.site.generate import BuildFailed

        rendering = self._background
        path = page.file.src_uri
        if rendering is not None and path in rendering.page_set:
            try:
                page.file.content_string = rendering.page(path)
            except BuildFailed as error:
                raise PluginError(str(error)) from error
            body = rendering.claim(path)
            if body is not None and self._stamped is not None:
                self._stamped.made_early(path, body)
        return page

    @event_priority(-100)  # after any other plugin: nothing is left to read
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A page whose HTML the background process made is not converted again."""
        if self._stamped is None:
            return markdown
        return self._stamped.page_markdown(page.file.src_uri, markdown)

    @event_priority(100)  # before other plugins look at the content
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return html if self._stamped is None else self._stamped.page_content(page, files, html)

    @event_priority(100)  # before other plugins look at the files
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        from generator.site.generate import BuildFailed

        if self.partial is not None:
            self.partial.pages_read(files)
        if self._stamped is not None:
            self._stamped.env_ready(files, env)
        rendering = self._background
        if rendering is not None:
            # MkDocs copies the files after this event: they get their content now.
            try:
                for path in rendering.files:
                    _set_content(files, path, rendering.file(path))
            except BuildFailed as error:
                raise PluginError(str(error)) from error
        return env

    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        if self.partial is not None:
            self.partial.page_built(page.file.src_uri)
        if self._stamped is not None:
            self._stamped.page_built(page, config)
        return context

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        if self._stamped is None:
            return context
        return self._stamped.template_context(template_name, context, config)

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from generator.site.generate import BuildFailed

        try:
            if self._stamped is not None:
                self._stamped.finish(config)
        except BuildFailed as error:
            raise PluginError(str(error)) from error
        finally:
            self._stop_stamping()
            self._stop_background()
        if self.partial is not None:
            self.partial.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_stamping()
        self._stop_background()
        if self.partial is not None:
            self.partial.failed()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for watched in dict.fromkeys(self._watched):
            if watched.exists():
                server.watch(str(watched))
        return server

    def _stop_stamping(self) -> None:
        if self._stamped is not None:
            self._stamped.close()
            self._stamped = None

    def _stop_background(self) -> None:
        if self._background is not None:
            self._background.close()
            self._background = None

    def _show_problem(self, files: Files, config: MkDocsConfig, problem: str) -> Files:
        if self.partial is not None:
            self.partial.show_problem(config)
        return _show_problem(files, config, problem)


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


def _edit_base(config: MkDocsConfig, charters_dir: Path) -> str | None:
    """Where charter files are edited, from ``repo_url`` and ``edit_uri``: see
    :func:`generator.site.charter_view.charters_edit_base` for the rule."""
    from generator.site.charter_view import charters_edit_base

    root = _config_file(config).parent
    return charters_edit_base(
        config.repo_url,
        config.edit_uri,
        docs_dir=Path(os.path.relpath(config.docs_dir, root)).as_posix(),
        charters_dir=Path(os.path.relpath(charters_dir, root)).as_posix(),
        edit_uri_template=config.edit_uri_template,
    )


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


def _add_site(
    files: Files,
    config: MkDocsConfig,
    site: RenderedSite,
    partial: PartialRebuilds | None,
    inputs: list[Path],
    stamping: bool,
) -> Files:
    for page in site.pages:
        _refuse_replacing(files, page.path)
    if partial is not None:
        partial.add_site(files, config, site, inputs)
    else:
        from generator.site.stamping import inclusion

        for page in site.pages:
            files.append(
                File.generated(
                    config,
                    page.path,
                    content=page.markdown,
                    inclusion=inclusion(page.path, stamping),
                )
            )
        for path, content in site.files.items():
            files.append(File.generated(config, path, content=content))
    generated = {page.path for page in site.pages}
    config.nav = [*site.nav(), *(config.nav or _hand_written(files, generated))]
    return files


def _add_background(
    files: Files, config: MkDocsConfig, rendering: BackgroundSite, stamping: bool
) -> Files:
    """The generated pages and files, empty until their content arrives (on_pre_page, on_env)."""
    from generator.site.stamping import inclusion

    for path in rendering.pages:
        _refuse_replacing(files, path)
        files.append(File.generated(config, path, content="", inclusion=inclusion(path, stamping)))
    for path in rendering.files:
        files.append(File.generated(config, path, content=b""))
    config.nav = [*rendering.nav(), *(config.nav or _hand_written(files, set(rendering.pages)))]
    return files


def _set_content(files: Files, path: str, content: str | bytes) -> None:
    file = files.get_file_from_path(path)
    if file is None:
        return
    if isinstance(content, bytes):
        file.content_bytes = content
    else:
        file.content_string = content


def _refuse_replacing(files: Files, path: str) -> None:
    existing = files.get_file_from_path(path)
    if existing is not None and existing.generated_by is None:
        raise PluginError(f"docs/{path} would be replaced by a generated page: rename it")


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
