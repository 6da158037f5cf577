"""Machine-readable exports of the handbook: JSON for other tools, iCalendar for people.

``api/charters.json`` and ``api/glossary.json`` hold the checked charters and the glossary
as data (their shapes are documented as JSON Schema in ``docs/schema/``); ``calendar/<id>.ics``
holds one charter's group meeting and next review. Every export depends only on the charters,
the settings and "today", so two builds of the same input are byte for byte the same.
"""

from __future__ import annotations

import base64
import datetime
import functools
import json
import math
import textwrap
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone, vText

from generator.check.schema import EXTENSION_PREFIX, Charter, Meetings
from generator.check.validate import CharterResult, CheckResult
from generator.check.vocabulary import RETIRED
from generator.settings import Settings
from generator.site.addresses import published_url
from generator.site.glossary import HandbookGlossary, glossary_of
from generator.site.recurrence import meeting_series

API_VERSION = 1
"""The version of the JSON exports; fields are only added within a version."""

CHARTERS_EXPORT = "api/charters.json"
GLOSSARY_EXPORT = "api/glossary.json"
CALENDAR_FOLDER = "calendar"

PRODID = "-//Relationship handbook//Charter calendar 1//EN"
UID_DOMAIN = "relationship-handbook"
TIMEZONE_YEARS = 10
"""How many years of daylight-saving changes a calendar's VTIMEZONE spells out."""


def charter_page(charter_id: str, directory_urls: bool = True) -> str:
    """The site-relative address of a charter's page: ``charters/index.md`` is ``charters/``."""
    return published_url(f"charters/{charter_id}.md", directory_urls)


def charter_calendar_path(charter_id: str) -> str:
    """The site-relative address of a charter's calendar."""
    return f"{CALENDAR_FOLDER}/{charter_id}.ics"


# JSON


def charters_export(
    result: CheckResult, today: datetime.date, settings: Settings
) -> dict[str, Any]:
    """``api/charters.json``: every valid charter, by id, with the facts the handbook computed.

    Each item holds the charter's fields in the format's order (defaults filled in, absent
    optional fields left out, dates as ISO text), every ``x-`` key copied from the loaded
    YAML, and a ``computed`` object.
    """
    valid = [(item, item.charter) for item in result.charters if item.charter is not None]
    valid.sort(key=lambda pair: pair[1].id)
    return {
        "version": API_VERSION,
        "generated": today.isoformat(),
        "charters": [_charter_item(checked, charter, settings) for checked, charter in valid],
    }


def charters_export_text(
    result: CheckResult,
    today: datetime.date,
    settings: Settings,
    memo: ExportMemo | None = None,
) -> str:
    """``export_json(charters_export(result, today, settings))``, each charter's item written
    once and kept in ``memo``: called again, only the items of changed charters are written."""
    memo = memo if memo is not None else ExportMemo()
    valid = [(item, item.charter) for item in result.charters if item.charter is not None]
    valid.sort(key=lambda pair: pair[1].id)
    items = [memo.item_text(checked, charter, settings) for checked, charter in valid]
    head = export_json({"version": API_VERSION, "generated": today.isoformat()})
    # The same text as json.dumps(indent=2) of the whole: "charters" is the last key, and
    # each item is indented by two more levels (JSON strings hold no line breaks).
    listed = ",\n".join(items)
    charters = f"[\n{listed}\n  ]" if items else "[]"
    return head.removesuffix("\n}\n") + f',\n  "charters": {charters}\n}}\n'


