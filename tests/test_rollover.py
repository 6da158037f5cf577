"""Rolling a charter over to its next period: goals move to history, comments stay."""

from __future__ import annotations

import datetime
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.check.validate import check_paths
from generator.edit.rollover import RolledOver, RolloverError, rollover_file, rollover_text
from generator.settings import Settings
from tests.conftest import FIXTURE_CHARTERS
from tests.test_fmt import comment_texts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rollover"
HARBORLINE = FIXTURE_CHARTERS / "harborline-logistics.yaml"
GLOSSARY = FIXTURE_CHARTERS / "glossary.yaml"
Q1 = {"label": "2027-Q1", "start": datetime.date(2027, 1, 1), "end": datetime.date(2027, 3, 31)}
TODAY = datetime.date(2027, 1, 5)
ROLLOVER = {**Q1, "today": TODAY}
"""Q1 asked for once Q4 has ended."""
FINAL = {"status: at-risk  #": "status: missed  #", "status: on-track\n": "status: done\n"}
"""The Harborline fixture's open goals, given a final status."""


@pytest.fixture
def open_charter(tmp_path: Path) -> Path:
    """A copy of the Harborline charter, beside the glossary, in its own charters folder.

    Its 2026-Q4 period runs to 2026-12-31 with goals at-risk, on-track and done.
    """
    folder = tmp_path / "charters"
    folder.mkdir()
    shutil.copy(GLOSSARY, folder / GLOSSARY.name)
    return Path(shutil.copy(HARBORLINE, folder / HARBORLINE.name))


@pytest.fixture
def charter(open_charter: Path) -> Path:
    """The Harborline copy with every key goal given a final status, ready to roll over."""
    text = open_charter.read_text(encoding="utf-8")
    for open_status, final in FINAL.items():
        assert open_status in text
        text = text.replace(open_status, final)
    open_charter.write_text(text, encoding="utf-8")
    return open_charter


def test_goals_move_to_history_with_their_status_and_an_empty_period_opens(
    charter: Path,
) -> None:
    before = yaml.safe_load(charter.read_text(encoding="utf-8"))
    rollover_file(charter, **ROLLOVER)
    after = yaml.safe_load(charter.read_text(encoding="utf-8"))
    assert after["period"] == {"length": before["period"]["length"], **Q1, "key_goals": []}
    assert after["history"] == [*before["history"], before["period"]]
    assert [goal["status"] for goal in after["history"][-1]["key_goals"]] == [
        goal["status"] for goal in before["period"]["key_goals"]
    ]
    unchanged = set(before) - {"period", "history"}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    assert list(after) == list(before)


def test_every_comment_is_kept_and_goal_comments_move_with_their_goals(charter: Path) -> None:
    original = charter.read_text(encoding="utf-8")
    rollover_file(charter, **ROLLOVER)
    result = charter.read_text(encoding="utf-8")
    assert comment_texts(result) == comment_texts(original)
    status_line = next(line for line in original.split("\n") if "# two regions" in line)
    history_part = result[result.index("\nhistory:\n") :]
    assert "  " + status_line in history_part.split("\n")
    assert "\n  next_review: 2027-01-14  # Renewal decision due in Q1\n" in result


def test_only_the_period_and_history_change(charter: Path) -> None:
    original = charter.read_text(encoding="utf-8")
    rollover_file(charter, **ROLLOVER)
    result = charter.read_text(encoding="utf-8")
    old_body = re.search(r"^period:\n((?:  .*\n)+)", original, re.MULTILINE)
    history = re.search(r"^history:\n(?:  .*\n)+", original, re.MULTILINE)
    assert old_body is not None and history is not None
    closed = "  - " + old_body.group(1)[2:].replace("\n  ", "\n    ")
    new_body = (
        "  length: quarterly\n  label: 2027-Q1\n  start: 2027-01-01\n  end: 2027-03-31\n"
        "  key_goals: []\n"
    )
    expected = (
        original[: history.end()].replace(old_body.group(1), new_body, 1)
        + closed
        + original[history.end() :]
    )
    assert result == expected


