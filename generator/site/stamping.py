"""Person pages written from one rendered layout instead of built one by one (``mkdocs build``).

A handbook names several people per charter, so at a realistic size it has thousands of
person pages. MkDocs and Material spend about 7 ms on each page (a new Markdown engine, the
theme's page template with its navigation, the search plugin's HTML parser): at 1,000
charters the person pages alone doubled the build. They all sit in one folder, are left out
of the navigation and, around their content, differ only in their title, first heading,
table of contents and address. So, in a build:

- MkDocs keeps them in its list of files, so that every link to them resolves as before, but
  does not build them (``InclusionLevel.EXCLUDED``); the note it logs for each link to an
  excluded page is dropped (:class:`ExcludedLinkFilter`);
- :class:`BodyMaker` turns a page's Markdown into HTML as MkDocs does (the site's Markdown
  extensions and MkDocs' own processors) with one engine for all pages, and makes a person
  page's search entries with Material's own search index. In the background process, when
  there is one (:mod:`generator.site.background`), it also converts generated pages MkDocs
  has not reached yet, which MkDocs then does not convert (:meth:`Body.apply`);
- :class:`Layouts` renders the theme's page template once per table-of-contents shape with
  placeholders, and each page is that layout with its own values put in. The first page of
  each shape is also rendered in full and compared: a theme that prints a value in a way the
  placeholders do not show (a title in a URL, say) gets every page of that shape rendered in
  full, which is slower but still skips MkDocs' Markdown and search passes;
- the pages are written by a few threads while MkDocs builds the others, and their search
  entries join Material's index at the end, after every other page's.

:class:`StampedPages` is what the plugin's events call. A test holds the site equal, byte for
byte, to the one MkDocs builds page by page. It is done only when every configured plugin is
known (this one and Material's search), since another plugin might change each page; with any
other plugin, and under ``mkdocs serve``, MkDocs builds the person pages as usual.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

import markdown
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import meta as front_matter
from mkdocs.utils import write_file

from generator.site.addresses import PEOPLE_FOLDER, listed_in_navigation
from generator.site.incremental import inclusion_of, material_search, unsupported_plugins

_TITLE = "HandbookStampTitle"
_HEADING = "HandbookStampHeading"
_HEADING_ID = "handbookstampheading"
_STEM = "handbook-stamp-page"
_CONTENT = "<!--handbook-stamp-content"
_CONTENT_SIGNS = ("<h1 id=", "<h1")
"""What the theme looks for in a page's content (Material: is there a first heading?); the
content placeholder holds the first of them the content holds, so the theme decides alike."""
_PLACEHOLDERS = re.compile(
    "("
    + "|".join(map(re.escape, (_TITLE, _HEADING, _HEADING_ID, _STEM)))
    + f"|{re.escape(_CONTENT)}[^>]*-->"
    + ")"
)
"""Split by this, a rendered layout's odd items are the placeholders."""
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
"""What Material's search plugin removes from a page's content once it has indexed it."""
_WRITERS = 4
"""Threads writing person pages."""
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")
"""Where MkDocs logs what it finds converting a page (links to pages it does not know)."""


class LayoutError(PluginError):
    """The theme's page cannot be used as a layout (MkDocs reports it as a build error)."""


def is_stamped(path: str) -> bool:
    """Whether generated page ``path`` is written from a layout: a person's page."""
    return not listed_in_navigation(path)


def can_stamp(config: MkDocsConfig, serving: bool) -> bool:
    """Whether this build writes the person pages itself: a build (not a serve) with no
    plugin that might change a page other than this one and Material's search."""
    return not serving and not unsupported_plugins(config)


def inclusion(path: str, stamping: bool) -> InclusionLevel:
    """What MkDocs does with generated page ``path``: person pages are kept out of the
    navigation, and out of MkDocs' build when they are written from a layout."""
    return InclusionLevel.EXCLUDED if stamping and is_stamped(path) else inclusion_of(path)


def sitemap_pages(files: Files, config: MkDocsConfig, stamped: set[str]) -> list[File]:
    """The pages of the site in MkDocs' order, the ``stamped`` ones included, each with the
    ``Page`` the sitemap reads its address from."""
    pages = []
    for file in files.documentation_pages(inclusion=lambda level: True):
        included = file.inclusion.value > InclusionLevel.DRAFT.value  # as is_included()
        if included or file.src_uri in stamped:
            if file.page is None:
                Page(None, file, config)
            pages.append(file)
    return pages


