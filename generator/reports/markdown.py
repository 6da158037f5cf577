"""Markdown for the reports: charter text is untrusted, so it is escaped before it is shown."""

from __future__ import annotations

import html
import re

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SAFE_IN_CODE = re.compile(r"^[A-Za-z0-9._/-]+$")


def escape_inline(text: object) -> str:
    """Untrusted text as one line of Markdown that shows exactly what was written.

    Whitespace (line breaks included) collapses to single spaces, so text cannot start a
    heading, list or table row; Markdown punctuation is backslash-escaped and HTML becomes
    entities, so nothing renders as emphasis, code, a link, an image or a tag.
    """
    line = " ".join(str(text).split())
    return html.escape(_INLINE_SPECIAL.sub(r"\\\1", line), quote=False)


def code(text: object) -> str:
    """An id or a ref as inline code when that is safe, else as escaped text."""
    value = str(text)
    return f"`{value}`" if _SAFE_IN_CODE.match(value) else escape_inline(value)
