"""The charter format, version 1: the single source of truth.

These models validate charters (:mod:`generator.check.validate`), give the site typed values
(:mod:`generator.site.render`) and print as JSON Schema (``handbook schema``). Rules that need
more than one value (references, dates, counts across files) live in :mod:`generator.check.rules`.
"""

from __future__ import annotations

import datetime
import json
import re
import types
import typing
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from generator.check.vocabulary import (
    WEEKDAYS,
    AgreementType,
    Cadence,
    GoalStatus,
    IdeaStatus,
    Kind,
    PeriodLength,
    Potential,
    RelationType,
    RiskStatus,
    Serves,
    Status,
    Tier,
    Weekday,
)

FORMAT_VERSION = 1
MAX_KEY_GOALS = 3
MAX_ID_LENGTH = 80
SCHEMA_ID = "https://relationship-handbook.example/schema/charter-v1.json"
PEOPLE_SCHEMA_ID = "https://relationship-handbook.example/schema/people-v1.json"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EXTENSION_PREFIX = "x-"
GITHUB_HANDLE_PATTERN = r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$"
EMAIL_PATTERN = r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$"

DEFAULT_AGENDA = ("objectives", "accomplishments", "action-oriented goals")

MEETING_MINUTES = 60
"""How long a meeting lasts when ``meetings.duration`` does not say."""
MEETING_MINUTES_RANGE = (5, 600)

CADENCE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 30, "quarterly": 91}
PERIOD_DAYS: dict[str, int] = {"weekly": 7, "monthly": 30, "quarterly": 91}


def _only_dates(value: Any) -> Any:
    """Accept YAML dates and ISO text; refuse numbers, which pydantic would read as timestamps."""
    if isinstance(value, (datetime.date, str)):
        return value
    raise PydanticCustomError("date_type", "Input should be a date like 2026-10-01")


_WEEKDAY_SPELLINGS: dict[str, Weekday] = {
    spelling: day
    for day in WEEKDAYS
    for spelling in (
        day,
        day[:3],
        *{"tuesday": ("tue", "tues"), "thursday": ("thur", "thurs")}.get(day, ()),
    )
}
"""Day names as people write them, in lower case: full names and common short forms."""
_TIME_24 = re.compile(r"^\s*([01]?[0-9]|2[0-3]):([0-5][0-9])\s*$")
_TIME_12 = re.compile(r"^\s*(0?[1-9]|1[0-2])(?::([0-5][0-9]))?\s*([ap])\.?m\.?\s*$", re.IGNORECASE)
TIME_PATTERN = (
    r"^\s*(([01]?[0-9]|2[0-3]):[0-5][0-9]|(0?[1-9]|1[0-2])(:[0-5][0-9])?\s*[AaPp]\.?[Mm]\.?)\s*$"
)
"""Every time ``meetings.time`` accepts, for JSON Schema: ``14:30``, ``9:00``, ``2:30 pm``."""


def canonical_weekday(value: object) -> Weekday | None:
    """The day a name means (``Thu``, ``THURSDAY``), in the format's spelling; None if none."""
    if not isinstance(value, str):
        return None
    return _WEEKDAY_SPELLINGS.get(value.strip().removesuffix(".").lower())


def canonical_time(value: object) -> str | None:
    """A time of day as 24-hour ``HH:MM`` (``2:30 PM`` is ``14:30``); None if it is none."""
    if not isinstance(value, str):
        return None
    if match := _TIME_24.match(value):
        return f"{int(match[1]):02d}:{match[2]}"
    if match := _TIME_12.match(value):
        hour = int(match[1]) % 12 + (12 if match[3].lower() == "p" else 0)
        return f"{hour:02d}:{match[2] or '00'}"
    return None


def _any_case(word: str) -> str:
    """A regular expression for ``word`` in any case, for JSON Schema (which has no flags)."""
    return "".join(f"[{letter.upper()}{letter}]" for letter in word)


def _weekday(value: Any) -> Any:
    """A day name as written becomes the format's spelling; anything else is left to refuse."""
    return canonical_weekday(value) or value


def _time(value: Any) -> Any:
    """A time of day as written becomes ``HH:MM``; anything else is left to refuse."""
    return canonical_time(value) or value


