"""The relation map: how the relationships relate, laid out at build time as an arc diagram.

Every relationship with a relation to another one is a row of one column, grouped by tier (key
accounts first) and by name within, with its name to the right; each relation is an arc on the
left from one row to the other, wider the further apart they are, so names are never crossed
by a line and read horizontally at any size. A relation both charters declare (supplier to one
way, customer of back) is one arc. This module only computes coordinates, in the SVG's user
units; ``templates/partials/relation_map.md.j2`` draws them. Past :data:`MAP_LIMIT`
relationships with relations only the most connected are drawn, and the map says so.

Everything is linear in the charters and their relations, but for one sort of the nodes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from generator.check.schema import Charter
from generator.check.vocabulary import TIERS, RelationType
from generator.site.charter_view import RELATION_PHRASES

MAP_LIMIT = 50
"""The most relationships a map draws: past that, the most connected."""
EDGE_LABELS_LIMIT = 24
"""Past this many relations the arcs are not labelled: the legend tells types apart."""
LABEL_CHARS = 32
"""A longer name is cut to this many characters on the map; its title holds all of it."""

_ROW = 28.0
"""The height of a row: one relationship or a tier's heading."""
_TOP = 4.0
_CHAR_WIDTH = 7.4
"""An average character's width at the map's 13-unit font, with a margin."""
_LEFT = 84.0
"""Room left of the widest arc for the label at its tip: the longest phrase, at 11 units."""
_ARC_MIN = 14.0
_ARC_MAX = 260.0
_DOT_GAP = 7.0
"""Arcs end this far left of a dot's centre, so their arrowheads show."""
_TEXT_GAP = 12.0
_DIRECTED = {"supplier-to", "part-of", "depends-on"}


@dataclass(frozen=True)
class MapNode:
    """A relationship on the map: its dot at (``x``, ``y``), its name to the right."""

    charter_id: str
    name: str
    label: str
    """The name as drawn: cut to :data:`LABEL_CHARS` characters, with an ellipsis."""
    page: str
    """The charter's page, e.g. ``charters/acme.md``."""
    tier: str
    degree: int
    """How many relations it has on the map."""
    x: float
    y: float
    label_x: float


@dataclass(frozen=True)
class MapHeading:
    """A tier's heading above its relationships: its text starts right of ``x``."""

    tier: str
    title: str
    count: int
    """How many of the tier's relationships the map draws."""
    x: float
    y: float


@dataclass(frozen=True)
class MapEdge:
    """A relation, read as "``source`` ``phrase`` ``target``", drawn as the arc ``path``."""

    source: MapNode
    target: MapNode
    type: RelationType
    phrase: str
    directed: bool
    """Whether the relation reads one way (an arrow at the target); partners read both ways."""
    path: str
    """The SVG path of the arc, from the source's row to the target's."""
    label_x: float
    """Where the phrase ends: just left of the arc's tip, at ``label_y``."""
    label_y: float


@dataclass(frozen=True)
class RelationMap:
    width: float
    height: float
    nodes: list[MapNode]
    headings: list[MapHeading]
    edges: list[MapEdge]
    """Widest arcs first, so shorter ones are drawn over them."""
    related: int
    """How many relationships have a relation to another one: more than drawn when capped."""
    unrelated: int
    """How many relationships have no relation to another one: not drawn."""
    edge_labels: bool
    """Whether arcs carry their phrase: only when there are few."""
    types: list[RelationType]
    """The relation types on the map, in the legend's order."""

    @property
    def legend(self) -> list[tuple[RelationType, str]]:
        """Each relation type on the map with its phrase, in the legend's order."""
        return [(kind, RELATION_PHRASES[kind]) for kind in self.types]

    @property
    def capped(self) -> bool:
        """Whether some related relationships were left out: see :data:`MAP_LIMIT`."""
        return self.related > len(self.nodes)