def test_the_rolled_over_charter_passes_the_checker(charter: Path) -> None:
    rollover_file(charter, **ROLLOVER)
    result = check_paths([str(charter.parent)], Settings(), TODAY)
    assert [str(d) for d in result.diagnostics if d.is_error] == []


@pytest.mark.parametrize(
    ("name", "label", "start", "end"),
    [
        # No history yet: it is created where the schema puts it, before `review`.
        ("no-history", "2027-02", datetime.date(2027, 2, 1), datetime.date(2027, 2, 28)),
        # `history: []` becomes a block list; `membership_criteria` keeps its flow style.
        ("empty-history", "February", datetime.date(2027, 2, 1), datetime.date(2027, 2, 28)),
    ],
)
def test_rollover_matches_its_expected_output(
    name: str, label: str, start: datetime.date, end: datetime.date
) -> None:
    source = (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")
    result = rollover_text(source, label=label, start=start, end=end, today=start)
    expected = FIXTURES / f"{name}.expected.yaml"
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN"):
        expected.write_text(result, encoding="utf-8")
    assert result == expected.read_text(encoding="utf-8")
    assert comment_texts(result) == comment_texts(source)


def test_a_label_that_yaml_would_misread_is_quoted(charter: Path) -> None:
    rollover_file(charter, **{**ROLLOVER, "label": "2027"})
    assert yaml.safe_load(charter.read_text(encoding="utf-8"))["period"]["label"] == "2027"
    assert '\n  label: "2027"\n' in charter.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": datetime.date(2027, 3, 31), "end": datetime.date(2027, 1, 1)}, "ends"),
        ({"start": datetime.date(2026, 10, 1)}, "before the period 2026-Q4 ends on 2026-12-31"),
        ({"start": datetime.date(2026, 9, 1)}, "before the period 2026-Q4 ends on 2026-12-31"),
        ({"label": "2026-Q3"}, "'2026-Q3' already exists"),
        ({"label": "2026-Q4"}, "'2026-Q4' already exists"),
    ],
    ids=["ends-before-start", "same-start", "earlier-start", "label-in-history", "current-label"],
)
def test_impossible_rollovers_are_refused_and_the_file_is_untouched(
    charter: Path, changes: dict[str, object], message: str
) -> None:
    original = charter.read_bytes()
    with pytest.raises(RolloverError, match=message):
        rollover_file(charter, **{**ROLLOVER, **changes})
    assert charter.read_bytes() == original


def test_a_charter_without_a_period_cannot_roll_over() -> None:
    source = (FIXTURES / "no-period.yaml").read_text(encoding="utf-8")
    with pytest.raises(RolloverError, match="no period"):
        rollover_text(source, **ROLLOVER)


# Issue 10, section 4: no early close, no overlap or gap, every goal ends with a final status.

MEASURED = {**Q1, "today": datetime.date(2026, 11, 23)}
"""The measured case: rolling 2026-Q4 (to 2026-12-31) over to 2027-Q1 on 2026-11-23."""
OUTCOMES = [("q4-regions-live", "missed"), ("q4-health-score", "done")]


def errors_after_checking(charter: Path) -> list[str]:
    result = check_paths([str(charter.parent)], Settings(), TODAY)
    return [str(d) for d in result.diagnostics if d.is_error]


def test_the_measured_rollover_is_refused_with_every_problem_at_once(open_charter: Path) -> None:
    original = open_charter.read_bytes()
    with pytest.raises(RolloverError) as raised:
        rollover_file(open_charter, **MEASURED)
    assert raised.value.problems == (
        "the period 2026-Q4 ends 2026-12-31, after today 2026-11-23: roll over after it ends, "
        "or pass --early",
        "goals still open: q4-regions-live (at-risk), q4-health-score (on-track): give each a "
        "final status with --done/--missed/--dropped GOAL or move it with --carry GOAL",
    )
    assert str(raised.value) == "; ".join(raised.value.problems)
    assert open_charter.read_bytes() == original


