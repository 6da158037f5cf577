"""People rules: one person is one id, with one name, written once when there is a registry.

Without ``charters/people.yaml`` each charter names its members and the charters must agree
on the names. With it, every member is a person of the registry and the registry holds the
name; a charter may leave the name out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.check.codes import Code
from generator.check.diagnostics import Severity
from generator.check.facts import FileFacts, MemberFact
from generator.check.rules.rule import Finding, HandbookContext, across_files
from generator.text import did_you_mean, normalise


@dataclass(frozen=True)
class _Registry:
    """The people registry of a run: the file and its people by id (the first of an id)."""

    facts: FileFacts
    people: dict[str, MemberFact]

    def where(self, person: MemberFact) -> str:
        location = self.facts.locate((*person.path, "name"))
        return f"{self.facts.file}:{location.line}"


def _registry(handbook: HandbookContext) -> _Registry | None:
    """The first registry with people in it; an empty or unreadable one checks nothing (its
    own diagnostics say why)."""
    for facts in handbook.registries:
        if facts.members:
            people: dict[str, MemberFact] = {}
            for person in facts.members:
                people.setdefault(person.id, person)
            return _Registry(facts, people)
    return None


@across_files(Code.PERSON_INCONSISTENT, Severity.WARNING)
def people_have_one_name(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """Focus on the people who matter needs knowing who they are: one person, one name.

    A member is named differently (case and spacing ignored) from the people registry,
    `charters/people.yaml`, or, without a registry, from the first charter in file order that
    names the same id. Either two people share an id or one person is spelt two ways; owners,
    goal owners and the attention count then mix them up. The message names where the other
    name is written. Roles may differ from group to group and are not compared.

    Fix: with a registry, leave `name` out of the member (the registry's name is shown) or
    write it as the registry does; without one, write the name as the first charter does. If
    they are two people, give one of them their own id.
    """
    registry = _registry(handbook)
    first: dict[str, tuple[FileFacts, MemberFact]] = {}
    for facts in handbook.charters:
        for member in facts.members:
            if not member.name:
                continue
            if registry is not None:
                person = registry.people.get(member.id)
                if person is None or person.name is None:
                    continue
                other_name, where = person.name, registry.where(person)
            else:
                earlier_facts, earlier = first.setdefault(member.id, (facts, member))
                if earlier is member:
                    continue
                other_name = earlier.name or ""
                where = f"{earlier_facts.file}:{earlier_facts.locate((*earlier.path, 'name')).line}"
            if normalise(other_name) != normalise(member.name):
                yield (
                    facts,
                    Finding(
                        (*member.path, "name"),
                        f"'{member.id}' is named '{member.name}' here but '{other_name}' in "
                        f"{where}",
                        "write the name the same way everywhere, or give this person their own id",
                    ),
                )


@across_files(Code.DANGLING_REFERENCE, Severity.ERROR)
def members_are_people(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """With a people registry, each person is written once, in `charters/people.yaml`.

    When the handbook has a people registry, a member's `id` is not the id of any person in
    it. Owners, goal owners and risk owners must be members, so they are registry people
    too. The hint suggests the closest id in the registry.

    Fix: for a member missing from the registry, correct the id to the registry's, or add
    the person to `charters/people.yaml` (`- id: …` with `name:` and, for reviews of their
    charters, `github:`).
    """
    registry = _registry(handbook)
    if registry is None:
        return
    for facts in handbook.charters:
        for member in facts.members:
            if member.id not in registry.people:
                yield (
                    facts,
                    Finding(
                        (*member.path, "id"),
                        f"member '{member.id}' is not in {registry.facts.file}",
                        did_you_mean(
                            member.id,
                            registry.people,
                            f"add '{member.id}' with their name to {registry.facts.file}",
                        ),
                    ),
                )


@across_files(Code.MISSING_FIELD, Severity.ERROR)
def members_are_named(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """Readers see names, not ids.

    A member has no `name` and the handbook has no people registry to take it from. (With a
    registry, a member not in it is a [dangling-reference](#dangling-reference); while the
    registry itself cannot be read, its own error is the one to fix first.)

    Fix: for a member without a name, write their `name:`, or keep names in a people
    registry, `charters/people.yaml`.
    """
    if handbook.registries:
        return
    for facts in handbook.charters:
        for member in facts.members:
            if member.name is None:
                yield (
                    facts,
                    Finding(
                        member.path,
                        f"member '{member.id}' has no name",
                        "write `name:`, or add a people registry (charters/people.yaml) that "
                        "names them",
                    ),
                )


HANDBOOK_RULES = [people_have_one_name, members_are_people, members_are_named]
