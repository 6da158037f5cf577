"""Render checked charters into Markdown pages through the Jinja templates in ``templates/``.

Rendering knows nothing of MkDocs: it returns pages as paths and text, which the MkDocs plugin
adds to a build and ``handbook pages`` writes to a folder for any MkDocs-compatible builder.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.check.schema import People
from generator.check.validate import CheckResult
from generator.settings import Settings
from generator.site import person_view, portfolio
from generator.site.addresses import person_page, relative_url
from generator.site.charter_view import charter_index, charter_view
from generator.site.glossary import GlossaryEntry, HandbookGlossary, glossary_of
from generator.site.markdown_text import PageText, escape_markdown
from generator.site.navigation import handbook_nav
from generator.site.person_view import PEOPLE_PAGE, PersonView

_LINE_BREAKS = re.compile(r"\s*\n\s*")
_NOT_YAML_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters a YAML stream may not hold as they are; in a double-quoted string they are escaped."""

PORTFOLIO_PAGE = "index.md"
GLOSSARY_PAGE = "glossary.md"


@dataclass(frozen=True)
class GeneratedPage:
    path: str
    """Where the page stands among the docs, e.g. ``charters/acme.md``."""
    markdown: str


@dataclass
class RenderedSite:
    pages: list[GeneratedPage]
    summaries: list[portfolio.CharterSummary]
    files: dict[str, str | bytes] = field(default_factory=dict)
    """Other generated files by site path: the JSON exports and calendars."""
    rendered: list[str] = field(default_factory=list)
    """The paths of the pages rendered for this site; the others were kept from the renderer's
    previous site because nothing they show had changed."""

    def nav(self) -> list[dict[str, Any]]:
        """Navigation: portfolio, charters by tier (key accounts first), retired, glossary,
        people."""
        return handbook_nav(self.summaries, PORTFOLIO_PAGE, GLOSSARY_PAGE, PEOPLE_PAGE)


class TemplateProblem(Exception):
    """A template failed: the message names the template file and line."""


def render_site(
    result: CheckResult,
    settings: Settings,
    today: datetime.date,
    templates_dir: Path,
    directory_urls: bool = True,
    glossary: HandbookGlossary | None = None,
    edit_base: str | None = None,
    last_changed: Mapping[str, datetime.date] | None = None,
) -> RenderedSite:
    """Every generated page of the handbook, from a check without errors.

    ``directory_urls`` is the site's ``use_directory_urls``: links inside charter text are
    HTML, which builders do not rewrite, so they are written as published addresses.
    ``glossary`` is the handbook's glossary when the caller has built it already, to share
    it with the exports; else it is built here.
    """
    return SiteRenderer(templates_dir).render(
        result,
        settings,
        today,
        directory_urls,
        glossary,
        edit_base=edit_base,
        last_changed=last_changed,
    )


_CharterInputs = tuple[Any, ...]
"""Everything a charter's page is rendered from besides what all pages share: the charter,
the facts of its check, the glossary entries of the terms it uses and its view, which holds
what the page shows of other charters (their names, and their relations towards it)."""


