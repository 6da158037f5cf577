"""The portfolio dashboard in Chromium (issue 13): filters, sorting, the page without script,
phones, dark mode and the relation map.

The fixture handbook's site is built and served once, as in test_site_in_browser.py, whose
fixtures (``site_url``, ``browser``, ``tab``) this module shares: every test opens a fresh
browser context that records console errors and every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_site_in_browser import CHARTERS, Tab, browser, site_url, tab

__all__ = ["browser", "site_url", "tab"]  # fixtures shared with the other browser tests

TIERS = {
    "key": ["brightpath-consulting", "cloudpeak-alliance", "harborline-logistics"],
    "growth": ["learnwell-academy", "product-field-council"],
    "maintain": ["kestrel-support-services"],
}
"""The fixture's relationships by tier, in the order the page lists them (by name)."""

ROWS = "article table.portfolio-table tbody tr"


def shown_rows(page: Page) -> list[str]:
    """The charter ids of the dashboard rows a reader sees, top to bottom."""
    ids: list[str] = page.locator(f"{ROWS}:visible").evaluate_all(
        "rows => rows.map(row => row.id.replace('portfolio-', ''))"
    )
    return ids


def shown_tiers(page: Page) -> list[str]:
    tiers: list[str] = page.locator("article .portfolio-tier:visible").evaluate_all(
        "tiers => tiers.map(tier => tier.dataset.tier)"
    )
    return tiers


def assert_clean(tab: Tab) -> None:
    """No console error, no uncaught error, no request to any host but 127.0.0.1."""
    assert tab.errors == []
    assert tab.requests_elsewhere() == []


def test_filters_show_only_the_chosen_tier_status_and_owner(site_url: str, tab: Tab) -> None:
    tab.open(site_url)
    page = tab.page
    controls = page.locator("article [data-portfolio-controls]")
    expect(controls).to_be_visible()
    everyone = [charter_id for ids in TIERS.values() for charter_id in ids]
    assert shown_rows(page) == everyone

    page.select_option("select[data-filter=tier]", "growth")
    assert shown_rows(page) == TIERS["growth"]
    assert shown_tiers(page) == ["growth"]
    expect(page.locator("article h2", has_text="Key accounts")).to_be_hidden()
    expect(page.locator("article h2", has_text="Growth")).to_be_visible()
    expect(page.locator("[data-portfolio-count]")).to_have_text("Showing 2 of 6 relationships.")

    page.select_option("select[data-filter=tier]", "")
    page.select_option("select[data-filter=status]", "under-review")
    assert shown_rows(page) == ["brightpath-consulting"]

    page.select_option("select[data-filter=status]", "active")
    page.select_option("select[data-filter=owner]", "maya-okafor")
    assert shown_rows(page) == ["cloudpeak-alliance"]
    assert shown_tiers(page) == ["key"]

    page.select_option("select[data-filter=status]", "")
    assert shown_rows(page) == ["brightpath-consulting", "cloudpeak-alliance"]

    page.select_option("select[data-filter=owner]", "")
    assert shown_rows(page) == everyone
    assert shown_tiers(page) == list(TIERS)
    expect(page.locator("[data-portfolio-count]")).to_have_text("")
    assert_clean(tab)


def column_button(tier: str, column: str) -> str:
    """The sort button of ``column`` in ``tier``'s table."""
    return f"article .portfolio-tier[data-tier={tier}] th button:text-is('{column}')"


def test_column_headings_sort_the_rows(site_url: str, tab: Tab) -> None:
    tab.open(site_url)
    page = tab.page
    key = "article .portfolio-tier[data-tier=key]"

    def key_rows() -> list[str]:
        return [row for row in shown_rows(page) if row in TIERS["key"]]

    page.click(column_button("key", "Relationship"))
    assert key_rows() == TIERS["key"]
    expect(page.locator(f"{key} th[aria-sort]")).to_have_count(1)
    expect(page.locator(f"{key} th[aria-sort=ascending]")).to_have_text("Relationship")

    page.click(column_button("key", "Relationship"))
    assert key_rows() == TIERS["key"][::-1]
    expect(page.locator(f"{key} th[aria-sort=descending]")).to_have_text("Relationship")

    # Health: the healthy first, then by how much needs attention.
    page.click(column_button("key", "Health"))
    assert key_rows() == ["cloudpeak-alliance", "harborline-logistics", "brightpath-consulting"]

    # Next review, soonest first: BrightPath 16 December, Cloudpeak 12 January, Harborline 14.
    page.click(column_button("key", "Next review"))
    assert key_rows() == ["brightpath-consulting", "cloudpeak-alliance", "harborline-logistics"]

    # Every tier's table follows the same order: completeness 77 before 100 in Growth.
    page.click(column_button("growth", "Completeness"))
    assert [r for r in shown_rows(page) if r in TIERS["growth"]] == TIERS["growth"]
    page.click(column_button("growth", "Completeness"))
    assert [r for r in shown_rows(page) if r in TIERS["growth"]] == TIERS["growth"][::-1]
    expect(page.locator("article th[aria-sort=descending]")).to_have_count(len(TIERS))
    expect(page.locator("article th[aria-sort=ascending]")).to_have_count(0)
    assert_clean(tab)


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    yield context.new_page()
    context.close()


