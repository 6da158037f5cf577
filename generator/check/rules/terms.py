"""Term rules: shared terms have one meaning across the handbook, and defined terms are used."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.diagnostics import Severity
from generator.check.facts import FileFacts, TermFact
from generator.check.rules.rule import Finding, HandbookContext, across_files


def term_definitions(handbook: HandbookContext) -> Iterator[tuple[FileFacts, TermFact]]:
    """Every term defined in the glossary first, then in charters, in file order."""
    for facts in [*handbook.glossaries, *handbook.charters]:
        for definition in facts.terms:
            yield facts, definition


@across_files(Code.TERM_CONFLICT, Severity.ERROR)
def terms_have_one_meaning(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
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
    first: dict[str, tuple[FileFacts, TermFact]] = {}
    for facts, definition in term_definitions(handbook):
        for (name, name_path), key in zip(definition.names, definition.keys, strict=True):
            earlier_facts, earlier = first.setdefault(key, (facts, definition))
            if earlier is definition or earlier.meaning == definition.meaning:
                continue
            where = earlier_facts.locate((*earlier.path, "term"))
            yield (
                facts,
                Finding(
                    name_path,
                    f"'{name}' is already defined differently in {earlier_facts.file}:{where.line}",
                    "a term has one meaning across the handbook: reuse that definition, "
                    "or name this idea differently",
                ),
            )
            break


@across_files(Code.TERM_UNUSED, Severity.WARNING)
def terms_are_used(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """A glossary explains the words the charters use; an unused term is noise.

    A term defined in the glossary or in a charter appears in no charter's text. The term or
    any of its aliases counts, as a whole word or phrase, ignoring case and spacing.
    Definitions and the glossary itself do not count as uses, and other word forms do not
    either ("renewals" is not a use of "renewal").

    Fix: use the term where it belongs, add the form you actually use as an alias, or remove
    the definition.
    """
    definitions = list(term_definitions(handbook))
    used = handbook.mentions.used(key for _, term in definitions for key in term.keys)
    for facts, definition in definitions:
        if not any(key in used for key in definition.keys):
            yield (
                facts,
                Finding(
                    (*definition.path, "term"),
                    f"term '{definition.term}' is not used in any charter",
                    "use it where it belongs, or remove the definition",
                ),
            )


RULES = [terms_have_one_meaning, terms_are_used]
