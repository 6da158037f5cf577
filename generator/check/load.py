"""Load YAML files into plain values that remember where each value came from.

The checking path reads with PyYAML's C parser (fast); ruamel.yaml is kept for the commands
that edit files. Every problem with the bytes or the YAML becomes a located diagnostic;
nothing here raises for bad input. The YAML errors are described by
:mod:`generator.check.yaml_errors`, the values built by :mod:`generator.check.yaml_values`.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterable
from pathlib import Path

import yaml
from yaml.nodes import ScalarNode

from generator.check.codes import Code
from generator.check.diagnostics import CodeDoc, Diagnostic, Group, Severity

# Re-exported: callers read files, and get documents, from here.
from generator.check.document import GLOSSARY_FILENAMES as GLOSSARY_FILENAMES
from generator.check.document import SourceDocument as SourceDocument
from generator.check.yaml_errors import yaml_error_diagnostic
from generator.check.yaml_values import (
    LOADER,
    LoadAbort,
    ValueBuilder,
    may_nest_too_deep,
    too_deep,
)

MAX_FILE_BYTES = 1024 * 1024
"""Larger files are refused unread: no charter needs a megabyte."""

YAML_SUFFIXES = (".yaml", ".yml")


def find_yaml_files(paths: Iterable[str]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Expand files and directories into ``(path, display name)`` pairs, sorted.

    Returns the pairs and the arguments that do not exist.
    """
    found: dict[str, Path] = {}
    missing: list[str] = []
    for argument in paths:
        given = Path(argument)
        if given.is_dir():
            shown = display_name(given)
            for folder, _, names in os.walk(given):  # symbolic links to folders not followed
                prefix = posixpath.join(shown, Path(os.path.relpath(folder, given)).as_posix())
                for name in names:
                    # A FIFO or device named like YAML is listed too: reading it reports it.
                    if name.endswith(YAML_SUFFIXES):
                        found[posixpath.normpath(posixpath.join(prefix, name))] = Path(folder, name)
        elif given.exists() and not given.is_dir():
            found[display_name(given)] = given
        else:
            missing.append(argument)
    return [(found[name], name) for name in sorted(found)], missing


def display_name(path: Path) -> str:
    """The path relative to the working directory when it is below it, in POSIX form."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        relative = str(path)
    if relative.startswith(".."):
        relative = str(path)
    return Path(relative).as_posix()


def read_document(path: Path, file: str | None = None, *, mark_all: bool = False) -> SourceDocument:
    """Read and parse one YAML file; problems become diagnostics on the document."""
    document = SourceDocument(file=file or display_name(path))
    raw = read_bytes(path, document)
    return document if raw is None else parse_bytes(raw, document, mark_all=mark_all)


def parse_bytes(raw: bytes, document: SourceDocument, *, mark_all: bool = False) -> SourceDocument:
    """Check a file's bytes (binary, encoding, BOM), then parse them as YAML."""
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        document.add_error(
            line,
            column,
            Code.FILE_BINARY,
            "the file holds a NUL byte: it is binary, not YAML text",
            "save it as plain UTF-8 text",
        )
        return document
    text = _decode(raw, document)
    return document if text is None else parse_text(text, document, mark_all=mark_all)


def parse_text(text: str, document: SourceDocument, *, mark_all: bool = False) -> SourceDocument:
    """Parse YAML text into the document's values and locations.

    With ``mark_all=False`` only the paths of :func:`always_marked` are marked at first; the
    document marks the rest when a look-up first needs them.
    """
    text = _normalise_line_ends(text, document)
    document.text = text
    try:
        # Before composing, which recurses in C.
        deep = too_deep(text, document.file) if may_nest_too_deep(text) else None
        if deep is not None:
            document.diagnostics.append(deep)
            return document
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as error:
        document.diagnostics.append(yaml_error_diagnostic(document.file, text, error))
        return document
    if root is None or (
        isinstance(root, ScalarNode) and root.tag.endswith(":null") and not root.value
    ):
        document.add_error(
            1,
            1,
            Code.EMPTY_FILE,
            "the file holds no YAML document",
            "copy an example charter from charters/ and adapt it",
        )
        return document
    try:
        document.data = ValueBuilder(document, mark_all=mark_all).build(root, ())
        document.loaded = True
        document.marks_complete = mark_all
    except LoadAbort as abort:
        document.data = None
        document.diagnostics.append(abort.diagnostic)
    return document


