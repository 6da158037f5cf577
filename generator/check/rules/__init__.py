"""The charter rules, registered in one place.

Each rule is a small function with a stable code and a docstring naming the practice it
protects; the docstring is also the rule's section of the diagnostics reference. Charter rules
look at one charter; handbook rules compare files.
"""

from generator.check.rules import (
    calendar,
    completeness,
    history,
    identity,
    links,
    periods,
    placeholders,
    portfolio,
    references,
    terms,
)
from generator.check.rules.rule import CharterRule, HandbookRule

CHARTER_RULES: list[CharterRule] = [
    *identity.RULES,
    *references.RULES,
    *periods.RULES,
    *history.RULES,
    *links.RULES,
    *completeness.RULES,
    *placeholders.RULES,
    *calendar.RULES,
]
"""Rules for each charter file."""

GLOSSARY_RULES: list[CharterRule] = [*links.RULES]
"""Rules for each glossary file."""

HANDBOOK_RULES: list[HandbookRule] = [*portfolio.RULES, *terms.RULES]
"""Rules across all files of a run."""
