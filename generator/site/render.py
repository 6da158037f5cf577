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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.check.validate import CheckResult
from generator.settings import Settings
from generator.site import portfolio
from generator.site.charter_view import charter_view
from generator.site.glossary import GlossaryEntry, HandbookGlossary, glossary_of
from generator.site.markdown_text import PageText, escape_markdown
from generator.site.navigation import handbook_nav

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

    def nav(self) -> list[dict[str, Any]]:
        """Navigation: portfolio, charters by tier (key accounts first), retired, glossary."""
        return handbook_nav(self.summaries, PORTFOLIO_PAGE, GLOSSARY_PAGE)


class TemplateProblem(Exception):
    """A template failed: the message names the template file and line."""


def render_site(
    result: CheckResult,
    settings: Settings,
    today: datetime.date,
    templates_dir: Path,
    directory_urls: bool = True,
    glossary: HandbookGlossary | None = None,
) -> RenderedSite:
    """Every generated page of the handbook, from a check without errors.

    ``directory_urls`` is the site's ``use_directory_urls``: links inside charter text are
    HTML, which builders do not rewrite, so they are written as published addresses.
    ``glossary`` is the handbook's glossary when the caller has built it already, to share
    it with the exports; else it is built here.
    """
    environment = _environment(templates_dir)
    charters = [(r, r.charter) for r in result.charters if r.charter is not None]
    if glossary is None:
        glossary = glossary_of(result)
    used_terms: dict[str, list[GlossaryEntry]] = {}
    for entry in glossary.entries:
        for charter_id in entry.used_by:
            used_terms.setdefault(charter_id, []).append(entry)
    summaries = [
        summary for checked, _ in charters if (summary := portfolio.summary_of(checked, today))
    ]
    common = {
        "today": today,
        "settings": settings,
        "glossary_page": GLOSSARY_PAGE,
        "directory_urls": directory_urls,
    }
    pages = [
        _render(
            environment,
            "portfolio.md.j2",
            PORTFOLIO_PAGE,
            glossary,
            common,
            tiers=portfolio.by_tier(summaries),
            retired=portfolio.retired(summaries),
            owners=portfolio.owner_loads(summaries, settings.attention_limit),
            statuses=portfolio.status_counts(summaries),
            summaries=summaries,
        ),
        _render(
            environment,
            "glossary.md.j2",
            GLOSSARY_PAGE,
            glossary,
            common,
            entries=glossary.entries,
            names={s.charter.id: s for s in summaries},
        ),
    ]
    for summary in summaries:
        pages.append(
            _render(
                environment,
                "charter.md.j2",
                summary.page,
                glossary,
                common,
                charter=summary.charter,
                summary=summary,
                view=charter_view(summary.charter),
                used_terms=used_terms.get(summary.charter.id, []),
            )
        )
    return RenderedSite(pages, summaries)


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


def _environment(templates_dir: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
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
