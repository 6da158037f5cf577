"""Take the README's screenshots of a built site with Debian's headless Chromium.

Build the site first, then::

    handbook build --today 2026-11-23 --site-dir /tmp/site
    python tools/screenshots.py --site /tmp/site

The site is served on 127.0.0.1 only; the browser makes no other request.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``tools`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.browser import launch_chromium, serve_directory

WIDTH, HEIGHT = 1280, 1000
"""The viewport; screenshots cover the full page."""
SHOTS = {
    "portfolio.png": "",
    "charter.png": "charters/harborline-logistics/",
}
"""File name and page, relative to the site's root."""


def take_screenshots(site: Path, out: Path) -> list[Path]:
    """Save a full-page screenshot of each page in ``SHOTS`` into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    base_url, stop = serve_directory(site)
    saved: list[Path] = []
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
                page = context.new_page()
                for name, path in SHOTS.items():
                    response = page.goto(base_url + path, wait_until="networkidle")
                    if response is None or not response.ok:
                        status = response.status if response else "no response"
                        raise RuntimeError(f"{base_url + path}: {status}")
                    target = out / name
                    page.screenshot(path=str(target), full_page=True)
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
