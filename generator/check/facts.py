"""What the rules across files need of one file: small enough to keep for thousands of files.

A file is checked on its own (possibly in another process, possibly in an earlier run: see
:mod:`generator.check.cache`); what remains of it for the rules that compare files is its
:class:`FileFacts`: the fields they compare, its term definitions, the positions they point
at and the words its text uses. The document itself, its values and its typed model can then
be let go.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.document import Location, SourceDocument, locate_in
from generator.check.rules.access import entries, text
from generator.text import charter_words, normalise
from generator.values import DataPath, as_date

FACT_FIELDS = ("id", "tier", "status", "owner")
"""The top-level fields rules across files compare."""


@dataclass(frozen=True)
class TermFact:
    """One term definition: the term, its definition and each name with where it is written."""

    path: DataPath
    """The definition's entry: ``("terms", 2)``."""
    term: str
    definition: str
    names: tuple[tuple[str, DataPath], ...]
    """The term, then each alias, with its path."""

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """The names as compared: case and spacing ignored (see :func:`normalise`)."""
        return tuple(normalise(name) for name, _ in self.names)

    @functools.cached_property
    def meaning(self) -> str:
        """The definition as compared: case and spacing ignored."""
        return normalise(self.definition)


@dataclass(frozen=True)
class MemberFact:
    """One member: the id that joins charters, the name as written here, and when they left."""

    path: DataPath
    """The member's entry: ``("members", 2)``."""
    id: str
    name: str | None
    """None when the entry has no ``name``; empty when it has one that is not usable text."""
    left: str | None
    """The ``left`` date in ISO form, when the member has left or is leaving."""


@dataclass(frozen=True)
class RelationFact:
    """One link to another charter, from ``relations``."""

    path: DataPath
    to: str
    type: str


@dataclass(frozen=True)
class CharterLink:
    """A Markdown link in the charter's text to a charter file, with where it is written."""

    target: str
    """The linked file's name without its folder and suffix: the charter id it stands for."""
    line: int
    column: int


@dataclass(frozen=True)
class Marks:
    """Where values and keys are written, by path."""

    values: dict[DataPath, Location]
    keys: dict[DataPath, Location]


@dataclass
class FileFacts:
    """One charter or glossary file as the rules across files see it."""

    file: str
    kind: str
    """``charter``, ``glossary`` or ``people`` (see :func:`~generator.check.document.file_kind`)."""
    fields: dict[str, str] = field(default_factory=dict)
    """The fields of FACT_FIELDS that are written as text."""
    terms: tuple[TermFact, ...] = ()
    members: tuple[MemberFact, ...] = ()
    """A charter's members; the people registry's people."""
    relations: tuple[RelationFact, ...] = ()
    charter_links: tuple[CharterLink, ...] = ()
    marks: Marks | None = field(default=None, repr=False)
    """Where the fields and term names are written. None in facts from the cache: the first
    finding that needs a position reads the file again."""
    words: str | None = field(default=None, repr=False)
    """A charter's text outside its term definitions, case folded; None once let go."""
    mentions: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    """The term names found in ``words``, by the fingerprint of the names looked for."""

    @property
    def is_glossary(self) -> bool:
        return self.kind == "glossary"

    @property
    def is_people(self) -> bool:
        return self.kind == "people"

    @property
    def stem(self) -> str:
        return posixpath.splitext(posixpath.basename(self.file))[0]

    def field(self, name: str) -> str | None:
        return self.fields.get(name)

    @property
    def charter_id(self) -> str:
        """The charter's id, or its file name's stem when it has none."""
        return self.fields.get("id", self.stem)

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        """Where ``path`` is written, as :meth:`SourceDocument.locate` says, for the fields
        and term names the facts hold."""
        if self.marks is None:
            self.marks = _marks_read_again(self.file)
        return locate_in(self.marks.values, self.marks.keys, path, key=key)


def facts_of(document: SourceDocument) -> FileFacts:
    """The facts of a read document; a file that is not a mapping has none but its name."""
    facts = FileFacts(document.file, document.kind, marks=Marks({}, {}))
    data = document.data
    if not isinstance(data, dict):
        return facts
    facts.fields = {name: data[name] for name in FACT_FIELDS if isinstance(data.get(name), str)}
    facts.terms = tuple(_term_facts(data.get("terms")))
    kept: list[DataPath] = [(name,) for name in facts.fields]
    kept += [name_path for term in facts.terms for _, name_path in term.names]
    if document.is_people:
        facts.members = tuple(_member_facts(data.get("people"), "people"))
        kept += [(*person.path, "name") for person in facts.members]
        kept += [(*person.path, "id") for person in facts.members]
    elif not document.is_glossary:
        facts.members = tuple(_member_facts(data.get("members"), "members"))
        facts.relations = tuple(_relation_facts(data.get("relations")))
        facts.charter_links = tuple(_charter_links(document))
        kept += [(*member.path, step) for member in facts.members for step in ("name", "id")]
        kept += [member.path for member in facts.members]
        kept += [(*relation.path, step) for relation in facts.relations for step in ("to", "type")]
        facts.words = charter_words(data)
    facts.marks = Marks(_kept(document, kept, keys=False), _kept(document, kept, keys=True))
    return facts


def _member_facts(members: object, key: str) -> list[MemberFact]:
    found = []
    for index, entry in entries(members):
        member_id = entry.get("id")
        if isinstance(member_id, str):
            left = as_date(entry.get("left"))
            # None when no name is written; empty when one is, but not as usable text.
            name = (text(entry["name"]) or "") if "name" in entry else None
            found.append(
                MemberFact((key, index), member_id, name, left.isoformat() if left else None)
            )
    return found


def _relation_facts(relations: object) -> list[RelationFact]:
    found = []
    for index, entry in entries(relations):
        if isinstance(entry.get("to"), str):
            kind = entry.get("type")
            found.append(
                RelationFact(
                    ("relations", index), entry["to"], kind if isinstance(kind, str) else ""
                )
            )
    return found


def _charter_links(document: SourceDocument) -> list[CharterLink]:
    """Links in the text to ``*.yaml`` files: each names a charter that must exist."""
    from generator.check.rules.links import charter_file_links

    found = []
    for path, offset, target in charter_file_links(document.data):
        where = (
            document.locate_in_text(path, offset) if offset is not None else document.locate(path)
        )
        found.append(CharterLink(target, where.line, where.column))
    return found


def _term_facts(terms: object) -> list[TermFact]:
    found = []
    for index, entry in entries(terms):
        term, definition = text(entry.get("term")), text(entry.get("definition"))
        if term is None or definition is None:
            continue
        aliases = entry.get("aliases")
        names = [(term, ("terms", index, "term"))] + [
            (alias, ("terms", index, "aliases", position))
            for position, alias in enumerate(aliases if isinstance(aliases, list) else [])
            if text(alias) is not None
        ]
        found.append(TermFact(("terms", index), term, definition, tuple(names)))
    return found


def _kept(
    document: SourceDocument, paths: list[DataPath], *, keys: bool
) -> dict[DataPath, Location]:
    """The marks of ``paths``; a fast read has them all (see :func:`always_marked`)."""
    marks = document.key_marks if keys else document.value_marks
    return {path: marks[path] for path in paths if path in marks}


def _marks_read_again(file: str) -> Marks:
    """The marks of a file's facts, from reading it again (its content is what was checked:
    the cache found it by its digest)."""
    from generator.check.load import read_document

    marks = facts_of(read_document(Path(file), file)).marks
    return marks if marks is not None else Marks({}, {})
