"""The charter page's polish (issue 13): accomplishments name their goal, goal rows name their
objective by a short title, no table has an empty header, the page links to the file to edit
and says when it last changed, and a sparkline shows the key goals done per period.

Pages are rendered from the fixture handbook (``tests/fixtures/handbook``), read as Markdown
(the tables) or as the HTML the site's Markdown pass makes of them.
"""

from __future__ import annotations

import datetime
import inspect
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.check.schema import Accomplishment, Charter, KeyGoal, Period
from generator.check.validate import CheckResult, check_paths
from generator.settings import Settings
from generator.site import git_dates
from generator.site import render as render_module
from generator.site.charter_view import (
    charter_index,
    charter_view,
    charters_edit_base,
    objective_title,
    plain_text,
    trend_of,
)
from generator.site.render import RenderedSite, render_site
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY
from tests.test_render import as_text, read_html
from tests.test_render_strategy import HARBORLINE, html_of, render, section, with_fields

TEMPLATES = REPOSITORY / "templates"


@pytest.fixture(scope="module")
def site() -> RenderedSite:
    return render()


def checked() -> CheckResult:
    return check_paths([str(FIXTURE_CHARTERS)], Settings(), TODAY)


def harborline(result: CheckResult | None = None) -> Charter:
    result = result or checked()
    (charter,) = [c.charter for c in result.charters if c.charter_id == "harborline-logistics"]
    assert charter is not None
    return charter


def links(html: str) -> list[tuple[str, str | None]]:
    """Each link's text and address, in order."""
    found = re.findall(r"<a\b([^>]*)>(.*?)</a>", html, re.S)
    return [
        (as_text(text), dict(read_html(f"<a{attrs}>").tags[0][1]).get("href"))
        for attrs, text in found
    ]


# Accomplishments and goals ---------------------------------------------------------------------


def test_accomplishments_link_to_their_goal_by_title(site: RenderedSite) -> None:
    html = html_of(site, HARBORLINE)
    assert links(section(html, "Accomplishments")) == [
        (
            "Agree a joint peak season support rota covering 20 November to 4 January.",
            "#goal-q4-peak-rota",
        ),
        ("Take the two pilot regions live on Lane Forecast.", "#goal-q3-pilot-regions"),
    ]
    assert 'id="goal-q4-peak-rota"' in section(html, "Key goals for 2026-Q4")
    assert 'id="goal-q3-pilot-regions"' in section(html, "2026-Q3")


def test_every_link_within_a_charter_page_has_its_target(site: RenderedSite) -> None:
    pages = [page.path for page in site.pages if page.path.startswith("charters/")]
    assert len(pages) == 6
    for path in pages:
        html = html_of(site, path)
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        targets = {href[1:] for _, href in links(html) if href and href.startswith("#")}
        assert targets and targets <= ids, (path, targets - ids)
        assert len(re.findall(r'\bid="(goal-[^"]+)"', html)) == len(
            set(re.findall(r'\bid="(goal-[^"]+)"', html))
        ), path


def test_an_accomplishment_naming_an_unknown_goal_shows_the_id_as_text() -> None:
    """Check reports the dangling id; the page must still render, without a link."""
    result = checked()
    unknown = Accomplishment(date=datetime.date(2026, 11, 1), summary="Done.", goal="no-such-goal")
    with_fields(result, "harborline-logistics", accomplishments=[unknown])
    html = html_of(render_site(result, Settings(), TODAY, TEMPLATES), HARBORLINE)
    accomplishments = section(html, "Accomplishments")
    assert as_text(accomplishments) == "1 November 2026 Done. goal no-such-goal"
    assert "<a " not in accomplishments


