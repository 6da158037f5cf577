"""Person pages in a real browser: Debian's Chromium driven by Playwright.

The fixture handbook's site is built once with ``mkdocs build --strict`` and served on
127.0.0.1. Every link to a person page on the portfolio, the charter pages and the people index
answers. That person pages fit a phone and a desktop, keep the console clean and make no
request off the loopback host is checked with every other page in ``test_reader_site.py``.

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
    from playwright.sync_api import Browser, sync_playwright
except ImportError:
    _unavailable("playwright is not installed (pip install -e '.[test]')")
if not CHROMIUM.exists():
    _unavailable(f"{CHROMIUM} does not exist (apt-get install chromium)")

SOURCE_DATE_EPOCH = "1795392000"
"""2026-11-23 00:00 UTC: the "today" every build is judged against."""


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
