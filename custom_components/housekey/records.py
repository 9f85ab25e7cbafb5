"""What the sync engine knows of each lock: the persisted record, and the status it shows.

`applied` is what Housekey last sent to each slot, never a code; `doubt` is the
write-ahead part: the slots a command may have changed, with every credential they
may hold, until the lock confirms. The sync engine owns the record; entities and
diagnostics read a `LockStatus` copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .core.clock import ClockCheck
from .core.desired import DesiredSlot
from .core.lock_schedule import Enforcement
from .core.model import CredentialRef
from .providers.base import Capabilities


@dataclass(frozen=True, slots=True)
class Applied:
    """What Housekey last wrote to a slot, as persisted (no code).

    `schedule` is the digest of the user's schedule written with it (None: written
    without one, as on every lock before locks held schedules).
    """

    ref: CredentialRef
    version: int
    schedule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Serialize."""
        return {**self.ref.to_dict(), "version": self.version, "schedule": self.schedule}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Applied:
        """Deserialize (records saved before schedules read as written without one)."""
        schedule = data.get("schedule")
        return cls(
            CredentialRef.from_dict(data),
            int(data["version"]),
            None if schedule is None else str(schedule),
        )


def applied_of(target: DesiredSlot | None) -> Applied | None:
    """Return what the record says once a slot holds this target (None: empty)."""
    if target is None:
        return None
    schedule = None if target.schedule is None else target.schedule.digest()
    return Applied(target.ref, target.version, schedule)