@pytest.mark.parametrize("today", [datetime.date(2026, 11, 23), datetime.date(2026, 12, 31)])
def test_a_period_is_closed_before_its_end_only_when_early(charter: Path, today: object) -> None:
    original = charter.read_bytes()
    with pytest.raises(RolloverError, match="roll over after it ends, or pass --early"):
        rollover_file(charter, **{**ROLLOVER, "today": today})
    assert charter.read_bytes() == original
    rollover_file(charter, **{**ROLLOVER, "today": today, "early": True})
    assert yaml.safe_load(charter.read_text(encoding="utf-8"))["period"]["label"] == "2027-Q1"


def test_the_day_after_the_period_ends_needs_no_early(charter: Path) -> None:
    rollover_file(charter, **{**ROLLOVER, "today": datetime.date(2027, 1, 1)})


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (datetime.date(2026, 12, 1), "would start on 2026-12-01, before the period 2026-Q4 ends"),
        (datetime.date(2026, 12, 31), "before the period 2026-Q4 ends on 2026-12-31"),
        (datetime.date(2027, 1, 2), "leaving 2027-01-01 to 2027-01-01 in no period"),
        (datetime.date(2027, 2, 1), "leaving 2027-01-01 to 2027-01-31 in no period"),
    ],
    ids=["overlap", "overlap-last-day", "gap-of-a-day", "gap-of-a-month"],
)
def test_a_new_period_that_overlaps_or_leaves_a_gap_is_refused(
    charter: Path, start: datetime.date, message: str
) -> None:
    original = charter.read_bytes()
    with pytest.raises(RolloverError, match=message) as raised:
        rollover_file(charter, **{**ROLLOVER, "start": start})
    assert "start it on 2027-01-01" in str(raised.value)
    assert charter.read_bytes() == original


def test_a_gap_is_accepted_when_allowed_but_an_overlap_never_is(charter: Path) -> None:
    with pytest.raises(RolloverError, match="before the period 2026-Q4 ends"):
        rollover_file(
            charter, **{**ROLLOVER, "start": datetime.date(2026, 12, 1), "allow_gap": True}
        )
    rollover_file(charter, **{**ROLLOVER, "start": datetime.date(2027, 2, 1), "allow_gap": True})
    assert yaml.safe_load(charter.read_text(encoding="utf-8"))["period"]["start"] == (
        datetime.date(2027, 2, 1)
    )


def test_open_goals_are_refused_and_given_final_statuses_they_reach_history(
    open_charter: Path,
) -> None:
    with pytest.raises(RolloverError, match=r"goals still open: q4-regions-live \(at-risk\)"):
        rollover_file(open_charter, **ROLLOVER)
    rolled = rollover_file(open_charter, **ROLLOVER, outcomes=OUTCOMES)
    closed = yaml.safe_load(open_charter.read_text(encoding="utf-8"))["history"][-1]
    assert {goal["id"]: goal["status"] for goal in closed["key_goals"]} == {
        "q4-regions-live": "missed",
        "q4-health-score": "done",
        "q4-peak-rota": "done",
    }
    assert rolled == RolledOver("2026-Q4", carried=(), due_cleared=())
    assert errors_after_checking(open_charter) == []


def test_dropped_is_a_final_status(open_charter: Path) -> None:
    rollover_file(
        open_charter, **ROLLOVER, outcomes=[("q4-regions-live", "dropped"), *OUTCOMES[1:]]
    )
    closed = yaml.safe_load(open_charter.read_text(encoding="utf-8"))["history"][-1]
    assert closed["key_goals"][0]["status"] == "dropped"
    assert errors_after_checking(open_charter) == []


def test_a_carried_goal_moves_into_the_new_period_with_its_due_cleared(open_charter: Path) -> None:
    before = yaml.safe_load(open_charter.read_text(encoding="utf-8"))["period"]["key_goals"][0]
    rolled = rollover_file(
        open_charter, **ROLLOVER, carry=["q4-regions-live"], outcomes=OUTCOMES[1:]
    )
    text = open_charter.read_text(encoding="utf-8")
    after = yaml.safe_load(text)
    assert after["period"]["key_goals"] == [{k: v for k, v in before.items() if k != "due"}]
    assert [goal["id"] for goal in after["history"][-1]["key_goals"]] == [
        "q4-health-score",
        "q4-peak-rota",
    ]
    assert rolled == RolledOver("2026-Q4", ("q4-regions-live",), ("q4-regions-live",))
    period = text[text.index("\nperiod:\n") : text.index("\nmeetings:\n")]
    assert "status: at-risk  # two regions are still waiting on cleaned WMS exports" in period
    assert errors_after_checking(open_charter) == []


