"""Glossary anchors are unique and keep their meaning: one term, one id, whatever else exists."""

from __future__ import annotations

import pytest

from generator.check.schema import Glossary, Term
from generator.site.glossary import anchor_for, build_glossary


def glossary_of(*terms: str) -> Glossary:
    return Glossary(terms=[Term(term=term, definition=f"About {term}.") for term in terms])


def anchors(*terms: str) -> dict[str, str]:
    return {entry.term: entry.anchor for entry in build_glossary([glossary_of(*terms)], [])}


@pytest.mark.parametrize(
    ("term", "anchor"),
    [
        ("key account", "term-key-account"),
        ("Key Account", "term-key-account"),
        ("QBR", "term-qbr"),
        ("co-sell", "term-co-sell"),
        ("after-hours window", "term-after-hours-window"),
        ("C", "term-c"),
    ],
)
def test_plain_terms_keep_their_readable_anchor(term: str, anchor: str) -> None:
    assert anchor_for(term) == anchor
    assert anchors(term) == {term: anchor}


def test_terms_with_the_same_slug_get_distinct_anchors() -> None:
    found = anchors("C++", "C#", "C", "key-account", "key account", "Zoë", "Zoe")
    assert len(set(found.values())) == len(found), found
    assert found["C"] == "term-c"
    assert found["key account"] == "term-key-account"
    assert found["Zoe"] == "term-zoe"
    assert found["key-account"].startswith("term-key-account--")
    assert found["Zoë"].startswith("term-zoe--")


def test_an_anchor_does_not_depend_on_the_other_terms_or_their_order() -> None:
    alone = {term: anchors(term)[term] for term in ("C++", "C#", "Zoë", "日本")}
    together = anchors("日本", "Zoë", "C#", "C++", "C")
    assert {term: together[term] for term in alone} == alone
    assert anchors("C#", "C++") == anchors("C++", "C#")
    assert alone["C++"] != "term-c" and alone["C#"] != "term-c"


def test_hashed_anchors_are_fixed() -> None:
    """The hash is part of a published address: changing it breaks links into the glossary."""
    assert anchor_for("C++") == anchor_for("c++") == anchor_for("  C++ ")
    assert anchor_for("C++") == "term-c--cedb1bac"
    assert anchor_for("C#") == "term-c--951a4d36"


def test_a_term_without_letters_gets_an_anchor() -> None:
    found = anchors("+", "-", "%")
    assert len(set(found.values())) == 3
    assert all(anchor.startswith("term-x--") for anchor in found.values())
