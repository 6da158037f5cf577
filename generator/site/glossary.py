"""The shared glossary: every term A to Z, where it is defined and which charters use it."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from generator.check.schema import Charter, Glossary, Term
from generator.text import charter_words, mentions, normalise, slugify


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


def build_glossary(glossaries: list[Glossary], charters: list[Charter]) -> list[GlossaryEntry]:
    """Merge organisation-wide and charter terms (validation guarantees one meaning each)."""
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
    for charter in charters:
        corpus = charter_text(charter)
        for entry in entries.values():
            if any(mentions(corpus, name) for name in entry.names):
                entry.used_by.append(charter.id)
    return sorted(entries.values(), key=lambda entry: entry.term.casefold())


def charter_text(charter: Charter) -> str:
    """The charter's words outside its term definitions, folded for search."""
    return charter_words(charter.model_dump(mode="json"))
