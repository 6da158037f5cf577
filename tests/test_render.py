"""Rendered pages: golden files for a charter and the glossary, and untrusted text kept inert.

Golden pages are rendered from the frozen fixture handbook (``tests/fixtures/handbook``), so an
edit to a sample in ``charters/`` changes no golden file; edit the fixture to change them.

Refresh the golden files after an intended change with:

    HANDBOOK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render.py

and review the diff like any code. Under CI (``CI`` set, and not ``false`` or ``0``) the
refresh is refused and the golden tests fail, so the variable can never hide a difference.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pytest

from generator.settings import Settings
from generator.site.generate import BuildFailed, check_and_render
from generator.site.glossary import GlossaryEntry
from generator.site.markdown_text import PageText, escape_markdown
from generator.site.render import RenderedSite
from tests.conftest import CASES, FIXTURE_CHARTERS, REPOSITORY, TODAY, copy_handbook

GOLDEN = Path(__file__).parent / "golden"


def render(
    charters: Path = FIXTURE_CHARTERS, templates: Path = REPOSITORY / "templates"
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
    assert_matches_golden(rendered, GOLDEN / golden)


def assert_matches_golden(rendered: str, golden: Path) -> None:
    """Compare with the golden file; HANDBOOK_UPDATE_GOLDEN rewrites it first, except under CI."""
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN"):
        if os.environ.get("CI", "").strip().lower() not in ("", "false", "0"):
            pytest.fail(
                f"HANDBOOK_UPDATE_GOLDEN is set under CI, so {golden.name} was not rewritten: "
                "refresh golden files locally and commit the reviewed diff",
                pytrace=False,
            )
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("ci", ["true", "1", "yes", "True"])
def test_golden_files_are_not_rewritten_under_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    golden = tmp_path / "page.md"
    golden.write_text("as reviewed\n", encoding="utf-8")
    monkeypatch.setenv("HANDBOOK_UPDATE_GOLDEN", "1")
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="HANDBOOK_UPDATE_GOLDEN is set under CI"):
        assert_matches_golden("changed\n", golden)
    assert golden.read_text(encoding="utf-8") == "as reviewed\n"


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_golden_files_are_rewritten_on_request_outside_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str | None
) -> None:
    golden = tmp_path / "page.md"
    golden.write_text("as reviewed\n", encoding="utf-8")
    monkeypatch.setenv("HANDBOOK_UPDATE_GOLDEN", "1")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert_matches_golden("changed\n", golden)
    assert golden.read_text(encoding="utf-8") == "changed\n"


def test_rendering_is_deterministic(site: RenderedSite) -> None:
    assert [(p.path, p.markdown) for p in render().pages] == [
        (p.path, p.markdown) for p in site.pages
    ]


def test_navigation_puts_key_accounts_first(site: RenderedSite) -> None:
    titles = [next(iter(section)) for section in site.nav()]
    assert titles == ["Portfolio", "Key accounts", "Growth", "Maintain", "Glossary", "People"]


def html_of(markdown_text: str) -> str:
    """The HTML the site's Markdown pass makes of a generated page's Markdown."""
    return markdown.markdown(markdown_text, extensions=["attr_list", "md_in_html", "tables"])


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_html(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def as_text(html: str) -> str:
    """What a reader sees: the text of ``html`` with character references decoded."""
    return " ".join("".join(read_html(html).text).split())


def page_text(page: str = "charters/acme.md") -> PageText:
    entry = GlossaryEntry(
        "QBR", 'A "quarterly" <b>review</b>', ["quarterly business review"], "term-qbr"
    )
    return PageText(page, [entry], "glossary.md")


HOSTILE_TEXTS = [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ('<img src=x onerror="alert(1)">', '<img src=x onerror="alert(1)">'),
    ('Plan\n{: onclick="alert(1)" }', 'Plan {: onclick="alert(1)" }'),
    ("*Plan*{: onclick=alert(1) }", "Plan{: onclick=alert(1) }"),
    ("[Plan](https://example.com){: onclick=alert(1) }", "Plan{: onclick=alert(1) }"),
    ("Owner | Role\n--- | ---\nAna | lead", "Owner | Role --- | --- Ana | lead"),
    ("![tracker](https://tracker.example/p.png)", ""),
    ("[x](javascript:alert(1))", "x"),
    ("[x](&#106;avascript:alert(1))", "x"),
    ("[the [joint] space](javascript:alert(1))", "the [joint] space"),
    ("- item\n\n   [r]: javascript:alert(1)\n\n  [the [joint] space][r]", "item the [joint] space"),
    ("`a & b` and `<b>`", "a & b and <b>"),
    ("{{ 7 * 7 }} {% raw %}", "{{ 7 * 7 }} {% raw %}"),
    ("<svg onload=alert(1)>", "<svg onload=alert(1)>"),
    ('<iframe src="https://evil.example/">', '<iframe src="https://evil.example/">'),
    (
        "<style>body{background:url(https://evil.example/x)}</style>",
        "<style>body{background:url(https://evil.example/x)}</style>",
    ),
]


@pytest.mark.parametrize(("text", "shown"), HOSTILE_TEXTS)
@pytest.mark.parametrize("inline", [True, False], ids=["inline", "block"])
def test_untrusted_text_never_becomes_markup(text: str, shown: str, inline: bool) -> None:
    rendered = page_text().inline(text) if inline else page_text().block(text)
    reader = read_html(html_of(f"| a |\n| --- |\n| {rendered} |" if inline else str(rendered)))
    allowed = {
        "a",
        "p",
        "code",
        "em",
        "div",
        "ul",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    assert {tag for tag, _ in reader.tags} <= allowed
    for _tag, attributes in reader.tags:
        assert not any(name.startswith("on") or name == "style" for name in attributes)
        href = attributes.get("href") or ""
        assert "javascript" not in href.lower() and "evil" not in href
    assert " ".join("".join(reader.text).split()).endswith(shown.replace("\n", " ").strip())


def test_template_syntax_in_text_stays_text_for_builders_that_run_jinja() -> None:
    """Exported pages may go to a builder that renders Markdown with Jinja (mkdocs-macros)."""
    text = "Budget {{ 7 * 7 }} {% if true %}approved{% endif %}"
    for rendered in (escape_markdown(text), page_text().inline(text)):
        assert as_text(html_of(jinja2.Environment().from_string(rendered).render())) == text


def test_values_in_templates_are_escaped(tmp_path: Path) -> None:
    """Plain ``{{ value }}`` fields (names in headings and table cells) are charter text too."""
    charters = tmp_path / "charters"
    charters.mkdir()
    charter = (CASES / "valid-complete.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("name: Acme Retail dashboard partnership", 'name: "Acme {: onclick=alert(1) }"'),
        ("name: Ben Okoro", 'name: "Ben | <img src=x onerror=alert(1)>"'),
    ]:
        assert old in charter
        charter = charter.replace(old, new, 1)
    (charters / "valid-complete.yaml").write_text(charter, encoding="utf-8")
    page = next(p.markdown for p in render(charters).pages if p.path.endswith("valid-complete.md"))
    html = html_of(page.split("---", 2)[2])
    assert 'onclick="' not in html and "<img" not in html
    assert as_text(html.split("</h1>")[0]) == "Acme {: onclick=alert(1) }"
    assert "Ben | <img src=x onerror=alert(1)>" in as_text(html)
    assert 'title: "Acme {: onclick=alert(1) }"' in page


def test_links_to_charter_files_lead_to_their_pages() -> None:
    html = html_of(page_text().block("See [Cloudpeak](cloudpeak-alliance.yaml#objectives)."))
    assert 'href="../cloudpeak-alliance/#objectives"' in html
    on_home = PageText("index.md", [], "glossary.md", directory_urls=False)
    assert 'href="charters/b.html"' in html_of(on_home.inline("[B](b.yaml)"))


def test_terms_link_to_the_glossary_once_per_page_with_the_definition_as_title() -> None:
    text = page_text()
    first = html_of(text.inline("Prepare the QBR deck."))
    again = html_of(text.inline("After the quarterly business review, QBR notes."))
    (link,) = [attrs for tag, attrs in read_html(first).tags if tag == "a"]
    assert link["href"] == "../../glossary/#term-qbr" and link["class"] == "glossary-term"
    # Material's tooltips insert the title as HTML: it must stay text after that, too.
    assert link["title"] == 'A "quarterly" &lt;b&gt;review&lt;/b&gt;'
    assert "glossary-term" not in again


def test_terms_inside_existing_links_are_left_alone() -> None:
    html = html_of(page_text().block("See [the QBR plan](https://example.com/qbr)."))
    assert html.count("<a ") == 1 and 'href="https://example.com/qbr"' in html


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
