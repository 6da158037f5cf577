"""Canonical formatting of charters and the glossary (``handbook fmt``).

Keys follow the order of the fields in :mod:`generator.check.schema`; unknown and ``x-`` keys keep
their order after the known ones. Indentation is the shipped charters' (two spaces, list items
as ``  - ``), every comment stays with the key or item it belongs to, and values keep their text
and quotes. The result is checked to load to exactly the data the input held: formatting never
returns text that would change a value, as PyYAML or the checker (:mod:`generator.check.load`)
reads it.

Before ruamel.yaml sees a file, it is read as ``handbook check`` reads it
(:func:`generator.check.load.read_document`): a file too large, not UTF-8, not valid YAML,
nested too deeply or with an alias bomb is refused with check's own message and position.

libyaml (PyYAML's C reader) then reads the text once for everything that follows: the layout
of its comments, PyYAML's reading of its data, and, for a plain charter, ruamel.yaml's
round-trip data (:mod:`generator.edit.libyaml_load`); ruamel.yaml's own, much slower, reader
takes any other text. A result equal to the text is not read again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from yaml.constructor import SafeConstructor

from generator.check.codes import Code
from generator.check.diagnostics import Diagnostic
from generator.check.document import SourceDocument, file_kind
from generator.check.load import parse_bytes, parse_text, read_bytes
from generator.check.schema import (
    Charter,
    Glossary,
    People,
    canonical_time,
    canonical_weekday,
    section_model,
)
from generator.edit.comments import Comments, strip_comments
from generator.edit.layout import LayoutError, Scanned, scan
from generator.edit.libyaml_load import load_from_libyaml
from generator.edit.roundtrip import dump_roundtrip, roundtrip_yaml
from generator.files import write_atomically

_MODELS: dict[str, type[BaseModel]] = {"charter": Charter, "glossary": Glossary, "people": People}
"""The model that gives each kind of file its key order."""

_FAST_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""``yaml.safe_load``'s loader, in C where available."""


REFUSED = frozenset(
    {
        Code.FILE_TOO_LARGE,
        Code.FILE_UNREADABLE,
        Code.FILE_BINARY,
        Code.FILE_ENCODING,
        Code.YAML_SYNTAX,
        Code.YAML_TAB,
        Code.RECURSIVE_ALIAS,
        Code.ALIAS_BOMB,
        Code.NESTING_TOO_DEEP,
    }
)
"""The problems ``handbook check`` finds in reading a file that stop it being edited.

A byte-order mark and CRLF line ends are not among them: formatting removes them.
"""


class FormatError(Exception):
    """The text cannot be formatted; ``line`` and ``column`` (1-based) say where.

    ``code`` is ``fmt-failed``, or the code ``handbook check`` gives the same problem.
    """

    def __init__(
        self, message: str, line: int = 1, column: int = 1, code: Code = Code.FMT_FAILED
    ) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column
        self.code = code

    @classmethod
    def from_diagnostic(cls, diagnostic: Diagnostic) -> FormatError:
        """check's diagnostic, as the reason a file cannot be edited."""
        return cls(
            diagnostic.message,
            diagnostic.line,
            diagnostic.column,
            diagnostic.code,
        )


def read_for_edit(path: Path) -> str:
    """The text of ``path`` for an editing command, read as ``handbook check`` reads it.

    Raises FormatError with check's diagnostic when the file is too large, not a regular
    file, not UTF-8, not valid YAML, nested too deeply or an alias bomb.
    """
    return _read_checked(path)[0]


def _read_checked(path: Path) -> tuple[str, SourceDocument]:
    """:func:`read_for_edit`'s text, and the document check read from it."""
    document = SourceDocument(file=path.name)
    raw = read_bytes(path, document)
    if raw is not None:
        parse_bytes(raw, document)
    _refuse_unreadable(document)
    assert raw is not None  # an unreadable file has a refused diagnostic
    return raw.decode("utf-8"), document


def _refuse_unreadable(document: SourceDocument) -> None:
    refused = [problem for problem in document.diagnostics if problem.code in REFUSED]
    if refused:
        raise FormatError.from_diagnostic(refused[0])


@dataclass(frozen=True)
class KeyOrder:
    """The canonical key order of one section, and of the sections nested in it."""

    keys: tuple[str, ...]
    nested: Mapping[str, KeyOrder] = field(default_factory=dict)


@functools.cache
def key_order(model: type[BaseModel]) -> KeyOrder:
    """The field order of ``model``, walking nested models and lists of models."""
    nested = {
        name: key_order(inner)
        for name, info in model.model_fields.items()
        if (inner := section_model(info.annotation)) is not None
    }
    return KeyOrder(tuple(model.model_fields), nested)


def format_file(
    path: Path, *, check: bool, on_canonical: Callable[[str], None] | None = None
) -> bool:
    """Whether ``path`` is not in canonical form; unless ``check``, rewrite it when it is not.

    ``on_canonical``, if given, is called with the file's text once the file is known to hold
    canonical text: the text read when it already did, the text written when it was rewritten.
    """
    original, checked = _read_checked(path)
    model = _MODELS[file_kind(str(path))]
    formatted = _format(original, model=model, checked=checked)
    changed = formatted != original
    if changed and not check:
        write_atomically(path, formatted)
    if on_canonical is not None and (not changed or not check):
        on_canonical(formatted)
    return changed


