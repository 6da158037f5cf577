"""A fast read marks few positions and skips the nesting pass, yet locates exactly as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.load import read_document
from generator.check.yaml_values import MAX_NESTING_DEPTH, may_nest_too_deep

CASES = Path(__file__).parent / "cases"
FIXTURES = Path(__file__).parent / "fixtures"
YAML_FILES = sorted(
    path
    for folder in (CASES, FIXTURES / "handbook" / "charters", FIXTURES / "hostile")
    for path in folder.rglob("*.y*ml")
)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: path.name)
def test_a_fast_read_marks_what_a_full_read_marks(path: Path) -> None:
    full = read_document(path, mark_all=True)
    fast = read_document(path)
    assert fast.diagnostics == full.diagnostics
    assert fast.data == full.data
    if full.loaded:  # a file that cannot be read has nothing to locate but its diagnostics
        assert fast.values == full.values
        assert fast.keys == full.keys


def test_a_fast_read_marks_on_demand(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("id: acme\nparties:\n  - id: acme\n    name: Acme\n", encoding="utf-8")
    fast = read_document(path)
    assert not fast.marks_complete
    assert fast.locate(("id",)).line == 1  # marked by the first read
    assert not fast.marks_complete
    assert fast.locate(("parties", 0, "name")).line == 4
    assert fast.marks_complete


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    return 0


NESTED = st.recursive(
    st.sampled_from(["x", "a b", "- x", "? y", "[z]", "1"]),
    lambda inner: (
        st.lists(inner, min_size=1, max_size=2)
        | st.dictionaries(st.sampled_from(["k", "key", "- k"]), inner, min_size=1, max_size=2)
    ),
    max_leaves=80,
)


@settings(max_examples=300, deadline=None)
@given(
    NESTED,
    st.sampled_from([None, True, False]),
    st.integers(min_value=2, max_value=4),
    st.booleans(),
)
def test_the_nesting_bound_never_misses_deep_nesting(
    value: Any, flow: bool | None, indent: int, wrap: bool
) -> None:
    deep = value
    for _ in range(MAX_NESTING_DEPTH // 2 + 1):
        deep = {"k": [deep]} if wrap else [[deep]]
    assert _depth(deep) > MAX_NESTING_DEPTH
    for candidate in (value, deep):
        text = yaml.safe_dump(candidate, default_flow_style=flow, indent=indent, width=60)
        if _depth(yaml.safe_load(text)) > MAX_NESTING_DEPTH:
            assert may_nest_too_deep(text), text


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * 60 + "]" * 60,
        "x: " + "{a: " * 60 + "}" * 60,
        "".join(" " * depth + "- \n" for depth in range(0, 120, 2)),
        "- " * 60 + "x\n",
        "".join(" " * depth + "k:\n" + " " * depth + "- \n" for depth in range(0, 60, 2)),
    ],
    ids=["flow-lists", "flow-mappings", "indented-lists", "compact-lists", "mapping-list"],
)
def test_deep_texts_are_never_spared_the_nesting_pass(text: str) -> None:
    assert may_nest_too_deep(text)


def test_an_ordinary_charter_is_spared_the_nesting_pass() -> None:
    charter = FIXTURES / "handbook" / "charters" / "harborline-logistics.yaml"
    assert not may_nest_too_deep(charter.read_text(encoding="utf-8"))
