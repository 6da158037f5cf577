"""The portfolio dashboard's data (issue 13): health and its reasons, the next meeting, key
goals done per quarter by tier, and the relation map's layout, cap and escaping.

Charters come from the frozen fixture handbook, edited in memory where a case needs a date or a
status it does not have. The browser side (filters, sorting, phones, dark mode) is
tests/browser/test_dashboard.py.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from generator.check.schema import Charter, KeyGoal, Period, Relation
from generator.check.validate import check_paths
from generator.settings import Settings
from generator.site.generate import check_and_render
from generator.site.portfolio import (
    TIER_TITLES,
    CharterSummary,
    Trend,
    by_tier,
    goals_trend,
    summarise,
)
from generator.site.recurrence import next_meeting
from generator.site.relation_map import EDGE_LABELS_LIMIT, MAP_LIMIT, relation_map
from generator.site.render import RenderedSite
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY
from tests.test_render import read_html

DAY = datetime.timedelta(days=1)
HOSTILE = REPOSITORY / "tests" / "fixtures" / "hostile" / "charters"


def quiet(message: str) -> None:
    pass


@pytest.fixture(scope="module")
def charters() -> dict[str, Charter]:
    """The fixture handbook's charters by id."""
    result = check_paths([str(FIXTURE_CHARTERS)], Settings(), TODAY)
    found = {item.charter.id: item.charter for item in result.charters if item.charter}
    assert len(found) == 6
    return found


def edited(charter: Charter, **fields: Any) -> Charter:
    """``charter`` with top-level fields, or ``review``, ``period`` or ``meetings`` fields
    (``review__next_review``), replaced."""
    updates: dict[str, Any] = {}
    for name, value in fields.items():
        if "__" in name:
            section, field = name.split("__")
            current = updates.get(section, getattr(charter, section))
            updates[section] = current.model_copy(update={field: value})
        else:
            updates[name] = value
    return charter.model_copy(update=updates)


def reasons(charter: Charter, today: datetime.date = TODAY) -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in summarise(charter, 100, 0, today).health]


# Health and its reasons --------------------------------------------------------------------


def test_a_goal_at_risk_is_the_reason_and_carries_the_goal(charters: dict[str, Charter]) -> None:
    summary = summarise(charters["harborline-logistics"], 100, 0, TODAY)
    (reason,) = summary.health
    assert (reason.code, reason.label) == ("goal-at-risk", "goal at risk")
    assert reason.goal is not None and reason.goal.id == "q4-regions-live"
    assert not summary.healthy and summary.attention == [reason]


def test_a_healthy_relationship_has_no_reasons(charters: dict[str, Charter]) -> None:
    summary = summarise(charters["kestrel-support-services"], 100, 0, TODAY)
    assert summary.health == [] and summary.healthy and summary.health_with(90).rank == 0


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (-12, ("review-overdue", "review overdue 12 days")),
        (-1, ("review-overdue", "review overdue 1 day")),
        (0, ("review-due-soon", "review due today")),
        (23, ("review-due-soon", "review due in 23 days")),
        (30, ("review-due-soon", "review due in 30 days")),
    ],
)
def test_reviews_overdue_or_due_soon_say_by_how_many_days(
    charters: dict[str, Charter], days: int, expected: tuple[str, str]
) -> None:
    charter = edited(charters["kestrel-support-services"], review__next_review=TODAY + days * DAY)
    assert reasons(charter) == [expected]
    # A review due soon is worth a word but does not make the relationship unhealthy.
    assert summarise(charter, 100, 0, TODAY).healthy == (days >= 0)


def test_a_review_more_than_a_month_away_is_no_reason(charters: dict[str, Charter]) -> None:
    charter = edited(charters["kestrel-support-services"], review__next_review=TODAY + 31 * DAY)
    assert reasons(charter) == []


def test_a_period_that_ended_is_a_reason(charters: dict[str, Charter]) -> None:
    kestrel = charters["kestrel-support-services"]
    later = TODAY.replace(year=2027, month=1, day=4)  # the Q4 period ended on 31 December
    assert ("period-over", "period ended 4 days ago") in reasons(kestrel, later)


def test_an_overdue_meeting_says_since_when_it_was_expected(charters: dict[str, Charter]) -> None:
    charter = edited(
        charters["kestrel-support-services"], meetings__last_held=datetime.date(2026, 9, 7)
    )
    expected = next_meeting(charter.meetings)
    assert expected is not None and expected < TODAY
    summary = summarise(charter, 100, 0, TODAY)
    assert summary.next_meeting == expected and summary.meeting_overdue
    assert reasons(charter) == [
        ("meeting-overdue", f"meeting overdue {(TODAY - expected).days} days")
    ]


