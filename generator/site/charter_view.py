"""A charter as its page shows it: names joined to the ids the charter uses.

Charters refer to parties, members, objectives, key goals and other charters by id; readers
want names. The joins are done here, once, so templates never look ids up: a key goal's row
names its objective by a short title, an accomplishment names its goal by the goal itself. What
a page shows of the other charters (their names and pages, and the relations they declare
towards this one) comes from a :class:`CharterIndex`, built once for the whole site.

The page's trend (key goals done per period, drawn as a sparkline) is computed here too, and
so is the address at which a charter file is edited (:func:`charters_edit_base`).
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from generator.check.schema import (
    Charter,
    Idea,
    KeyGoal,
    Member,
    Objective,
    People,
    Period,
    Relation,
    Risk,
)
from generator.check.vocabulary import IdeaStatus, RelationType, RiskStatus
from generator.safe_html import markdown_html
from generator.site.markdown_text import is_plain

RELATION_PHRASES: dict[RelationType, str] = {
    "partner-of": "partner of",
    "supplier-to": "supplier to",
    "customer-of": "customer of",
    "part-of": "part of",
    "depends-on": "depends on",
}
"""A relation as the charter that declares it reads: "this relationship is PHRASE the other"."""
INVERSE_PHRASES: dict[RelationType, str] = {
    "partner-of": "partner of",
    "supplier-to": "customer of",
    "customer-of": "supplier to",
    "part-of": "includes",
    "depends-on": "depended on by",
}
"""The same relation read from the other charter's side."""
RISK_ORDER: dict[RiskStatus, int] = {"open": 0, "mitigated": 1, "closed": 2}
"""Open risks first: they are the ones that need their owner."""
STATUS_TONES: dict[RiskStatus | IdeaStatus, str] = {
    "open": "at-risk",
    "mitigated": "planned",
    "closed": "dropped",
    "proposed": "planned",
    "accepted": "on-track",
    "declined": "dropped",
    "done": "done",
}
"""Which goal status chip's colours a risk's or idea's status wears: red needs attention,
blue is in hand, green went well, grey is over."""


def member_names(charter: Charter, people: People | None = None) -> dict[str, str]:
    """Each member's display name by id: the one place pages take a person's name from.

    The people registry's name when it has the person, else the name the charter writes,
    else the id.
    """
    registry = {person.id: person.name for person in people.people} if people else {}
    return {
        member.id: registry.get(member.id) or member.name or member.id for member in charter.members
    }


def format_amount(value: float, currency: str | None = None) -> str:
    """``EUR 1,200,000``: thousands separated by commas whatever the locale, cents only when
    there are any."""
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return f"{currency} {number}" if currency else number


@dataclass(frozen=True)
class MemberRow:
    member: Member
    name: str
    party_name: str


@dataclass(frozen=True)
class ObjectiveRow:
    """An objective with the short title goal rows name it by."""

    objective: Objective
    title: str
    """The id in words: ``demand-driven-roadmap`` reads "Demand-driven roadmap"."""
    anchor: str
    """The id of its entry in the page's Objectives section: ``objective-ID``."""


@dataclass(frozen=True)
class GoalRow:
    goal: KeyGoal
    owner_name: str | None
    """The owning member's name; None when the goal has no owner yet."""
    objective_statement: str
    owner_id: str | None
    """The owner's id when the owner is a member of the charter: their person page's id."""
    objective_title: str
    """The objective's short title; its id when the charter has no such objective."""
    objective_anchor: str | None
    """Where the objective is on the page; None when the charter has no such objective."""
    anchor: str
    """The id of the goal's row on the page, which accomplishments link to: ``goal-ID``, or
    ``goal-ID-START`` in a past period when another period has a goal with the same id."""


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    owner_name: str | None
    """The name of who removes it; None when the risk names nobody."""
    tone: str
    """The goal status whose chip colours the risk's status wears."""
    owner_id: str | None
    """The owner's id when the owner is a member of the charter: their person page's id."""


