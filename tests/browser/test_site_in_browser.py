"""The built site in a real browser: Debian's Chromium driven by Playwright.

The site is built once with ``mkdocs build --strict`` from a copy of the repository's site
sources whose ``charters/`` is the frozen fixture handbook's, and served on 127.0.0.1; every
test opens a fresh browser context that records console errors, uncaught page errors and every
request.

Without ``/usr/bin/chromium`` or Playwright the module is skipped, except on CI (``CI=true``),
where a missing browser is an error: CI must run these tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parents[2]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from tests.conftest import FIXTURE_CHARTERS, copy_handbook  # noqa: E402
from tools.browser import CHROMIUM, launch_chromium, serve_directory  # noqa: E402


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
except ImportError:
    _unavailable("playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    _unavailable(f"{CHROMIUM} does not exist (apt-get install chromium)")

SOURCE_DATE_EPOCH = "1795392000"
"""2026-11-23 00:00 UTC: the "today" every build is judged against."""


def _fixture_charters() -> dict[str, str]:
    """Each charter in the fixture handbook: its id and its name."""
    charters: dict[str, str] = {}
    for path in sorted(FIXTURE_CHARTERS.glob("*.yaml")):
        if path.name != "glossary.yaml":
            charter = yaml.safe_load(path.read_text(encoding="utf-8"))
            charters[charter["id"]] = charter["name"]
    return charters


CHARTERS = _fixture_charters()
"""The fixture charters: id and name, the link text on the portfolio page."""

TIERS = ("Key accounts", "Growth", "Maintain")

SEARCH_WORD = "Dublin"
"""In the purpose of kestrel-support-services and in no other charter."""
SEARCH_MATCH = "kestrel-support-services"

SCRIPT_PAYLOAD = "<script>window.__pwned = true</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=true">'
TEMPLATE_PAYLOAD = "{{ 7 * 7 }}"
RAW_PAYLOAD = "{% raw %}"


def heading(name: str) -> re.Pattern[str]:
    """A heading's text: ``name`` and the permalink Material adds after it."""
    return re.compile(rf"^{re.escape(name)}\s*¶?$")


def build_site(config_dir: Path, site_dir: Path, *, strict: bool = True) -> None:
    """``mkdocs build [--strict]`` of ``config_dir``/mkdocs.yml into ``site_dir``."""
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] * strict), "-d", str(site_dir)],
        cwd=config_dir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture handbook's site, built once and served on 127.0.0.1."""
    project = copy_handbook(tmp_path_factory.mktemp("handbook"))
    site_dir = tmp_path_factory.mktemp("site")
    build_site(project, site_dir)
    base_url, stop = serve_directory(site_dir)
    yield base_url
    stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@dataclass
class Tab:
    """A page in its own browser context, with what happened while it was open."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        """Load ``url`` and wait until the network is quiet (the search index is loaded)."""
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, f"{url}: {response and response.status}"

    def requests_elsewhere(self) -> list[str]:
        """The requests to any host but 127.0.0.1 (data: and blob: URLs are no requests)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    tab = Tab(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
    page.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def test_portfolio_home_page_renders(site_url: str, tab: Tab) -> None:
    tab.open(site_url)
    page = tab.page
    expect(page.locator("article h1")).to_have_text(heading("Relationship portfolio"))
    for tier in TIERS:
        expect(page.locator("article h2", has_text=tier)).to_have_count(1)
    assert CHARTERS, f"no charters found in {FIXTURE_CHARTERS}"
    for charter_id, name in CHARTERS.items():
        link = page.locator(f'article table a[href="charters/{charter_id}/"]')
        expect(link).to_have_text(name)
    chart = page.locator("article figure.handbook-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.handbook-chart-completeness")).to_have_count(len(TIERS))
    assert tab.errors == []


