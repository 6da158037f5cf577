"""ruamel.yaml's round-trip data for a plain charter, read by libyaml (C) instead of its scanner.

ruamel.yaml's pure-Python scanner and parser cost about three quarters of ``handbook fmt``'s time.
For a text made only of block mappings and lists, scalar keys and plain, single-line quoted or
block (``|``, ``>``) values, with no tabs, anchors, tags, directives or document markers, libyaml
reads the same events as ruamel.yaml: the same structure and scalar values, with the same styles.
There the nodes libyaml composes are turned into ruamel.yaml's nodes, tags resolved by
ruamel.yaml's resolver as its composer does, and built by ruamel.yaml's round-trip constructor.

Whatever lies outside that subset, or any surprise, gives None: the caller then loads the text
with ruamel.yaml itself. Comments are not read: the formatter strips ruamel.yaml's comments and
places its own (:mod:`generator.edit.comments`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import Reader

from generator.edit.layout import Scanned
from generator.edit.roundtrip import roundtrip_yaml

_STRUCTURE = (
    yaml.StreamStartToken,
    yaml.StreamEndToken,
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.BlockEndToken,
    yaml.KeyToken,
    yaml.ValueToken,
    yaml.BlockEntryToken,
    yaml.ScalarToken,
)
"""Tokens of the subset; ``[]`` and ``{}`` (a flow start right before its end) are too."""

_EMPTY_FLOW = {
    yaml.FlowSequenceStartToken: yaml.FlowSequenceEndToken,
    yaml.FlowMappingStartToken: yaml.FlowMappingEndToken,
}

_OUTSIDE = re.compile(r"[\t\r\x85\u2028\u2029\ufeff]|^(?:---|\.\.\.|%)", re.MULTILINE)
"""Characters and line starts the two readers may treat differently: tabs, line breaks other
than ``\\n``, a byte-order mark, document markers and directives."""


def load_from_libyaml(text: str, scanned: Scanned) -> Any | None:
    """What ruamel.yaml's round-trip load of ``text`` gives, less its comments; None when the
    text is outside the subset or anything is unexpected.

    ``scanned`` is libyaml's reading of ``text`` (:func:`generator.edit.layout.scan`).
    """
    tokens, root = scanned.tokens, scanned.root
    if not isinstance(root, (yaml.MappingNode, yaml.SequenceNode)) or root.flow_style:
        return None
    if _OUTSIDE.search(text) or Reader.NON_PRINTABLE.search(text):
        return None
    folded = _folded_owners(text, tokens)
    if folded is None:
        return None
    handler = roundtrip_yaml()
    if handler.resolver.yaml_path_resolvers:
        return None  # the composer would resolve tags by path
    try:
        node = _Converter(handler.resolver, text, folded).node(root)
        return handler.constructor.construct_document(node)
    except Exception:  # ruamel.yaml reads it again and says what is wrong
        return None


def _folded_owners(text: str, tokens: list[yaml.Token]) -> dict[int, int] | None:
    """The indentation of the key or list item that owns each block scalar, by the scalar's
    start; None when a token lies outside the subset."""
    owners: dict[int, int] = {}
    previous: list[yaml.Token] = []
    for index, token in enumerate(tokens):
        kind = type(token)
        if kind in _EMPTY_FLOW:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if type(following) is not _EMPTY_FLOW[kind]:
                return None
        elif kind in _EMPTY_FLOW.values():
            if type(previous[-1]) not in _EMPTY_FLOW:
                return None
        elif kind not in _STRUCTURE:
            return None
        if kind is yaml.ValueToken and not (
            len(previous) >= 2
            and type(previous[-1]) is yaml.ScalarToken
            and type(previous[-2]) is yaml.KeyToken
        ):
            return None  # an empty or complex key
        if kind is yaml.ScalarToken:
            style = getattr(token, "style", None) or None
            if style in ("'", '"') and token.start_mark.line != token.end_mark.line:
                return None  # a quoted scalar folded over lines
            if style == '"' and "\\" in text[token.start_mark.index : token.end_mark.index]:
                return None  # an escape sequence
            if style in ("|", ">"):
                owner = _owner_column(previous)
                if owner is None or not _indentation_accepted(text, token.start_mark.index):
                    return None  # a block scalar as a key, or blank lines ruamel.yaml refuses
                owners[token.start_mark.index] = owner
        previous.append(token)
    return owners


def _indentation_accepted(text: str, start: int) -> bool:
    """Whether ruamel.yaml reads the leading blank lines of the block scalar at ``start``:
    it refuses one with more spaces than the first (``scan_block_scalar_indentation``)."""
    header_end = text.find("\n", start)
    if header_end < 0:
        return True
    at, column = header_end + 1, 0
    first_indent, max_indent = -1, 0
    while at < len(text) and text[at] in " \n":
        if text[at] == "\n":
            if first_indent < 0:
                first_indent = column
            at, column = at + 1, 0
        else:
            at, column = at + 1, column + 1
            max_indent = max(max_indent, column)
    return not (first_indent > 0 and max_indent > first_indent)


def _owner_column(previous: list[yaml.Token]) -> int | None:
    """The scanner's indentation where a block scalar starts: its key's or its dash's column."""
    if previous and type(previous[-1]) is yaml.BlockEntryToken:
        return int(previous[-1].start_mark.column)
    if (
        len(previous) >= 3
        and type(previous[-1]) is yaml.ValueToken
        and type(previous[-2]) is yaml.ScalarToken
        and type(previous[-3]) is yaml.KeyToken
    ):
        return int(previous[-3].start_mark.column)
    return None