@dataclass(frozen=True)
class AccomplishmentRow:
    date: datetime.date
    summary: str
    goal_id: str | None
    """The key goal it advanced, as the charter writes it."""
    goal_title: str | None
    """That goal as plain text; None when no period of the charter has a goal with the id."""
    goal_anchor: str | None
    """The goal's row on the page; None when the goal is unknown."""


@dataclass(frozen=True)
class TrendPoint:
    label: str
    done: int
    total: int
    x: float
    """Where the point is drawn, in the sparkline's own units (see :class:`Trend`)."""
    y: float

    @property
    def cx(self) -> str:
        return _number(self.x)

    @property
    def cy(self) -> str:
        return _number(self.y)


@dataclass(frozen=True)
class Trend:
    """Key goals done per period, oldest first, the current period last: a sparkline."""

    points: tuple[TrendPoint, ...]
    width: float
    """The sparkline's view box: ``0 0 width height``; it scales with the text."""
    height: float

    @property
    def view_box(self) -> str:
        return f"0 0 {_number(self.width)} {_number(self.height)}"

    @property
    def zero(self) -> str:
        """The height of the points with no key goal done: the sparkline's base line."""
        return _number(self.height - _SPARKLINE_MARGIN)

    @property
    def right(self) -> str:
        """The width, as written in the SVG."""
        return _number(self.width)

    @property
    def bottom(self) -> str:
        """The height, as written in the SVG."""
        return _number(self.height)

    @property
    def path(self) -> str:
        """The points as an SVG polyline's ``points``: ``3,21 27,3``."""
        return " ".join(f"{point.cx},{point.cy}" for point in self.points)

    @property
    def description(self) -> str:
        """The sparkline in words: ``Key goals done per period: 2026-Q3 1 of 2, 2026-Q4 1 of
        3``."""
        counts = ", ".join(f"{p.label} {p.done} of {p.total}" for p in self.points)
        return f"Key goals done per period: {counts}"


@dataclass(frozen=True)
class IdeaRow:
    idea: Idea
    tone: str


@dataclass(frozen=True)
class RelationRow:
    """One related charter as this page reads it: "this relationship is PHRASE NAME"."""

    phrase: str
    """How this relationship relates to the other, e.g. ``supplier to`` or ``includes``."""
    charter_id: str
    name: str
    """The related charter's name; its id when no charter of the site has that id."""
    page: str | None
    """The related charter's page (``charters/acme.md``); None when it is not in the site."""
    notes: tuple[str, ...]
    """What the link means in practice, as this charter and then the other one says."""


@dataclass(frozen=True)
class PeriodView:
    period: Period
    goals: list[GoalRow]

    @property
    def start(self) -> datetime.date:
        return self.period.start

    @property
    def done(self) -> int:
        """How many of the period's key goals are done."""
        return sum(row.goal.status == "done" for row in self.goals)


@dataclass(frozen=True)
class CharterView:
    members: list[MemberRow]
    """Current members, in the charter's order: a future ``left`` date is still to come."""
    former: list[MemberRow]
    """Members who left on or before today, the most recent first."""
    current: PeriodView
    history: list[PeriodView]
    """Past periods, the most recent first."""
    account: list[tuple[str, str | datetime.date]]
    """The account's facts that are given, as (label, value): annual value, potential, renewal."""
    risks: list[RiskRow]
    """Open risks first, then mitigated and closed ones; in the charter's order within."""
    ideas: list[IdeaRow]
    related: list[RelationRow]
    """This charter's own relations in its order, then those only other charters declare."""
    objectives: list[ObjectiveRow]
    """The charter's objectives in its order, with their short titles."""
    accomplishments: list[AccomplishmentRow]
    """The most recent first, each with the goal it advanced."""
    owner_id: str | None
    """The charter owner's id when the owner is a member: their person page's id."""
    trend: Trend | None
    """Key goals done per period; None when the charter has no past period to compare with."""


@dataclass(frozen=True)
class _Declared:
    """A relation another charter declares towards one charter."""

    source: str
    """The id of the charter that declares it."""
    relation: Relation


@dataclass(frozen=True)
class CharterIndex:
    """What one charter's page shows of the others. Build it once per site with
    :func:`charter_index`."""

    pages: dict[str, tuple[str, str]]
    """Every charter of the site by id: its name and its page."""
    incoming: dict[str, list[_Declared]]
    """By charter id, the relations other charters declare towards it."""


