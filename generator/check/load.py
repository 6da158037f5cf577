"""Load YAML files into plain values that remember where each value came from.

The checking path reads with PyYAML's C parser (fast); ruamel.yaml is kept for the commands
that edit files. Every problem with the bytes or the YAML becomes a located diagnostic;
nothing here raises for bad input.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from generator.check.diagnostics import Diagnostic, Severity
from generator.values import DataPath, value_at

MAX_FILE_BYTES = 1024 * 1024
"""Larger files are refused unread: no charter needs a megabyte."""

MAX_ALIAS_EXPANSION = 10_000
"""How many nodes aliases may repeat in one file before it counts as an expansion bomb."""

YAML_SUFFIXES = (".yaml", ".yml")
GLOSSARY_FILENAMES = ("glossary.yaml", "glossary.yml")

"""Keys and indexes from the document root to a value, e.g. ``("period", "key_goals", 0)``."""

CODES = (
    "file-too-large",
    "file-unreadable",
    "file-binary",
    "byte-order-mark",
    "file-encoding",
    "line-endings",
    "empty-file",
    "yaml-syntax",
    "yaml-tab",
    "invalid-key",
    "duplicate-key",
    "recursive-alias",
    "alias-bomb",
)
"""Codes of the diagnostics reading a file can produce."""

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a source file, with the scalar style found there."""

    line: int
    column: int
    style: str | None = None
    end_line: int = 0


@dataclass
class SourceDocument:
    """One YAML file: its values, where they came from and what went wrong reading it."""

    file: str
    data: Any = None
    text: str = ""
    values: dict[DataPath, Location] = field(default_factory=dict)
    keys: dict[DataPath, Location] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: bool = False
    """Whether the YAML was read into ``data``; when False a diagnostic says why."""

    def add_error(self, line: int, column: int, code: str, message: str, hint: str = "") -> None:
        """Record an error at a 1-based line and column of this file."""
        self.diagnostics.append(
            Diagnostic(self.file, line, column, Severity.ERROR, code, message, hint)
        )

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def is_glossary(self) -> bool:
        return Path(self.file).name in GLOSSARY_FILENAMES

    def locate(self, path: DataPath, *, key: bool = False) -> Location:
        """Where the value at ``path`` (or its key) starts; falls back to the nearest parent."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        if key and path in self.values:
            return self.values[path]
        while path:
            path = path[:-1]
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
        return Location(1, 1)

    def locate_in_text(self, path: DataPath, offset: int) -> Location:
        """Where character ``offset`` of the string at ``path`` stands in the file.

        Literal (``|``) blocks map line by line. Folded, quoted and multi-line plain scalars
        are changed by YAML (lines joined, escapes resolved), so the word at ``offset`` is
        found again in the scalar's source; where it cannot be, the scalar's start is given.
        """
        start = self.locate(path)
        value = value_at(self.data, path)
        if not isinstance(value, str):
            return start
        if start.style == "|":
            return self._locate_in_literal_block(start, value, offset)
        return self._locate_by_search(start, value, offset)

    def _locate_by_search(self, start: Location, value: str, offset: int) -> Location:
        needle = value[offset:].split(maxsplit=1)[0] if value[offset:].strip() else ""
        if not needle:
            return start
        earlier = sum(1 for index in _find_all(value, needle) if index < offset)
        lines = self.text.split("\n")
        first = sum(len(line) + 1 for line in lines[: start.line - 1]) + start.column - 1
        last = sum(len(line) + 1 for line in lines[: max(start.end_line, start.line)])
        found = [index for index in _find_all(self.text[first:last], needle)]
        if len(found) <= earlier:
            return start
        index = first + found[earlier]
        before = self.text[:index]
        return Location(before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)

    def _locate_in_literal_block(self, start: Location, value: str, offset: int) -> Location:
        before = value[:offset]
        line_index = before.count("\n")
        column_in_line = offset - (before.rfind("\n") + 1)
        source_lines = self.text.split("\n")
        line_number = start.line + 1 + line_index
        content_lines = [line for line in source_lines[start.line : start.line + 1 + line_index]]
        indent = min(
            (len(line) - len(line.lstrip(" ")) for line in content_lines if line.strip()),
            default=0,
        )
        return Location(line_number, indent + column_in_line + 1)


def dotted(path: DataPath) -> str:
    """A path as authors write it: ``period.key_goals[2].due``."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _find_all(text: str, needle: str) -> list[int]:
    found, index = [], text.find(needle)
    while index != -1:
        found.append(index)
        index = text.find(needle, index + 1)
    return found


