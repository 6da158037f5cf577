"""Take the README's screenshots of a built site with Debian's headless Chromium.

Each page is taken on a phone (390 px) and a laptop (1280 px), in the light and the dark
scheme, as ``PAGE-WIDTH-SCHEME.png`` (``portfolio-390-dark.png``). Build the site first, then::

    handbook build --today 2026-11-23 --site-dir /tmp/site
    python tools/screenshots.py --site /tmp/site

The site is served on 127.0.0.1 only; the browser makes no other request.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Literal

if __package__ in (None, ""):  # run as a script: make ``tools`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.browser import launch_chromium, serve_directory

PAGES = {
    "portfolio": "",
    "charter": "charters/harborline-logistics/",
}
"""Each screenshot's name and its page, relative to the site's root."""
WIDTHS = (390, 1280)
"""A phone's and a laptop's viewport width, in CSS pixels."""
HEIGHT = 900
"""The viewport's height; a screenshot covers the page down to ``MAXIMUM_HEIGHT``."""
MAXIMUM_HEIGHT = 3200
"""Where a long page's screenshot is cut, to keep the README's images small."""
SCHEMES: dict[Literal["light", "dark"], str] = {"light": "default", "dark": "slate"}
"""The system's colour scheme and the Material scheme the site shows for it."""


def screenshot_name(page: str, width: int, scheme: str) -> str:
    """The file name of one screenshot: ``portfolio-1280-light.png``."""
    return f"{page}-{width}-{scheme}.png"


def take_screenshots(site: Path, out: Path) -> list[Path]:
    """Save a screenshot of each page in ``PAGES`` at each width and scheme into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    base_url, stop = serve_directory(site)
    saved: list[Path] = []
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                for scheme, material_scheme in SCHEMES.items():
                    for width in WIDTHS:
                        context = browser.new_context(
                            viewport={"width": width, "height": HEIGHT}, color_scheme=scheme
                        )
                        page = context.new_page()
                        for name, path in PAGES.items():
                            url = base_url + path
                            response = page.goto(url, wait_until="networkidle")
                            if response is None or not response.ok:
                                status = response.status if response else "no response"
                                raise RuntimeError(f"{url}: {status}")
                            shown = page.locator("body").get_attribute("data-md-color-scheme")
                            if shown != material_scheme:
                                raise RuntimeError(f"{url}: scheme {shown}, not {material_scheme}")
                            height = page.evaluate("document.documentElement.scrollHeight")
                            target = out / screenshot_name(name, width, scheme)
                            page.screenshot(
                                path=str(target),
                                full_page=True,
                                clip={
                                    "x": 0,
                                    "y": 0,
                                    "width": width,
                                    "height": min(height, MAXIMUM_HEIGHT),
                                },
                            )
                            saved.append(target)
                        context.close()
            finally:
                browser.close()
    finally:
        stop()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--site", type=Path, required=True, help="a built site (index.html)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("docs/screenshots"),
        help="where to save the PNG files (default: docs/screenshots)",
    )
    arguments = parser.parse_args(argv)
    site: Path = arguments.site
    if not (site / "index.html").is_file():
        parser.error(f"{site}: no index.html; build the site first")
    for saved in take_screenshots(site, arguments.out):
        print(saved)
    return 0


if __name__ == "__main__":
    sys.exit(main())