def charter_index(charters: Iterable[tuple[Charter, str]]) -> CharterIndex:
    """The index of the site's charters, given each with its page: one pass over them all."""
    pages: dict[str, tuple[str, str]] = {}
    incoming: dict[str, list[_Declared]] = {}
    for charter, page in charters:
        pages[charter.id] = (charter.name, page)
        for relation in charter.relations:
            if relation.to != charter.id:
                incoming.setdefault(relation.to, []).append(_Declared(charter.id, relation))
    return CharterIndex(pages, incoming)


def charter_view(
    charter: Charter, today: datetime.date, index: CharterIndex, people: People | None = None
) -> CharterView:
    """The charter's members, periods, risks and relations with names in place of ids.

    A member whose ``left`` date is ``today`` or earlier is a former member. ``people`` is the
    handbook's people registry, when it has one.
    """
    party_names = {party.id: party.name for party in charter.parties}
    names = member_names(charter, people)
    objectives = [
        ObjectiveRow(
            objective,
            objective_title(objective.id, objective.statement),
            f"objective-{objective.id}",
        )
        for objective in charter.objectives
    ]
    by_objective = {row.objective.id: row for row in objectives}
    goal_periods: dict[str, int] = {}
    for period in (charter.period, *charter.history):
        for goal_id in {goal.id for goal in period.key_goals}:
            goal_periods[goal_id] = goal_periods.get(goal_id, 0) + 1

    def name_of(member_id: str | None) -> str | None:
        return names.get(member_id, member_id) if member_id else None

    def member_id(member_id: str | None) -> str | None:
        return member_id if member_id in names else None

    def goal_row(goal: KeyGoal, period: Period) -> GoalRow:
        objective = by_objective.get(goal.objective)
        shared = period is not charter.period and goal_periods[goal.id] > 1
        return GoalRow(
            goal,
            name_of(goal.owner),
            objective.objective.statement if objective else goal.objective,
            member_id(goal.owner),
            objective.title if objective else goal.objective,
            objective.anchor if objective else None,
            f"goal-{goal.id}-{period.start.isoformat()}" if shared else f"goal-{goal.id}",
        )

    def period_view(period: Period) -> PeriodView:
        return PeriodView(period, [goal_row(goal, period) for goal in period.key_goals])

    current = period_view(charter.period)
    history = sorted(
        (period_view(past) for past in charter.history), key=lambda view: view.start, reverse=True
    )
    rows = [
        MemberRow(member, names[member.id], party_names.get(member.party, member.party))
        for member in charter.members
    ]
    left = {row.member.id: row.member.left for row in rows if row.member.left is not None}
    former = {member_id for member_id, day in left.items() if day <= today}
    return CharterView(
        members=[row for row in rows if row.member.id not in former],
        former=sorted(
            (row for row in rows if row.member.id in former),
            key=lambda row: left[row.member.id],
            reverse=True,
        ),
        current=current,
        history=history,
        account=_account_facts(charter),
        risks=sorted(
            (
                RiskRow(risk, name_of(risk.owner), STATUS_TONES[risk.status], member_id(risk.owner))
                for risk in charter.risks
            ),
            key=lambda row: RISK_ORDER[row.risk.status],
        ),
        ideas=[IdeaRow(idea, STATUS_TONES[idea.status]) for idea in charter.ideas],
        related=_related(charter, index),
        objectives=objectives,
        accomplishments=_accomplishments(charter, [current, *history]),
        owner_id=member_id(charter.owner),
        trend=trend_of([*reversed(history), current]) if history else None,
    )


_COMPOUND_ENDINGS = frozenset(
    {"driven", "based", "led", "facing", "wide", "owned", "ready", "free", "centric", "focused"}
)
"""Second words that make a compound with the word before: ``demand-driven``, ``cloud-based``."""
_WORD = re.compile(r"[\w-]+")


