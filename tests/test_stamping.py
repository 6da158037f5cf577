"""``mkdocs build`` writes the person pages from one rendered layout, and lets the background
process convert generated pages MkDocs has not reached: the site is byte for byte the one
MkDocs and Material build page by page, on the samples and on hostile text."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from generator.site import background, stamping
from tests.conftest import FIXTURE_CHARTERS, TODAY_EPOCH, assert_same_sites, copy_handbook

HOSTILE_CHARTERS = Path(__file__).parent / "fixtures" / "hostile" / "charters"

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child is forked, which only Linux does safely"
)


@pytest.fixture(params=["samples", "hostile"])
def handbook(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    charters = HOSTILE_CHARTERS if request.param == "hostile" else FIXTURE_CHARTERS
    folder = copy_handbook(tmp_path / "handbook", charters)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    return folder


class Build:
    """What one ``mkdocs build`` did: the pages MkDocs built itself, the bodies it was given."""

    def __init__(self) -> None:
        self.built_by_mkdocs: list[str] = []
        self.bodies_given: list[str] = []


def build(
    handbook: Path,
    site: Path,
    *,
    stamp: bool,
    in_background: bool = False,
    child_first: bool = False,
    config_file: str = "mkdocs.yml",
) -> Build:
    """``mkdocs build`` with person pages stamped or not, with or without the child; with
    ``child_first`` MkDocs reads no page before the child has made every body."""
    seen = Build()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(background, "available", lambda pages: in_background)
        if not stamp:
            patch.setattr(stamping, "can_stamp", lambda config, serving: False)
        build_page = mkdocs_build._build_page

        def record_page(page, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.built_by_mkdocs.append(page.file.src_uri)
            return build_page(page, *args, **kwargs)

        patch.setattr(mkdocs_build, "_build_page", record_page)
        apply = stamping.Body.apply

        def record_body(body, page, files):  # type: ignore[no-untyped-def]
            seen.bodies_given.append(body.path)
            return apply(body, page, files)

        patch.setattr(stamping.Body, "apply", record_body)
        if child_first:
            claim = background.BackgroundSite.claim

            def late_claim(rendering, path):  # type: ignore[no-untyped-def]
                rendering.bodies()  # the child has done everything it will do
                return claim(rendering, path)

            patch.setattr(background.BackgroundSite, "claim", late_claim)
        config = load_config(config_file=str(handbook / config_file), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    return seen


def person_pages(site: Path) -> list[str]:
    return sorted(path.parent.name for path in (site / "people").glob("*/index.html"))


def test_stamped_person_pages_are_the_pages_mkdocs_builds(handbook: Path, tmp_path: Path) -> None:
    config = handbook / "mkdocs.yml"  # with an address: canonical links and a full sitemap
    config.write_text("site_url: https://handbook.example/\n" + config.read_text())
    usual = build(handbook, tmp_path / "usual", stamp=False)
    stamped = build(handbook, tmp_path / "stamped", stamp=True)
    people = person_pages(tmp_path / "usual")
    assert len(people) >= 3
    assert all(f"people/{person}.md" in usual.built_by_mkdocs for person in people)
    assert not any(f"people/{person}.md" in stamped.built_by_mkdocs for person in people)
    assert "people.md" in stamped.built_by_mkdocs  # the index stays an ordinary page
    assert "https://handbook.example/people/" in (tmp_path / "stamped/sitemap.xml").read_text()
    assert_same_sites(tmp_path / "usual", tmp_path / "stamped")


@linux_only
def test_pages_the_child_converts_are_the_pages_mkdocs_converts(
    handbook: Path, tmp_path: Path
) -> None:
    build(handbook, tmp_path / "usual", stamp=False)
    ahead = build(handbook, tmp_path / "ahead", stamp=True, in_background=True, child_first=True)
    generated = [path for path in ahead.built_by_mkdocs if path.startswith("charters/")]
    assert generated, "the charters' pages are built by MkDocs"
    assert set(generated) <= set(ahead.bodies_given)  # their HTML came from the child
    assert {"index.md", "glossary.md", "people.md"} <= set(ahead.bodies_given)
    assert_same_sites(tmp_path / "usual", tmp_path / "ahead")


@linux_only
def test_a_child_that_dies_making_bodies_is_replaced_by_making_them_here(
    handbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    bodies = stamping.BodyMaker.bodies

    def die_in_child(maker, pages):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            os._exit(3)
        return bodies(maker, pages)

    build(handbook, tmp_path / "usual", stamp=False)
    monkeypatch.setattr(stamping.BodyMaker, "bodies", die_in_child)
    build(handbook, tmp_path / "child", stamp=True, in_background=True)
    assert_same_sites(tmp_path / "usual", tmp_path / "child")


def test_links_to_stamped_pages_leave_no_note(
    handbook: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        build(handbook, tmp_path / "site", stamp=True)
    notes = [r.getMessage() for r in caplog.records if "excluded from the built" in r.getMessage()]
    assert notes == []
    assert person_pages(tmp_path / "site")


def test_another_plugin_gets_every_page_built_by_mkdocs(handbook: Path, tmp_path: Path) -> None:
    config = (handbook / "mkdocs.yml").read_text()
    assert "plugins:\n  - search\n" in config
    (handbook / "tags.yml").write_text(
        config.replace("plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n")
    )
    loaded = load_config(config_file=str(handbook / "tags.yml"))
    assert not stamping.can_stamp(loaded, serving=False)
    seen = build(handbook, tmp_path / "site", stamp=True, config_file="tags.yml")
    people = person_pages(tmp_path / "site")
    assert people
    assert all(f"people/{person}.md" in seen.built_by_mkdocs for person in people)


def test_serving_builds_every_page_with_mkdocs(handbook: Path) -> None:
    config = load_config(config_file=str(handbook / "mkdocs.yml"))
    assert stamping.can_stamp(config, serving=False)
    assert not stamping.can_stamp(config, serving=True)


def with_main_template(handbook: Path, template: str) -> None:
    """``own.yml``: the handbook's configuration with the theme's ``main.html`` overridden."""
    overrides = handbook / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(template)
    config = (handbook / "mkdocs.yml").read_text()
    assert "  name: material\n" in config
    (handbook / "own.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    )


def test_a_theme_that_does_not_show_the_content_fails_with_a_reason(
    handbook: Path, tmp_path: Path
) -> None:
    with_main_template(handbook, '{% extends "base.html" %}\n{% block content %}{% endblock %}\n')
    with pytest.raises((PluginError, Abort)) as raised:
        build(handbook, tmp_path / "site", stamp=True, config_file="own.yml")
    shown = str(raised.value) + str(raised.value.__context__ or "")
    assert "does not show the page's content" in shown


def test_a_theme_that_shows_a_value_differently_gets_pages_rendered_in_full(
    handbook: Path, tmp_path: Path
) -> None:
    """A layout whose placeholders would not give the page MkDocs builds is not used."""
    with_main_template(
        handbook,
        '{% extends "base.html" %}\n{% block content %}'
        '<p data-title="{{ page.meta.title | default("") | urlencode }}">'
        "{{ page.title | upper }}</p>{{ super() }}{% endblock %}\n",
    )
    build(handbook, tmp_path / "usual", stamp=False, config_file="own.yml")
    build(handbook, tmp_path / "stamped", stamp=True, config_file="own.yml")
    assert_same_sites(tmp_path / "usual", tmp_path / "stamped")


@linux_only
def test_what_mkdocs_says_about_a_page_the_child_converted_is_said_in_the_build(
    handbook: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """What MkDocs logs converting a page (here: a link to no page) reaches the build's log,
    where ``--strict`` counts warnings, whichever process converted the page."""
    for name in ("charter.md.j2", "person.md.j2"):
        template = handbook / "templates" / name
        template.write_text(template.read_text() + "\n[Gone](no-such-page.md)\n")

    def notes_of(**options: bool) -> list[tuple[int, str]]:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            build(handbook, tmp_path / str(len(options)), **options)
        found = [(r.levelno, r.getMessage()) for r in caplog.records]
        return sorted(note for note in found if "no-such-page" in note[1])

    usual = notes_of(stamp=False)
    assert any("'charters/" in message for _, message in usual)
    assert any("'people/" in message for _, message in usual)
    assert notes_of(stamp=True, in_background=True, child_first=True) == usual


def test_search_finds_each_person_and_charter_on_their_own_page(
    handbook: Path, tmp_path: Path
) -> None:
    """The portfolio and the people index list everyone and everything, so they are left out
    of the search, which would otherwise match them for every name."""
    build(handbook, tmp_path / "site", stamp=True)
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    pages = {entry["location"].split("#", 1)[0] for entry in index["docs"]}
    people = person_pages(tmp_path / "site")
    assert {f"people/{person}/" for person in people} <= pages
    assert any(page.startswith("charters/") for page in pages)
    assert "" not in pages  # the portfolio
    assert "people/" not in pages  # the people index
    assert "glossary/" in pages
