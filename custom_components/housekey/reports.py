"""What locks report, turned into people, audit events, alerts and repairs.

An access names a slot; the slot's record names the credential and so the person.
Uses are counted, a used-up person is re-planned off the locks, a duress opening raises
its silent alert, and wrong codes go to the keypad guard. Sync outcomes become alerts
and repair issues.

A lock that opens for an `unlock` or `open` action says only "remote" (or "RF"): the
opening is attributed to the Home Assistant user whose action reached that lock just
before, as Home Assistant's own entities attribute a state change to the action that
caused it (`RemoteCallers`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import replace
from time import monotonic
from typing import TYPE_CHECKING, Any

from homeassistant.const import ATTR_ENTITY_ID, EVENT_CALL_SERVICE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.util import dt as dt_util

from . import repairs
from .audit import fire_access, fire_alert, public_slot
from .const import signal_access
from .core.authority import person_of_user
from .core.clock import ClockCheck
from .core.model import CredentialKind, CredentialRef, Person
from .providers.base import AccessEvent, AlarmKind, LockAlarm, Method, Outcome
from .records import LockRecord, SyncEvent

if TYPE_CHECKING:
    from .runtime import Housekey


#: how long after an action a lock's remote opening is still that action's (seconds);
#: Home Assistant gives an entity's state change its action's context for 5 s
REMOTE_WINDOW = 10.0
#: the lock actions that open a door
OPENING_ACTIONS = frozenset({"unlock", "open"})
#: how a lock reports an opening it was told to make over the network
REMOTE_METHODS = frozenset({Method.REMOTE, Method.RF})


class RemoteCallers:
    """Remember which Home Assistant user last asked each lock to open, for a few seconds."""

    def __init__(self, locks: Callable[[], Collection[str]]) -> None:
        """Follow the actions aimed at the locks `locks()` returns."""
        self._locks = locks
        self._callers: dict[str, tuple[str | None, float]] = {}
        #: when Housekey itself last opened each lock (a code checked at a forwarding keypad)
        self._own: dict[str, float] = {}

    def listen(self, hass: HomeAssistant) -> CALLBACK_TYPE:
        """Start following lock actions; return the function that stops it."""
        return hass.bus.async_listen(
            EVENT_CALL_SERVICE, self._on_call, event_filter=self._is_opening
        )

    @callback
    def _is_opening(self, data: Any) -> bool:
        return bool(data.get("domain") == "lock" and data.get("service") in OPENING_ACTIONS)

    @callback
    def _on_call(self, event: Event) -> None:
        # The newest action decides: one without a user (an automation) names nobody.
        user_id = event.context.user_id
        targets = event.data.get("service_data", {}).get(ATTR_ENTITY_ID)
        if targets is None:
            return
        managed = self._locks()
        for lock_id in [targets] if isinstance(targets, str) else targets:
            if lock_id in managed:
                self._callers[lock_id] = (user_id, monotonic())

    def caller(self, lock_id: str) -> str | None:
        """Return (once) the user who last asked this lock to open, within the window."""
        user_id, at = self._callers.pop(lock_id, (None, 0.0))
        return user_id if monotonic() - at <= REMOTE_WINDOW else None

    def expect_own(self, lock_id: str) -> None:
        """Note that Housekey is opening a lock for a code typed at a forwarding keypad."""
        self._own[lock_id] = monotonic()

    def own(self, lock_id: str) -> bool:
        """Return (once) whether a remote opening is Housekey's own, recorded already."""
        return monotonic() - self._own.pop(lock_id, -math.inf) <= REMOTE_WINDOW