def objective_title(objective_id: str, statement: str = "") -> str:
    """An objective's short title: its id in words, with a capital first letter.

    ``demand-driven-roadmap`` reads "Demand-driven roadmap". Hyphens become spaces except in a
    compound: one the statement writes with its hyphen (``well-being``), or one that ends in a
    word like ``driven`` or ``based``. A word the statement writes in capitals keeps them
    (``qbr-cadence`` and "Hold a QBR…" give "QBR cadence").
    """
    written = {word.casefold(): word for word in _WORD.findall(statement)}
    words = [word for word in objective_id.split("-") if word]
    parts: list[str] = []
    index = 0
    while index < len(words):
        for end in range(len(words), index + 1, -1):  # the longest compound first
            compound = "-".join(words[index:end])
            if compound in written:
                parts.append(_as_written(compound, written))
                index = end
                break
        else:
            word = _as_written(words[index], written)
            if parts and words[index] in _COMPOUND_ENDINGS:
                parts[-1] = f"{parts[-1]}-{word}"
            else:
                parts.append(word)
            index += 1
    title = " ".join(parts)
    return title[:1].upper() + title[1:]


def _as_written(word: str, written: dict[str, str]) -> str:
    """``word`` as the statement writes it when it writes it in capitals (an acronym)."""
    spelling = written.get(word, word)
    return spelling if len(spelling) > 1 and spelling.isupper() else word


def _accomplishments(charter: Charter, periods: list[PeriodView]) -> list[AccomplishmentRow]:
    """The accomplishments, the most recent first, each joined to the goal it advanced: the
    goal of the period the accomplishment falls in, else of the current period, else of the
    most recent past period (key goals of different periods may share an id)."""
    rows = []
    for item in sorted(charter.accomplishments, key=lambda item: item.date, reverse=True):
        goals = [row for view in periods for row in view.goals if row.goal.id == item.goal]
        within = [
            row
            for view in periods
            for row in view.goals
            if row.goal.id == item.goal and view.start <= item.date <= view.period.end
        ]
        goal = next(iter(within or goals), None)
        rows.append(
            AccomplishmentRow(
                item.date,
                item.summary,
                item.goal,
                plain_text(goal.goal.goal) if goal else None,
                goal.anchor if goal else None,
            )
        )
    return rows


SPARKLINE_STEP = 24.0
"""The distance between two periods in the sparkline, in its own units."""
SPARKLINE_HEIGHT = 24.0
_SPARKLINE_MARGIN = 3.0
"""Room around the points for the dots drawn on them."""


def trend_of(periods: list[PeriodView]) -> Trend:
    """The sparkline of ``periods``, oldest first: one point per period at the height of its
    done key goals, on a scale whose top is the most key goals any of the periods had."""
    top = max((len(view.goals) for view in periods), default=0) or 1
    inner = SPARKLINE_HEIGHT - 2 * _SPARKLINE_MARGIN
    points = tuple(
        TrendPoint(
            view.period.label,
            view.done,
            len(view.goals),
            _SPARKLINE_MARGIN + index * SPARKLINE_STEP,
            _SPARKLINE_MARGIN + inner * (1 - view.done / top),
        )
        for index, view in enumerate(periods)
    )
    width = 2 * _SPARKLINE_MARGIN + max(len(points) - 1, 0) * SPARKLINE_STEP
    return Trend(points, width, SPARKLINE_HEIGHT)


