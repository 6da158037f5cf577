"""Portfolio rules: the handbook as a whole, where charters are compared with each other."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.diagnostics import Severity
from generator.check.facts import FileFacts
from generator.check.rules.rule import Finding, HandbookContext, across_files
from generator.check.vocabulary import OPEN_STATUSES


@across_files(Code.DUPLICATE_CHARTER_ID, Severity.ERROR)
def charter_ids_are_unique(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """Each relationship has one charter; two files with one id would publish one page twice.

    Two charter files have the same `id`. The file named after the id keeps it; when none
    is, the first in alphabetical order of file paths does. Every other file with that id
    gets the error, and the message names the file that keeps it.

    Fix: merge the two charters, or give this one its own id (and file name).
    """
    by_id: dict[str, list[FileFacts]] = defaultdict(list)
    for facts in handbook.charters:
        charter_id = facts.field("id")
        if charter_id is not None:
            by_id[charter_id].append(facts)
    for charter_id, documents in by_id.items():
        # The file named for the id keeps it; the copies are the ones to change.
        keeper = next((d for d in documents if d.stem == charter_id), documents[0])
        for document in documents:
            if document is not keeper:
                yield (
                    document,
                    Finding(
                        ("id",),
                        f"id '{charter_id}' is also used by {keeper.file}",
                        "each relationship has one charter: merge the two or give this one "
                        "its own id",
                    ),
                )


@across_files(Code.OWNER_OVERLOADED, Severity.WARNING)
def owners_are_not_spread_thin(
    handbook: HandbookContext,
) -> Iterator[tuple[FileFacts, Finding]]:
    """Key accounts deserve the most attention: nobody owns more of them than they can serve.

    One person owns more `key`-tier charters than the attention limit (3 by default).
    Charters that are `proposed`, `active` or `under-review` count; `retired` ones do not, nor
    one whose owner has left its group (`left` has passed: an error of its own).
    The warning appears on each charter that counts. Owners are matched by member id, which
    is why a person should have the same id in every charter.

    Fix: hand one of the charters to another owner, or change `attention_limit` in
    [settings](settings.md).
    """
    key_charters: dict[str, list[FileFacts]] = defaultdict(list)
    for facts in handbook.charters:
        owner = facts.field("owner")
        if (
            facts.field("tier") == "key"
            and facts.field("status") in OPEN_STATUSES
            and owner
            and not _has_left(facts, owner, handbook.today)
        ):
            key_charters[owner].append(facts)
    limit = handbook.settings.attention_limit
    for owner, documents in sorted(key_charters.items()):
        if len(documents) > limit:
            for document in documents:
                yield (
                    document,
                    Finding(
                        ("owner",),
                        f"'{owner}' owns {len(documents)} key-tier relationships; "
                        f"the attention limit is {limit}",
                        "hand one to another owner, or raise `attention_limit` in handbook.toml",
                    ),
                )


@across_files(Code.TOO_MANY_KEY_ACCOUNTS, Severity.WARNING)
def key_accounts_are_few(handbook: HandbookContext) -> Iterator[tuple[FileFacts, Finding]]:
    """You can't pay special attention to everyone: the key tier is kept for a few accounts.

    The handbook holds more open (`proposed`, `active` or `under-review`) `key`-tier charters
    than `key_tier_limit` allows (10 by default). The warning appears on each of them.

    Fix: move the relationships that matter least to the `growth` tier, or raise
    `key_tier_limit` in [settings](settings.md) if your organisation can serve more.
    """
    key = [
        facts
        for facts in handbook.charters
        if facts.field("tier") == "key" and facts.field("status") in OPEN_STATUSES
    ]
    limit = handbook.settings.key_tier_limit
    if len(key) > limit:
        for facts in key:
            yield (
                facts,
                Finding(
                    ("tier",),
                    f"the handbook has {len(key)} key-tier relationships; the limit is {limit}",
                    "move the ones that matter least to `growth`, or raise `key_tier_limit`",
                ),
            )


def _has_left(facts: FileFacts, member_id: str, today: datetime.date) -> bool:
    """Whether ``member_id`` left this charter's group by ``today``: a former owner's charter
    is not counted for their attention (it is an error of its own)."""
    return any(
        member.id == member_id and member.left is not None and member.left <= today.isoformat()
        for member in facts.members
    )


RULES = [charter_ids_are_unique, owners_are_not_spread_thin, key_accounts_are_few]
