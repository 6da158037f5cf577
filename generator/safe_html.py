"""Charter text as HTML that can never run: the site's Markdown engine, then a kept sanitiser.

Charter text comes from pull requests, so it is untrusted. It is rendered with Python-Markdown
(the engine MkDocs uses) with raw HTML turned off, so ``<b>`` shows as text; the resulting HTML
is cleaned by ``nh3`` (the Rust ``ammonia`` sanitiser) against an allowlist: no script, no event
handlers, no ``style``, links only to http, https, mailto or relative addresses, images only
from the site itself. The clean HTML is then written out so that no later Markdown pass, in
MkDocs or any other builder, can read anything in it as Markdown: every character that Markdown
or attribute lists give a meaning is written as a character reference.

:func:`links_in` gives the checker the same parse, so the ``unsafe-link`` rule and the
renderer always agree on what is a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3

from generator.text import SAFE_SCHEMES, link_scheme

BLOCK_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "blockquote"}
    | {"a", "del", "hr", "img"}
)
"""What a Markdown field of a charter may become."""
INLINE_TAGS = frozenset({"strong", "em", "b", "i", "code", "a", "del", "img", "br"})
"""What a one-line field (a goal, a role) may become: no paragraphs or lists."""
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
_VOID_TAGS = frozenset({"br", "hr", "img"})
_LITERAL_TAGS = frozenset({"code", "pre", "a"})
"""Inside these no glossary term is linked."""

_MARKDOWN_SIGNS = str.maketrans(
    {sign: f"&#{ord(sign)};" for sign in "\\`*_{}[]|<>:~=^$"} | {"&": "&amp;", '"': "&quot;"}
)
_ATTRIBUTE_SIGNS = str.maketrans(
    {sign: f"&#{ord(sign)};" for sign in "|{}`"}
    | {"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;"}
)
_BLANKS = re.compile(r"\s+")

LinkResolver = Callable[[str], str]
"""Turns a relative link an author wrote (``other-charter.yaml``) into the site's address."""


def _engine() -> markdown.Markdown:
    engine = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    engine.preprocessors.deregister("html_block")  # raw HTML shows as text
    engine.inlinePatterns.deregister("html")
    return engine


_MARKDOWN = _engine()


def markdown_html(text: str) -> str:
    """``text`` as Python-Markdown renders it, before any cleaning."""
    try:
        return str(_MARKDOWN.reset().convert(text))
    except RecursionError:  # absurdly nested quotes or lists: show the text as written
        return f"<p>{html.escape(text)}</p>"


def is_site_image(source: str) -> bool:
    """Images load only from the site itself: a relative address with no host."""
    cleaned = source.strip()
    return link_scheme(cleaned) is None and not cleaned.startswith(("/", "\\"))


@dataclass(frozen=True)
class FoundLink:
    tag: str
    """``a`` for a link, ``img`` for an image."""
    target: str


LINK_SIGNS = ("](", "]:", "<")
"""What every link or image Python-Markdown makes is written with: an inline link's ``](``, a
reference definition's ``]:`` or an autolink's ``<``. Text with none of them has no link."""


def links_in(text: str) -> list[FoundLink]:
    """Every link and image target the renderer would see in ``text``, in order."""
    if not any(sign in text for sign in LINK_SIGNS):
        return []  # most text: no need to render it
    return rendered_links(text)


def rendered_links(text: str) -> list[FoundLink]:
    """The targets of :func:`links_in`, always found by rendering ``text``."""
    collector = _LinkCollector()
    collector.feed(markdown_html(text))
    collector.close()
    return collector.found


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[FoundLink] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.found.append(FoundLink(tag, value))


def clean_html(text: str, *, inline: bool, resolve_link: LinkResolver) -> str:
    """``text`` rendered and sanitised: only allowlisted tags, attributes and addresses."""

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return value if is_site_image(value) else None
        if element == "a" and attribute == "href" and link_scheme(value) is None:
            return resolve_link(value)
        return value

    return nh3.clean(
        markdown_html(text),
        tags=set(INLINE_TAGS if inline else BLOCK_TAGS),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        attribute_filter=keep,
        link_rel="noopener noreferrer",
    )


TermLinks = Callable[[str], list[tuple[int, int, str, str]]]
"""For a text, the terms to link in it: ``(start, end, address, tooltip)`` each."""


def inert_html(clean: str, *, inline: bool, link_terms: TermLinks | None = None) -> str:
    """Clean HTML written so that no Markdown pass can change it, on one line.

    Text and attribute values spell every Markdown sign as a character reference, and line
    breaks inside ``pre`` as ``&#10;``, so the result is the same HTML after MkDocs, Zensical
    or any other builder reads the page. ``link_terms`` links glossary terms in the text.
    """
    writer = _InertWriter(inline, link_terms)
    writer.feed(clean)
    writer.close()
    return "".join(writer.parts).strip()


def escape_for_markdown(text: str) -> str:
    """Plain text that shows as written in Markdown and in HTML: every sign a reference."""
    return text.translate(_MARKDOWN_SIGNS)


def tooltip(text: str) -> str:
    """Text for a ``title`` that Material's tooltips insert as HTML: escaped once more."""
    return html.escape(_BLANKS.sub(" ", text).strip(), quote=False)


class _InertWriter(HTMLParser):
    def __init__(self, inline: bool, link_terms: TermLinks | None) -> None:
        super().__init__(convert_charrefs=True)
        self.inline = inline
        self.link_terms = link_terms
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and not dict(attrs).get("src"):  # an image from another host
            self.handle_data(dict(attrs).get("alt") or "")
            return
        written = "".join(f' {name}="{_attribute(name, value or "")}"' for name, value in attrs)
        self.parts.append(f"<{tag}{written}>")
        if tag not in _VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if "pre" in self.open:
            self.parts.append(escape_for_markdown(data).replace("\n", "&#10;"))
            return
        data = _BLANKS.sub(" ", data)
        if self.link_terms is None or _LITERAL_TAGS.intersection(self.open):
            self.parts.append(escape_for_markdown(data))
            return
        position = 0
        for start, end, address, title in self.link_terms(data):
            self.parts.append(escape_for_markdown(data[position:start]))
            self.parts.append(
                f'<a class="glossary-term" href="{address.translate(_ATTRIBUTE_SIGNS)}" '
                f'title="{title.translate(_ATTRIBUTE_SIGNS)}">'
                f"{escape_for_markdown(data[start:end])}</a>"
            )
            position = end
        self.parts.append(escape_for_markdown(data[position:]))


def _attribute(name: str, value: str) -> str:
    """An attribute value for the page; a ``title`` is a tooltip that Material inserts as HTML."""
    if name == "title":
        value = tooltip(value)
    return value.translate(_ATTRIBUTE_SIGNS)
