"""Link rules: charter text is untrusted, so links may only lead to web pages, mail or the site."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.rules.rule import CharterContext, Finding, error
from generator.check.schema import EXTENSION_PREFIX
from generator.safe_html import LINK_SIGNS, is_site_image, links_in
from generator.text import is_safe_link, link_scheme, strings_in
from generator.values import DataPath

MARKDOWN_FIELDS = frozenset(
    {"purpose", "reference", "statement", "benefits", "role", "contributes"}
    | {"membership_criteria", "goal", "measure", "format", "agenda", "summary"}
    | {"partner_fit", "exit_criteria", "definition", "internal", "left_reason"}
    | {"challenges", "risk", "mitigation", "idea", "note"}
)
"""The fields the site renders as Markdown; every other value is shown as plain text."""


def _markdown_texts(data: object) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The texts the site renders as Markdown that hold something a link is written with."""
    for path, value in strings_in(data):
        if not any(sign in value for sign in LINK_SIGNS):
            continue  # most text: no link to look at (see links_in)
        field = next((step for step in reversed(path) if isinstance(step, str)), None)
        if field in MARKDOWN_FIELDS and not any(
            isinstance(step, str) and step.startswith(EXTENSION_PREFIX) for step in path
        ):
            yield path, value


@error(Code.UNSAFE_LINK)
def links_are_safe(charter: CharterContext) -> Iterator[Finding]:
    """Links lead only to web pages, mail or the handbook itself, never to script.

    A link in a text the site renders as Markdown uses something other than `http`, `https`,
    `mailto` or a relative path, for example `javascript:`, `data:`, `file:`, `ftp:` or `tel:`,
    or an image loads from another host. The text is read with the site's own Markdown engine,
    so what is checked is exactly what the renderer would link; raw HTML is shown as text and
    is never a link. Checked in charters and in the glossary.

    ```yaml
    purpose: See [the portal](https://portal.example.com) or [mail us](mailto:team@example.com).
    ```

    Fix: link to a web page, an e-mail address or a relative path instead.
    """
    for path, value in _markdown_texts(charter.data):
        for link in links_in(value):
            offset = _written_at(value, link.target)
            if link.tag == "img" and not is_site_image(link.target):
                yield Finding(
                    path,
                    f"image '{link.target}' is not on this site",
                    "images load only from the site itself: add the image to docs/ and "
                    "use a relative path, or link to the image instead",
                    offset=offset,
                )
            elif not is_safe_link(link.target):
                yield Finding(
                    path,
                    f"link target '{link.target}' uses the scheme '{link_scheme(link.target)}:'",
                    "links may use http, https, mailto or a relative path",
                    offset=offset,
                )


CHARTER_SUFFIXES = (".yaml", ".yml")


def charter_file_links(data: object) -> Iterator[tuple[DataPath, int | None, str]]:
    """``(path, offset, charter id)`` for each link in rendered text to a charter file.

    A relative link to ``other.yaml`` (in any folder) is how a charter points at another; the
    site turns it into that charter's page, so the file must be a charter of the handbook.
    """
    for path, value in _markdown_texts(data):
        if not any(suffix in value for suffix in CHARTER_SUFFIXES):
            continue
        for link in links_in(value):
            target = link.target.split("#", 1)[0].split("?", 1)[0]
            if (
                link.tag == "a"
                and link_scheme(target) is None
                and target.endswith(CHARTER_SUFFIXES)
            ):
                stem = posixpath.splitext(posixpath.basename(target))[0]
                yield path, _written_at(value, link.target), stem


def _written_at(value: str, target: str) -> int | None:
    """Where ``target`` starts in ``value``, also when its first letters are written as
    character references (``&#106;avascript:``)."""
    for skipped in range(min(len(target), 12)):
        found = value.find(target[skipped:]) if target[skipped:] else -1
        if found >= 0:
            start = found
            while skipped and start > 0 and value[start - 1] not in "(<\"' \n":
                start -= 1
            return start
    return None


RULES = [links_are_safe]
