"""Words shared by checking, rendering and reports: terms, slugs, plurals and links.

A neutral module, so that site and report code never import from the rules; finding terms
in text is :mod:`generator.terms`.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable
from typing import Any

from slugify import slugify as _library_slugify

from generator.values import DataPath

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""Link schemes charter text may use; relative links have none."""

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")


def normalise(words: str) -> str:
    """Compare terms and definitions without case or spacing differences."""
    return " ".join(words.casefold().split())


def did_you_mean(given: str, known: Iterable[str], otherwise: str) -> str:
    """A hint naming the closest of ``known`` to ``given``, else ``otherwise``."""
    close = difflib.get_close_matches(given, list(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else otherwise


def slugify(text: str) -> str:
    """``Zoë Lima`` becomes ``zoe-lima``: lower case ASCII words joined by hyphens.

    Accents and other scripts are transliterated (``日本`` becomes ``ri-ben``), so a name
    keeps its meaning in ids and anchors; text with no letters or digits gives ``""``.
    """
    return str(_library_slugify(text))


def plural(number: int, noun: str) -> str:
    """``1 error``, ``2 errors``: a count with its noun."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def strings_in(value: Any, path: DataPath = ()) -> list[tuple[DataPath, str]]:
    """``(path, text)`` for every string inside ``value``, in document order."""
    found: list[tuple[DataPath, str]] = []
    _collect_strings(value, path, found)
    return found


def _collect_strings(value: Any, path: DataPath, found: list[tuple[DataPath, str]]) -> None:
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_strings(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_strings(item, (*path, index), found)


def charter_words(charter: Any) -> str:
    """A charter's text outside its term definitions, folded for case-insensitive search."""
    return "\n".join(text for path, text in strings_in(charter) if "terms" not in path).casefold()


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see in ``target`` (entities decoded, blanks dropped), if any."""
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(target)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def is_safe_link(target: str) -> bool:
    """True for http, https, mailto and relative targets."""
    scheme = link_scheme(target)
    return scheme is None or scheme in SAFE_SCHEMES
