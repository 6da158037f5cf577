"""The site's navigation: the portfolio, charters by tier, the glossary, then people.

Material writes the navigation into every page, so a long flat list makes every page large
and the build slow. Charters are grouped by tier; a tier with many charters is split by kind,
and a long kind into alphabetical runs, so that with ``navigation.prune`` each page carries
only a short section of the navigation. People are one entry, their index: a handbook has
more people than charters, and a person's page is one click from the index and from every
charter that names them.
"""

from __future__ import annotations

import html
from typing import Any, get_args

from generator.check.vocabulary import Kind
from generator.site.portfolio import CharterSummary, by_tier, retired

SECTION_SIZE = 25
"""The most charters listed in one navigation section before it is split."""

KIND_TITLES: dict[str, str] = {
    "customer": "Customers",
    "partner": "Partners",
    "supplier": "Suppliers",
    "alliance": "Alliances",
    "internal": "Internal groups",
}
"""Section titles for the schema's kinds; a kind without one is titled by its name."""

NavEntry = dict[str, Any]


def handbook_nav(
    summaries: list[CharterSummary],
    portfolio_page: str,
    glossary_page: str,
    people_page: str | None = None,
) -> list[NavEntry]:
    """MkDocs ``nav`` entries for the generated pages, key accounts first; the people index
    last, when ``people_page`` is given."""
    sections: list[NavEntry] = [{"Portfolio": portfolio_page}]
    for tier in by_tier(summaries):
        if tier.charters:
            sections.append({tier.title: _by_kind(tier.charters)})
    past = retired(summaries)
    if past:
        sections.append({"Retired": _alphabetical(past)})
    sections.append({"Glossary": glossary_page})
    if people_page is not None:
        sections.append({"People": people_page})
    return sections


def _by_kind(summaries: list[CharterSummary]) -> list[NavEntry]:
    if len(summaries) <= SECTION_SIZE:
        return _entries(summaries)
    groups = []
    for kind in get_args(Kind):
        members = [s for s in summaries if s.charter.kind == kind]
        title = KIND_TITLES.get(kind, kind.capitalize())
        if members:
            groups.append({f"{title} ({len(members)})": _alphabetical(members)})
    return groups


def _alphabetical(summaries: list[CharterSummary]) -> list[NavEntry]:
    if len(summaries) <= SECTION_SIZE:
        return _entries(summaries)
    runs = [summaries[i : i + SECTION_SIZE] for i in range(0, len(summaries), SECTION_SIZE)]
    return [
        {_title(f"{run[0].charter.name} to {run[-1].charter.name}"): _entries(run)} for run in runs
    ]


def _entries(summaries: list[CharterSummary]) -> list[NavEntry]:
    return [{_title(summary.charter.name): summary.page} for summary in summaries]


def _title(text: str) -> str:
    """A navigation title: Material prints titles as HTML, so charter text is escaped."""
    return html.escape(" ".join(text.split()), quote=False)