def test_missed_and_past_due_goals_are_reasons_with_their_goal(
    charters: dict[str, Charter],
) -> None:
    kestrel = charters["kestrel-support-services"]
    goals = [
        kestrel.period.key_goals[0].model_copy(update={"status": "missed"}),
        kestrel.period.key_goals[0].model_copy(
            update={"id": "late", "status": "on-track", "due": TODAY - 5 * DAY}
        ),
        kestrel.period.key_goals[0].model_copy(
            update={"id": "done-late", "status": "done", "due": TODAY - 5 * DAY}
        ),
    ]
    charter = edited(kestrel, period__key_goals=goals)
    summary = summarise(charter, 100, 0, TODAY)
    assert [(r.code, r.label, r.goal and r.goal.id) for r in summary.health] == [
        ("goal-missed", "goal missed", goals[0].id),
        ("goal-past-due", "goal 5 days past due", "late"),
    ]


def test_reasons_come_most_pressing_first(charters: dict[str, Charter]) -> None:
    charter = edited(
        charters["harborline-logistics"],
        review__next_review=TODAY - 2 * DAY,
        meetings__last_held=datetime.date(2026, 8, 13),
    )
    assert [code for code, _ in reasons(charter)] == [
        "review-overdue",
        "meeting-overdue",
        "goal-at-risk",
    ]


def test_a_retired_relationship_has_no_reasons(charters: dict[str, Charter]) -> None:
    charter = edited(
        charters["harborline-logistics"], status="retired", review__next_review=TODAY - 9 * DAY
    )
    assert reasons(charter) == []


@pytest.mark.parametrize(
    ("status", "needs_attention", "first"), [("active", True, True), ("proposed", False, False)]
)
def test_completeness_below_the_minimum_is_a_reason(
    charters: dict[str, Charter], status: str, needs_attention: bool, first: bool
) -> None:
    """Below its tier's minimum an active charter is unhealthy (a site is built despite it only
    when the check's minimum is lower); a draft is held to no minimum yet, so it is told only."""
    charter = edited(charters["harborline-logistics"], status=status)
    health = summarise(charter, 60, 0, TODAY).health_with(90)
    reason = health.reasons[0 if first else -1]
    assert (reason.code, reason.label) == (
        "below-minimum",
        "completeness 60, below the minimum of 90",
    )
    assert reason.needs_attention == needs_attention and not health.healthy  # goal at risk too
    assert health.rank == 2 + reason.rank
    assert (
        summarise(charter, 90, 0, TODAY).health_with(90).reasons
        == summarise(charter, 90, 0, TODAY).health
    )


# The portfolio page ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> RenderedSite:
    return check_and_render(
        FIXTURE_CHARTERS, REPOSITORY / "templates", Settings(), TODAY, quiet, quiet
    )


def portfolio_html(site: RenderedSite) -> str:
    page = next(p.markdown for p in site.pages if p.path == "index.md")
    return markdown.markdown(
        page.split("---", 2)[2], extensions=["admonition", "attr_list", "md_in_html", "tables"]
    )


def test_every_active_relationship_has_a_row_with_its_filters(
    site: RenderedSite, charters: dict[str, Charter]
) -> None:
    rows = {
        str(attributes["id"]): attributes
        for tag, attributes in read_html(portfolio_html(site)).tags
        if tag == "tr" and attributes.get("data-tier")
    }
    assert sorted(rows) == sorted(f"portfolio-{charter_id}" for charter_id in charters)
    harborline = rows["portfolio-harborline-logistics"]
    assert (harborline["data-tier"], harborline["data-status"], harborline["data-owner"]) == (
        "key",
        "active",
        "daniel-reyes",
    )


def test_the_chart_names_the_unhealthy_relationships_and_why(site: RenderedSite) -> None:
    html = portfolio_html(site)
    caption = re.search(r'<ul class="portfolio-unhealthy">(.*?)</ul>', html, re.S)
    assert caption is not None
    text = " ".join(re.sub(r"<[^>]+>", "", caption.group(1)).split())
    assert text.startswith(
        "Key accounts: 2 of 3 need attention: BrightPath Consulting implementation partnership "
        "(goal at risk); Harborline Logistics (goal at risk)."
    )
    assert "Growth: all healthy." in text
    assert 'href="#portfolio-harborline-logistics"' in caption.group(1)


def test_owners_link_to_their_person_pages(site: RenderedSite) -> None:
    html = portfolio_html(site)
    assert '<a href="people/daniel-reyes/">Daniel Reyes</a>' in html


# Trends ------------------------------------------------------------------------------------


