"""A site built from charters with a hostile string in every field, in real Chromium.

The fixture ``tests/fixtures/hostile/charters`` puts script, event handlers, frames, styles,
``javascript:`` links, attribute lists, pre-escaped entities, template syntax and forged log
lines into names, parties, members, objectives, goals, meetings, accomplishments, reviews,
glossary terms, aliases and definitions and ``x-`` keys. It passes ``handbook check``; every
payload sets ``window.__pwned``. On every generated page kind the test hovers every glossary
term and follows every link of the page's content, and asserts that no script ran, no dialog
opened and no request left 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_site_in_browser import Tab, browser, build_site, tab
from tests.conftest import copy_handbook
from tools.browser import serve_directory

__all__ = ["browser", "tab"]  # fixtures shared with the other browser tests

REPOSITORY = Path(__file__).resolve().parents[2]
HOSTILE = REPOSITORY / "tests" / "fixtures" / "hostile" / "charters"
PAGES = [
    "",
    "glossary/",
    "charters/brightpath-consulting/",
    "charters/harborline-logistics/",
    "charters/learnwell-academy/",
]
"""Every generated page kind: portfolio, glossary and the charters."""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    handbook = copy_handbook(tmp_path_factory.mktemp("hostile"), HOSTILE)
    site_dir = handbook / "site"
    build_site(handbook, site_dir, strict=False)  # the fixture's drafts have warnings
    base_url, stop = serve_directory(site_dir)
    yield base_url
    stop()


def _assert_harmless(tab: Tab, dialogs: list[str]) -> None:
    assert tab.page.evaluate("window.__pwned") is None, "a hostile payload ran"
    assert dialogs == []
    foreign = [url for url in tab.requests if urlsplit(url).hostname not in ("127.0.0.1", None)]
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path or "portfolio")
def test_hostile_text_never_runs(hostile_site: str, tab: Tab, path: str) -> None:
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    url = urljoin(hostile_site, path)
    tab.open(url)
    _assert_harmless(tab, dialogs)

    # No element anywhere carries an event handler, a style or a script address.
    offending = tab.page.evaluate(
        """() => [...document.querySelectorAll('article *, nav *, header *, title')]
            .flatMap(element => [...element.attributes]
              .filter(a => a.name.startsWith('on')
                || (a.name === 'style' && element.closest('article .handbook-text'))
                || /^\\s*(javascript|data|vbscript):/i.test(a.value))
              .map(a => element.tagName + ' ' + a.name + '=' + a.value))"""
    )
    assert offending == []
    frames = tab.page.locator("article iframe, article script, article style, article svg[onload]")
    assert frames.count() == 0

    # Element handles, not locators: Material removes a title while its tooltip shows.
    for term in tab.page.query_selector_all("article a[title], article img[title]"):
        term.hover()
        tab.page.wait_for_timeout(50)
    _assert_harmless(tab, dialogs)

    links = tab.page.eval_on_selector_all(
        "article a[href]",
        "links => links.map(a => new URL(a.getAttribute('href'), location.href).href)",
    )
    pages = {
        link.split("#")[0]
        for link in links
        if urlsplit(link).hostname == "127.0.0.1" and not link.endswith(".ics")
    }
    for page in sorted(pages - {url}):
        tab.open(page)
        _assert_harmless(tab, dialogs)
    # The fixture's one local image does not exist: its 404 is the only error expected.
    assert [error for error in tab.errors if "none.png" not in error] == []


def test_hostile_names_are_shown_as_text(hostile_site: str, tab: Tab) -> None:
    tab.open(urljoin(hostile_site, "charters/harborline-logistics/"))
    name = "</title><script>window.__pwned=1</script> Logistics \U0001f600"
    assert tab.page.title().startswith(name)
    assert tab.page.locator("article h1").inner_text().startswith(name)
    nav = tab.page.locator("nav.md-nav--primary").inner_text()
    assert name in nav
    assert 'Hostile <img src=x onerror="window.__pwned=1"> partner' in nav


@pytest.mark.parametrize("query", ["window", "Hostile", "Logistics", "script"])
def test_search_results_show_hostile_text_as_text(hostile_site: str, tab: Tab, query: str) -> None:
    """Material inserts search results (titles and text from the index) as HTML."""
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.open(hostile_site)
    search = tab.page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query)
    expect(tab.page.locator(".md-search-result__item").first).to_be_visible()
    tab.page.locator(".md-search-result__more summary").evaluate_all(
        "summaries => summaries.forEach(summary => summary.click())"
    )
    tab.page.wait_for_timeout(200)
    _assert_harmless(tab, dialogs)
    assert tab.page.locator(".md-search-result img, .md-search-result svg[onload]").count() == 0


def test_hostile_terms_are_shown_as_text_in_headings_and_contents(
    hostile_site: str, tab: Tab
) -> None:
    tab.open(urljoin(hostile_site, "glossary/"))
    term = '<img src=x onerror="window.__pwned=1">'
    headings = tab.page.locator("article h3").all_inner_texts()
    assert any(text.startswith(term) for text in headings), headings
    contents = tab.page.locator("nav.md-nav--secondary").last.text_content() or ""
    assert term in contents
    assert tab.page.evaluate("window.__pwned") is None
