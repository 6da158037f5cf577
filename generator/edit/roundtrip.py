"""Round-trip YAML for the commands that edit charters: ruamel.yaml in the handbook's style.

The style is that of the shipped charters: mappings indented by two spaces, list items as
``  - `` under their key, quotes kept as written and long lines never re-wrapped. Checking
reads with PyYAML (:mod:`generator.check.load`); only editing goes through here.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
)

WIDTH = 1_000_000
"""Wider than any line: ruamel.yaml never folds a long value onto a second line."""


class SourceFloat(float):
    """A float that remembers how it was written.

    ruamel.yaml rebuilds a float's text from its value and would write ``7.164285498279633e+16``
    back as ``7.164285498279632e+16``, a different number.
    """

    source: str

    def __new__(cls, value: float, source: str) -> SourceFloat:
        number = super().__new__(cls, value)
        number.source = source
        return number


class _Constructor(RoundTripConstructor):
    def construct_yaml_float(self, node: Any) -> Any:
        value = super().construct_yaml_float(node)
        if getattr(value, "anchor", None) is not None and value.anchor.value is not None:
            return value  # an anchored number keeps ruamel.yaml's own type, anchor and all
        return SourceFloat(float(value), node.value)


_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)


class _Representer(RoundTripRepresenter):
    def represent_source_float(self, data: SourceFloat) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:float", data.source)


_Representer.add_representer(SourceFloat, _Representer.represent_source_float)


def roundtrip_yaml() -> YAML:
    """A fresh round-trip YAML instance in the canonical style (instances are not thread-safe)."""
    handler = YAML(typ="rt")
    handler.Constructor = _Constructor
    handler.Representer = _Representer
    handler.preserve_quotes = True
    handler.width = WIDTH
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def load_roundtrip(text: str) -> CommentedMap:
    """Parse one YAML document keeping comments, key order, quotes and block styles.

    Raises ruamel.yaml's ``MarkedYAMLError`` for invalid YAML and ``TypeError`` when the
    document is not a mapping.
    """
    data = roundtrip_yaml().load(text)
    if not isinstance(data, CommentedMap):
        raise TypeError(f"expected a mapping, found {type(data).__name__}")
    return data


def dump_roundtrip(data: Any) -> str:
    """The YAML text of ``data`` in the canonical style, ending with one line break."""
    stream = io.StringIO()
    roundtrip_yaml().dump(data, stream)
    return stream.getvalue()


def text_scalar(value: str) -> str:
    """``value`` ready to put into a round-trip document as text.

    ruamel.yaml writes YAML 1.2 and would leave ``yes``, ``10:30`` or ``010`` unquoted, but the
    checker reads YAML 1.1, where those are a boolean and numbers: such text is double-quoted.
    """
    try:
        reads_back = yaml.safe_load(f"value: {value}\n") == {"value": value}
    except yaml.YAMLError:
        reads_back = False
    plain_safe = reads_back and value == value.strip() and "\n" not in value
    return value if plain_safe else DoubleQuotedScalarString(value)


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, LF): readers see the old file or the new one.

    The text goes to a temporary file in the same folder, is flushed to disk and then renamed
    over ``path``; on any failure the temporary file is removed and ``path`` is untouched.
    The file keeps its permission bits; a new file gets the usual ones (0666 less the umask).
    A symbolic link stays a link: the file it points to is the one replaced.
    """
    path = Path(os.path.realpath(path))
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
