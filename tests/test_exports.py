"""The JSON exports and the iCalendar files: documented shapes, extensions, reproducibility."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.check.schema import Charter, charter_json_schema_text
from generator.check.validate import CheckResult, check_paths
from generator.settings import MinimumCompleteness, Settings
from generator.site.exports import (
    charter_calendar,
    charter_page,
    charters_export,
    export_json,
    glossary_export,
)
from tests.conftest import FIXTURE_CHARTERS, REPOSITORY, TODAY

SCHEMAS = REPOSITORY / "docs" / "schema"
CHARTERS = FIXTURE_CHARTERS


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def validator(name: str) -> Draft202012Validator:
    """A validator whose ``$ref``s resolve to the files in docs/schema, never the network."""
    resources = [
        (schema["$id"], Resource.from_contents(schema))
        for schema in map(load_schema, sorted(p.name for p in SCHEMAS.glob("*.json")))
    ]
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(
        schema,
        registry=Registry().with_resources(resources),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def check(folder: Path = CHARTERS, settings: Settings | None = None) -> CheckResult:
    return check_paths([str(folder)], settings or Settings(), TODAY)


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return check()


def charter(result: CheckResult, charter_id: str) -> Charter:
    return next(c for c in result.valid_charters if c.id == charter_id)


# JSON exports


def test_charters_export_matches_its_schema(result: CheckResult) -> None:
    data = charters_export(result, TODAY, Settings())
    validator("api-charters-v1.json").validate(data)
    assert list(data) == ["version", "generated", "charters"]
    assert data["version"] == 1
    assert data["generated"] == "2026-11-23"
    ids = [item["id"] for item in data["charters"]]
    assert ids == sorted(c.id for c in result.valid_charters)
    assert len(ids) == 6


def test_charter_items_hold_only_documented_fields(result: CheckResult) -> None:
    item_schema = load_schema("api-charters-v1.json")["$defs"]["Charter"]
    documented = set(item_schema["properties"])
    for item in charters_export(result, TODAY, Settings())["charters"]:
        assert set(item) - documented == set()
        assert list(item)[-1] == "computed"


def test_charters_schema_follows_the_charter_format() -> None:
    """Fields added to the charter format must be added to the export's schema too."""
    charter_schema = load_schema("charter-v1.json")
    item_schema = load_schema("api-charters-v1.json")["$defs"]["Charter"]
    assert list(item_schema["properties"]) == [*charter_schema["properties"], "computed"]
    assert item_schema["required"] == [*charter_schema["required"], "computed"]
    shipped = (SCHEMAS / "charter-v1.json").read_text(encoding="utf-8")
    assert shipped == charter_json_schema_text(), (
        "refresh: handbook schema > docs/schema/charter-v1.json"
    )


def test_schemas_reject_wrong_shapes(result: CheckResult) -> None:
    """The schemas check the charter fields through charter-v1.json, not just the outline."""
    charters = validator("api-charters-v1.json")
    good = charters_export(result, TODAY, Settings())
    item = good["charters"][0]
    wrong_items = [
        {key: value for key, value in item.items() if key != "computed"},
        {**item, "period": {**item["period"], "start": "1 October"}},
        {**item, "tier": "platinum"},
        {**item, "parties": [{**item["parties"][0], "colour": "red"}, *item["parties"][1:]]},
        {**item, "computed": {**item["computed"], "completeness": 101}},
    ]
    for wrong in wrong_items:
        assert not charters.is_valid({**good, "charters": [wrong]}), wrong
    glossary = validator("api-glossary-v1.json")
    terms = glossary_export(result)
    term = terms["terms"][0]
    assert not glossary.is_valid({**terms, "terms": [{**term, "defined_in": []}]})
    assert not glossary.is_valid({**terms, "version": 2})