def test_without_javascript_every_relationship_is_listed(
    site_url: str, no_script_page: Page
) -> None:
    page = no_script_page
    page.goto(site_url)
    assert sorted(shown_rows(page)) == sorted(CHARTERS)
    for charter_id, name in CHARTERS.items():
        expect(page.locator(f"{ROWS} a[href='charters/{charter_id}/']")).to_have_text(name)
    expect(page.locator("[data-portfolio-controls]")).to_be_hidden()
    expect(page.locator("article .portfolio-sort")).to_have_count(0)
    expect(page.locator("article figure.relation-map svg a")).to_have_count(3)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_nothing_scrolls_sideways(
    site_url: str, browser: Browser, width: int, scheme: Literal["light", "dark"]
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        tab = Tab(page)
        page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: tab.errors.append(str(error)))
        page.on("request", lambda request: tab.requests.append(request.url))
        tab.open(site_url)
        page_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert page_width[0] <= page_width[1], page_width
        boxes = page.evaluate(
            """() => [...document.querySelectorAll(
                  'article table, article .md-typeset__scrollwrap, article figure')]
                .map(box => [box.className, box.scrollWidth, box.clientWidth])"""
        )
        assert len(boxes) >= 6  # three dashboard tables, the owners' table, two figures
        wider = [box for box in boxes if box[1] > box[2]]
        assert wider == []
        assert_clean(tab)
    finally:
        context.close()


CONTRAST = """chip => {
  const parse = value => {
    const numbers = value.match(/[\\d.]+/g).map(Number);
    const srgb = value.startsWith('color(');
    const [r, g, b] = numbers.slice(0, 3).map(n => (srgb ? n : n / 255));
    return [r, g, b, numbers.length > 3 ? numbers[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a)
      .concat([a]);
  };
  let background = [0, 0, 0, 0];
  for (let node = chip; node; node = node.parentElement) {
    background = over(background, parse(getComputedStyle(node).backgroundColor));
    if (background[3] >= 0.999) break;
  }
  background = over(background, [1, 1, 1, 1]);
  const text = over(parse(getComputedStyle(chip).color), background);
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(v =>
      v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(text), luminance(background)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}"""
"""The WCAG contrast ratio of a chip's text on what shows behind it: its own background over
its ancestors', composited as the browser paints them (Material's colours are translucent)."""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_status_chips_are_readable_in_both_schemes(
    site_url: str, tab: Tab, scheme: Literal["light", "dark"]
) -> None:
    tab.page.emulate_media(color_scheme=scheme)
    tab.open(site_url)
    expected = "slate" if scheme == "dark" else "default"
    expect(tab.page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    chips = tab.page.locator("article .portfolio-status, article .portfolio-healthy")
    assert chips.count() == len(CHARTERS) + 4  # six statuses, four "healthy"
    for chip in chips.all():
        assert chip.evaluate("chip => getComputedStyle(chip).whiteSpace") == "nowrap"
        ratio = chip.evaluate(CONTRAST)
        assert ratio >= 4.5, f"{chip.inner_text()}: {ratio:.2f}"
    assert_clean(tab)


def test_the_relation_map_links_each_relationship_to_its_page(site_url: str, tab: Tab) -> None:
    tab.open(site_url)
    figure = tab.page.locator("article figure.relation-map")
    expect(figure.locator("> svg")).to_be_visible()
    links = figure.locator("> svg a")
    expect(links).to_have_count(3)
    hrefs = links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert hrefs == [f"charters/{charter_id}/" for charter_id in TIERS["key"]]
    links.first.click()
    tab.page.wait_for_url(urljoin(site_url, "charters/brightpath-consulting/"))
    assert_clean(tab)