def format_text(text: str, *, model: type[BaseModel] = Charter) -> str:
    """``text`` as ``handbook fmt`` writes it: canonical layout and, in a charter, the meeting
    day and time in the format's spelling (``Thu`` is ``thursday``, ``"2:30 PM"`` is
    ``"14:30"``). A byte-order mark and CRLF line ends are removed.

    Raises FormatError as :func:`rewrite_text` does.
    """
    return _format(text, model=model, checked=None)


def _format(text: str, *, model: type[BaseModel], checked: SourceDocument | None) -> str:
    if model is not Charter:
        return _rewrite(text, model=model, edit=None, expect=None, checked=checked)
    # _canonical_reading builds new values: the readings of the text may be reused.
    return _rewrite(
        text,
        model=model,
        edit=_canonical_meetings,
        expect=_canonical_reading,
        pure_expect=True,
        checked=checked,
    )


def _canonical_meetings(data: Any) -> None:
    """Write ``meetings.day`` and ``meetings.time`` as the format spells them, in place."""
    meetings = data.get("meetings") if isinstance(data, CommentedMap) else None
    if not isinstance(meetings, CommentedMap):
        return
    day, time = meetings.get("day"), meetings.get("time")
    if (weekday := canonical_weekday(day)) is not None and weekday != day:
        quoted = isinstance(day, (DoubleQuotedScalarString, SingleQuotedScalarString))
        meetings["day"] = type(day)(weekday) if quoted else weekday
    if (canonical := canonical_time(time)) is not None and canonical != time:
        # Quoted always: YAML 1.1 readers take an unquoted 09:00 for the number 540.
        single = isinstance(time, SingleQuotedScalarString)
        meetings["time"] = (SingleQuotedScalarString if single else DoubleQuotedScalarString)(
            canonical
        )


def _canonical_reading(reading: Any) -> Any:
    """The data a charter holds once :func:`_canonical_meetings` has run, as PyYAML or the
    checker reads it."""
    meetings = reading.get("meetings") if isinstance(reading, dict) else None
    if not isinstance(meetings, dict):
        return reading
    meetings = dict(meetings)
    day, time = meetings.get("day"), meetings.get("time")
    if (weekday := canonical_weekday(day)) is not None:
        meetings["day"] = weekday
    if isinstance(time, int) and not isinstance(time, bool) and 0 <= time < 24 * 60:
        # PyYAML (YAML 1.1) reads an unquoted 9:00 as sexagesimal 540.
        time = f"{time // 60}:{time % 60:02d}"
    if (canonical := canonical_time(time)) is not None:
        meetings["time"] = canonical
    return {**reading, "meetings": meetings}


def rewrite_text(
    text: str,
    *,
    model: type[BaseModel] | None = Charter,
    edit: Callable[[Any], None] | None = None,
    expect: Callable[[Any], Any] | None = None,
) -> str:
    """``text`` in canonical form, after ``edit`` changed its round-trip data in place if given.

    ``model`` gives the key order (``Glossary`` for ``glossary.yaml``, ``People`` for
    ``people.yaml``). With ``model=None``
    keys keep their order and lists and mappings their flow or block style: only indentation
    and the layout of comments change.
    ``expect`` turns the data PyYAML reads from ``text`` into the data the result must hold;
    without it the result must hold the same data. Comments stay with the keys and items
    they belong to, also when ``edit`` moves a mapping or list elsewhere.

    Raises FormatError for invalid YAML, and when the result would not hold that data.
    """
    return _rewrite(text, model=model, edit=edit, expect=expect)