def test_a_goal_id_two_periods_share_links_the_period_of_the_accomplishment() -> None:
    charter = harborline()
    past = charter.history[0]
    shared = past.key_goals[0].model_copy(update={"id": "q4-peak-rota", "goal": "*Old* rota"})
    charter = charter.model_copy(
        update={
            "history": [past.model_copy(update={"key_goals": [shared]})],
            "accomplishments": [
                Accomplishment(date=datetime.date(2026, 8, 1), summary="Q3.", goal="q4-peak-rota"),
                Accomplishment(date=datetime.date(2026, 12, 1), summary="Q4.", goal="q4-peak-rota"),
            ],
        }
    )
    view = charter_view(charter, TODAY, charter_index([(charter, HARBORLINE)]))
    assert [row.anchor for row in view.history[0].goals] == ["goal-q4-peak-rota-2026-07-01"]
    assert "goal-q4-peak-rota" in [row.anchor for row in view.current.goals]
    assert [(row.summary, row.goal_title, row.goal_anchor) for row in view.accomplishments] == [
        (
            "Q4.",
            "Agree a joint peak season support rota covering 20 November to 4 January.",
            "goal-q4-peak-rota",
        ),
        ("Q3.", "Old rota", "goal-q4-peak-rota-2026-07-01"),
    ]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Ship the pilot.", "Ship the pilot."),
        ("*Ship* the [pilot](https://example.com) `now`", "Ship the pilot now"),
        ("<b>bold</b> & more", "<b>bold</b> & more"),
    ],
)
def test_goal_titles_in_links_are_plain_text(text: str, plain: str) -> None:
    assert plain_text(text) == plain


def test_measures_and_mitigations_are_labelled_text_of_normal_size(site: RenderedSite) -> None:
    page = next(p.markdown for p in site.pages if p.path == HARBORLINE)
    assert "<small>Measure" not in page and "<small>Mitigation" not in page
    html = html_of(site, HARBORLINE)
    (first,) = [row for row in section(html, "Key goals for 2026-Q4").split("<tr>") if "six" in row]
    assert '<span class="handbook-label">Measure:</span> 6 of 6 regions' in first


# Objectives ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("objective_id", "statement", "title"),
    [
        ("demand-driven-roadmap", "", "Demand-driven roadmap"),
        ("forecasting-adoption", "Move every team onto Lane Forecast.", "Forecasting adoption"),
        ("team-well-being", "Protect our well-being.", "Team well-being"),
        ("qbr-cadence", "Hold a QBR every quarter.", "QBR cadence"),
        ("move-faster", "Move faster.", "Move faster"),
        ("a", "", "A"),
        ("cloud-based-2027-plan", "", "Cloud-based 2027 plan"),
    ],
)
def test_objectives_have_short_titles_from_their_ids(
    objective_id: str, statement: str, title: str
) -> None:
    assert objective_title(objective_id, statement) == title


def test_goal_rows_name_their_objective_by_its_short_title(site: RenderedSite) -> None:
    html = html_of(site, HARBORLINE)
    goals = section(html, "Key goals for 2026-Q4").split("</table>")[0]
    assert [link for link in links(goals) if link[1] and link[1].startswith("#")] == [
        ("Forecasting adoption", "#objective-forecasting-adoption"),
        ("Secure renewal", "#objective-secure-renewal"),
        ("Sustainable peak", "#objective-sustainable-peak"),
    ]
    statement = "Move every Harborline regional planning team onto Lane Forecast dashboards."
    assert as_text(html).count(statement) == 1
    objectives = section(html, "Objectives")
    assert re.search(
        r'<strong id="objective-forecasting-adoption" class="handbook-objective">'
        r"Forecasting adoption</strong>: Move every Harborline",
        objectives,
    )


# Tables ----------------------------------------------------------------------------------------

_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def table_headers(markdown: str) -> list[list[str]]:
    """The header cells of every Markdown table: the line above each delimiter row (a row of
    dashes with at least one ``|``, unlike a front matter fence or a rule)."""
    lines = markdown.splitlines()
    return [
        [cell.strip() for cell in lines[number - 1].strip().strip("|").split("|")]
        for number, line in enumerate(lines)
        if number and "|" in line and _DELIMITER_ROW.match(line)
    ]


def test_no_charter_page_has_a_table_without_headers(site: RenderedSite) -> None:
    pages = [page for page in site.pages if page.path.startswith("charters/")]
    for page in pages:
        headers = table_headers(page.markdown)
        assert headers, page.path
        assert all(all(cells) for cells in headers), (page.path, headers)
        for head in re.findall(r"<thead>(.*?)</thead>", html_of(site, page.path), re.S):
            assert all(as_text(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head))


def test_the_table_check_sees_an_empty_header() -> None:
    assert table_headers("---\nx: 1\n---\n| | |\n| --- | --- |\n| a | b |\n\n---\n") == [["", ""]]


def test_the_review_dates_are_a_list_of_labels_and_values(site: RenderedSite) -> None:
    review = section(html_of(site, HARBORLINE), "Review")
    assert "<table" not in review
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", review)
    assert pairs == [("Last reviewed", "24 September 2026"), ("Next review", "14 January 2027")]