def _number(value: float) -> str:
    """A coordinate as SVG reads it, the same on every machine: ``3``, ``10.5``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str) -> str:
    """Charter Markdown as the words a reader sees, on one line: ``*Ship* [it](x)`` reads
    ``Ship it``. For a link's text, where the field's own links and emphasis cannot go."""
    if is_plain(text):
        return text
    reader = _TextOnly()
    reader.feed(markdown_html(text))
    reader.close()
    return " ".join("".join(reader.parts).split())


def _account_facts(charter: Charter) -> list[tuple[str, str | datetime.date]]:
    account = charter.account
    if account is None:
        return []
    facts: list[tuple[str, str | datetime.date]] = []
    if account.annual_value is not None:
        facts.append(("Annual value", format_amount(account.annual_value, account.currency)))
    if account.potential is not None:
        facts.append(("Growth potential", account.potential))
    if account.renewal is not None:
        facts.append(("Renewal", account.renewal))
    return facts


def _related(charter: Charter, index: CharterIndex) -> list[RelationRow]:
    """One row per related charter and phrase: a relation both charters declare (supplier to
    one way, customer of back) is one row, with the notes of both."""
    notes: dict[tuple[str, str], list[str]] = {}

    def add(other: str, phrase: str, note: str | None) -> None:
        known = notes.setdefault((other, phrase), [])
        if note is not None and note not in known:
            known.append(note)

    for relation in charter.relations:
        add(relation.to, RELATION_PHRASES[relation.type], relation.note)
    for declared in sorted(
        index.incoming.get(charter.id, []),
        key=lambda declared: (_name(index, declared.source).casefold(), declared.source),
    ):
        add(declared.source, INVERSE_PHRASES[declared.relation.type], declared.relation.note)
    return [
        RelationRow(phrase, other, _name(index, other), _page(index, other), tuple(texts))
        for (other, phrase), texts in notes.items()
    ]


def _name(index: CharterIndex, charter_id: str) -> str:
    known = index.pages.get(charter_id)
    return known[0] if known else charter_id


def _page(index: CharterIndex, charter_id: str) -> str | None:
    known = index.pages.get(charter_id)
    return known[1] if known else None


EDIT_URI_DEFAULTS = {
    "github.com": "edit/master/docs/",
    "gitlab.com": "edit/master/docs/",
    "bitbucket.org": "src/default/docs/",
}
"""MkDocs' ``edit_uri`` when the configuration sets none, by the host of ``repo_url``."""


def charters_edit_base(
    repo_url: str | None,
    edit_uri: str | None,
    *,
    docs_dir: str = "docs",
    charters_dir: str = "charters",
    edit_uri_template: str | None = None,
) -> str | None:
    """The address under which the charter files are edited, ending in ``/``: a charter's
    "Edit this charter" link is this followed by ``ID.yaml``. None when the site has no
    edit address, or when it would not be a web address (http or https).

    ``repo_url``, ``edit_uri`` and ``edit_uri_template`` are MkDocs' settings; ``docs_dir`` and
    ``charters_dir`` are folders relative to the one that holds ``mkdocs.yml``. The rule:

    - MkDocs edits a docs page at ``urljoin(repo_url + "/", edit_uri + page)``, and its
      ``edit_uri`` names the docs folder in the repository. Unset (None), it is MkDocs'
      default: ``edit/master/docs/`` for GitHub and GitLab, ``src/default/docs/`` for
      Bitbucket, none for other hosts. Empty, there are no edit links.
    - Charters are not in the docs folder: an ``edit_uri`` that ends with ``docs_dir``
      (``edit/main/docs/``) has that end replaced by ``charters_dir`` (``edit/main/charters/``);
      any other ``edit_uri`` (``edit/main/``) is taken to name the folder of ``mkdocs.yml``,
      and ``charters_dir`` is added to it (``edit/main/charters/``).
    - An ``edit_uri_template`` (which MkDocs prefers to ``edit_uri``) that ends with ``{path}``
      is read as the ``edit_uri`` before it; any other template gives None.
    - An ``edit_uri`` that is a whole address needs no ``repo_url``.
    """
    if edit_uri_template is not None:
        if not edit_uri_template.endswith("{path}"):
            return None
        edit_uri = edit_uri_template.removesuffix("{path}")
    elif edit_uri is None and repo_url:
        edit_uri = EDIT_URI_DEFAULTS.get(urlsplit(repo_url).netloc.lower(), "")
    if not edit_uri:
        return None
    if not edit_uri.endswith("/"):
        edit_uri += "/"
    docs = posixpath.normpath(docs_dir.replace("\\", "/")).strip("/")
    if docs != "." and (edit_uri == f"{docs}/" or edit_uri.endswith(f"/{docs}/")):
        edit_uri = edit_uri.removesuffix(f"{docs}/")
    charters = posixpath.normpath(charters_dir.replace("\\", "/")).strip("/")
    if charters != ".":
        edit_uri += quote(charters, safe="/") + "/"
    base = repo_url.rstrip("/") + "/" if repo_url else ""
    address = urljoin(base, edit_uri)
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return address
