"""Comments that survive reordering: read them, attach them to keys and items, write them back.

ruamel.yaml stores a comment wherever the parser happened to be (often on the value before
it) and writes it back at its old column, so reordering keys scatters comments. The editing
commands therefore read comments themselves, attach each to the key or list item it belongs
to, let ruamel.yaml write the data without comments and put the comments back by line.
Where each key and item stands, in the text read and in the text written, comes from
:mod:`generator.edit.layout`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml.comments import Comment, CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from generator.edit.layout import Anchor, Layout, Lines, Scanned, Spot, map_layout, scan


@dataclass(frozen=True)
class _Note:
    """A comment, or a blank line (empty ``text``) between values."""

    line: int
    column: int
    text: str
    eol: bool = False


@dataclass(frozen=True)
class _Placed:
    """A note and what it belongs to: the file's head, the end of a block, or an entry."""

    text: str
    where: str  # "head", "trail", "lead" or "eol"
    block: int = 0
    anchor: Anchor | None = None


class Comments:
    """The comments and blank lines of a text, attached to the data loaded from it.

    Each note belongs to something that survives reordering and editing:

    - a comment at the end of a line belongs to the key or list item ending on that line
      (the innermost one) and is written after it, two spaces from the value;
    - comments above the first entry of the file are its head and stay at the top;
    - any other comment on a line of its own leads the next key or list item and moves with
      it, unless it is indented deeper than that entry and outside its block: then it closes
      the innermost block around the previous entry that starts at or left of the comment,
      and is written after that block's last line at its indentation;
    - blank lines go with the comment or entry that follows them; a run becomes one.

    Entries are known by the ``id()`` of their mapping or list and their key or index, so an
    edit may move a whole mapping elsewhere (as ``rollover`` does) and its comments follow.
    """

    def __init__(self, placed: list[_Placed]) -> None:
        self._placed = placed

    @classmethod
    def read(cls, text: str, data: Any, scanned: Scanned | None = None) -> Comments:
        """Attach every comment in ``text`` to ``data``, which ruamel.yaml loaded from it.

        ``scanned`` is :func:`~generator.edit.layout.scan`'s reading of ``text``, if already
        made. Raises ``yaml.YAMLError`` when PyYAML cannot read the text and ``LayoutError``
        when its structure does not match ``data``.
        """
        if scanned is None:
            scanned = scan(text)
        layout = map_layout(text, scanned, data)
        return cls(_attach(_read_notes(text, scanned.tokens), layout))

    def write(self, text: str, data: Any, scanned: Scanned | None = None) -> str:
        """Put the comments into ``text``, a comment-free dump of ``data`` (maybe edited).

        ``scanned`` is :func:`~generator.edit.layout.scan`'s reading of ``text``, if made.
        """
        layout = map_layout(text, scanned or scan(text), data)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        before: dict[int, list[tuple[tuple[int, int, int], str]]] = {}
        after: dict[int, list[str]] = {}
        order = {spot.anchor: index for index, spot in enumerate(layout.spots)}
        spots = {spot.anchor: spot for spot in layout.spots}
        for sequence, placed in enumerate(self._placed):
            spot = spots.get(placed.anchor) if placed.anchor is not None else None
            block = layout.blocks.get(placed.block)
            if placed.where == "eol" and spot is not None:
                after.setdefault(spot.eol_line, []).append(placed.text)
            elif placed.where in ("eol", "lead") and spot is not None:
                line = lines[spot.line]
                indent = len(line) - len(line.lstrip(" "))
                key = (2, order[spot.anchor], sequence)
                before.setdefault(spot.line, []).append((key, _indented(placed.text, indent)))
            elif placed.where == "head":
                before.setdefault(0, []).append(((0, 0, sequence), placed.text))
            elif block is not None:
                key = (1, -block.depth, sequence)
                entry = (key, _indented(placed.text, block.column))
                before.setdefault(block.last_line + 1, []).append(entry)
            else:  # what it belonged to was removed: keep the note at the end
                before.setdefault(len(lines), []).append(((3, 0, sequence), placed.text))
        return _join(lines, before, after, layout.keep_ends)


def strip_comments(data: Any) -> None:
    """Remove every comment ruamel.yaml attached to ``data`` (see :class:`Comments`)."""
    seen: set[int] = set()

    def visit(value: Any) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, CommentedBase):
            setattr(value, Comment.attrib, Comment())
        if isinstance(value, (LiteralScalarString, FoldedScalarString)):
            value.comment = None  # type: ignore[union-attr]  # the comment after | or >
        if isinstance(value, (CommentedMap, CommentedSeq)):
            for item in value.values() if isinstance(value, CommentedMap) else value:
                visit(item)

    visit(data)


def _indented(text: str, indent: int) -> str:
    return " " * indent + text if text else ""


