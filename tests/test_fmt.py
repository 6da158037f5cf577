"""Canonical formatting: golden fixtures, idempotence, comments kept, data never changed.

The fixtures in ``tests/fixtures/fmt/`` are messy but valid charters, each beside its
``.expected.yaml`` canonical form. After an intended change to the format, refresh them with

    HANDBOOK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_fmt.py

and review the diff like any code.
"""

from __future__ import annotations

import datetime
import os
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.tokens import CommentToken

import generator.edit.fmt
from generator.check.document import file_kind
from generator.check.schema import (
    SLUG_PATTERN,
    Account,
    Charter,
    Glossary,
    Idea,
    KeyGoal,
    Member,
    People,
    Period,
    Relation,
    Risk,
    union_members,
    unwrap_annotated,
)
from generator.edit.fmt import (
    FormatError,
    KeyOrder,
    format_file,
    key_order,
    rewrite_text,
    same_data,
)
from generator.files import write_atomically
from tests.conftest import FIXTURE_CHARTERS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fmt"
INPUTS = sorted(path for path in FIXTURES.glob("*.yaml") if ".expected." not in path.name)
EXPECTED = sorted(FIXTURES.glob("*.expected.yaml"))
INVALID = FIXTURES / "invalid"
SHIPPED = sorted(FIXTURE_CHARTERS.glob("*.yaml"))
"""The sample charters, as frozen in the fixture handbook."""


def model_for(path: Path) -> type[BaseModel]:
    name = path.name.replace(".expected", "")
    return {"glossary": Glossary, "people": People}.get(file_kind(name), Charter)


def formatted(path: Path) -> str:
    return rewrite_text(path.read_text(encoding="utf-8"), model=model_for(path))


def expected_for(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".yaml") + ".expected.yaml")


def comment_texts(text: str) -> list[str]:
    """Every comment as ruamel.yaml finds it: a reading independent of the formatter's."""
    found: dict[tuple[Any, ...], str] = {}
    seen: set[int] = set()

    def add(value: str, line: int | None) -> None:
        for offset, part in enumerate(value.split("\n")):
            if part.strip().startswith("#"):
                found[(line, offset) if line is not None else (part.strip(),)] = part.strip()

    def collect(item: Any) -> None:
        if isinstance(item, CommentToken):
            add(item.value, item.start_mark.line)
        elif isinstance(item, str):
            add(item, None)
        elif isinstance(item, (list, tuple)):
            for part in item:
                collect(part)

    def walk(value: Any) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        comments = getattr(value, "ca", None)
        if comments is not None:
            collect([comments.comment, list(comments.items.values()), comments.end])
        if isinstance(getattr(value, "comment", None), (str, list, CommentToken)):
            collect(value.comment)
        if isinstance(value, (dict, list)):
            for child in value.values() if isinstance(value, dict) else value:
                walk(child)

    walk(YAML(typ="rt").load(text))
    return sorted(found.values())


# Golden fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("source", INPUTS, ids=lambda path: path.name)
def test_fixture_formats_to_its_expected_output(source: Path) -> None:
    result = formatted(source)
    expected = expected_for(source)
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN"):
        expected.write_text(result, encoding="utf-8")
    assert result == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", INPUTS, ids=lambda path: path.name)
def test_format_file_checks_then_rewrites_in_place(source: Path, tmp_path: Path) -> None:
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    assert format_file(copy, check=True) is True
    assert copy.read_bytes() == source.read_bytes()
    assert format_file(copy, check=False) is True
    assert copy.read_text(encoding="utf-8") == expected_for(source).read_text(encoding="utf-8")
    assert format_file(copy, check=True) is False
    assert format_file(copy, check=False) is False
    assert list(tmp_path.iterdir()) == [copy]


@pytest.mark.parametrize("path", EXPECTED, ids=lambda path: path.name)
def test_expected_outputs_are_canonical(path: Path) -> None:
    assert formatted(path) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SHIPPED + INPUTS, ids=lambda path: path.name)
def test_formatting_twice_changes_nothing_the_second_time(path: Path) -> None:
    once = formatted(path)
    assert rewrite_text(once, model=model_for(path)) == once


@pytest.mark.parametrize("path", SHIPPED + INPUTS, ids=lambda path: path.name)
def test_every_comment_survives(path: Path) -> None:
    before = comment_texts(path.read_text(encoding="utf-8"))
    assert comment_texts(formatted(path)) == before


@pytest.mark.parametrize("path", SHIPPED + INPUTS, ids=lambda path: path.name)
def test_formatting_keeps_the_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert same_data(yaml.safe_load(formatted(path)), yaml.safe_load(text))


