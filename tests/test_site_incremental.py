"""Generating a site again (``mkdocs serve``, on every save) redoes only what changed, and gives
exactly what a fresh generation gives; plain text skips the Markdown engine with the same result.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Timezone

from generator.check.validate import check_paths
from generator.settings import Settings
from generator.site import exports, markdown_text
from generator.site.generate import SiteGenerator, check_and_render
from generator.site.glossary import GlossaryEntry
from generator.site.markdown_text import PageText, is_plain
from generator.site.render import RenderedSite
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY

CHARTER_PAGES = sorted(
    f"charters/{path.stem}.md"
    for path in FIXTURE_CHARTERS.glob("*.yaml")
    if path.stem != "glossary"
)
HARBORLINE = "charters/harborline-logistics.md"
HOSTILE_CHARTERS = REPOSITORY / "tests" / "fixtures" / "hostile" / "charters"


def quiet(message: str) -> None:
    """Reports are not what these tests look at."""


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_CHARTERS, tmp_path / "charters")
    shutil.copytree(REPOSITORY / "templates", tmp_path / "templates")
    return tmp_path


def generator_of(handbook: Path) -> SiteGenerator:
    return SiteGenerator(handbook / "charters", handbook / "templates")


def generate(generator: SiteGenerator, today: datetime.date = TODAY) -> RenderedSite:
    return generator.generate(Settings(), today, quiet, quiet)


def fresh(handbook: Path, today: datetime.date = TODAY) -> RenderedSite:
    return check_and_render(
        handbook / "charters", handbook / "templates", Settings(), today, quiet, quiet
    )


def assert_same_site(site: RenderedSite, expected: RenderedSite) -> None:
    assert [(p.path, p.markdown) for p in site.pages] == [
        (p.path, p.markdown) for p in expected.pages
    ]
    assert site.files == expected.files
    assert site.nav() == expected.nav()


def edit(handbook: Path, name: str, old: str, new: str) -> None:
    path = handbook / "charters" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_first_generation_renders_every_page(handbook: Path) -> None:
    generator = generator_of(handbook)
    site = generate(generator)
    assert generator.checked
    assert sorted(site.rendered) == sorted(p.path for p in fresh(handbook).pages)
    assert_same_site(site, fresh(handbook))


def test_nothing_changed_nothing_checked_or_rendered(handbook: Path) -> None:
    generator = generator_of(handbook)
    first = generate(generator)
    again = generate(generator)
    assert not generator.checked
    assert again.rendered == []
    assert_same_site(again, first)


def test_a_touched_file_with_the_same_content_is_not_checked_again(handbook: Path) -> None:
    generator = generator_of(handbook)
    generate(generator)
    charter = handbook / "charters" / "harborline-logistics.yaml"
    charter.write_bytes(charter.read_bytes())
    assert generate(generator).rendered == []
    assert not generator.checked


def test_a_text_edit_renders_that_charter_and_the_portfolio_only(handbook: Path) -> None:
    generator = generator_of(handbook)
    generate(generator)
    edit(handbook, "harborline-logistics", "purpose: |\n", "purpose: |\n  Edited for serve.\n")

    site = generate(generator)

    assert generator.checked
    # The portfolio is rendered from whole charters: an edited template may show any field.
    assert sorted(site.rendered) == ["charters/harborline-logistics.md", "index.md"]
    assert "Edited for serve." in next(p.markdown for p in site.pages if p.path == HARBORLINE)
    assert_same_site(site, fresh(handbook))


def test_a_new_term_use_renders_the_glossary_and_the_term_s_users(handbook: Path) -> None:
    generator = generator_of(handbook)
    generate(generator)
    edit(
        handbook,
        "kestrel-support-services",
        "purpose: |\n",
        "purpose: |\n  Every key account is answered first.\n",
    )

    site = generate(generator)

    # Harborline uses the term too: its page holds the term's entry, which lists its users.
    assert sorted(site.rendered) == [
        HARBORLINE,
        "charters/kestrel-support-services.md",
        "glossary.md",
        "index.md",
    ]
    assert_same_site(site, fresh(handbook))


def test_a_changed_definition_renders_every_page(handbook: Path) -> None:
    """Every page links terms with their definition as a tooltip."""
    generator = generator_of(handbook)
    generate(generator)
    glossary = handbook / "charters" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    old = "      A customer whose relationship"
    assert old in text
    glossary.write_text(text.replace(old, "      Redefined: a customer whose relationship"))

    site = generate(generator)

    assert sorted(site.rendered) == sorted(p.path for p in fresh(handbook).pages)
    assert_same_site(site, fresh(handbook))


def test_a_template_edit_renders_every_page_that_uses_it(handbook: Path) -> None:
    generator = generator_of(handbook)
    generate(generator)
    template = handbook / "templates" / "partials" / "meetings.md.j2"
    template.write_text(template.read_text() + "\nNotes live in the shared drive.\n")

    site = generate(generator)

    assert not generator.checked
    assert sorted(site.rendered) == sorted(p.path for p in fresh(handbook).pages)
    assert all(
        "Notes live in the shared drive." in page.markdown
        for page in site.pages
        if page.path.startswith("charters/")
    )
    assert_same_site(site, fresh(handbook))


def test_a_new_day_checks_and_renders_again(handbook: Path) -> None:
    generator = generator_of(handbook)
    generate(generator)
    later = TODAY + datetime.timedelta(days=40)
    site = generate(generator, later)
    assert generator.checked
    assert "index.md" in site.rendered
    assert_same_site(site, fresh(handbook, later))


def test_a_removed_charter_leaves_no_page_or_file(handbook: Path) -> None:
    generator = generator_of(handbook)
    generate(generator)
    (handbook / "charters" / "learnwell-academy.yaml").unlink()
    site = generate(generator)
    assert "charters/learnwell-academy.md" not in {page.path for page in site.pages}
    assert "calendar/learnwell-academy.ics" not in site.files
    assert_same_site(site, fresh(handbook))


def test_a_broken_template_keeps_the_previous_pages_for_after_the_fix(handbook: Path) -> None:
    from generator.site.generate import BuildFailed

    generator = generator_of(handbook)
    first = generate(generator)
    template = handbook / "templates" / "glossary.md.j2"
    written = template.read_text()
    template.write_text(written + "{% if %}\n")
    with pytest.raises(BuildFailed, match=r"glossary\.md\.j2:\d+: template syntax error"):
        generate(generator)
    template.write_text(written)
    again = generate(generator)
    assert_same_site(again, first)


# The charters export, written item by item ----------------------------------------------


@pytest.mark.parametrize("folder", [FIXTURE_CHARTERS, HOSTILE_CHARTERS], ids=["fixture", "hostile"])
def test_the_charters_export_text_is_the_json_of_the_export(folder: Path) -> None:
    result = check_paths([str(folder)], Settings(), TODAY)
    expected = exports.export_json(exports.charters_export(result, TODAY, Settings()))
    memo = exports.ExportMemo()
    assert exports.charters_export_text(result, TODAY, Settings(), memo) == expected
    assert exports.charters_export_text(result, TODAY, Settings(), memo) == expected


def test_the_charters_export_text_of_no_charters(tmp_path: Path) -> None:
    shutil.copy(FIXTURE_CHARTERS / "glossary.yaml", tmp_path / "glossary.yaml")
    result = check_paths([str(tmp_path)], Settings(), TODAY)
    expected = exports.export_json(exports.charters_export(result, TODAY, Settings()))
    assert exports.charters_export_text(result, TODAY, Settings()) == expected


def test_a_calendar_with_its_time_zone_spliced_in_is_what_icalendar_writes() -> None:
    """The VTIMEZONE is written once per zone and year and spliced into each calendar: the
    bytes are those of the calendar with the component added as its first."""
    result = check_paths([str(FIXTURE_CHARTERS)], Settings(), TODAY)
    zoned = [c for c in result.valid_charters if c.meetings.timezone and c.meetings.day]
    assert zoned
    for charter in zoned:
        written = exports.charter_calendar(charter, today=TODAY)
        calendar = Calendar.from_ical(written)
        (meeting, _review) = calendar.walk("VEVENT")
        assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT", "VEVENT"]
        first = datetime.date(meeting.start.year, 1, 1)
        calendar.subcomponents[0] = Timezone.from_tzinfo(
            ZoneInfo(charter.meetings.timezone or ""),
            tzid=charter.meetings.timezone,
            first_date=first,
            last_date=first.replace(year=first.year + exports.TIMEZONE_YEARS),
        )
        assert calendar.to_ical() == written


# Plain text skips the Markdown engine --------------------------------------------------


def page_text() -> PageText:
    entries = [
        GlossaryEntry("QBR", "A quarterly review", ["quarterly business review"], "term-qbr"),
        GlossaryEntry("key account", "One of our largest", [], "term-key-account"),
    ]
    return PageText("charters/acme.md", entries, "glossary.md")


LETTERS = "aZé ß0123456789.,;:'\"()%/?-+#=|~^${}@\u0301"
SIGNS = "\u00a0\u2028\ufeff\t\n*_`[]<>&!\\"
WORDS = ["QBR", "key account", "quarterly business review", "Key  Account", "1.", "- "]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.text(alphabet=LETTERS, max_size=8),
            st.text(alphabet=LETTERS + SIGNS, max_size=3),
        ),
        max_size=8,
    )
)
def test_plain_text_renders_as_the_markdown_engine_renders_it(pieces: list[str]) -> None:
    text = " ".join(pieces)
    fast_inline, fast_block = page_text().inline(text), page_text().block(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_text, "is_plain", lambda text: False)
        assert page_text().inline(text) == fast_inline
        assert page_text().block(text) == fast_block


@pytest.mark.parametrize(
    "text",
    [
        "",
        " leading blank",
        "trailing blank ",
        "two\nlines",
        "a\ttab",
        "1. a list",
        "- a list",
        "# a heading",
        "> a quote",
        "*emphasis*",
        "a [link](x.yaml)",
        "a <b>tag</b>",
        "an &amp; entity",
        "no\u00a0break",
    ],
)
def test_text_markdown_could_read_is_not_plain(text: str) -> None:
    assert not is_plain(text)


def test_most_sentences_are_plain() -> None:
    assert is_plain("Raise the number of certified consultants from 9 to 15 (by Q3).")
