"""The partner's page: the shared view through ``templates/share.html.j2``.

The template is HTML with autoescaping on; charter Markdown reaches it only through
:func:`~generator.share.markup.partner_html`. The page is the same, byte for byte, for the same
charter, glossary, settings, templates and day.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from pathlib import Path

import jinja2

from generator.check.schema import Accomplishment, Charter, Glossary
from generator.errors import HandbookError, UsageError
from generator.share.markup import partner_html, visible_text
from generator.share.view import ALWAYS_EXCLUDED, NOT_ON_PAGE, shared_charter
from generator.site.glossary import GlossaryEntry, handbook_glossary

TEMPLATE = "share.html.j2"

_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


@dataclasses.dataclass(frozen=True)
class SharedPage:
    """What the template shows: the shared view and the names its ids stand for."""

    charter: Charter
    """The shared view (:func:`~generator.share.view.shared_charter`)."""
    today: datetime.date
    party_names: dict[str, str]
    member_names: dict[str, str]
    terms: list[GlossaryEntry]
    """The terms of the shared glossary and of the charter that the page uses, A to Z."""

    @property
    def accomplishments(self) -> list[Accomplishment]:
        """The latest first; any left without a date last."""
        return sorted(
            self.charter.accomplishments,
            key=lambda item: item.date or datetime.date.min,
            reverse=True,
        )


def render_share(
    charter: Charter,
    glossaries: list[Glossary],
    today: datetime.date,
    templates_dir: Path,
    *,
    exclude: Iterable[str] = (*ALWAYS_EXCLUDED, *NOT_ON_PAGE),
    names: dict[str, str] | None = None,
) -> str:
    """The partner's page of a valid ``charter``, without the fields at ``exclude`` (see
    :func:`~generator.share.view.excluded_paths`).

    The Terms section defines the terms of ``glossaries`` and of the charter's own that the
    page's text uses (a term used only in a left-out field is not); the page is rendered once
    to find them and once with them. ``names`` are the people registry's.
    """
    view = shared_charter(charter, today, exclude, names)
    own_terms = [term for term in view.terms if term.term and term.definition]
    glossary = handbook_glossary([*glossaries, Glossary(terms=own_terms)], [])
    template = _template(templates_dir)
    page = SharedPage(
        view,
        today,
        {party.id: party.name for party in view.parties if party.id and party.name},
        {member.id: member.name for member in view.members if member.id and member.name},
        terms=[],
    )
    used = glossary.used_in(visible_text(_render(template, page)))
    return _render(template, dataclasses.replace(page, terms=used))


def long_date(value: datetime.date | None) -> str:
    """``23 November 2026``, the same in every locale."""
    return "" if value is None else f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _template(templates_dir: Path) -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["date"] = long_date
    environment.globals.update(
        markdown=lambda text: partner_html(text, inline=False),
        text=lambda text: partner_html(text, inline=True),
    )
    try:
        return environment.get_template(TEMPLATE)
    except jinja2.TemplateNotFound as error:
        raise UsageError(f"{templates_dir / TEMPLATE}: template not found") from error
    except jinja2.TemplateSyntaxError as error:
        raise HandbookError(
            f"{error.filename or TEMPLATE}:{error.lineno}: template syntax error: {error.message}"
        ) from error


def _render(template: jinja2.Template, page: SharedPage) -> str:
    try:
        return template.render(page=page, charter=page.charter, today=page.today)
    except Exception as error:  # a maintainer's template: say what failed, never a traceback
        raise HandbookError(
            f"{template.filename or TEMPLATE}: template error: {type(error).__name__}: {error}"
        ) from error