@dataclass(frozen=True)
class Body:
    """What MkDocs' ``Page.render`` makes of a page's Markdown, as plain values."""

    path: str
    meta: dict[str, Any]
    """The front matter."""
    content: str
    """The HTML of the Markdown."""
    toc: list[dict[str, Any]]
    """The headings (Python-Markdown's ``toc_tokens``)."""
    title: str | None
    """The first heading's text, MkDocs' title when the front matter has none."""
    anchors: set[str]
    """The ids in the page, which links to the page's anchors are checked against."""
    links_to_anchors: dict[str, dict[str, str]] | None
    """Links to anchors in other pages, by the page's path (as ``Page.links_to_anchors``)."""
    search: list[dict[str, Any]]
    """Material's search entries of a stamped page; empty without Material's search."""
    notes: list[tuple[int, str]]
    """What MkDocs logged while converting (a link to a missing page): level and message.
    Logged again by :meth:`tell`, in the build's process, where ``--strict`` counts them."""

    def tell(self) -> None:
        for level, message in self.notes:
            _PAGES_LOG.log(level, message)

    def apply(self, page: Page, files: Files) -> str:
        """Give MkDocs' ``page`` (rendered from no Markdown) what it would have made of the
        Markdown; returns the content."""
        self.tell()
        page.toc = _table_of_contents(self.toc)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors)
        if self.links_to_anchors is not None:
            page.links_to_anchors = {
                file: links
                for path, links in self.links_to_anchors.items()
                if (file := files.get_file_from_path(path)) is not None
            }
        return self.content