class ExportMemo:
    """Each charter's calendar and ``api/charters.json`` item, kept while their inputs are."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[tuple[Any, ...], str]] = {}
        self._calendars: dict[str, tuple[tuple[Any, ...], bytes]] = {}

    def item_text(self, checked: CharterResult, charter: Charter, settings: Settings) -> str:
        """The charter's item as written in ``api/charters.json``, indented in its place."""
        inputs = (
            charter,
            checked.document.data,
            checked.completeness,
            sum(1 for diagnostic in checked.diagnostics if diagnostic.is_error),
            len(checked.diagnostics),
            settings.minimum_completeness,
        )
        kept = self._items.get(charter.id)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        text = textwrap.indent(export_json(_charter_item(checked, charter, settings)), "    ")
        self._items[charter.id] = (inputs, text.rstrip("\n"))
        return text.rstrip("\n")

    def calendar(self, charter: Charter, today: datetime.date) -> bytes:
        """:func:`charter_calendar` of ``charter``."""
        inputs = (charter, today)
        kept = self._calendars.get(charter.id)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        calendar = charter_calendar(charter, today=today)
        self._calendars[charter.id] = (inputs, calendar)
        return calendar

    def forget_others(self, charter_ids: set[str]) -> None:
        """Drop what was kept for charters no longer in the handbook."""
        for kept in (self._items, self._calendars):
            for charter_id in set(kept) - charter_ids:
                del kept[charter_id]


def _charter_item(checked: CharterResult, charter: Charter, settings: Settings) -> dict[str, Any]:
    item: dict[str, Any] = _with_extensions(
        charter.model_dump(mode="json", exclude_none=True), checked.document.data
    )
    errors = sum(1 for diagnostic in checked.diagnostics if diagnostic.is_error)
    item["computed"] = {
        "completeness": checked.completeness if checked.completeness is not None else 0,
        "minimum": settings.minimum_completeness.for_tier(charter.tier),
        "errors": errors,
        "warnings": len(checked.diagnostics) - errors,
        "page": charter_page(charter.id),
        "calendar": charter_calendar_path(charter.id),
    }
    return item


def _with_extensions(typed: Any, raw: Any) -> Any:
    """``typed`` with the ``x-`` keys of ``raw`` (the loaded YAML at the same place) added."""
    if isinstance(typed, dict):
        merged = dict(typed)
        if isinstance(raw, dict):
            for key, value in raw.items():
                if isinstance(key, str) and key.startswith(EXTENSION_PREFIX):
                    merged[key] = _jsonable(value)
                elif key in merged:
                    merged[key] = _with_extensions(merged[key], value)
        return merged
    if isinstance(typed, list) and isinstance(raw, list) and len(typed) == len(raw):
        return [_with_extensions(item, source) for item, source in zip(typed, raw, strict=True)]
    return typed


def _jsonable(value: Any) -> Any:
    """A loaded YAML value as JSON: dates as ISO text, binary as base64, the rest as it is."""
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        # JSON has no NaN or infinity: keep YAML's spelling as text.
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def glossary_export(
    result: CheckResult, glossary: HandbookGlossary | None = None
) -> dict[str, Any]:
    """``api/glossary.json``: every term A to Z, where it is defined and who uses it.

    ``glossary`` is the one the pages were rendered with, when there is one.
    """
    entries = (glossary if glossary is not None else glossary_of(result)).entries
    return {
        "version": API_VERSION,
        "terms": [
            {
                "term": entry.term,
                "definition": entry.definition,
                "aliases": list(entry.aliases),
                "anchor": entry.anchor,
                "defined_in": list(entry.defined_in),
                "used_by": list(entry.used_by),
            }
            for entry in entries
        ],
    }


