"""Simulated keypad locks: the built-in backend for evaluation, tests and benchmarks.

`SimulatedKeypad` plays the hardware: it keeps its own codes (persisted like a real
lock's memory), checks typed codes against its slots the way a keypad does, and
reports each attempt. Made schedule-capable (the household's `simulated_schedules`
option), it also keeps each user's schedule and admits on its own clock, so it goes
on deciding with Housekey unloaded. That clock is Home Assistant's plus an offset the
keypad keeps (zero until a test puts it off); setting it over the radio corrects it.
`SimulatedProvider` is the thin provider over it, the same shape as every real stack's
provider.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ..const import SIMULATED_BACKEND
from ..core.clock import ClockSet, LockTime
from ..core.lock_schedule import UNRESTRICTED, Enforcement, LockSchedule, ScheduleSupport
from ..core.policy import codes_equal
from .base import (
    EMPTY_SLOT,
    AccessEvent,
    AvailabilityCallback,
    Capabilities,
    CodesCleared,
    LockProvider,
    LockReport,
    LockUnavailable,
    Method,
    Outcome,
    ProviderError,
    Readback,
    ReportCallback,
    SlotChanged,
    SlotRead,
    SlotState,
    WriteResult,
)


@dataclass(slots=True)
class KeypadCounters:
    """Commands the simulated hardware received."""

    writes: int = 0
    clears: int = 0
    reads: int = 0
    #: the time set over the radio, and the clock read back
    clock_sets: int = 0
    clock_reads: int = 0


@dataclass
class SimulatedKeypad:
    """The simulated hardware of one keypad lock."""

    key: str
    name: str
    slot_count: int = 10
    pin_min: int = 4
    pin_max: int = 8
    latency: float = 0.0
    #: the radio network it shares with other keypads: one command at a time on it, as on a
    #: Z-Wave or Zigbee mesh (None: a network of its own)
    network: asyncio.Lock | None = field(default=None, repr=False)
    codes: dict[int, str] = field(default_factory=dict, repr=False)
    #: what schedules the keypad holds per user (none: every code opens at all hours)
    support: ScheduleSupport = field(default_factory=ScheduleSupport)
    #: each restricted user's schedule, by slot (a slot without one is unrestricted)
    schedules: dict[int, LockSchedule] = field(default_factory=dict)
    unreachable: bool = False
    jammed: bool = False  # answers, but every write fails
    #: stores only this many digits of a longer code (some keypads truncate silently)
    truncate_to: int | None = None
    #: the next write lands, but its answer is lost and the lock goes off the air
    drop_after_write: bool = False
    locked: bool = True
    #: until when (UTC seconds) the keypad ignores input after too many wrong codes
    lockout_until: float = 0.0
    #: how far the keypad's own clock is from Home Assistant's, in seconds (kept in its memory)
    clock_offset: float = 0.0
    #: whether its clock can be set over the radio (it can always be read)
    clock_settable: bool = True
    #: it answers a clock set with an error and keeps its time
    clock_refuses: bool = False
    counters: KeypadCounters = field(default_factory=KeypadCounters)
    on_persist: Callable[[], None] = field(default=lambda: None, repr=False)
    _reports: list[ReportCallback] = field(default_factory=list, repr=False)
    _availability: list[AvailabilityCallback] = field(default_factory=list, repr=False)
    _state: list[Callable[[], None]] = field(default_factory=list, repr=False)

    # ---- the radio side ------------------------------------------------------------------

    async def radio(self) -> None:
        """Spend the radio latency; raise when the lock is off the air."""
        await self._radio()

    async def _radio(self) -> None:
        if self.latency:
            if self.network is None:
                await asyncio.sleep(self.latency)
            else:
                async with self.network:
                    await asyncio.sleep(self.latency)
        if self.unreachable:
            raise LockUnavailable(f"{self.name} does not answer")

    async def read(self, slot: int) -> str | None:
        """Return the code in a slot."""
        await self._radio()
        self.counters.reads += 1
        return self.codes.get(slot)

    def schedule(self, slot: int) -> LockSchedule:
        """Return the schedule of a slot's user (unrestricted without one)."""
        return self.schedules.get(slot, UNRESTRICTED)

    async def write(self, slot: int, code: str, schedule: LockSchedule | None = None) -> None:
        """Store a code with its user's schedule, refusing what a real keypad would refuse."""
        await self._radio()
        self.counters.writes += 1
        if self.jammed:
            raise ProviderError(f"{self.name} failed to store the code")
        if not 1 <= slot <= self.slot_count:
            raise ProviderError(f"{self.name} has no slot {slot}")
        if not code.isdigit() or not self.pin_min <= len(code) <= self.pin_max:
            raise ProviderError(f"{self.name} refused the code for slot {slot}")
        if schedule is not None and not self.support.holds(schedule):
            raise ProviderError(f"{self.name} refused the schedule for slot {slot}")
        self.codes[slot] = code if self.truncate_to is None else code[: self.truncate_to]
        self._set_schedule(slot, schedule)
        self.on_persist()
        if self.drop_after_write:
            self.drop_after_write = False
            self.set_unreachable(True)
            raise LockUnavailable(f"{self.name} stopped answering")

    async def clear(self, slot: int) -> None:
        """Empty a slot."""
        await self._radio()
        self.counters.clears += 1
        self.codes.pop(slot, None)
        self.schedules.pop(slot, None)
        self.on_persist()

    def now(self) -> datetime:
        """Return the instant the keypad's own clock shows."""
        return dt_util.utcnow() + timedelta(seconds=self.clock_offset)

    async def set_clock(self, now: datetime) -> bool:
        """Take the time sent over the radio; return False when the clock cannot be set."""
        if not self.clock_settable:
            return False
        await self._radio()
        self.counters.clock_sets += 1
        if self.clock_refuses:
            raise ProviderError(f"{self.name} refused the time")
        self.clock_offset = (now - dt_util.utcnow()).total_seconds()
        self.on_persist()
        return True

    async def read_clock(self) -> datetime:
        """Return what the keypad's clock shows, over the radio."""
        await self._radio()
        self.counters.clock_reads += 1
        return self.now()

    # ---- the physical side ---------------------------------------------------------------

    def enter_code(self, code: str) -> bool:
        """Type a code at the keypad: open when it matches a slot, and report the attempt.

        The keypad decides by itself, so it admits the right people with its radio down.
        While locked out it ignores what is typed, as real keypads do (they flash and
        stay shut, even for a right code), and reports the attempt as refused unread.
        """
        if self.locked_out():
            self.report(AccessEvent(Outcome.DENIED, Method.KEYPAD, locked_out=True))
            return False
        slot = None
        for candidate, stored in self.codes.items():
            if codes_equal(code, stored) and slot is None:
                slot = candidate
        granted = slot is not None and self._admits(slot)
        if granted:
            self.locked = False
            if slot is not None and self.schedule(slot).single_use:
                # A disposable user ends with its one opening, on the lock itself.
                self.codes.pop(slot, None)
                self.schedules.pop(slot, None)
                self.on_persist()
        self.report(
            AccessEvent(Outcome.GRANTED if granted else Outcome.DENIED, Method.KEYPAD, slot)
        )
        return granted

    def _admits(self, slot: int) -> bool:
        """Return whether a slot's user is inside their schedule on the keypad's own clock.

        The keypad's clock shows the household's local time, off by its offset: week-day
        entries are read on its wall clock.
        """
        now = dt_util.as_local(self.now())
        return self.schedule(slot).admits(now.replace(tzinfo=None), now)

    def _set_schedule(self, slot: int, schedule: LockSchedule | None) -> None:
        """Keep a user's schedule as the keypad's wall clock holds it.

        Like a real lock, it keeps a date range's edges as wall-clock times: an edge in
        the hour an autumn change repeats reads back as the first of its two instants.
        """
        if schedule is None or not schedule.restricted:
            self.schedules.pop(slot, None)
        else:
            self.schedules[slot] = schedule.on_wall_clock(dt_util.get_default_time_zone())

    def set_schedule(self, slot: int, schedule: LockSchedule | None) -> None:
        """Change a user's schedule behind Housekey's back (a reset, a keypad menu), silently."""
        self._set_schedule(slot, schedule)
        self.on_persist()

    def lock_out(self, until: float) -> None:
        """Ignore keypad input until `until` (UTC seconds); kept in the lock's memory."""
        self.lockout_until = max(self.lockout_until, until)
        self.on_persist()

    def locked_out(self) -> bool:
        """Return whether the keypad ignores input now."""
        return dt_util.utcnow().timestamp() < self.lockout_until

    def program(self, slot: int, code: str | None) -> None:
        """Set or delete a code from the keypad's own programming menu, and report it."""
        if code is None:
            self.codes.pop(slot, None)
        else:
            self.codes[slot] = code
        self.on_persist()
        self.report(SlotChanged(slot))

    def lose_codes(self, *, announce: bool) -> None:
        """Forget every code (a battery swap, a factory reset), saying so or not."""
        self.codes.clear()
        self.on_persist()
        if announce:
            self.report(CodesCleared())

    def turn(self, *, locked: bool) -> None:
        """Lock or unlock without a code (the thumb turn inside or a remote command)."""
        self.locked = locked
        for listener in self._state:
            listener()

    def set_unreachable(self, unreachable: bool) -> None:
        """Take the lock off the air, or bring it back."""
        self.unreachable = unreachable
        self.on_persist()
        for listener in list(self._availability):
            listener(not unreachable)
        for state_listener in self._state:
            state_listener()

    def report(self, event: LockReport) -> None:
        """Send an access report, as the lock's radio would (not while it is off the air)."""
        if not self.unreachable:
            for listener in list(self._reports):
                listener(event)
        for state_listener in self._state:
            state_listener()

    def listen(self, on_report: ReportCallback) -> Callable[[], None]:
        """Subscribe to access reports."""
        self._reports.append(on_report)
        return lambda: self._reports.remove(on_report)

    def listen_availability(self, on_availability: AvailabilityCallback) -> Callable[[], None]:
        """Subscribe to availability changes."""
        self._availability.append(on_availability)
        return lambda: self._availability.remove(on_availability)

    def listen_state(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Subscribe the lock entity to state changes."""
        self._state.append(listener)
        return lambda: self._state.remove(listener)

    # ---- persistence ---------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Serialize the lock's memory."""
        return {
            "name": self.name,
            "slot_count": self.slot_count,
            "pin_min": self.pin_min,
            "pin_max": self.pin_max,
            "codes": {str(s): c for s, c in self.codes.items()},
            "schedules": {str(s): sch.to_dict() for s, sch in self.schedules.items()},
            "unreachable": self.unreachable,
            "lockout_until": self.lockout_until,
            "clock_offset": self.clock_offset,
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Load the lock's memory."""
        self.codes = {int(s): str(c) for s, c in data.get("codes", {}).items()}
        self.schedules = {
            int(s): LockSchedule.from_dict(sch) for s, sch in data.get("schedules", {}).items()
        }
        self.unreachable = bool(data.get("unreachable", False))
        lockout = data.get("lockout_until", 0.0)
        finite = isinstance(lockout, int | float) and math.isfinite(lockout)
        self.lockout_until = float(lockout) if finite else 0.0
        offset = data.get("clock_offset", 0.0)
        finite = isinstance(offset, int | float) and math.isfinite(offset)
        self.clock_offset = float(offset) if finite else 0.0


class SimulatedProvider(LockProvider):
    """Provider for a simulated keypad: full read-back, keypad events."""

    backend = SIMULATED_BACKEND
    in_home_assistant = True

    def __init__(self, hass: HomeAssistant, entity_id: str, keypad: SimulatedKeypad) -> None:
        """Bind to a simulated keypad."""
        super().__init__(hass, entity_id)
        self.keypad = keypad

    @property
    def available(self) -> bool:
        """Return whether the keypad answers."""
        return not self.keypad.unreachable

    async def async_capabilities(self) -> Capabilities:
        """Report what the simulated hardware can do."""
        await self.keypad.radio()
        return self.known_capabilities()

    def known_capabilities(self) -> Capabilities:
        """Return what the simulated hardware can do (known without asking it)."""
        support = self.keypad.support
        return Capabilities(
            slots=self.keypad.slot_count,
            pin_min=self.keypad.pin_min,
            pin_max=self.keypad.pin_max,
            readback=Readback.FULL,
            methods=frozenset({Method.KEYPAD}),
            week_day_schedules=support.week_days,
            year_day_schedules=support.year_days,
            disposable_users=support.disposable,
        )

    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read one slot back in full, with its user's schedule where the keypad holds them."""
        code = await self.keypad.read(slot)
        if code is None:
            return EMPTY_SLOT
        held = self.keypad.support.enforcement is Enforcement.LOCK
        return SlotRead(SlotState.KNOWN, code, self.keypad.schedule(slot) if held else None)

    async def async_write_code(
        self, slot: int, code: str, schedule: LockSchedule | None = None
    ) -> WriteResult:
        """Write a code and its user's schedule; the sync engine verifies by reading back."""
        self.refuse_schedule(schedule, self.keypad.support)
        if schedule is None:
            await self.keypad.write(slot, code)
        else:
            await self.keypad.write(slot, code, schedule)
        return WriteResult.SENT

    async def async_clear_code(self, slot: int) -> WriteResult:
        """Clear a slot; the sync engine verifies it by reading back."""
        await self.keypad.clear(slot)
        return WriteResult.SENT

    async def async_set_clock(self, now: datetime) -> ClockSet:
        """Set the keypad's clock (NOT_SUPPORTED for a keypad whose clock cannot be set)."""
        return ClockSet.SET if await self.keypad.set_clock(now) else ClockSet.NOT_SUPPORTED

    async def async_read_clock(self) -> LockTime:
        """Read the keypad's clock."""
        return LockTime(utc=await self.keypad.read_clock())

    def _attach(self, on_report: ReportCallback) -> Callable[[], None]:
        return self.keypad.listen(on_report)

    def async_listen(
        self, on_report: ReportCallback, on_availability: AvailabilityCallback
    ) -> Callable[[], None]:
        """Subscribe to the keypad itself.

        The keypad is Housekey's own hardware: no host integration reloads under it,
        and its availability is the keypad's (a former lock's keypad, still being
        cleared, has no lock entity to follow).
        """
        unsubs = (self._attach(on_report), self.keypad.listen_availability(on_availability))

        def unsubscribe() -> None:
            for unsub in unsubs:
                unsub()

        return unsubscribe
