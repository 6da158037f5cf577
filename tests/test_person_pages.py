"""Person pages: one per person, with their charters and roles, the goals and open risks they
own and their attention load; the people index lists everyone A to Z.

The golden person pages follow the golden mechanism of ``tests/test_render.py``; refresh them
after an intended change with:

    HANDBOOK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_person_pages.py

and review the diff like any code.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from generator.check.validate import check_paths
from generator.settings import Settings
from generator.site.addresses import person_page
from generator.site.generate import SiteGenerator, check_and_render
from generator.site.person_view import PEOPLE_PAGE, people_views
from generator.site.render import page_paths, page_summaries
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY
from tests.test_render import assert_matches_golden

TEMPLATES = REPOSITORY / "templates"
FIXTURES = REPOSITORY / "tests" / "fixtures"
PEOPLE_CHARTERS = FIXTURES / "people" / "charters"
HOSTILE_CHARTERS = FIXTURES / "hostile" / "charters"
GOLDEN = Path(__file__).parent / "golden"


def quiet(message: str) -> None:
    """Reports are not what these tests look at."""


def render(charters: Path = FIXTURE_CHARTERS, settings: Settings | None = None) -> dict[str, str]:
    """The generated pages of ``charters``: Markdown by path."""
    site = check_and_render(charters, TEMPLATES, settings or Settings(), TODAY, quiet, quiet)
    return {page.path: page.markdown for page in site.pages}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render()


def html_of(markdown_text: str) -> str:
    """The HTML the site's Markdown pass makes of a page (front matter removed)."""
    body = markdown_text.split("\n---\n", 1)[1] if markdown_text.startswith("---\n") else ""
    return markdown.markdown(
        body or markdown_text, extensions=["attr_list", "md_in_html", "tables", "admonition"]
    )


def text_of(markdown_text: str) -> str:
    """What a reader sees of a page: its text, references decoded, blanks collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_of(markdown_text))).split())


def section(markdown_text: str, heading: str) -> str:
    """The Markdown from ``## heading`` to the next heading of that level."""
    start = markdown_text.index(f"\n## {heading}\n")
    end = markdown_text.find("\n## ", start + 1)
    return markdown_text[start : end if end != -1 else None]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [name for name, _ in attrs]))


def tags_of(html_text: str) -> list[tuple[str, list[str]]]:
    """Every element of ``html_text``: its tag and the names of its attributes."""
    reader = _Tags()
    reader.feed(html_text)
    reader.close()
    return reader.tags


def front_matter(markdown_text: str) -> dict[str, object]:
    loaded = yaml.safe_load(markdown_text.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def member_ids(charters: Path) -> set[str]:
    ids = set()
    for path in charters.glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and "members" in document:
            ids.update(member["id"] for member in document["members"])
            ids.add(document["owner"])
    return ids


# One page per person -----------------------------------------------------------------------


def test_every_member_of_every_charter_has_a_page(pages: dict[str, str]) -> None:
    people = {path for path in pages if path.startswith("people/")}
    assert people == {person_page(member) for member in member_ids(FIXTURE_CHARTERS)}
    assert PEOPLE_PAGE in pages


def test_every_registry_person_has_a_page_also_without_a_charter(tmp_path: Path) -> None:
    charters = tmp_path / "charters"
    shutil.copytree(PEOPLE_CHARTERS, charters)
    registry = charters / "people.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "  - id: carla-diaz\n    name: Carla Díaz\n",
        encoding="utf-8",
    )
    pages = render(charters)
    assert "*Not a member of any group.*" in pages["people/carla-diaz.md"]
    assert "[Carla Díaz](people/carla-diaz.md)" in pages[PEOPLE_PAGE]


@pytest.mark.parametrize("charters", [FIXTURE_CHARTERS, PEOPLE_CHARTERS, HOSTILE_CHARTERS])
def test_the_pages_come_in_the_order_page_paths_gives(charters: Path) -> None:
    """Builds in a second process list the pages before they are rendered."""
    result = check_paths([str(charters)], Settings(), TODAY)
    site = check_and_render(charters, TEMPLATES, Settings(), TODAY, quiet, quiet)
    expected = page_paths(page_summaries(result, TODAY), result.people)
    assert [page.path for page in site.pages] == expected


