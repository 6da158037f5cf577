"""Pages show the strategy fields: former members, related charters, the account, challenges,
risks, ideas and internal notes, with charter text in them kept inert like everywhere else.

Pages are rendered from the fixture handbook (``tests/fixtures/handbook``) or from a copy of it
with one field changed, and read as the HTML the site's Markdown pass makes of them.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from generator.check.schema import Idea, Relation, Risk
from generator.check.validate import CheckResult, check_paths
from generator.settings import Settings
from generator.site.charter_view import charter_index, charter_view, format_amount
from generator.site.generate import SiteGenerator, check_and_render
from generator.site.render import RenderedSite, render_site
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY
from tests.test_render import HOSTILE_TEXTS, as_text, read_html

TEMPLATES = REPOSITORY / "templates"
HARBORLINE = "charters/harborline-logistics.md"
KESTREL = "charters/kestrel-support-services.md"
BRIGHTPATH = "charters/brightpath-consulting.md"
CLOUDPEAK = "charters/cloudpeak-alliance.md"
LEARNWELL = "charters/learnwell-academy.md"
COUNCIL = "charters/product-field-council.md"


def quiet(message: str) -> None:
    """Reports are not what these tests look at."""


def render(
    charters: Path = FIXTURE_CHARTERS,
    today: datetime.date = TODAY,
    directory_urls: bool = True,
) -> RenderedSite:
    return check_and_render(
        charters, TEMPLATES, Settings(), today, quiet, quiet, directory_urls=directory_urls
    )


@pytest.fixture(scope="module")
def site() -> RenderedSite:
    return render()


def html_of(site: RenderedSite, path: str) -> str:
    """The HTML of a generated page's body, through the Markdown extensions the site uses."""
    page = next(p.markdown for p in site.pages if p.path == path)
    body = page.split("---", 2)[2] if page.startswith("---") else page
    extensions = ["admonition", "attr_list", "md_in_html", "tables"]
    return markdown.markdown(body, extensions=extensions)


def section(html: str, heading: str) -> str:
    """The HTML from the heading that reads ``heading`` to the next heading of any level."""
    match = re.search(
        rf"<h[23][^>]*>{re.escape(heading)}</h[23]>(.*?)(?=<h[1-6][ >]|$)", html, re.S
    )
    assert match, f"no section {heading!r}"
    return match.group(1)


def edited_handbook(tmp_path: Path, edits: dict[str, dict[str, Any]]) -> Path:
    """A copy of the fixture charters with top-level fields of some charters replaced."""
    charters = tmp_path / "charters"
    shutil.copytree(FIXTURE_CHARTERS, charters)
    for charter_id, fields in edits.items():
        path = charters / f"{charter_id}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(fields)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return charters


# Members ---------------------------------------------------------------------------------------


def test_a_former_member_is_listed_apart_with_the_day_and_reason(site: RenderedSite) -> None:
    html = html_of(site, HARBORLINE)
    members = as_text(section(html, "Members").split("</table>")[0])
    former = as_text(section(html, "Former members"))
    assert "Sofia Marin" not in members and "Daniel Reyes" in members
    assert former == (
        "Sofia Marin (Harborline Logistics), Regional Planning Lead, South: left 30 September "
        "2026. Moved to Harborline's procurement team; Marcus Bell took over the regional rollout."
    )


def test_a_member_leaving_later_is_still_in_the_table(site: RenderedSite) -> None:
    members = section(html_of(site, HARBORLINE), "Members").split("</table>")[0]
    (jonah,) = [row for row in members.split("<tr>") if "Jonah Brandt" in row]
    assert "leaving 26 February 2027" in as_text(jonah)
    (daniel,) = [row for row in members.split("<tr>") if "Daniel Reyes" in row]
    assert "since 3 April 2023" in as_text(daniel)


def test_the_day_a_member_leaves_they_are_a_former_member() -> None:
    result = check_paths([str(FIXTURE_CHARTERS)], Settings(), TODAY)
    (harborline,) = [c.charter for c in result.charters if c.charter_id == "harborline-logistics"]
    assert harborline is not None
    index = charter_index([(harborline, HARBORLINE)])
    leaving = datetime.date(2027, 2, 26)
    for today, former in [
        (leaving - datetime.timedelta(days=1), ["sofia-marin"]),
        (leaving, ["jonah-brandt", "sofia-marin"]),  # the most recent first
    ]:
        view = charter_view(harborline, today, index)
        assert [row.member.id for row in view.former] == former
        assert not {row.member.id for row in view.members} & set(former)