def _only_minutes(value: Any) -> Any:
    """Refuse ``true`` and ``false``, which pydantic would read as 1 and 0 minutes."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a whole number of minutes")
    return value


MeetingDay = Annotated[
    Weekday,
    BeforeValidator(_weekday),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^\\s*("
            + "|".join(_any_case(spelling) for spelling in _WEEKDAY_SPELLINGS)
            + ")\\.?\\s*$",
        }
    ),
]
"""A day of the week: ``thursday``, ``Thursday`` or ``thu``; the model holds ``thursday``."""


Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        min_length=1,
        max_length=MAX_ID_LENGTH,
        description="Lower-case letters and digits in words joined by single hyphens.",
    ),
]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "Text should not be blank")
    return value


def _empty_list(value: Any) -> Any:
    """An optional list written as a bare key (``benefits:``) is an empty list."""
    return [] if value is None else value


Text = Annotated[str, Field(min_length=1), AfterValidator(_not_blank)]
_T = TypeVar("_T")
OptionalList = Annotated[list[_T], BeforeValidator(_empty_list)]
Date = Annotated[datetime.date, BeforeValidator(_only_dates)]


class _Section(BaseModel):
    """Every section refuses unknown keys; ``x-`` keys are removed before validation."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_extra={"patternProperties": {"^x-": {}}}
    )


class Agreement(_Section):
    """The formal basis of the relationship."""

    type: AgreementType = Field(description="What kind of agreement binds the parties.")
    reference: Text | None = Field(None, description="Contract number, document title or link.")
    signed: Date | None = Field(None, description="When it was signed.")


class Party(_Section):
    """An organisation or group taking part in the relationship."""

    id: Slug = Field(description="How members refer to this party.")
    name: Text = Field(description="The organisation's or group's name.")
    benefits: OptionalList[Text] = Field(
        default_factory=list, description="What this party gains from the relationship."
    )


class Objective(_Section):
    """One objective of the relationship and what it serves."""

    id: Slug = Field(description="How key goals refer to this objective.")
    statement: Text = Field(description="What the relationship sets out to achieve.")
    serves: Serves = Field(
        description="An existing relationship, a business objective or the members' well-being."
    )


class Member(_Section):
    """A person in the group, why they belong and what they bring."""

    id: Slug = Field(description="The person's id, the same in every charter (e.g. ana-lima).")
    name: Text | None = Field(
        None,
        description="Full name. Required unless the handbook has a people registry "
        "(`charters/people.yaml`), which then holds it.",
    )
    party: Slug = Field(description="The id of the party this member belongs to.")
    role: Text = Field(description="The member's role in the group.")
    contributes: Text | None = Field(None, description="What this member contributes.")
    joined: Date | None = Field(None, description="When the member joined the group.")
    left: Date | None = Field(
        None,
        description="When the member left the group. A former member stays on record, shown as "
        "such, and may not own the charter or an open key goal.",
    )
    left_reason: Text | None = Field(None, description="Why the member left.")


class KeyGoal(_Section):
    """One of at most three goals for the period."""

    id: Slug = Field(description="How accomplishments refer to this goal.")
    goal: Text = Field(description="What will be achieved, action-oriented.")
    measure: Text | None = Field(None, description="How we will know the goal is met.")
    owner: Slug | None = Field(None, description="The member id of who drives the goal.")
    objective: Slug = Field(description="The id of the objective this goal advances.")
    due: Date | None = Field(None, description="Due date, within the period.")
    status: GoalStatus = Field(description="Where the goal stands.")


class Period(_Section):
    """A planning period with its key goals."""

    length: PeriodLength = Field(description="How long a period lasts.")
    label: Text = Field(description="A short name such as 2026-Q4.")
    start: Date = Field(description="First day of the period.")
    end: Date = Field(description="Last day of the period, after the start.")
    key_goals: OptionalList[KeyGoal] = Field(
        default_factory=list,
        max_length=MAX_KEY_GOALS,
        description=f"At most {MAX_KEY_GOALS} goals: focus on the few that matter this period.",
    )


