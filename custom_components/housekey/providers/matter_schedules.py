"""Matter Door Lock schedule entries and Housekey's LockSchedule, converted both ways.

A Matter lock keeps per user up to NumberOfWeekDaySchedulesSupportedPerUser week-day
entries (a days mask, start and end hour and minute, in the lock's local time) and up
to NumberOfYearDaySchedulesSupportedPerUser year-day entries (local start and end as
seconds since 2000-01-01 00:00 in the lock's local time). A user of the type
ScheduleRestrictedUser is admitted only inside one of them. The conversions here are
pure: the Matter provider sends and reads the commands.

`rewrite` is the one rule for the order of a user's schedule commands. A schedule-
restricted user left without entries is admitted at all hours by some locks (matter.js)
and at none by others, so a rewrite never passes through that state while the user's
PIN can open the door: new entries go into their indices first (overwriting old ones
in place) and only then is the surplus cleared; where the lock's entries are not known,
the user is disabled while its entries are rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final

from ..core.lock_schedule import NOBODY, UNRESTRICTED, LockSchedule, WeekDayEntry, YearDayEntry

#: ClearWeekDaySchedule / ClearYearDaySchedule index that clears every entry of the user
ALL_ENTRIES: Final = 0xFE
#: the Matter epoch, read as the lock's local wall clock
LOCAL_EPOCH: Final = datetime(2000, 1, 1)
#: the open ends of a year-day entry: the lock's earliest and latest epoch_s
EPOCH_MIN: Final = 0
EPOCH_MAX: Final = 0xFFFFFFFF

#: UserTypeEnum: the two types Housekey gives its users
USER_UNRESTRICTED: Final = 0
USER_SCHEDULE_RESTRICTED: Final = 8
#: users a lock admits only inside their schedule entries
#: (kYearDayScheduleUser, kWeekDayScheduleUser, kScheduleRestrictedUser)
SCHEDULED_USER_TYPES: Final = frozenset({1, 2, USER_SCHEDULE_RESTRICTED})


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


#: a year-day entry on the wire: localStartTime, localEndTime
type YearDayFields = tuple[int, int]


class Kind(StrEnum):
    """The two kinds of schedule entry a user holds."""

    WEEK_DAY = "week_day"
    YEAR_DAY = "year_day"


@dataclass(frozen=True, slots=True)
class HeldEntries:
    """A user's type, whether it is enabled, and every schedule entry it holds, by index.

    What the lock holds (read with GetUser and a Get command per index), or what a
    rewrite leaves it holding.
    """

    user_type: int
    enabled: bool = True
    week_days: Mapping[int, WeekDayFields] = field(default_factory=dict)
    year_days: Mapping[int, YearDayFields] = field(default_factory=dict)

    def entries(self, kind: Kind) -> Mapping[int, WeekDayFields | YearDayFields]:
        """Return the entries of one kind, by index."""
        return self.week_days if kind is Kind.WEEK_DAY else self.year_days


@dataclass(frozen=True, slots=True)
class ModifyUser:
    """SetUser (Modify) of the user's type and status; None leaves a field as it is."""

    user_type: int | None = None
    enabled: bool | None = None


@dataclass(frozen=True, slots=True)
class SetEntry:
    """SetWeekDaySchedule / SetYearDaySchedule at one index."""

    kind: Kind
    index: int
    fields: WeekDayFields | YearDayFields


@dataclass(frozen=True, slots=True)
class ClearEntry:
    """ClearWeekDaySchedule / ClearYearDaySchedule of one index, or of all (ALL_ENTRIES)."""

    kind: Kind
    index: int


type Step = ModifyUser | SetEntry | ClearEntry


def wanted(schedule: LockSchedule, zone: tzinfo) -> HeldEntries:
    """Return what a user holding `schedule` holds: entries from index 1, without gaps."""
    return HeldEntries(
        USER_SCHEDULE_RESTRICTED if schedule.windowed else USER_UNRESTRICTED,
        True,
        {i: week_day_fields(e) for i, e in enumerate(schedule.week_days, 1)},
        {i: year_day_range(e, zone) for i, e in enumerate(schedule.year_days, 1)},
    )