def test_windows_line_ends_and_byte_order_mark_are_normalised(tmp_path: Path) -> None:
    source = FIXTURES / "odd-indentation.yaml"
    copy = tmp_path / source.name
    copy.write_bytes(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n"))
    assert format_file(copy, check=False) is True
    assert copy.read_bytes() == expected_for(source).read_bytes()


# Key order ---------------------------------------------------------------------------------


def test_key_order_follows_the_schema_models() -> None:
    order = key_order(Charter)
    assert order.keys == tuple(Charter.model_fields)
    assert order.nested["period"].keys == tuple(Period.model_fields)
    assert order.nested["history"] == order.nested["period"]
    assert order.nested["period"].nested["key_goals"].keys == tuple(KeyGoal.model_fields)
    assert key_order(Glossary).nested["terms"] == order.nested["terms"]
    assert order.nested["members"].keys == tuple(Member.model_fields)
    assert order.nested["account"].keys == tuple(Account.model_fields)
    assert order.nested["risks"].keys == tuple(Risk.model_fields)
    assert order.nested["ideas"].keys == tuple(Idea.model_fields)
    assert order.nested["relations"].keys == tuple(Relation.model_fields)


def unordered_mappings(value: Any, order: KeyOrder, path: tuple[Any, ...] = ()) -> set[Any]:
    """The paths of the mappings in ``value`` whose known keys are not in ``order``."""
    if isinstance(value, list):
        return {
            found
            for index, item in enumerate(value)
            for found in unordered_mappings(item, order, (*path, index))
        }
    if not isinstance(value, dict):
        return set()
    known = [key for key in value if key in order.keys]
    found = {path} if known != [key for key in order.keys if key in value] else set()
    for key, inner in order.nested.items():
        if key in value:
            found |= unordered_mappings(value[key], inner, (*path, key))
    return found


def test_new_fields_are_put_in_the_schema_order() -> None:
    """Account, member lifecycle, risks, ideas and relations written out of order (the
    fixture; its golden file, idempotence and comments are checked with the others above)."""
    source = FIXTURES / "new-fields.yaml"
    before = yaml.safe_load(source.read_text(encoding="utf-8"))
    after = yaml.safe_load(formatted(source))
    Charter.model_validate(after)
    new_fields = {"account", "challenges", "risks", "ideas", "relations", "internal"}
    assert new_fields <= after.keys()
    assert {"joined", "left", "left_reason"} <= after["members"][1].keys()
    assert unordered_mappings(before, key_order(Charter)) == {
        (),
        ("account",),
        *(("members", index) for index in range(2)),
        *((section, index) for section in ("risks", "ideas", "relations") for index in range(2)),
    }
    assert unordered_mappings(after, key_order(Charter)) == set()


# Errors and the data guard -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [("unclosed-list.yaml", 2, 10), ("bad-indentation.yaml", 4, 9), ("duplicate-key.yaml", 3, 1)],
)
def test_invalid_yaml_is_a_located_error(name: str, line: int, column: int) -> None:
    with pytest.raises(FormatError) as raised:
        rewrite_text((INVALID / name).read_text(encoding="utf-8"))
    assert (raised.value.line, raised.value.column) == (line, column)
    assert raised.value.message.startswith("invalid YAML")


def test_format_file_leaves_an_invalid_file_alone(tmp_path: Path) -> None:
    copy = tmp_path / "broken.yaml"
    copy.write_bytes((INVALID / "unclosed-list.yaml").read_bytes())
    with pytest.raises(FormatError):
        format_file(copy, check=False)
    assert copy.read_bytes() == (INVALID / "unclosed-list.yaml").read_bytes()


def test_text_that_would_change_the_data_is_never_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_dump = generator.edit.fmt.dump_roundtrip
    monkeypatch.setattr(
        generator.edit.fmt,
        "dump_roundtrip",
        lambda data: real_dump(data).replace('"09:30"', "09:31"),
    )
    with pytest.raises(FormatError, match="would change the data"):
        formatted(FIXTURES / "out-of-order.yaml")


def test_same_data_is_strict_about_types() -> None:
    assert same_data({"a": [1, float("nan")]}, {"a": [1, float("nan")]})
    assert not same_data({"a": 1}, {"a": True})
    assert not same_data({"a": 1.0}, {"a": 1})
    assert not same_data({"a": "1"}, {"a": 1})


def test_write_atomically_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "charter.yaml"
    target.write_text("id: old\n", encoding="utf-8")
    write_atomically(target, "id: new\n")
    assert target.read_text(encoding="utf-8") == "id: new\n"

    def failing_replace(source: str, destination: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "id: newer\n")
    assert target.read_text(encoding="utf-8") == "id: new\n"
    assert list(tmp_path.iterdir()) == [target]


# Generated charters ------------------------------------------------------------------------

TRICKY = [
    ": ", " #", "#", "* ", "*", "&", "!", "|", ">", "- ", "? ", "%", "@", "`", "'", '"', "[",
    "]", "{", "}", ",", "yes", "no", "on", "~", "null", "10:30", "09:30", "2026-10-01", "0x1F",
    "010", "1e3", ".inf", "ü", "日本", "✓", "\n", "  ", "\t", "\\", "=", "<<",
]  # fmt: skip
"""Fragments that need quoting, look like other types in YAML 1.1 or 1.2, or are not ASCII."""

text = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=6)), min_size=1, max_size=6
).map("".join)
slugs = st.from_regex(SLUG_PATTERN.replace("^", r"\A").replace("$", r"\Z")).filter(
    lambda slug: len(slug) <= 20
)
dates = st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31))
extension_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text, dates),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(slugs, inner, max_size=3)),
    max_leaves=6,
)


class Literal(str):
    """Text the generated file writes as a ``|`` block."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    Literal,
    lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|"),
)

# U+0085, U+2028 and U+2029 break lines in YAML; PyYAML writes them raw into a `|` block,
# which ruamel.yaml then cannot read back.
literal_texts = (
    st.lists(st.one_of(text, st.just("")), min_size=2, max_size=4)
    .map(lambda parts: Literal("\n".join(parts) + "\n"))
    .filter(lambda value: not any(char in value for char in "\x85\u2028\u2029"))
)


def values_for(annotation: Any, name: str) -> st.SearchStrategy[Any]:
    """Values for one schema field, valid or not: formatting must keep any data."""
    options: list[st.SearchStrategy[Any]] = []
    for member in map(unwrap_annotated, union_members(annotation)):
        if member is type(None):
            options.append(st.none())
        elif typing.get_origin(member) is typing.Literal:
            options.append(st.sampled_from(typing.get_args(member)))
        elif typing.get_origin(member) is list:
            options.append(st.lists(values_for(typing.get_args(member)[0], name), max_size=3))
        elif isinstance(member, type) and issubclass(member, BaseModel):
            options.append(sections(member))
        elif member is datetime.date:
            options.append(dates)
        else:
            options.append(st.one_of(slugs, text, literal_texts) if name != "id" else slugs)
    return st.one_of(options)


@st.composite
def _section(draw: st.DrawFn, model: type[BaseModel]) -> dict[str, Any]:
    """Some of ``model``'s fields plus ``x-`` and unknown keys, in a random order."""
    fields = list(model.model_fields.items())
    chosen = draw(st.sets(st.sampled_from(fields), min_size=1).map(list)) if fields else []
    items = [(name, draw(values_for(info.annotation, name))) for name, info in chosen]
    extra_keys = st.one_of(slugs.map("x-".__add__), slugs)
    items += draw(st.dictionaries(extra_keys, extension_values, max_size=2)).items()
    section: dict[str, Any] = {}
    for key, value in draw(st.permutations(items)):
        section.setdefault(key, value)
    return section


def sections(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    return st.deferred(lambda: _section(model))


@st.composite
def charter_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A generated charter's YAML in a random style, with comments above and after keys."""
    dumped = yaml.dump(
        draw(sections(Charter)),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=draw(st.booleans()),
        indent=draw(st.sampled_from([2, 3, 4])),
        default_flow_style=draw(st.sampled_from([False, None, True])),
        width=draw(st.sampled_from([40, 1000])),
    )
    lines = dumped.split("\n")
    above: dict[int, list[str]] = {}
    after: dict[int, str] = {}
    comments: list[str] = []
    for number, (line, column, comment_fits_after) in enumerate(key_positions(dumped)):
        words = draw(st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"))))
        comment = f"# note {number} {words.strip()}".rstrip()
        where = draw(st.sampled_from(["above", "after", "none", "none"]))
        if where == "above":
            above.setdefault(line, []).append(" " * column + comment)
        elif where == "after" and comment_fits_after and line not in after:
            after[line] = comment
        else:
            continue
        comments.append(comment)
    written = []
    for index, line_text in enumerate(lines):
        written += above.get(index, [])
        written.append(line_text + (f"  {after[index]}" if index in after else ""))
    return "\n".join(written), comments


def key_positions(dumped: str) -> list[tuple[int, int, bool]]:
    """Line and column of every key in block style, and whether a comment fits after it."""
    starts = [0] + [index + 1 for index, char in enumerate(dumped) if char == "\n"]
    found: list[tuple[int, int, bool]] = []

    def line_of(mark: yaml.Mark) -> int:
        return max(index for index, start in enumerate(starts) if start <= mark.index)

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            for key, value in node.value:
                line = line_of(key.start_mark)
                one_line = isinstance(value, yaml.ScalarNode) and value.style in (None, "'", '"')
                nested = isinstance(value, (yaml.MappingNode, yaml.SequenceNode)) and not (
                    value.flow_style or not value.value
                )
                fits = (one_line and line_of(value.end_mark) == line) or nested
                found.append((line, key.start_mark.index - starts[line], fits))
                walk(value)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            for item in node.value:
                walk(item)

    walk(yaml.compose(dumped, Loader=yaml.SafeLoader))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(charter_texts())
def test_formatting_generated_charters_keeps_data_and_comments(case: tuple[str, list[str]]) -> None:
    source, comments = case
    result = rewrite_text(source)
    assert same_data(yaml.safe_load(result), yaml.safe_load(source))
    lines = result.split("\n")
    for comment in comments:  # on a line of its own, or after a value
        assert any(line.strip() == comment or line.endswith(f"  {comment}") for line in lines)
    assert rewrite_text(result) == result
