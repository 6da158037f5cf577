"""People rules: one person is one id, written with one name in every charter."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.diagnostics import Severity
from generator.check.facts import FileFacts, MemberFact
from generator.check.rules.rule import Finding, HandbookContext, across_files
from generator.text import normalise


@across_files(Code.PERSON_INCONSISTENT, Severity.WARNING)
def people_have_one_name(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """Focus on the people who matter needs knowing who they are: one person, one name.

    A member id appears in several charters with different names (case and spacing
    ignored), so either two people share an id or one person is spelt two ways; owners,
    goal owners and the attention count then mix them up. The first charter in file order
    sets the name; each charter that writes another gets the warning, naming where the
    first one is. Roles may differ from group to group and are not compared.

    Fix: write the name as the first charter does, or give a different person their own id.
    """
    first: dict[str, tuple[FileFacts, MemberFact]] = {}
    for facts in handbook.charters:
        for member in facts.members:
            if member.name is None:
                continue
            earlier = first.setdefault(member.id, (facts, member))
            earlier_facts, earlier_member = earlier
            if earlier_member is member or normalise(earlier_member.name or "") == normalise(
                member.name
            ):
                continue
            where = earlier_facts.locate((*earlier_member.path, "name"))
            yield (
                facts,
                Finding(
                    (*member.path, "name"),
                    f"'{member.id}' is named '{member.name}' here but '{earlier_member.name}' in "
                    f"{earlier_facts.file}:{where.line}",
                    "write the name the same way everywhere, or give this person their own id",
                ),
            )


HANDBOOK_RULES = [people_have_one_name]
