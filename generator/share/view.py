"""The shared view: what of a charter the partner's page may show.

A copy of the validated charter from which the fields the partner must not read are removed,
so that no template, however it is edited, can show them: our own notes always, what the page
does not show, and what the ``share_exclude`` setting names.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from generator.check.schema import Charter, section_model
from generator.errors import UsageError
from generator.settings import SETTINGS_FILENAME, Settings
from generator.text import did_you_mean

ALWAYS_EXCLUDED = ("internal", "account", "risks", "review.partner_fit", "review.exit_criteria")
"""Our own notes, whatever the settings say: never on the partner's page."""
NOT_ON_PAGE = (
    "tier",
    "status",
    "owner",
    "history",
    "relations",
    "review",
    "members.joined",
    "members.left",
    "members.left_reason",
    "meetings.last_held",
)
"""What the page does not show, removed all the same so that no template can show it: the
tier is our prioritisation, relations name our other customers, the review is our process."""
KEPT = {"name": "it is the page's title"}
"""Fields ``share_exclude`` may not name, and why."""


def field_paths(model: type[BaseModel] = Charter, prefix: str = "") -> Iterator[str]:
    """Every dotted field path of ``model`` (``members.contributes``); lists are implicit."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        yield path
        section = section_model(info.annotation)
        if section is not None:
            yield from field_paths(section, f"{path}.")


def excluded_paths(settings: Settings, source: str = SETTINGS_FILENAME) -> list[str]:
    """What the page leaves out: :data:`ALWAYS_EXCLUDED`, :data:`NOT_ON_PAGE` and the
    ``share_exclude`` setting, whose paths must be fields of the charter format.

    ``source`` names the settings file in the message about a wrong path.
    """
    known = list(field_paths())
    for path in settings.share_exclude:
        if path in KEPT:
            raise UsageError(f"{source}: share_exclude: '{path}' cannot be left out: {KEPT[path]}")
        if path not in known:
            hint = did_you_mean(path, known, "name a field as `handbook schema` shows it")
            raise UsageError(
                f"{source}: share_exclude: '{path}' is no charter field (fields are dotted "
                f"paths such as 'members.contributes'); {hint}"
            )
    return [*ALWAYS_EXCLUDED, *NOT_ON_PAGE, *settings.share_exclude]


def shared_charter(
    charter: Charter,
    today: datetime.date,
    exclude: Iterable[str] = (*ALWAYS_EXCLUDED, *NOT_ON_PAGE),
    names: dict[str, str] | None = None,
) -> Charter:
    """A copy of ``charter`` for the partner: former members gone, ``exclude`` removed.

    A member who left on or before ``today`` is a former member. A removed field holds None,
    or an empty list for a list, whatever its type says: the template shows what is there.
    ``names`` are the people registry's, for members written without a name.
    """
    members = [
        member.model_copy(update={"name": member.name or (names or {}).get(member.id)})
        for member in charter.members
        if member.left is None or member.left > today
    ]
    current = charter.model_copy(update={"members": members})
    return _without(current, [tuple(path.split(".")) for path in exclude])


_Section = typing.TypeVar("_Section", bound=BaseModel)


def _without(section: _Section, paths: list[tuple[str, ...]]) -> _Section:
    """A copy of ``section`` without the fields at ``paths``, in it or in its sections."""
    update: dict[str, Any] = {}
    for name in dict.fromkeys(path[0] for path in paths):
        value = getattr(section, name)
        inner = [path[1:] for path in paths if path[0] == name]
        if () in inner:
            update[name] = [] if isinstance(value, list) else None
        elif isinstance(value, list):
            update[name] = [_without(item, inner) for item in value]
        elif isinstance(value, BaseModel):
            update[name] = _without(value, inner)
    return section.model_copy(update=update)
