"""`handbook new`: a commented charter skeleton that passes `handbook check` as a draft.

Required fields a person must still write hold text starting with ``TODO:``; the
``placeholder-text`` rule lists them as completeness warnings until they are replaced.
Optional sections are commented-out examples, in the schema's order, that still pass
``handbook check`` once an author removes the ``# `` in front of them.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.check.document import file_kind
from generator.check.schema import SLUG_PATTERN, Charter, People
from generator.edit.fmt import FormatError, rewrite_text
from generator.files import write_atomically
from generator.text import normalise, slugify

SCHEMA_PATH = Path("docs/schema/charter-v1.json")
"""The charter JSON Schema in the repository; MkDocs publishes it at ``schema/charter-v1.json``."""

OUR_SIDE = ("our-organisation", "Our organisation")

PEOPLE_FILE = "people.yaml"
"""The people registry, beside the charters."""

OTHER_CHARTER = "other-charter-id"
"""The example relation's target when the handbook has no other charter to point at."""

MAX_ID_LENGTH = 100
"""The longest charter id: it names a file, and file names are short on every system."""


class SkeletonError(Exception):
    """The charter cannot be created (invalid id, existing file): a usage error."""


def quarter_of(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The calendar quarter containing ``day``: label, first and last day."""
    quarter = (day.month - 1) // 3
    start = datetime.date(day.year, 3 * quarter + 1, 1)
    next_start = datetime.date(day.year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)
    return f"{day.year}-Q{quarter + 1}", start, next_start - datetime.timedelta(days=1)


def our_side(charters: list[Charter]) -> tuple[str, str]:
    """The party found in most existing charters, which is the organisation itself."""
    counts = Counter((party.id, party.name) for charter in charters for party in charter.parties)
    return counts.most_common(1)[0][0] if counts else OUR_SIDE


def related_example(charters: list[Charter], charter_id: str) -> str:
    """The id the skeleton's example relation points at: an existing charter, so that the
    example passes ``handbook check`` once uncommented."""
    ids = sorted(charter.id for charter in charters if charter.id != charter_id)
    return ids[0] if ids else OTHER_CHARTER


@dataclass(frozen=True)
class NewCharter:
    """What ``handbook new`` is asked for: the id, name, kind, tier and owner's full name."""

    charter_id: str
    name: str
    kind: str
    tier: str
    owner: str


def charter_skeleton(
    new: NewCharter,
    *,
    today: datetime.date,
    organisation: tuple[str, str],
    schema_ref: str,
    related: str = OTHER_CHARTER,
    registered_owner: str | None = None,
) -> str:
    """The YAML text of a new proposed charter with every section and a comment for each.

    ``related`` is the charter id the commented-out example relation points at.
    ``registered_owner`` is the owner's id in the people registry, when the handbook has one:
    the registry holds the name, so the member is written without it.
    """
    charter_id, name, kind, tier, owner = (new.charter_id, new.name, new.kind, new.tier, new.owner)
    owner_id = registered_owner or slugify(owner) or "owner"
    side_id, side_name = organisation
    partner_id = charter_id if charter_id != side_id else f"{charter_id}-partner"
    label, start, end = quarter_of(today)
    review = today + datetime.timedelta(days=90)
    renewal = today + datetime.timedelta(days=365)
    text = json.dumps  # a JSON string is a valid, safely quoted YAML scalar
    name_line = f"# name: in {PEOPLE_FILE}" if registered_owner else f"name: {text(owner)}"
    return f"""\
# yaml-language-server: $schema={schema_ref}
# A new relationship charter. Replace every TODO, then run `handbook check`.
# The authoring guide (docs/authoring.md) explains each section.
id: {charter_id}
name: {text(name)}
kind: {kind}
tier: {tier}
status: proposed  # a draft: set it to active once the charter is complete
owner: {owner_id}
# The one description of what this relationship is for; say what each party gains.
purpose: |
  TODO: Describe in a few sentences what this relationship is for and what every party gains.
# agreement:  # the formal basis: contract, bylaws, letter-of-understanding or informal
#   type: contract
#   reference: TODO
#   signed: {today.isoformat()}
# account:  # why the tier: what the relationship is worth and could become
#   annual_value: 100000  # what it brings in a year, as a plain number
#   currency: EUR  # three capital letters: EUR, USD, GBP...
#   potential: medium  # how much it could grow: low, medium or high
#   renewal: {renewal.isoformat()}  # when the agreement is next renewed
parties:
  - id: {side_id}
    name: {text(side_name)}
    benefits: []  # what this party gains
  - id: {partner_id}
    name: {text(name)}
    benefits: []
objectives:  # each serves the relationship, the business or the members' well-being
  - id: main-objective
    statement: "TODO: What the relationship sets out to achieve."
    serves: business
members:  # who belongs, which party they represent and what they contribute
  - id: {owner_id}
    {name_line}
    party: {side_id}
    role: "TODO: Role in the group"
    contributes:
    # joined: {today.isoformat()}  # when they joined; if they leave, add left: and left_reason:
membership_criteria: []  # who belongs, and why
period:  # at most three key goals a period
  length: quarterly
  label: {label}
  start: {start.isoformat()}
  end: {end.isoformat()}
  key_goals: []  # each: id, goal, measure, owner, objective, due, status
meetings:  # meet more often than the period is long
  cadence: monthly
  format: "TODO: Where and how the group meets"
  # last_held: {today.isoformat()}
  # day: tuesday
  # time: "10:00"
  # timezone: Europe/Berlin
accomplishments: []
history: []
review:
  partner_fit:  # how partners who pull the group off course are reassigned or removed
  exit_criteria:  # when we leave the relationship
  next_review: {review.isoformat()}
# challenges:  # the partner's own challenges, in their words: where we can help most
#   - "TODO: A problem the partner told us about"
# risks:  # what could go wrong or stands in the way, and who removes it
#   - risk: "TODO: What could go wrong, in one sentence"
#     owner: {owner_id}  # the member who deals with it
#     mitigation: "TODO: What we do about it"
#     status: open  # open, mitigated or closed; `handbook remind` lists open ones
# ideas:  # ideas we bring the partner to make them better
#   - idea: "TODO: The idea, in one sentence"
#     status: proposed  # proposed, accepted, declined or done
# relations:  # links to other charters: this relationship is TYPE the other
#   - to: {related}  # the other charter's id, its file name without .yaml
#     type: partner-of  # partner-of, supplier-to, customer-of, part-of or depends-on
#     note: "TODO: What the link means in practice"
terms: []  # terms only this relationship uses; shared ones go in glossary.yaml
# internal: |  # notes for our side only: on the site, never in the page shared with the partner
#   TODO: What our team should know and the partner should not read.
"""


def create_charter(
    charters_dir: Path,
    new: NewCharter,
    *,
    today: datetime.date,
    existing: list[Charter],
    people: People | None = None,
) -> Path:
    """Write ``charters_dir/ID.yaml``; refuse an invalid id or an existing file.

    With a people registry (``people``, read from ``charters_dir/people.yaml``) the owner is
    the registry's person of that name or id, else added to the registry first.
    """
    charter_id = new.charter_id
    if len(charter_id) > MAX_ID_LENGTH:
        raise SkeletonError(
            f"the id is {len(charter_id)} characters long; a charter id may have at most "
            f"{MAX_ID_LENGTH}"
        )
    if not re.match(SLUG_PATTERN, charter_id):
        suggestion = slugify(charter_id)
        raise SkeletonError(
            f"'{charter_id}' is not a valid id: use lower-case letters and digits joined by "
            f"single hyphens" + (f", e.g. {suggestion}" if suggestion else "")
        )
    path = charters_dir / f"{charter_id}.yaml"
    if path.exists():
        raise SkeletonError(f"{path} already exists; edit it instead")
    if file_kind(path.name) != "charter":
        what = "glossary" if file_kind(path.name) == "glossary" else "people registry"
        raise SkeletonError(f"'{charter_id}.yaml' is the {what}, not a charter: choose another id")
    schema_ref = Path(os.path.relpath(SCHEMA_PATH.resolve(), charters_dir.resolve())).as_posix()
    charters_dir.mkdir(parents=True, exist_ok=True)
    registered = None
    if people is not None:
        registered = registered_person(people, new.owner) or _register(
            charters_dir / PEOPLE_FILE, slugify(new.owner) or "owner", new.owner
        )
    skeleton = charter_skeleton(
        new,
        today=today,
        organisation=our_side(existing),
        schema_ref=schema_ref,
        related=related_example(existing, charter_id),
        registered_owner=registered,
    )
    try:
        with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite
            stream.write(skeleton)
    except OSError as error:
        raise SkeletonError(f"cannot write {path}: {error.strerror}") from error
    return path


def registered_person(people: People, full_name: str) -> str | None:
    """The registry id of the person called ``full_name`` (case and spacing ignored), or
    whose id is that name's slug."""
    wanted = normalise(full_name)
    for person in people.people:
        if normalise(person.name) == wanted or person.id == slugify(full_name):
            return person.id
    return None


def _register(registry: Path, person_id: str, full_name: str) -> str:
    """Add a person to the people registry, keeping every comment; their id."""

    def add(data: Any) -> None:
        if data.get("people") is None:
            data["people"] = CommentedSeq()
        data["people"].append(CommentedMap([("id", person_id), ("name", full_name)]))

    def expected(data: Any) -> Any:
        return {
            **data,
            "people": [*(data.get("people") or []), {"id": person_id, "name": full_name}],
        }

    try:
        text = registry.read_text(encoding="utf-8")
        write_atomically(registry, rewrite_text(text, model=People, edit=add, expect=expected))
    except (OSError, UnicodeDecodeError, FormatError) as error:
        raise SkeletonError(f"cannot add {full_name} to {registry}: {error}") from error
    return person_id
