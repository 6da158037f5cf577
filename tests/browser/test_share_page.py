"""The page ``handbook share`` writes, in Debian's Chromium: nothing runs, nothing is fetched.

The pages are rendered from ``tests/fixtures/share/charters``: ``hostile-harbour`` has a hostile
text in every field the page shows (script, event handlers, ``</style>``, frames, a refresh,
a ``<base>``, style sheets, ``javascript:`` links; any that ran would set ``window.__pwned``),
``ferrywell-freight`` every field filled. Each is opened from a ``file://`` address, as a
partner opens an attachment, on a phone (390 px) and a desktop, in light and dark mode.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.validate import check_paths
from generator.settings import Settings
from generator.share import render_share
from tests.browser.test_site_in_browser import Browser, browser
from tests.conftest import REPOSITORY, TODAY

__all__ = ["browser"]  # the fixture shared with the other browser tests

CHARTERS = REPOSITORY / "tests" / "fixtures" / "share" / "charters"
SHARED = ("hostile-harbour", "ferrywell-freight")
BACKGROUNDS = {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 22, 27)"}
"""The page's background in each colour scheme, as templates/share.html.j2 sets it."""


@pytest.fixture(scope="module")
def shared_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each charter's page for the partner, written to a file."""
    folder = tmp_path_factory.mktemp("shared")
    result = check_paths([str(CHARTERS)], Settings(), TODAY)
    glossaries = [item.glossary for item in result.glossaries if item.glossary is not None]
    charters = {charter.id: charter for charter in result.valid_charters}
    pages = {}
    for charter_id in SHARED:
        path = folder / f"{charter_id}.html"
        page = render_share(charters[charter_id], glossaries, TODAY, REPOSITORY / "templates")
        path.write_text(page, encoding="utf-8")
        pages[charter_id] = path
    return pages


@pytest.fixture(params=[(390, "light"), (390, "dark"), (1280, "light")], ids=str)
def screen(request: pytest.FixtureRequest) -> tuple[int, str]:
    width, scheme = request.param
    return width, scheme


@pytest.mark.parametrize("charter_id", SHARED)
def test_the_shared_page_runs_and_fetches_nothing_and_fits_the_screen(
    browser: Browser, shared_pages: dict[str, Path], screen: tuple[int, str], charter_id: str
) -> None:
    width, scheme = screen
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    requests: list[str] = []
    problems: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on(
        "dialog", lambda dialog: (problems.append(f"dialog {dialog.message}"), dialog.dismiss())
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    url = shared_pages[charter_id].as_uri()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(500)  # a refresh or a delayed load would have happened by now
        for link in page.query_selector_all("a"):
            link.hover()

        assert page.evaluate("typeof window.__pwned") == "undefined", "a hostile payload ran"
        assert problems == []  # no dialog, no error, no policy violation reported
        assert requests == [url], "the page asked for more than itself"
        assert page.url == url
        assert page.locator("script, iframe, img, svg, link, base, object, embed").count() == 0

        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll_width <= client_width, "the page scrolls sideways"
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == BACKGROUNDS[scheme]
        cells = page.locator("td").first
        display = cells.evaluate("cell => getComputedStyle(cell).display")
        assert display == ("block" if width < 640 else "table-cell")
        footer = page.locator("footer").inner_text()
        assert footer.startswith("Shared from the ") and footer.endswith("23 November 2026.")
    finally:
        context.close()


def test_hostile_names_show_as_text(browser: Browser, shared_pages: dict[str, Path]) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(shared_pages["hostile-harbour"].as_uri(), wait_until="load")
        name = "Hostile Harbour </title><script>window.__pwned=1</script>"
        assert page.title() == name
        assert page.locator("h1").inner_text() == name
        assert "<style>body{display:none}</style>" in page.locator("#purpose").inner_text()
        assert page.locator("main").is_visible()
    finally:
        context.close()