def _rewrite(
    text: str,
    *,
    model: type[BaseModel] | None,
    edit: Callable[[Any], None] | None,
    expect: Callable[[Any], Any] | None,
    pure_expect: bool = False,
    checked: SourceDocument | None = None,
) -> str:
    """:func:`rewrite_text`. ``pure_expect`` says ``expect`` leaves the readings it is given
    unchanged, so a result equal to the text needs no second reading (no ``expect`` never
    changes them). ``checked`` is check's reading of the text, when :func:`_read_checked` made
    it: it parsed the same text, normalised alike, and refused what is refused here."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if checked is None:
        checked = parse_text(text, SourceDocument(file="-"))
        _refuse_unreadable(checked)
    pure_expect = pure_expect or expect is None
    try:
        scanned: Scanned | None = scan(text)
    except yaml.YAMLError:
        scanned = None  # reported below, where it always was
    try:
        data = load_from_libyaml(text, scanned) if scanned is not None else None
        if data is None:
            data = roundtrip_yaml().load(text)
        before = _readings(text, checked, scanned)
        comments = Comments.read(text, data, scanned)
    except (RuamelError, yaml.YAMLError) as error:
        raise _located(error, text) from error
    except LayoutError as error:
        raise FormatError(f"cannot format this file: {error}") from error
    except (ValueError, OverflowError, TypeError, AssertionError, NotImplementedError) as error:
        # ruamel.yaml's and PyYAML's own limits: an impossible date, a number too long to
        # read, a YAML version they do not know, a comment they cannot place.
        raise _unreadable_value(error, text) from error
    strip_comments(data)
    if edit is not None:
        edit(data)
    if not isinstance(data, (CommentedMap, CommentedSeq)):
        return text  # empty, only comments, or a single value: nothing to order
    if model is not None:
        _reorder(data, key_order(model))
        _block_style(data, set())
    try:
        plain = dump_roundtrip(data)
        # A text without comments or blank lines is its own dump when canonical.
        result = comments.write(plain, data, scanned if plain == text else None)
        # The same text reads the same: only a changed text is read again.
        after = before if result == text and pure_expect else _readings(result)
    except (
        RuamelError,
        yaml.YAMLError,
        LayoutError,
        ValueError,
        TypeError,
        AssertionError,
    ) as error:
        raise FormatError(f"formatting failed, the file is left as it is: {error}") from error
    wanted = [expect(reading) for reading in before] if expect is not None else before
    # What the checker could not read before (an alias bomb, say) is compared by PyYAML only.
    if len(wanted) > len(after) or not all(map(same_data, wanted, after)):
        raise FormatError(
            "formatting would change the data, so the file is left as it is "
            "(please report this as a bug)"
        )
    return result


def same_data(left: Any, right: Any) -> bool:
    """Whether two loaded YAML values are exactly equal: same types, same values (NaN too)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(
            same_data(value, right[key]) for key, value in left.items()
        )
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same_data, left, right))
    return repr(left) == repr(right)


def _readings(
    text: str, document: SourceDocument | None = None, scanned: Scanned | None = None
) -> list[Any]:
    """The data in ``text`` as PyYAML reads it, and as the checker does when it can.

    ``scanned``, :func:`~generator.edit.layout.scan`'s reading of ``text``, saves composing
    the text again; not when a merge key (``<<``, or a tag: ``!``) would make PyYAML rewrite
    the nodes, which the comments' layout reads after.
    """
    if scanned is not None and "<<" not in text and "!" not in text:
        root = scanned.root
        constructor = SafeConstructor()
        readings = [constructor.construct_document(root) if root is not None else None]
    else:
        readings = [yaml.load(text, Loader=_FAST_LOADER)]
    if document is None:
        document = parse_text(text, SourceDocument(file="-"))
    if document.loaded:
        readings.append(document.data)
    return readings


def _block_style(value: Any, seen: set[int]) -> None:
    """Write every non-empty list and mapping in block style (``[]`` and ``{}`` stay)."""
    if not isinstance(value, (CommentedMap, CommentedSeq)) or id(value) in seen:
        return
    seen.add(id(value))
    if len(value):
        value.fa.set_block_style()
    for item in value.values() if isinstance(value, CommentedMap) else value:
        _block_style(item, seen)


def _reorder(value: Any, order: KeyOrder) -> None:
    if isinstance(value, list):
        for item in value:
            _reorder(item, order)
        return
    if not isinstance(value, CommentedMap):
        return
    known = [key for key in order.keys if key in value]
    for key in known + [key for key in value if key not in order.keys]:
        value.move_to_end(key)
    for key, inner in order.nested.items():
        if key in value:
            _reorder(value[key], inner)


def _located(error: Exception, text: str) -> FormatError:
    """A FormatError at the place a ruamel.yaml or PyYAML error points to."""
    problem = getattr(error, "problem", None) or str(error).split("\n")[0]
    context = getattr(error, "context", None)
    message = f"invalid YAML: {context}, {problem}" if context else f"invalid YAML: {problem}"
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return FormatError(message, mark.line + 1, mark.column + 1)
    position = getattr(error, "position", None)  # a reader error: a character not allowed
    if isinstance(position, int):
        return FormatError(message, *_line_and_column(text, position))
    return FormatError(message)


def _unreadable_value(error: Exception, text: str) -> FormatError:
    """A FormatError for a value ruamel.yaml or PyYAML cannot build, at that value if found."""
    reason = str(error).split("\n")[0] or type(error).__name__
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, yaml.ScalarEvent) and not event.style:
                try:
                    yaml.load(event.value, Loader=_FAST_LOADER)
                except (ValueError, OverflowError):
                    line, column = _mark_position(event.start_mark)
                    shown = event.value if len(event.value) <= 40 else event.value[:37] + "..."
                    return FormatError(f"cannot read the value '{shown}': {reason}", line, column)
            elif isinstance(event, yaml.DocumentStartEvent) and event.version not in (
                None,
                (1, 1),
                (1, 2),
            ):
                version = ".".join(map(str, event.version))
                return FormatError(
                    f"YAML {version} is not supported: write `%YAML 1.2` or no directive",
                    *_mark_position(event.start_mark),
                )
    except yaml.YAMLError:
        pass
    return FormatError(f"cannot format this file: {reason}")


def _mark_position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1
