"""Where each key and list item of a YAML text stands, beside the data loaded from it.

A text is composed with PyYAML (libyaml, in C, where available) and walked together with the
ruamel.yaml data built from the same text, so every key and list item (an :data:`Anchor`) gets
its line, its column, the line a comment after it sits on and the blocks around it.
:mod:`generator.edit.comments` uses the layout to attach comments when it reads a text and to
place them when it writes one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

SCANNER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The loader whose scanner and composer read a text's layout: libyaml's where available.

libyaml gives the same tokens and nodes as PyYAML's Python scanner (with ``""`` rather than
``None`` for a plain style) at a tenth of the cost; it reads a few texts PyYAML's scanner
refuses (a tab after ``key:``), which ruamel.yaml has then already read too.
"""

_LINE_BREAK = re.compile("\n")

Anchor = tuple[int, Hashable]
"""A key or list item: the ``id()`` of its mapping or list, and the key or index."""


class LayoutError(ValueError):
    """The YAML uses something the comment layer cannot follow (such as ``<<`` merge keys)."""


@dataclass(frozen=True)
class Spot:
    """Where one key or list item stands in a text (0-based lines and columns)."""

    anchor: Anchor
    line: int
    column: int
    eol_line: int
    """The line a comment after the entry sits on: the key's line for a nested block, the
    header line of a ``|``/``>`` block, else the value's last line."""
    chain: tuple[int, ...]
    """The ``id()`` of every block from the root down to the one holding this entry."""


@dataclass
class Block:
    """A mapping or list in block style: the column of its keys or dashes, its last line."""

    column: int
    depth: int
    last_line: int = 0


@dataclass
class Layout:
    """Every entry of a text in reading order, and its blocks by the ``id()`` of their data."""

    spots: list[Spot] = field(default_factory=list)
    blocks: dict[int, Block] = field(default_factory=dict)
    keep_ends: set[int] = field(default_factory=set)
    """Last lines of ``|+``/``>+`` blocks: a blank line after them would be part of the text."""


@dataclass(frozen=True)
class Scanned:
    """A text as PyYAML reads it: its tokens and its composed node tree."""

    tokens: list[yaml.Token]
    root: yaml.Node | None


def scan(text: str) -> Scanned:
    """The tokens and nodes of ``text``; raises ``yaml.YAMLError`` when PyYAML cannot read it."""
    return Scanned(list(yaml.scan(text, Loader=SCANNER)), yaml.compose(text, Loader=SCANNER))


def map_layout(text: str, scanned: Scanned, data: Any) -> Layout:
    """Where each entry of ``data``, which ruamel.yaml loaded from ``text``, stands in it.

    ``scanned`` is :func:`scan`'s reading of ``text``. Raises ``LayoutError`` when its
    structure does not match ``data``.
    """
    tokens = scanned.tokens
    dashes = [token.start_mark.index for token in tokens if isinstance(token, yaml.BlockEntryToken)]
    layout = Layout()
    if scanned.root is not None:
        _Walker(Lines(text), dashes, layout).visit(scanned.root, data, (), 0)
    return layout


class Lines:
    """Lines and columns of a text split at ``\n`` only.

    PyYAML's marks also count U+0085, U+2028 and U+2029 as line breaks, so positions are
    taken from a mark's character index.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [found.end() for found in _LINE_BREAK.finditer(text)]

    def line(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1

    def column(self, index: int) -> int:
        return index - self.starts[self.line(index)]

    def last_line(self, node: yaml.Node) -> int:
        """The line ``node`` ends on (a block scalar's end lies at the start of the next)."""
        start, end = node.start_mark.index, node.end_mark.index
        line = self.line(end)
        return line - 1 if end == self.starts[line] and line > self.line(start) else line

    def eol_line(self, value: yaml.Node, line: int) -> int:
        """The line a comment after ``value``, written on ``line``, sits on."""
        if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"):
            return self.line(value.start_mark.index)
        return line if _is_block(value) else self.last_line(value)


class _Walker:
    """Walks a composed node tree beside the data built from it, recording where entries are."""

    def __init__(self, lines: Lines, dashes: list[int], layout: Layout) -> None:
        self.lines = lines
        self.dashes = dashes
        self.layout = layout
        self.seen: set[int] = set()

    def visit(self, node: yaml.Node, data: Any, chain: tuple[int, ...], depth: int) -> int:
        """Record the entries below ``node``; returns its last line."""
        if id(node) in self.seen:
            return -1  # an alias: already walked where its anchor stands
        self.seen.add(id(node))
        if _is_block(node) and isinstance(node, yaml.MappingNode):
            return self._mapping(node, data, chain, depth)
        if _is_block(node) and isinstance(node, yaml.SequenceNode):
            return self._sequence(node, data, chain, depth)
        last = self.lines.last_line(node)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            text, start = self.lines.text, node.start_mark.index
            if "+" in text[start : text.find("\n", start)].split("#")[0]:
                self.layout.keep_ends.add(last)
        return last

    def _mapping(
        self, node: yaml.MappingNode, data: Any, chain: tuple[int, ...], depth: int
    ) -> int:
        if not isinstance(data, CommentedMap) or len(data) != len(node.value):
            raise LayoutError("the mapping's keys cannot be matched (are there `<<` merge keys?)")
        inner = (*chain, id(data))
        block = Block(self.lines.column(node.value[0][0].start_mark.index), depth)
        self.layout.blocks[id(data)] = block
        last = 0
        for key, (key_node, value_node) in zip(data, node.value, strict=True):
            at = key_node.start_mark.index
            line = self.lines.line(at)
            eol_line = (
                line if id(value_node) in self.seen else self.lines.eol_line(value_node, line)
            )
            spot = Spot((id(data), key), line, self.lines.column(at), eol_line, inner)
            self.layout.spots.append(spot)
            value_last = self.visit(value_node, data[key], inner, depth + 1)
            last = max(last, self.lines.last_line(key_node), value_last)
        block.last_line = last
        return last

    def _sequence(
        self, node: yaml.SequenceNode, data: Any, chain: tuple[int, ...], depth: int
    ) -> int:
        if not isinstance(data, CommentedSeq) or len(data) != len(node.value):
            raise LayoutError("the list's items cannot be matched")
        inner = (*chain, id(data))
        block: Block | None = None
        last = 0
        for index, item in enumerate(node.value):
            position = bisect.bisect_left(self.dashes, item.start_mark.index) - 1
            if position < 0:
                raise LayoutError("a list item has no dash")
            dash = self.dashes[position]
            line, column = self.lines.line(dash), self.lines.column(dash)
            if block is None:
                block = self.layout.blocks[id(data)] = Block(column, depth)
            eol_line = line if id(item) in self.seen else self.lines.eol_line(item, line)
            spot = Spot((id(data), index), line, column, eol_line, inner)
            self.layout.spots.append(spot)
            last = max(last, line, self.visit(item, data[index], inner, depth + 1))
        if block is not None:
            block.last_line = last
        return last


def _is_block(node: yaml.Node) -> bool:
    return (
        isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        and not node.flow_style
        and bool(node.value)
    )