@pytest.mark.parametrize("charters", [FIXTURE_CHARTERS, PEOPLE_CHARTERS, HOSTILE_CHARTERS])
def test_every_link_to_a_person_page_resolves(charters: Path) -> None:
    """Charter pages and the portfolio link owners with ``link(person_page(id))``."""
    pages = render(charters)
    for path, text in pages.items():
        for target in re.findall(r"\]\(((?:\.\./)*people/[^)#]*)", text):
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) in pages, (
                f"{path} links {target}"
            )


def test_the_navigation_ends_with_the_people_index_alone() -> None:
    site = check_and_render(FIXTURE_CHARTERS, TEMPLATES, Settings(), TODAY, quiet, quiet)
    assert site.nav()[-1] == {"People": PEOPLE_PAGE}
    assert "people/" not in str(site.nav())


# What a person page shows ------------------------------------------------------------------


def test_a_page_shows_the_person_s_charters_and_roles(pages: dict[str, str]) -> None:
    page = pages["people/daniel-reyes.md"]
    assert front_matter(page)["title"] == "Daniel Reyes"
    assert page.count("\n# Daniel Reyes\n") == 1
    relationships = section(page, "Relationships")
    owned, *others = [line for line in relationships.splitlines() if line.startswith("- ")]
    assert owned.startswith(
        "- [Harborline Logistics](../charters/harborline-logistics.md) "
        '<span class="handbook-chip handbook-owner">owner</span>: Head of Customer Success '
        "(Northwind Analytics)"
    )
    assert "key tier · active · since 3 April 2023" in owned
    assert [line.split("]")[0] for line in others] == [
        "- [Product and Field Council",
        "- [Kestrel Support Services",
    ]
    assert not any("handbook-owner" in line for line in others)
    assert "Owns 1 open relationship: 1 key, 0 growth, 0 maintain." in page


def test_a_page_shows_the_goals_the_person_owns_with_their_status(pages: dict[str, str]) -> None:
    goals = section(pages["people/daniel-reyes.md"], "Key goals owned")
    statuses = re.findall(r'handbook-goal-status handbook-goal-([a-z-]+)">([a-z-]+)<', goals)
    assert statuses == [("done", "done"), ("on-track", "on-track")]  # the soonest due first
    assert "due 20 November 2026" in goals and "due 18 December 2026" in goals
    assert "Clear the backlog" not in goals  # a past period's goal
    marcus = section(pages["people/marcus-bell.md"], "Key goals owned")
    assert '<span class="handbook-goal-status handbook-goal-at-risk">at-risk</span>' in marcus


def test_a_former_member_is_shown_as_such(pages: dict[str, str]) -> None:
    sofia = pages["people/sofia-marin.md"]
    assert "*Not a member of any group.*" in section(sofia, "Relationships")
    former = section(sofia, "Former memberships")
    assert "[Harborline Logistics](../charters/harborline-logistics.md)" in former
    assert "Regional Planning Lead, South (Harborline Logistics), left 30 September 2026." in former
    assert "Moved to Harborline's procurement team" in former
    assert "0 (1 former)" in pages[PEOPLE_PAGE]
    # Leaving later is still a member, with the date to come.
    jonah = pages["people/jonah-brandt.md"]
    assert "leaving 26 February 2027" in section(jonah, "Relationships")
    assert "## Former memberships" not in jonah


def test_the_attention_load_is_shown_against_the_limit(pages: dict[str, str]) -> None:
    maya = pages["people/maya-okafor.md"]
    assert '<span class="handbook-chip handbook-load">2 of 3 key accounts</span>' in maya
    assert "!!! warning" not in maya
    assert "Owns 2 open relationships: 2 key, 0 growth, 0 maintain." in maya
    assert "0 of 3 key accounts" in pages["people/ben-carter.md"]


def test_an_owner_over_the_limit_is_warned(tmp_path: Path) -> None:
    pages = render(settings=Settings(attention_limit=1))
    maya = pages["people/maya-okafor.md"]
    assert (
        '<span class="handbook-chip handbook-load handbook-load-over handbook-goal-at-risk">'
        "2 of 1 key accounts: over the attention limit</span>"
    ) in maya
    assert '!!! warning "More key accounts than one person can serve"' in maya
    assert "owns 2 key-tier relationships; the attention limit is 1." in text_of(maya)
    index = pages[PEOPLE_PAGE]
    row = next(line for line in index.splitlines() if "(people/maya-okafor.md)" in line)
    assert row.endswith('handbook-goal-at-risk">2 of 1</span> |')
    daniel = pages["people/daniel-reyes.md"]
    assert "1 of 1 key accounts</span>" in daniel and "handbook-load-over" not in daniel


