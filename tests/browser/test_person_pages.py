"""Person pages in a real browser: Debian's Chromium driven by Playwright.

The fixture handbook's site is built once with ``mkdocs build --strict`` and served on
127.0.0.1. Every link to a person page on the portfolio, the charter pages and the people index
answers. That person pages fit a phone and a desktop, keep the console clean and make no
request off the loopback host is checked with every other page in ``test_reader_site.py``.

Without ``/usr/bin/chromium`` or Playwright the module is skipped, except on CI (``CI=true``),
where a missing browser is an error.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import yaml

from tests.browser.test_site_in_browser import Browser, browser, site_url
from tests.conftest import FIXTURE_CHARTERS

__all__ = ["browser", "site_url"]  # fixtures shared with the other browser tests


def _fixture() -> tuple[list[str], list[str]]:
    """The fixture handbook's charter ids and the ids of everyone in its charters."""
    charters, people = [], set()
    for path in sorted(FIXTURE_CHARTERS.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "members" in document:
            charters.append(document["id"])
            people.update(member["id"] for member in document["members"])
    return charters, sorted(people)


CHARTERS, PEOPLE = _fixture()

PERSON_LINKS = """() => [...document.querySelectorAll("article a[href]")]
    .map(link => link.href)
    .filter(href => {
        try { return new URL(href).pathname.includes("/people/"); } catch { return false; }
    })"""
"""Every link in the page's content to a person page (or anything else under ``people/``)."""


def test_every_link_to_a_person_page_resolves(site_url: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        links: dict[str, str] = {}
        for path in ["", "people/", *(f"charters/{charter}/" for charter in CHARTERS)]:
            response = page.goto(urljoin(site_url, path), wait_until="load")
            assert response is not None and response.ok, path
            for href in page.evaluate(PERSON_LINKS):
                links.setdefault(href.split("#", 1)[0], path)
    finally:
        context.close()
    assert {urljoin(site_url, f"people/{person}/") for person in PEOPLE} <= set(links)
    for href, found_on in sorted(links.items()):
        assert urlsplit(href).hostname == "127.0.0.1", f"{found_on or 'index'} links {href}"
        try:
            with urllib.request.urlopen(href, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 200, f"{found_on or 'the portfolio'} links {href}: HTTP {status}"
