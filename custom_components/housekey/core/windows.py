"""The rules a person's weekly windows keep, measured in minutes of the week.

A window's occurrence on a day starts at that day's start time and lasts until
its end time, the next day when the end is at or before the start. That makes
a start equal to its end a window of no time, with one exception people write
and mean: 00:00 to 00:00 is the whole day. The week is a circle of minutes, so
an overlap is found across midnight and from Sunday night into Monday alike,
and is named by the two occurrences that share a minute.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from itertools import combinations

from .model import WEEKDAYS, Person, Role, WeeklyWindow
from .schedule import in_weekly, next_transition

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
#: the limits a household can set: at most a day per window, at most 14 windows
LONGEST_WINDOW_HOURS, MOST_WINDOWS = 24, 14
#: a window a weekday, and no limit on length beyond the day
DEFAULT_MAX_WINDOWS = 7


@dataclass(frozen=True, slots=True)
class WindowLimits:
    """What one household allows a person's weekly windows."""

    max_windows: int = DEFAULT_MAX_WINDOWS
    max_hours: int = LONGEST_WINDOW_HOURS


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One window on one day: where it starts in the week and how long it lasts."""

    window: WeeklyWindow
    day: int
    start: int  # minute of the week, 0 = Monday 00:00
    length: int

    def shares_a_minute(self, other: Occurrence) -> bool:
        """Return whether two occurrences overlap anywhere around the week."""
        return (other.start - self.start) % MINUTES_PER_WEEK < self.length or (
            self.start - other.start
        ) % MINUTES_PER_WEEK < other.length

    def label(self) -> str:
        """Name the occurrence as people write it: `Tue 10:00-13:00`."""
        return f"{WEEKDAYS[self.day].title()} {span(self.window)}"


def span(window: WeeklyWindow) -> str:
    """Return a window's hours as `10:00-13:00`."""
    return f"{window.start:%H:%M}-{window.end:%H:%M}"


def describe(window: WeeklyWindow) -> str:
    """Name a window with all its days: `Mon, Wed 10:00-13:00`."""
    days = ", ".join(WEEKDAYS[d].title() for d in sorted(window.days))
    return f"{days} {span(window)}".strip()


def whole_day(window: WeeklyWindow) -> bool:
    """Return whether a window is the one equal start and end that means something."""
    return window.start == window.end == time(0)


def length(window: WeeklyWindow) -> int:
    """Return how many minutes one occurrence of a window lasts (0: no time at all)."""
    if whole_day(window):
        return MINUTES_PER_DAY
    return (_minute(window.end) - _minute(window.start)) % MINUTES_PER_DAY


def occurrences(windows: Sequence[WeeklyWindow]) -> Iterator[Occurrence]:
    """Yield every window on every one of its days, in the order they were given."""
    for window in windows:
        for day in sorted(window.days):
            start = day * MINUTES_PER_DAY + _minute(window.start)
            yield Occurrence(window, day, start, length(window))


def first_overlap(windows: Sequence[WeeklyWindow]) -> tuple[Occurrence, Occurrence] | None:
    """Return the first two occurrences of different windows that share a minute.

    One window never overlaps itself: each of its occurrences lasts at most a day
    and starts a day after the one before.
    """
    indexed = [(i, o) for i, w in enumerate(windows) for o in occurrences([w])]
    for (i, first), (j, second) in combinations(indexed, 2):
        if i != j and first.shares_a_minute(second):
            return first, second
    return None


def opens_between(
    windows: tuple[WeeklyWindow, ...], start: datetime, end: datetime, tz: tzinfo
) -> bool:
    """Return whether the weekly hours are open at any instant from `start` up to `end`.

    Asked of the schedule itself, so daylight-saving changes count as they do for access.
    It walks from one transition to the next: at most two per occurrence in a week.
    """
    probe = Person("probe", "probe", Role.GUEST, start, weekly=windows, valid_until=end)
    moment: datetime | None = start.astimezone(UTC)
    while moment is not None and moment < end:
        if in_weekly(windows, moment, tz):
            return True
        moment = next_transition(probe, moment, tz)
    return False


def _minute(value: time) -> int:
    return value.hour * 60 + value.minute
