"""The term matcher finds exactly the mentions the per-term regular expressions found.

The reference implementations below are the rules the handbook used before the matcher: one
search per (term, text) for "is this term used", and one alternation of every name, longest
first, for "which words does a page link". They live here, not in the package, as the
definition the matcher must keep.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.check.schema import Glossary, Term
from generator.check.validate import CheckResult, check_paths
from generator.settings import Settings
from generator.site.glossary import build_glossary, charter_text
from generator.terms import TermMatcher
from generator.text import charter_words, normalise, strings_in
from tests.conftest import CASES, FIXTURE_CHARTERS, TODAY
from tests.expectations import all_cases

# The rules as they were --------------------------------------------------------------------


def reference_mentions(corpus: str, name: str) -> bool:
    """Whether ``name`` appears in the casefolded ``corpus`` as a whole word or phrase."""
    words = r"\s+".join(re.escape(word) for word in name.casefold().split())
    return re.search(rf"(?<!\w){words}(?!\w)", corpus) is not None


def reference_names_in(text: str, names: Iterable[str]) -> set[str]:
    corpus = text.casefold()
    return {normalise(name) for name in names if reference_mentions(corpus, name)}


def reference_spans(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """The words a page linked: one alternation of all names, the longest first."""
    by_length = sorted({normalise(name) for name in names}, key=len, reverse=True)
    words = [r"\s+".join(re.escape(word) for word in name.split()) for name in by_length]
    if not words:
        return []
    pattern = re.compile(rf"(?<!\w)({'|'.join(words)})(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end(), normalise(m.group(1))) for m in pattern.finditer(text)]


# Every case file and the fixture handbook ---------------------------------------------------


def term_names(data: Any) -> list[str]:
    """The terms and aliases a loaded file defines, as its ``terms`` list spells them."""
    terms = data.get("terms") if isinstance(data, dict) else None
    names: list[Any] = []
    for entry in terms if isinstance(terms, list) else []:
        if isinstance(entry, dict):
            names += [entry.get("term"), *(entry.get("aliases") or [])]
    return [name for name in names if isinstance(name, str) and name.strip()]


@functools.cache
def checked(folder: Path) -> CheckResult:
    return check_paths([str(folder)], Settings(), TODAY)


def documents(result: CheckResult) -> list[Any]:
    return [item.document.data for item in result.glossaries] + [
        item.document.data for item in result.charters
    ]


HANDBOOKS = [*all_cases(CASES), FIXTURE_CHARTERS]


@pytest.fixture(scope="module", params=HANDBOOKS, ids=lambda path: path.name)
def handbook(request: pytest.FixtureRequest) -> CheckResult:
    return checked(request.param)


def test_the_cases_define_terms_to_compare() -> None:
    defined = [name for path in HANDBOOKS for name in term_names_of(checked(path))]
    assert len(defined) >= 20


def term_names_of(result: CheckResult) -> list[str]:
    return [name for data in documents(result) for name in term_names(data)]


def test_finds_the_same_terms_in_every_text_of_every_case(handbook: CheckResult) -> None:
    names = term_names_of(handbook)
    # Words and pairs of words as written (punctuation and all) stress the boundaries too.
    texts = [text for data in documents(handbook) for _, text in strings_in(data)]
    written = [word for text in texts for word in text.split()][::3]
    pairs = [" ".join(pair) for pair in itertools.pairwise(written)][::5]
    names += (written + pairs)[:400]
    matcher = TermMatcher(names)
    corpora = [charter_words(data) for data in documents(handbook)]
    for text in [*corpora, "\n".join(corpora)]:
        assert matcher.names_in(text) == reference_names_in(text, names)


def test_links_the_same_words_in_every_text_of_every_case(handbook: CheckResult) -> None:
    names = term_names_of(handbook)
    matcher = TermMatcher(names)
    for data in documents(handbook):
        for _, text in strings_in(data):
            assert matcher.spans(text) == reference_spans(text, names), text


def test_glossary_lists_the_same_users_as_the_reference() -> None:
    result = checked(FIXTURE_CHARTERS)
    glossaries = [item.glossary for item in result.glossaries if item.glossary is not None]
    charters = [item.charter for item in result.charters if item.charter is not None]
    entries = build_glossary(glossaries, charters)
    for entry in entries:
        expected = [
            charter.id
            for charter in charters
            if any(reference_mentions(charter_text(charter), name) for name in entry.names)
        ]
        assert entry.used_by == expected, entry.term
    assert sum(len(entry.used_by) for entry in entries) >= 5


# Edge cases ---------------------------------------------------------------------------------


def spans(text: str, *names: str) -> list[tuple[int, int, str]]:
    return TermMatcher(names).spans(text)


def linked(text: str, *names: str) -> list[str]:
    """The words of ``text`` that would be linked, as written."""
    return [text[start:end] for start, end, _ in spans(text, *names)]


def test_a_phrase_is_found_across_line_breaks_and_runs_of_spaces() -> None:
    text = "Before each\n  Quarterly   business\treview we meet."
    assert TermMatcher(["quarterly business review"]).names_in(text) == {
        "quarterly business review"
    }
    assert linked(text, "Quarterly Business Review") == ["Quarterly   business\treview"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Prepare the QBR.", True),
        ("(QBR)", True),
        ("the QBR's agenda", True),
        ("QBR-based", True),
        ("QBRs", False),
        ("preQBR", False),
        ("QBR_notes", False),
        ("QBR2", False),
        ("", False),
    ],
)
def test_a_name_stands_alone_between_non_word_characters(text: str, found: bool) -> None:
    assert TermMatcher(["QBR"]).names_in(text) == ({"qbr"} if found else set())
    assert bool(linked(text, "QBR")) is found


def test_a_term_inside_another_word_is_not_found() -> None:
    matcher = TermMatcher(["renewal", "account"])
    assert matcher.names_in("Renewals and prerenewal accounting") == set()
    assert matcher.names_in("The renewal of the account.") == {"renewal", "account"}


def test_names_made_of_signs_keep_their_signs() -> None:
    matcher = TermMatcher(["C++", "C#", "C"])
    text = "We write C++ and C#, never C++x or CD."
    assert linked(text, "C++", "C#", "C") == ["C++", "C#", "C"]  # C only in "C++x"
    assert matcher.names_in("C++ only") == {"c++", "c"}  # C stands alone inside C++ too
    assert matcher.names_in("C#") == {"c#", "c"}
    assert matcher.names_in("C++x") == {"c"}
    assert matcher.names_in("Cobalt") == set()


def test_accents_count_and_case_does_not() -> None:
    matcher = TermMatcher(["Zoë"])
    assert matcher.names_in("Ask ZOË first") == {"zoë"}
    assert matcher.names_in("Ask Zoe first") == set()
    assert linked("Ask ZOË first", "zoë") == ["ZOË"]
    assert linked("Élan vital", "élan") == ["Élan"]


def test_a_character_that_folds_to_two_is_linked_whole() -> None:
    text = "Die STRAẞE und die Straße."
    assert TermMatcher(["strasse"]).names_in(text) == {"strasse"}
    assert linked(text, "Straße") == ["STRAẞE", "Straße"]
    assert linked("Maße", "s") == []  # never half a character


def test_at_one_place_the_longest_name_wins_and_links_never_overlap() -> None:
    names = ("business review", "quarterly business review", "key account", "account manager")
    text = "Each quarterly business review, the key account manager reports."
    assert linked(text, *names) == ["quarterly business review", "key account"]
    assert TermMatcher(names).names_in(text) == {normalise(name) for name in names}


def test_positions_are_those_of_the_text_as_written() -> None:
    text = "😀  Straße\n\n QBR"
    found = spans(text, "qbr", "straße")
    assert found == [(3, 9, "strasse"), (12, 15, "qbr")]
    assert [text[start:end] for start, end, _ in found] == ["Straße", "QBR"]


def test_no_names_and_blank_names_find_nothing() -> None:
    for matcher in (TermMatcher([]), TermMatcher(["", "  \n"])):
        assert matcher.names_in("any text at all") == set()
        assert matcher.spans("any text at all") == []


def test_the_glossary_counts_a_charter_once_however_many_names_it_uses() -> None:
    glossary = Glossary(
        terms=[Term(term="key account", definition="An account we invest in.", aliases=["renewal"])]
    )
    charters = [
        item.charter
        for item in checked(FIXTURE_CHARTERS).charters
        if item.charter is not None and item.charter.id == "harborline-logistics"
    ]
    entries = build_glossary([glossary], charters)
    (entry,) = [entry for entry in entries if entry.term == "key account"]
    assert entry.used_by == ["harborline-logistics"]


# Any text, any names ------------------------------------------------------------------------

WORDS = st.sampled_from(["qbr", "QBR", "key", "Account", "c", "C++", "c#", "_x", "a-b", "zoë"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\t ", ", ", ".", "-", "(", "'", "", "s"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SEPARATORS), max_size=12))
    return "".join(word + separator for word, separator in parts)


@st.composite
def name_lists(draw: st.DrawFn) -> list[str]:
    words = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
    return draw(st.lists(words, min_size=1, max_size=6))


@settings(max_examples=300, deadline=None)
@given(texts(), name_lists())
def test_any_text_gives_the_reference_mentions_and_links(text: str, names: list[str]) -> None:
    matcher = TermMatcher(names)
    assert matcher.names_in(text) == reference_names_in(text, names)
    assert matcher.spans(text) == reference_spans(text, names)
