"""Charter text on the partner's page: the site's Markdown and sanitiser, then less.

The partner reads the page away from the handbook, so on top of what the site allows
(:mod:`generator.safe_html`) it drops images (shown as their text: the page loads nothing),
titles, and links other than http, https and mailto: a link to another charter's ``.yaml``
file or any other relative address would be dead, and shows as its text.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from markupsafe import Markup

from generator.safe_html import BLOCK_TAGS, clean_html
from generator.text import SAFE_SCHEMES, link_scheme

_VOID_TAGS = frozenset({"br", "hr", "img"})


def partner_html(text: str, *, inline: bool) -> Markup:
    """``text`` as HTML for the partner's page; ``inline`` for one-line fields (no blocks)."""
    writer = _PartnerWriter()
    writer.feed(clean_html(text, inline=inline, resolve_link=lambda target: target))
    writer.close()
    return Markup("".join(writer.parts).strip())


class _PartnerWriter(HTMLParser):
    """Writes sanitised HTML again, keeping only what the partner's page allows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[bool] = []
        """For each open ``a``: whether it was kept as a link."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.handle_data(values.get("alt") or "")
        elif tag == "a":
            href = (values.get("href") or "").strip()
            kept = bool(href) and link_scheme(href) in SAFE_SCHEMES
            self.links.append(kept)
            if kept:
                self.parts.append(f'<a href="{html.escape(href)}" rel="noopener noreferrer">')
        elif tag in BLOCK_TAGS:
            start = values.get("start") or ""
            number = f' start="{start}"' if tag == "ol" and start.isdigit() else ""
            self.parts.append(f"<{tag}{number}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            if self.links and self.links.pop():
                self.parts.append("</a>")
        elif tag in BLOCK_TAGS and tag not in _VOID_TAGS:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(html.escape(data, quote=False))


def visible_text(page: str) -> str:
    """The text a reader sees in a page's body, without its markup."""
    reader = _TextReader()
    reader.feed(page)
    reader.close()
    return "".join(reader.parts)


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_body = self.in_body or tag == "body"

    def handle_data(self, data: str) -> None:
        if self.in_body:
            self.parts.append(data)