def test_open_risks_are_on_their_owner_s_page(tmp_path: Path) -> None:
    charters = tmp_path / "charters"
    shutil.copytree(FIXTURE_CHARTERS, charters)
    path = charters / "harborline-logistics.yaml"
    text = path.read_text(encoding="utf-8")
    named = "    owner: marcus-bell\n    mitigation: Lena Fischer's team"
    unnamed = "    owner: daniel-reyes\n    mitigation: Jonah introduces"
    assert named in text and unnamed in text
    text = text.replace(unnamed, "    mitigation: Jonah introduces")
    text = text.replace("status: mitigated", "status: open")
    path.write_text(text, encoding="utf-8")
    pages = render(charters)
    marcus = section(pages["people/marcus-bell.md"], "Open risks owned")
    assert "Two regions still wait for cleaned WMS exports" in marcus
    assert "handbook-goal-at-risk handbook-risk-open" in marcus
    assert "falls to the charter" not in marcus
    daniel = section(pages["people/daniel-reyes.md"], "Open risks owned")
    assert "Jonah Brandt leaves before the renewal" in text_of(daniel)
    assert "names nobody, so it falls to the charter's owner" in daniel
    assert "The executive sponsor moves" not in daniel  # closed


# The people registry -----------------------------------------------------------------------


def test_names_titles_and_organisations_come_from_the_registry() -> None:
    pages = render(PEOPLE_CHARTERS)
    assert {path for path in pages if path.startswith("people/")} == {
        "people/ana-lima.md",
        "people/ben-okoro.md",
    }
    ben = pages["people/ben-okoro.md"]
    assert front_matter(ben)["title"] == "Benjamin Okoro"
    assert "\n# Benjamin Okoro\n" in ben
    assert (
        '<p class="handbook-person-facts">Head of Business Intelligence · Acme Retail · '
        '<span class="handbook-chip handbook-load">0 of 3 key accounts</span></p>'
    ) in ben
    ana = pages["people/ana-lima.md"]
    assert "1 of 3 key accounts" in ana
    assert "GitHub: [@ana-lima](https://github.com/ana-lima)" in ana
    assert "GitHub" not in ben
    index = pages[PEOPLE_PAGE]
    assert "2 people from the people registry, A to Z." in index
    assert (
        "| [Benjamin Okoro](people/ben-okoro.md)<br><small>Head of Business Intelligence · "
        "Acme Retail</small> | 1 | 0 |"
    ) in index


def test_no_page_shows_an_email_address() -> None:
    registry = yaml.safe_load((HOSTILE_CHARTERS / "people.yaml").read_text(encoding="utf-8"))
    addresses = [person["email"] for person in registry["people"] if person.get("email")]
    assert addresses
    pages = render(HOSTILE_CHARTERS)
    for path, text in pages.items():
        if path == PEOPLE_PAGE or path.startswith("people/"):
            assert not any(address in text for address in addresses), path
            assert "mailto:" not in text, path


def test_hostile_names_stay_text() -> None:
    registry = yaml.safe_load((HOSTILE_CHARTERS / "people.yaml").read_text(encoding="utf-8"))
    pages = render(HOSTILE_CHARTERS)
    index_text = text_of(pages[PEOPLE_PAGE])
    for person in registry["people"]:
        page = pages[person_page(person["id"])]
        assert front_matter(page)["title"] == html.escape(" ".join(person["name"].split()))
        shown = text_of(page)
        assert shown.startswith(" ".join(person["name"].split()))
        assert " ".join(person["title"].split()) in shown
        assert " ".join(person["organisation"].split()) in shown
        assert " ".join(person["name"].split()) in index_text
        assert_inert(html_of(page))
    assert_inert(html_of(pages[PEOPLE_PAGE]))


ACTIVE_TAGS = {"script", "style", "svg", "iframe", "object", "embed", "form", "input"}


def assert_inert(html_text: str) -> None:
    """No element that runs or loads anything: no script, no event handler, no remote image
    (charter text may show an image of the site itself)."""
    tags = tags_of(html_text)
    assert not {tag for tag, _ in tags} & ACTIVE_TAGS
    assert not [name for _, names in tags for name in names if name.startswith("on")]
    assert "://" not in "".join(re.findall(r'<img[^>]*src="([^"]*)"', html_text))


# Views and partial rebuilds ----------------------------------------------------------------


