"""Serve a built site on 127.0.0.1 and launch Debian's Chromium for Playwright.

Shared by ``tools/screenshots.py`` and the browser tests. Playwright is imported only for
type checking, so serving a directory works without it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium; Playwright's own browser download is not used."""

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_directory(path: Path) -> tuple[str, Callable[[], None]]:
    """Serve ``path`` on 127.0.0.1 on a free port from a daemon thread.

    Returns the base URL (ending in ``/``) and a function that stops the server.
    """
    handler = functools.partial(_QuietHandler, directory=str(path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    assert isinstance(host, str)

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://{host}:{port}/", stop


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch Debian's headless Chromium with options that keep it off the network."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
    )
