"""Finding glossary terms in text: every name of every term in one reading of the text.

A neutral module, shared by the term rules and the site (which never imports from the rules).
A :class:`TermMatcher` is built once per run from all term names and aliases; each text is
then read once however many terms there are, so finding terms grows linearly with the
number of charters and of terms.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import cast

import ahocorasick

from generator.text import normalise

_WORD = re.compile(r"\w")
_RUN = re.compile(r"\s+|\S+")
_UNUSUAL_BLANKS = re.compile(r"\s{2,}|[^\S ]")
"""Whitespace that normalising changes: runs, and any blank that is not a plain space."""

Span = tuple[int, int, str]
"""``(start, end, name)``: where a name stands in a text, and the name as normalised."""


class TermMatcher:
    """Finds names (terms and aliases) in texts as whole words or phrases, as people read them.

    Case does not count, and the words of a phrase may be separated by any whitespace, line
    breaks included. A name is found only with no word character (a letter, a digit or
    ``_``) right before or after it: ``renewal`` is not found in ``renewals`` nor ``C`` in
    ``Cobalt``, while ``C++`` is found in ``C++, Go``.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for name in sorted({normalise(name) for name in names} - {""}):
            self._automaton.add_word(name, name)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def names_in(self, text: str) -> set[str]:
        """Every name found in ``text`` (normalised), names inside longer names included."""
        folded = normalise(text)
        return {name for start, end, name in self._found(folded) if _alone(folded, start, end)}

    def spans(self, text: str) -> list[Span]:
        """Where names stand in ``text``, in positions of ``text`` itself, for linking them.

        Leftmost first; of the names that start at one place the longest; never overlapping:
        ``quarterly business review`` hides the ``business review`` inside it.
        """
        folded = _Folded(text)
        candidates = []
        for start, end, name in self._found(folded.text):
            where = folded.original(start, end)
            if where is not None and _alone(text, *where):
                candidates.append((*where, name))
        spans: list[Span] = []
        position = 0
        for start, end, name in sorted(candidates, key=lambda span: (span[0], -span[1])):
            if start >= position:
                spans.append((start, end, name))
                position = end
        return spans

    def _found(self, folded: str) -> Iterator[Span]:
        """Every occurrence of every name in ``folded``, word boundaries not yet considered."""
        if self._empty:
            return
        for last, name in self._automaton.iter(folded):
            yield cast(int, last) - len(name) + 1, cast(int, last) + 1, cast(str, name)


def _alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has no word character right before or after it."""
    return not (start > 0 and _WORD.match(text, start - 1)) and not _WORD.match(text, end)


class _Folded:
    """``text`` casefolded with each whitespace run as one space, and the way back.

    The folded text is cut into pieces: an exact piece maps character for character to
    ``text``; any other piece (a whitespace run, a character whose folded form is longer,
    like ``ß`` as ``ss``) maps only as a whole.
    """

    def __init__(self, text: str) -> None:
        folded = text.casefold()
        if len(folded) == len(text) and not _UNUSUAL_BLANKS.search(text):
            # The usual case: one character for one, nothing to collapse.
            self.text = folded
            self._starts, self._origins, self._exact = [0], [0], [True]
        else:
            self._starts, self._origins, self._exact = [], [], []
            pieces: list[str] = []
            position = 0
            for run in _RUN.finditer(text):
                for offset, piece, exact in _pieces(run.group()):
                    pieces.append(piece)
                    self._starts.append(position)
                    self._origins.append(run.start() + offset)
                    self._exact.append(exact)
                    position += len(piece)
            self.text = "".join(pieces)
        # A last, empty piece at the end of both texts.
        self._starts.append(len(self.text))
        self._origins.append(len(text))
        self._exact.append(True)

    def original(self, start: int, end: int) -> tuple[int, int] | None:
        """Where ``self.text[start:end]`` is in the original text; None if it cuts a piece."""
        first = bisect_right(self._starts, start) - 1
        if not self._exact[first] and start != self._starts[first]:
            return None
        last = bisect_right(self._starts, end - 1) - 1
        if self._exact[last]:
            original_end = self._origins[last] + end - self._starts[last]
        elif end == self._starts[last + 1]:
            original_end = self._origins[last + 1]
        else:
            return None
        return self._origins[first] + start - self._starts[first], original_end


def _pieces(run: str) -> Iterator[tuple[int, str, bool]]:
    """A run of blanks or of other characters as folded pieces: ``(offset, folded, exact)``."""
    if run.isspace():
        yield 0, " ", run == " "
        return
    folded = run.casefold()
    if len(folded) == len(run):
        yield 0, folded, True
        return
    for offset, character in enumerate(run):
        folded = character.casefold()
        yield offset, folded, len(folded) == 1
