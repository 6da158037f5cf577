"""Formatting reads plain charters with libyaml: the data must be what ruamel.yaml reads.

:func:`~generator.edit.libyaml_load.load_from_libyaml` either gives exactly the round-trip data
ruamel.yaml's own load gives (comments aside: the formatter strips them), which the dump shows,
or declines and leaves the text to ruamel.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.edit.comments import strip_comments
from generator.edit.layout import scan
from generator.edit.libyaml_load import load_from_libyaml
from generator.edit.roundtrip import dump_roundtrip, roundtrip_yaml
from tests.conftest import FIXTURE_CHARTERS
from tests.test_fmt import charter_texts

FMT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fmt"
PLAIN = sorted(FIXTURE_CHARTERS.glob("*.yaml")) + sorted(FMT_FIXTURES.glob("*.expected.yaml"))
"""Charters as the handbook writes them: libyaml reads every one."""
MESSY = sorted(path for path in FMT_FIXTURES.glob("*.yaml") if ".expected." not in path.name)


def shape(value: Any) -> list[Any]:
    """Every value's type and text, with a folded scalar's line breaks and each list's and
    mapping's flow style: what the dump is made from."""
    found: list[Any] = []

    def walk(item: Any) -> None:
        flow = getattr(getattr(item, "fa", None), "_flow_style", None)
        shown = len(item) if isinstance(item, (dict, list)) else repr(item)
        found.append((type(item).__name__, shown, getattr(item, "fold_pos", None), flow))
        if isinstance(item, dict):
            for key, inner in item.items():
                walk(key)
                walk(inner)
        elif isinstance(item, list):
            for inner in item:
                walk(inner)

    walk(value)
    return found


def assert_reads_as_ruamel(text: str) -> Any:
    """libyaml's data for ``text`` (None if declined), checked against ruamel.yaml's."""
    try:
        scanned = scan(text)
    except yaml.YAMLError:
        return None  # refused before formatting starts, as `handbook check` refuses it
    fast = load_from_libyaml(text, scanned)
    try:
        slow = roundtrip_yaml().load(text)
    except Exception:  # what ruamel.yaml refuses libyaml must decline
        assert fast is None
        return None
    if fast is not None:
        strip_comments(slow)
        assert shape(fast) == shape(slow)
        assert dump_roundtrip(fast) == dump_roundtrip(slow)
    return fast


@pytest.mark.parametrize("path", PLAIN, ids=lambda path: path.name)
def test_plain_charters_are_read_by_libyaml_as_ruamel_reads_them(path: Path) -> None:
    assert assert_reads_as_ruamel(path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("path", MESSY, ids=lambda path: path.name)
def test_messy_charters_are_read_as_ruamel_reads_them_or_left_to_it(path: Path) -> None:
    assert_reads_as_ruamel(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "a:\t1\n",  # a tab: libyaml reads it, ruamel.yaml refuses it
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "%YAML 1.1\n---\na: 010\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a: [1, b:c]\n",
        "a: {b: 1}\n",
        "? [a]\n: 1\n",
        "? |\n  block key\n: 1\n",
        "? \n: 1\n",
        'a: "x\\ty"\n',
        "a: 'two\n  lines'\n",
        "a: >2\n   indented\n",
        "a: |\n \n  x\n",  # text indented more than a first blank line: ruamel.yaml refuses it
        "a: 1\r\nb: 2\r\n",
        "- x\n",  # a list is fine, a scalar document is not
        "just text\n",
        "a: 'x\u2028y'\n",
    ],
)
def test_what_the_readers_may_read_differently_is_left_to_ruamel(text: str) -> None:
    fast = assert_reads_as_ruamel(text)
    assert (fast is not None) == (text == "- x\n")


@pytest.mark.parametrize(
    "text",
    [
        "a: >\n  one\n  two\n\n  three\n   indented\n  four\n",
        "a: >-\n\n  after a blank\n  line\n\n\n",
        "a: >+\n  kept\n\n\nb: 1\n",
        "- >\n  item\n  text\n- k: >\n    nested\n    text\n",
        "a:\n- >\n  indentless\n  item\n",
        "a: >  # a comment\n  x\n  y\n",
        "a: 1\n? b\n: >\n  explicit\n  key\n",
    ],
)
def test_folded_text_keeps_its_line_breaks(text: str) -> None:
    fast = assert_reads_as_ruamel(text)
    assert fast is not None


_LINES = st.one_of(
    st.just(""),
    st.just("   "),
    st.text(st.sampled_from("ab :#-'\"é>|x"), max_size=8),
    st.text(st.sampled_from("ab :#"), max_size=5).map("  ".__add__),
)
_PLAIN = ["x", "a b", "1", "yes", "2026-01-01", "''", '"q"', "~", "", "1.5", "0o7", "010", "<<"]


@st.composite
def block_documents(draw: st.DrawFn) -> str:
    """Block mappings and lists of block scalars with odd blank lines and indentation, plain
    scalars over several lines and values that resolve to other types."""

    def block_scalar(indent: int) -> list[str]:
        header = draw(st.sampled_from([">", "|"])) + draw(st.sampled_from(["", "-", "+"]))
        lines = [header + draw(st.sampled_from(["", "  # c"]))]
        extra = draw(st.integers(0, 2))
        for line in draw(st.lists(_LINES, max_size=6)):
            keep_as_is = not line.strip() and draw(st.booleans())
            lines.append(line if keep_as_is else " " * (indent + 2 + extra) + line)
        return lines

    def value(indent: int, depth: int) -> list[str]:
        kinds = ["block", "plain", "lines"] + (["map", "list"] if depth < 3 else [])
        kind = draw(st.sampled_from(kinds))
        if kind == "block":
            return block_scalar(indent)
        if kind == "plain":
            return [draw(st.sampled_from(_PLAIN))]
        if kind == "lines":
            inner = " " * (indent + 2)
            return ["first", f"{inner}second", "", f"{inner}third"]
        lines = [""]
        for number in range(draw(st.integers(1, 3))):
            inner = value(indent + 2, depth + 1)
            if kind == "map":
                lines.append(" " * (indent + 2) + f"k{number}: " + inner[0])
            else:
                dash = " " * (indent + draw(st.sampled_from([0, 2])))
                lines.append(f"{dash}- " + inner[0])
            lines += inner[1:]
        return lines

    document: list[str] = []
    for number in range(draw(st.integers(1, 4))):
        lines = value(0, 0)
        document += [f"key{number}: " + lines[0], *lines[1:]]
    return "\n".join(document) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_documents())
def test_generated_block_documents_read_as_ruamel_reads_them(text: str) -> None:
    assert_reads_as_ruamel(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(charter_texts())
def test_generated_charters_read_as_ruamel_reads_them(case: tuple[str, list[str]]) -> None:
    assert_reads_as_ruamel(case[0])
