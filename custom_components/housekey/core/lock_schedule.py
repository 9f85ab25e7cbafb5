"""Schedules a lock holds itself: a person's windows in the form lock firmware keeps them.

Locks with schedule support (Matter WDSCH/YDSCH, Z-Wave Schedule Entry Lock, the ZHA
Door Lock cluster) admit a user inside any of the user's week-day or year-day entries,
on their own clock. Putting a person's windows there means the lock keeps admitting
and refusing at the right hours with Home Assistant down. What a lock cannot express
stays Home Assistant's to enforce, by writing and clearing the code at the edges.

Weekly hours are the household's wall-clock times and so are the lock's (its clock is
set to the household's local time), so daylight-saving changes need no special case
for week-day entries: a window from 08:00 to 18:00 is that on the lock on every day.
The one difference is the repeated hour of an autumn change: the lock's wall clock
shows 02:30 twice and admits a window covering it both times, where Home Assistant's
instants close it after the first. Year-day entries carry aware instants; providers
convert them to the lock's local time. A lock's wall clock names both 02:30s of that
night alike, so a date range's edge is held as the first of them (`on_wall_clock`):
what the lock reads back is then what was asked for, and nothing is rewritten.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Any, Self

from .model import Person, WeeklyWindow

#: a lock's day ends at 23:59: an entry ending there runs to midnight
DAY_END = time(23, 59)
MIDNIGHT = time(0, 0)


class Enforcement(StrEnum):
    """Who enforces the windows on one lock."""

    LOCK = "lock"  # the schedule is on the lock, which admits on its own clock
    HOME_ASSISTANT = "home_assistant"  # codes are written and cleared at the window's edges


@dataclass(frozen=True, slots=True)
class WeekDayEntry:
    """Recurring hours on some weekdays (0 = Monday), within one day: `end` after `start`."""

    days: frozenset[int]
    start: time
    end: time

    def __post_init__(self) -> None:
        """Refuse what no lock holds: no day, a day outside the week, an end not after start."""
        if not self.days or not self.days <= frozenset(range(7)):
            raise ValueError("week-day entry days out of range")
        if self.end <= self.start:
            raise ValueError("week-day entry ends before it starts")

    def covers(self, wall: datetime) -> bool:
        """Return whether a wall-clock moment (the lock's local time) falls inside."""
        moment = wall.time().replace(tzinfo=None)
        if wall.weekday() not in self.days or moment < self.start:
            return False
        return moment < self.end or self.end == DAY_END

    def to_dict(self) -> dict[str, Any]:
        """Serialize."""
        return {
            "days": sorted(self.days),
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Deserialize."""
        return cls(
            frozenset(int(d) for d in data["days"]),
            time.fromisoformat(data["start"]),
            time.fromisoformat(data["end"]),
        )


@dataclass(frozen=True, slots=True)
class YearDayEntry:
    """A date range as aware instants; None is an open end (the lock's minimum or maximum).

    The instants are kept in UTC: Python never finds an instant inside an autumn
    change's repeated hour equal to one given in another zone, so a range read back
    in the lock's zone would never equal the one asked for.
    """

    start: datetime | None
    end: datetime | None

    def __post_init__(self) -> None:
        """Refuse naive instants (a lock's local time is the provider's to work out)."""
        for name in ("start", "end"):
            instant = getattr(self, name)
            if instant is None:
                continue
            if instant.tzinfo is None:
                raise ValueError("year-day entries carry aware instants")
            object.__setattr__(self, name, instant.astimezone(UTC))

    def covers(self, now: datetime) -> bool:
        """Return whether an instant falls inside."""
        return (self.start is None or self.start <= now) and (self.end is None or now < self.end)

    def to_dict(self) -> dict[str, Any]:
        """Serialize (in UTC, so the same range always reads the same)."""
        return {"start": _iso(self.start), "end": _iso(self.end)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Deserialize."""
        return cls(_instant(data.get("start")), _instant(data.get("end")))


@dataclass(frozen=True, slots=True)
class LockSchedule:
    """What one user's schedule on a lock is: no entries at all is an unrestricted user.

    `single_use` makes the user disposable: the lock deletes it after one opening.
    """

    week_days: tuple[WeekDayEntry, ...] = ()
    year_days: tuple[YearDayEntry, ...] = ()
    single_use: bool = False

    @property
    def restricted(self) -> bool:
        """Return whether the lock limits this user at all."""
        return bool(self.week_days or self.year_days or self.single_use)

    @property
    def windowed(self) -> bool:
        """Return whether the lock itself keeps this user out at some times."""
        return bool(self.week_days or self.year_days)

    def admits(self, wall: datetime, now: datetime) -> bool:
        """Return whether the lock admits this user at its wall clock `wall` (instant `now`)."""
        if self.week_days and not any(e.covers(wall) for e in self.week_days):
            return False
        return not self.year_days or any(e.covers(now) for e in self.year_days)

    def digest(self) -> str:
        """Return a short stable text naming this schedule (it holds no secret)."""
        return _digest(self)

    def on_wall_clock(self, clock: tzinfo) -> LockSchedule:
        """Return this schedule as a lock whose wall clock shows `clock` holds it."""
        year_days = tuple(
            YearDayEntry(on_wall_clock(e.start, clock), on_wall_clock(e.end, clock))
            for e in self.year_days
        )
        return LockSchedule(self.week_days, year_days, self.single_use)

    def to_dict(self) -> dict[str, Any]:
        """Serialize."""
        return {
            "week_days": [e.to_dict() for e in self.week_days],
            "year_days": [e.to_dict() for e in self.year_days],
            "single_use": self.single_use,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Deserialize."""
        return cls(
            tuple(WeekDayEntry.from_dict(e) for e in data.get("week_days", ())),
            tuple(YearDayEntry.from_dict(e) for e in data.get("year_days", ())),
            bool(data.get("single_use", False)),
        )


#: the schedule of a user the lock does not restrict
UNRESTRICTED = LockSchedule()

#: what a user the lock admits at no time reads as (a schedule user left without
#: entries, a non-access user): an empty date range, which no person's schedule equals,
#: so the slot is written again rather than trusted
NOBODY = LockSchedule(
    year_days=(YearDayEntry(datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC)),)
)


@dataclass(frozen=True, slots=True)
class ScheduleSupport:
    """What schedules a lock holds: entries per user, and whether users can be single-use.

    `week_days` entries each cover any set of weekdays; `single_days` entries hold one
    weekday each (Z-Wave's Week Day slots), so an entry on k days takes k of them. A
    lock with both keeps a user's weekly hours in one kind or the other.
    """

    week_days: int = 0
    year_days: int = 0
    disposable: bool = False
    single_days: int = 0

    @property
    def enforcement(self) -> Enforcement:
        """Return who enforces windows on a lock with this support."""
        if self.week_days or self.single_days or self.year_days or self.disposable:
            return Enforcement.LOCK
        return Enforcement.HOME_ASSISTANT

    def holds(self, schedule: LockSchedule) -> bool:
        """Return whether a lock with this support can hold a schedule."""
        weekly = schedule.week_days
        return (
            (
                len(weekly) <= self.week_days
                or sum(len(entry.days) for entry in weekly) <= self.single_days
            )
            and len(schedule.year_days) <= self.year_days
            and (self.disposable or not schedule.single_use)
        )


#: a lock that holds no schedule
NO_SCHEDULES = ScheduleSupport()

#: what a user the lock admits at no time reads as (a disabled or non-access user, a
#: schedule user left without entries): an empty date range, which no person's
#: schedule equals, so the slot is written again rather than trusted
NOBODY = LockSchedule(
    year_days=(YearDayEntry(datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC)),)
)


def lock_schedule(
    person: Person, support: ScheduleSupport, clock: tzinfo = UTC
) -> LockSchedule | None:
    """Return the schedule a lock with `support` holds for a person, or None when it cannot.

    None means Home Assistant enforces this person's windows on that lock (a fallback).
    Weekly windows AND a date range together are never put on a lock: locks admit a
    user inside ANY of their schedules, so "these hours within these dates" cannot be
    expressed there. `clock` is the time zone the lock's wall clock shows: a date
    range's edges are the instants that clock can name (see `on_wall_clock`).
    """
    ranged = person.valid_from is not None or person.valid_until is not None
    if person.weekly and ranged:
        return None
    single_use = support.disposable and person.max_uses == 1
    if ranged:
        year_day = YearDayEntry(
            on_wall_clock(_whole_minute(person.valid_from), clock),
            on_wall_clock(_whole_minute(person.valid_until), clock),
        )
        schedule = LockSchedule(year_days=(year_day,), single_use=single_use)
    else:
        schedule = LockSchedule(week_day_entries(person.weekly), single_use=single_use)
    return schedule if support.holds(schedule) else None


def week_day_entries(windows: tuple[WeeklyWindow, ...]) -> tuple[WeekDayEntry, ...]:
    """Return the fewest week-day entries covering the windows, in a stable order.

    A window crossing midnight is split there: its second part is on the next days,
    from 00:00 (a part of zero length is dropped). Parts with the same hours become
    one entry with the union of their days.
    """
    days: defaultdict[tuple[time, time], set[int]] = defaultdict(set)
    for window in windows:
        if window.end > window.start:
            days[window.start, window.end] |= window.days
            continue
        if window.start < DAY_END:
            days[window.start, DAY_END] |= window.days
        if window.end > MIDNIGHT:
            days[MIDNIGHT, window.end] |= {(d + 1) % 7 for d in window.days}
    return tuple(WeekDayEntry(frozenset(d), s, e) for (s, e), d in sorted(days.items()))


def on_wall_clock(instant: datetime | None, clock: tzinfo) -> datetime | None:
    """Return the instant a wall clock in `clock` names for `instant` (in UTC).

    A lock keeps a date range's edges as wall-clock times. In the hour an autumn change
    repeats, one wall time is two instants, and the lock reads it back as the first:
    so the second is held as the first too. Any other instant is itself. Without this, a
    stay ending at the second 02:30 would read back differently on every check and be
    written again each time.
    """
    if instant is None:
        return None
    wall = instant.astimezone(clock).replace(fold=0)
    return wall.astimezone(UTC)


@lru_cache(maxsize=4096)
def _digest(schedule: LockSchedule) -> str:
    """Digest a schedule once: the sync engine compares digests slot by slot."""
    text = json.dumps(schedule.to_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _whole_minute(instant: datetime | None) -> datetime | None:
    """Drop seconds: locks hold year-day entries to the minute (Z-Wave) or second (Matter).

    A guest added "from now" carries microseconds; the lock's read-back never would,
    and a schedule that reads back different is written again and again.
    """
    return None if instant is None else instant.replace(second=0, microsecond=0)


def _iso(instant: datetime | None) -> str | None:
    return None if instant is None else instant.astimezone(UTC).isoformat()


def _instant(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))