def test_owners_and_members_link_to_their_person_pages(site: RenderedSite) -> None:
    html = html_of(site, HARBORLINE)
    (owner,) = re.findall(r'<span class="handbook-chip handbook-owner">(.*?)</span>', html)
    assert links(owner) == [("Daniel Reyes", "../people/daniel-reyes.md")]
    members = section(html, "Members").split("</table>")[0]
    assert ("Marcus Bell", "../people/marcus-bell.md") in links(members)
    goals = section(html, "Key goals for 2026-Q4")
    assert ("Lena Fischer", "../people/lena-fischer.md") in links(goals)
    risks = section(html, "Risks and blockers")
    assert ("Marcus Bell", "../people/marcus-bell.md") in links(risks)


# Edit this charter, last changed ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (("https://github.com/org/handbook", "edit/main/docs/"), "edit/main/charters/"),
        (("https://github.com/org/handbook/", "edit/main/"), "edit/main/charters/"),
        (("https://github.com/org/handbook", None), "edit/master/charters/"),
        (("https://gitlab.com/org/handbook", None), "edit/master/charters/"),
        (("https://bitbucket.org/org/handbook", None), "src/default/charters/"),
        (("https://github.com/org/handbook", "edit/main/docs"), "edit/main/charters/"),
        (("https://github.com/org/handbook", ""), None),
        (("https://git.example.org/org/handbook", None), None),
        ((None, None), None),
        (("javascript:alert(1)", "edit/main/"), None),
    ],
)
def test_edit_addresses_follow_mkdocs_repo_url_and_edit_uri(
    settings: tuple[str | None, str | None], expected: str | None
) -> None:
    repo_url, edit_uri = settings
    base = charters_edit_base(repo_url, edit_uri)
    root = (repo_url or "").rstrip("/")
    assert base == (f"{root}/{expected}" if expected else None)


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            {"repo_url": None, "edit_uri": "https://example.org/r/-/edit/main/docs/"},
            "https://example.org/r/-/edit/main/charters/",
        ),
        (
            {
                "repo_url": "https://github.com/o/r",
                "edit_uri": "edit/main/handbook/docs/",
                "charters_dir": "charters/active",
            },
            "https://github.com/o/r/edit/main/handbook/charters/active/",
        ),
        (
            {
                "repo_url": "https://github.com/o/r",
                "edit_uri": "edit/main/site/docs/",
                "charters_dir": "../charters",
            },
            "https://github.com/o/r/edit/main/charters/",
        ),
        (
            {
                "repo_url": "https://github.com/o/r",
                "edit_uri": "edit/main/content/",
                "docs_dir": "content",
            },
            "https://github.com/o/r/edit/main/charters/",
        ),
        (
            {
                "repo_url": "https://github.com/o/r",
                "edit_uri": None,
                "edit_uri_template": "blob/main/docs/{path}",
            },
            "https://github.com/o/r/blob/main/charters/",
        ),
        (
            {
                "repo_url": "https://github.com/o/r",
                "edit_uri": "edit/main/docs/",
                "edit_uri_template": "edit?file={path!q}",
            },
            None,
        ),
    ],
)
def test_edit_address_rules(arguments: dict[str, Any], expected: str | None) -> None:
    assert charters_edit_base(**arguments) == expected


def render_with(
    monkeypatch: pytest.MonkeyPatch, edit_base: str | None, changed: dict[str, datetime.date]
) -> str:
    """Harborline's page rendered with an edit address and git dates.

    Through ``render_site`` once it takes them (the patch to render.py in the report of issue
    13); until then, the two values are added to what every page is rendered with.
    """
    result = checked()
    if "edit_base" in inspect.signature(render_site).parameters:
        site = render_site(
            result,
            Settings(),
            TODAY,
            TEMPLATES,
            edit_base=edit_base,  # type: ignore[call-arg,unused-ignore]
            last_changed=changed,  # type: ignore[call-arg,unused-ignore]
        )
    else:
        original: Any = render_module._render

        def with_values(*args: Any, **context: Any) -> render_module.GeneratedPage:
            common = {"edit_base": edit_base, "last_changed": changed}
            shared = [
                {**arg, **common} if isinstance(arg, dict) and "directory_urls" in arg else arg
                for arg in args
            ]
            page: render_module.GeneratedPage = original(*shared, **context)
            return page

        monkeypatch.setattr(render_module, "_render", with_values)
        site = render_site(result, Settings(), TODAY, TEMPLATES)
    return html_of(site, HARBORLINE)


