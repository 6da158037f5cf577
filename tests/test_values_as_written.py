"""Meeting days and times as people write them, one recurrence for page and calendar, and
every problem of a file in one run (issue 10, sections 2 and 3)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from dateutil import rrule
from icalendar import Calendar

from generator.check.codes import Code
from generator.check.schema import Charter, Meetings, canonical_time, canonical_weekday
from generator.check.validate import check_paths
from generator.edit.fmt import FormatError, format_file
from generator.settings import Settings
from generator.site.exports import charter_calendar
from generator.site.portfolio import summarise
from tests.conftest import CASES, TODAY


def _charter(case: str) -> Charter:
    result = check_paths([str(CASES / case)], Settings(), TODAY)
    charter = result.charters[0].charter
    assert charter is not None, [d.message for d in result.diagnostics]
    return charter


def _with_meetings(charter: Charter, **changes: object) -> Charter:
    meetings = Meetings.model_validate({**charter.meetings.model_dump(), **changes})
    return charter.model_copy(update={"meetings": meetings})


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Thursday", "thursday"),
        ("thu", "thursday"),
        ("THURS", "thursday"),
        ("Tue", "tuesday"),
        ("sunday", "sunday"),
        ("Thursdays (from February)", None),
        ("someday", None),
    ],
)
def test_day_names_in_any_case_and_short_forms(written: str, canonical: str | None) -> None:
    assert canonical_weekday(written) == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("9:00", "09:00"),
        ("09:00", "09:00"),
        ("14:30", "14:30"),
        ("2pm", "14:00"),
        ("2:30 PM", "14:30"),
        ("12am", "00:00"),
        ("12:15 pm", "12:15"),
        ("24:00", None),
        ("13pm", None),
        ("9h30", None),
    ],
)
def test_times_as_people_write_them(written: str, canonical: str | None) -> None:
    assert canonical_time(written) == canonical


def test_the_typed_charter_holds_the_canonical_day_and_time() -> None:
    meetings = _charter("values-as-written.yaml").meetings
    assert (meetings.day, meetings.time, meetings.duration) == ("wednesday", "14:00", 45)
    short = _charter("values-as-written-short.yaml").meetings
    assert (short.day, short.time, short.duration) == ("wednesday", "09:00", 60)


@pytest.mark.parametrize(
    ("case", "day", "time"),
    [
        ("values-as-written.yaml", "day: wednesday", 'time: "14:00"'),
        ("values-as-written-short.yaml", "day: wednesday", 'time: "09:00"'),
    ],
)
def test_fmt_writes_the_canonical_day_and_time(
    tmp_path: Path, case: str, day: str, time: str
) -> None:
    copy = tmp_path / case
    shutil.copy(CASES / case, copy)
    assert format_file(copy, check=False)
    lines = [line.strip() for line in copy.read_text(encoding="utf-8").split("\n")]
    assert day in lines and time in lines
    assert not format_file(copy, check=True)
    assert check_paths([str(copy)], Settings(), TODAY).error_count == 0


@pytest.mark.parametrize("case", ["byte-order-mark.yaml", "line-endings.yaml"])
def test_a_byte_order_mark_or_crlf_is_a_warning_that_fmt_fixes(tmp_path: Path, case: str) -> None:
    result = check_paths([str(CASES / case)], Settings(), TODAY)
    found = [d for d in result.diagnostics if d.code in (Code.BYTE_ORDER_MARK, Code.LINE_ENDINGS)]
    assert found and not any(d.is_error for d in found)
    assert result.charters[0].charter is not None  # the charter is still published
    copy = tmp_path / case
    shutil.copy(CASES / case, copy)
    format_file(copy, check=False)
    raw = copy.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    after = check_paths([str(copy)], Settings(), TODAY).diagnostics
    assert not [d for d in after if d.code in (Code.BYTE_ORDER_MARK, Code.LINE_ENDINGS)]


def test_the_calendar_meeting_lasts_the_duration() -> None:
    charter = _with_meetings(_charter("valid-complete.yaml"), duration=30)
    event = next(iter(Calendar.from_ical(charter_calendar(charter, today=TODAY)).walk("VEVENT")))
    assert event.decoded("duration") == datetime.timedelta(minutes=30)


def test_page_and_calendar_agree_on_the_next_monthly_meeting() -> None:
    """A monthly Tuesday meeting last held on 2026-11-10 (the 2nd Tuesday) is next held on
    2026-12-08, the 2nd Tuesday of December: not 30 days later."""
    charter = _with_meetings(
        _charter("valid-complete.yaml"),
        cadence="monthly",
        day="tuesday",
        last_held=datetime.date(2026, 11, 10),
    )
    assert summarise(charter, 100, 0, TODAY).next_meeting == datetime.date(2026, 12, 8)
    calendar = Calendar.from_ical(charter_calendar(charter, today=TODAY))
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart").replace(tzinfo=None)
    rule = rrule.rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    assert rule.after(datetime.datetime(2026, 11, 10, 23, 59)).date() == datetime.date(2026, 12, 8)


def test_fmt_locates_an_unclosed_quote_where_check_does(tmp_path: Path) -> None:
    case = "yaml-syntax-unclosed-quote.yaml"
    copy = tmp_path / case
    shutil.copy(CASES / case, copy)
    [problem] = check_paths([str(copy)], Settings(), TODAY).diagnostics
    assert (problem.line, problem.column) == (15, 14)
    assert "gave up at line 102" in problem.message
    with pytest.raises(FormatError) as refused:
        format_file(copy, check=True)
    assert (refused.value.line, refused.value.column, refused.value.code) == (
        15,
        14,
        Code.YAML_SYNTAX,
    )


@pytest.mark.parametrize(
    ("day", "time", "accepted"),
    [("Thu", "2:30 PM", True), ("thursday", "9:00", True), ("Thursdays", "9:00", False)],
)
def test_the_json_schema_accepts_what_check_accepts(day: str, time: str, accepted: bool) -> None:
    import jsonschema

    from generator.check.schema import charter_json_schema

    meetings_schema = {
        **charter_json_schema()["$defs"]["Meetings"],
        "$defs": charter_json_schema()["$defs"],
    }
    meetings = {"cadence": "weekly", "format": "Video call", "day": day, "time": time}
    valid = jsonschema.Draft202012Validator(meetings_schema).is_valid(meetings)
    assert valid is accepted
    checked = True
    try:
        Meetings.model_validate(meetings)
    except ValueError:
        checked = False
    assert checked is accepted
