"""When a group meets: one recurrence, shared by the charter page and its calendar.

The page's "next expected" meeting and the calendar's ``RRULE`` come from the same
:class:`MeetingSeries`, so they can never disagree. Dates are computed by ``dateutil.rrule``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from dateutil import rrule

from generator.check.schema import Meetings
from generator.check.vocabulary import WEEKDAYS

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
Frequency = Literal[0, 1, 2, 3, 4, 5, 6]
"""An rrule frequency constant (YEARLY … SECONDLY): only WEEKLY and MONTHLY are used."""

_STEPS: dict[str, tuple[Frequency, int]] = {
    "weekly": (rrule.WEEKLY, 1),
    "biweekly": (rrule.WEEKLY, 2),
    "monthly": (rrule.MONTHLY, 1),
    "quarterly": (rrule.MONTHLY, 3),
}
"""Each cadence as an rrule frequency and interval."""


@dataclass(frozen=True)
class MeetingSeries:
    """A group's meetings: the first on or after an anchor date, and how they recur.

    With ``meetings.day``, weekly cadences meet on that day and monthly ones on the n-th such
    day of the month, n taken from the first meeting (a 5th becomes the month's last). Without
    a day, meetings recur from the anchor itself (monthly on its day of the month, or the
    month's last day when the month is shorter).
    """

    first: datetime.date
    frequency: Frequency
    interval: int
    weekday: int | None
    """0 for Monday; None when ``meetings.day`` is not given."""
    nth: int
    """For monthly cadences with a day: which such weekday of the month (-1 the last)."""

    def after(self, day: datetime.date) -> datetime.date | None:
        """The first meeting strictly after ``day``; None past the calendar's end (9999)."""
        try:
            found = self._rule().after(_midnight(day))
        except (OverflowError, ValueError):
            return None
        return found.date() if found is not None else None

    def ical(self) -> dict[str, Any]:
        """The ``RRULE`` of this series, as icalendar takes it."""
        rule: dict[str, Any] = {"freq": "WEEKLY" if self.frequency == rrule.WEEKLY else "MONTHLY"}
        if self.interval != 1:
            rule["interval"] = self.interval
        if self.weekday is None:
            if self.frequency == rrule.MONTHLY:
                rule["bymonthday"] = list(range(min(self.first.day, 28), self.first.day + 1))
                if self.first.day > 28:
                    rule["bysetpos"] = -1
        elif self.frequency == rrule.WEEKLY:
            rule["byday"] = _BYDAY[self.weekday]
        else:
            rule["byday"] = f"{self.nth}{_BYDAY[self.weekday]}"
        return rule

    def _rule(self) -> rrule.rrule:
        start = _midnight(self.first)
        if self.weekday is not None:
            day = _RRULE_DAYS[self.weekday]
            byweekday = day if self.frequency == rrule.WEEKLY else day(self.nth)
            return rrule.rrule(
                self.frequency, dtstart=start, interval=self.interval, byweekday=byweekday
            )
        if self.frequency == rrule.WEEKLY or self.first.day <= 28:
            return rrule.rrule(self.frequency, dtstart=start, interval=self.interval)
        # The 29th to 31st: the latest of those days the month has.
        return rrule.rrule(
            self.frequency,
            dtstart=start,
            interval=self.interval,
            bymonthday=range(28, self.first.day + 1),
            bysetpos=-1,
        )


def meeting_series(meetings: Meetings, anchor: datetime.date) -> MeetingSeries | None:
    """The meetings from the first one on or after ``anchor``; None past the calendar's end."""
    frequency, interval = _STEPS[meetings.cadence]
    if meetings.day is None:
        return MeetingSeries(anchor, frequency, interval, None, 0)
    weekday = WEEKDAYS.index(meetings.day)
    try:
        found = rrule.rrule(
            rrule.DAILY, dtstart=_midnight(anchor), byweekday=_RRULE_DAYS[weekday], count=1
        )[0]
    except (OverflowError, ValueError, IndexError):
        return None
    first = found.date()
    week = (first.day - 1) // 7 + 1
    return MeetingSeries(first, frequency, interval, weekday, -1 if week == 5 else week)


def next_meeting(meetings: Meetings) -> datetime.date | None:
    """The meeting after ``meetings.last_held``; None when it is not recorded."""
    if meetings.last_held is None:
        return None
    series = meeting_series(meetings, meetings.last_held)
    return series.after(meetings.last_held) if series is not None else None


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time())
