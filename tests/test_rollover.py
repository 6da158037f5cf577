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
from generator.edit.rollover import RolloverError, rollover_file, rollover_text
from generator.settings import Settings
from tests.conftest import REPOSITORY
from tests.test_fmt import comment_texts

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rollover"
HARBORLINE = REPOSITORY / "charters" / "harborline-logistics.yaml"
GLOSSARY = REPOSITORY / "charters" / "glossary.yaml"
Q1 = {"label": "2027-Q1", "start": datetime.date(2027, 1, 1), "end": datetime.date(2027, 3, 31)}
TODAY = datetime.date(2027, 1, 5)


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    """A copy of the Harborline charter, beside the glossary, in its own charters folder."""
    folder = tmp_path / "charters"
    folder.mkdir()
    shutil.copy(GLOSSARY, folder / GLOSSARY.name)
    return Path(shutil.copy(HARBORLINE, folder / HARBORLINE.name))


def test_goals_move_to_history_with_their_status_and_an_empty_period_opens(
    charter: Path,
) -> None:
    before = yaml.safe_load(charter.read_text(encoding="utf-8"))
    rollover_file(charter, **Q1)
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
    rollover_file(charter, **Q1)
    result = charter.read_text(encoding="utf-8")
    assert comment_texts(result) == comment_texts(original)
    status_line = next(line for line in original.split("\n") if "# two regions" in line)
    history_part = result[result.index("\nhistory:\n") :]
    assert "  " + status_line in history_part.split("\n")
    assert "\n  next_review: 2027-01-14  # Renewal decision due in Q1\n" in result


def test_only_the_period_and_history_change(charter: Path) -> None:
    original = charter.read_text(encoding="utf-8")
    rollover_file(charter, **Q1)
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
    rollover_file(charter, **Q1)
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
    result = rollover_text(source, label=label, start=start, end=end)
    expected = FIXTURES / f"{name}.expected.yaml"
    if os.environ.get("HANDBOOK_UPDATE_GOLDEN"):
        expected.write_text(result, encoding="utf-8")
    assert result == expected.read_text(encoding="utf-8")
    assert comment_texts(result) == comment_texts(source)


def test_a_label_that_yaml_would_misread_is_quoted(charter: Path) -> None:
    rollover_file(charter, **{**Q1, "label": "2027"})
    assert yaml.safe_load(charter.read_text(encoding="utf-8"))["period"]["label"] == "2027"
    assert '\n  label: "2027"\n' in charter.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": datetime.date(2027, 3, 31), "end": datetime.date(2027, 1, 1)}, "ends"),
        ({"start": datetime.date(2026, 10, 1)}, "must start after"),
        ({"start": datetime.date(2026, 9, 1)}, "must start after"),
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
        rollover_file(charter, **{**Q1, **changes})
    assert charter.read_bytes() == original


def test_a_charter_without_a_period_cannot_roll_over() -> None:
    source = (FIXTURES / "no-period.yaml").read_text(encoding="utf-8")
    with pytest.raises(RolloverError, match="no period"):
        rollover_text(source, **Q1)
