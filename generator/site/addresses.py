"""Where generated pages are published, and relative addresses between them.

Markdown links (``charters/acme.md``) are rewritten by MkDocs, but the sanitised HTML that
charter text becomes is not, so it needs the published address. The rules are MkDocs' own:
with ``use_directory_urls`` (the default, also Zensical's) ``charters/acme.md`` is published
as ``charters/acme/``, otherwise as ``charters/acme.html``.
"""

from __future__ import annotations

import posixpath


def published_url(page: str, directory_urls: bool = True) -> str:
    """The site-relative address of the page written at ``page`` (a ``.md`` path)."""
    stem, _ = posixpath.splitext(page)
    if posixpath.basename(stem) == "index":
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """The address of ``to_page`` as a link on ``from_page`` (``.md`` paths): ``../x/``."""
    target = published_url(to_page, directory_urls)
    here = published_url(from_page, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    relative = posixpath.relpath(target or ".", base or ".")
    if (target.endswith("/") or not target) and not relative.endswith("/"):
        relative += "/"
    return "./" if relative == "./" or relative == "." else relative


PEOPLE_FOLDER = "people"
"""Where the person pages are generated: one page per person, ``people/ID.md``."""


def person_page(person_id: str) -> str:
    """The page of the person with the (slug) id ``person_id``: ``people/ana-lima.md``."""
    return f"{PEOPLE_FOLDER}/{person_id}.md"


def listed_in_navigation(page: str) -> bool:
    """Whether a generated page has a place in the navigation: person pages are reached from
    the people index and from every link to the person, so thousands of them stay out."""
    return not page.startswith(f"{PEOPLE_FOLDER}/")
