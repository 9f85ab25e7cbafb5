"""Time: a person's status at an instant and the next instant it can change.

Weekly windows are wall-clock hours in the household's time zone, so a window
from 08:00 to 18:00 stays 08:00 to 18:00 across daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

from .model import Person, Status, WeeklyWindow


def occurrences_on(
    windows: tuple[WeeklyWindow, ...], day: date, tz: tzinfo
) -> list[tuple[datetime, datetime]]:
    """Return (start, end) of the windows that start on a local day, earliest first."""
    found = []
    for window in windows:
        if day.weekday() not in window.days:
            continue
        start = datetime.combine(day, window.start, tz)
        end_day = day if window.end > window.start else day + timedelta(days=1)
        found.append((start, datetime.combine(end_day, window.end, tz)))
    return sorted(found)


def _occurrences(
    windows: tuple[WeeklyWindow, ...], around: datetime, tz: tzinfo, days_after: int = 8
) -> Iterator[tuple[datetime, datetime]]:
    """Yield (start, end) of every occurrence from the day before `around` on."""
    local_day = around.astimezone(tz).date()
    for offset in range(-1, days_after + 1):
        yield from occurrences_on(windows, local_day + timedelta(days=offset), tz)


def in_weekly(windows: tuple[WeeklyWindow, ...], now: datetime, tz: tzinfo) -> bool:
    """Return whether `now` falls inside one of the weekly windows."""
    # In UTC, so the repeated hour of a DST change compares as two different instants.
    now = now.astimezone(UTC)
    return any(start <= now < end for start, end in _occurrences(windows, now, tz, 0))


def status_at(person: Person, now: datetime, tz: tzinfo) -> Status:
    """Return a person's status at an instant."""
    now = now.astimezone(UTC)
    if person.offboarded_at is not None:
        return Status.OFFBOARDED
    if person.suspended:
        return Status.SUSPENDED
    if person.max_uses is not None and person.uses >= person.max_uses:
        return Status.USED_UP
    if person.valid_until is not None and now >= person.valid_until:
        return Status.EXPIRED
    if person.valid_from is not None and now < person.valid_from:
        return Status.SCHEDULED
    if person.weekly and not in_weekly(person.weekly, now, tz):
        return Status.SCHEDULED
    return Status.ACTIVE


def next_transition(person: Person, now: datetime, tz: tzinfo) -> datetime | None:
    """Return the next instant after `now` at which the person's status can change by itself."""
    now = now.astimezone(UTC)
    if person.offboarded_at is not None or person.suspended:
        return None
    candidates = [t for t in (person.valid_from, person.valid_until) if t is not None and t > now]
    for start, end in _occurrences(person.weekly, now, tz):
        candidates.extend(t for t in (start, end) if t > now)
    if person.valid_until is not None:
        candidates = [t for t in candidates if t <= person.valid_until]
    return min(candidates, default=None)