def test_a_page_links_to_its_file_and_says_when_it_last_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edit_base = charters_edit_base("https://github.com/org/handbook", "edit/main/docs/")
    changed = {"harborline-logistics": datetime.date(2026, 11, 12)}
    html = render_with(monkeypatch, edit_base, changed)
    (line,) = re.findall(r'<p class="handbook-source">(.*?)</p>', html)
    assert as_text(line) == "Last changed 12 November 2026 · Edit this charter"
    assert '<time datetime="2026-11-12">' in line
    assert links(line) == [
        (
            "Edit this charter",
            "https://github.com/org/handbook/edit/main/charters/harborline-logistics.yaml",
        )
    ]


@pytest.mark.parametrize(
    ("edit_base", "changed", "shown"),
    [
        (None, {"harborline-logistics": datetime.date(2026, 1, 5)}, "Last changed 5 January 2026"),
        (
            "https://example.org/edit/charters/",
            {"other": datetime.date(2026, 1, 5)},
            "Edit this charter",
        ),
        (None, {}, None),
    ],
)
def test_a_page_shows_only_what_it_has(
    monkeypatch: pytest.MonkeyPatch,
    edit_base: str | None,
    changed: dict[str, datetime.date],
    shown: str | None,
) -> None:
    html = render_with(monkeypatch, edit_base, changed)
    line = re.findall(r'<p class="handbook-source">(.*?)</p>', html)
    assert [as_text(text) for text in line] == ([shown] if shown else [])


def test_without_the_site_s_values_no_page_has_an_edit_link(site: RenderedSite) -> None:
    for page in site.pages:
        assert "handbook-source" not in page.markdown


