"""The reconciler: one serialized, paced queue per lock that makes the lock hold the plan.

What Housekey wrote to each slot is recorded as `applied` (credential and code
version, never the code) and persisted. The work still to do is always the
difference between the targets and `applied`, so it survives a restart without a
journal, and a lock that already holds the plan costs no command at all. Codes
are read back only to verify a write and once when a lock is first adopted;
in steady state nothing is polled. A lock that admits people by its own clock (it
holds windows) has that clock set when it starts holding them and once a day after,
on a timer, and read back where the stack can.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import math
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import (
    async_call_later,
    async_track_point_in_utc_time,
    async_track_time_interval,
)
from homeassistant.util import dt as dt_util

from .core.clock import ClockCheck, ClockSet, LockTime, judge
from .core.desired import DesiredSlot
from .core.lock_schedule import Enforcement
from .core.model import CredentialRef
from .core.policy import codes_equal
from .providers.base import (
    AccessEvent,
    Capabilities,
    CodesCleared,
    LockAlarm,
    LockProvider,
    LockReport,
    LockUnavailable,
    Outcome,
    ProviderError,
    Readback,
    SlotChanged,
    SlotRead,
    SlotState,
    WriteResult,
)
from .records import (
    Applied,
    Holders,
    LockRecord,
    LockStatus,
    SyncCounters,
    SyncEvent,
    SyncState,
    applied_of,
)

_LOGGER = logging.getLogger(__name__)


#: what one slot should hold, as the core derives it
Target = DesiredSlot


class VerificationFailed(ProviderError):
    """The lock does not hold what was just written."""


class LockSync:
    """Keeps one lock holding its targets, one command at a time."""

    #: first retry delay in seconds; doubles per consecutive failure up to RETRY_CAP
    RETRY_BASE = 2.0
    RETRY_CAP = 300.0
    #: consecutive failures that open the circuit breaker
    BREAKER_THRESHOLD = 5
    #: the most time left between two reads of a first scan (reads are light)
    SCAN_PACING = 0.1
    #: seconds after a write during which a keypad refusal re-reads the written slots
    FRESH = 600.0
    #: the tests set this: every look-up of the pending slots is checked against a recount
    SELF_CHECK = False

    def __init__(
        self,
        hass: HomeAssistant,
        provider: LockProvider,
        record: LockRecord,
        *,
        on_change: Callable[[bool], None],
        on_state: Callable[[], None],
        on_report: Callable[[str, AccessEvent | LockAlarm], None],
        on_event: Callable[[str, SyncEvent, str], None],
        persist: Callable[[], Awaitable[None]],
        on_clock: Callable[[str, ClockCheck | None], None] | None = None,
    ) -> None:
        """Create the reconciler for one lock; nothing is sent until start().

        `persist` saves the record durably; it is awaited before any command that
        could change a slot is sent. `on_clock` hears each check of the lock's clock
        while it holds windows, and None once it holds none.
        """
        self.hass = hass
        self.provider = provider
        self.lock_id = provider.entity_id
        self.record = record
        self.counters = SyncCounters()
        self._on_change = on_change
        self._on_state = on_state
        self._on_report = on_report
        self._on_event = on_event
        self._persist = persist
        self._on_clock = on_clock or (lambda _lock, _check: None)
        self._targets: Mapping[int, Target] | None = None
        #: slots marked in doubt in this run whose command has not gone out yet
        self._unsent: set[int] = set()
        self._keep: frozenset[int] = frozenset()
        #: the slots whose content differs from the targets, kept up to date slot by slot,
        #: each with its place in the order of work (revocations first)
        self._pending: dict[int, int] = {}
        #: pending slots not yet marked in doubt for their current target
        self._unmarked: set[int] = set()
        #: how many slots each person has on the lock, and whose each slot was when counted
        self._holders = Holders()
        #: the pending slots of each place in the order of work, to pick the next one fast
        self._ranked: tuple[set[int], set[int], set[int]] = (set(), set(), set())
        #: each place's slots as a heap, lowest first (it may hold slots that left it since)
        self._heaps: tuple[list[int], list[int], list[int]] = ([], [], [])
        self._started = False
        self._wake = asyncio.Event()
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._retry_unsub: CALLBACK_TYPE | None = None
        self._listen_unsub: Callable[[], None] | None = None
        self._failures = 0
        self._busy = False
        self._breaker_open = False
        self._unreachable = False
        self._rescan = False
        self._recheck: set[int] = set()
        self._last_command = 0.0
        #: when the lock last confirmed a change (a write or clear verified), since start
        self._confirmed_at: datetime | None = None
        #: slots written lately (monotonic time), re-read when a keypad refuses a code soon after
        self._written: dict[int, float] = {}
        self._denied_recheck = -math.inf
        self._audit_unsub: CALLBACK_TYPE | None = None
        self._audit_next = 0
        #: foreign slots an imported record says Housekey wrote, to be proven by a read
        self._claims: dict[int, CredentialRef] = {}
        #: whether the lock holds windows (its clock matters), as of the last targets
        self._holds_windows = False
        #: a clock check asked for out of turn (a daylight-saving change, `housekey.sync`)
        self._clock_forced = False
        self._clock_unsub: CALLBACK_TYPE | None = None
        known, caps = provider.known_capabilities(), record.capabilities
        if known is not None and caps is not None:
            # The schedules it holds changed (an option): adopted again, with them.
            self._rescan = known.schedule_support != caps.schedule_support
        #: capabilities saved before schedules were read: read once more (no slot scan)
        self._reread_caps = known is None and caps is not None and caps.before_schedules

    # ---- state -------------------------------------------------------------------------

    @property
    def state(self) -> SyncState:
        """Return the sync state shown to people."""
        if self._unreachable or not self.provider.available:
            return SyncState.UNREACHABLE
        if self._breaker_open:
            return SyncState.FAILED
        if self._busy:
            return SyncState.SYNCING
        if self._pending or self._rescan or self._reread_caps or not self.record.scanned:
            return SyncState.PENDING
        return SyncState.IN_SYNC

    @property
    def capabilities(self) -> Capabilities | None:
        """Return the lock's capabilities as last read."""
        return self.record.capabilities

    @property
    def working(self) -> bool:
        """Return whether the queue is busy or about to run."""
        return self._busy or self._wake.is_set()

    def pending_slots(self) -> list[int]:
        """Return the slots whose content differs from the targets, revocations first."""
        if self.SELF_CHECK:
            assert self._pending == {s: self._order(s) for s in self._differ(None)}, "out of step"
        return sorted(self._pending, key=lambda s: (self._pending[s], s))

    @property
    def pending_count(self) -> int:
        """Return how many slots are still to be changed."""
        return len(self._pending)

    def _next_pending(self) -> int:
        """Return the slot to change first: revocations, then the lowest slot."""
        for ranked, heap in zip(self._ranked, self._heaps, strict=True):
            if len(heap) > 2 * len(ranked) + 64:
                heap[:] = sorted(ranked)  # mostly slots that left: start again
            while heap and heap[0] not in ranked:
                heapq.heappop(heap)
            if heap:
                if self.SELF_CHECK:
                    assert heap[0] == min(ranked), "heap out of step"
                return heap[0]
        raise ValueError("nothing is pending")

    def unsettled(self) -> AbstractSet[int]:
        """Return the slots that do not hold their target yet (a live view: read, don't keep)."""
        return self._pending.keys()

    def clearing(self) -> frozenset[int]:
        """Return the unsettled slots that have no target: codes still to be removed."""
        return frozenset(self._ranked[0])

    def _differ(self, slots: Iterable[int] | None) -> set[int]:
        """Return which of these slots (None: every slot) differ from their targets."""
        targets = self._targets
        if targets is None:
            return set()
        record = self.record
        if slots is None:
            slots = record.applied.keys() | targets.keys() | record.doubt.keys()
        return {
            slot
            for slot in slots
            if slot not in self._keep
            and (slot in record.doubt or applied_of(targets.get(slot)) != record.applied.get(slot))
        }

    def _refresh(self, slots: Iterable[int] | None, *, marked: bool = False) -> None:
        """Recount whether these slots (None: every slot) are pending, after a change to them.

        A slot that became pending still has to be marked in doubt before it is sent to,
        unless the change was that marking (`marked`).
        """
        self._holders.count(self.record.applied, slots)
        if slots is None:
            self._pending = {s: self._order(s) for s in self._differ(None)}
            self._ranked = (set(), set(), set())
            for slot, order in self._pending.items():
                self._ranked[order].add(slot)
            clears, overwrites, writes = self._ranked
            self._heaps = (sorted(clears), sorted(overwrites), sorted(writes))
            self._unmarked = set(self._pending)
            return
        slots = set(slots)
        differ = self._differ(slots)
        for slot in slots:
            if (before := self._pending.pop(slot, None)) is not None:
                self._ranked[before].discard(slot)
            if slot in differ:
                order = self._pending[slot] = self._order(slot)
                self._ranked[order].add(slot)
                heapq.heappush(self._heaps[order], slot)
        self._unmarked -= slots
        if not marked:
            self._unmarked |= differ

    def _order(self, slot: int) -> int:
        """Revocations first: clears, then overwrites of someone else's code, then writes."""
        target = (self._targets or {}).get(slot)
        if target is None:
            return 0
        held = set(self.record.doubt.get(slot, ()))
        if (applied := self.record.applied.get(slot)) is not None:
            held.add(applied.ref)
        return 1 if held - {target.ref} else 2

    def view(self) -> LockStatus:
        """Return a read-only copy of what this lock's sync shows."""
        record = self.record
        return LockStatus(
            state=self.state,
            pending=len(self._pending),
            holders=self._holders.people(self.record.applied if self.SELF_CHECK else None),
            foreign=frozenset(record.foreign),
            capabilities=record.capabilities,
            counters=replace(self.counters),
            free=None
            if record.capabilities is None
            else record.capabilities.slots - record.taken(),
            clock=record.clock if self._holds_windows else None,
            confirmed_at=self._confirmed_at,
        )

    def persisted(self) -> dict[str, Any]:
        """Return the record as persisted (credential references and versions, never a code)."""
        return self.record.to_dict()

    def holds(self, person_id: str) -> bool:
        """Return whether any slot holds, or may still hold, a credential of this person.

        Only a slot the lock confirmed empty, or confirmed holding someone else's code,
        no longer counts: an offboarding is reported done on nothing less.
        """
        return self.record.may_hold(person_id)

    # ---- control -----------------------------------------------------------------------

    @callback
    def set_targets(
        self,
        targets: Mapping[int, Target],
        keep: frozenset[int] = frozenset(),
        changed: Iterable[int] | None = None,
    ) -> None:
        """Replace what the lock should hold and wake the queue if anything differs.

        Slots in `keep` are left exactly as they are, whatever the record says.
        `changed` are the slots whose target differs from the last targets given (None:
        any may), so a change costs what it touches.
        """
        whole = changed is None or self._targets is None or keep != self._keep
        self._targets = targets
        self._keep = keep
        self._refresh(None if whole else changed)
        self._follow_clock()
        if self._pending:
            self._wake.set()
        self._notify()

    @callback
    def start(self) -> None:
        """Begin talking to the lock. Called once Home Assistant has started."""
        if self._started:
            return
        self._started = True
        self._listen_unsub = self.provider.async_listen(self._handle_report, self._availability)
        self._task = self.hass.async_create_background_task(
            self._run(), f"housekey sync {self.lock_id}"
        )
        self._schedule_clock()
        self._wake.set()

    @callback
    def request_sync(self, *, rescan: bool = False) -> None:
        """Retry now (closing the breaker) and optionally re-read every slot."""
        self._rescan = self._rescan or rescan
        self._clock_forced = self._clock_forced or (rescan and self._holds_windows)
        self._failures = 0
        self._cancel_retry()
        self._wake.set()

    @callback
    def clear_foreign(self, slots: Collection[int] | None = None) -> None:
        """Clear foreign codes (these slots, or all), on an admin's explicit request.

        Each slot is put in doubt with nobody in it: pending until the lock confirms
        it empty, across restarts. Slots that hold no foreign code are left alone.
        """
        cleared = set(self.record.foreign if slots is None else self.record.foreign & set(slots))
        for slot in cleared:
            self.record.doubt.setdefault(slot, frozenset())
        self._refresh(cleared)
        self.record.foreign -= cleared
        self._on_change(True)
        self._wake.set()

    @callback
    def reclaim(self, slots: Mapping[int, CredentialRef]) -> None:
        """Take back foreign slots an imported record says Housekey wrote, where the lock proves it.

        Each is read before anything else is sent, and becomes Housekey's only if the lock
        reads back, in full, the very code the plan has for that credential: the person
        then keeps the slot and nothing is written. Anything else stays foreign, as a
        record from elsewhere is no reason to clear a code.
        """
        self._claims = dict(slots)  # kept until the lock is read: after its first scan
        if self._claims:
            self._wake.set()

    @callback
    def start_audit(self, interval: float) -> None:
        """Re-read one managed slot every `interval` seconds (0: never), round robin.

        Catches a lock that lost its codes without saying so (a battery swap, a reset).
        """
        if self._audit_unsub is not None:
            self._audit_unsub()
            self._audit_unsub = None
        if interval > 0:
            self._audit_unsub = async_track_time_interval(
                self.hass, self._audit, timedelta(seconds=interval)
            )

    @callback
    def _audit(self, _now: Any) -> None:
        slots = sorted(self.record.applied.keys() - self.record.doubt.keys())
        if not slots or not self.provider.available:
            return
        self._audit_next %= len(slots)
        self._recheck.add(slots[self._audit_next])
        self._audit_next += 1
        self._wake.set()

    @callback
    def check_clock_now(self) -> None:
        """Set the lock's clock now, out of turn (Home Assistant's local time just changed)."""
        if self._holds_windows:
            self._clock_forced = True
            self._wake.set()

    async def async_stop(self) -> None:
        """Stop the queue; pending work stays pending and resumes on the next start."""
        self._cancel_retry()
        self._cancel_clock()
        self.start_audit(0)
        if self._listen_unsub is not None:
            self._listen_unsub()
            self._listen_unsub = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.provider.async_unload()

    async def async_wait_released(self, person_id: str, timeout: float) -> bool:
        """Wait until no slot holds, or may hold, a code of this person (see async_wait)."""
        return await self.async_wait(lambda: not self.holds(person_id), timeout)

    async def async_wait(self, done: Callable[[], bool], timeout: float) -> bool:
        """Wait until `done()` holds, the lock gives up, or the timeout passes."""
        deadline = time.monotonic() + timeout
        while not done():
            if self.state in (SyncState.FAILED, SyncState.UNREACHABLE):
                return False
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            changed = self._changed
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                return done()
        return True

    # ---- the queue ---------------------------------------------------------------------

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                talked = await self._work()
            except LockUnavailable as err:
                self._fail(err, unreachable=True)
            except ProviderError as err:
                self._fail(err, unreachable=False)
            except Exception as err:
                # The type only: a stack's message may quote the command, code included.
                _LOGGER.error("Unexpected %s while syncing %s", type(err).__name__, self.lock_id)
                self._fail(ProviderError(type(err).__name__), unreachable=False)
            else:
                if talked or (self._unreachable and self.provider.available):
                    self._succeeded()
            finally:
                self._busy = False
                self._notify()

    async def _work(self) -> bool:
        """Do what is pending; return whether the lock was talked to."""
        adopt = self.record.capabilities is None or self._rescan or not self.record.scanned
        idle = not adopt and not self._pending and not self._recheck and not self._reread_caps
        idle = idle and not self._claims
        if idle and (not self._clock_due() or not self.provider.available):
            return False  # a clock check alone waits for the lock to come back
        if not self.provider.available:
            raise LockUnavailable("lock unavailable")
        self._busy = True
        self._notify()
        talked = adopt or self._reread_caps
        if adopt:
            await self._adopt()
        elif self._reread_caps:
            await self._reread_capabilities()
        if self._clock_due():
            # Before the schedules go on: a lock holds them by its own clock.
            talked = await self._check_clock() or talked
        while True:
            if self._claims:
                await self._prove_claims()  # before a write could put the person elsewhere
            elif self._targets is not None and self._pending:
                # Write-ahead, once for all that is pending: saved before anything is sent.
                unmarked = sorted(self._unmarked & self._pending.keys())
                if any([self._intend(slot) for slot in unmarked]):
                    await self._persist()
                await self._apply(self._next_pending())
            elif self._recheck:
                await self._recheck_slots()
            else:
                return talked
            talked = True

    async def _adopt(self) -> None:
        """Read capabilities and every slot once, to learn about foreign codes."""
        caps = await self.provider.async_capabilities()
        self.record.capabilities = caps
        slots = range(1, caps.slots + 1)
        if not self.provider.bulk_read:
            # No cheaper bulk read: one read per slot, spaced so a scan cannot flood the radio.
            spacing = min(self.provider.pacing, self.SCAN_PACING)
            reads = {
                s: await self._paced(partial(self.provider.async_read_slot, s), spacing)
                for s in slots
            }
        else:
            reads = await self._paced(partial(self.provider.async_read_slots, slots))
        self.counters.reads += len(reads)
        self.record.foreign = {s for s in self.record.foreign if s in reads}
        self._learn(reads)
        self.record.scanned = True
        self._rescan = False
        self._reread_caps = False
        self._recheck.clear()
        self._on_change(True)  # the plan depends on capabilities and foreign slots

    async def _reread_capabilities(self) -> None:
        """Read capabilities saved by a release that did not ask about schedules, once.

        A lock that holds schedules starts holding its people's windows (the plan changes
        and the affected slots are rewritten); its slots need no new scan.
        """
        caps = await self.provider.async_capabilities()
        self.record.capabilities = caps
        self._reread_caps = False
        self._on_change(True)

    async def _recheck_slots(self) -> None:
        """Read back slots the lock said changed."""
        slots, self._recheck = sorted(self._recheck), set()
        reads = {s: await self._paced(partial(self.provider.async_read_slot, s)) for s in slots}
        self.counters.reads += len(reads)
        self._learn(reads)
        self._on_change(True)

    async def _prove_claims(self) -> None:
        """Read the claimed slots; those holding their credential's code become Housekey's."""
        claims, self._claims = self._claims, {}
        caps = self.record.capabilities
        if caps is None or caps.readback is not Readback.FULL:
            return  # a masked or write-only code proves nothing: the slots stay foreign
        planned = {t.ref: t for t in (self._targets or {}).values()}
        proven = []
        for slot, ref in sorted(claims.items()):
            target = planned.get(ref)
            if target is None or slot not in self.record.foreign:
                continue
            read = await self._read(slot)
            if read.state is SlotState.KNOWN and read.code and codes_equal(read.code, target.code):
                held = applied_of(target) if _schedule_held(read, target) else None
                self.record.applied[slot] = held or Applied(ref, target.version)
                self.record.foreign.discard(slot)
                proven.append(slot)
        if proven:
            self._refresh(proven)
            self._on_change(True)  # re-planned: the person stays in the proven slot

    def _learn(self, reads: dict[int, SlotRead]) -> None:
        """Compare what the lock holds with the record: find foreign codes and lost ones."""
        found = set()
        record = self.record
        for slot, read in reads.items():
            applied = record.applied.get(slot)
            if slot in record.doubt:
                self._settle_doubt(slot, read)
            elif applied is None:
                if read.occupied:
                    found.add(slot)
                else:
                    record.foreign.discard(slot)
            elif not read.occupied:
                # The lock lost what Housekey wrote: write it again.
                del record.applied[slot]
            elif not self._holds_target(slot, read):
                # The lock holds something else in Housekey's slot (another code, a
                # schedule it lost or changed): rewrite or clear it.
                record.doubt[slot] = frozenset({applied.ref})
        self._refresh(reads)
        self._add_foreign(found)

    def _settle_doubt(self, slot: int, read: SlotRead) -> None:
        """Settle a slot in doubt where a read proves what it holds."""
        record = self.record
        target = (self._targets or {}).get(slot)
        if read.state is SlotState.EMPTY:
            record.doubt.pop(slot, None)
            record.applied.pop(slot, None)
            if target is not None:
                # Empty, but something should be there: still to be written.
                record.doubt[slot] = frozenset()
        elif (
            read.state is SlotState.KNOWN
            and target is not None
            and record.applied.get(slot) == applied_of(target)
            and read.code is not None
            and codes_equal(read.code, target.code)
            and _schedule_held(read, target)
        ):
            record.doubt.pop(slot, None)
        self._refresh((slot,))

    def _holds_target(self, slot: int, read: SlotRead) -> bool:
        target = (self._targets or {}).get(slot)
        applied = self.record.applied.get(slot)
        if target is None or applied is None or applied_of(target) != applied:
            return True  # nothing to compare against: trust the record
        if read.state is SlotState.KNOWN and not (
            read.code is not None and codes_equal(read.code, target.code)
        ):
            return False
        return _schedule_held(read, target)

    def _intend(self, slot: int) -> bool:
        """Mark a slot about to be changed as in doubt; return whether the record changed.

        From here until the lock confirms, the slot is Housekey's and may hold any of
        the credentials named: what it held, and what is about to be written.
        """
        record = self.record
        previous = record.applied.get(slot)
        intended = applied_of((self._targets or {}).get(slot))
        maybe = record.doubt.get(slot, frozenset()) | {
            held.ref for held in (previous, intended) if held is not None
        }
        changed = maybe != record.doubt.get(slot) or previous != intended
        if intended is not None:
            record.applied[slot] = intended
        else:
            record.applied.pop(slot, None)
        record.doubt[slot] = maybe
        self._refresh((slot,), marked=True)
        if changed:
            self._unsent.add(slot)
        return changed

    async def _apply(self, slot: int) -> None:
        record = self.record
        target = (self._targets or {}).get(slot)
        caps = record.capabilities
        if (
            slot not in self._unsent
            and target is not None
            and caps is not None
            and caps.readback is Readback.FULL
        ):
            # A command may have landed before its answer was lost: look before rewriting.
            self._settle_doubt(slot, await self._read(slot))
            if slot not in record.doubt:
                self._confirmed_at = dt_util.utcnow()
                self._settled(slot)
                return
            if self._intend(slot):
                await self._persist()
        self._unsent.discard(slot)
        if target is not None:
            code, schedule = target.code, target.schedule
            self._written[slot] = time.monotonic()
            result = await self._paced(lambda: self.provider.async_write_code(slot, code, schedule))
            self.counters.writes += 1
        else:
            result = await self._paced(lambda: self.provider.async_clear_code(slot))
            self.counters.clears += 1
        if result is WriteResult.SENT:
            await self._verify(slot, target)
        if result is WriteResult.CONFIRMED or (
            caps is not None and caps.readback is not Readback.NONE
        ):
            self._confirmed_at = dt_util.utcnow()  # the stack's word, or a read-back
        record.doubt.pop(slot, None)
        # The target may have changed while the command ran: then it is still to be marked.
        self._refresh((slot,))
        self._settled(slot)

    def _settled(self, slot: int) -> None:
        self._failures = 0
        self._on_change(False)
        self._notify()

    async def _read(self, slot: int) -> SlotRead:
        read = await self._paced(lambda: self.provider.async_read_slot(slot))
        self.counters.reads += 1
        return read

    async def _verify(self, slot: int, target: Target | None) -> None:
        caps = self.record.capabilities
        if caps is None or caps.readback is Readback.NONE:
            return
        read = await self._read(slot)
        if target is None:
            ok = not read.occupied
        elif caps.readback is Readback.FULL and read.state is SlotState.KNOWN:
            ok = read.code is not None and codes_equal(read.code, target.code)
        else:
            ok = read.occupied
        if target is not None:
            ok = ok and _schedule_held(read, target)
        if not ok:
            raise VerificationFailed(f"slot {slot} does not hold what was written")

    # ---- the lock's clock ----------------------------------------------------------------

    def _windows_held(self) -> bool:
        """Return whether a target puts windows on the lock, so its clock matters.

        Commands are a budget: a lock whose windows Home Assistant enforces, or that holds
        only unrestricted users, gets no clock command.
        """
        caps = self.record.capabilities
        if caps is None or caps.schedule_support.enforcement is not Enforcement.LOCK:
            return False
        targets = (self._targets or {}).values()
        return any(t.schedule is not None and t.schedule.windowed for t in targets)

    def _follow_clock(self) -> None:
        """Show the clock's last check while the lock holds windows; wake when one is due."""
        held = self._windows_held()
        if held != self._holds_windows:
            self._holds_windows = held
            self._on_clock(self.lock_id, self.record.clock if held else None)
        if self._clock_due():
            self._wake.set()

    def _clock_due(self) -> bool:
        """Return whether the lock's clock is to be set now: never checked, or the check is old."""
        if not self._holds_windows:
            return False
        check = self.record.clock
        return self._clock_forced or check is None or dt_util.utcnow() >= check.due

    async def _check_clock(self) -> bool:
        """Set the lock's clock and read it back; return whether the lock took the time.

        A lock that refuses the time never holds up its codes: the failure is the check's
        outcome (a repair issue), and the next check comes an hour later.
        """
        self._clock_forced = False
        result: ClockSet | None
        read: LockTime | None = None
        try:
            if self.provider.clock_served:
                result = ClockSet.BY_STACK  # nothing to send, so no pacing to wait for
            else:
                set_clock = self.provider.async_set_clock
                result = await self._paced(lambda: set_clock(dt_util.utcnow()))
        except ProviderError as err:
            _LOGGER.debug("Setting the clock of %s failed: %s", self.lock_id, type(err).__name__)
            result = None
        else:
            if result is ClockSet.SET:
                self.counters.clock_sets += 1
            if result is not ClockSet.BY_STACK:
                read = await self._read_clock()
        zone = dt_util.get_default_time_zone()
        check = judge(result, read, dt_util.utcnow(), zone, self.record.clock)
        self.record.clock = check
        self._on_clock(self.lock_id, check)
        self._schedule_clock()
        self._on_change(False)
        return result is not None

    async def _read_clock(self) -> LockTime | None:
        """Read the lock's clock back (None: it cannot be read, or the read failed)."""
        try:
            read = await self._paced(self.provider.async_read_clock)
        except ProviderError as err:
            self.counters.clock_reads += 1
            _LOGGER.debug("Reading the clock of %s failed: %s", self.lock_id, type(err).__name__)
            return None
        if read is not None:
            self.counters.clock_reads += 1
        return read

    def _schedule_clock(self) -> None:
        """Wake when the next check of the clock is due: a timer, not polling."""
        self._cancel_clock()
        if self._started and (check := self.record.clock) is not None:
            self._clock_unsub = async_track_point_in_utc_time(
                self.hass, self._clock_time, check.due
            )

    @callback
    def _clock_time(self, _now: datetime) -> None:
        """Check the clock now: the timer fires when the next check is due (no need to ask)."""
        self._clock_unsub = None
        self.check_clock_now()

    def _cancel_clock(self) -> None:
        if self._clock_unsub is not None:
            self._clock_unsub()
            self._clock_unsub = None

    async def _paced[T](
        self, command: Callable[[], Awaitable[T]], spacing: float | None = None
    ) -> T:
        """Leave the provider's pacing interval (or `spacing`) between two commands."""
        gap = self.provider.pacing if spacing is None else spacing
        wait = self._last_command + gap - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        try:
            return await command()
        finally:
            self._last_command = time.monotonic()

    # ---- outcomes ----------------------------------------------------------------------

    def _succeeded(self) -> None:
        recovered = self._breaker_open or self._unreachable
        self._failures = 0
        self._breaker_open = False
        self._unreachable = False
        if recovered:
            self._on_event(self.lock_id, SyncEvent.RECOVERED, "")

    def _fail(self, err: ProviderError, *, unreachable: bool) -> None:
        self._failures += 1
        self.counters.failures += 1
        _LOGGER.debug(
            "Sync of %s failed (%s): %s", self.lock_id, self._failures, type(err).__name__
        )
        if unreachable and not self._unreachable:
            self._unreachable = True
            self._on_event(self.lock_id, SyncEvent.UNREACHABLE, str(err))
        if not self._breaker_open and self._failures >= self.BREAKER_THRESHOLD:
            self._breaker_open = True
            self._on_event(self.lock_id, SyncEvent.FAILED, str(err))
        delay = min(self.RETRY_BASE * 2 ** (self._failures - 1), self.RETRY_CAP)
        self._cancel_retry()
        self._retry_unsub = async_call_later(self.hass, delay, self._retry)

    @callback
    def _retry(self, _now: Any) -> None:
        self._retry_unsub = None
        self._wake.set()

    def _cancel_retry(self) -> None:
        if self._retry_unsub is not None:
            self._retry_unsub()
            self._retry_unsub = None

    @callback
    def _availability(self, available: bool) -> None:
        if available:
            self.request_sync()
        self._notify()

    @callback
    def _handle_report(self, report: LockReport) -> None:
        if isinstance(report, SlotChanged):
            if 1 <= report.slot <= (self.capabilities.slots if self.capabilities else 0):
                self._recheck.add(report.slot)
                self._wake.set()
            return
        if isinstance(report, CodesCleared):
            # Every code may be gone: re-read the slots whose content Housekey tracks.
            self._recheck |= self.record.managed() | self.record.foreign
            self._wake.set()
            return
        if isinstance(report, AccessEvent) and report.outcome is Outcome.DENIED:
            self._recheck_fresh_codes()
        self._on_report(self.lock_id, report)

    def _recheck_fresh_codes(self) -> None:
        """Re-read codes written lately when the keypad refuses someone soon after.

        A lock that dropped or mangled a code it just accepted is found at the first
        refusal rather than never. At most once per FRESH window, so wrong guesses at
        the keypad cannot make Housekey flood the radio.
        """
        now = time.monotonic()
        fresh = {s for s, at in self._written.items() if now - at < self.FRESH}
        self._written = {s: at for s, at in self._written.items() if s in fresh}
        fresh &= self.record.applied.keys()
        if fresh and now - self._denied_recheck >= self.FRESH:
            self._denied_recheck = now
            self._recheck |= fresh
            self._wake.set()

    def note_foreign(self, slot: int) -> None:
        """Record a slot that turned out to hold a code Housekey did not write."""
        if slot not in self.record.managed():
            self._add_foreign({slot})

    def _add_foreign(self, slots: set[int]) -> None:
        new = slots - self.record.foreign
        self.record.foreign |= slots
        if new:
            self._on_event(self.lock_id, SyncEvent.FOREIGN_CODE, ",".join(map(str, sorted(new))))
            self._on_change(True)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
        self._on_state()


def _schedule_held(read: SlotRead, target: Target) -> bool:
    """Return whether a read shows the target's schedule (or cannot say).

    A lock that lost a user's schedule reads back unrestricted: the slot is then
    written again, so a lock that loses its schedule gets it again.
    """
    return read.schedule is None or target.schedule is None or read.schedule == target.schedule