class Meetings(_Section):
    """How often the group meets and how."""

    cadence: Cadence = Field(description="Must be shorter than the period length.")
    format: Text = Field(description="Where and how the group meets.")
    agenda: OptionalList[Text] = Field(
        default_factory=lambda: list(DEFAULT_AGENDA),
        description="Defaults to objectives, accomplishments and action-oriented goals.",
    )
    last_held: Date | None = Field(None, description="When the group last met.")
    day: MeetingDay | None = Field(
        None,
        description="Meeting day, for calendars: a day name in any case, or its first three "
        "letters (`thu`); `handbook fmt` writes it in full, lower case.",
    )
    time: (
        Annotated[
            str,
            Field(
                pattern=TIME_PATTERN,
                description='Meeting time, quoted: "14:30", "9:00" or "2:30 pm"; '
                '`handbook fmt` writes 24-hour "HH:MM".',
            ),
            BeforeValidator(_time),
        ]
        | None
    ) = None
    duration: Annotated[int, BeforeValidator(_only_minutes)] = Field(
        MEETING_MINUTES,
        ge=MEETING_MINUTES_RANGE[0],
        le=MEETING_MINUTES_RANGE[1],
        description=f"How long a meeting lasts, in minutes; {MEETING_MINUTES} when not given.",
    )
    timezone: (
        Annotated[
            str,
            Field(
                pattern=r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
                description="An IANA time zone such as Europe/Berlin.",
            ),
        ]
        | None
    ) = None


class Accomplishment(_Section):
    """Something the group achieved."""

    date: Date = Field(description="When it was achieved.")
    summary: Text = Field(description="What was achieved.")
    goal: Slug | None = Field(None, description="The key goal it advanced, if any.")


class Review(_Section):
    """How the relationship is reviewed, who may stay and when we leave."""

    partner_fit: Text | None = Field(
        None,
        description="How partners who pull the group off its objectives are reassigned or removed.",
    )
    exit_criteria: Text | None = Field(None, description="When we leave the relationship.")
    last_reviewed: Date | None = Field(None, description="When the charter was last reviewed.")
    next_review: Date = Field(description="When the charter is reviewed next.")


class Account(_Section):
    """Why the relationship has its tier: what it is worth and could become."""

    annual_value: Annotated[float, Field(ge=0)] | None = Field(
        None, description="What the relationship brings in a year, in `currency`."
    )
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = Field(
        None, description="An ISO 4217 code such as EUR or USD."
    )
    potential: Potential | None = Field(None, description="How much it could grow.")
    renewal: Date | None = Field(None, description="When the agreement is next renewed.")


class Risk(_Section):
    """A risk to the relationship, or a blocker in its way, and who removes it."""

    risk: Text = Field(description="What could go wrong, or what stands in the way.")
    owner: Slug | None = Field(None, description="The member id of who removes it.")
    mitigation: Text | None = Field(None, description="What we do about it.")
    status: RiskStatus = Field(description="Open risks appear in the owner's reminders.")


class Idea(_Section):
    """An idea we bring the partner to make them better."""

    idea: Text = Field(description="The idea, in a sentence.")
    status: IdeaStatus = Field(description="What became of it.")


class Relation(_Section):
    """A link to another charter, read as "this relationship is TYPE the other"."""

    to: Slug = Field(description="The id of the related charter.")
    type: RelationType = Field(description="How this relationship relates to the other.")
    note: Text | None = Field(None, description="What the link means in practice.")


class Term(_Section):
    """A shared term with one meaning across the handbook."""

    term: Text = Field(description="The word or phrase, as written in charters.")
    definition: Text = Field(description="Its one meaning across the handbook.")
    aliases: OptionalList[Text] = Field(
        default_factory=list, description="Other words for the same idea, e.g. an acronym."
    )


