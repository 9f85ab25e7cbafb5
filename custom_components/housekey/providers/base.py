"""The provider interface: raw slot reads and writes for one lock on one stack.

A provider knows how to talk to one lock through one Home Assistant integration
and nothing else. Pacing, retries, verification, duplicate checks and the
mapping of people to slots live once, in the sync engine; a provider only
translates. Slot numbers at this interface are Housekey's: 1..capabilities.slots,
whatever the stack numbers them on the wire.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from time import monotonic
from typing import Any, ClassVar

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_track_state_change_event

from ..core.clock import ClockSet, LockTime
from ..core.lock_schedule import LockSchedule, ScheduleSupport


class Readback(StrEnum):
    """How much of a stored code the lock reveals when read."""

    FULL = "full"  # the digits come back
    MASKED = "masked"  # occupied or empty is known, the digits are hidden
    NONE = "none"  # nothing can be read back


class SlotState(StrEnum):
    """What a read of one slot returned."""

    EMPTY = "empty"
    KNOWN = "known"  # occupied, code read back in full
    MASKED = "masked"  # occupied, code hidden
    UNKNOWN = "unknown"  # the lock could not say


class Method(StrEnum):
    """How an access was attempted (SPEC: housekey_access.method)."""

    KEYPAD = "keypad"
    RF = "rf"
    NFC = "nfc"
    MANUAL = "manual"
    AUTO = "auto"
    REMOTE = "remote"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    """Whether the lock opened."""

    GRANTED = "granted"
    DENIED = "denied"


class AlarmKind(StrEnum):
    """Alarms a lock raises by itself (subset of SPEC housekey_alert.kind)."""

    BRUTE_FORCE = "brute_force"
    TAMPER = "tamper"


class WriteResult(StrEnum):
    """Whether a write was confirmed by the lock or merely sent."""

    CONFIRMED = "confirmed"  # the stack confirmed the slot content itself
    SENT = "sent"  # sent; the sync engine verifies by reading back where it can


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a lock can do, read from the device."""

    slots: int
    pin_min: int
    pin_max: int
    readback: Readback
    methods: frozenset[Method] = frozenset({Method.KEYPAD})
    #: week-day schedule entries the lock holds per user, each on any weekdays (0: none)
    week_day_schedules: int = 0
    #: year-day (date range) schedule entries the lock holds per user (0: none)
    year_day_schedules: int = 0
    #: whether a user can be single-use: the lock deletes it after one opening
    disposable_users: bool = False
    #: week-day entries of one weekday each the lock holds per user (Z-Wave Week Day slots)
    single_day_schedules: int = 0
    #: read by a release that did not ask the lock about schedules: to be read again
    before_schedules: bool = field(default=False, compare=False)

    @property
    def schedule_support(self) -> ScheduleSupport:
        """Return what schedules the lock holds itself."""
        return ScheduleSupport(
            self.week_day_schedules,
            self.year_day_schedules,
            self.disposable_users,
            self.single_day_schedules,
        )

    def to_dict(self) -> dict[str, Any]:
        """Serialize, as the sync engine persists it with each lock's record."""
        return {
            "slots": self.slots,
            "pin_min": self.pin_min,
            "pin_max": self.pin_max,
            "readback": self.readback.value,
            "methods": sorted(self.methods),
            "week_day_schedules": self.week_day_schedules,
            "year_day_schedules": self.year_day_schedules,
            "disposable_users": self.disposable_users,
            "single_day_schedules": self.single_day_schedules,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Capabilities:
        """Deserialize; records saved before schedules and methods were read get the defaults.

        The `schedules` flag of older records said nothing any lock used: it is ignored.
        A record without `single_day_schedules` was saved before Z-Wave locks were asked
        about their Schedule Entry Lock slots: it is read once more.
        """
        return cls(
            slots=int(data["slots"]),
            pin_min=int(data["pin_min"]),
            pin_max=int(data["pin_max"]),
            readback=Readback(data["readback"]),
            methods=frozenset(Method(m) for m in data.get("methods", [Method.KEYPAD])),
            week_day_schedules=int(data.get("week_day_schedules", 0)),
            year_day_schedules=int(data.get("year_day_schedules", 0)),
            disposable_users=bool(data.get("disposable_users", False)),
            single_day_schedules=int(data.get("single_day_schedules", 0)),
            before_schedules=not {"week_day_schedules", "single_day_schedules"} <= data.keys(),
        )


@dataclass(frozen=True, slots=True)
class SlotRead:
    """One slot as read from the lock. `code` is set only for KNOWN.

    `schedule` is the user's schedule as the lock holds it, from a provider that reads
    schedules back (an unrestricted user reads as UNRESTRICTED); None: not read.
    """

    state: SlotState
    code: str | None = field(default=None, repr=False)
    schedule: LockSchedule | None = None

    @property
    def occupied(self) -> bool:
        """Return True when the slot holds a code."""
        return self.state in (SlotState.KNOWN, SlotState.MASKED)


EMPTY_SLOT = SlotRead(SlotState.EMPTY)


@dataclass(frozen=True, slots=True)
class AccessEvent:
    """An unlock attempt reported by a lock, normalized across stacks.

    `slot` is the Housekey slot whose code was used, when the lock says. `locked_out` says the
    keypad refused the attempt unread because it was locked out after wrong codes:
    it is on the record, but no wrong code (it may have been the right one). `user_id` is the
    Home Assistant user who opened it remotely (from the dashboard), when known: a remote
    opening then goes to that user and to the person who is that user, not to an unknown code.
    """

    outcome: Outcome
    method: Method = Method.UNKNOWN
    slot: int | None = None
    locked_out: bool = False
    user_id: str | None = None


@dataclass(frozen=True, slots=True)
class LockAlarm:
    """An alarm raised by the lock itself."""

    kind: AlarmKind
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SlotChanged:
    """The lock says a slot's content changed (e.g. a code programmed at its keypad).

    The sync engine reads that slot back, so a code added behind Housekey's back is
    reported when it appears rather than at the next full scan or its first use.
    """

    slot: int


@dataclass(frozen=True, slots=True)
class CodesCleared:
    """The lock says its user codes were wiped (all codes deleted, a factory reset).

    The sync engine re-reads every slot whose content it tracks and writes back what
    the lock lost.
    """


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An entry of the lock's own event log, read back after a gap (never the code typed).

    `at` is the lock's own clock. `outcome` is set for unlock attempts (an access) and
    None for anything else the lock logs (a code added, a battery swapped): `event`
    names what it was, in the stack's words.
    """

    at: datetime
    event: str
    outcome: Outcome | None = None
    method: Method = Method.UNKNOWN
    slot: int | None = None


type LockReport = AccessEvent | LockAlarm | SlotChanged | CodesCleared
type ReportCallback = Callable[[LockReport], None]
type AvailabilityCallback = Callable[[bool], None]


class OwnChanges:
    """Which slots Housekey itself is changing or just changed, per lock.

    Locks announce changes made over the radio as well as at their keypad. A
    SlotChanged that only echoes Housekey's own command would cost a read-back per
    write, so a provider drops a report of a slot while the slot is Housekey's.
    """

    def __init__(self) -> None:
        """Start with no slot marked."""
        self._until: dict[int, float] = {}

    @contextmanager
    def during(self, slot: int, tail: float) -> Iterator[None]:
        """Take reports of a slot as Housekey's own while a command runs, and `tail` s after."""
        previous = self._until.get(slot, 0.0)
        self._until[slot] = math.inf
        try:
            yield
        finally:
            self._until[slot] = max(previous, monotonic() + tail)

    def recent(self, slot: int) -> bool:
        """Return whether a report of this slot is the echo of Housekey's own change."""
        return monotonic() < self._until.get(slot, 0.0)


class ProviderError(HomeAssistantError):
    """A command to the lock failed."""


class LockUnavailable(ProviderError):
    """The lock cannot be reached right now."""


def caused_by(err: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """Return whether one of `kinds` is in the chain of causes of `err`."""
    cause = err.__cause__ or err.__context__
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, kinds):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


class LockProvider(ABC):
    """Raw slot access for one lock entity on one stack."""

    backend: ClassVar[str] = ""
    #: the Home Assistant integration whose lock entities this provider manages: their
    #: entity platform, the config entry that hosts the stack, the domain of its actions
    integration: ClassVar[str] = ""
    #: seconds to leave between two commands to the same lock
    pacing: ClassVar[float] = 0.0
    #: seconds after Housekey's own command to a slot during which the lock's report of
    #: that slot is taken for the echo of the command, not for a change made at the lock
    echo_window: ClassVar[float] = 0.0
    #: whether `async_read_slots` reads many slots more cheaply than one by one (a driver
    #: cache, a "next occupied" query); otherwise the sync engine reads slot by slot
    bulk_read: ClassVar[bool] = False
    #: whether the stack serves the lock its time by itself (a Zigbee coordinator answers
    #: the lock's Time cluster reads): its clock then needs no command and no check
    clock_served: ClassVar[bool] = False
    #: whether the lock is Home Assistant itself (a simulated keypad): it opens, and is
    #: heard, only while Home Assistant runs
    in_home_assistant: ClassVar[bool] = False

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind the provider to a lock entity."""
        self.hass = hass
        self.entity_id = entity_id
        self._own = OwnChanges()

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Return why this lock entity cannot be managed, or None when it can.

        The reason is a translation key under config.error (e.g. "not_zigbee2mqtt").
        """
        return None

    async def async_unload(self) -> None:
        """Release what the provider holds (subscriptions are undone by async_listen)."""

    @property
    def available(self) -> bool:
        """Return whether the lock can be reached now: by default, its entity is available."""
        return self.entity_available()

    def entity_available(self) -> bool:
        """Return whether the lock entity exists and is not unavailable."""
        state = self.hass.states.get(self.entity_id)
        return state is not None and state.state != STATE_UNAVAILABLE

    # ---- echoes of Housekey's own commands ------------------------------------------

    @contextmanager
    def own_change(self, slot: int) -> Iterator[None]:
        """Take reports of `slot` as Housekey's own while a command changes it, and after.

        Locks announce changes made over the radio as well as at their keypad; the
        echo of Housekey's own write must not come back as a change at the lock.
        """
        with self._own.during(slot, self.echo_window):
            yield

    def is_echo(self, slot: int) -> bool:
        """Return whether a report of this slot is the echo of Housekey's own command."""
        return self._own.recent(slot)

    # ---- Home Assistant's own actions -------------------------------------------------

    async def async_call_action(
        self, domain: str, service: str, data: Mapping[str, Any], *, response: bool = False
    ) -> Mapping[str, Any]:
        """Call one of Home Assistant's own actions on the lock entity and wait for it.

        Returns this entity's part of the response ({} without one). A failure becomes
        LockUnavailable where `action_unreachable` says the lock was out of reach, and
        ProviderError otherwise; the message names the action only, never its data.
        """
        try:
            result = await self.hass.services.async_call(
                domain,
                service,
                {ATTR_ENTITY_ID: self.entity_id, **data},
                blocking=True,
                return_response=response,
            )
        except HomeAssistantError as err:
            if self.action_unreachable(err):
                raise LockUnavailable(f"{self.entity_id}: {domain}.{service} unreachable") from err
            raise ProviderError(f"{self.entity_id}: {domain}.{service} failed") from err
        if not isinstance(result, Mapping):
            return {}
        mine = result.get(self.entity_id, result)
        return mine if isinstance(mine, Mapping) else {}

    def action_unreachable(self, err: HomeAssistantError) -> bool:
        """Return whether a failed action means the lock could not be reached."""
        return False

    # ---- the slots ----------------------------------------------------------------------

    @abstractmethod
    async def async_capabilities(self) -> Capabilities:
        """Read the lock's capabilities from the device; raise LockUnavailable."""

    def known_capabilities(self) -> Capabilities | None:
        """Return the capabilities when they are known without asking the lock, else None.

        The sync engine then notices a change of the schedules the lock holds (an option
        of the simulated keypads) at start, rather than only at the next rescan.
        """
        return None

    @abstractmethod
    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read one slot; raise LockUnavailable or ProviderError."""

    async def async_read_slots(self, slots: range) -> dict[int, SlotRead]:
        """Read many slots (the sync engine calls it only where `bulk_read` is set)."""
        return {slot: await self.async_read_slot(slot) for slot in slots}

    @abstractmethod
    async def async_write_code(
        self, slot: int, code: str, schedule: LockSchedule | None = None
    ) -> WriteResult:
        """Store a code in a slot, with the user's schedule; raise LockUnavailable or ProviderError.

        `schedule` is given on locks that hold schedules (Enforcement.LOCK): code and
        schedule are one write. A provider calls `refuse_schedule` before sending.
        Return CONFIRMED only when the stack itself confirmed the slot's content
        (Supervision success, a status answer); SENT otherwise: reading back to
        verify is the sync engine's job, never the provider's.
        """

    def refuse_schedule(self, schedule: LockSchedule | None, support: ScheduleSupport) -> None:
        """Raise ProviderError for a schedule a lock with `support` cannot hold.

        A provider passes what its lock offers (ScheduleSupport() where it holds none),
        so a restriction is never silently dropped: the code would then open at all hours.
        """
        if schedule is not None and not support.holds(schedule):
            raise ProviderError(f"{self.entity_id} cannot hold this schedule")

    @abstractmethod
    async def async_clear_code(self, slot: int) -> WriteResult:
        """Empty a slot; raise LockUnavailable or ProviderError (CONFIRMED as for writes)."""

    async def async_harden_keypad(self, limit: int, lockout_s: int) -> bool:
        """Set the lock's own wrong-code limit and keypad lockout, where the stack can.

        The lock then shuts its keypad after `limit` wrong codes for `lockout_s`
        seconds by itself, with Home Assistant down too; values outside the device's
        range are brought into it. Return False when the lock has no such setting
        (the default); raise LockUnavailable or ProviderError when it could not be set.
        """
        return False

    # ---- the lock's clock ---------------------------------------------------------------

    async def async_set_clock(self, now: datetime) -> ClockSet:
        """Set the lock's clock to `now` (an aware instant), in Home Assistant's time zone.

        A lock that holds schedules admits people on its own clock. Return SET once the
        time was sent, BY_STACK where the stack serves the lock its time by itself (a
        Zigbee coordinator), NOT_SUPPORTED (the default) where nothing can set it; raise
        LockUnavailable or ProviderError when the lock refused or did not answer. The
        sync engine calls it only for a lock that holds windows, and reads back after.
        """
        return ClockSet.BY_STACK if self.clock_served else ClockSet.NOT_SUPPORTED

    async def async_read_clock(self) -> LockTime | None:
        """Read the lock's clock where the stack can (None, the default: it cannot be read)."""
        return None

    # ---- the lock's own log ------------------------------------------------------------

    async def async_read_log(self, start: datetime, end: datetime) -> list[LoggedEvent] | None:
        """Return what the lock logged itself between two instants, oldest first.

        The audit journal asks after a gap (Home Assistant down, the lock unreachable).
        None: the lock keeps no log of its own (the default). Raise LockUnavailable or
        ProviderError when it could not be read.
        """
        return None

    def keeps_log(self) -> bool:
        """Return whether the lock keeps a log of its own that `async_read_log` reads.

        Known without asking the lock; the offline-readiness report shows it.
        """
        return False

    # ---- reports and availability -------------------------------------------------------

    @abstractmethod
    def _attach(self, on_report: ReportCallback) -> Callable[[], None] | None:
        """Subscribe to the stack's reports of this lock; return the unsubscribe.

        Called while the host integration's config entry is loaded, and again after
        each reload of it (a reload builds new clients, nodes and clusters). Return
        None when the stack has nothing to subscribe to yet: it is tried again at the
        lock entity's next state change.
        """

    @callback
    def async_listen(
        self, on_report: ReportCallback, on_availability: AvailabilityCallback
    ) -> Callable[[], None]:
        """Subscribe to the lock's reports and availability changes; return an unsubscribe."""
        return _Listening(self, on_report, on_availability).stop

    def host_entry(self) -> ConfigEntry | None:
        """Return the loaded config entry of the integration hosting the lock, or None."""
        entity = er.async_get(self.hass).async_get(self.entity_id)
        entry_id = entity.config_entry_id if entity is not None else None
        entry = self.hass.config_entries.async_get_entry(entry_id) if entry_id else None
        if entry is None or entry.domain != self.integration:
            return None
        return entry if entry.state is ConfigEntryState.LOADED else None


class _Listening:
    """One subscription to a lock: the stack's reports while its host is loaded, and availability.

    Availability is the lock entity's (not unavailable) and the provider's own view of
    the stack together, reported on every change. The stack's subscription is made when
    the host integration's entry is loaded, undone when it unloads, and made again once
    it is back, so a reload of the host integration never leaves Housekey deaf.
    """

    def __init__(
        self,
        provider: LockProvider,
        on_report: ReportCallback,
        on_availability: AvailabilityCallback,
    ) -> None:
        self._provider = provider
        self._on_report = on_report
        self._on_availability = on_availability
        self._detach: Callable[[], None] | None = None
        #: the host entry the stack's subscription was made under
        self._host_id: str | None = None
        self._available = self._now_available()
        self._unsubs = [
            async_track_state_change_event(provider.hass, provider.entity_id, self._state_changed),
            async_dispatcher_connect(
                provider.hass, SIGNAL_CONFIG_ENTRY_CHANGED, self._entry_changed
            ),
        ]
        self._follow()

    def _now_available(self) -> bool:
        return self._provider.entity_available() and self._provider.available

    @callback
    def _follow(self) -> None:
        """Attach while the host entry is loaded; detach as soon as it is not."""
        host = self._provider.host_entry()
        if host is None or host.entry_id != self._host_id:
            self._release()
        if host is not None and self._detach is None:
            self._detach = self._provider._attach(self._on_report)
            self._host_id = host.entry_id if self._detach is not None else None

    @callback
    def _release(self) -> None:
        self._host_id = None
        if self._detach is not None:
            detach, self._detach = self._detach, None
            detach()

    @callback
    def _availability(self) -> None:
        now = self._now_available()
        if now != self._available:
            self._available = now
            self._on_availability(now)

    @callback
    def _state_changed(self, _event: Event[EventStateChangedData]) -> None:
        self._follow()
        self._availability()

    @callback
    def _entry_changed(self, _change: ConfigEntryChange, entry: ConfigEntry) -> None:
        if entry.domain == self._provider.integration:
            self._follow()  # an unloading host takes what was attached to with it
            self._availability()

    @callback
    def stop(self) -> None:
        """Undo every subscription."""
        while self._unsubs:
            self._unsubs.pop()()
        self._release()
