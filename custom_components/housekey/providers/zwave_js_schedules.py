"""A user's schedule in the form Z-Wave's Schedule Entry Lock CC (0x4E) holds it.

The CC keeps numbered entries per user id, of three kinds (zwave-js names them in its
command-class API, and this module speaks those names):

- Week Day (v1): one weekday (0 = Sunday) with a start and stop time inside that day, so a
  window on two days takes two entries;
- Year Day (v1): a start and stop date and time, on the lock's wall clock (the household's
  time zone, daylight saving included), years counted 0..99 from 2000;
- Daily Repeating (v3): a set of weekdays with a start time and a duration, so one entry
  holds a window on every day it recurs.

Setting an entry enables scheduling for the user and makes that kind the one the lock
applies: a user follows one kind at a time. A year-day entry has no open end: an open start
is the lock's earliest time (2000-01-01 00:00) and an open end its latest (2099-12-31 23:59),
and those read back as open ends.

This module is the only place that converts; it sends nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import Field, astuple, dataclass
from datetime import datetime, time, tzinfo
from enum import IntEnum
from typing import Any, ClassVar, Final, Self

from ..core.lock_schedule import (
    NOBODY,
    UNRESTRICTED,
    LockSchedule,
    ScheduleSupport,
    YearDayEntry,
    week_day_entries,
)
from ..core.model import WeeklyWindow

#: the lock's earliest and latest year-day time, on its wall clock: a year-day entry's open ends
WALL_MIN: Final = datetime(2000, 1, 1, 0, 0)
WALL_MAX: Final = datetime(2099, 12, 31, 23, 59)
_DAY: Final = 24 * 60


class Kind(IntEnum):
    """The schedule kinds (zwave-js ScheduleEntryLockScheduleKind)."""

    WEEK_DAY = 0
    YEAR_DAY = 1
    DAILY_REPEATING = 2


def zwave_day(day: int) -> int:
    """Return a weekday (0 = Monday) in Z-Wave's numbering (0 = Sunday)."""
    return (day + 1) % 7


def housekey_day(weekday: int) -> int:
    """Return a Z-Wave weekday (0 = Sunday) in Housekey's numbering (0 = Monday)."""
    return (weekday + 6) % 7


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


class _Entry:
    """One entry as zwave-js's API takes and returns it: named integer fields."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    #: the API's field names, in the order of the dataclass fields
    FIELDS: ClassVar[tuple[str, ...]]
    KIND: ClassVar[Kind]

    def args(self) -> dict[str, Any]:
        """Return the entry as the schedule argument of the API's set method."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in zip(self.FIELDS, astuple(self), strict=True)
        }

    @classmethod
    def of(cls, data: Any) -> Self | None:
        """Return the entry a get method answered, or None for an empty slot (or junk)."""
        if not isinstance(data, Mapping):
            return None
        values: list[Any] = []
        for name in cls.FIELDS:
            value = data.get(name)
            if isinstance(value, list) and all(isinstance(v, int) for v in value):
                value = tuple(sorted(value))
            elif not isinstance(value, int):
                return None
            values.append(value)
        return cls(*values)