class BodyMaker:
    """Turns generated pages into :class:`Body` values, one Markdown engine for them all.

    It holds the build's configuration and files; a forked process may use it as well."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        self._config = config
        self._files = files
        search = material_search(config)
        self._search_index = (
            search.search_index if search is not None and search.config.enabled else None
        )
        self._engine: markdown.Markdown | None = None

    def body(self, path: str, page_markdown: str) -> Body:
        """What ``Page.render`` makes of page ``path``, with the same processors (MkDocs'
        own: raw HTML and heading anchors, links to pages made addresses, the title)."""
        file = self._files.get_file_from_path(path)
        if file is None:
            raise ValueError(f"{path} is not one of the site's files")
        text, meta = front_matter.get_data(page_markdown)
        engine = self._markdown()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(engine)
        anchors = _ExtractAnchorsTreeprocessor(file, self._files, self._config)
        anchors._register(engine)
        links = _RelativePathTreeprocessor(file, self._files, self._config)
        links._register(engine)
        title = _ExtractTitleTreeprocessor()
        title._register(engine)
        notes = _Notes()
        _PAGES_LOG.addFilter(notes)
        inclusion = file.inclusion
        # Converted as a page in the site: MkDocs says less about links in excluded pages.
        file.inclusion = inclusion_of(path)
        try:
            content = engine.reset().convert(text)
        finally:
            file.inclusion = inclusion
            _PAGES_LOG.removeFilter(notes)
        toc = list(getattr(engine, "toc_tokens", []))
        to_anchors = None
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            to_anchors = {target.src_uri: dict(by) for target, by in links.links_to_anchors.items()}
        search: list[dict[str, Any]] = []
        if is_stamped(path):
            search = self._search(file, meta, content, toc)
            if self._search_index is not None:
                content = _SEARCH_ATTRIBUTES.sub("", content)
        return Body(
            path,
            meta,
            content,
            toc,
            title.title,
            anchors.present_anchor_ids | raw_html.present_anchor_ids,
            to_anchors,
            search,
            notes.records,
        )

    def bodies(self, pages: Iterable[tuple[str, str]]) -> list[Body]:
        """The body of each ``(path, markdown)`` page that is written from a layout."""
        return [self.body(path, text) for path, text in pages if is_stamped(path)]

    def _markdown(self) -> markdown.Markdown:
        if self._engine is None:
            self._engine = markdown.Markdown(
                extensions=self._config["markdown_extensions"],
                extension_configs=self._config["mdx_configs"] or {},
            )
        return self._engine

    def _search(
        self, file: File, meta: dict[str, Any], content: str, toc: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        if self._search_index is None:
            return []
        index = type(self._search_index)(**self._search_index.config)
        title = meta.get("title") or (toc[0]["name"] if toc else file.name)
        page = SimpleNamespace(
            meta=meta, content=content, toc=_table_of_contents(toc), url=file.url, title=title
        )
        index.add_entry_from_context(page)
        return list(index.entries)


class Layouts:
    """The theme's page around a person page's content, rendered once per shape."""

    def __init__(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> None:
        self._config = config
        self._files = files
        self._nav = nav
        self._env = env
        self._pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self._layouts: dict[str, list[str] | None] = {}
        """Each shape's layout, split so that odd items are placeholders; None for a shape
        whose pages are rendered in full."""

    def plan(self, bodies: Iterable[Body]) -> list[PlannedPage]:
        """Each body's page and where MkDocs would write it. Renders what the theme must
        render (each shape's layout, and the pages rendered in full), so it is called while
        no page of the build is being rendered: the navigation shows the page being built."""
        planned = []
        for body in bodies:
            file = self._files.get_file_from_path(body.path)
            if file is None:
                continue
            body.tell()
            heading = body.toc[0] if body.toc and body.toc[0]["level"] == 1 else None
            key, placeholders = self._shape(body, heading)
            values = _values(body, heading)
            if key not in self._layouts:
                candidate: list[str] = _PLACEHOLDERS.split(self._render(*placeholders))
                in_full = self._render_in_full(body)
                same = _fill(candidate, values, body.content) == in_full
                self._layouts[key] = candidate if same else None
            layout = self._layouts[key]
            if layout is None:
                page = PlannedPage(file.abs_dest_path, [self._render_in_full(body)], {}, "")
            else:
                page = PlannedPage(file.abs_dest_path, layout, values, body.content)
            planned.append(page)
        return planned

    def _shape(
        self, body: Body, heading: dict[str, Any] | None
    ) -> tuple[str, tuple[dict[str, Any], list[dict[str, Any]], str]]:
        """The key of the body's shape, and its front matter, headings and content with
        placeholders."""
        toc = _placeholder_toc(body.toc, heading)
        meta = {**body.meta, "title": _TITLE} if "title" in body.meta else dict(body.meta)
        sign = next((sign for sign in _CONTENT_SIGNS if sign in body.content), "")
        content = f"{_CONTENT} {sign}-->" if sign else f"{_CONTENT}-->"
        key = repr((toc, sorted(meta.items(), key=lambda item: item[0]), content))
        return key, (meta, toc, content)

    def _render_in_full(self, body: Body) -> str:
        rendered = self._render(body.meta, body.toc, body.content, body.path)
        if body.content not in rendered:
            raise LayoutError("the theme's page template does not show the page's content")
        return rendered

    def _render(
        self,
        meta: dict[str, Any],
        toc: list[dict[str, Any]],
        content: str,
        path: str = f"{PEOPLE_FOLDER}/{_STEM}.md",
    ) -> str:
        """The theme's page, as MkDocs' build renders it, of a page at ``path``."""
        file = File.generated(self._config, path, content="")
        page = Page(None, file, self._config)
        page.markdown = ""
        page.meta = meta
        page.content = content
        page.toc = _table_of_contents(toc)
        page.active = True
        try:
            context = get_context(self._nav, self._pages, self._config, page)
            template = self._env.get_template(meta.get("template", "main.html"))
            return str(template.render(context))
        finally:
            page.active = False


@dataclass(frozen=True)
class PlannedPage:
    """A page to write: a layout, what goes in its placeholders, and the content."""

    destination: str
    layout: list[str]
    values: dict[str, str]
    content: str

    def html(self) -> str:
        return _fill(self.layout, self.values, self.content)


def write_pages(planned: Iterable[PlannedPage]) -> None:
    """Write the planned pages, a few at a time: writing is mostly waiting for the disk."""
    with ThreadPoolExecutor(max_workers=_WRITERS) as writers:
        writes = [writers.submit(_write_page, page) for page in planned]
        for write in writes:
            write.result()  # an error writing one is raised here


def _write_page(page: PlannedPage) -> None:
    write_file(page.html().encode("utf-8", errors="xmlcharrefreplace"), page.destination)


class Writing:
    """Planned pages written by a thread while the build goes on."""

    def __init__(self, planned: list[PlannedPage], bodies: list[Body]) -> None:
        self.bodies = bodies
        """The bodies the pages were planned from."""
        self._errors: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._write, args=(planned,), name="handbook-person-pages", daemon=True
        )
        self._thread.start()

    def finish(self) -> None:
        """Wait for the pages; raises what stopped writing them."""
        self._thread.join()
        if self._errors:
            raise self._errors[0]

    def _write(self, planned: list[PlannedPage]) -> None:
        try:
            write_pages(planned)
        except BaseException as error:
            self._errors.append(error)


def _values(body: Body, heading: dict[str, Any] | None) -> dict[str, str]:
    """What a body's layout placeholders stand for (the content apart)."""
    return {
        _TITLE: str(body.meta.get("title", "")),
        _HEADING: heading["name"] if heading else "",
        _HEADING_ID: heading["id"] if heading else "",
        _STEM: body.path.rsplit("/", 1)[-1].removesuffix(".md"),
    }


def _fill(layout: list[str], values: dict[str, str], content: str) -> str:
    return "".join(
        (values.get(part, content) if index % 2 else part) for index, part in enumerate(layout)
    )


def _table_of_contents(tokens: list[dict[str, Any]]) -> TableOfContents:
    return get_toc(cast(Any, tokens))


def _placeholder_toc(
    toc: list[dict[str, Any]], heading: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """``toc`` with the first heading's name and id replaced by placeholders."""
    if heading is None:
        return toc
    first = {**heading, "name": _HEADING, "id": _HEADING_ID}
    if "html" in heading:
        first["html"] = _HEADING
    return [first, *toc[1:]]


class _Notes(logging.Filter):
    """Keeps what MkDocs logs about a page instead of letting it through."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[int, str]] = []

    def filter(self, record: logging.LogRecord) -> bool:
        self.records.append((record.levelno, record.getMessage()))
        return False


class ExcludedLinkFilter(logging.Filter):
    """Drops MkDocs' note that a page links to a page excluded from the build, for the pages
    written from a layout: they are in the site all the same."""

    _NOTE = re.compile(r"contains a link to '([^']*)' which is excluded from the built site\.$")

    def __init__(self, stamped: set[str]) -> None:
        super().__init__()
        self.stamped = stamped

    def filter(self, record: logging.LogRecord) -> bool:
        match = self._NOTE.search(record.getMessage())
        return match is None or match[1] not in self.stamped


class StampedPages:
    """One build's person pages written from layouts: what the plugin's events hand over.

    ``bodies`` gives every person page's body (waiting for them if need be), ``ready`` whether
    it would answer at once. Made before the background process starts, so that the process
    inherits the log filter; :meth:`close` removes the filter and waits for the writing."""

    def __init__(
        self, generated: Iterable[str], bodies: Callable[[], list[Body]], ready: Callable[[], bool]
    ) -> None:
        self.paths = {path for path in generated if is_stamped(path)}
        self._bodies = bodies
        self._ready = ready
        self._link_filter = ExcludedLinkFilter(self.paths)
        _PAGES_LOG.addFilter(self._link_filter)
        self._nav: Navigation | None = None
        self._built: tuple[Files, Any] | None = None
        self._early: dict[str, Body] = {}
        """Bodies of pages the background process made: MkDocs skips their Markdown."""
        self._writing: Writing | None = None

    def close(self) -> None:
        _PAGES_LOG.removeFilter(self._link_filter)
        writing, self._writing = self._writing, None
        if writing is not None:
            with contextlib.suppress(Exception):
                writing.finish()

    # The plugin's events, in the order MkDocs runs them ----------------------------------------

    def nav_ready(self, nav: Navigation) -> None:
        self._nav = nav

    def made_early(self, path: str, body: Body) -> None:
        """The background process made ``path``'s body before MkDocs read the page."""
        self._early[path] = body

    def page_markdown(self, path: str, page_markdown: str) -> str:
        """What MkDocs converts: nothing when the page's body is made already."""
        return "" if path in self._early else page_markdown

    def page_content(self, page: Page, files: Files, html: str) -> str:
        body = self._early.pop(page.file.src_uri, None)
        return html if body is None else body.apply(page, files)

    def env_ready(self, files: Files, env: Any) -> None:
        self._built = (files, env)

    def page_built(self, page: Page, config: MkDocsConfig) -> None:
        """Once the bodies are made, the person pages are written beside the rest of the
        build. Their layouts are rendered with no page current in the navigation."""
        if self._writing is None and self._ready():
            page.active = False
            try:
                self._start_writing(config)
            finally:
                page.active = True

    def template_context(self, name: str, context: Any, config: MkDocsConfig) -> Any:
        """The sitemap lists the person pages, as MkDocs would."""
        if name == "sitemap.xml" and self._built is not None:
            context["pages"] = sitemap_pages(self._built[0], config, self.paths)
        return context

    def finish(self, config: MkDocsConfig) -> None:
        """Once this returns, the person pages are written and their search entries are in
        Material's index, after every other page's, as in a build of every page."""
        if self._writing is None:
            self._start_writing(config)
        if self._writing is None:
            return
        self._writing.finish()
        search = material_search(config)
        if search is not None and search.config.enabled:
            entries = (entry for body in self._writing.bodies for entry in body.search)
            search.search_index.entries.extend(entries)

    def _start_writing(self, config: MkDocsConfig) -> None:
        if self._built is None or self._nav is None:
            return
        files, env = self._built
        bodies = self._bodies()
        self._writing = Writing(Layouts(config, files, self._nav, env).plan(bodies), bodies)