# Related charters --------------------------------------------------------------------------


def related(site: RenderedSite, path: str) -> list[tuple[str, str | None]]:
    """Each related charter's line as a reader sees it, with the address it links to."""
    items = section(html_of(site, path), "Related charters").split("<li>")[1:]
    return [
        (
            as_text(item),
            next((attrs.get("href") for tag, attrs in read_html(item).tags if tag == "a"), None),
        )
        for item in items
    ]


def leads_to(page: str, href: str | None, target: str, directory_urls: bool = True) -> bool:
    """Whether ``href`` on the published ``page`` leads to the published ``target`` page."""
    assert href is not None
    stem = page.removesuffix(".md")
    here = f"{stem}/" if directory_urls else posixpath.dirname(stem) + "/"
    published = target.removesuffix(".md") + ("/" if directory_urls else ".html")
    return posixpath.normpath(posixpath.join(here, href)) == posixpath.normpath(published)


def test_own_relations_read_as_phrases_and_link_by_name(site: RenderedSite) -> None:
    (supplier, partner) = related(site, BRIGHTPATH)
    assert supplier[0] == (
        "Supplier to Harborline Logistics: BrightPath consultants staff two of the regional "
        "Lane Forecast rollouts."
    )
    assert leads_to(BRIGHTPATH, supplier[1], HARBORLINE)
    assert partner[0] == (
        "Partner of Cloudpeak Data Cloud alliance: Many BrightPath projects come to us through "
        "Cloudpeak."
    )
    assert leads_to(BRIGHTPATH, partner[1], CLOUDPEAK)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_incoming_relations_show_their_inverse_with_a_working_link(
    directory_urls: bool,
) -> None:
    """Harborline's charter declares no relation: both come from the other charters."""
    site = render(directory_urls=directory_urls)
    (brightpath, cloudpeak) = related(site, HARBORLINE)  # by name
    assert brightpath[0].startswith("Customer of BrightPath Consulting implementation partnership:")
    assert leads_to(HARBORLINE, brightpath[1], BRIGHTPATH, directory_urls)
    assert cloudpeak[0] == (
        "Customer of Cloudpeak Data Cloud alliance: Harborline buys its Northwind licences "
        "through a Cloudpeak Marketplace private offer."
    )
    assert leads_to(HARBORLINE, cloudpeak[1], CLOUDPEAK, directory_urls)


@pytest.mark.parametrize(
    ("declared", "own", "inverse"),
    [
        ("partner-of", "Partner of", "Partner of"),
        ("supplier-to", "Supplier to", "Customer of"),
        ("customer-of", "Customer of", "Supplier to"),
        ("part-of", "Part of", "Includes"),
        ("depends-on", "Depends on", "Depended on by"),
    ],
)
def test_every_relation_type_reads_both_ways(
    tmp_path: Path, declared: str, own: str, inverse: str
) -> None:
    relation = {"to": "product-field-council", "type": declared}
    charters = edited_handbook(tmp_path, {"learnwell-academy": {"relations": [relation]}})
    site = render(charters)
    assert related(site, LEARNWELL) == [
        (f"{own} Product and Field Council", "../product-field-council/")
    ]
    assert related(site, COUNCIL) == [
        (f"{inverse} Learnwell Academy training partnership", "../learnwell-academy/")
    ]


def test_a_relation_both_charters_declare_is_one_line_with_both_notes(tmp_path: Path) -> None:
    """Supplier to one way and customer of back, or partners both ways, are one fact."""
    back = {"to": "cloudpeak-alliance", "type": "customer-of", "note": "Billed by Cloudpeak"}
    cloudpeak = yaml.safe_load((FIXTURE_CHARTERS / "cloudpeak-alliance.yaml").read_text())
    partner = {"to": "brightpath-consulting", "type": "partner-of"}
    charters = edited_handbook(
        tmp_path,
        {
            "cloudpeak-alliance": {"relations": [*cloudpeak["relations"], partner]},
            "harborline-logistics": {"relations": [back]},
            "kestrel-support-services": {
                "relations": [{"to": "harborline-logistics", "type": "supplier-to"}]
            },
        },
    )
    site = render(charters)
    assert [line for line, _ in related(site, BRIGHTPATH) if "Cloudpeak" in line] == [
        "Partner of Cloudpeak Data Cloud alliance: Many BrightPath projects come to us through "
        "Cloudpeak."
    ]
    assert [line for line, _ in related(site, HARBORLINE)] == [
        "Customer of Cloudpeak Data Cloud alliance: Billed by Cloudpeak; Harborline buys its "
        "Northwind licences through a Cloudpeak Marketplace private offer.",
        "Customer of BrightPath Consulting implementation partnership: BrightPath consultants "
        "staff two of the regional Lane Forecast rollouts.",
        "Customer of Kestrel Support Services",
    ]