def test_glossary_export_matches_its_schema(result: CheckResult) -> None:
    data = glossary_export(result)
    validator("api-glossary-v1.json").validate(data)
    assert list(data) == ["version", "terms"]
    terms = data["terms"]
    assert [t["term"].casefold() for t in terms] == sorted(t["term"].casefold() for t in terms)
    arr = next(t for t in terms if t["term"] == "ARR")
    assert list(arr) == ["term", "definition", "aliases", "anchor", "defined_in", "used_by"]
    assert arr["anchor"] == "term-arr"
    assert arr["defined_in"] == ["glossary"]
    assert "cloudpeak-alliance" in arr["used_by"]


def test_computed_facts_come_from_the_check(result: CheckResult) -> None:
    settings = Settings(minimum_completeness=MinimumCompleteness(key=95, growth=60, maintain=40))
    items = {i["id"]: i for i in charters_export(result, TODAY, settings)["charters"]}
    for checked in result.charters:
        assert checked.charter is not None
        computed = items[checked.charter.id]["computed"]
        assert computed["completeness"] == checked.completeness
        assert (
            computed["minimum"] == {"key": 95, "growth": 60, "maintain": 40}[checked.charter.tier]
        )
        assert computed["errors"] == 0
        assert computed["warnings"] == len(checked.diagnostics)
        assert computed["page"] == f"charters/{checked.charter.id}/"
        assert computed["calendar"] == f"calendar/{checked.charter.id}.ics"
    assert items["learnwell-academy"]["computed"]["warnings"] > 0


def test_charter_values_are_json_with_iso_dates(result: CheckResult) -> None:
    item = next(
        i
        for i in charters_export(result, TODAY, Settings())["charters"]
        if i["id"] == "brightpath-consulting"
    )
    assert item["period"]["start"] == "2026-10-01"
    assert item["review"]["next_review"] == "2026-12-16"
    assert item["meetings"]["time"] == "14:00"
    assert item["agreement"]["signed"] == "2024-02-01"
    assert list(item)[:3] == ["id", "name", "kind"]
    learnwell = next(
        i
        for i in charters_export(result, TODAY, Settings())["charters"]
        if i["id"] == "learnwell-academy"
    )
    assert "day" not in learnwell["meetings"]  # absent optional fields are left out


@pytest.fixture
def extended_charters(tmp_path: Path) -> Path:
    """The fixture charters, one of them with the organisation's own ``x-`` keys."""
    folder = tmp_path / "charters"
    shutil.copytree(CHARTERS, folder)
    path = folder / "harborline-logistics.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "parties:\n  - id: northwind\n", "parties:\n  - id: northwind\n    x-account: 17\n", 1
    )
    text = text.replace(
        "meetings:\n", "meetings:\n  x-room: Rotterdam 4.12\n  x-booked: 2026-11-01\n", 1
    )
    text += (
        'x-crm-id: "CRM-0042"\n'
        "x-crm:\n"
        "  account: 1042\n"
        "  since: 2021-05-17\n"
        "  tags: [logistics, Zürich]\n"
        "  ratio: 0.5\n"
        "  flagged: false\n"
        "  note: null\n"
    )
    path.write_text(text, encoding="utf-8")
    return folder


def test_extension_keys_survive(extended_charters: Path) -> None:
    result = check(extended_charters)
    assert result.error_count == 0
    data = charters_export(result, TODAY, Settings())
    validator("api-charters-v1.json").validate(data)
    item = next(i for i in data["charters"] if i["id"] == "harborline-logistics")
    assert item["x-crm-id"] == "CRM-0042"
    assert item["x-crm"] == {
        "account": 1042,
        "since": "2021-05-17",
        "tags": ["logistics", "Zürich"],
        "ratio": 0.5,
        "flagged": False,
        "note": None,
    }
    assert item["meetings"]["x-room"] == "Rotterdam 4.12"
    assert item["meetings"]["x-booked"] == "2026-11-01"
    assert item["parties"][0]["x-account"] == 17
    assert list(item["parties"][0])[-1] == "x-account"
    assert list(item)[-3:] == ["x-crm-id", "x-crm", "computed"]
    text = export_json(data)
    assert '"Zürich"' in text
    assert json.loads(text) == data
    others = [i for i in data["charters"] if i["id"] != "harborline-logistics"]
    assert not any(key.startswith("x-") for i in others for key in i)