@dataclass(frozen=True, slots=True, order=True)
class WeekDaySlot(_Entry):
    """A Week Day entry: one weekday (0 = Sunday), start and stop on that day."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "weekday",
        "startHour",
        "startMinute",
        "stopHour",
        "stopMinute",
    )
    KIND: ClassVar[Kind] = Kind.WEEK_DAY

    weekday: int
    start_hour: int
    start_minute: int
    stop_hour: int
    stop_minute: int

    def window(self) -> WeeklyWindow | None:
        """Return the hours it admits, or None for an entry that admits nobody."""
        if not 0 <= self.weekday <= 6:
            return None
        try:
            start = time(self.start_hour, self.start_minute)
            stop = time(self.stop_hour, self.stop_minute)
        except ValueError:
            return None
        if stop <= start:
            return None
        return WeeklyWindow(frozenset({housekey_day(self.weekday)}), start, stop)


@dataclass(frozen=True, slots=True)
class DailyRepeatingSlot(_Entry):
    """A Daily Repeating entry (v3): weekdays (0 = Sunday), a start and a duration."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "weekdays",
        "startHour",
        "startMinute",
        "durationHour",
        "durationMinute",
    )
    KIND: ClassVar[Kind] = Kind.DAILY_REPEATING

    weekdays: tuple[int, ...]
    start_hour: int
    start_minute: int
    duration_hour: int
    duration_minute: int

    def window(self) -> WeeklyWindow | None:
        """Return the hours it admits (one past midnight runs into the next day), or None."""
        days = frozenset(housekey_day(d) for d in self.weekdays if 0 <= d <= 6)
        try:
            start = time(self.start_hour, self.start_minute)
        except ValueError:
            return None
        duration = self.duration_hour * 60 + self.duration_minute
        if not days or not 0 < duration < _DAY:
            return None
        return WeeklyWindow(days, start, _time((_minutes(start) + duration) % _DAY))


@dataclass(frozen=True, slots=True)
class YearDaySlot(_Entry):
    """A Year Day entry: start and stop on the lock's wall clock, years 0..99 from 2000."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "startYear",
        "startMonth",
        "startDay",
        "startHour",
        "startMinute",
        "stopYear",
        "stopMonth",
        "stopDay",
        "stopHour",
        "stopMinute",
    )
    KIND: ClassVar[Kind] = Kind.YEAR_DAY

    start_year: int
    start_month: int
    start_day: int
    start_hour: int
    start_minute: int
    stop_year: int
    stop_month: int
    stop_day: int
    stop_hour: int
    stop_minute: int

    @classmethod
    def between(cls, start: datetime, stop: datetime) -> Self:
        """Return the entry from one wall-clock time to another."""
        return cls(*_wall_fields(start), *_wall_fields(stop))

    def walls(self) -> tuple[datetime, datetime] | None:
        """Return its start and stop on the lock's wall clock, or None where they are no time."""
        try:
            start = datetime(2000 + self.start_year, self.start_month, self.start_day)
            stop = datetime(2000 + self.stop_year, self.stop_month, self.stop_day)
            start = start.replace(hour=self.start_hour, minute=self.start_minute)
            stop = stop.replace(hour=self.stop_hour, minute=self.stop_minute)
        except ValueError:
            return None
        return (start, stop) if stop > start else None


type ScheduleEntry = WeekDaySlot | DailyRepeatingSlot | YearDaySlot

#: the entry class of each kind, to read a get method's answer with
ENTRY_TYPES: Final[Mapping[Kind, type[ScheduleEntry]]] = {
    Kind.WEEK_DAY: WeekDaySlot,
    Kind.YEAR_DAY: YearDaySlot,
    Kind.DAILY_REPEATING: DailyRepeatingSlot,
}


@dataclass(frozen=True, slots=True)
class Slots:
    """How many entries of each kind the lock holds per user (its Supported Report)."""

    week_day: int = 0
    year_day: int = 0
    daily_repeating: int = 0

    def of(self, kind: Kind) -> int:
        """Return the number of slots of one kind."""
        return (self.week_day, self.year_day, self.daily_repeating)[kind]

    @property
    def support(self) -> ScheduleSupport:
        """Return what Housekey can put on a lock with these slots.

        Daily Repeating entries hold a window on all its days; Week Day entries one day each.
        """
        return ScheduleSupport(
            week_days=self.daily_repeating, year_days=self.year_day, single_days=self.week_day
        )


@dataclass(frozen=True, slots=True)
class ScheduleWire:
    """The kind a user follows and its entries for slot ids 1..n; no kind: unrestricted."""

    kind: Kind | None = None
    entries: tuple[ScheduleEntry, ...] = ()


UNRESTRICTED_WIRE: Final = ScheduleWire()


