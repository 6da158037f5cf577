"""Rendering a site's pages in a second process while MkDocs reads the others (``mkdocs build``).

MkDocs builds on one core. Once the charters are checked, the navigation and the list of
generated pages and files are known; their content is needed only when MkDocs reads each page
and, for the exports and calendars, when it copies the files at the end. A child process
(forked, so it shares the check's result without copying it) renders the pages in the order
MkDocs reads them and sends each one as it is done, then the files; MkDocs meanwhile reads the
hand-written pages and the generated ones already sent. What is rendered is exactly what
:meth:`SiteGenerator.render` renders in this process: the same code on the same values.

When the child fails or dies, this process renders the site itself, so a problem is reported
the same way as without a child.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import traceback
from multiprocessing.connection import Connection
from typing import Any

from generator.site.generate import CheckedSite, SiteGenerator, export_paths
from generator.site.navigation import handbook_nav
from generator.site.person_view import PEOPLE_PAGE
from generator.site.render import (
    GLOSSARY_PAGE,
    PORTFOLIO_PAGE,
    GeneratedPage,
    RenderedSite,
    page_paths,
    page_summaries,
)

MIN_PAGES = 200
"""Below this many generated pages, starting a process costs more than it saves."""


def available(pages: int) -> bool:
    """Whether a site of ``pages`` generated pages is best rendered in a forked child: Linux,
    no other thread in this process (a fork copies locks other threads may hold), and enough
    pages."""
    return (
        pages >= MIN_PAGES
        and sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class BackgroundSite:
    """The generated pages and files of a checked site, rendered by a child process."""

    def __init__(
        self, generator: SiteGenerator, checked: CheckedSite, directory_urls: bool
    ) -> None:
        self._generator = generator
        self._checked = checked
        self._directory_urls = directory_urls
        self.summaries = page_summaries(checked.result, checked.today)
        self.pages = page_paths(self.summaries, checked.result.people)
        """The paths of the generated pages, in the order they are rendered."""
        self.page_set = frozenset(self.pages)
        self.files = export_paths(checked.result)
        """The site paths of the generated files (exports and calendars)."""
        self._received: dict[str, str] = {}
        self._files: dict[str, str | bytes] | None = None
        self._ended = False
        """The child sent everything, failed or died: nothing more will come."""
        self._fallback: RenderedSite | None = None
        self._arrived = threading.Condition()
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        self._child = context.Process(
            target=_render_and_send,
            args=(generator, checked, directory_urls, sending),
            name="handbook-render",
            daemon=True,
        )
        self._child.start()
        sending.close()
        self._reader = threading.Thread(
            target=self._receive, args=(receiving,), name="handbook-render-reader", daemon=True
        )
        self._reader.start()

    def nav(self) -> list[dict[str, Any]]:
        return handbook_nav(self.summaries, PORTFOLIO_PAGE, GLOSSARY_PAGE, PEOPLE_PAGE)

    def page(self, path: str) -> str:
        """The Markdown of generated page ``path``, once rendered."""
        with self._arrived:
            self._arrived.wait_for(lambda: path in self._received or self._ended)
            if path in self._received:
                return self._received[path]
        return next(page.markdown for page in self._rendered_here().pages if page.path == path)

    def file(self, path: str) -> str | bytes:
        """The content of generated file ``path``, once made."""
        with self._arrived:
            self._arrived.wait_for(lambda: self._files is not None or self._ended)
            if self._files is not None:
                return self._files[path]
        return self._rendered_here().files[path]

    def close(self) -> None:
        """Stop the child if it still runs, and wait for it."""
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._reader.join()

    def _receive(self, receiving: Connection) -> None:
        try:
            while True:
                message = receiving.recv()
                with self._arrived:
                    if message[0] == "page":
                        self._received[message[1]] = message[2]
                    elif message[0] == "files":
                        self._files = message[1]
                        return
                    else:  # "failed": rendered here instead, to report it as usual
                        return
                    self._arrived.notify_all()
        except (EOFError, OSError):
            return  # the child died
        finally:
            receiving.close()
            with self._arrived:
                self._ended = True
                self._arrived.notify_all()

    def _rendered_here(self) -> RenderedSite:
        if self._fallback is None:
            self._fallback = self._generator.render(self._checked, self._directory_urls)
        return self._fallback


def _render_and_send(
    generator: SiteGenerator, checked: CheckedSite, directory_urls: bool, sending: Connection
) -> None:
    """In the child: render every page and file, sending each as soon as it is ready."""

    def send(page: GeneratedPage) -> None:
        sending.send(("page", page.path, page.markdown))

    try:
        site = generator.render(checked, directory_urls, on_page=send)
        sending.send(("files", site.files))
    except BaseException:
        sending.send(("failed", traceback.format_exc()))
    finally:
        sending.close()
