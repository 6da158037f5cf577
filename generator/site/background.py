"""Rendering a site's pages in a second process while MkDocs reads the others (``mkdocs build``).

MkDocs builds on one core. Once the charters are checked, the navigation and the list of
generated pages and files are known; their content is needed only when MkDocs reads each page
and, for the exports and calendars, when it copies the files at the end. A child process
(forked, so it shares the check's result without copying it) renders the pages in the order
MkDocs reads them and sends each one as it is done, then the files; MkDocs meanwhile reads the
hand-written pages and the generated ones already sent. What is rendered is exactly what
:meth:`SiteGenerator.render` renders in this process: the same code on the same values.

When the build writes the person pages itself (:mod:`generator.site.stamping`), the child
then does part of MkDocs' work too. MkDocs reads the generated pages from the first; the child
turns them into HTML from the last (:class:`generator.site.stamping.Body`), each one MkDocs has
not started yet (a shared counter says which), until the two meet: MkDocs then skips the
Markdown of the pages the child did. Last, the child makes the bodies of the person pages,
which are needed only when the build ends.

When the child fails or dies, this process renders the site itself, so a problem is reported
the same way as without a child.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import traceback
from dataclasses import dataclass
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
from generator.site.stamping import Body, BodyMaker, is_stamped

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
    """The generated pages and files of a checked site, rendered by a child process once
    :meth:`start` is called."""

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
        self._bodies: list[Body] | None = None
        self._body_maker: BodyMaker | None = None
        self._positions = {path: position for position, path in enumerate(self.pages)}
        self._claimed: Any = None
        """How many of ``pages`` MkDocs has started to read (shared with the child)."""
        self._early: dict[str, Body] = {}
        """Bodies of pages the child made before MkDocs reached them."""
        self._ended = False
        """The child sent everything, failed or died: nothing more will come."""
        self._fallback: RenderedSite | None = None
        self._arrived = threading.Condition()
        self._child: multiprocessing.process.BaseProcess | None = None
        self._reader: threading.Thread | None = None

    def start(self, body_maker: BodyMaker | None = None) -> None:
        """Fork the child, once the site's files are all known to MkDocs. With
        ``body_maker``, the child makes the bodies of the person pages too."""
        self._body_maker = body_maker
        context = multiprocessing.get_context("fork")
        self._claimed = context.Value("l", 0, lock=False)
        receiving, sending = context.Pipe(duplex=False)
        ahead = _Ahead(body_maker, self.pages, self._claimed) if body_maker else None
        self._child = context.Process(
            target=_render_and_send,
            args=(self._generator, self._checked, self._directory_urls, sending, ahead),
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

    def bodies_ready(self) -> bool:
        """Whether :meth:`bodies` would answer without waiting for the child."""
        with self._arrived:
            return self._bodies is not None

    def claim(self, path: str) -> Body | None:
        """MkDocs starts to read generated page ``path``: the child leaves it alone, and the
        pages before it. Returns its body when the child made it already."""
        position = self._positions.get(path)
        if self._claimed is not None and position is not None:
            self._claimed.value = max(self._claimed.value, position + 1)
        with self._arrived:
            return self._early.pop(path, None)

    def bodies(self) -> list[Body]:
        """The bodies of the person pages (:meth:`start` was given a ``body_maker``)."""
        with self._arrived:
            self._arrived.wait_for(lambda: self._bodies is not None or self._ended)
            if self._bodies is not None:
                return self._bodies
        if self._body_maker is None:
            raise RuntimeError("the child was started without a body maker")
        pages = self._rendered_here().pages
        return self._body_maker.bodies((page.path, page.markdown) for page in pages)

    def close(self) -> None:
        """Stop the child if it still runs, and wait for it."""
        if self._child is not None:
            if self._child.is_alive():
                self._child.terminate()
            self._child.join()
        if self._reader is not None:
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
                        if self._body_maker is None:
                            return
                    elif message[0] == "body":
                        self._early[message[1]] = message[2]
                    elif message[0] == "bodies":
                        self._bodies = message[1]
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


@dataclass(frozen=True)
class _Ahead:
    """What the child needs to do part of MkDocs' work."""

    body_maker: BodyMaker
    pages: list[str]
    """The generated pages in the order MkDocs reads them."""
    claimed: Any
    """How many of them MkDocs has started (a shared ``multiprocessing.Value``)."""


def _render_and_send(
    generator: SiteGenerator,
    checked: CheckedSite,
    directory_urls: bool,
    sending: Connection,
    ahead: _Ahead | None,
) -> None:
    """In the child: render every page and file, sending each as soon as it is ready; then,
    with ``ahead``, the bodies of the pages MkDocs has not reached, from the last, and those
    of the person pages."""

    def send(page: GeneratedPage) -> None:
        if ahead is None or not is_stamped(page.path):
            sending.send(("page", page.path, page.markdown))

    try:
        site = generator.render(checked, directory_urls, on_page=send)
        sending.send(("files", site.files))
        if ahead is not None:
            markdown = {page.path: page.markdown for page in site.pages}
            for position in reversed(range(len(ahead.pages))):
                path = ahead.pages[position]
                if ahead.claimed.value > position:
                    break
                if not is_stamped(path):
                    sending.send(("body", path, ahead.body_maker.body(path, markdown[path])))
            pages = ((page.path, page.markdown) for page in site.pages)
            sending.send(("bodies", ahead.body_maker.bodies(pages)))
    except BaseException:
        sending.send(("failed", traceback.format_exc()))
    finally:
        sending.close()
