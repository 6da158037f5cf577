"""The shared glossary: every term A to Z, where it is defined and which charters use it."""

from __future__ import annotations

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


def anchor_for(term: str) -> str:
    """A stable HTML id for a term: ``Key account`` becomes ``term-key-account``."""
    return "term-" + (slugify(term) or "x")


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
                    term.term, term.definition, list(term.aliases), anchor_for(term.term)
                )
            entry.aliases += [alias for alias in term.aliases if alias not in entry.aliases]
            if source not in entry.defined_in:
                entry.defined_in.append(source)
    for charter in charters:
        corpus = charter_text(charter)
        for entry in entries.values():
            if any(mentions(corpus, name) for name in entry.names):
                entry.used_by.append(charter.id)
    return sorted(entries.values(), key=lambda entry: entry.term.casefold())


def charter_text(charter: Charter) -> str:
    """The charter's words outside its term definitions, folded for search."""
    return charter_words(charter.model_dump(mode="json"))
