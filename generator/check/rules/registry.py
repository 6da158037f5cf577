"""The rules, registered in one place: each list in the order its rules run.

The rules across files are listed with the code that runs them,
:data:`generator.check.across.HANDBOOK_RULES`, so that they load without the others.
"""

from generator.check.across import HANDBOOK_RULES as HANDBOOK_RULES
from generator.check.rules import (
    calendar,
    completeness,
    history,
    identity,
    links,
    members,
    periods,
    placeholders,
    practices,
    references,
    relations,
)
from generator.check.rules.rule import CharterRule

CHARTER_RULES: list[CharterRule] = [
    *identity.RULES,
    *references.RULES,
    *members.RULES,
    *relations.RULES,
    *periods.RULES,
    *history.RULES,
    *links.RULES,
    *completeness.RULES,
    *placeholders.RULES,
    *practices.RULES,
    *calendar.RULES,
]
"""Rules for each charter file."""

GLOSSARY_RULES: list[CharterRule] = [*links.RULES]
"""Rules for each glossary file."""

PEOPLE_RULES: list[CharterRule] = [identity.ids_are_unique]
"""Rules for the people registry, ``charters/people.yaml``."""
