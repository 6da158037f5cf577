"""Term rules: shared terms have one meaning across the handbook, and defined terms are used."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.check.codes import Code
from generator.check.diagnostics import Severity
from generator.check.document import SourceDocument
from generator.check.rules.access import entries, mapping, strings, text
from generator.check.rules.rule import Finding, HandbookContext, across_files
from generator.terms import TermMatcher
from generator.text import charter_words, normalise
from generator.values import DataPath, value_at


@dataclass(frozen=True)
class TermDefinition:
    document: SourceDocument
    path: DataPath
    term: str
    definition: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    @property
    def name_paths(self) -> list[tuple[str, DataPath]]:
        """Each name with where it is written: the term, then each alias."""
        aliases = mapping(value_at(self.document.data, self.path)).get("aliases")
        alias_paths = [
            (alias, (*self.path, "aliases", index))
            for index, alias in enumerate(aliases if isinstance(aliases, list) else [])
            if isinstance(alias, str) and alias.strip()
        ]
        return [(self.term, (*self.path, "term")), *alias_paths]


def term_definitions(handbook: HandbookContext) -> Iterator[TermDefinition]:
    """Every term defined in the glossary first, then in charters, in file order."""
    for document in [*handbook.glossaries, *handbook.charters]:
        data = document.data if isinstance(document.data, dict) else {}
        for index, entry in entries(data.get("terms")):
            term, definition = text(entry.get("term")), text(entry.get("definition"))
            if term and definition:
                yield TermDefinition(
                    document,
                    ("terms", index),
                    term,
                    definition,
                    tuple(strings(entry.get("aliases"))),
                )


@across_files(Code.TERM_CONFLICT, Severity.ERROR)
def terms_have_one_meaning(handbook: HandbookContext) -> Iterator[tuple[SourceDocument, Finding]]:
    """A term means one thing everywhere: two definitions of one term split the group.

    A term or alias is defined with a different definition somewhere else: in the glossary,
    in another charter, or in the same file. Upper and lower case and extra spaces are
    ignored when comparing. The message names the file and line of the earlier definition
    (the glossary comes first, then charters in alphabetical order of file paths). Each
    definition gets at most one such error.

    ```yaml
    # charters/glossary.yaml
    terms:
      - term: QBR
        definition: A meeting held once a quarter to review results against goals.

    # charters/acme.yaml
    terms:
      - term: business review
        definition: Our monthly check-in with Acme.
        aliases: [QBR]      # error: QBR already means something else
    ```

    Fix: reuse the existing definition (usually by deleting yours and using the glossary
    term), or name your idea differently.
    """
    first: dict[str, TermDefinition] = {}
    for definition in term_definitions(handbook):
        for name, name_path in definition.name_paths:
            earlier = first.setdefault(normalise(name), definition)
            if earlier is definition or normalise(earlier.definition) == normalise(
                definition.definition
            ):
                continue
            where = earlier.document.locate((*earlier.path, "term"))
            yield (
                definition.document,
                Finding(
                    name_path,
                    f"'{name}' is already defined differently in "
                    f"{earlier.document.file}:{where.line}",
                    "a term has one meaning across the handbook: reuse that definition, "
                    "or name this idea differently",
                ),
            )
            break


def handbook_text(handbook: HandbookContext) -> str:
    """All charter text outside term definitions, folded for case-insensitive search."""
    return "\n".join(charter_words(document.data) for document in handbook.charters)


@across_files(Code.TERM_UNUSED, Severity.WARNING)
def terms_are_used(handbook: HandbookContext) -> Iterator[tuple[SourceDocument, Finding]]:
    """A glossary explains the words the charters use; an unused term is noise.

    A term defined in the glossary or in a charter appears in no charter's text. The term or
    any of its aliases counts, as a whole word or phrase, ignoring case and spacing.
    Definitions and the glossary itself do not count as uses, and other word forms do not
    either ("renewals" is not a use of "renewal").

    Fix: use the term where it belongs, add the form you actually use as an alias, or remove
    the definition.
    """
    definitions = list(term_definitions(handbook))
    matcher = TermMatcher(name for definition in definitions for name in definition.names)
    used = matcher.names_in(handbook_text(handbook))
    for definition in definitions:
        if not any(normalise(name) in used for name in definition.names):
            yield (
                definition.document,
                Finding(
                    (*definition.path, "term"),
                    f"term '{definition.term}' is not used in any charter",
                    "use it where it belongs, or remove the definition",
                ),
            )


RULES = [terms_have_one_meaning, terms_are_used]