def _join(
    lines: list[str],
    before: dict[int, list[tuple[tuple[int, int, int], str]]],
    after: dict[int, list[str]],
    keep_ends: set[int],
) -> str:
    out: list[str] = []
    blank_allowed = False  # never at the start, twice in a row or after a |+ block
    for index in range(len(lines) + 1):
        for _key, note in sorted(before.get(index, []), key=lambda entry: entry[0]):
            if note or blank_allowed:
                out.append(note)
            blank_allowed = bool(note)
        if index == len(lines):
            break
        eol = after.get(index)
        out.append(lines[index] + ("  " + "  ".join(eol) if eol else ""))
        blank_allowed = index not in keep_ends
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _read_notes(text: str, tokens: list[yaml.Token]) -> list[_Note]:
    """Every comment and blank line outside the values, in reading order.

    Whatever no token covers is white space or a comment; a block scalar's header can end
    with a comment too.
    """
    lines = Lines(text)
    covered: list[tuple[int, int]] = []
    notes: list[_Note] = []
    for token in tokens:
        start, end = token.start_mark.index, token.end_mark.index
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            header_end = text.find("\n", start)
            header = text[start : header_end if header_end >= 0 else len(text)]
            found = re.match(r"[|>][0-9+-]*[ \t]+(#.*)$", header)
            if found:
                position = start + found.start(1)
                notes.append(
                    _Note(
                        lines.line(position), lines.column(position), found.group(1).rstrip(), True
                    )
                )
            if "+" not in header.split("#")[0]:
                # Blank lines after a clipped or stripped block are not part of its text.
                last = start + len(text[start:end].rstrip())
                newline = text.find("\n", last)
                end = min(end, newline + 1 if newline >= 0 else len(text))
        if end > start:
            covered.append((start, end))
    covered.sort()
    gap_start = 0
    for start, end in [*covered, (len(text), len(text))]:
        for found in re.finditer(r"#[^\n]*", text[gap_start:start]):
            position = gap_start + found.start()
            column = lines.column(position)
            eol = bool(text[position - column : position].strip())
            notes.append(_Note(lines.line(position), column, found.group().rstrip(), eol))
        gap_start = max(gap_start, end)
    span_starts = [start for start, _end in covered]
    for number, line_start in enumerate(lines.starts):
        line_end = text.find("\n", line_start)
        if line_end < 0 or text[line_start:line_end].strip():
            continue  # the last line (after the final line break) or one with text
        at = bisect.bisect_right(span_starts, line_start) - 1
        if at < 0 or covered[at][1] <= line_start:
            notes.append(_Note(number, 0, ""))
    return sorted(notes, key=lambda note: (note.line, note.column))


def _attach(notes: list[_Note], layout: Layout) -> list[_Placed]:
    """Decide what each note belongs to, see :class:`Comments`."""
    spots = layout.spots
    lines = [spot.line for spot in spots]
    placed: list[_Placed] = []
    pending_blanks: list[tuple[int, int]] = []  # blank lines wait for the next comment
    lead_of: Anchor | None = None  # once a comment leads an entry, the rest of its group do
    for note in notes:
        if note.eol:
            owner = _eol_owner(spots, note.line)
            if owner is not None:
                placed.append(_Placed(note.text, "eol", anchor=owner.anchor))
                continue
        after = bisect.bisect_right(lines, note.line)
        following = spots[after] if after < len(spots) else None
        previous = spots[after - 1] if after > 0 else None
        if lead_of is not None and (following is None or following.anchor != lead_of):
            lead_of = None
        if previous is None:
            decision = _Placed(note.text, "head")
        elif following is not None and (
            lead_of == following.anchor or note.column <= following.column
        ):
            decision = _Placed(note.text, "lead", anchor=following.anchor)
        else:
            block = _enclosing(layout, previous, note.column)
            if following is not None and (block is None or block in following.chain):
                decision = _Placed(note.text, "lead", anchor=following.anchor)
            else:
                decision = _Placed(note.text, "trail", block=block or previous.chain[0])
        if not note.text:
            pending_blanks.append((len(placed), after))
            placed.append(decision)
            continue
        for index, blank_after in pending_blanks:
            if blank_after == after:  # no entry between the blank line and this comment
                placed[index] = _Placed("", decision.where, decision.block, decision.anchor)
        pending_blanks = []
        lead_of = decision.anchor if decision.where == "lead" else None
        placed.append(decision)
    return placed


def _eol_owner(spots: list[Spot], line: int) -> Spot | None:
    """The entry a comment at the end of ``line`` belongs to: the last one ending there."""
    for candidates in (
        [spot for spot in spots if spot.eol_line == line],
        [spot for spot in spots if spot.line == line],
    ):
        if candidates:
            return candidates[-1]
    return None


def _enclosing(layout: Layout, previous: Spot, column: int) -> int | None:
    """The innermost block around ``previous`` whose entries start at or left of ``column``."""
    for block in reversed(previous.chain):
        if layout.blocks[block].column <= column:
            return block
    return None