def test_a_carried_goal_keeps_a_due_date_within_the_new_period(open_charter: Path) -> None:
    text = open_charter.read_text(encoding="utf-8")
    open_charter.write_text(text.replace("due: 2026-12-04", "due: 2027-02-26"), encoding="utf-8")
    rolled = rollover_file(
        open_charter,
        **{**ROLLOVER, "early": True},
        carry=["q4-regions-live"],
        outcomes=OUTCOMES[1:],
    )
    after = yaml.safe_load(open_charter.read_text(encoding="utf-8"))
    assert after["period"]["key_goals"][0]["due"] == datetime.date(2027, 2, 26)
    assert rolled.due_cleared == ()


@pytest.mark.parametrize(
    ("carry", "outcomes", "message"),
    [
        ((), [("q4-nope", "done")], r"no key goal q4-nope in the current period \(its goals: "),
        (["q4-nope"], [], "no key goal q4-nope"),
        ((), [("q4-health-score", "finished")], "'finished' is not a final status"),
        ((), [("q4-health-score", "done"), ("q4-health-score", "missed")], "more than one"),
        (["q4-health-score"], [("q4-health-score", "done")], "both carried and given"),
        (["q4-peak-rota"], [], "q4-peak-rota is already done, so it stays in history"),
    ],
    ids=["unknown-outcome", "unknown-carry", "not-final", "two-statuses", "both", "carry-done"],
)
def test_goal_instructions_that_make_no_sense_are_refused(
    charter: Path, carry: list[str], outcomes: list[tuple[str, str]], message: str
) -> None:
    original = charter.read_bytes()
    with pytest.raises(RolloverError, match=message):
        rollover_file(charter, **ROLLOVER, carry=carry, outcomes=outcomes)
    assert charter.read_bytes() == original


def test_carrying_past_a_comment_that_would_move_to_another_goal_is_refused(
    open_charter: Path,
) -> None:
    text = open_charter.read_text(encoding="utf-8")
    commented = text.replace(
        "    - id: q4-peak-rota", "    # The rota is signed.\n    - id: q4-peak-rota"
    )
    open_charter.write_text(commented, encoding="utf-8")
    line = commented[: commented.index("# The rota")].count("\n") + 1
    with pytest.raises(RolloverError, match=rf"the comments on line {line} to the wrong place"):
        rollover_file(open_charter, **ROLLOVER, carry=["q4-regions-live"], outcomes=OUTCOMES[1:])
    assert open_charter.read_text(encoding="utf-8") == commented


def test_carrying_the_last_goals_keeps_every_comment_in_place(open_charter: Path) -> None:
    text = open_charter.read_text(encoding="utf-8")
    commented = text.replace(
        "    - id: q4-health-score",
        "    # The score is checked monthly.\n    - id: q4-health-score",
    ).replace("      status: done", "      status: on-track  # the rota waits for one signature")
    open_charter.write_text(commented, encoding="utf-8")
    rollover_file(open_charter, **ROLLOVER, carry=["q4-peak-rota"], outcomes=OUTCOMES)
    result = open_charter.read_text(encoding="utf-8")
    assert comment_texts(result) == comment_texts(commented)
    assert "      # The score is checked monthly.\n      - id: q4-health-score\n" in result
    period = result[result.index("\nperiod:\n") : result.index("\nmeetings:\n")]
    assert "    - id: q4-peak-rota\n" in period
    assert "status: on-track  # the rota waits for one signature" in period


@pytest.mark.parametrize("name", ["glossary.yaml", "people.yaml"])
def test_the_glossary_and_the_people_registry_are_not_rolled_over(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_text("people: []\n", encoding="utf-8")
    with pytest.raises(RolloverError, match="not a charter"):
        rollover_file(
            path,
            label="2027-Q1",
            start=datetime.date(2027, 1, 1),
            end=datetime.date(2027, 3, 31),
            today=datetime.date(2027, 1, 2),
        )
    assert path.read_text(encoding="utf-8") == "people: []\n"
