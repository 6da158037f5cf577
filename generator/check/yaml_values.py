"""Turn a composed YAML node tree into plain values, recording where each one came from.

Aliases are counted as they are expanded, so a file built to exhaust memory (an "alias bomb")
or an alias inside its own anchor stops the build with a located diagnostic; lists and
mappings nested too deeply are refused before the tree is composed at all.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Group, Severity
from generator.check.document import Location, SourceDocument, always_marked
from generator.values import DataPath

MAX_ALIAS_EXPANSION = 10_000
"""How many nodes aliases may repeat in one file before it counts as an expansion bomb."""

MAX_ALIAS_BYTES = 100_000
"""How many bytes of text aliases may repeat in one file before it counts as an expansion bomb."""

MAX_NESTING_DEPTH = 50
"""How deeply lists and mappings may nest; a charter needs about six levels."""

LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, in C where available."""

_TAG = "tag:yaml.org,2002:"


class LoadAbort(Exception):
    """The values cannot be built; ``diagnostic`` says why and where."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def too_deep(text: str, file: str) -> Diagnostic | None:
    """The diagnostic for lists and mappings nested deeper than allowed, else None.

    Reads parser events only, so it runs before composing (which recurses, in C) and stops at
    the first collection too deep. Raises PyYAML's errors for invalid YAML.
    """
    depth = 0
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                mark = event.start_mark
                return Diagnostic(
                    file,
                    mark.line + 1 if mark is not None else 1,
                    mark.column + 1 if mark is not None else 1,
                    Severity.ERROR,
                    Code.NESTING_TOO_DEEP,
                    f"lists and mappings nest more than {MAX_NESTING_DEPTH} levels deep here",
                    "a charter needs a handful of levels; close the brackets that were left open",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


class ValueBuilder:
    """Turn a composed node tree into plain values, recording locations by path.

    Scalars follow YAML 1.2's core rules where YAML 1.1 surprises authors: only
    ``true``/``false`` are booleans (``no`` stays text) and ``10:30`` stays text.
    Raises :class:`LoadAbort` for recursive aliases and alias bombs.
    """

    def __init__(self, document: SourceDocument, *, mark_all: bool = True) -> None:
        self.document = document
        self.mark_all = mark_all
        """Whether to mark every value; else only the paths of :func:`always_marked`."""
        self.report = True
        """Whether to report bad keys; False when only marking an already checked document."""
        self.constructor = yaml.constructor.SafeConstructor()
        self.visits = 0
        self.repeated_bytes = 0
        self.distinct: set[int] = set()
        self.active: set[int] = set()
        self.stack: list[tuple[Node, bool]] = []
        """The collections being built, each with whether it is an alias's repeat."""

    def build(self, node: Node, path: DataPath) -> Any:
        repeat = self._count_visit(node)
        if self.mark_all or always_marked(path):
            self.document.value_marks[path] = self._location(node)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if id(node) in self.active:
            raise self._abort_at_alias(
                node,
                self.stack[-1][0],
                Code.RECURSIVE_ALIAS,
                "an alias refers to a value that contains it",
                "replace the alias with the values written out",
            )
        self.active.add(id(node))
        self.stack.append((node, repeat))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self.stack.pop()
            self.active.discard(id(node))

    def _count_visit(self, node: Node) -> bool:
        """Count a visit; True when an alias repeats the node. Refuse expansion bombs."""
        repeat = id(node) in self.distinct
        self.visits += 1
        self.distinct.add(id(node))
        if repeat and isinstance(node, ScalarNode):
            self.repeated_bytes += len(node.value.encode("utf-8", errors="replace"))
        if (
            self.visits - len(self.distinct) > MAX_ALIAS_EXPANSION
            or self.repeated_bytes > MAX_ALIAS_BYTES
        ):
            chain = [*self.stack, (node, repeat)]
            outermost = next(index for index, (_, repeated) in enumerate(chain) if repeated)
            raise self._abort_at_alias(
                chain[outermost][0],
                chain[outermost - 1][0] if outermost else chain[0][0],
                Code.ALIAS_BOMB,
                f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} repeated values "
                f"or {MAX_ALIAS_BYTES:,} repeated bytes of text",
                "write the values out instead of nesting aliases",
            )
        return repeat

    def _abort_at_alias(
        self, anchored: Node, container: Node, code: Code, message: str, hint: str
    ) -> LoadAbort:
        """Point at the first alias of ``anchored``'s anchor written inside ``container``."""
        text = self.document.text
        anchor = re.match(r"&([^\s,\[\]{}]+)", text[anchored.start_mark.index :])
        if anchor:
            span = (_index(container.start_mark), _index(container.end_mark))
            for event in yaml.parse(text, Loader=LOADER):
                if (
                    isinstance(event, yaml.AliasEvent)
                    and event.anchor == anchor.group(1)
                    and span[0] <= _index(event.start_mark) <= span[1]
                ):
                    return self._abort(event, code, message, hint)
        return self._abort(anchored, code, message, hint)

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        key_nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._report_key(
                    key_node, Code.INVALID_KEY, "a key must be plain text, not a list or mapping"
                )
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in mapping:
                first_line, _ = self._position(key_nodes[key])
                self._report_key(
                    key_node,
                    Code.DUPLICATE_KEY,
                    f"key '{key}' appears twice in the same mapping",
                    f"it is first set on line {first_line}; keep one and merge the values",
                )
                continue
            key_nodes[key] = key_node
            if self.mark_all or always_marked(key_path):
                self.document.key_marks[key_path] = self._location(key_node)
            mapping[key] = self.build(value_node, key_path)
        return mapping

    def _report_key(self, key_node: Node, code: Code, message: str, hint: str = "") -> None:
        if self.report:
            line, column = self._position(key_node)
            self.document.add_error(line, column, code, message, hint)

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag.removeprefix(_TAG)
        if tag == "str" or node.style in ("'", '"', "|", ">"):
            return node.value
        if tag == "bool":
            return (
                node.value.lower() == "true"
                if node.value.lower() in ("true", "false")
                else node.value
            )
        if tag in ("int", "float") and ":" in node.value:
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            # An impossible date such as 2026-02-30 stays text; the schema says why it is wrong.
            return node.value

    def _location(self, node: Node) -> Location:
        line, column = self._position(node)
        style = (node.style or None) if isinstance(node, ScalarNode) else None
        return Location(line, column, style, node.end_mark.line + 1)

    @staticmethod
    def _position(node: Node | yaml.Event) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    def _abort(self, node: Node | yaml.Event, code: Code, message: str, hint: str) -> LoadAbort:
        line, column = self._position(node)
        return LoadAbort(
            Diagnostic(self.document.file, line, column, Severity.ERROR, code, message, hint)
        )


