"""What a reader sees: every page on a phone and a laptop, in light and dark.

Every page of the built site (found by walking the site folder for ``index.html``, so a new
page kind is covered as soon as the generator writes it) is opened at 390 px and 1280 px wide.
Nothing may scroll sideways: neither the document nor any table, Material scroll box or other
scrolling box in the content (Material wraps wide tables in a box that scrolls, hiding their
overflow from a check of the page alone), and nothing may reach past the screen's edge. Only a
code block keeps its own sideways scroll: a line of code is not rewrapped. No console error,
no request to a host other than 127.0.0.1. The hostile fixture gets the same check on a phone,
and a handbook of 200-character words and long addresses on a phone and a laptop, with a page
of ``.handbook-cards`` tables.

Dark mode: with the system in dark mode Material shows the "slate" scheme; the palette toggle
switches scheme and the choice survives a reload (Material keeps it in localStorage). Every
chip's text has a contrast of at least 4.5:1 against its background in both schemes, and
each bar of the chart and the completeness meter 3:1 against the page.

Skipped like the other browser tests: only without Chromium or Playwright, and never on CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml

from tests.browser.test_site_in_browser import Tab, browser, build_site, tab
from tests.conftest import copy_handbook
from tools.browser import serve_directory

__all__ = ["browser", "tab"]  # fixtures shared with the other browser tests

REPOSITORY = Path(__file__).resolve().parents[2]
HOSTILE = REPOSITORY / "tests" / "fixtures" / "hostile" / "charters"
"""The hostile fixture's charters (see ``test_hostile_site``)."""
PHONE, LAPTOP = 390, 1280
HEIGHT = 900
MINIMUM_CONTRAST = 4.5
"""WCAG 2 level AA for normal text."""
MINIMUM_GRAPHIC_CONTRAST = 3.0
"""WCAG 2 level AA for the parts of a chart or bar a reader must see (1.4.11)."""

LONG_WORD = "Unbroken" + "x" * 192
"""200 characters without a place to break."""
LONG_ADDRESS = "https://harborline.northwind-analytics.example/" + "a-very-long-path/" * 10
"""A link whose text is an address longer than a phone's screen."""


@dataclass(frozen=True)
class Site:
    """A built site served on 127.0.0.1: its base URL and every page's path below it."""

    url: str
    pages: list[str]


def site_pages(site_dir: Path) -> list[str]:
    """Every page of a built site, as a path relative to its root (``""`` for the home page)."""
    pages = []
    for index in sorted(site_dir.rglob("index.html")):
        folder = index.parent.relative_to(site_dir).as_posix()
        pages.append("" if folder == "." else f"{folder}/")
    return pages


def _serve(site_dir: Path) -> Iterator[Site]:
    pages = site_pages(site_dir)
    assert "" in pages and any(page.startswith("charters/") for page in pages), pages
    base_url, stop = serve_directory(site_dir)
    yield Site(base_url, pages)
    stop()


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The fixture handbook's site, built once for this module."""
    project = copy_handbook(tmp_path_factory.mktemp("handbook"))
    site_dir = tmp_path_factory.mktemp("site")
    build_site(project, site_dir)
    yield from _serve(site_dir)


@pytest.fixture(scope="module")
def hostile_reader_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The hostile fixture's site, as ``test_hostile_site`` builds it."""
    handbook = copy_handbook(tmp_path_factory.mktemp("hostile"), HOSTILE)
    build_site(handbook, handbook / "site", strict=False)  # the fixture's drafts have warnings
    yield from _serve(handbook / "site")


