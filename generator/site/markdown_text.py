"""Charter text on a generated page: shown as the author wrote it, never live markup.

Plain values (names, ids, dates) are escaped for Markdown by :func:`escape_markdown`; Markdown
fields and one-line texts go through :mod:`generator.safe_html` (the site's Markdown
engine, then the sanitiser). On every page but the glossary the first mention of each term
links to its glossary entry, with the definition as a tooltip.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from markupsafe import Markup

from generator.safe_html import clean_html, escape_for_markdown, inert_html, tooltip
from generator.site.addresses import relative_url
from generator.site.glossary import GlossaryEntry, HandbookGlossary

_CHARTER_FILE = re.compile(r"^([^/#?\\]+)\.ya?ml(#.*)?$")
_SOURCE_PAGE = re.compile(r"^([^/#?\\][^#?\\]*\.md)(#.*)?$")
_MARKUP_SIGNS = frozenset("\\`*_[]<>&!")
"""What Python-Markdown reads inside a line: escapes, code, emphasis, links, images, HTML,
autolinks and character references. (``!`` only starts an image before ``[``; excluded all
the same.)"""
_BLOCK_START = re.compile(r"[-+#>=:|~]|\d+[.)]")
"""How a line may start a block other than a paragraph: a list, heading, quote or rule."""


def is_plain(text: str) -> bool:
    """Whether ``text`` is one line that Markdown would show exactly as written, in one
    paragraph: printable (no line break, tab, control or format character), no blank at
    either end, and none of the signs Markdown reads.

    The pages render most charter text this way; for such text the Markdown engine and the
    sanitiser give back the text itself, so :class:`PageText` skips them (a test holds the
    two ways to the same output).
    """
    return (
        text.isprintable()
        and text == text.strip()
        and bool(text)
        and _MARKUP_SIGNS.isdisjoint(text)
        and _BLOCK_START.match(text) is None
    )


def escape_markdown(text: str) -> str:
    """A plain value as inert Markdown text: no markup, link, attribute list or HTML.

    The same escaping as the text inside sanitised charter Markdown: one table of signs.
    """
    return escape_for_markdown(text)


class PageText:
    """Renders charter text for one page, linking each glossary term once per page."""

    def __init__(
        self,
        page: str,
        glossary: HandbookGlossary | Iterable[GlossaryEntry],
        glossary_page: str | None,
        directory_urls: bool = True,
    ) -> None:
        """``glossary_page`` None links no terms (on the glossary page itself)."""
        self.page = page
        self.directory_urls = directory_urls
        self.glossary = (
            glossary if isinstance(glossary, HandbookGlossary) else HandbookGlossary(list(glossary))
        )
        self.links_terms = glossary_page is not None
        self.glossary_url = relative_url(page, glossary_page or page, directory_urls)
        self.linked: set[str] = set()

    def inline(self, text: str) -> Markup:
        """A one-line text: emphasis, code and links, no paragraphs."""
        if is_plain(text):
            clean = text  # what the engine and the sanitiser make of it
        else:
            clean = clean_html(text, inline=True, resolve_link=self._resolve)
        return Markup(inert_html(clean, inline=True, link_terms=self._terms))

    def block(self, text: str) -> Markup:
        """A Markdown field with its paragraphs and lists, as one HTML block."""
        if is_plain(text):
            clean = f"<p>{text}</p>"  # what the engine and the sanitiser make of it
        else:
            clean = clean_html(text, inline=False, resolve_link=self._resolve)
        body = inert_html(clean, inline=False, link_terms=self._terms)
        return Markup(f'<div class="handbook-text">{body}</div>')

    def _resolve(self, target: str) -> str:
        """Relative links: ``other.yaml`` leads to that charter's page, ``x.md`` to that page."""
        charter = _CHARTER_FILE.match(target)
        if charter is not None:
            page = f"charters/{charter.group(1)}.md"
            return relative_url(self.page, page, self.directory_urls) + (charter.group(2) or "")
        source = _SOURCE_PAGE.match(target)
        if source is not None:
            page = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), source[1]))
            return relative_url(self.page, page, self.directory_urls) + (source.group(2) or "")
        return target

    def _terms(self, text: str) -> list[tuple[int, int, str, str]]:
        if not self.links_terms:
            return []
        found = []
        for start, end, entry in self.glossary.mentions(text):
            if entry.anchor in self.linked:
                continue
            self.linked.add(entry.anchor)
            address = f"{self.glossary_url}#{entry.anchor}"
            found.append((start, end, address, tooltip(entry.definition)))
        return found
