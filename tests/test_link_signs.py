"""The link rule renders only text that can hold a link: the shortcut never hides one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.safe_html import LINK_SIGNS, links_in, rendered_links

PIECES = st.sampled_from(
    [
        "[",
        "]",
        "(",
        ")",
        "!",
        ":",
        " ",
        "\n",
        "\n\n",
        "    ",
        "<",
        ">",
        "@",
        "x",
        "site",
        "javascript:alert(1)",
        "https://example.com",
        "mail@example.com",
        "&#106;",
        "\\",
        "`",
        '"t"',
        "*",
        "- ",
        "1. ",
        "> ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
def test_text_without_link_signs_has_no_link(text: str) -> None:
    found = rendered_links(text)
    if found:
        assert any(sign in text for sign in LINK_SIGNS), (text, found)
    assert links_in(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "[portal](javascript:alert(1))",
        "![logo](https://evil.example/x.png)",
        "[portal][p]\n\n[p]: javascript:alert(1)",
        "[p]\n\n[p]: data:text/html,x",
        "<javascript://x%0Aalert(1)>",
        "<https://example.com>",
        "<mail@example.com>",
    ],
)
def test_every_link_form_is_seen(text: str) -> None:
    assert links_in(text) == rendered_links(text) != []