def git(repo: Path, *arguments: str, date: str | None = None) -> None:
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        environment |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *arguments],
        cwd=repo,
        env=environment,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A throwaway repository whose charters changed in two commits."""
    repo = tmp_path / "repo"
    charters = repo / "charters"
    (charters / "archive").mkdir(parents=True)
    for name in ("acme.yaml", "beta.yaml", "notes.md", "archive/old.yml"):
        (charters / name).write_text("id: x\n", encoding="utf-8")
    (repo / "outside.yaml").write_text("x: 1\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first", date="2026-01-02T10:00:00+01:00")
    (charters / "acme.yaml").write_text("id: acme\n", encoding="utf-8")
    (repo / "outside.yaml").write_text("x: 2\n", encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "second", date="2026-03-04T23:30:00-05:00")
    (charters / "beta.yaml").write_text("id: beta, not committed\n", encoding="utf-8")
    return charters


def test_git_dates_are_each_charter_file_s_last_commit(repository: Path) -> None:
    assert git_dates.last_changed(repository) == {
        "acme": datetime.date(2026, 3, 4),  # the committer's own day, not UTC's
        "beta": datetime.date(2026, 1, 2),  # uncommitted changes do not count
        "old": datetime.date(2026, 1, 2),
    }


def test_git_dates_ask_git_once(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    run = subprocess.run

    def counted(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return run(command, **options)

    monkeypatch.setattr(subprocess, "run", counted)
    assert len(git_dates.last_changed(repository)) == 3
    assert len(calls) == 1


def test_git_dates_are_empty_outside_git(tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text("id: acme\n", encoding="utf-8")
    assert git_dates.last_changed(tmp_path) == {}
    assert git_dates.last_changed(tmp_path / "missing") == {}


def test_git_dates_are_empty_without_git(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repository / "no-bin"))
    assert git_dates.last_changed(repository) == {}


def test_git_dates_are_empty_when_git_takes_too_long(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(*arguments: Any, **options: Any) -> subprocess.CompletedProcess[bytes]:
        raise subprocess.TimeoutExpired("git", git_dates.GIT_TIMEOUT)

    monkeypatch.setattr(subprocess, "run", slow)
    assert git_dates.last_changed(repository) == {}


def test_the_log_is_read_in_one_pass_newest_first() -> None:
    log = "\x012026-03-04\na.yaml\0\0\x012026-01-02\na.yaml\0b.yml\0c.md\0\0\x01garbage\nd.yaml\0"
    assert git_dates.parse_log(log) == {
        "a": datetime.date(2026, 3, 4),
        "b": datetime.date(2026, 1, 2),
    }


# Trend -----------------------------------------------------------------------------------------


def sparkline(html: str) -> str:
    (figure,) = re.findall(r"<figure class=\"handbook-trend\">.*?</figure>", html, re.S)
    return str(figure)


def test_the_trend_counts_done_key_goals_oldest_first(site: RenderedSite) -> None:
    view = charter_view(harborline(), TODAY, charter_index([]))
    assert view.trend is not None
    assert [(p.label, p.done, p.total) for p in view.trend.points] == [
        ("2026-Q3", 1, 2),
        ("2026-Q4", 1, 3),
    ]
    figure = sparkline(html_of(site, HARBORLINE))
    caption = "Key goals done per period: 2026-Q3 1 of 2, 2026-Q4 1 of 3"
    assert as_text(re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", figure)[0]) == f"{caption}."
    assert as_text(re.findall(r"<title>(.*?)</title>", figure)[0]) == caption
    assert 'viewBox="0 0 30 24"' in figure and 'role="img"' in figure
    assert 'aria-labelledby="handbook-trend-caption"' in figure


def test_the_sparkline_scales_to_the_most_key_goals_of_any_period() -> None:
    charter = harborline()
    goals = charter.period.key_goals
    done = [goal.model_copy(update={"status": "done"}) for goal in goals]
    periods = [
        Period(length="quarterly", label=f"P{n}", start=start, end=start, key_goals=key_goals)
        for n, (start, key_goals) in enumerate(
            [
                (datetime.date(2025, 1, 1), done),
                (datetime.date(2025, 4, 1), goals[:1]),
                (datetime.date(2025, 7, 1), []),
            ]
        )
    ]
    view = charter_view(
        charter.model_copy(update={"history": periods[:2], "period": periods[2]}),
        TODAY,
        charter_index([]),
    )
    assert view.trend is not None
    assert view.trend.path == "3,3 27,21 51,21"
    assert (view.trend.view_box, view.trend.zero) == ("0 0 54 24", "21")
    assert trend_of([]).points == ()


def test_a_charter_without_past_periods_has_no_sparkline(site: RenderedSite) -> None:
    for page in site.pages:
        if page.path.startswith("charters/"):
            charter_id = page.path.removeprefix("charters/").removesuffix(".md")
            history = "history:" in (FIXTURE_CHARTERS / f"{charter_id}.yaml").read_text()
            assert ("handbook-sparkline" in page.markdown) == history, page.path


def test_the_sparkline_draws_with_the_text_colour_only(site: RenderedSite) -> None:
    figure = sparkline(html_of(site, HARBORLINE))
    colours = re.findall(r'\b(?:fill|stroke|color|stop-color)="([^"]*)"', figure)
    assert colours and set(colours) <= {"none", "currentColor"}
    assert "style=" not in figure and "#" not in figure.replace("&#", "")


@pytest.mark.parametrize(
    "label",
    ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "Q3 {{ 7 * 7 }} & [x](javascript:1)"],
)
def test_period_labels_in_the_sparkline_stay_text(label: str) -> None:
    result = checked()
    past = harborline(result).history[0]
    with_fields(result, "harborline-logistics", history=[past.model_copy(update={"label": label})])
    first = render_site(result, Settings(), TODAY, TEMPLATES)
    html = html_of(first, HARBORLINE)
    figure = sparkline(html)
    tags = [tag for tag, _ in read_html(figure).tags]
    assert tags == ["figure", "svg", "title", "line", "polyline", "circle", "circle", "figcaption"]
    for _, attributes in read_html(figure).tags:
        assert not any(name.startswith("on") for name in attributes)
    assert f"Key goals done per period: {label} 1 of 2, 2026-Q4 1 of 3." in as_text(figure)
    again = render_site(result, Settings(), TODAY, TEMPLATES)
    assert [p.markdown for p in again.pages] == [p.markdown for p in first.pages]


def test_goal_rows_keep_the_schema_s_fields() -> None:
    """The view's goal rows hold the key goal itself: templates may show any of its fields."""
    view = charter_view(harborline(), TODAY, charter_index([]))
    assert all(isinstance(row.goal, KeyGoal) for row in view.current.goals)