def _lengthen(charter: dict[str, Any]) -> None:
    """Put a 200-character word or a long address into each text a page shows."""
    charter["name"] = f"{charter['name']} {LONG_WORD}"
    charter["purpose"] += f"\n\n{LONG_WORD} <{LONG_ADDRESS}>\n"
    for party in charter["parties"]:
        party["name"] = f"{party['name']} {LONG_WORD}"
        party["benefits"] = [f"{benefit} {LONG_WORD}" for benefit in party["benefits"]]
    for objective in charter["objectives"]:
        objective["statement"] += f" {LONG_WORD}"
    for member in charter["members"]:
        member["name"] = f"{member['name']} {LONG_WORD}"
        member["role"] = f"{member['role']} {LONG_ADDRESS}"
        member["contributes"] = f"{LONG_WORD} <{LONG_ADDRESS}>"
    for goal in charter["period"]["key_goals"]:
        goal["goal"] += f" {LONG_WORD}"
        goal["measure"] = f"{LONG_ADDRESS}"
    for item in charter.get("accomplishments", []):
        item["summary"] += f" {LONG_WORD}"


CARDS_PAGE = f"""# Cards

<div class="handbook-cards" markdown>

| Goal | Owner | Due | Status | Advances | Notes |
| --- | --- | --- | --- | --- | --- |
| Bring the remaining six regions onto Lane Forecast | Marcus Bell | 4 December 2026 \
| <span class="handbook-goal-status handbook-goal-at-risk">at-risk</span> \
| Move every regional planning team onto the dashboards | {LONG_WORD} <{LONG_ADDRESS}> |

</div>

<div class="handbook-cards">
<table>
<thead><tr><th>Member</th><th>Role</th><th class="handbook-narrow-hide">Since</th></tr></thead>
<tbody><tr><td data-label="Member">Daniel Reyes</td><td data-label="Role">{LONG_WORD}</td>
<td data-label="Since" class="handbook-narrow-hide">2023-04-03</td></tr></tbody>
</table>
</div>
"""
"""A hand-written page with both forms of ``.handbook-cards``: a wrapped Markdown table and an
HTML table with ``data-label``s and a column dropped on phones."""


@pytest.fixture(scope="module")
def long_words_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The fixture handbook with long words and addresses in one charter's every text."""
    project = copy_handbook(tmp_path_factory.mktemp("long-words"))
    path = project / "charters" / "harborline-logistics.yaml"
    charter = yaml.safe_load(path.read_text(encoding="utf-8"))
    _lengthen(charter)
    path.write_text(yaml.safe_dump(charter, sort_keys=False, allow_unicode=True), "utf-8")
    (project / "docs" / "cards.md").write_text(CARDS_PAGE, encoding="utf-8")
    build_site(project, project / "site", strict=False)
    yield from _serve(project / "site")


# What overflows ---------------------------------------------------------------------------

OVERFLOWING = r"""() => {
  const tolerance = 1;
  const describe = element => element.outerHTML.replace(/\s+/g, ' ').slice(0, 160);
  const found = [];
  for (const element of [document.documentElement, document.body]) {
    if (element.scrollWidth > element.clientWidth + tolerance)
      found.push(`${element.tagName.toLowerCase()}: scrollWidth ${element.scrollWidth} > `
        + `clientWidth ${element.clientWidth}`);
  }
  const content = [...document.querySelectorAll('.md-content *')];
  const scrolls = element => !element.closest('pre')  // a line of code keeps its own scroll
    && ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
  const boxes = content.filter(element => element.matches(
    'table, .md-typeset__scrollwrap, .md-typeset__table') || scrolls(element));
  for (const element of boxes) {
    if (element.scrollWidth > element.clientWidth + tolerance)
      found.push(`scrollWidth ${element.scrollWidth} > clientWidth ${element.clientWidth}: `
        + describe(element));
  }
  const screen = document.documentElement.clientWidth + tolerance;
  for (const element of content) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= screen) continue;
    let right = box.right;  // what a clipping or scrolling ancestor lets show of it
    for (let node = element.parentElement; node; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== 'visible')
        right = Math.min(right, node.getBoundingClientRect().right);
    }
    if (right > screen)
      found.push(`ends at ${Math.round(right)} px, past the screen: ${describe(element)}`);
  }
  return found;
}"""
"""Each box of the page that scrolls sideways, and each element that shows past the screen's
right edge (what a clipping ancestor hides does not count)."""