def read_bytes(path: Path, document: SourceDocument) -> bytes | None:
    """The bytes of a regular file of at most MAX_FILE_BYTES; else None and a diagnostic."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            document.add_error(
                1,
                1,
                Code.FILE_UNREADABLE,
                f"not a regular file but {_file_kind(status.st_mode)}; it is not read",
                "keep only charters in the charters folder",
            )
            return None
        size = status.st_size
        if size > MAX_FILE_BYTES:
            document.add_error(
                1,
                1,
                Code.FILE_TOO_LARGE,
                f"the file is {size:,} bytes; a charter may be at most {MAX_FILE_BYTES:,}",
                "split it or remove pasted content; charters hold text, not attachments",
            )
            return None
        with path.open("rb") as stream:  # never more than the limit, if the file grew
            raw = stream.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            document.add_error(
                1,
                1,
                Code.FILE_TOO_LARGE,
                f"the file is larger than {MAX_FILE_BYTES:,} bytes, the most a charter may be",
                "split it or remove pasted content; charters hold text, not attachments",
            )
            return None
    except OSError as error:
        document.add_error(1, 1, Code.FILE_UNREADABLE, f"cannot read the file: {error.strerror}")
        return None
    return raw


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _decode(raw: bytes, document: SourceDocument) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        _warn(
            document,
            (1, 1),
            Code.BYTE_ORDER_MARK,
            "the file starts with a UTF-8 byte-order mark",
            "run `handbook fmt`, or save it as UTF-8 without BOM (most editors have this option)",
        )
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of(raw, error.start)
        document.add_error(
            line,
            column,
            Code.FILE_ENCODING,
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
    _warn(
        document,
        (line, column),
        Code.LINE_ENDINGS,
        "the file uses Windows (CRLF) or old Mac (CR) line ends",
        "run `handbook fmt`, or save it with Unix (LF) line ends; "
        "`git config core.autocrlf input` helps on Windows",
    )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _warn(
    document: SourceDocument, where: tuple[int, int], code: Code, message: str, hint: str
) -> None:
    """Record a warning: something `handbook fmt` fixes, which does not stop a build."""
    line, column = where
    document.diagnostics.append(
        Diagnostic(document.file, line, column, Severity.WARNING, code, message, hint)
    )


CODE_DOCS = (
    CodeDoc(
        Code.FILE_TOO_LARGE,
        Severity.ERROR,
        Group.READING,
        f"""
        The file is larger than 1 MiB ({MAX_FILE_BYTES:,} bytes), so it is not read at all. No
        charter needs that much text; usually something was pasted in by mistake.

        Fix: remove the pasted content, or split the text. Charters hold text, not
        attachments; link to large documents instead.
        """,
    ),
    CodeDoc(
        Code.FILE_UNREADABLE,
        Severity.ERROR,
        Group.READING,
        """
        The file could not be opened (or, by `handbook fmt` and `handbook rollover`, written
        back); the message gives the reason from the system, for example "Permission denied".
        A named pipe (FIFO), device or socket whose name ends in `.yaml` is reported this way
        too, and never read.

        Fix: check the file's permissions, or whether it is still being written by another
        program.
        """,
    ),
    CodeDoc(
        Code.FILE_BINARY,
        Severity.ERROR,
        Group.READING,
        """
        The file contains a NUL byte, so it is not plain text: for example a word-processor
        document renamed to `.yaml`, or text saved as UTF-16.

        Fix: save the file as plain UTF-8 text.
        """,
    ),
    CodeDoc(
        Code.BYTE_ORDER_MARK,
        Severity.WARNING,
        Group.READING,
        """
        The file starts with an invisible UTF-8 byte-order mark, which some Windows editors
        add. It is a warning, not an error: the file is read without it and still checked,
        and the charter is published.

        Fix: run `handbook fmt`, which removes it; or save the file as "UTF-8" rather than
        "UTF-8 with BOM" (most editors have this option).
        """,
    ),
    CodeDoc(
        Code.FILE_ENCODING,
        Severity.ERROR,
        Group.READING,
        """
        The file is not valid UTF-8, typically because it was saved in an older encoding such
        as Windows-1252. The position points at the first byte that is wrong, often an
        accented letter.

        Fix: save the file as UTF-8.
        """,
    ),
    CodeDoc(
        Code.LINE_ENDINGS,
        Severity.WARNING,
        Group.READING,
        """
        The file uses Windows (CRLF) or old Mac (CR) line endings. The position points at the
        first one. It is a warning, not an error: the file is read as if it had Unix line
        endings, still checked, and the charter is published.

        Fix: run `handbook fmt`, which rewrites the line endings; or save the file with Unix
        (LF) line endings. On Windows, `git config core.autocrlf input` helps.
        """,
    ),
    CodeDoc(
        Code.EMPTY_FILE,
        Severity.ERROR,
        Group.READING,
        """
        The file holds no YAML at all: it is empty, or contains only comments or a `---` line.

        Fix: write the charter, or delete the file. Copy an existing charter to start.
        """,
    ),
)
"""What the diagnostics of reading a file mean, for the diagnostics reference."""
