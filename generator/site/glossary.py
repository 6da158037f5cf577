"""The shared glossary: every term A to Z, where it is defined and which charters use it."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.check.schema import Charter, Glossary, Term
from generator.check.validate import CheckResult
from generator.terms import TermMatcher
from generator.text import charter_words, normalise, slugify


@dataclass
class GlossaryEntry:
    """One term of the handbook, with its single meaning."""

    term: str
    definition: str
    aliases: list[str]
    anchor: str
    defined_in: list[str] = field(default_factory=list)
    """``glossary`` or the ids of the charters that define the term."""
    used_by: list[str] = field(default_factory=list)
    """Ids of the charters whose text uses the term or an alias."""

    @property
    def letter(self) -> str:
        """The heading the term is listed under: its first letter, or # for digits and signs."""
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def names(self) -> list[str]:
        return [self.term, *self.aliases]


_FAITHFUL = re.compile(r"^[a-z0-9]+(?:[ -][a-z0-9]+)*$")
"""A normalised term its slug shows faithfully: ASCII words joined by spaces or hyphens."""


@functools.lru_cache(maxsize=8192)
def anchor_for(term: str) -> str:
    """A stable HTML id for a term on its own: ``Key account`` becomes ``term-key-account``.

    A term its slug cannot show faithfully (``C++``, ``C#``, ``Zoë``) also gets a short hash
    of its normalised spelling after ``--``, which no plain slug contains: ``C++`` and ``C#``
    never share ``term-c``, and each keeps its anchor whatever other terms exist.
    """
    slug = slugify(term)
    if _FAITHFUL.match(normalise(term)) and slug:
        return f"term-{slug}"
    return _hashed_anchor(term)


def _hashed_anchor(term: str) -> str:
    digest = hashlib.sha256(normalise(term).encode("utf-8")).hexdigest()[:8]
    return f"term-{slugify(term) or 'x'}--{digest}"


def _unique_anchors(terms: list[str]) -> dict[str, str]:
    """Each term's anchor, unique among ``terms``: on a clash only a hyphen-free term keeps it.

    ``key account`` keeps ``term-key-account``; ``key-account`` beside it gets its hash.
    """
    by_anchor: defaultdict[str, list[str]] = defaultdict(list)
    for term in terms:
        by_anchor[anchor_for(term)].append(term)
    anchors: dict[str, str] = {}
    for anchor, clashing in by_anchor.items():
        for term in clashing:
            keeps = len(clashing) == 1 or "-" not in normalise(term)
            anchors[term] = anchor if keeps else _hashed_anchor(term)
    return anchors


class HandbookGlossary:
    """The handbook's terms A to Z, and one matcher for all their names.

    Built once per build and shared by every page and the JSON export.
    """

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        self.entries = entries
        self._by_name: dict[str, list[int]] = {}
        """Each normalised name with the positions in ``entries`` of the terms it names."""
        for position, entry in enumerate(entries):
            for name in entry.names:
                named = self._by_name.setdefault(normalise(name), [])
                if position not in named:
                    named.append(position)
        self.matcher = TermMatcher(self._by_name)
        self.all_names = frozenset(self._by_name)
        """Every term and alias, normalised."""

    def used_in(self, text: str) -> list[GlossaryEntry]:
        """The entries whose term or an alias ``text`` mentions, in glossary order."""
        return self.named(self.matcher.names_in(text))

    def named(self, names: Iterable[str]) -> list[GlossaryEntry]:
        """The entries of these normalised names, in glossary order."""
        positions = sorted({position for name in names for position in self._by_name[name]})
        return [self.entries[position] for position in positions]

    def mentions(self, text: str) -> list[tuple[int, int, GlossaryEntry]]:
        """Where terms stand in ``text``: ``(start, end, entry)``, leftmost and longest first.

        A name shared by two entries stands for the first of them.
        """
        return [
            (start, end, self.entries[self._by_name[name][0]])
            for start, end, name in self.matcher.spans(text)
        ]


def build_glossary(glossaries: list[Glossary], charters: list[Charter]) -> list[GlossaryEntry]:
    """The entries of :func:`handbook_glossary`, for callers that link no text."""
    return handbook_glossary(glossaries, charters).entries


def glossary_of(result: CheckResult, memo: UsageMemo | None = None) -> HandbookGlossary:
    """The glossary of a check's valid glossary files and charters."""
    return handbook_glossary(
        [item.glossary for item in result.glossaries if item.glossary is not None],
        [item.charter for item in result.charters if item.charter is not None],
        memo,
    )


class UsageMemo:
    """The names each charter's text holds, kept while the charter and the names are the
    same: building the glossary again (``mkdocs serve``) reads only the changed charters."""

    def __init__(self) -> None:
        self._names: frozenset[str] = frozenset()
        self._found: dict[str, tuple[Charter, set[str]]] = {}

    def names_in(self, charter: Charter, glossary: HandbookGlossary) -> set[str]:
        names = glossary.all_names
        if names != self._names:
            self._names, self._found = names, {}
        kept = self._found.get(charter.id)
        if kept is not None and kept[0] == charter:
            return kept[1]
        found = glossary.matcher.names_in(charter_text(charter))
        self._found[charter.id] = (charter, found)
        return found


def handbook_glossary(
    glossaries: list[Glossary], charters: list[Charter], memo: UsageMemo | None = None
) -> HandbookGlossary:
    """Merge organisation-wide and charter terms (validation guarantees one meaning each).

    Each entry lists the charters whose text uses its term or an alias; the charters are read
    once each, whatever the number of terms (and with ``memo``, only when they changed since
    the glossary was last built with it).
    """
    entries: dict[str, GlossaryEntry] = {}
    sources: list[tuple[str, list[Term]]] = [("glossary", g.terms) for g in glossaries]
    sources += [(charter.id, charter.terms) for charter in charters]
    for source, terms in sources:
        for term in terms:
            key = normalise(term.term)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = GlossaryEntry(
                    term.term, term.definition, list(term.aliases), anchor=""
                )
            entry.aliases += [alias for alias in term.aliases if alias not in entry.aliases]
            if source not in entry.defined_in:
                entry.defined_in.append(source)
    anchors = _unique_anchors([entry.term for entry in entries.values()])
    for entry in entries.values():
        entry.anchor = anchors[entry.term]
    glossary = HandbookGlossary(sorted(entries.values(), key=lambda entry: entry.term.casefold()))
    for charter in charters:
        if memo is not None:
            used = glossary.named(memo.names_in(charter, glossary))
        else:
            used = glossary.used_in(charter_text(charter))
        for entry in used:
            entry.used_by.append(charter.id)
    return glossary


def charter_text(charter: Charter) -> str:
    """The charter's words outside its term definitions, folded for search."""
    return charter_words(charter.model_dump(mode="json"))