def held_schedule(held: HeldEntries, zone: tzinfo) -> LockSchedule:
    """Return the schedule a lock applies to a user holding these entries.

    A disabled user, and a schedule user without an entry it can apply (locks differ
    on whether that one opens at all hours or never), read as NOBODY, so the slot is
    written again; other types open at all hours.
    """
    if not held.enabled:
        return NOBODY
    if held.user_type not in SCHEDULED_USER_TYPES:
        return UNRESTRICTED
    week_days = tuple(
        entry
        for index in sorted(held.week_days)
        if (entry := week_day_entry(held.week_days[index])) is not None
    )
    year_days = tuple(
        year_day_entry(start, end, zone)
        for start, end in (held.year_days[index] for index in sorted(held.year_days))
        if end > start
    )
    if not week_days and not year_days:
        return NOBODY
    return LockSchedule(week_days, year_days)


def rewrite(
    held: HeldEntries | None, want: HeldEntries, supported: Mapping[Kind, int], *, live: bool
) -> tuple[Step, ...]:
    """Return the commands that turn what a user holds into `want`, in a safe order.

    `held` is what the user holds (None: not known); `supported` the lock's entries per
    user of each kind; `live` whether the user's PIN can open the door meanwhile.

    - Known entries: the wanted entries are set where they differ, then the surplus is
      cleared (all of a kind with one command where none of it is wanted), then the type
      is set (and a user Housekey left disabled enabled). Until the last command the user
      holds an old or a new entry, so it is never admitted outside the old and the new
      windows. When something is cleared,
      every wanted entry is set, held or not: the lock then surely holds one before the
      surplus goes, even where what Housekey knew is out of date.
    - Unknown entries of a live user: it is disabled with its new type, every entry is
      cleared and the wanted ones set, then it is enabled again (two commands more).
      Otherwise the user gets its type, enabled, and then its entries.
    - An unrestricted user wanted: the type goes first (it opens at all hours from then
      on, as wanted), then any entries are cleared.
    """
    restricted = want.user_type in SCHEDULED_USER_TYPES
    kinds = [kind for kind in Kind if supported.get(kind)]
    if held is None:
        guard = live and restricted
        return (
            ModifyUser(want.user_type, not guard),
            *(ClearEntry(kind, ALL_ENTRIES) for kind in kinds),
            *_sets(want, kinds),
            *((ModifyUser(enabled=True),) if guard else ()),
        )
    # the type is sent whole; the status only to enable a user Housekey left disabled (one
    # disabled behind its back reads as such, and is rewritten as not known)
    retyped = (
        (ModifyUser(want.user_type, True if not held.enabled else None),)
        if held.user_type != want.user_type or not held.enabled
        else ()
    )
    if not restricted:
        clears = tuple(ClearEntry(kind, ALL_ENTRIES) for kind in kinds if held.entries(kind))
        return (*retyped, *clears)
    clears = tuple(
        clear for kind in kinds for clear in _surplus(held.entries(kind), want.entries(kind), kind)
    )
    sets = tuple(
        step
        for step in _sets(want, kinds)
        if clears or held.entries(step.kind).get(step.index) != step.fields
    )
    return (*sets, *clears, *retyped)


def _sets(want: HeldEntries, kinds: list[Kind]) -> tuple[SetEntry, ...]:
    return tuple(
        SetEntry(kind, index, fields)
        for kind in kinds
        for index, fields in sorted(want.entries(kind).items())
    )


def _surplus(
    held: Mapping[int, WeekDayFields | YearDayFields],
    want: Mapping[int, WeekDayFields | YearDayFields],
    kind: Kind,
) -> tuple[ClearEntry, ...]:
    """Clear the held entries not wanted: all at once where none of the kind is wanted."""
    surplus = sorted(index for index in held if index not in want)
    if not surplus:
        return ()
    if not want:
        return (ClearEntry(kind, ALL_ENTRIES),)
    return tuple(ClearEntry(kind, index) for index in surplus)