def test_a_relation_to_a_charter_without_a_page_is_plain_text(tmp_path: Path) -> None:
    """A charter that fails its schema has no page; check reports it, the render goes on."""
    charters = edited_handbook(tmp_path, {"harborline-logistics": {"tier": "platinum"}})
    result = check_paths([str(charters)], Settings(), TODAY)
    assert result.error_count
    site = render_site(result, Settings(), TODAY, TEMPLATES)
    assert all(page.path != HARBORLINE for page in site.pages)
    assert related(site, BRIGHTPATH)[0] == (
        "Supplier to harborline-logistics: BrightPath consultants staff two of the regional "
        "Lane Forecast rollouts.",
        None,
    )


def test_a_changed_relation_renders_the_page_it_points_at(tmp_path: Path) -> None:
    charters = tmp_path / "charters"
    shutil.copytree(FIXTURE_CHARTERS, charters)
    generator = SiteGenerator(charters, TEMPLATES)
    generator.generate(Settings(), TODAY, quiet, quiet)
    path = charters / "brightpath-consulting.yaml"
    text = path.read_text(encoding="utf-8")
    note = "BrightPath consultants staff two of the regional Lane Forecast rollouts."
    edited = "BrightPath staffs one of the Lane Forecast rollouts."
    path.write_text(text.replace(note, edited), encoding="utf-8")

    site = generator.generate(Settings(), TODAY, quiet, quiet)

    assert sorted(site.rendered) == [BRIGHTPATH, HARBORLINE, "index.md"]
    assert f"Customer of BrightPath Consulting implementation partnership: {edited}" in (
        as_text(html_of(site, HARBORLINE))
    )
    fresh = render(charters)
    assert [(p.path, p.markdown) for p in site.pages] == [(p.path, p.markdown) for p in fresh.pages]


# Account ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        (1200000.0, "EUR", "EUR 1,200,000"),
        (0.0, "USD", "USD 0"),
        (999.0, None, "999"),
        (1234567.5, "GBP", "GBP 1,234,567.50"),
        (1e15, "JPY", "JPY 1,000,000,000,000,000"),
        (float("inf"), "EUR", "EUR inf"),
    ],
)
def test_amounts_have_thousands_separators(value: float, currency: str | None, shown: str) -> None:
    assert format_amount(value, currency) == shown


def test_the_account_is_a_line_of_facts_on_the_charter_page(site: RenderedSite) -> None:
    html = html_of(site, HARBORLINE)
    (facts,) = re.findall(r'<p class="handbook-account">(.*?)</p>', html)
    assert as_text(facts) == (
        "Annual value: USD 1,200,000 · Growth potential: high · Renewal: 31 March 2027"
    )