class _Converter:
    """libyaml's nodes as the nodes ruamel.yaml's composer would build from the same text."""

    def __init__(self, resolver: Any, text: str, folded: dict[int, int]) -> None:
        self.resolver = resolver
        self.text = text
        self.folded = folded
        # With no path resolvers, only a plain scalar's tag depends on where or what it is.
        self.quoted_tag = resolver.resolve(ScalarNode, "", (False, True))
        self.sequence_tag = resolver.resolve(SequenceNode, None, True)
        self.mapping_tag = resolver.resolve(MappingNode, None, True)

    def node(self, node: yaml.Node) -> Node:
        # libyaml's marks have the line, column and index ruamel.yaml's constructor reads.
        start, end = node.start_mark, node.end_mark
        if isinstance(node, yaml.ScalarNode):
            style = node.style or None
            if style is None:
                tag = self.resolver.resolve(ScalarNode, node.value, (True, False))
                return ScalarNode(tag, node.value, start, end)
            value = self._folded(node) if style == ">" else node.value
            return ScalarNode(self.quoted_tag, value, start, end, style=style)
        flow_style = bool(getattr(node, "flow_style", None))
        if isinstance(node, yaml.SequenceNode):
            items = [self.node(item) for item in node.value]
            return SequenceNode(self.sequence_tag, items, start, end, flow_style=flow_style)
        assert isinstance(node, yaml.MappingNode)
        pairs = [(self.node(key), self.node(value)) for key, value in node.value]
        return MappingNode(self.mapping_tag, pairs, start, end, flow_style=flow_style)

    def _folded(self, node: yaml.ScalarNode) -> str:
        """The value ruamel.yaml's scanner reads, with ``\\a`` where it keeps a line break."""
        start = node.start_mark.index
        value = folded_value(self.text, start, self.folded[start])
        if value is None or value.replace("\a", "") != node.value:
            raise ValueError("a folded scalar read differently")
        return value


def folded_value(text: str, start: int, owner_column: int) -> str | None:
    """The ``>`` scalar at ``start`` as ruamel.yaml's round-trip scanner reads it
    (``Scanner.scan_block_scalar`` with ``rt=True``, which marks each line break between two
    lines with ``\\a``); None with an explicit indentation indicator.

    The text holds no tab and no line break but ``\\n`` (see :data:`_OUTSIDE`).
    """
    source = text + "\0"
    at = start + 1
    chomping: bool | None = None
    if source[at] in "+-":
        chomping = source[at] == "+"
        at += 1
    if source[at] in "0123456789":
        return None
    header_end = source.find("\n", at)
    if header_end < 0:
        return None
    at, column = header_end + 1, 0
    min_indent = owner_column + 1
    breaks: list[str] = []
    max_indent = 0
    while source[at] in " \n":
        if source[at] == "\n":
            breaks.append("\n")
            at, column = at + 1, 0
        else:
            at, column = at + 1, column + 1
            max_indent = max(max_indent, column)
    indent = max(min_indent, max_indent)
    chunks: list[str] = []
    line_break = ""
    while column == indent and source[at] != "\0":
        chunks.extend(breaks)
        leading_non_space = source[at] not in " \t"
        line_end = source.find("\n", at)
        if line_end < 0:
            line_end = len(text)
        chunks.append(source[at:line_end])
        column += line_end - at
        at = line_end
        line_break = ""
        if source[at] == "\n":
            line_break = "\n"
            at, column = at + 1, 0
        breaks = []
        while column < indent and source[at] == " ":
            at, column = at + 1, column + 1
        while source[at] == "\n":
            breaks.append("\n")
            at, column = at + 1, 0
            while column < indent and source[at] == " ":
                at, column = at + 1, column + 1
        if column == indent and source[at] != "\0":
            if line_break == "\n":
                chunks.append("\a")
            if line_break == "\n" and leading_non_space and source[at] not in " \t":
                if not breaks:
                    chunks.append(" ")
            else:
                chunks.append(line_break)
        else:
            break
    if chomping in (None, True):
        chunks.append(line_break)
    if chomping is True:
        chunks.extend(breaks)
    return "".join(chunks)