def test_charters_with_errors_are_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "charters"
    shutil.copytree(CHARTERS, folder)
    (folder / "broken.yaml").write_text("id: broken\nname: Broken\n", encoding="utf-8")
    result = check(folder)
    assert result.error_count > 0
    data = charters_export(result, TODAY, Settings())
    validator("api-charters-v1.json").validate(data)
    assert "broken" not in [item["id"] for item in data["charters"]]
    assert len(data["charters"]) == 6


def test_exports_are_deterministic() -> None:
    first, second = check(), check()
    assert export_json(charters_export(first, TODAY, Settings())) == export_json(
        charters_export(second, TODAY, Settings())
    )
    assert export_json(glossary_export(first)) == export_json(glossary_export(second))
    for one, other in zip(first.valid_charters, second.valid_charters, strict=True):
        assert charter_calendar(one, today=TODAY) == charter_calendar(other, today=TODAY)


def test_export_json_format() -> None:
    text = export_json({"version": 1, "b": "Zürich", "a": [1, 2]})
    assert text == '{\n  "version": 1,\n  "b": "Zürich",\n  "a": [\n    1,\n    2\n  ]\n}\n'
    with pytest.raises(ValueError):
        export_json({"number": float("nan")})


# Calendars


def parse(charter: Charter, today: datetime.date = TODAY) -> Calendar:
    calendar = Calendar.from_ical(charter_calendar(charter, today=today))
    assert isinstance(calendar, Calendar)
    return calendar


def events(calendar: Calendar) -> dict[str, Event]:
    found = {}
    for component in calendar.walk("VEVENT"):
        assert isinstance(component, Event)
        found[str(component["UID"])] = component
    return found


def meeting_of(calendar: Calendar, charter_id: str) -> Event:
    return events(calendar)[f"{charter_id}-meeting@relationship-handbook"]


def review_of(calendar: Calendar, charter_id: str) -> Event:
    return events(calendar)[f"{charter_id}-review@relationship-handbook"]


def rrule(event: Event) -> dict[str, list[Any]]:
    return {key: list(value) for key, value in event["RRULE"].items()}


