"""Which term names the charters use: found once per set of names, and kept between runs.

The term rules ask which of the handbook's term names appear in any charter's text. The answer
for one charter depends only on its words and on the set of names looked for, so it is kept in
the charter's facts under a fingerprint of that set: a later run with the same names (the
usual case: nothing or only other text changed) reuses it from the cache without reading the
words again, and a changed set of names reads each charter's words once, in one pass of one
:class:`~generator.terms.TermMatcher`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from generator.check.facts import FileFacts
from generator.terms import TermMatcher
from generator.text import normalise

WordsOf = Callable[[FileFacts], str]
"""A charter's words when its facts no longer hold them (they came from the cache)."""


def names_fingerprint(names: list[str]) -> str:
    """A short hash of a sorted list of normalised names."""
    return hashlib.sha256("\0".join(names).encode("utf-8")).hexdigest()[:32]


def _words_kept(facts: FileFacts) -> str:
    return facts.words or ""


class TermMentions:
    """The term names each charter's text uses, for a run's charters."""

    def __init__(self, charters: list[FileFacts], words_of: WordsOf = _words_kept) -> None:
        self._charters = charters
        self._words_of = words_of

    def used(self, names: Iterable[str]) -> set[str]:
        """The names (normalised) that appear in at least one charter's text."""
        wanted = sorted({normalise(name) for name in names} - {""})
        fingerprint = names_fingerprint(wanted)
        matcher: TermMatcher | None = None
        used: set[str] = set()
        for facts in self._charters:
            found = facts.mentions.get(fingerprint)
            if found is None:
                matcher = matcher or TermMatcher(wanted)
                words = facts.words if facts.words is not None else self._words_of(facts)
                found = frozenset(matcher.names_in(words))
                facts.mentions = {fingerprint: found}
            used |= found
        return used
