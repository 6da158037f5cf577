"""Charter pages in a real browser, on a phone (390 px) and a laptop (1280 px).

The fixture handbook's site is built once, with a repository address and Material's edit
button turned on, and every charter page is opened at both widths. Nothing scrolls sideways:
neither the document nor any table or Material scroll box (``.md-typeset__scrollwrap``), whose
own scroll would hide a too-wide table from a check of the page alone. The chips under the
title never break in two. The key goals sparkline scales with the text. Material's own edit
button stays off generated pages: they have no source file in ``docs/``. No console error, and
no request leaves 127.0.0.1.

Skipped like the other browser tests: only without Chromium or Playwright, and never on CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
import yaml

from tests.browser.test_site_in_browser import CHARTERS, Tab, browser, build_site, tab
from tests.conftest import copy_handbook
from tools.browser import serve_directory

__all__ = ["browser", "tab"]  # fixtures shared with the other browser tests

PHONE, LAPTOP = 390, 1280
REPOSITORY_URL = "https://git.example.org/northwind/handbook"
"""Not GitHub or GitLab: Material asks their APIs for a repository's stars, off 127.0.0.1."""

_OVERFLOW = """() => {
  const boxes = [document.documentElement, document.body,
    ...document.querySelectorAll("article table, article .md-typeset__scrollwrap")];
  return boxes.filter(box => box.scrollWidth > box.clientWidth)
    .map(box => `${box.tagName}.${box.className}: ${box.scrollWidth} > ${box.clientWidth}`);
}"""
_CHIP_LINES = """() => [...document.querySelectorAll("article .handbook-facts .handbook-chip")]
  .map(chip => {
    const range = document.createRange();
    range.selectNodeContents(chip);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
      .map(r => Math.round(r.top + r.height / 2)));
    return [chip.textContent, tops.size];
  })"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture handbook's site with an edit address, built once and served."""
    project = copy_handbook(tmp_path_factory.mktemp("handbook"))
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["repo_url"] = REPOSITORY_URL
    config["edit_uri"] = "edit/main/docs/"
    config["theme"]["features"] = [*config["theme"].get("features", []), "content.action.edit"]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site_dir = tmp_path_factory.mktemp("site")
    build_site(project, site_dir)
    base_url, stop = serve_directory(site_dir)
    yield base_url
    stop()


def charter_url(site_url: str, charter_id: str) -> str:
    return urljoin(site_url, f"charters/{charter_id}/")


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_no_charter_page_scrolls_sideways_and_chips_stay_whole(
    site_url: str, tab: Tab, width: int
) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    assert len(CHARTERS) == 6
    for charter_id in CHARTERS:
        tab.open(charter_url(site_url, charter_id))
        assert tab.page.evaluate(_OVERFLOW) == [], (charter_id, width)
        chips = tab.page.evaluate(_CHIP_LINES)
        assert len(chips) == 4 and all(lines == 1 for _, lines in chips), (charter_id, chips)
    assert tab.errors == []
    assert tab.requests_elsewhere() == []


def test_tables_become_cards_on_a_phone(site_url: str, tab: Tab) -> None:
    tab.page.set_viewport_size({"width": PHONE, "height": 900})
    tab.open(charter_url(site_url, "harborline-logistics"))
    goal = tab.page.locator("article .handbook-goals tr", has_text="Bring the remaining six")
    assert goal.evaluate("row => getComputedStyle(row).display") == "block"
    owner = goal.locator("td").nth(1)
    assert owner.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Owner: "'
    box = tab.page.locator("article .handbook-goals").first.bounding_box()
    assert box is not None and box["width"] <= PHONE
    assert tab.errors == []


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_the_sparkline_scales_with_the_text(site_url: str, tab: Tab, width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.open(charter_url(site_url, "harborline-logistics"))
    sparkline = tab.page.locator("article svg.handbook-sparkline")
    box = sparkline.bounding_box()
    assert box is not None and 20 <= box["height"] <= 48 and box["width"] > box["height"]
    caption = tab.page.locator("article figure.handbook-trend figcaption")
    assert caption.inner_text() == ("Key goals done per period: 2026-Q3 1 of 2, 2026-Q4 1 of 3.")
    name = sparkline.evaluate(
        "svg => document.getElementById(svg.getAttribute('aria-labelledby')).textContent"
    )
    assert name == caption.inner_text()
    assert tab.errors == []


def test_links_within_the_page_reach_their_goal_and_objective(site_url: str, tab: Tab) -> None:
    tab.open(charter_url(site_url, "harborline-logistics"))
    tab.page.locator("article .handbook-goal-link a", has_text="Take the two pilot").click()
    assert tab.page.evaluate("() => location.hash") == "#goal-q3-pilot-regions"
    target = tab.page.locator("#goal-q3-pilot-regions")
    assert target.is_visible() and target.evaluate("t => t.matches(':target')")
    tab.page.locator("article .handbook-goals a", has_text="Secure renewal").first.click()
    assert tab.page.evaluate("() => location.hash") == "#objective-secure-renewal"
    assert tab.errors == []


def test_material_s_edit_button_stays_off_generated_pages(site_url: str, tab: Tab) -> None:
    """Material would point it at ``docs/charters/ID.md``, which does not exist."""
    tab.open(urljoin(site_url, "about/"))
    button = tab.page.locator("a.md-content__button[href*='edit']")
    assert button.count() == 1
    assert button.get_attribute("href") == f"{REPOSITORY_URL}/edit/main/docs/about.md"
    for charter_id in CHARTERS:
        tab.open(charter_url(site_url, charter_id))
        assert tab.page.locator("a.md-content__button").count() == 0
        edit = tab.page.locator("article a.handbook-edit")
        if edit.count():  # when the renderer is given the site's edit address
            assert edit.get_attribute("href") == (
                f"{REPOSITORY_URL}/edit/main/charters/{charter_id}.yaml"
            )
    assert tab.errors == []


def test_a_site_built_outside_git_shows_no_date(site_url: str, tab: Tab) -> None:
    """The copy under a temporary folder is in no repository: no "Last changed" line."""
    tab.open(charter_url(site_url, "harborline-logistics"))
    assert "Last changed" not in tab.page.locator("article").inner_text()
    assert tab.errors == []
