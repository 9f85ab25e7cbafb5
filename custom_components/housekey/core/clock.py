"""The lock's clock: what a check of it found, when the next one is due, and the zone ahead.

A lock that holds schedules admits people on its own clock, so a clock that is off (a
battery swap, drift, a daylight-saving change it does not know about) shifts every
window on it. Housekey sets the clock where the stack allows, when the lock starts
holding windows and once a day after, and reads it back where it can. A lock whose
clock can be neither set nor read, refuses the time, or reads off by more than
TOLERANCE is a problem an admin has to know about. This module is pure: the sync engine
sends the commands and the providers convert to their stack's wire format.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Self

#: how far a lock's clock may be from Home Assistant's before it is a problem; a clock that
#: shows only minutes (Z-Wave Clock CC) reads up to 59 s behind when it is right
TOLERANCE = timedelta(minutes=2)
#: how long a check holds: the clock is set again a day after it was last checked
INTERVAL = timedelta(days=1)
#: how long after a failed check (the lock refused, or did not answer) the next comes
RETRY = timedelta(hours=1)
#: how far ahead daylight-saving changes are looked for (a zone changes at most yearly)
HORIZON = timedelta(days=400)


class ClockSet(StrEnum):
    """What setting a lock's clock did (a failure is raised, not returned)."""

    SET = "set"  # the time was sent to the lock
    BY_STACK = "by_stack"  # the stack serves the lock its time by itself: nothing to send
    NOT_SUPPORTED = "not_supported"  # nothing on this lock's stack can set its clock


class ClockState(StrEnum):
    """What the last check of a lock's clock found."""

    SET = "set"  # set by Housekey (and, where it reads back, right)
    RIGHT = "right"  # it cannot be set, but it reads right
    BY_STACK = "by_stack"  # the stack keeps it (a Zigbee coordinator serves the time)
    OFF = "off"  # it reads off by more than TOLERANCE
    UNSUPPORTED = "unsupported"  # it can be neither set nor read
    FAILED = "failed"  # the lock refused the time or did not answer

    @property
    def problem(self) -> bool:
        """Return whether an admin should be told (a repair issue)."""
        return self in (ClockState.OFF, ClockState.UNSUPPORTED, ClockState.FAILED)


@dataclass(frozen=True, slots=True)
class LockTime:
    """What a lock's clock showed when read: an instant, its local wall clock, or both.

    `local` is naive: the wall-clock time the lock admits by, which should be Home
    Assistant's local time. A lock that keeps only a weekday and a time of day gives
    the nearest such wall-clock moment.
    """

    utc: datetime | None = None
    local: datetime | None = None

    def drift(self, now: datetime, zone: tzinfo) -> timedelta | None:
        """Return how far the lock is from `now` (the larger reading wins; None: none read)."""
        drifts = []
        if self.utc is not None:
            drifts.append(self.utc - now)
        if self.local is not None:
            drifts.append(self.local - now.astimezone(zone).replace(tzinfo=None))
        return max(drifts, key=abs, default=None)


@dataclass(frozen=True, slots=True)
class ClockCheck:
    """The last check of one lock's clock, persisted with the lock's record.

    `at` is when it was checked, `set_at` when Housekey last set the clock (kept from
    check to check), `drift` how far the lock read from Home Assistant, in seconds.
    """

    state: ClockState
    at: datetime
    set_at: datetime | None = None
    drift: float | None = None

    @property
    def due(self) -> datetime:
        """Return when the next check is due: a day on, or an hour after a failure."""
        return self.at + (RETRY if self.state is ClockState.FAILED else INTERVAL)

    def to_dict(self) -> dict[str, Any]:
        """Serialize."""
        return {
            "state": self.state.value,
            "at": self.at.isoformat(),
            "set_at": None if self.set_at is None else self.set_at.isoformat(),
            "drift": self.drift,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Deserialize."""
        set_at, drift = data.get("set_at"), data.get("drift")
        return cls(
            ClockState(data["state"]),
            _aware(datetime.fromisoformat(data["at"])),
            None if set_at is None else _aware(datetime.fromisoformat(set_at)),
            None if drift is None else float(drift),
        )


def judge(
    result: ClockSet | None,
    read: LockTime | None,
    now: datetime,
    zone: tzinfo,
    previous: ClockCheck | None,
) -> ClockCheck:
    """Return what a check found: `result` of the set (None: it failed) and the read after it.

    A reading beats the set: a lock that took the time but shows another is off.
    """
    set_at = None if previous is None else previous.set_at
    if result is None:
        return ClockCheck(ClockState.FAILED, now, set_at)
    if result is ClockSet.BY_STACK:
        return ClockCheck(ClockState.BY_STACK, now, set_at)
    drift = None if read is None else read.drift(now, zone)
    seconds = None if drift is None else round(drift.total_seconds(), 1)
    if result is ClockSet.SET:
        set_at = now
    if drift is not None and abs(drift) > TOLERANCE:
        return ClockCheck(ClockState.OFF, now, set_at, seconds)
    if result is ClockSet.SET:
        return ClockCheck(ClockState.SET, now, set_at, seconds)
    state = ClockState.UNSUPPORTED if drift is None else ClockState.RIGHT
    return ClockCheck(state, now, set_at, seconds)


# ---- the household's time zone ahead --------------------------------------------------


@dataclass(frozen=True, slots=True)
class OffsetPeriod:
    """A stretch of time with one daylight-saving offset: from `start` until `until` (None: on)."""

    start: datetime
    until: datetime | None
    dst: timedelta


def standard_offset(now: datetime, zone: tzinfo) -> timedelta:
    """Return the zone's offset from UTC without daylight saving, at `now`."""
    local = now.astimezone(zone)
    return (local.utcoffset() or timedelta()) - (local.dst() or timedelta())


def transitions(after: datetime, zone: tzinfo, limit: int) -> list[datetime]:
    """Return the next `limit` instants after `after` at which the zone's UTC offset changes.

    Zones say nothing of their transitions, so days are stepped through and the change
    found to the second: a few hundred offset look-ups, once a change is due.
    """
    found: list[datetime] = []
    start = after.astimezone(UTC)
    end = start + HORIZON
    while len(found) < limit and start < end:
        offset, day = _offset(start, zone), start + timedelta(days=1)
        while day < end and _offset(day, zone) == offset:
            day += timedelta(days=1)
        if day >= end:
            break
        low, high = start, day  # the offset is `offset` at low and differs at high
        while high - low > timedelta(seconds=1):
            middle = low + (high - low) / 2
            low, high = (middle, high) if _offset(middle, zone) == offset else (low, middle)
        change = high.replace(microsecond=0)
        found.append(change)
        start = change
    return found


def offset_periods(now: datetime, zone: tzinfo, count: int) -> list[OffsetPeriod]:
    """Return up to `count` back-to-back periods from `now`, each with its daylight-saving offset.

    The offset is measured from the standard offset at `now`, so the lock's local time
    (UTC, plus the standard offset, plus this) is the household's through every period.
    The last period runs on (None) when the zone has no change ahead.
    """
    standard = standard_offset(now, zone)
    edges = [now.astimezone(UTC), *transitions(now, zone, count)]
    periods = []
    for index, start in enumerate(edges[:count]):
        until = edges[index + 1] if index + 1 < len(edges) else None
        periods.append(OffsetPeriod(start, until, _offset(start, zone) - standard))
    return periods


def _offset(instant: datetime, zone: tzinfo) -> timedelta:
    return instant.astimezone(zone).utcoffset() or timedelta()


def _aware(instant: datetime) -> datetime:
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