def test_people_views_are_one_per_person_by_id() -> None:
    result = check_paths([str(FIXTURE_CHARTERS)], Settings(), TODAY)
    summaries = page_summaries(result, TODAY)
    views = people_views(summaries, result.people, TODAY, 3)
    assert [view.id for view in views] == sorted(member_ids(FIXTURE_CHARTERS))
    assert {view.page for view in views} == {person_page(view.id) for view in views}
    daniel = next(view for view in views if view.id == "daniel-reyes")
    assert [row.charter_id for row in daniel.owned] == ["harborline-logistics"]
    assert daniel.load.key == 1 and not daniel.load.over_limit


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    return tmp_path


def edit(handbook: Path, name: str, old: str, new: str) -> None:
    path = handbook / "charters" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def generate(handbook: Path, generator: SiteGenerator | None = None) -> list[tuple[str, str]]:
    generator = generator or SiteGenerator(handbook / "charters", handbook / "templates")
    site = generator.generate(Settings(), TODAY, quiet, quiet)
    return [(page.path, page.markdown) for page in site.pages]


def test_a_goal_s_new_status_renders_its_owner_s_page_and_the_index(handbook: Path) -> None:
    generator = SiteGenerator(handbook / "charters", handbook / "templates")
    first = generator.generate(Settings(), TODAY, quiet, quiet)
    assert {PEOPLE_PAGE, "people/marcus-bell.md"} <= set(first.rendered)
    edit(handbook, "harborline-logistics", "status: at-risk  # two", "status: on-track  # two")

    site = generator.generate(Settings(), TODAY, quiet, quiet)

    people = sorted(path for path in site.rendered if path.startswith("people"))
    assert people == [PEOPLE_PAGE, "people/marcus-bell.md"]
    marcus = next(page.markdown for page in site.pages if page.path == "people/marcus-bell.md")
    assert "handbook-goal-on-track" in section(marcus, "Key goals owned")
    assert [(page.path, page.markdown) for page in site.pages] == generate(handbook)


def test_a_renamed_charter_renders_the_pages_of_its_members(handbook: Path) -> None:
    generator = SiteGenerator(handbook / "charters", handbook / "templates")
    generator.generate(Settings(), TODAY, quiet, quiet)
    edit(handbook, "kestrel-support-services", "\nname: ", "\nname: Renamed ")

    site = generator.generate(Settings(), TODAY, quiet, quiet)

    members = ["daniel-reyes", "fiona-walsh", "samuel-adeyemi", "tomas-herrera"]
    people = sorted(path for path in site.rendered if path.startswith("people"))
    assert people == [PEOPLE_PAGE, *(person_page(member) for member in members)]
    assert [(page.path, page.markdown) for page in site.pages] == generate(handbook)


def test_text_no_person_page_shows_renders_no_person_page(handbook: Path) -> None:
    generator = SiteGenerator(handbook / "charters", handbook / "templates")
    generator.generate(Settings(), TODAY, quiet, quiet)
    edit(handbook, "harborline-logistics", "purpose: |\n", "purpose: |\n  Edited for serve.\n")

    site = generator.generate(Settings(), TODAY, quiet, quiet)

    assert not [path for path in site.rendered if path.startswith("people")]


def test_a_person_template_edit_renders_every_person_page(handbook: Path) -> None:
    generator = SiteGenerator(handbook / "charters", handbook / "templates")
    first = generator.generate(Settings(), TODAY, quiet, quiet)
    template = handbook / "templates" / "person.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")

    site = generator.generate(Settings(), TODAY, quiet, quiet)

    people = [page.path for page in first.pages if page.path.startswith("people/")]
    assert {path for path in site.rendered if path.startswith("people/")} == set(people)
    assert all(page.markdown.endswith("\nEdited.\n") for page in site.pages if page.path in people)


# Golden pages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("charters", "page", "golden"),
    [
        (FIXTURE_CHARTERS, "people/daniel-reyes.md", "person-daniel-reyes.md"),
        (FIXTURE_CHARTERS, "people/sofia-marin.md", "person-sofia-marin.md"),
        (PEOPLE_CHARTERS, "people/ana-lima.md", "person-ana-lima.md"),
        (FIXTURE_CHARTERS, PEOPLE_PAGE, "person-index.md"),
    ],
)
def test_person_page_matches_golden_file(charters: Path, page: str, golden: str) -> None:
    assert_matches_golden(render(charters)[page], GOLDEN / golden)