def encode(schedule: LockSchedule, zone: tzinfo, slots: Slots) -> ScheduleWire:
    """Return what the lock holds for a schedule; ValueError for one it cannot hold.

    Weekly hours become Daily Repeating entries where the lock has them and they save
    entries (a window on several days is one), else Week Day entries, one per day. A
    single-use user does not exist in Schedule Entry Lock or User Code CC.
    """
    if schedule.single_use:
        raise ValueError("Schedule Entry Lock CC has no single-use user")
    if schedule.week_days and schedule.year_days:
        raise ValueError("a Z-Wave lock user follows one kind of schedule")
    if schedule.year_days:
        if len(schedule.year_days) > slots.year_day:
            raise ValueError("more date ranges than the lock's year-day slots")
        return ScheduleWire(Kind.YEAR_DAY, tuple(_year_day(e, zone) for e in schedule.year_days))
    if not schedule.week_days:
        return UNRESTRICTED_WIRE
    daily = tuple(
        DailyRepeatingSlot(
            tuple(sorted(zwave_day(d) for d in e.days)),
            e.start.hour,
            e.start.minute,
            *divmod(_minutes(e.end) - _minutes(e.start), 60),
        )
        for e in schedule.week_days
    )
    per_day = tuple(
        sorted(
            WeekDaySlot(zwave_day(d), e.start.hour, e.start.minute, e.end.hour, e.end.minute)
            for e in schedule.week_days
            for d in e.days
        )
    )
    fits_daily = len(daily) <= slots.daily_repeating
    if fits_daily and (len(daily) < len(per_day) or len(per_day) > slots.week_day):
        return ScheduleWire(Kind.DAILY_REPEATING, daily)
    if len(per_day) <= slots.week_day:
        return ScheduleWire(Kind.WEEK_DAY, per_day)
    raise ValueError("more weekly hours than the lock's week-day slots")


def decode(wire: ScheduleWire, zone: tzinfo) -> LockSchedule:
    """Return the schedule a lock applies to a user with scheduling on, following `wire`.

    Entries that admit nobody are left out; a user left with none reads as NOBODY, so
    Housekey writes the slot again rather than trusting it. Weekly entries come back
    merged and ordered as `week_day_entries` makes them, so equal hours read equal. A
    wall time the autumn change shows twice is taken as its first occurrence.
    """
    if wire.kind is None:
        return UNRESTRICTED
    if wire.kind is Kind.YEAR_DAY:
        ranges = [
            walls for e in wire.entries if isinstance(e, YearDaySlot) and (walls := e.walls())
        ]
        year_days = tuple(YearDayEntry(_instant(a, zone), _instant(b, zone)) for a, b in ranges)
        return LockSchedule(year_days=year_days) if year_days else NOBODY
    windows = tuple(
        window
        for e in wire.entries
        if isinstance(e, WeekDaySlot | DailyRepeatingSlot) and (window := e.window())
    )
    week_days = week_day_entries(windows)
    return LockSchedule(week_days=week_days) if week_days else NOBODY


def _year_day(entry: YearDayEntry, zone: tzinfo) -> YearDaySlot:
    """Return a date range as a Year Day entry on the lock's wall clock (open ends at its ends)."""
    return YearDaySlot.between(_wall(entry.start, zone, WALL_MIN), _wall(entry.end, zone, WALL_MAX))


def _wall(instant: datetime | None, zone: tzinfo, open_end: datetime) -> datetime:
    """Return an instant on the lock's wall clock, within what it holds (None: `open_end`)."""
    if instant is None:
        return open_end
    wall = instant.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    return min(max(wall, WALL_MIN), WALL_MAX)


def _wall_fields(wall: datetime) -> tuple[int, int, int, int, int]:
    return (wall.year - 2000, wall.month, wall.day, wall.hour, wall.minute)


def _instant(wall: datetime, zone: tzinfo) -> datetime | None:
    """Return a wall time of the lock as an aware instant; its earliest and latest are open."""
    if wall in (WALL_MIN, WALL_MAX):
        return None
    return wall.replace(tzinfo=zone)
