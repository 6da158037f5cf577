"""Reading files: values keep their source positions and bad bytes never raise."""

from __future__ import annotations

import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.document import Location, SourceDocument
from generator.check.load import MAX_FILE_BYTES, parse_text, read_document
from generator.check.validate import check_documents
from generator.settings import Settings
from tests.conftest import TODAY


def parsed(text: str, file: str = "charters/sample.yaml") -> SourceDocument:
    return parse_text(text, SourceDocument(file=file))


def test_positions_of_keys_and_values_are_one_based() -> None:
    document = parsed("id: acme\nparties:\n  - id: acme\n    name: Acme\n")
    assert document.keys[("parties",)] == Location(2, 1, None, 2)
    assert document.locate(("parties", 0, "name")).line == 4
    assert document.locate(("parties", 0, "name")).column == 11
    assert document.locate(("parties", 0, "name"), key=True).column == 5


def test_locate_falls_back_to_the_nearest_parent() -> None:
    document = parsed("review:\n  next_review: 2027-01-01\n")
    assert (
        document.locate(("review", "partner_fit")).line,
        document.locate(("review", "partner_fit")).column,
    ) == (1, 1)


def test_scalars_follow_yaml_1_2_where_1_1_surprises_authors() -> None:
    document = parsed(
        "a: no\nb: yes\nc: true\nd: 10:30\ne: 2026-10-01\nf: 2026-02-30\ng: '2026-10-01'\nh: 7\n"
    )
    assert document.data == {
        "a": "no",
        "b": "yes",
        "c": True,
        "d": "10:30",
        "e": datetime.date(2026, 10, 1),
        "f": "2026-02-30",
        "g": "2026-10-01",
        "h": 7,
    }


def test_offsets_in_a_literal_block_map_to_file_positions() -> None:
    text = "purpose: |\n  First line.\n  See [x](javascript:alert(1)).\n"
    document = parsed(text)
    offset = document.data["purpose"].index("javascript")
    location = document.locate_in_text(("purpose",), offset)
    assert (location.line, location.column) == (3, 11)
    assert text.split("\n")[location.line - 1][location.column - 1 :].startswith("javascript")


def test_offsets_in_a_quoted_single_line_value() -> None:
    text = 'purpose: "go [here](javascript:x)"\n'
    document = parsed(text)
    location = document.locate_in_text(("purpose",), document.data["purpose"].index("java"))
    assert text[location.column - 1 :].startswith("javascript")


def test_a_file_over_one_mebibyte_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"id: huge\n" + b"# padding\n" * (MAX_FILE_BYTES // 10))
    document = read_document(path, "charters/huge.yaml")
    assert [(d.code, d.line, d.column) for d in document.diagnostics] == [("file-too-large", 1, 1)]
    assert document.data is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"ab:- \n\t'\"[]{}&*!|>#%@`,?\r\x00é",
                "  ",
                "id",
                "terms",
                "key_goals",
                "2026-10-01",
                "&a",
                "*a",
                "- ",
            ]
        )
    ).map("".join)
)
def test_no_text_makes_checking_raise(text: str) -> None:
    document = parsed(text)
    result = check_documents([document], Settings(), TODAY)
    assert all(d.line >= 1 and d.column >= 1 for d in result.diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_no_bytes_make_reading_raise(raw: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.yaml"
        path.write_bytes(raw)
        document = read_document(path, "sample.yaml")
        result = check_documents([document], Settings(), TODAY)
    assert document.loaded or (document.data is None and document.diagnostics), (
        "a file that is not loaded says why"
    )
    assert isinstance(document.data, dict) or result.diagnostics, "a file without fields says so"
