"""Rendered pages: golden files for a charter and the glossary, and untrusted text kept inert.

Refresh the golden files after an intended change with:

    HANDBOOK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py

and review the diff like any code.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import markdown
import pytest

from generator.settings import Settings
from generator.site.generate import BuildFailed, check_and_render
from generator.site.glossary import GlossaryEntry
from generator.site.markdown_text import TermLinker, escape_markdown
from generator.site.render import RenderedSite
from tests.conftest import REPOSITORY, TODAY

GOLDEN = Path(__file__).parent / "golden"


def render(
    charters: Path = REPOSITORY / "charters", templates: Path = REPOSITORY / "templates"
) -> RenderedSite:
    return check_and_render(
        charters,
        templates,
        Settings(),
        TODAY,
        report_warning=lambda _: None,
        report_draft=lambda _: None,
    )


@pytest.fixture(scope="module")
def site() -> RenderedSite:
    return render()


@pytest.mark.parametrize(
    ("page", "golden"),
    [
        ("charters/harborline-logistics.md", "harborline-logistics.md"),
        ("glossary.md", "glossary.md"),
        ("index.md", "portfolio.md"),
    ],
)
def test_page_matches_golden_file(site: RenderedSite, page: str, golden: str) -> None:
    rendered = next(p.markdown for p in site.pages if p.path == page)
    expected = GOLDEN / golden
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN"):
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")


def test_rendering_is_deterministic(site: RenderedSite) -> None:
    assert [(p.path, p.markdown) for p in render().pages] == [
        (p.path, p.markdown) for p in site.pages
    ]


def test_navigation_puts_key_accounts_first(site: RenderedSite) -> None:
    titles = [next(iter(section)) for section in site.nav()]
    assert titles == ["Portfolio", "Key accounts", "Growth", "Maintain", "Glossary"]


def html_of(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=["attr_list", "md_in_html", "tables"])


@pytest.mark.parametrize(
    ("text", "forbidden", "shown"),
    [
        ("<script>alert(1)</script>", "<script", "&lt;script&gt;"),
        ('<img src=x onerror="alert(1)">', "<img", "&lt;img"),
        ('Plan\n{: onclick="alert(1)" }', 'onclick="alert', "&#123;"),
        ("![tracker](https://tracker.example/p.png)", "<img", "tracker"),
        ("[x](javascript:alert(1))", "javascript:", "#unsafe-link-removed"),
        ("[x](&#106;avascript:alert(1))", "avascript:alert", "#unsafe-link-removed"),
        ("[ref]: javascript:alert(1)\n\n[ref]", 'href="javascript', "[ref]"),
        ("{{ 7 * 7 }} {% raw %}", "49", "{{ 7 * 7 }} {% raw %}"),
    ],
)
def test_untrusted_text_never_becomes_markup(text: str, forbidden: str, shown: str) -> None:
    html = html_of(escape_markdown(text))
    assert forbidden not in html
    assert shown in html or shown in html.replace("&#123;", "{").replace("&#125;", "}")


def test_links_to_charter_files_lead_to_their_pages() -> None:
    html = html_of(escape_markdown("See [Cloudpeak](cloudpeak-alliance.yaml#objectives)."))
    assert 'href="cloudpeak-alliance.md#objectives"' in html


def test_terms_link_to_the_glossary_once_per_page_with_the_definition_as_title() -> None:
    entry = GlossaryEntry("QBR", 'A "quarterly" review', ["quarterly business review"], "term-qbr")
    linker = TermLinker([entry], "../glossary.md")
    first = html_of(linker.inline("Prepare the QBR deck."))
    again = html_of(linker.inline("After the quarterly business review, QBR notes."))
    assert (
        '<a class="glossary-term" href="../glossary.md#term-qbr" '
        'title="A &quot;quarterly&quot; review">QBR</a>' in first
    )
    assert "glossary-term" not in again


def test_terms_inside_existing_links_are_left_alone() -> None:
    linker = TermLinker([GlossaryEntry("QBR", "A review", [], "term-qbr")], "glossary.md")
    html = html_of(linker.block("See [the QBR plan](https://example.com/qbr)."))
    assert html.count("<a ") == 1 and 'href="https://example.com/qbr"' in html


def copy_handbook(target: Path) -> Path:
    for name in ("charters", "templates", "docs"):
        shutil.copytree(REPOSITORY / name, target / name)
    shutil.copy(REPOSITORY / "mkdocs.yml", target / "mkdocs.yml")
    return target


def test_a_broken_template_names_its_file_and_line(tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path)
    template = handbook / "templates" / "partials" / "meetings.md.j2"
    lines = template.read_text().splitlines()
    lines.insert(2, "{{ charter.meetings.no_such_field }}")
    template.write_text("\n".join(lines) + "\n")
    with pytest.raises(BuildFailed, match=r"partials/meetings\.md\.j2:3: template error"):
        render(handbook / "charters", handbook / "templates")


def test_a_template_syntax_error_names_its_file_and_line(tmp_path: Path) -> None:
    handbook = copy_handbook(tmp_path)
    template = handbook / "templates" / "glossary.md.j2"
    template.write_text(template.read_text() + "{% if %}\n")
    with pytest.raises(BuildFailed, match=r"glossary\.md\.j2:\d+: template syntax error"):
        render(handbook / "charters", handbook / "templates")


def test_long_tiers_are_split_by_kind_and_alphabetically(site: RenderedSite) -> None:
    from dataclasses import replace

    from generator.site.navigation import SECTION_SIZE, handbook_nav

    template = next(s for s in site.summaries if s.charter.tier == "key")
    many = [
        replace(
            template,
            charter=template.charter.model_copy(
                update={"name": f"Account {n:03d}", "kind": "partner" if n % 4 else "customer"}
            ),
            page=f"charters/account-{n:03d}.md",
        )
        for n in range(80)
    ]
    key_section = handbook_nav(many, "index.md", "glossary.md")[1]["Key accounts"]
    assert [next(iter(group)) for group in key_section] == ["Customers (20)", "Partners (60)"]
    partners = key_section[1]["Partners (60)"]
    assert [len(next(iter(run.values()))) for run in partners] == [SECTION_SIZE, SECTION_SIZE, 10]
    assert next(iter(partners[0])) == "Account 001 to Account 033"