class Charter(_Section):
    """A relationship charter, format version 1."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"patternProperties": {"^x-": {}}, "$id": SCHEMA_ID},
    )

    id: Slug = Field(description="Equal to the file name without .yaml.")
    name: Text = Field(description="The relationship's name, shown as the page title.")
    kind: Kind = Field(description="What sort of relationship this is.")
    tier: Tier = Field(description="Key accounts get the most attention.")
    status: Status = Field(
        description="A proposed charter is a draft: the completeness minimum does not apply yet."
    )
    owner: Slug = Field(description="The member id of the charter's owner.")
    purpose: Text = Field(
        description="The one description of the relationship's objectives, "
        "stating the benefit to every party. Markdown allowed."
    )
    agreement: Agreement | None = Field(None, description="The formal basis.")
    account: Account | None = Field(
        None, description="Why the tier: annual value, growth potential and renewal date."
    )
    parties: list[Party] = Field(min_length=2, description="Two or more.")
    objectives: list[Objective] = Field(min_length=1, description="One or more.")
    members: list[Member] = Field(min_length=1, description="One or more people.")
    membership_criteria: OptionalList[Text] = Field(
        default_factory=list, description="Who belongs, and why."
    )
    period: Period = Field(description="The current period and its key goals.")
    meetings: Meetings = Field(description="How the group meets.")
    accomplishments: OptionalList[Accomplishment] = Field(
        default_factory=list, description="What the group achieved."
    )
    history: OptionalList[Period] = Field(default_factory=list, description="Past periods.")
    review: Review = Field(description="Review dates, partner fit and exit criteria.")
    challenges: OptionalList[Text] = Field(
        default_factory=list,
        description="The partner's own challenges, in their words: what we go deep into.",
    )
    risks: OptionalList[Risk] = Field(
        default_factory=list, description="Risks and blockers, each with who removes it."
    )
    ideas: OptionalList[Idea] = Field(
        default_factory=list, description="Ideas we bring the partner to make them better."
    )
    relations: OptionalList[Relation] = Field(
        default_factory=list,
        description="Links to related charters (partner, supplier, customer, part, dependency).",
    )
    terms: OptionalList[Term] = Field(
        default_factory=list, description="Terms this charter defines."
    )
    internal: Text | None = Field(
        None,
        description="Notes for our own side only, Markdown allowed: shown on the handbook site, "
        "never in the page `handbook share` writes for the partner.",
    )


class Person(_Section):
    """One person in the people registry, ``charters/people.yaml``."""

    id: Slug = Field(description="The id members, owners and goal owners use (e.g. ana-lima).")
    name: Text = Field(description="Full name, written here once for every charter.")
    title: Text | None = Field(None, description="Job title.")
    organisation: Text | None = Field(
        None, description="The organisation the person works for, ours or a partner's."
    )
    github: (
        Annotated[
            str,
            Field(
                pattern=GITHUB_HANDLE_PATTERN,
                description="GitHub user name, without @: `handbook codeowners` makes them "
                "review changes to the charters they own.",
            ),
        ]
        | None
    ) = None
    email: Annotated[str, Field(pattern=EMAIL_PATTERN, description="Work e-mail.")] | None = None


class People(_Section):
    """The people registry, ``charters/people.yaml``: each person written once."""

    people: OptionalList[Person] = Field(default_factory=list, description="Everyone, by id.")


class Glossary(_Section):
    """The organisation-wide glossary, ``charters/glossary.yaml``."""

    terms: OptionalList[Term] = Field(default_factory=list)


def strip_extensions(value: Any) -> Any:
    """A copy of ``value`` without ``x-`` keys, which the schema leaves to each organisation."""
    if isinstance(value, dict):
        return {
            key: strip_extensions(item)
            for key, item in value.items()
            if not (isinstance(key, str) and key.startswith(EXTENSION_PREFIX))
        }
    if isinstance(value, list):
        return [strip_extensions(item) for item in value]
    return value


def field_description(info: FieldInfo) -> str:
    """A field's description, also when it sits on an optional ``Annotated`` type."""
    if info.description:
        return info.description
    for member in union_members(info.annotation):
        if typing.get_origin(member) is typing.Annotated:
            for item in typing.get_args(member)[1:]:
                if isinstance(item, FieldInfo) and item.description:
                    return item.description
    return ""


def field_patterns(info: FieldInfo) -> list[str]:
    """The regular expressions a field's text must match, also on optional types."""
    metadata = list(info.metadata)
    for member in union_members(info.annotation):
        if typing.get_origin(member) is typing.Annotated:
            for item in typing.get_args(member)[1:]:
                metadata += item.metadata if isinstance(item, FieldInfo) else [item]
    return [pattern for item in metadata if (pattern := getattr(item, "pattern", None))]


def union_members(annotation: Any) -> tuple[Any, ...]:
    """The members of ``X | Y``, or ``(annotation,)`` when it is no union."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def section_model(annotation: Any) -> type[BaseModel] | None:
    """The section a field holds, alone, optionally or as list items, if it holds one."""
    for member in union_members(annotation):
        member = unwrap_annotated(member)
        if typing.get_origin(member) is list:
            member = unwrap_annotated(typing.get_args(member)[0])
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def unwrap_annotated(annotation: Any) -> Any:
    """``T`` from ``Annotated[T, ...]``."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def charter_json_schema() -> dict[str, Any]:
    """The charter format as JSON Schema (draft 2020-12), for editors and other tools."""
    schema = Charter.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def charter_json_schema_text() -> str:
    return json.dumps(charter_json_schema(), indent=2, sort_keys=False) + "\n"


def people_json_schema_text() -> str:
    """The people registry's format as JSON Schema (draft 2020-12), for editors."""
    schema = People.model_json_schema()
    schema["$id"] = PEOPLE_SCHEMA_ID
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