def find_yaml_files(paths: Iterable[str]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Expand files and directories into ``(path, display name)`` pairs, sorted.

    Returns the pairs and the arguments that do not exist.
    """
    found: dict[str, Path] = {}
    missing: list[str] = []
    for argument in paths:
        given = Path(argument)
        if given.is_dir():
            for candidate in sorted(given.rglob("*")):
                if candidate.suffix in YAML_SUFFIXES and candidate.is_file():
                    found[_display_name(candidate)] = candidate
        elif given.is_file():
            found[_display_name(given)] = given
        else:
            missing.append(argument)
    return [(found[name], name) for name in sorted(found)], missing


def _display_name(path: Path) -> str:
    """The path relative to the working directory when it is below it, in POSIX form."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        relative = str(path)
    if relative.startswith(".."):
        relative = str(path)
    return Path(relative).as_posix()


def read_document(path: Path, file: str | None = None) -> SourceDocument:
    """Read and parse one YAML file; problems become diagnostics on the document."""
    document = SourceDocument(file=file or _display_name(path))
    raw = _read_bytes(path, document)
    return document if raw is None else parse_bytes(raw, document)


def parse_bytes(raw: bytes, document: SourceDocument) -> SourceDocument:
    """Check a file's bytes (binary, encoding, BOM), then parse them as YAML."""
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        document.add_error(
            line,
            column,
            "file-binary",
            "the file holds a NUL byte: it is binary, not YAML text",
            "save it as plain UTF-8 text",
        )
        return document
    text = _decode(raw, document)
    return document if text is None else parse_text(text, document)


def parse_text(text: str, document: SourceDocument) -> SourceDocument:
    """Parse YAML text into the document's values and locations."""
    text = _normalise_line_ends(text, document)
    document.text = text
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        document.diagnostics.append(_yaml_error(document.file, text, error))
        return document
    if root is None or (
        isinstance(root, ScalarNode) and root.tag.endswith(":null") and not root.value
    ):
        document.add_error(
            1,
            1,
            "empty-file",
            "the file holds no YAML document",
            "copy an example charter from charters/ and adapt it",
        )
        return document
    builder = _ValueBuilder(document)
    try:
        document.data = builder.build(root, ())
        document.loaded = True
    except _LoadAbort as abort:
        document.data = None
        document.diagnostics.append(abort.diagnostic)
    return document


def _read_bytes(path: Path, document: SourceDocument) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            document.add_error(
                1,
                1,
                "file-too-large",
                f"the file is {size:,} bytes; a charter may be at most {MAX_FILE_BYTES:,}",
                "split it or remove pasted content; charters hold text, not attachments",
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        document.add_error(1, 1, "file-unreadable", f"cannot read the file: {error.strerror}")
        return None
    return raw


def _decode(raw: bytes, document: SourceDocument) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        document.add_error(
            1,
            1,
            "byte-order-mark",
            "the file starts with a UTF-8 byte-order mark",
            "save it as UTF-8 without BOM (most editors have this option)",
        )
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of(raw, error.start)
        document.add_error(
            line,
            column,
            "file-encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            "save the file as UTF-8",
        )
        return None


def _position_of(raw: bytes, index: int) -> tuple[int, int]:
    """1-based line and character column of byte ``index``."""
    before = raw[:index]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


def _normalise_line_ends(text: str, document: SourceDocument) -> str:
    if "\r" not in text:
        return text
    index = text.index("\r")
    before = text[:index]
    line = before.count("\n") + 1
    column = index - (before.rfind("\n") + 1) + 1
    document.add_error(
        line,
        column,
        "line-endings",
        "the file uses Windows (CRLF) or old Mac (CR) line ends",
        "save it with Unix (LF) line ends; `git config core.autocrlf input` helps on Windows",
    )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _yaml_error(file: str, text: str, error: yaml.YAMLError) -> Diagnostic:
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml reports a byte offset into the UTF-8 text.
        before = text.encode("utf-8")[: error.position].decode("utf-8", errors="ignore")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return Diagnostic(
            file,
            line,
            column,
            Severity.ERROR,
            "yaml-syntax",
            f"invalid YAML: the control character U+{error.character:04X} is not allowed",
            "delete the invisible character (it often comes from copy and paste)",
        )
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    if "flow" in context and context_mark is not None:
        line, column = context_mark.line + 1, context_mark.column + 1
        closer = "]" if "sequence" in context else "}"
        return Diagnostic(
            file,
            line,
            column,
            Severity.ERROR,
            "yaml-syntax",
            f"invalid YAML: the {'list' if closer == ']' else 'mapping'} opened here is not "
            f"closed ({problem})",
            f"add the missing `{closer}`, or put each item on its own `- ` line",
        )
    mark = getattr(error, "problem_mark", None) or context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if "tab" in problem or _character_at(text, line, column) == "\t":
        return Diagnostic(
            file,
            line,
            column,
            Severity.ERROR,
            "yaml-tab",
            "a tab character is used for indentation",
            "YAML indents with spaces only: replace the tab with spaces",
        )
    if "expected a single document" in context:
        return Diagnostic(
            file,
            line,
            column,
            Severity.ERROR,
            "yaml-syntax",
            "the file holds more than one YAML document",
            "a charter is one document: remove the `---` line and what follows",
        )
    message = f"{context}: {problem}" if context else problem
    return Diagnostic(
        file,
        line,
        column,
        Severity.ERROR,
        "yaml-syntax",
        f"invalid YAML {message}" if context else f"invalid YAML: {message}",
        "check indentation and quoting near this point; "
        "quote text that contains ': ' or starts with a special character",
    )


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _index(mark: Any) -> int:
    return int(mark.index) if mark is not None else 0


class _LoadAbort(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _ValueBuilder:
    """Turn a composed node tree into plain values, recording locations by path.

    Scalars follow YAML 1.2's core rules where YAML 1.1 surprises authors: only
    ``true``/``false`` are booleans (``no`` stays text) and ``10:30`` stays text.
    """

    def __init__(self, document: SourceDocument) -> None:
        self.document = document
        self.constructor = yaml.constructor.SafeConstructor()
        self.visits = 0
        self.distinct: set[int] = set()
        self.active: set[int] = set()
        self.stack: list[tuple[Node, bool]] = []
        """The collections being built, each with whether it is an alias's repeat."""

    def build(self, node: Node, path: DataPath) -> Any:
        repeat = self._count_visit(node)
        self.document.values[path] = self._location(node)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if id(node) in self.active:
            raise self._abort_at_alias(
                node,
                self.stack[-1][0],
                "recursive-alias",
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
        if self.visits - len(self.distinct) > MAX_ALIAS_EXPANSION:
            chain = [*self.stack, (node, repeat)]
            outermost = next(index for index, (_, repeated) in enumerate(chain) if repeated)
            raise self._abort_at_alias(
                chain[outermost][0],
                chain[outermost - 1][0] if outermost else chain[0][0],
                "alias-bomb",
                f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} repeated values",
                "write the values out instead of nesting aliases",
            )
        return repeat

    def _abort_at_alias(
        self, anchored: Node, container: Node, code: str, message: str, hint: str
    ) -> _LoadAbort:
        """Point at the first alias of ``anchored``'s anchor written inside ``container``."""
        text = self.document.text
        anchor = re.match(r"&([^\s,\[\]{}]+)", text[anchored.start_mark.index :])
        if anchor:
            span = (_index(container.start_mark), _index(container.end_mark))
            for event in yaml.parse(text, Loader=_Loader):
                if (
                    isinstance(event, yaml.AliasEvent)
                    and event.anchor == anchor.group(1)
                    and span[0] <= _index(event.start_mark) <= span[1]
                ):
                    return self._abort(event, code, message, hint)
        return self._abort(anchored, code, message, hint)

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, column = self._position(key_node)
                self.document.add_error(
                    line,
                    column,
                    "invalid-key",
                    "a key must be plain text, not a list or mapping",
                )
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in mapping:
                first = self.document.keys[key_path]
                line, column = self._position(key_node)
                self.document.add_error(
                    line,
                    column,
                    "duplicate-key",
                    f"key '{key}' appears twice in the same mapping",
                    f"it is first set on line {first.line}; keep one and merge the values",
                )
                continue
            self.document.keys[key_path] = self._location(key_node)
            mapping[key] = self.build(value_node, key_path)
        return mapping

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

    def _abort(self, node: Node | yaml.Event, code: str, message: str, hint: str) -> _LoadAbort:
        line, column = self._position(node)
        return _LoadAbort(
            Diagnostic(self.document.file, line, column, Severity.ERROR, code, message, hint)
        )