class LockReports:
    """Handles what one household's locks report."""

    def __init__(self, runtime: Housekey) -> None:
        """Serve one household."""
        self._rt = runtime
        self.callers = RemoteCallers(lambda: runtime.locks)

    @callback
    def on_report(self, lock_id: str, report: AccessEvent | LockAlarm) -> None:
        """Handle an access or an alarm from a lock."""
        if isinstance(report, LockAlarm):
            if report.kind is AlarmKind.BRUTE_FORCE:
                self._rt.guard.lock_alarm(lock_id, report)
            else:
                fire_alert(
                    self._rt.hass, self._rt.name, report.kind.value, lock_id, detail=report.detail
                )
            return
        self._on_access(lock_id, report)

    def _on_access(self, lock_id: str, event: AccessEvent) -> None:
        sync = self._rt.locks[lock_id]
        if event.slot is None and event.method in REMOTE_METHODS:
            caller = self.callers.caller(lock_id)  # taken either way: it is this opening's
            if event.outcome is Outcome.GRANTED and self.callers.own(lock_id):
                return  # the lock answering Housekey's unlock: the keypad access has its record
            if event.user_id is None:
                event = replace(event, user_id=caller)
        person: Person | None = None
        kind: CredentialKind | None = None
        if event.slot is not None:
            ref = _holder(sync.record, event.slot)
            if ref is not None:
                person = self._rt.household.people.get(ref.person_id)
                kind = ref.kind
            elif event.outcome is Outcome.GRANTED:
                sync.note_foreign(event.slot)
        elif event.user_id is not None:
            person = person_of_user(self._rt.household, event.user_id)
        if event.outcome is Outcome.DENIED:
            self._rt.guard.denied(lock_id, event)
        self.record(lock_id, event, person, kind, counted=event.slot is not None)

    def record(
        self,
        lock_id: str,
        event: AccessEvent,
        person: Person | None,
        kind: CredentialKind | None,
        *,
        counted: bool,
    ) -> None:
        """Record one access: a use of the person's (when `counted`), the audit, the alert.

        The one way an access reaches the record, whether the lock checked the code or
        Housekey did (a code typed at a forwarding keypad): a duress PIN raises its silent
        alert here, and only here.
        """
        sync, info = self._rt.locks[lock_id], self._rt.info[lock_id]
        if event.outcome is Outcome.GRANTED and person is not None and counted:
            person = person.evolve(
                uses=person.uses + 1, last_access=dt_util.utcnow(), last_lock=lock_id
            )
            self._rt.household.people[person.person_id] = person
            self._rt.save_later()
            if person.max_uses is not None and person.uses >= person.max_uses:
                self._rt.replan({person.person_id})
        slot = public_slot(sync.record.applied, event.slot)
        info.last_access_at = dt_util.utcnow()
        info.last_access = fire_access(
            self._rt.hass,
            self._rt.name,
            lock_id,
            event.outcome,
            event.method,
            slot,
            person,
            event.user_id,
        )
        async_dispatcher_send(
            self._rt.hass, signal_access(self._rt.entry.entry_id, lock_id), info.last_access
        )
        if kind is CredentialKind.DURESS and person is not None:
            fire_alert(self._rt.hass, self._rt.name, "duress", lock_id, person.person_id)
        self._rt.notify([] if person is None else [person.person_id])

    def person_in_slot(self, lock_id: str, slot: int | None) -> tuple[Person | None, int | None]:
        """Return who holds a slot of a lock now, and the slot an access there may show.

        The audit journal's read-back of a lock's own log names people this way.
        """
        sync = self._rt.locks.get(lock_id)
        if sync is None or slot is None:
            return None, slot
        ref = _holder(sync.record, slot)
        person = self._rt.household.people.get(ref.person_id) if ref is not None else None
        return person, public_slot(sync.record.applied, slot)

    @callback
    def on_clock(self, lock_id: str, check: ClockCheck | None) -> None:
        """Raise the repair issue of a lock whose clock is a problem, or withdraw it.

        No alert: a clock is no event at the door, and the check repeats daily.
        """
        repairs.set_lock_clock(self._rt.hass, self._rt.entry.entry_id, lock_id, check)

    @callback
    def on_sync_event(self, lock_id: str, event: SyncEvent, detail: str) -> None:
        """Turn a sync outcome into an alert and a repair issue, or withdraw the issue."""
        if event is SyncEvent.RECOVERED:
            repairs.delete_sync_failed(self._rt.hass, self._rt.entry.entry_id, lock_id)
            return
        if event is SyncEvent.FOREIGN_CODE:
            repairs.create_foreign_code(self._rt.hass, self._rt.entry.entry_id, lock_id, detail)
        elif event is SyncEvent.FAILED:
            repairs.create_sync_failed(self._rt.hass, self._rt.entry.entry_id, lock_id)
        fire_alert(
            self._rt.hass, self._rt.name, event.value, lock_id, detail=_public(event, detail)
        )


def _holder(record: LockRecord, slot: int) -> CredentialRef | None:
    """Return whose credential a slot holds; for a slot in doubt, its one possible holder."""
    applied = record.applied.get(slot)
    if applied is not None:
        return applied.ref
    refs = record.doubt.get(slot, frozenset())
    return next(iter(refs)) if len({r.person_id for r in refs}) == 1 else None


def _public(event: SyncEvent, detail: str) -> str:
    """Return what an alert may say about a sync event (slot numbers, never codes)."""
    return f"slots {detail}" if event is SyncEvent.FOREIGN_CODE else event.value
