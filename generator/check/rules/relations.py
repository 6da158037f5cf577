"""Relation rules: links between charters lead to charters that exist, and agree with each other."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.diagnostics import Severity
from generator.check.facts import FileFacts
from generator.check.rules.access import entries
from generator.check.rules.rule import (
    CharterContext,
    Finding,
    HandbookContext,
    across_files,
    error,
)
from generator.text import did_you_mean

CONTRADICTIONS = {
    ("supplier-to", "supplier-to"): "each says it supplies the other",
    ("customer-of", "customer-of"): "each says it is the other's customer",
    ("part-of", "part-of"): "each says it is part of the other",
    ("supplier-to", "customer-of"): None,
}
"""Pairs of relation types that cannot both hold, by (this one's, the other's back to it).
``supplier-to`` one way and ``customer-of`` back agree; None marks that pair as fine."""


@error(Code.RELATION_TO_SELF)
def relations_lead_elsewhere(charter: CharterContext) -> Iterator[Finding]:
    """A relation links two relationships: a charter related to itself says nothing.

    An entry of `relations` names the charter's own id in `to`.

    Fix: name the other charter's id, or remove the entry.
    """
    own_id = charter.data.get("id")
    for index, relation in entries(charter.data.get("relations")):
        if isinstance(own_id, str) and relation.get("to") == own_id:
            yield Finding(
                ("relations", index, "to"),
                "this relation links the charter to itself",
                "name the other charter's id, or remove the entry",
            )


@across_files(Code.RELATION_UNKNOWN, Severity.ERROR)
def relations_lead_to_charters(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """The map of relationships is only as good as its links: each leads to a real charter.

    An entry of `relations` names in `to` an id that no charter of the handbook has. The
    hint suggests the closest id.

    ```yaml
    relations:
      - to: cloudpeak-aliance     # error: did you mean cloudpeak-alliance?
        type: partner-of
    ```

    Fix: correct the id, or remove the relation when the other charter was retired and
    deleted.
    """
    ids = sorted({facts.charter_id for facts in handbook.charters})
    known = set(ids)
    for facts in handbook.charters:
        for relation in facts.relations:
            if relation.to not in known and relation.to != facts.charter_id:
                yield (
                    facts,
                    Finding(
                        (*relation.path, "to"),
                        f"no charter has the id '{relation.to}'",
                        did_you_mean(relation.to, ids, "name an existing charter's id"),
                    ),
                )


@across_files(Code.RELATION_CONTRADICTION, Severity.WARNING)
def relations_agree(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """Two charters describe one link between them: they should not contradict each other.

    Charter A says it is `supplier-to` B while B says it is `supplier-to` A (or both say
    `customer-of`, or both `part-of` the other). The warning appears on both charters.
    Relations written on one side only are fine: each page shows the link both ways.

    Fix: decide which way the relationship runs and correct one of the two charters.
    """
    by_id = {facts.charter_id: facts for facts in handbook.charters}
    for facts in handbook.charters:
        for relation in facts.relations:
            other = by_id.get(relation.to)
            if other is None or other is facts:
                continue
            for back in other.relations:
                why = CONTRADICTIONS.get((relation.type, back.type))
                if back.to == facts.charter_id and why:
                    yield (
                        facts,
                        Finding(
                            (*relation.path, "type"),
                            f"'{relation.type}' {relation.to}, but {other.file} says "
                            f"'{back.type}' {facts.charter_id}: {why}",
                            "decide which way the relationship runs and correct one charter",
                        ),
                    )


@across_files(Code.CHARTER_LINK_BROKEN, Severity.ERROR)
def charter_links_lead_to_charters(
    handbook: HandbookContext,
) -> Iterator[tuple[FileFacts, Finding]]:
    """A reader who follows a link lands on a page: a link to a charter file needs that charter.

    A Markdown link in a charter's text points at a `.yaml` file (how one charter links to
    another, for example `[Cloudpeak](cloudpeak-alliance.yaml)`), but no charter has that
    file name. The site would publish a link to a page that does not exist.

    Fix: correct the file name (the hint suggests the closest charter), or link to the web
    page you meant.
    """
    ids = sorted(
        {facts.charter_id for facts in handbook.charters} | {f.stem for f in handbook.charters}
    )
    known = set(ids)
    for facts in handbook.charters:
        for link in facts.charter_links:
            if link.target not in known:
                yield (
                    facts,
                    Finding(
                        (),
                        f"the link to '{link.target}.yaml' leads to no charter",
                        did_you_mean(link.target, ids, "link to an existing charter's file"),
                        line=link.line,
                        column=link.column,
                    ),
                )


RULES = [relations_lead_elsewhere]
HANDBOOK_RULES = [relations_lead_to_charters, relations_agree, charter_links_lead_to_charters]