def points(trend: Trend) -> list[tuple[str, int, int, bool]]:
    return [(p.quarter, p.done, p.total, p.current) for p in trend.points]


def summaries_of(charters: dict[str, Charter]) -> list[CharterSummary]:
    return [summarise(charter, 100, 0, TODAY) for charter in charters.values()]


def test_key_goals_done_per_quarter_by_tier(charters: dict[str, Charter]) -> None:
    key, growth, maintain = by_tier(summaries_of(charters))
    assert points(key.trend(TODAY)) == [("2026-Q3", 3, 4, False), ("2026-Q4", 3, 9, True)]
    assert points(growth.trend(TODAY)) == [("2026-Q4", 0, 4, True)]
    assert points(maintain.trend(TODAY)) == [("2026-Q4", 1, 2, True)]


def _period(label: str, start: datetime.date, end: datetime.date, done: int, other: int) -> Period:
    goal = {"objective": "o", "goal": "A goal."}
    goals = [KeyGoal(id=f"d{n}", status="done", **goal) for n in range(done)]
    goals += [KeyGoal(id=f"m{n}", status="missed", **goal) for n in range(other)]
    return Period(length="quarterly", label=label, start=start, end=end, key_goals=goals)


def test_the_trend_fills_empty_quarters_and_leaves_out_old_ones(
    charters: dict[str, Charter],
) -> None:
    history = [
        _period("2023-Q1", datetime.date(2023, 1, 1), datetime.date(2023, 3, 31), 3, 0),
        _period("2023-Q2", datetime.date(2023, 4, 1), datetime.date(2023, 6, 30), 1, 1),
        _period("2025-Q1", datetime.date(2025, 1, 1), datetime.date(2025, 3, 31), 2, 1),
        _period("2026-Q2", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), 1, 0),
    ]
    charter = edited(charters["kestrel-support-services"], history=history)
    trend = goals_trend([summarise(charter, 100, 0, TODAY)], TODAY)
    assert points(trend) == [
        ("2025-Q1", 2, 3, False),
        ("2025-Q2", 0, 0, False),
        ("2025-Q3", 0, 0, False),
        ("2025-Q4", 0, 0, False),
        ("2026-Q1", 0, 0, False),
        ("2026-Q2", 1, 1, False),
        ("2026-Q3", 0, 0, False),
        ("2026-Q4", 1, 2, True),
    ]
    assert trend.earlier == 5 and trend.peak == 3
    first, *_, last = trend.bars()
    assert (first.total_y, first.done_y) == (0.0, 8.0)  # 3 goals: full height; 2 done
    assert (last.x, last.total, last.done) == (84.0, 16.0, 8.0)


def test_a_tier_without_key_goals_has_no_trend(charters: dict[str, Charter]) -> None:
    charter = edited(charters["kestrel-support-services"], period__key_goals=[])
    assert goals_trend([summarise(charter, 100, 0, TODAY)], TODAY).points == []


# The relation map ----------------------------------------------------------------------------


def pages(charters: list[Charter]) -> list[tuple[Charter, str]]:
    return [(charter, f"charters/{charter.id}.md") for charter in charters]


def test_the_fixture_map_draws_each_relation_once(charters: dict[str, Charter]) -> None:
    # Harborline also declares BrightPath's relation from its side: still one arc.
    harborline = edited(
        charters["harborline-logistics"],
        relations=[
            Relation(to="brightpath-consulting", type="customer-of"),
            Relation(to="harborline-logistics", type="partner-of"),  # itself: left out
            Relation(to="no-such-charter", type="depends-on"),  # not in the map: left out
        ],
    )
    everything = {**charters, "harborline-logistics": harborline}
    drawn = relation_map(pages(list(everything.values())), TIER_TITLES)
    assert [node.charter_id for node in drawn.nodes] == [
        "brightpath-consulting",
        "cloudpeak-alliance",
        "harborline-logistics",
    ]
    assert sorted((e.source.charter_id, e.phrase, e.target.charter_id) for e in drawn.edges) == [
        ("brightpath-consulting", "partner of", "cloudpeak-alliance"),
        ("brightpath-consulting", "supplier to", "harborline-logistics"),
        ("cloudpeak-alliance", "supplier to", "harborline-logistics"),
    ]
    assert [h.title for h in drawn.headings] == ["Key accounts"]
    assert (drawn.related, drawn.unrelated, drawn.capped) == (3, 3, False)
    assert drawn.edge_labels and drawn.legend == [
        ("partner-of", "partner of"),
        ("supplier-to", "supplier to"),
    ]
    # Arcs start and end left of the dots, and partners have no arrow.
    for edge in drawn.edges:
        assert edge.path.startswith(f"M {edge.source.x - 7:g} {edge.source.y:g} A ")
        assert edge.path.endswith(f" {edge.target.x - 7:g} {edge.target.y:g}")
        assert edge.directed == (edge.type != "partner-of")
        assert 0 < edge.label_x < edge.source.x
    assert all(0 < node.y < drawn.height and node.label_x < drawn.width for node in drawn.nodes)