class SiteRenderer:
    """Renders a handbook's pages through one Jinja environment, each template compiled once.

    Rendering again (``mkdocs serve`` does on every save) renders only the pages whose inputs
    changed since the previous call and keeps the others as they were: a charter's page when
    its charter, its completeness, its counts of warnings and reminders, an entry of a term it
    uses or its view changed (the view holds what the page shows of other charters: a related
    charter's name, a relation declared towards it); the portfolio when any charter's did; the
    glossary when a term, its use or a charter's name did; a person's page when their view did
    (:mod:`generator.site.person_view`: their memberships, goals, open risks and load, with the
    names, tiers and statuses of those charters); the people index when anyone's did. A change
    to a template, "today", the settings, the addresses or any term's name, meaning or anchor
    (every page links terms) renders every page again. Inputs are whole objects, not the fields
    today's templates show, so an edited template can show anything they hold and stay right.
    """

    def __init__(self, templates_dir: Path) -> None:
        self.templates_dir = templates_dir
        self._sources: dict[str, bytes] | None = None
        """The templates the environment was made from, by name."""
        self._environment: jinja2.Environment | None = None
        self._generation = 0
        """Counts the environments made: a page is kept only while its environment is."""
        self._shared: tuple[Any, ...] | None = None
        """What every page shows, as of the previous render: pages are kept only while equal."""
        self._charter_pages: dict[str, tuple[_CharterInputs, GeneratedPage]] = {}
        self._portfolio: tuple[list[_CharterInputs], GeneratedPage] | None = None
        self._glossary: tuple[tuple[Any, ...], GeneratedPage] | None = None
        self._person_pages: dict[str, tuple[PersonView, GeneratedPage]] = {}
        self._people: tuple[list[PersonView], GeneratedPage] | None = None

    def render(
        self,
        result: CheckResult,
        settings: Settings,
        today: datetime.date,
        directory_urls: bool = True,
        glossary: HandbookGlossary | None = None,
        on_page: Callable[[GeneratedPage], object] | None = None,
        edit_base: str | None = None,
        last_changed: Mapping[str, datetime.date] | None = None,
    ) -> RenderedSite:
        """Every generated page of the handbook, from a check without errors (see
        :func:`render_site`), in the order of :func:`page_paths`. ``on_page`` is given each
        page as soon as it is ready."""
        environment = self._current_environment()
        if glossary is None:
            glossary = glossary_of(result)
        shared = (
            self._generation,
            today,
            settings,
            directory_urls,
            [(e.term, e.definition, e.aliases, e.anchor) for e in glossary.entries],
            edit_base,
            dict(last_changed or {}),
        )
        if shared != self._shared:
            self._charter_pages, self._portfolio, self._glossary = {}, None, None
            self._person_pages, self._people = {}, None
        used_terms: dict[str, list[GlossaryEntry]] = {}
        for entry in glossary.entries:
            for charter_id in entry.used_by:
                used_terms.setdefault(charter_id, []).append(entry)
        summaries = page_summaries(result, today)
        index = charter_index((summary.charter, summary.page) for summary in summaries)
        views = [charter_view(s.charter, today, index, result.people) for s in summaries]
        checked = [
            (
                summary,
                view,
                (
                    summary.charter,
                    summary.completeness,
                    summary.warnings,
                    summary.reminders,
                    used_terms.get(summary.charter.id, []),
                    view,
                ),
            )
            for summary, view in zip(summaries, views, strict=True)
        ]
        common = {
            "today": today,
            "settings": settings,
            "glossary_page": GLOSSARY_PAGE,
            "directory_urls": directory_urls,
            "edit_base": edit_base,
            "last_changed": dict(last_changed or {}),
        }
        rendered: list[str] = []

        def render_page(template_name: str, path: str, **context: Any) -> GeneratedPage:
            rendered.append(path)
            return _render(environment, template_name, path, glossary, common, **context)

        def ready(page: GeneratedPage) -> GeneratedPage:
            if on_page is not None:
                on_page(page)
            return page

        all_inputs = [inputs for _, _, inputs in checked]
        if self._portfolio is not None and self._portfolio[0] == all_inputs:
            portfolio_page = self._portfolio[1]
        else:
            portfolio_page = render_page(
                "portfolio.md.j2",
                PORTFOLIO_PAGE,
                tiers=portfolio.by_tier(summaries),
                retired=portfolio.retired(summaries),
                owners=portfolio.owner_loads(summaries, settings.attention_limit),
                statuses=portfolio.status_counts(summaries),
                summaries=summaries,
            )
        names = {s.charter.id: s for s in summaries}
        glossary_inputs = (
            glossary.entries,
            [(s.charter.id, s.charter.name, s.page) for s in summaries],
        )
        if self._glossary is not None and self._glossary[0] == glossary_inputs:
            glossary_page = self._glossary[1]
        else:
            glossary_page = render_page(
                "glossary.md.j2",
                GLOSSARY_PAGE,
                entries=glossary.entries,
                names=names,
            )
        pages = [ready(portfolio_page), ready(glossary_page)]
        charter_pages: dict[str, tuple[_CharterInputs, GeneratedPage]] = {}
        for summary, view, inputs in checked:
            previous = self._charter_pages.get(summary.page)
            if previous is not None and previous[0] == inputs:
                page = previous[1]
            else:
                page = render_page(
                    "charter.md.j2",
                    summary.page,
                    charter=summary.charter,
                    summary=summary,
                    view=view,
                    used_terms=used_terms.get(summary.charter.id, []),
                )
            charter_pages[summary.page] = (inputs, page)
            pages.append(ready(page))
        person_views = person_view.people_views(
            summaries, result.people, today, settings.attention_limit
        )
        everyone = person_view.a_to_z(person_views)
        if self._people is not None and self._people[0] == everyone:
            people_page = self._people[1]
        else:
            people_page = render_page(
                "people_index.md.j2",
                PEOPLE_PAGE,
                groups=person_view.index_groups(everyone),
                count=len(everyone),
                registry=result.people is not None,
            )
        pages.append(ready(people_page))
        person_pages: dict[str, tuple[PersonView, GeneratedPage]] = {}
        for person in person_views:
            previous_person = self._person_pages.get(person.page)
            if previous_person is not None and previous_person[0] == person:
                page = previous_person[1]
            else:
                page = render_page("person.md.j2", person.page, person=person)
            person_pages[person.page] = (person, page)
            pages.append(ready(page))
        # Kept only now that every page rendered: a template error keeps the previous ones.
        # Nothing here is changed later: the check's results and glossaries are built anew.
        self._charter_pages = charter_pages
        self._portfolio = (all_inputs, portfolio_page)
        self._glossary = (glossary_inputs, glossary_page)
        self._person_pages = person_pages
        self._people = (everyone, people_page)
        self._shared = shared
        return RenderedSite(pages, summaries, rendered=rendered)

    def _current_environment(self) -> jinja2.Environment:
        """The environment of the templates as they are now: a new one when any changed."""
        sources = _template_sources(self.templates_dir)
        if self._environment is None or sources != self._sources:
            self._environment = _environment(self.templates_dir, sources)
            self._sources = sources
            self._generation += 1
        return self._environment


