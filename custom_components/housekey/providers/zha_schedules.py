"""A user's schedule in the form the Zigbee Door Lock cluster (0x0101) holds it.

ZCL 7.3.2.17 gives each user a type (Unrestricted, Week Day Schedule User, Year Day
Schedule User, ...) and numbered schedule entries of each kind; the user type says
which kind the lock applies: an unrestricted user opens at all hours whatever entries
it has, a week-day user only inside its week-day entries. So one user holds entries
of one kind, and reading its schedule back needs only the entries of its type.

Week-day entries are a day bitmap (bit 0 Sunday) and start / end hour and minute on the
lock's clock; year-day entries are two LocalTime values: seconds since 2000-01-01 00:00
on the lock's wall clock (the household's time zone, daylight saving included). Open
ends are the lock's minimum (0) and maximum (0xFFFFFFFE; 0xFFFFFFFF is ZCL's "invalid").

This module is the only place that converts; it sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from typing import Final

from ..core.lock_schedule import NOBODY, LockSchedule, WeekDayEntry, YearDayEntry

#: zigpy UserType values
USER_UNRESTRICTED: Final = 0x00
USER_YEAR_DAY: Final = 0x01
USER_WEEK_DAY: Final = 0x02
USER_NON_ACCESS: Final = 0x04

#: year-day times count seconds from here, on the lock's wall clock
LOCAL_EPOCH: Final = datetime(2000, 1, 1)
LOCAL_TIME_MIN: Final = 0
LOCAL_TIME_MAX: Final = 0xFFFFFFFE
_SECOND: Final = timedelta(seconds=1)

#: week-day entry on the wire: days mask, start hour, start minute, end hour, end minute
type WeekDayWire = tuple[int, ...]
#: year-day entry on the wire: local start time, local end time
type YearDayWire = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ScheduleWire:
    """A user's type and the entries of that type, in schedule id order."""

    user_type: int
    week_days: tuple[WeekDayWire, ...] = ()
    year_days: tuple[YearDayWire, ...] = ()


UNRESTRICTED_WIRE: Final = ScheduleWire(USER_UNRESTRICTED)


def day_mask(days: frozenset[int]) -> int:
    """Return the ZCL DayMask of weekdays (0 = Monday; the mask's bit 0 is Sunday)."""
    return sum(1 << ((day + 1) % 7) for day in days)


def mask_days(mask: int) -> frozenset[int]:
    """Return the weekdays (0 = Monday) of a ZCL DayMask; the reserved bit 7 is ignored."""
    return frozenset((bit - 1) % 7 for bit in range(7) if mask & (1 << bit))


def to_local_time(instant: datetime | None, zone: tzinfo, open_end: int) -> int:
    """Return an aware instant as the lock's LocalTime (whole seconds), `open_end` for None."""
    if instant is None:
        return open_end
    wall = instant.astimezone(zone).replace(tzinfo=None)
    return min(max((wall - LOCAL_EPOCH) // _SECOND, LOCAL_TIME_MIN), LOCAL_TIME_MAX)


def from_local_time(value: int, zone: tzinfo) -> datetime | None:
    """Return a lock's LocalTime as an aware instant; its minimum and maximum are open ends.

    A wall time the autumn change shows twice is taken as its first occurrence.
    """
    if value <= LOCAL_TIME_MIN or value >= LOCAL_TIME_MAX:
        return None
    return (LOCAL_EPOCH + value * _SECOND).replace(tzinfo=zone)


def encode(schedule: LockSchedule, zone: tzinfo) -> ScheduleWire:
    """Return what the lock holds for a schedule; ValueError for one the cluster cannot hold.

    A user has one type, so entries of both kinds at once are not expressible (and
    `lock_schedule` never asks for them); nor is a single-use user (ZCL has no such type).
    """
    if schedule.single_use:
        raise ValueError("the Zigbee Door Lock cluster has no single-use user type")
    if schedule.week_days and schedule.year_days:
        raise ValueError("a Zigbee lock user holds one kind of schedule")
    if schedule.week_days:
        return ScheduleWire(
            USER_WEEK_DAY,
            week_days=tuple(
                (day_mask(e.days), e.start.hour, e.start.minute, e.end.hour, e.end.minute)
                for e in schedule.week_days
            ),
        )
    if schedule.year_days:
        return ScheduleWire(
            USER_YEAR_DAY,
            year_days=tuple(
                (
                    to_local_time(e.start, zone, LOCAL_TIME_MIN),
                    to_local_time(e.end, zone, LOCAL_TIME_MAX),
                )
                for e in schedule.year_days
            ),
        )
    return UNRESTRICTED_WIRE


def decode(wire: ScheduleWire, zone: tzinfo) -> LockSchedule:
    """Return the schedule a lock applies to a user of this type with these entries.

    An entry no schedule can be made of (no day, an end before its start) admits
    nobody and is left out. A schedule user left without entries, and a non-access
    user, read as NOBODY, so Housekey writes the slot again rather than trusting it;
    every other type (master, not supported) opens at all hours: unrestricted.
    """
    if wire.user_type == USER_WEEK_DAY:
        week_days = []
        for mask, start_h, start_m, end_h, end_m in wire.week_days:
            try:
                week_days.append(
                    WeekDayEntry(mask_days(mask), time(start_h, start_m), time(end_h, end_m))
                )
            except ValueError:
                continue
        return LockSchedule(week_days=tuple(week_days)) if week_days else NOBODY
    if wire.user_type == USER_YEAR_DAY:
        year_days = tuple(
            YearDayEntry(from_local_time(start, zone), from_local_time(end, zone))
            for start, end in wire.year_days
            if end > start
        )
        return LockSchedule(year_days=year_days) if year_days else NOBODY
    return NOBODY if wire.user_type == USER_NON_ACCESS else LockSchedule()