def test_the_portfolio_shows_value_and_potential_under_the_name(site: RenderedSite) -> None:
    key_accounts = section(html_of(site, "index.md"), "Key accounts")
    (row,) = [row for row in key_accounts.split("<tr>") if "Harborline Logistics" in row]
    assert "<br><small>USD 1,200,000 · high potential</small>" in row
    headers = [as_text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", key_accounts, re.S)]
    assert headers and not [h for h in headers if re.search("value|potential", h, re.I)]
    assert "Annual value on record: EUR 480,000 + USD 1,550,000." in as_text(key_accounts)


# Challenges, risks, ideas, internal notes --------------------------------------------------


def test_risks_list_open_ones_first_with_owner_names_and_status_chips(tmp_path: Path) -> None:
    risks = [
        {"risk": "Closed one.", "status": "closed"},
        {"risk": "Mitigated one.", "owner": "lena-fischer", "status": "mitigated"},
        {"risk": "Open one.", "owner": "marcus-bell", "mitigation": "Watch.", "status": "open"},
    ]
    charters = edited_handbook(tmp_path, {"harborline-logistics": {"risks": risks}})
    rows = section(html_of(render(charters), HARBORLINE), "Risks and blockers").split("<tr>")[2:]
    assert [as_text(row.replace("<br>", " ")) for row in rows] == [
        "Open one. Mitigation: Watch. Marcus Bell open",
        "Mitigated one. Lena Fischer mitigated",
        "Closed one. — closed",
    ]
    chips = [
        attrs["class"] or ""
        for row in rows
        for tag, attrs in read_html(row).tags
        if tag == "span" and "handbook-goal-status" in (attrs["class"] or "")
    ]
    assert chips[0] == "handbook-goal-status handbook-goal-at-risk handbook-risk-open"


def test_empty_strategy_lists_show_no_section(tmp_path: Path) -> None:
    charters = edited_handbook(
        tmp_path, {"kestrel-support-services": {"challenges": [], "risks": [], "ideas": []}}
    )
    html = html_of(render(charters), KESTREL)
    for heading in ("Their challenges", "Risks and blockers", "Ideas for the partner"):
        assert heading not in html
    assert "Internal" not in html and "handbook-account" not in html


def test_internal_notes_are_an_admonition_rendered_as_markdown(site: RenderedSite) -> None:
    html = html_of(site, HARBORLINE)
    (note,) = re.findall(
        r'<div class="admonition note handbook-internal">(.*?)</div>\n</div>', html, re.S
    )
    assert "Internal — not shared with the partner" in note
    assert "<strong>Do not</strong> discuss pricing" in note


def with_fields(result: CheckResult, charter_id: str, **fields: Any) -> None:
    """Give a checked charter other values, unchecked: what rendering alone makes of them."""
    (item,) = [item for item in result.charters if item.charter_id == charter_id]
    assert item.charter is not None
    item.charter = item.charter.model_copy(update=fields)


@pytest.mark.parametrize(("payload", "shown"), HOSTILE_TEXTS)
def test_hostile_text_in_the_new_fields_stays_text(payload: str, shown: str) -> None:
    """Check refuses some of these texts (unsafe links); the pages must hold without it."""
    result = check_paths([str(FIXTURE_CHARTERS)], Settings(), TODAY)
    harborline = next(c.charter for c in result.charters if c.charter_id == "harborline-logistics")
    assert harborline is not None
    members = [
        member.model_copy(update={"left_reason": payload}) if member.left else member
        for member in harborline.members
    ]
    with_fields(
        result,
        "harborline-logistics",
        members=members,
        challenges=[payload],
        risks=[Risk(risk=payload, mitigation=payload, status="open")],
        ideas=[Idea(idea=payload, status="proposed")],
        internal=payload,
    )
    note = Relation(to="harborline-logistics", type="supplier-to", note=payload)
    with_fields(result, "brightpath-consulting", relations=[note])
    with_fields(result, "cloudpeak-alliance", name=f"Cloudpeak {payload}")

    html = html_of(render_site(result, Settings(), TODAY, TEMPLATES), HARBORLINE)

    tags = read_html(html).tags
    assert not {tag for tag, _ in tags} & {"script", "img", "iframe", "style", "foreignobject"}
    # The one SVG is the page's own sparkline (key goals done per period).
    assert [attrs.get("class") for tag, attrs in tags if tag == "svg"] == ["handbook-sparkline"]
    for tag, attributes in tags:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert re.fullmatch(r"width: \d+%", attributes.get("style") or "width: 0%")
        href = (attributes.get("href") or "").lower()
        assert "javascript" not in href and "evil" not in href and "tracker" not in href
    expected = " ".join(shown.split())
    for heading in ("Their challenges", "Ideas for the partner", "Related charters"):
        assert expected in as_text(section(html, heading))
    risks = as_text(section(html, "Risks and blockers"))
    assert risks.startswith(f"Risk Owner Status {expected}".strip())
    assert expected in as_text(section(html, "Former members"))
    assert expected in as_text(html.split('class="admonition note handbook-internal"')[1])
    assert f"Customer of Cloudpeak {' '.join(payload.split())}" in as_text(html)