def page_summaries(result: CheckResult, today: datetime.date) -> list[portfolio.CharterSummary]:
    """The summary of every valid charter, in the check's order: one page each."""
    return [
        summary
        for item in result.charters
        if (summary := portfolio.summary_of(item, today, result.people))
    ]


def page_paths(
    summaries: list[portfolio.CharterSummary], people: People | None = None
) -> list[str]:
    """The generated pages, in the order they are rendered: portfolio, glossary, charters,
    the people index and a page for each person. ``people`` is the handbook's people
    registry, when it has one: its people have pages even when no charter names them."""
    return [
        PORTFOLIO_PAGE,
        GLOSSARY_PAGE,
        *(summary.page for summary in summaries),
        PEOPLE_PAGE,
        *(person_page(person_id) for person_id in person_view.person_ids(summaries, people)),
    ]


def write_pages(site: RenderedSite, folder: Path) -> list[Path]:
    """Write the pages and files below ``folder`` (for other builders); returns what was written."""
    contents: dict[str, str | bytes] = {page.path: page.markdown for page in site.pages}
    written = []
    for path, content in {**contents, **site.files}.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return written


def _template_sources(templates_dir: Path) -> dict[str, bytes]:
    """Every file below ``templates_dir`` by template name (``partials/meetings.md.j2``)."""
    return {
        path.relative_to(templates_dir).as_posix(): path.read_bytes()
        for path in sorted(templates_dir.rglob("*"))
        if path.is_file()
    }


def _environment(templates_dir: Path, sources: dict[str, bytes]) -> jinja2.Environment:
    """An environment that compiles each template once, from ``sources`` as read: what a
    page is rendered with is exactly what the renderer compared."""

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        source = sources.get(name)
        if source is None:
            return None
        return source.decode("utf-8"), str(templates_dir / name), lambda: True

    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        auto_reload=False,
        cache_size=-1,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is Markdown: finalize escapes every value instead
        finalize=_escape_value,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["date"] = _format_date
    return environment


def _escape_value(value: Any) -> Any:
    """Every ``{{ value }}`` is escaped unless a helper already made it safe Markdown."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return _format_date(value)
    return Markup(escape_markdown(_LINE_BREAKS.sub(" ", str(value))))


def _format_date(value: datetime.date | None, style: str = "long") -> str:
    if value is None:
        return ""
    return value.isoformat() if style == "iso" else f"{value:%-d %B %Y}"


def _render(
    environment: jinja2.Environment,
    template_name: str,
    path: str,
    glossary: HandbookGlossary,
    common: dict[str, Any],
    **context: Any,
) -> GeneratedPage:
    depth = path.count("/")
    page_text = PageText(
        path,
        glossary,
        GLOSSARY_PAGE if path != GLOSSARY_PAGE else None,
        common["directory_urls"],
    )
    helpers: dict[str, Callable[..., Any]] = {
        "text": page_text.inline,
        "markdown": page_text.block,
        "title": _front_matter_title,
        "link": lambda target: "../" * depth + target,
        "address": lambda page: relative_url(path, page, common["directory_urls"]),
        "person_page": person_page,
        "heading_id": lambda anchor: Markup(f"{{#{escape_markdown(anchor)}}}"),
    }
    try:
        template = environment.get_template(template_name)
        markdown = template.render(**common, **context, **helpers)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(
            f"{error.filename or template_name}:{error.lineno}: template syntax error: "
            f"{error.message}"
        ) from error
    except jinja2.TemplateNotFound as error:
        raise TemplateProblem(f"template not found: {error.name}") from error
    except Exception as error:
        raise TemplateProblem(
            f"{_template_position(error, template_name)}: "
            f"template error: {type(error).__name__}: {error}"
        ) from error
    return GeneratedPage(path, markdown)


def _front_matter_title(text: str) -> Markup:
    """A page title for the front matter: Material prints it as HTML, so it is escaped HTML,
    written as a YAML double-quoted string that any YAML reader accepts.

    The front matter must always load: if it did not, MkDocs would drop it and Material would
    fall back to the navigation title through ``striptags``, which undoes the escaping.
    """
    quoted = json.dumps(html.escape(_LINE_BREAKS.sub(" ", text).strip()), ensure_ascii=False)
    return Markup(_NOT_YAML_PRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted))


def _template_position(error: BaseException, template_name: str) -> str:
    """``file:line`` of the innermost template frame in the error's traceback."""
    position = template_name
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(".j2"):
            position = f"{frame.filename}:{frame.lineno}"
    return position