@dataclass(slots=True)
class LockRecord:
    """The persisted knowledge about one lock.

    `applied` is what Housekey last sent to each slot. `doubt` is write-ahead: a slot
    is put there, with every credential it may hold, and saved *before* a command is
    sent to it, and leaves it only when the lock confirmed the slot's content (a
    stack confirmation, a read-back, or a confirmed clear). A write whose answer was
    lost, a restart in the middle of a command, or a lock that stored something else
    than was written therefore leaves the slot Housekey's, and pending, until settled.
    """

    applied: dict[int, Applied] = field(default_factory=dict)
    foreign: set[int] = field(default_factory=set)
    scanned: bool = False
    capabilities: Capabilities | None = None
    doubt: dict[int, frozenset[CredentialRef]] = field(default_factory=dict)
    #: the last check of the lock's clock (None: never checked), so a restart the same day
    #: sends no clock command
    clock: ClockCheck | None = None

    def slot_of(self, ref: CredentialRef) -> int | None:
        """Return the slot a credential was written to, if any."""
        return next((s for s, a in self.applied.items() if a.ref == ref), None)

    def may_hold(self, person_id: str) -> bool:
        """Return whether any slot holds, or may hold, a credential of this person."""
        return any(a.ref.person_id == person_id for a in self.applied.values()) or any(
            ref.person_id == person_id for refs in self.doubt.values() for ref in refs
        )

    def managed(self) -> set[int]:
        """Return the slots holding, or possibly holding, a code Housekey wrote."""
        return self.applied.keys() | self.doubt.keys()

    def taken(self) -> int:
        """Count the slots that are Housekey's (held or possibly held) or foreign.

        Without building their set: every notification of the lock asks (its free slots),
        and the set grows with the people on it.
        """
        applied, doubt = self.applied.keys(), self.doubt.keys()
        return len(applied) + len(doubt - applied) + len(self.foreign - applied - doubt)

    def held(self) -> Mapping[int, CredentialRef]:
        """Return the credential Housekey last put in each slot: a live view, not a copy."""
        return _Held(self.applied)

    def to_dict(self) -> dict[str, Any]:
        """Serialize."""
        caps = self.capabilities
        return {
            "applied": {str(s): a.to_dict() for s, a in self.applied.items()},
            "foreign": sorted(self.foreign),
            "scanned": self.scanned,
            "doubt": {
                str(s): [r.to_dict() for r in sorted(refs)] for s, refs in self.doubt.items()
            },
            "capabilities": None if caps is None else caps.to_dict(),
            "clock": None if self.clock is None else self.clock.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LockRecord:
        """Deserialize."""
        caps, clock = data.get("capabilities"), data.get("clock")
        return cls(
            applied={int(s): Applied.from_dict(a) for s, a in data.get("applied", {}).items()},
            foreign={int(s) for s in data.get("foreign", [])},
            scanned=bool(data.get("scanned", False)),
            doubt={
                int(s): frozenset(CredentialRef.from_dict(r) for r in refs)
                for s, refs in data.get("doubt", {}).items()
            },
            capabilities=None if caps is None else Capabilities.from_dict(caps),
            clock=None if clock is None else ClockCheck.from_dict(clock),
        )


class _Held(Mapping[int, CredentialRef]):
    """The credentials of `LockRecord.applied`, read through without copying it."""

    __slots__ = ("_applied",)

    def __init__(self, applied: dict[int, Applied]) -> None:
        self._applied = applied

    def __getitem__(self, slot: int) -> CredentialRef:
        return self._applied[slot].ref

    def __iter__(self) -> Iterator[int]:
        return iter(self._applied)

    def __len__(self) -> int:
        return len(self._applied)


class SyncState(StrEnum):
    """What the sync sensor shows for one lock."""

    IN_SYNC = "in_sync"
    SYNCING = "syncing"
    PENDING = "pending"
    FAILED = "failed"
    UNREACHABLE = "unreachable"


class SyncEvent(StrEnum):
    """Things the reconciler tells the household about."""

    FOREIGN_CODE = "foreign_code"
    UNREACHABLE = "lock_unreachable"
    FAILED = "sync_failed"
    RECOVERED = "recovered"


@dataclass(slots=True)
class SyncCounters:
    """Commands sent to one lock, for diagnostics and benchmarks."""

    writes: int = 0
    clears: int = 0
    reads: int = 0
    failures: int = 0
    #: clock commands: the time sent, and the lock's clock read back
    clock_sets: int = 0
    clock_reads: int = 0


@dataclass(frozen=True, slots=True)
class LockStatus:
    """One lock's sync as entities and diagnostics see it: a copy, taken at one instant.

    Readers get this rather than the live record, so nothing outside the reconciler
    can change what it persists, or come to depend on how the record is laid out.
    """

    state: SyncState
    #: how many slots still differ from the plan
    pending: int
    #: the people with a credential Housekey wrote to the lock (no slot numbers)
    holders: frozenset[str]
    #: slots holding a code Housekey did not write
    foreign: frozenset[int]
    capabilities: Capabilities | None
    counters: SyncCounters
    #: slots neither Housekey's nor foreign (None until the lock's size is known)
    free: int | None = None
    #: the last check of the lock's clock, while the lock holds windows (None otherwise)
    clock: ClockCheck | None = None
    #: when the lock last confirmed a change since Home Assistant started (None: not yet)
    confirmed_at: datetime | None = None

    @property
    def enforcement(self) -> Enforcement:
        """Return who enforces windows here (Home Assistant until the capabilities are known)."""
        caps = self.capabilities
        return Enforcement.HOME_ASSISTANT if caps is None else caps.schedule_support.enforcement


@dataclass(slots=True)
class LockInfo:
    """Per-lock run-time facts the entities show."""

    backend: str
    last_access: dict[str, Any] | None = None
    #: when the last access was reported
    last_access_at: datetime | None = None
    unplaced: tuple[CredentialRef, ...] = ()
    #: people whose windows Home Assistant enforces on this lock though the lock holds schedules
    fallback: frozenset[str] = frozenset()


class Holders:
    """Whose credentials a lock holds, counted slot by slot as the record changes."""

    def __init__(self) -> None:
        """Start with nobody counted."""
        self._slots: Counter[str] = Counter()
        self._counted: dict[int, str] = {}
        self._people: frozenset[str] | None = None

    def people(self, check: Mapping[int, Applied] | None = None) -> frozenset[str]:
        """Return the people with a credential on the lock (`check`: recount, for the tests)."""
        if check is not None:
            counted = Counter(a.ref.person_id for a in check.values())
            assert +self._slots == counted, "holders out of step"
        if self._people is None:
            self._people = frozenset(self._slots)
        return self._people

    def count(self, applied: Mapping[int, Applied], slots: Iterable[int] | None) -> None:
        """Follow whose credential each of these slots (None: every slot) now holds."""
        if slots is None:
            self._counted = {s: a.ref.person_id for s, a in applied.items()}
            self._slots = Counter(self._counted.values())
            self._people = None
            return
        for slot in slots:
            before = self._counted.pop(slot, None)
            if before is not None:
                self._slots[before] -= 1
                if not self._slots[before]:
                    del self._slots[before]
                    self._people = None  # someone left: the set is rebuilt when read
            if (now := applied.get(slot)) is not None:
                self._counted[slot] = person_id = now.ref.person_id
                if not self._slots[person_id]:
                    self._people = None  # someone new
                self._slots[person_id] += 1