def mark_every_value(document: SourceDocument) -> None:
    """Mark every value and key of a document read before with fewer marks."""
    root = yaml.compose(document.text, Loader=LOADER) if document.loaded else None
    if root is not None:
        builder = ValueBuilder(document)
        builder.report = False  # its problems were reported when it was first read
        builder.build(root, ())


def may_nest_too_deep(text: str) -> bool:
    """False when ``text`` cannot nest lists and mappings more than MAX_NESTING_DEPTH deep.

    A cheap bound that spares most files :func:`too_deep`'s reading of every parser event. A
    block collection starts to the right of its parent, or at the parent's column only for a
    list under a mapping key, so block nesting is at most twice the number of columns a
    collection can start at: the widest indentation with its ``- `` and ``? `` indicators.
    Each flow collection needs a ``[`` or ``{`` of its own.
    """
    widest = max((len(prefix) for prefix in _BLOCK_PREFIX.findall(text)), default=0)
    return 2 * (widest + 1) + text.count("[") + text.count("{") > MAX_NESTING_DEPTH


_BLOCK_PREFIX = re.compile(r"^[ ]*(?:[-?](?:[ ]+|$))*", re.MULTILINE)
"""A line's indentation with the block indicators (``- ``, ``? ``) that follow it."""


def _index(mark: Any) -> int:
    return int(mark.index) if mark is not None else 0


CODE_DOCS = (
    CodeDoc(
        Code.INVALID_KEY,
        Severity.ERROR,
        Group.READING,
        """
        A key is a list or a mapping instead of plain text, for example `[a, b]: x`. That
        entry is skipped and the rest of the file is checked.

        Fix: write the key as a plain word, such as `name:`.
        """,
    ),
    CodeDoc(
        Code.DUPLICATE_KEY,
        Severity.ERROR,
        Group.READING,
        """
        The same key appears twice in one mapping, for example two `kind:` lines. The first
        value is kept and the second is ignored; the rest of the file is checked. The hint
        gives the line of the first one.

        Fix: keep one and merge the values.
        """,
    ),
    CodeDoc(
        Code.RECURSIVE_ALIAS,
        Severity.ERROR,
        Group.READING,
        """
        A YAML alias (`*name`) refers to the anchored value (`&name`) that contains it.
        Charters do not need anchors and aliases.

        Fix: write the values out in full.
        """,
    ),
    CodeDoc(
        Code.ALIAS_BOMB,
        Severity.ERROR,
        Group.READING,
        f"""
        Aliases repeat more than {MAX_ALIAS_EXPANSION:,} values, or more than
        {MAX_ALIAS_BYTES:,} bytes of text, in one file. This protects the checker, the
        editing commands and the site from files built to exhaust memory or time: a few
        hundred bytes of nested aliases can stand for billions of values.

        Fix: write the values out instead of nesting aliases.
        """,
    ),
    CodeDoc(
        Code.NESTING_TOO_DEEP,
        Severity.ERROR,
        Group.READING,
        f"""
        Lists and mappings are nested more than {MAX_NESTING_DEPTH} levels deep, for example
        a run of unclosed `[` brackets. A charter needs about six levels; the file is refused
        before it is read any further, which protects the tools from running out of stack.

        Fix: close the brackets or undo the indentation that was not meant.
        """,
    ),
)
"""What the diagnostics of building values mean, for the diagnostics reference."""
