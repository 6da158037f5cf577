"""Portfolio rules: the handbook as a whole, where charters are compared with each other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.check.codes import Code
from generator.check.diagnostics import Severity
from generator.check.document import SourceDocument
from generator.check.rules.rule import Finding, HandbookContext, across_files
from generator.check.schema import OPEN_STATUSES


def _field(document: SourceDocument, name: str) -> object:
    return document.data.get(name) if isinstance(document.data, dict) else None


@across_files(Code.DUPLICATE_CHARTER_ID, Severity.ERROR)
def charter_ids_are_unique(handbook: HandbookContext) -> Iterator[tuple[SourceDocument, Finding]]:
    """Each relationship has one charter; two files with one id would publish one page twice.

    Two charter files have the same `id`. The file named after the id keeps it; when none
    is, the first in alphabetical order of file paths does. Every other file with that id
    gets the error, and the message names the file that keeps it.

    Fix: merge the two charters, or give this one its own id (and file name).
    """
    by_id: dict[str, list[SourceDocument]] = defaultdict(list)
    for document in handbook.charters:
        charter_id = _field(document, "id")
        if isinstance(charter_id, str):
            by_id[charter_id].append(document)
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
) -> Iterator[tuple[SourceDocument, Finding]]:
    """Key accounts deserve the most attention: nobody owns more of them than they can serve.

    One person owns more `key`-tier charters than the attention limit (3 by default).
    Charters that are `proposed`, `active` or `under-review` count; `retired` ones do not.
    The warning appears on each charter that counts. Owners are matched by member id, which
    is why a person should have the same id in every charter.

    Fix: hand one of the charters to another owner, or change `attention_limit` in
    [settings](settings.md).
    """
    key_charters: dict[str, list[SourceDocument]] = defaultdict(list)
    for document in handbook.charters:
        owner = _field(document, "owner")
        if (
            _field(document, "tier") == "key"
            and _field(document, "status") in OPEN_STATUSES
            and isinstance(owner, str)
        ):
            key_charters[owner].append(document)
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


RULES = [charter_ids_are_unique, owners_are_not_spread_thin]