def test_calendar_header(result: CheckResult) -> None:
    calendar = parse(charter(result, "brightpath-consulting"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Relationship handbook//Charter calendar 1//EN"
    assert calendar["X-WR-CALNAME"].to_ical() == b"BrightPath Consulting implementation partnership"
    assert calendar.get_missing_tzids() == set()  # a VTIMEZONE for every TZID


def test_biweekly_meeting(result: CheckResult) -> None:
    brightpath = charter(result, "brightpath-consulting")
    event = meeting_of(parse(brightpath), "brightpath-consulting")
    assert rrule(event) == {"FREQ": ["WEEKLY"], "INTERVAL": [2], "BYDAY": ["WE"]}
    start = event.decoded("DTSTART")
    assert start == datetime.datetime(2026, 11, 18, 14, 0, tzinfo=ZoneInfo("Europe/London"))
    assert start.weekday() == 2  # Wednesday, the charter's meeting day
    assert (start.hour, start.minute) == (14, 0)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DURATION") == datetime.timedelta(hours=1)
    assert str(event["SUMMARY"]) == f"{brightpath.name}: group meeting"
    assert str(event["DESCRIPTION"]) == brightpath.meetings.format


def test_monthly_meeting_keeps_the_week_of_the_month(result: CheckResult) -> None:
    event = meeting_of(parse(charter(result, "harborline-logistics")), "harborline-logistics")
    # last_held 2026-11-12 is the second Thursday of November
    assert rrule(event) == {"FREQ": ["MONTHLY"], "BYDAY": ["2TH"]}
    start = event.decoded("DTSTART")
    assert start == datetime.datetime(2026, 11, 12, 15, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert start.weekday() == 3
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"


def with_meetings(original: Charter, **changes: Any) -> Charter:
    return original.model_copy(update={"meetings": original.meetings.model_copy(update=changes)})


def test_weekly_and_quarterly_rules(result: CheckResult) -> None:
    base = charter(result, "harborline-logistics")
    weekly = meeting_of(parse(with_meetings(base, cadence="weekly")), base.id)
    assert rrule(weekly) == {"FREQ": ["WEEKLY"], "BYDAY": ["TH"]}
    quarterly = meeting_of(parse(with_meetings(base, cadence="quarterly")), base.id)
    assert rrule(quarterly) == {"FREQ": ["MONTHLY"], "INTERVAL": [3], "BYDAY": ["2TH"]}
    # 2026-10-29 is the fifth and last Thursday of October: "last", which every month has
    last = with_meetings(base, cadence="quarterly", last_held=datetime.date(2026, 10, 29))
    event = meeting_of(parse(last), base.id)
    assert rrule(event) == {"FREQ": ["MONTHLY"], "INTERVAL": [3], "BYDAY": ["-1TH"]}
    assert event.decoded("DTSTART").date() == datetime.date(2026, 10, 29)


def test_first_meeting_is_on_the_meeting_day(result: CheckResult) -> None:
    base = charter(result, "harborline-logistics")
    # last held on a Monday, meetings on Thursdays: the series starts that Thursday
    moved = meeting_of(parse(with_meetings(base, last_held=datetime.date(2026, 11, 16))), base.id)
    assert moved.decoded("DTSTART").date() == datetime.date(2026, 11, 19)
    assert rrule(moved)["BYDAY"] == ["3TH"]
    # never held: from the period's start (Thursday 2026-10-01), on the first Wednesday
    fresh = with_meetings(base, last_held=None, day="wednesday", cadence="biweekly")
    event = meeting_of(parse(fresh), base.id)
    assert event.decoded("DTSTART").date() == datetime.date(2026, 10, 7)
    assert rrule(event) == {"FREQ": ["WEEKLY"], "INTERVAL": [2], "BYDAY": ["WE"]}


def test_time_zones(result: CheckResult) -> None:
    base = charter(result, "harborline-logistics")
    utc = meeting_of(parse(with_meetings(base, timezone=None)), base.id)
    assert utc.decoded("DTSTART") == datetime.datetime(
        2026, 11, 12, 15, 0, tzinfo=datetime.timezone.utc
    )
    assert "TZID" not in utc["DTSTART"].params
    assert b"DTSTART:20261112T150000Z" in utc.to_ical()
    unknown = parse(with_meetings(base, timezone="Mars/Olympus_Mons"))
    start = meeting_of(unknown, base.id).decoded("DTSTART")
    assert start == datetime.datetime(2026, 11, 12, 15, 0)  # floating local time
    assert unknown.walk("VTIMEZONE") == []


def test_review_event(result: CheckResult) -> None:
    for checked in result.valid_charters:
        event = review_of(parse(checked), checked.id)
        assert event.decoded("DTSTART") == checked.review.next_review
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert event.decoded("DTEND") == checked.review.next_review + datetime.timedelta(days=1)
        assert str(event["SUMMARY"]) == f"{checked.name}: charter review"


def test_uids_are_stable_and_stamps_follow_today(result: CheckResult) -> None:
    brightpath = charter(result, "brightpath-consulting")
    now, later = parse(brightpath), parse(brightpath, datetime.date(2027, 3, 1))
    expected = {
        "brightpath-consulting-meeting@relationship-handbook",
        "brightpath-consulting-review@relationship-handbook",
    }
    assert set(events(now)) == set(events(later)) == expected
    for event in events(now).values():
        assert event.decoded("DTSTAMP") == datetime.datetime(
            2026, 11, 23, tzinfo=datetime.timezone.utc
        )
    for event in events(later).values():
        assert event.decoded("DTSTAMP") == datetime.datetime(
            2027, 3, 1, tzinfo=datetime.timezone.utc
        )


def test_without_day_and_time_only_the_review(result: CheckResult) -> None:
    learnwell = charter(result, "learnwell-academy")
    assert learnwell.meetings.day is None
    assert set(events(parse(learnwell))) == {"learnwell-academy-review@relationship-handbook"}
    base = charter(result, "harborline-logistics")
    for changed in (with_meetings(base, time=None), with_meetings(base, day=None)):
        calendar = parse(changed)
        assert set(events(calendar)) == {"harborline-logistics-review@relationship-handbook"}
        assert calendar.walk("VTIMEZONE") == []


def test_retired_charters_hold_no_meetings(result: CheckResult) -> None:
    retired = charter(result, "harborline-logistics").model_copy(update={"status": "retired"})
    assert set(events(parse(retired))) == {"harborline-logistics-review@relationship-handbook"}


def test_charter_text_cannot_inject_properties(result: CheckResult) -> None:
    hostile_name = "Evil\nEND:VCALENDAR\r\nBEGIN:VEVENT\rUID:evil\x0b;x,y\\"
    hostile_format = "Call\nATTENDEE:mailto:attacker@example.com\nEND:VEVENT\n\x00\x1b"
    base = with_meetings(charter(result, "harborline-logistics"), format=hostile_format)
    hostile = base.model_copy(update={"name": hostile_name})
    raw = charter_calendar(hostile, today=TODAY)
    lines = raw.split(b"\r\n")
    assert lines[-1] == b""
    assert not any(b"\r" in line or b"\n" in line for line in lines)
    assert not any(byte < 0x20 and byte not in (0x09, 0x0A, 0x0D) for byte in raw)
    assert lines.count(b"END:VCALENDAR") == 1
    assert lines.count(b"BEGIN:VEVENT") == 2
    assert not any(line.startswith((b"ATTENDEE", b"UID:evil")) for line in lines)

    calendar = Calendar.from_ical(raw)
    found = events(calendar)
    assert set(found) == {
        "harborline-logistics-meeting@relationship-handbook",
        "harborline-logistics-review@relationship-handbook",
    }
    meeting = found["harborline-logistics-meeting@relationship-handbook"]
    assert "ATTENDEE" not in meeting
    clean_name = "Evil\nEND:VCALENDAR\nBEGIN:VEVENT\nUID:evil;x,y\\"
    assert str(meeting["SUMMARY"]) == f"{clean_name}: group meeting"
    assert str(meeting["DESCRIPTION"]) == "Call\nATTENDEE:mailto:attacker@example.com\nEND:VEVENT\n"
    assert calendar["X-WR-CALNAME"].to_ical() == (
        b"Evil\\nEND:VCALENDAR\\nBEGIN:VEVENT\\nUID:evil\\;x\\,y\\\\"
    )


def test_every_shipped_calendar_parses(result: CheckResult) -> None:
    for checked in result.valid_charters:
        calendar = parse(checked)
        assert calendar.get_missing_tzids() == set()
        assert f"{checked.id}-review@relationship-handbook" in events(calendar)
        has_meeting = checked.meetings.day is not None and checked.meetings.time is not None
        assert (f"{checked.id}-meeting@relationship-handbook" in events(calendar)) == has_meeting


def test_json_exports_of_hostile_charters_are_inert_and_lossless() -> None:
    hostile = check_paths([str(REPOSITORY / "tests/fixtures/hostile/charters")], Settings(), TODAY)
    for data in (charters_export(hostile, TODAY, Settings()), glossary_export(hostile)):
        text = export_json(data)
        assert not {"<", ">", "&"} & set(text)
        assert json.loads(text) == json.loads(json.dumps(data, default=str))


def test_charter_page_addresses_follow_the_published_site() -> None:
    assert charter_page("acme") == "charters/acme/"
    assert charter_page("index") == "charters/"  # charters/index.md is the folder's page
    assert charter_page("acme", directory_urls=False) == "charters/acme.html"