def test_charter_page_renders(site_url: str, tab: Tab) -> None:
    tab.open(urljoin(site_url, "charters/harborline-logistics/"))
    page = tab.page
    expect(page.locator("article h1")).to_have_text(heading("Harborline Logistics"))
    goal = page.locator("article tr", has_text="Bring the remaining six regions onto Lane Forecast")
    expect(goal).to_have_count(1)
    expect(goal.locator(".handbook-goal-status")).to_have_text("at-risk")
    done = page.locator("article tr", has_text="Agree a joint peak season support rota")
    expect(done.locator(".handbook-goal-status")).to_have_text("done")
    assert tab.errors == []


def test_glossary_term_shows_its_definition_on_hover(site_url: str, tab: Tab) -> None:
    tab.open(urljoin(site_url, "charters/harborline-logistics/"))
    term = tab.page.locator("article a.glossary-term").first
    definition = term.get_attribute("title")
    assert definition, "the first glossary term has no title to show"
    expect(tab.page.locator(".md-tooltip2")).to_have_count(0)

    term.hover()

    # Material moves the title into a tooltip and points aria-describedby at it.
    expect(term).to_have_attribute("aria-describedby", re.compile(r"^__tooltip2_\d+$"))
    tooltip_id = term.get_attribute("aria-describedby")
    tooltip = tab.page.locator(f'[id="{tooltip_id}"]')
    expect(tooltip).to_have_class(re.compile(r"(^|\s)md-tooltip2--active(\s|$)"))
    expect(tooltip).to_have_attribute("role", "tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(definition)
    assert tab.errors == []


def test_search_finds_a_charter_by_a_word_of_its_purpose(site_url: str, tab: Tab) -> None:
    tab.open(site_url)
    search = tab.page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(SEARCH_WORD)
    results = tab.page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    paths = {
        urlsplit(href).path
        for href in tab.page.locator(".md-search-result__item a").evaluate_all(
            "links => links.map(link => link.href)"
        )
    }
    assert urlsplit(urljoin(site_url, f"charters/{SEARCH_MATCH}/")).path in paths
    assert tab.errors == []


def test_no_request_leaves_the_loopback_host(site_url: str, tab: Tab) -> None:
    for path in ("", "charters/harborline-logistics/", "glossary/"):
        tab.open(urljoin(site_url, path))
    search = tab.page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(SEARCH_WORD)
    expect(tab.page.locator(".md-search-result__item").first).to_be_visible()
    tab.page.wait_for_load_state("networkidle")

    assert any(url.endswith("search/search_index.json") for url in tab.requests)
    assert tab.requests_elsewhere() == []


def test_untrusted_charter_text_stays_text(tmp_path: Path, tab: Tab) -> None:
    project = copy_handbook(tmp_path / "project")
    charter = yaml.safe_load(
        (FIXTURE_CHARTERS / "harborline-logistics.yaml").read_text(encoding="utf-8")
    )
    charter["id"] = "untrusted-text"
    charter["name"] = "Untrusted Text Logistics"
    charter["purpose"] = (
        f"Script: {SCRIPT_PAYLOAD}\n\n"
        f"Image: {IMG_PAYLOAD}\n\n"
        f"Template: {TEMPLATE_PAYLOAD}\n\n"
        f"Raw: {RAW_PAYLOAD}\n"
    )
    (project / "charters" / "untrusted-text.yaml").write_text(
        yaml.safe_dump(charter, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    site_dir = tmp_path / "site"
    build_site(project, site_dir)

    base_url, stop = serve_directory(site_dir)
    try:
        tab.open(urljoin(base_url, "charters/untrusted-text/"))
        page = tab.page
        expect(page.locator("article h1")).to_have_text(heading("Untrusted Text Logistics"))
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        text = page.locator("article").inner_text()
        assert f"Script: {SCRIPT_PAYLOAD}" in text
        assert f"Image: {IMG_PAYLOAD}" in text
        assert f"Template: {TEMPLATE_PAYLOAD}" in text
        assert f"Raw: {RAW_PAYLOAD}" in text
        assert "Template: 49" not in text
        expect(page.locator("article script, article img")).to_have_count(0)
        assert tab.errors == []
    finally:
        stop()
