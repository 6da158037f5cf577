"""Charter text into Markdown that shows what the author wrote and can never run.

Charter text comes from pull requests, so it is untrusted: raw HTML is escaped and shown as
text, attribute lists (``{: onclick=...}``) and images are disarmed, and any link that is not
http, https, mailto or relative is dropped. Glossary terms become links to their entry, with
the definition as the link title (Material shows it as a tooltip).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from markupsafe import Markup

from generator.site.glossary import GlossaryEntry
from generator.text import is_safe_link, link_scheme

_MARKDOWN_LINK = re.compile(r"(\[[^\]\n]*\]\()([^)\s]*(?:\([^()\s]*\))?[^)\s]*)")
_PROTECTED = re.compile(r"`[^`\n]*`|\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>")
_REFERENCE_DEFINITION = re.compile(r"^( {0,3})\[(?=[^\]\n]*\]:)", re.MULTILINE)
_CHARTER_FILE = re.compile(r"^([^/#?]+)\.ya?ml(#.*)?$")
_NEUTRAL = {"{": "&#123;", "}": "&#125;", "|": "&#124;"}


def escape_markdown(text: str) -> str:
    """Escape HTML and the Markdown features charter text may not use; keep the rest."""
    escaped = html.escape(text, quote=True)
    for character, entity in _NEUTRAL.items():
        escaped = escaped.replace(character, entity)
    escaped = escaped.replace("![", "!&#91;")
    escaped = _REFERENCE_DEFINITION.sub(r"\1&#91;", escaped)  # [ref]: url would be a link
    return _MARKDOWN_LINK.sub(_drop_unsafe_target, escaped)


def _drop_unsafe_target(match: re.Match[str]) -> str:
    """Drop unsafe targets; a relative link to a charter's YAML file leads to its page."""
    target = html.unescape(match.group(2))
    if not is_safe_link(target):
        return f"{match.group(1)}#unsafe-link-removed"
    if link_scheme(target) is None and not target.startswith("/"):
        return match.group(1) + _CHARTER_FILE.sub(r"\1.md\2", match.group(2))
    return match.group(0)


class TermLinker:
    """Links the first mention of each glossary term on a page to its entry."""

    def __init__(self, entries: Iterable[GlossaryEntry], glossary_link: str) -> None:
        self.glossary_link = glossary_link
        self.by_name: dict[str, GlossaryEntry] = {}
        for entry in entries:
            for name in entry.names:
                self.by_name.setdefault(name.casefold(), entry)
        names = sorted(self.by_name, key=len, reverse=True)
        words = [r"\s+".join(re.escape(word) for word in name.split()) for name in names]
        self.pattern = (
            re.compile(rf"(?<!\w)({'|'.join(words)})(?!\w)", re.IGNORECASE) if words else None
        )
        self.linked: set[str] = set()

    def inline(self, text: str) -> Markup:
        """One line of text: line breaks become spaces."""
        return self.block(" ".join(text.split()))

    def block(self, text: str) -> Markup:
        """Markdown text with its paragraphs, terms linked on first mention."""
        parts: list[str] = []
        position = 0
        for protected in _PROTECTED.finditer(text):
            parts.append(self._link_terms(text[position : protected.start()]))
            parts.append(escape_markdown(protected.group(0)))
            position = protected.end()
        parts.append(self._link_terms(text[position:]))
        return Markup("".join(parts))

    def _link_terms(self, text: str) -> str:
        if self.pattern is None:
            return escape_markdown(text)
        parts: list[str] = []
        position = 0
        for match in self.pattern.finditer(text):
            entry = self.by_name.get(" ".join(match.group(1).split()).casefold())
            if entry is None or entry.anchor in self.linked:
                continue
            self.linked.add(entry.anchor)
            parts.append(escape_markdown(text[position : match.start()]))
            title = escape_markdown(entry.definition).replace('"', "&quot;")
            parts.append(
                f"[{escape_markdown(match.group(1))}]({self.glossary_link}#{entry.anchor} "
                f'"{" ".join(title.split())}"){{: .glossary-term }}'
            )
            position = match.end()
        parts.append(escape_markdown(text[position:]))
        return "".join(parts)
