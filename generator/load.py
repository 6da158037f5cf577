"""Load YAML files into plain values that remember where each value came from.

The checking path reads with PyYAML's C parser (fast); ruamel.yaml is kept for the commands
that edit files. Every problem with the bytes or the YAML becomes a located diagnostic;
nothing here raises for bad input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from generator.diagnostics import Diagnostic, Severity

MAX_FILE_BYTES = 1024 * 1024
"""Larger files are refused unread: no charter needs a megabyte."""

MAX_ALIAS_EXPANSION = 10_000
"""How many nodes aliases may repeat in one file before it counts as an expansion bomb."""

YAML_SUFFIXES = (".yaml", ".yml")
GLOSSARY_FILENAME = "glossary.yaml"

DataPath = tuple[str | int, ...]
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

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    @property
    def is_glossary(self) -> bool:
        return Path(self.file).name == GLOSSARY_FILENAME

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

        Exact for single-line scalars and literal (``|``) blocks; other multi-line
        scalars are folded by YAML, so their start is the best honest answer.
        """
        start = self.locate(path)
        value = _lookup(self.data, path)
        if not isinstance(value, str):
            return start
        if start.style == "|":
            return self._locate_in_literal_block(start, value, offset)
        if start.end_line == start.line and "\n" not in value:
            quote = 1 if start.style in ("'", '"') else 0
            return Location(start.line, start.column + quote + offset)
        return start

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


def _lookup(data: Any, path: DataPath) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


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
    if raw is None:
        return document
    text = _decode(raw, document)
    if text is None:
        return document
    return parse_text(text, document)


def parse_text(text: str, document: SourceDocument) -> SourceDocument:
    """Parse YAML text into the document's values and locations."""
    text = _normalise_line_ends(text, document)
    document.text = text
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        document.diagnostics.append(_yaml_error(document.file, text, error))
        return document
    if root is None:
        _error(
            document,
            1,
            1,
            "empty-file",
            "the file holds no YAML document",
            "start from `handbook new` or copy an example charter",
        )
        return document
    builder = _ValueBuilder(document)
    try:
        document.data = builder.build(root, ())
    except _LoadAbort as abort:
        document.data = None
        document.diagnostics.append(abort.diagnostic)
    return document


def _read_bytes(path: Path, document: SourceDocument) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            _error(
                document,
                1,
                1,
                "file-too-large",
                f"the file is {size:,} bytes; a charter may be at most {MAX_FILE_BYTES:,}",
                "split it or remove pasted content; charters hold text, not attachments",
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        _error(document, 1, 1, "file-unreadable", f"cannot read the file: {error.strerror}")
        return None
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        _error(
            document,
            line,
            column,
            "file-binary",
            "the file holds a NUL byte: it is binary, not YAML text",
            "save it as plain UTF-8 text",
        )
        return None
    return raw


def _decode(raw: bytes, document: SourceDocument) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        _error(
            document,
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
        _error(
            document,
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
    _error(
        document,
        line,
        column,
        "line-endings",
        "the file uses Windows (CRLF) or old Mac (CR) line ends",
        "save it with Unix (LF) line ends; `git config core.autocrlf input` helps on Windows",
    )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _yaml_error(file: str, text: str, error: yaml.YAMLError) -> Diagnostic:
    if isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        return Diagnostic(
            file,
            line,
            column,
            Severity.ERROR,
            "yaml-syntax",
            f"invalid YAML: control character {error.character!r} is not allowed",
            "delete the invisible character (it often comes from copy and paste)",
        )
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None) or ""
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


def _error(
    document: SourceDocument, line: int, column: int, code: str, message: str, hint: str = ""
) -> None:
    document.diagnostics.append(
        Diagnostic(document.file, line, column, Severity.ERROR, code, message, hint)
    )


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

    def build(self, node: Node, path: DataPath) -> Any:
        self._count_visit(node)
        self.document.values[path] = self._location(node)
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if id(node) in self.active:
            raise self._abort(
                node,
                "recursive-alias",
                "an alias refers to a value that contains it",
                "replace the alias with the values written out",
            )
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self.active.discard(id(node))

    def _count_visit(self, node: Node) -> None:
        self.visits += 1
        self.distinct.add(id(node))
        if self.visits - len(self.distinct) > MAX_ALIAS_EXPANSION:
            raise self._abort(
                node,
                "alias-bomb",
                f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} repeated values",
                "write the values out instead of nesting aliases",
            )

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, column = self._position(key_node)
                _error(
                    self.document,
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
                _error(
                    self.document,
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
    def _position(node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _abort(self, node: Node, code: str, message: str, hint: str) -> _LoadAbort:
        line, column = self._position(node)
        return _LoadAbort(
            Diagnostic(self.document.file, line, column, Severity.ERROR, code, message, hint)
        )
