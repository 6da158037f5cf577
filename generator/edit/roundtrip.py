"""Round-trip YAML for the commands that edit charters: ruamel.yaml in the handbook's style.

The style is that of the shipped charters: mappings indented by two spaces, list items as
``  - `` under their key, quotes kept as written and long lines never re-wrapped. Checking
reads with PyYAML (:mod:`generator.check.load`); only editing goes through here.
"""

from __future__ import annotations

import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
)
from ruamel.yaml.tag import Tag

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


_TAGS: dict[str, Tag] = {}


def _shared(tag: Any) -> Any:
    """One Tag for each plain tag text: ruamel.yaml makes a new Tag for every node and every
    resolved value, and each new Tag decodes its text again when compared. A Tag's text, hash
    and comparisons depend on that text alone."""
    if isinstance(tag, str):
        if (shared := _TAGS.get(tag)) is None:
            shared = _TAGS[tag] = Tag(suffix=tag)
        return shared
    if (
        isinstance(tag, Tag)
        and tag.handle is None
        and tag.handles is None
        and isinstance(tag.suffix, str)
    ):
        return _shared(tag.suffix)
    return tag


_MISSING = object()


class _Resolver(VersionedResolver):
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        return _shared(super().resolve(kind, value, implicit))

    @property
    def processing_version(self) -> Any:
        """``VersionedResolver.processing_version`` without raising AttributeError to find
        there is no scanner: it is asked for every plain value, loading and dumping."""
        loadumper = self.loadumper
        scanner = getattr(loadumper, "_scanner", None)
        version = _MISSING if scanner is None else getattr(scanner, "yaml_version", _MISSING)
        if version is _MISSING:
            if hasattr(loadumper, "typ"):
                version = getattr(loadumper, "version", None)
            else:
                version = getattr(getattr(loadumper, "_serializer", None), "use_version", None)
        if version is None:
            version = self._loader_version
            if version is None:
                version = _DEFAULT_YAML_VERSION
        return version


class _Representer(RoundTripRepresenter):
    def represent_source_float(self, data: SourceFloat) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:float", data.source)

    def represent_scalar(
        self, tag: Any, value: Any, style: Any = None, anchor: Any = None
    ) -> ScalarNode:
        return super().represent_scalar(_shared(tag), value, style=style, anchor=anchor)

    def represent_sequence(self, tag: Any, sequence: Any, flow_style: Any = None) -> SequenceNode:
        return super().represent_sequence(_shared(tag), sequence, flow_style=flow_style)

    def represent_mapping(self, tag: Any, mapping: Any, flow_style: Any = None) -> MappingNode:
        return super().represent_mapping(_shared(tag), mapping, flow_style=flow_style)


_Representer.add_representer(SourceFloat, _Representer.represent_source_float)


def roundtrip_yaml() -> YAML:
    """A fresh round-trip YAML instance in the canonical style (instances are not thread-safe)."""
    handler = YAML(typ="rt")
    handler.Constructor = _Constructor
    handler.Representer = _Representer
    handler.Resolver = _Resolver
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
