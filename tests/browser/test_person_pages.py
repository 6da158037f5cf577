"""Person pages in a real browser: Debian's Chromium driven by Playwright.

The fixture handbook's site is built once with ``mkdocs build --strict`` and served on
127.0.0.1. Every person page is opened on a phone (390 px) and a desktop (1280 px): nothing
scrolls sideways, the console stays clean and no request leaves the loopback host. Every link
to a person page on the portfolio, the charter pages and the people index answers.

Without ``/usr/bin/chromium`` or Playwright the module is skipped, except on CI (``CI=true``),
where a missing browser is an error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
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
    from playwright.sync_api import Browser, ConsoleMessage, sync_playwright
except ImportError:
    _unavailable("playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    _unavailable(f"{CHROMIUM} does not exist (apt-get install chromium)")

SOURCE_DATE_EPOCH = "1795392000"
"""2026-11-23 00:00 UTC: the "today" every build is judged against."""
WIDTHS = (390, 1280)
"""A phone and a desktop, in CSS pixels."""


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

OVERFLOW = """() => {
    const wide = element => element.scrollWidth > element.clientWidth;
    const found = [];
    if (wide(document.documentElement)) found.push("document");
    for (const element of document.querySelectorAll("article table, .md-typeset__scrollwrap")) {
        if (wide(element)) found.push(element.outerHTML.slice(0, 120));
    }
    return found;
}"""
"""What scrolls sideways on the open page: the document, a table or a table's scroll box."""
PERSON_LINKS = """() => [...document.querySelectorAll("article a[href]")]
    .map(link => link.href)
    .filter(href => {
        try { return new URL(href).pathname.includes("/people/"); } catch { return false; }
    })"""
"""Every link in the page's content to a person page (or anything else under ``people/``)."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture handbook's site, built once with --strict and served on 127.0.0.1."""
    project = copy_handbook(tmp_path_factory.mktemp("handbook"))
    site_dir = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    base_url, stop = serve_directory(site_dir)
    yield base_url
    stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_person_page_fits_and_stays_on_this_host(
    site_url: str, browser: Browser, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("request", lambda request: requests.append(request.url))
    try:
        assert PEOPLE, f"no members found in {FIXTURE_CHARTERS}"
        overflowing = {}
        for path in ["people/", *(f"people/{person}/" for person in PEOPLE)]:
            response = page.goto(urljoin(site_url, path), wait_until="networkidle")
            assert response is not None and response.ok, f"{path}: {response and response.status}"
            assert page.locator("article h1").count() == 1, path
            found = page.evaluate(OVERFLOW)
            if found:
                overflowing[path] = found
        assert overflowing == {}, f"sideways scroll at {width} px"
        assert errors == []
        elsewhere = [
            url
            for url in requests
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != "127.0.0.1"
        ]
        assert elsewhere == []
    finally:
        context.close()


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