def relation_map(
    charters: Sequence[tuple[Charter, str]],
    tier_titles: Mapping[str, str],
    limit: int = MAP_LIMIT,
) -> RelationMap:
    """The map of the relations among ``charters``, each given with its page.

    Relations to charters not given (retired, or not in the handbook) are left out, and so
    are charters with no relation. When more than ``limit`` charters have relations, at most
    ``limit`` are drawn: the most connected, see :func:`_most_connected`. The same charters in
    any order give the same map.
    """
    by_id = {charter.id: (charter, page) for charter, page in charters}
    relations = _relations(charters, by_id.keys())
    degree = _degrees(relations)
    related = len(degree)

    def order(charter_id: str) -> tuple[int, str, str]:
        charter = by_id[charter_id][0]
        return TIERS.index(charter.tier), charter.name.casefold(), charter.id

    shown = list(degree)
    if len(shown) > limit:
        relations = _most_connected(relations, degree, order, limit)
        degree = _degrees(relations)
        shown = list(degree)
    shown.sort(key=order)

    rows: dict[str, float] = {}
    headings: list[tuple[str, float]] = []
    for charter_id in shown:
        tier = by_id[charter_id][0].tier
        if not headings or headings[-1][0] != tier:
            headings.append((tier, _row_y(len(rows) + len(headings))))
        rows[charter_id] = _row_y(len(rows) + len(headings))
    spans = [abs(rows[source] - rows[target]) for source, target, _ in relations]
    scale = min(0.5, (_ARC_MAX - _ARC_MIN) / max(spans, default=1.0))
    edge_labels = len(relations) <= EDGE_LABELS_LIMIT
    left = _LEFT if edge_labels else 8.0
    line_x = round(left + max((_ARC_MIN + span * scale for span in spans), default=0.0), 1)
    text_x = line_x + _TEXT_GAP

    nodes: dict[str, MapNode] = {}
    for charter_id in shown:
        charter, page = by_id[charter_id]
        nodes[charter_id] = MapNode(
            charter_id=charter_id,
            name=charter.name,
            label=_cut(charter.name),
            page=page,
            tier=charter.tier,
            degree=degree[charter_id],
            x=line_x,
            y=rows[charter_id],
            label_x=text_x,
        )
    tier_counts = Counter(node.tier for node in nodes.values())
    map_headings = [
        MapHeading(tier, tier_titles.get(tier, tier), tier_counts[tier], line_x, y)
        for tier, y in headings
    ]
    edges = [
        _edge(nodes[source], nodes[target], kind, line_x - _DOT_GAP, scale)
        for source, target, kind in relations
    ]
    edges.sort(
        key=lambda edge: (
            -abs(edge.source.y - edge.target.y),
            edge.source.y,
            edge.target.y,
            edge.type,
        )
    )
    widest = max(
        [len(node.label) for node in nodes.values()]
        + [len(heading.title) + 5 for heading in map_headings],
        default=0,
    )
    present = {edge.type for edge in edges}
    return RelationMap(
        width=round(text_x + widest * _CHAR_WIDTH + 8, 1),
        height=round(_TOP + (len(rows) + len(headings)) * _ROW + 4, 1),
        nodes=list(nodes.values()),
        headings=map_headings,
        edges=edges,
        related=related,
        unrelated=len(by_id) - related,
        edge_labels=edge_labels,
        types=[kind for kind in RELATION_PHRASES if kind in present],
    )


def _relations(
    charters: Sequence[tuple[Charter, str]], known: Collection[str]
) -> list[tuple[str, str, RelationType]]:
    """Each relation among the known charters once, as (source, target, type): a customer of
    is read from the other side as a supplier to, partners in the order of their ids."""
    seen: dict[tuple[str, str, RelationType], None] = {}
    for charter, _ in charters:
        for relation in charter.relations:
            if relation.to == charter.id or relation.to not in known:
                continue
            source, target, kind = charter.id, relation.to, relation.type
            if kind == "customer-of":
                source, target, kind = target, source, "supplier-to"
            elif kind == "partner-of" and target < source:
                source, target = target, source
            seen.setdefault((source, target, kind), None)
    return list(seen)


def _most_connected(
    relations: list[tuple[str, str, RelationType]],
    degree: dict[str, int],
    order: Callable[[str], tuple[int, str, str]],
    limit: int,
) -> list[tuple[str, str, RelationType]]:
    """The relations among at most ``limit`` charters, chosen relation by relation: those
    between the most connected charters first (ties: key accounts, then by name), each taken
    when both its charters fit, so no charter is drawn without a relation."""
    ranked = sorted(
        relations,
        key=lambda r: (-(degree[r[0]] + degree[r[1]]), *order(r[0]), *order(r[1]), r[2]),
    )
    kept: set[str] = set()
    for source, target, _ in ranked:
        new = {source, target} - kept
        if len(kept) + len(new) <= limit:
            kept |= new
            if len(kept) == limit:
                break
    return [r for r in relations if r[0] in kept and r[1] in kept]


def _degrees(relations: list[tuple[str, str, RelationType]]) -> dict[str, int]:
    """How many relations each charter has, in the order charters first appear."""
    degree: dict[str, int] = {}
    for source, target, _ in relations:
        degree[source] = degree.get(source, 0) + 1
        degree[target] = degree.get(target, 0) + 1
    return degree


def _row_y(row: int) -> float:
    return _TOP + row * _ROW + _ROW / 2


def _cut(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _edge(source: MapNode, target: MapNode, kind: RelationType, x: float, scale: float) -> MapEdge:
    """The arc from the source's row to the target's, bulging left of the column."""
    span = abs(target.y - source.y)
    rx = round(_ARC_MIN + span * scale, 1)
    ry = round(span / 2, 1)
    sweep = 0 if source.y < target.y else 1  # through the left, either way
    path = f"M {x:g} {source.y:g} A {rx:g} {ry:g} 0 0 {sweep} {x:g} {target.y:g}"
    return MapEdge(
        source,
        target,
        kind,
        RELATION_PHRASES[kind],
        kind in _DIRECTED,
        path,
        round(x - rx - 4, 1),
        round((source.y + target.y) / 2, 1),
    )
