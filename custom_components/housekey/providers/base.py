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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from time import monotonic

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError


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
    schedules: bool = False
    methods: frozenset[Method] = frozenset({Method.KEYPAD})


@dataclass(frozen=True, slots=True)
class SlotRead:
    """One slot as read from the lock. `code` is set only for KNOWN."""

    state: SlotState
    code: str | None = field(default=None, repr=False)

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
    it is on the record, but no wrong code (it may have been the right one).
    """

    outcome: Outcome
    method: Method = Method.UNKNOWN
    slot: int | None = None
    locked_out: bool = False


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

    def note(self, slot: int, window: float) -> None:
        """Take reports of a slot as Housekey's own for `window` seconds from now."""
        self._until[slot] = max(self._until.get(slot, 0.0), monotonic() + window)

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


class LockProvider(ABC):
    """Raw slot access for one lock entity on one stack."""

    backend: str = ""
    #: seconds to leave between two commands to the same lock
    pacing: float = 0.0

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind the provider to a lock entity."""
        self.hass = hass
        self.entity_id = entity_id

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Return why this lock entity cannot be managed, or None when it can.

        The reason is a translation key under config.error (e.g. "not_zigbee2mqtt").
        """
        return None

    async def async_unload(self) -> None:
        """Release what the provider holds (subscriptions are undone by async_listen)."""

    @property
    @abstractmethod
    def available(self) -> bool:
        """Return whether the lock can be reached now."""

    @abstractmethod
    async def async_capabilities(self) -> Capabilities:
        """Read the lock's capabilities from the device; raise LockUnavailable."""

    @abstractmethod
    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read one slot; raise LockUnavailable or ProviderError."""

    async def async_read_slots(self, slots: range) -> dict[int, SlotRead]:
        """Read many slots.

        Override only where the stack reads many slots more cheaply than one by one
        (a driver cache, a "next occupied" query); otherwise the sync engine reads
        slot by slot with the provider's pacing between reads.
        """
        return {slot: await self.async_read_slot(slot) for slot in slots}

    @abstractmethod
    async def async_write_code(self, slot: int, code: str) -> WriteResult:
        """Store a code in a slot; raise LockUnavailable or ProviderError."""

    @abstractmethod
    async def async_clear_code(self, slot: int) -> WriteResult:
        """Empty a slot; raise LockUnavailable or ProviderError."""

    @abstractmethod
    def async_listen(
        self, on_report: ReportCallback, on_availability: AvailabilityCallback
    ) -> Callable[[], None]:
        """Subscribe to access reports and availability; return an unsubscribe."""

    async def async_harden_keypad(self, limit: int, lockout_s: int) -> bool:
        """Set the lock's own wrong-code limit and keypad lockout, where the stack can.

        The lock then shuts its keypad after `limit` wrong codes for `lockout_s`
        seconds by itself, with Home Assistant down too; values outside the device's
        range are brought into it. Return False when the lock has no such setting
        (the default); raise LockUnavailable or ProviderError when it could not be set.
        """
        return False