def export_json(data: dict[str, Any]) -> str:
    """Deterministic JSON text: fields in the documented order, UTF-8, a final newline.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes (the same JSON to a parser), so the
    text stays inert wherever it lands, even inside an HTML ``script`` element.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    for sign in "<>&":
        text = text.replace(sign, f"\\u{ord(sign):04x}")
    return text + "\n"


# iCalendar


def charter_calendar(charter: Charter, *, today: datetime.date) -> bytes:
    """``calendar/<id>.ics``: the group's recurring meeting and the next charter review.

    The meeting is left out when ``meetings.day`` or ``meetings.time`` is missing, and for a
    retired charter. It lasts ``meetings.duration`` minutes and recurs by cadence, from the
    first meeting day on or after ``meetings.last_held`` (else the period's start), as
    :func:`generator.site.recurrence.meeting_series` computes it for the charter page too:

    - weekly: ``FREQ=WEEKLY;BYDAY=<day>``; biweekly: the same with ``INTERVAL=2``;
    - monthly: ``FREQ=MONTHLY;BYDAY=<n><day>``, the n-th such weekday of the month, n taken
      from that first meeting (its 5th weekday of a month becomes the last, ``-1``);
      quarterly: the same with ``INTERVAL=3``.

    Times are in ``meetings.timezone`` (UTC when absent; floating local time when the zone is
    unknown to this system's time zone database). DTSTAMP is ``today`` at 00:00 UTC, so the
    file depends on its input only. Dates at the end of the calendar (year 9999) do not
    overflow: a meeting that cannot be placed is left out, a review on the last day has a
    one-day duration instead of an end, and the time zone covers the years that exist.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(_clean(charter.name)))
    stamp = datetime.datetime.combine(today, datetime.time(), datetime.timezone.utc)
    meeting = _meeting_event(charter, stamp)
    timezone = b""
    if meeting is not None:
        calendar.add_component(meeting)
        start = meeting.start
        zone = start.tzinfo if isinstance(start, datetime.datetime) else None
        if isinstance(zone, ZoneInfo) and zone.key in calendar.get_missing_tzids():
            timezone = _timezone_lines(zone.key, start.year)
    calendar.add_component(_review_event(charter, stamp))
    text: bytes = calendar.to_ical()
    if timezone:
        # The VTIMEZONE is the calendar's first component: its lines go before the first
        # event's. Each line is written and folded on its own, so splicing the lines written
        # once per zone and year gives the same bytes as adding the component every time.
        first_event = text.index(b"\r\nBEGIN:VEVENT\r\n") + 2
        text = text[:first_event] + timezone + text[first_event:]
    return text


@functools.lru_cache(maxsize=256)
def _timezone_lines(key: str, year: int) -> bytes:
    """The VTIMEZONE of zone ``key`` from 1 January of ``year``, for TIMEZONE_YEARS years."""
    first = datetime.date(year, 1, 1)
    timezone = Timezone.from_tzinfo(
        ZoneInfo(key),
        tzid=key,
        first_date=first,
        last_date=first.replace(year=min(first.year + TIMEZONE_YEARS, 9999)),
    )
    lines: bytes = timezone.to_ical()
    return lines


def _meeting_event(charter: Charter, stamp: datetime.datetime) -> Event | None:
    meetings = charter.meetings
    if meetings.day is None or meetings.time is None or charter.status == RETIRED:
        return None
    series = meeting_series(meetings, meetings.last_held or charter.period.start)
    if series is None:
        return None  # the first meeting day would fall after 9999-12-31
    hour, minute = (int(part) for part in meetings.time.split(":"))
    start = datetime.datetime.combine(series.first, datetime.time(hour, minute), _zone(meetings))
    event = Event()
    event.add("uid", f"{charter.id}-meeting@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", datetime.timedelta(minutes=meetings.duration))
    event.add("rrule", series.ical())
    event.add("summary", _clean(f"{charter.name}: group meeting"))
    event.add("description", _clean(meetings.format))
    return event


def _zone(meetings: Meetings) -> datetime.tzinfo | None:
    """The meeting's time zone: UTC when none is given, None (floating) when it is unknown."""
    if meetings.timezone is None:
        return datetime.timezone.utc
    try:
        return ZoneInfo(meetings.timezone)
    except (ZoneInfoNotFoundError, OSError, ValueError):
        return None


def _review_event(charter: Charter, stamp: datetime.datetime) -> Event:
    review = charter.review.next_review
    event = Event()
    event.add("uid", f"{charter.id}-review@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", review)
    if review < datetime.date.max:
        event.add("dtend", review + datetime.timedelta(days=1))
    else:
        event.add("duration", datetime.timedelta(days=1))
    event.add("summary", _clean(f"{charter.name}: charter review"))
    event.add("transp", "TRANSPARENT")
    return event


def _clean(text: str) -> str:
    """Charter text fit for an iCalendar TEXT value: line breaks as ``\\n``, no control codes.

    icalendar escapes line breaks, commas, semicolons and backslashes; control characters
    other than line breaks and tabs are not allowed in TEXT, so they are dropped here.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        character
        for character in text
        if character in "\n\t" or unicodedata.category(character) != "Cc"
    )
