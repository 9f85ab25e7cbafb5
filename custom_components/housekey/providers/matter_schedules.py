"""Matter Door Lock schedule entries and Housekey's LockSchedule, converted both ways.

A Matter lock keeps per user up to NumberOfWeekDaySchedulesSupportedPerUser week-day
entries (a days mask, start and end hour and minute, in the lock's local time) and up
to NumberOfYearDaySchedulesSupportedPerUser year-day entries (local start and end as
seconds since 2000-01-01 00:00 in the lock's local time). A user of the type
ScheduleRestrictedUser is admitted only inside one of them. The conversions here are
pure: the Matter provider sends and reads the commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Final

from ..core.lock_schedule import WeekDayEntry, YearDayEntry

#: ClearWeekDaySchedule / ClearYearDaySchedule index that clears every entry of the user
ALL_ENTRIES: Final = 0xFE
#: the Matter epoch, read as the lock's local wall clock
LOCAL_EPOCH: Final = datetime(2000, 1, 1)
#: the open ends of a year-day entry: the lock's earliest and latest epoch_s
EPOCH_MIN: Final = 0
EPOCH_MAX: Final = 0xFFFFFFFF


@dataclass(frozen=True, slots=True)
class WeekDayFields:
    """The fields of SetWeekDaySchedule / GetWeekDayScheduleResponse for one entry."""

    days_mask: int
    start_hour: int
    start_minute: int
    end_hour: int
    end_minute: int


def days_mask(days: frozenset[int]) -> int:
    """Return the DaysMaskMap of weekdays (0 = Monday); Matter's bit 0 is Sunday."""
    return sum(1 << ((day + 1) % 7) for day in days)


def days_of(mask: int) -> frozenset[int]:
    """Return the weekdays (0 = Monday) of a DaysMaskMap."""
    return frozenset((bit - 1) % 7 for bit in range(7) if mask & (1 << bit))


def week_day_fields(entry: WeekDayEntry) -> WeekDayFields:
    """Return the wire fields of a week-day entry."""
    return WeekDayFields(
        days_mask(entry.days),
        entry.start.hour,
        entry.start.minute,
        entry.end.hour,
        entry.end.minute,
    )


def week_day_entry(fields: WeekDayFields) -> WeekDayEntry | None:
    """Return the entry a lock holds, or None for one no Housekey entry can be."""
    try:
        return WeekDayEntry(
            days_of(fields.days_mask),
            time(fields.start_hour, fields.start_minute),
            time(fields.end_hour, fields.end_minute),
        )
    except ValueError:  # no day, an hour out of range, an end before the start
        return None


def local_epoch(instant: datetime | None, zone: tzinfo, open_end: int) -> int:
    """Return an instant as the lock's local epoch_s; None (an open end) is `open_end`.

    The lock's clock shows the household's local time, so the instant is converted
    to that wall clock first: a stay ending at 10:00 after a daylight-saving change
    ends at 10:00 on the lock too.
    """
    if instant is None:
        return open_end
    wall = instant.astimezone(zone).replace(tzinfo=None)
    seconds = int((wall - LOCAL_EPOCH).total_seconds())
    return min(max(seconds, EPOCH_MIN), EPOCH_MAX)


def instant_of(seconds: int, zone: tzinfo) -> datetime | None:
    """Return the aware instant of a local epoch_s; the lock's minimum or maximum is None."""
    if seconds in (EPOCH_MIN, EPOCH_MAX):
        return None
    return (LOCAL_EPOCH + timedelta(seconds=seconds)).replace(tzinfo=zone)


def year_day_range(entry: YearDayEntry, zone: tzinfo) -> tuple[int, int]:
    """Return (localStartTime, localEndTime) of a year-day entry."""
    return local_epoch(entry.start, zone, EPOCH_MIN), local_epoch(entry.end, zone, EPOCH_MAX)


def year_day_entry(start: int, end: int, zone: tzinfo) -> YearDayEntry:
    """Return the year-day entry a lock holds, with aware instants."""
    return YearDayEntry(instant_of(start, zone), instant_of(end, zone))
