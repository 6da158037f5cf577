"""Link rules: charter text is untrusted, so links may only lead to web pages, mail or the site."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.rule import CharterContext, Finding, error
from generator.text import is_safe_link, link_scheme, strings_in

_LINK_TARGETS = (
    re.compile(
        r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?(?P<target>(?:[^()\s<>]|\([^()\s]*\))+)"
    ),  # [](target)
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(?P<target>[^\s>]+)", re.MULTILINE),  # [ref]: target
    re.compile(r"<(?P<target>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>"),  # <scheme:...>
    re.compile(
        r"""\b(?:href|src|data|action|formaction|poster|background|xlink:href)\s*=\s*"""
        r"""["']?\s*(?P<target>[^"'\s>]+)""",
        re.IGNORECASE,
    ),
)


_LINK_MARKERS = ("](", "]:", "<", "=")


def link_targets(value: str) -> list[tuple[int, str]]:
    """``(offset, target)`` for every link written in Markdown or HTML in ``value``, in order."""
    if not any(marker in value for marker in _LINK_MARKERS):
        return []
    return sorted(
        {
            (match.start("target"), match.group("target"))
            for pattern in _LINK_TARGETS
            for match in pattern.finditer(value)
        }
    )


@error(Code.UNSAFE_LINK)
def links_are_safe(charter: CharterContext) -> Iterator[Finding]:
    """Links lead only to web pages, mail or the handbook itself, never to script.

    A link in any text uses something other than `http`, `https`, `mailto` or a relative
    path, for example `javascript:`, `data:`, `file:`, `ftp:` or `tel:`. Markdown links and
    images, reference links, `<…>` links and HTML attributes such as `href` and `src` are all
    checked, in charters and in the glossary.

    ```yaml
    purpose: See [the portal](https://portal.example.com) or [mail us](mailto:team@example.com).
    ```

    Fix: link to a web page, an e-mail address or a relative path instead.
    """
    for path, value in strings_in(charter.data):
        for offset, target in link_targets(value):
            if not is_safe_link(target):
                yield Finding(
                    path,
                    f"link target '{target}' uses the scheme '{link_scheme(target)}:'",
                    "links may use http, https, mailto or a relative path",
                    offset=offset,
                )


RULES = [links_are_safe]