def many(charters: dict[str, Charter], count: int) -> list[Charter]:
    """``count`` charters in a ring (each a partner of the next), the first one a hub that
    every tenth charter depends on."""
    template = charters["kestrel-support-services"]
    made = []
    for n in range(count):
        relations = [Relation(to=f"c{(n + 1) % count:03d}", type="partner-of")]
        if n % 10 == 5:
            relations.append(Relation(to="c000", type="depends-on"))
        made.append(
            template.model_copy(
                update={
                    "id": f"c{n:03d}",
                    "name": f"Charter {n:03d}",
                    "tier": ("key", "growth", "maintain")[n % 3],
                    "relations": relations,
                }
            )
        )
    return made


def test_the_layout_does_not_depend_on_the_order_of_the_charters(
    charters: dict[str, Charter],
) -> None:
    ring = many(charters, 30)
    assert relation_map(pages(ring), TIER_TITLES) == relation_map(pages(ring[::-1]), TIER_TITLES)
    shuffled = ring[1::2] + ring[0::2]
    assert relation_map(pages(ring), TIER_TITLES) == relation_map(pages(shuffled), TIER_TITLES)


def test_past_fifty_only_the_most_connected_are_drawn(charters: dict[str, Charter]) -> None:
    ring = many(charters, 120)
    drawn = relation_map(pages(ring), TIER_TITLES)
    assert len(drawn.nodes) == MAP_LIMIT and drawn.capped and drawn.related == 120
    ids = {node.charter_id for node in drawn.nodes}
    assert "c000" in ids  # the hub: most connected
    assert all(node.degree >= 1 for node in drawn.nodes)  # nobody drawn alone
    assert all(e.source.charter_id in ids and e.target.charter_id in ids for e in drawn.edges)
    assert not drawn.edge_labels and len(drawn.edges) > EDGE_LABELS_LIMIT
    # Grouped by tier, key accounts first, by name within.
    order = [(("key", "growth", "maintain").index(n.tier), n.name) for n in drawn.nodes]
    assert order == sorted(order)
    assert [node.y for node in drawn.nodes] == sorted(node.y for node in drawn.nodes)


def test_the_map_page_says_when_it_is_capped(tmp_path: Path, charters: dict[str, Charter]) -> None:
    folder = tmp_path / "charters"
    folder.mkdir()
    for charter in many(charters, 60):
        data = charter.model_dump(mode="json", exclude_none=True)
        (folder / f"{charter.id}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    settings = Settings.model_validate(
        {"minimum_completeness": {"key": 0, "growth": 0, "maintain": 0}}
    )
    rendered = check_and_render(folder, REPOSITORY / "templates", settings, TODAY, quiet, quiet)
    html = portfolio_html(rendered)
    assert "Only the 50 most connected of the 60 related relationships are drawn" in html
    assert html.count('class="relation-map-node') == MAP_LIMIT


def test_hostile_names_stay_text_in_the_map(tmp_path: Path) -> None:
    """The hostile fixture's BrightPath and Harborline are partners: their names, made of
    markup, are drawn on the map and listed under it."""
    shutil.copytree(HOSTILE, tmp_path / "charters")
    rendered = check_and_render(
        tmp_path / "charters", REPOSITORY / "templates", Settings(), TODAY, quiet, quiet
    )
    html = portfolio_html(rendered)
    figure = re.search(r'<figure class="relation-map">.*?</details>', html, re.S)
    assert figure is not None
    reader = read_html(figure.group(0))
    tags = {tag for tag, _ in reader.tags}
    assert tags <= {
        "figure", "svg", "title", "defs", "marker", "path", "text", "a", "circle", "figcaption",
        "p", "span", "line", "strong", "details", "summary", "ul", "li", "em",
    }  # fmt: skip
    for _tag, attributes in reader.tags:
        assert not any(name.startswith("on") or name == "style" for name in attributes)
        assert not (attributes.get("href") or "").lower().startswith("javascript")
    names = [
        yaml.safe_load((HOSTILE / f"{charter_id}.yaml").read_text(encoding="utf-8"))["name"]
        for charter_id in ("brightpath-consulting", "harborline-logistics")
    ]
    text = "".join(reader.text)
    for name in names:
        assert "<" in name and " ".join(name.split()) in " ".join(text.split())
