"""Markdown for the reports: charter text is untrusted, so it is escaped before it is shown.

The reports are posted on GitHub (pull-request comments, job summaries), which turns more
than Markdown into links: ``@name`` notifies a person or team, ``#123`` and ``GH-123`` point
at issues, and bare ``https://…``, ``www.…`` and e-mail addresses become links. A zero-width
space inside each keeps the text as written but stops GitHub from acting on it.
"""

from __future__ import annotations

import html
import re

from generator.check.formatters import printable

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_SAFE_IN_CODE = re.compile(r"^[A-Za-z0-9._/-]+$")
_NO_LINK = "\u200b"
"""A zero-width space: invisible, but no mention, reference or autolink spans it."""
_AUTOLINKED = re.compile(
    r"(?P<at>@)(?=\w)"  # @user, @org/team, the @ of an e-mail address
    r"|(?P<number>#|\bgh-)(?=\d)"  # #123, owner/repo#123, GH-123
    r"|(?P<scheme>\b[a-z][a-z0-9+.-]*:)(?=//)"  # https://…, ftp://…
    r"|(?P<www>\bwww)(?=\.)",  # www.example.com
    re.IGNORECASE,
)


def escape_inline(text: object) -> str:
    """Untrusted text as one line of Markdown that shows exactly what was written.

    Whitespace (line breaks included) collapses to single spaces, so text cannot start a
    heading, list or table row; Markdown punctuation is backslash-escaped and HTML becomes
    entities, so nothing renders as emphasis, code, a link, an image or a tag; other control
    characters are shown as escapes; mentions, issue references and bare addresses stay text.
    """
    line = printable(" ".join(str(text).split()))
    escaped = html.escape(_INLINE_SPECIAL.sub(r"\\\1", line), quote=False)
    return _AUTOLINKED.sub(lambda match: match.group() + _NO_LINK, escaped)


def code(text: object) -> str:
    """An id or a ref as inline code when that is safe, else as escaped text."""
    value = str(text)
    return f"`{value}`" if _SAFE_IN_CODE.match(value) else escape_inline(value)


def code_span(text: object) -> str:
    """Text as inline code, shown exactly (a command, a path and line): nothing in a code span
    is Markdown, a mention or a link. Text with a backtick is escaped text instead."""
    value = printable(" ".join(str(text).split()))
    return f"`{value}`" if "`" not in value and value.strip() else escape_inline(value)