def _overflow_report(site: Site, tab: Tab, width: int) -> list[str]:
    """What scrolls sideways on each of the site's pages at ``width``, one line per problem."""
    tab.page.set_viewport_size({"width": width, "height": HEIGHT})
    problems = []
    for path in site.pages:
        tab.open(urljoin(site.url, path))
        problems += [
            f"/{path} at {width} px: {problem}" for problem in tab.page.evaluate(OVERFLOWING)
        ]
    return problems


@pytest.mark.parametrize("width", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_no_page_scrolls_sideways(reader_site: Site, tab: Tab, width: int) -> None:
    problems = _overflow_report(reader_site, tab, width)
    assert problems == [], "\n".join(problems)
    assert tab.errors == []
    assert tab.requests_elsewhere() == []


def test_no_hostile_page_scrolls_sideways_on_a_phone(hostile_reader_site: Site, tab: Tab) -> None:
    problems = _overflow_report(hostile_reader_site, tab, PHONE)
    assert problems == [], "\n".join(problems)
    # The fixture's one local image does not exist: its 404 is the only error expected.
    assert [error for error in tab.errors if "none.png" not in error] == []
    assert tab.requests_elsewhere() == []


@pytest.mark.parametrize("width", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_long_words_and_addresses_wrap(long_words_site: Site, tab: Tab, width: int) -> None:
    pages = ["", "charters/harborline-logistics/", "glossary/", "cards/"]
    pages += [page for page in long_words_site.pages if page.startswith("people/")]
    problems = _overflow_report(Site(long_words_site.url, pages), tab, width)
    assert problems == [], "\n".join(problems)
    assert tab.errors == []


def test_card_tables_stack_on_a_phone(long_words_site: Site, tab: Tab) -> None:
    tab.page.set_viewport_size({"width": PHONE, "height": HEIGHT})
    tab.open(urljoin(long_words_site.url, "cards/"))
    layout = tab.page.evaluate(
        """() => [...document.querySelectorAll('.md-content table')].map(table => ({
          header: table.querySelector('thead').getBoundingClientRect().height,
          row: getComputedStyle(table.querySelector('tbody tr')).display,
          dropped: [...table.querySelectorAll('.handbook-narrow-hide')]
            .map(cell => getComputedStyle(cell).display),
          label: getComputedStyle(table.querySelector('td'), '::before').content,
        }))"""
    )
    assert [table["header"] <= 1 for table in layout] == [True, True]
    assert [table["row"] for table in layout] == ["block", "block"]
    assert layout[1]["dropped"] == ["none", "none"]
    assert layout[1]["label"] == '"Member: "'
    assert tab.page.evaluate(OVERFLOWING) == []
    assert tab.errors == []


# Light and dark -----------------------------------------------------------------------------

TOGGLE = "label.md-header__button[for^='__palette_']:visible"
"""Material's palette toggle: one label per palette, only the current one's is shown."""
STORED_PALETTE = """() => Object.entries(localStorage)
  .filter(([key]) => key.endsWith('.__palette'))
  .map(([key, value]) => [key, JSON.parse(value)])"""
"""Material's stored palette choice: ``<scope>.__palette`` in localStorage."""


def _scheme(tab: Tab) -> str | None:
    return tab.page.locator("body").get_attribute("data-md-color-scheme")


def test_dark_mode_follows_the_system_and_the_toggle_persists(reader_site: Site, tab: Tab) -> None:
    page = tab.page
    page.emulate_media(color_scheme="dark")
    tab.open(urljoin(reader_site.url, "charters/harborline-logistics/"))
    assert _scheme(tab) == "slate"
    [(key, stored)] = page.evaluate(STORED_PALETTE)
    assert key == "/.__palette"
    assert stored["color"]["media"] == "(prefers-color-scheme)"  # follows the system

    page.locator(TOGGLE).click()
    assert _scheme(tab) == "default"
    tab.open(page.url)  # a reload: the system is still dark, the reader chose light
    assert _scheme(tab) == "default"
    [(_, stored)] = page.evaluate(STORED_PALETTE)
    assert (stored["color"]["media"], stored["color"]["scheme"]) == (
        "(prefers-color-scheme: light)",
        "default",
    )

    page.locator(TOGGLE).click()
    assert _scheme(tab) == "slate"
    tab.open(reader_site.url)  # another page of the site keeps the choice too
    assert _scheme(tab) == "slate"
    [(_, stored)] = page.evaluate(STORED_PALETTE)
    assert (stored["color"]["media"], stored["color"]["scheme"]) == (
        "(prefers-color-scheme: dark)",
        "slate",
    )
    assert tab.errors == []


CHIP_CLASSES = [
    *(f"handbook-chip handbook-tier-{tier}" for tier in ("key", "growth", "maintain")),
    *(
        f"handbook-chip handbook-status-{status}"
        for status in ("proposed", "active", "under-review", "retired")
    ),
    "handbook-chip",
    *(
        f"handbook-goal-status handbook-goal-{status}"
        for status in ("planned", "on-track", "at-risk", "done", "missed", "dropped")
    ),
]
"""Every chip the templates can write, whether or not the fixture shows it."""

CONTRASTS = r"""([chipClasses]) => {
  const canvas = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const parse = text => {  // rgb(), color(srgb ...) exactly; any other colour through a canvas
    const numbers = body => body.split(/[\s,\/]+/).filter(Boolean).map(Number);
    let match = text.match(/^rgba?\(([^)]+)\)$/);
    if (match) {
      const [r, g, b, a = 1] = numbers(match[1]);
      return [r, g, b, a];
    }
    match = text.match(/^color\(srgb ([^)]+)\)$/);
    if (match) {
      const [r, g, b, a = 1] = numbers(match[1]);
      return [r * 255, g * 255, b * 255, a];
    }
    canvas.clearRect(0, 0, 1, 1);
    canvas.fillStyle = text;
    canvas.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = ([r, g, b, a], [R, G, B]) =>
    [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a), 1];
  const behind = element => {  // the opaque colour under an element, from its ancestors
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const linear = c => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const ratio = (x, y) => {
    const [light, dark] = [luminance(x), luminance(y)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  };
  const article = document.querySelector('.md-content .md-typeset');
  const samples = chipClasses.map(names => {
    const chip = document.createElement('span');
    chip.className = names;
    chip.textContent = 'sample';
    return article.appendChild(chip);
  });
  const chips = [...document.querySelectorAll(
    '.md-content [class*="chip"], .md-content .handbook-goal-status')];
  const texts = chips.map(chip => {
    const background = behind(chip);
    const text = over(parse(getComputedStyle(chip).color), background);
    return [chip.className, chip.textContent.trim().slice(0, 40), ratio(text, background)];
  });
  const page = behind(article);
  const graphics = [...document.querySelectorAll(
    '.md-content .handbook-bar-fill, .md-content .handbook-chart rect:not(.handbook-chart-track)')]
    .map(shape => {
      const style = getComputedStyle(shape);
      const colour = shape instanceof SVGElement ? style.fill : style.backgroundColor;
      return [shape.getAttribute('class'), '', ratio(over(parse(colour), page), page)];
    });
  samples.forEach(chip => chip.remove());
  return {texts, graphics};
}"""
"""Contrast of each chip's text with its background, and of each bar with the page."""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chips_and_charts_are_readable(reader_site: Site, tab: Tab, scheme: str) -> None:
    tab.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    low = []
    for path in ("", "charters/harborline-logistics/", "charters/product-field-council/"):
        tab.open(urljoin(reader_site.url, path))
        assert _scheme(tab) == {"light": "default", "dark": "slate"}[scheme]
        measured = tab.page.evaluate(CONTRASTS, [CHIP_CLASSES])
        low += [
            f"/{path}: text of .{name.replace(' ', '.')} ({text!r}): {ratio:.2f}"
            for name, text, ratio in measured["texts"]
            if ratio < MINIMUM_CONTRAST
        ]
        low += [
            f"/{path}: {name} against the page: {ratio:.2f}"
            for name, _, ratio in measured["graphics"]
            if ratio < MINIMUM_GRAPHIC_CONTRAST
        ]
    assert low == [], "\n".join(low)
    assert tab.errors == []
