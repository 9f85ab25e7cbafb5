"""The household at run time: intent in, effect out, and a faithful record of both.

Every change to people goes through one of the mutation methods here: validated
by the core rules, saved, re-planned onto every lock, and recorded. Locks report
back through `reports.py`, which turns slots into people.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import NamedTuple

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME
from homeassistant.core import CALLBACK_TYPE, Context, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import (
    async_track_entity_registry_updated_event,
    async_track_point_in_utc_time,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from . import repairs, validation
from .arguments import NewPersonArgs, UpdatePersonArgs
from .audit import fire_admin
from .const import (
    CONF_AUDIT_HOURS,
    CONF_PIN_MAX,
    CONF_PIN_MIN,
    CONF_PIN_REUSE_DAYS,
    DEFAULT_AUDIT_HOURS,
    DEFAULT_PIN_MAX,
    DEFAULT_PIN_MIN,
    DEFAULT_PIN_REUSE_DAYS,
    DOMAIN,
    signal_household,
    signal_lock,
    signal_person,
    signal_update,
)
from .core.desired import LockPlan, LockView, desired_state, desired_update
from .core.model import Household, Person, Status
from .core.policy import PinPolicy
from .core.schedule import next_transition, status_at
from .household_data import HouseholdData
from .keypad_guard import KeypadGuard
from .locks import FormerLocks, LockFactory, follow_rename, remove_stale_entities
from .providers.simulated import SimulatedKeypad
from .records import LockInfo, LockRecord, SyncState
from .reports import LockReports
from .sync import LockSync

_LOGGER = logging.getLogger(__name__)


class _Derived(NamedTuple):
    """What the people and the clock make of the locks."""

    plans: dict[str, LockPlan]
    #: the people with access now, by id
    active: dict[str, Person]
    #: when each person's access next changes by itself
    upcoming: dict[str, datetime]


type HousekeyConfigEntry = ConfigEntry[Housekey]


class Housekey:
    """One household's runtime, kept in the config entry's runtime_data."""

    def __init__(self, hass: HomeAssistant, entry: HousekeyConfigEntry) -> None:
        """Prepare the runtime; nothing is loaded or sent yet."""
        self.hass = hass
        self.entry = entry
        self.name: str = entry.data[CONF_NAME]
        self.policy = PinPolicy(
            entry.options.get(CONF_PIN_MIN, DEFAULT_PIN_MIN),
            entry.options.get(CONF_PIN_MAX, DEFAULT_PIN_MAX),
        )
        #: days a code someone held stays barred from reuse (0: not remembered at all)
        self.reuse_days = int(entry.options.get(CONF_PIN_REUSE_DAYS, DEFAULT_PIN_REUSE_DAYS))
        self.household = Household()
        self.locks: dict[str, LockSync] = {}
        self.info: dict[str, LockInfo] = {}
        self.data = HouseholdData(hass, self)
        self.factory = LockFactory(hass, entry, self.data.save_keypads_later)
        self.keypads: dict[str, SimulatedKeypad] = self.factory.keypads
        self._timer: CALLBACK_TYPE | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        self.guard = KeypadGuard(hass, entry, self.name, self.keypads, self.save_later)
        self.reports = LockReports(self)
        #: locks that left the household and are being cleared of Housekey's codes
        self.former = FormerLocks(
            hass,
            entry,
            self.factory,
            self.data,
            self.reports.on_sync_event,
            self.remove_stale_entities,
        )
        self.retiring: dict[str, LockSync] = self.former.syncs
        #: the last plan of every lock, who had access then, and when that changes
        self._plans: dict[str, LockPlan] = {}
        self._active: dict[str, Person] = {}
        self._upcoming: dict[str, datetime] = {}
        #: the household's own device (set once it is registered, before the platforms)
        self.device_id = ""

    # ---- life cycle --------------------------------------------------------------------

    async def async_setup(self) -> None:
        """Load the Stores, build one reconciler per lock, and start them once HA runs.

        Raises StoreUnreadable, before anything is built or sent, when a household that
        has a Store cannot read it.
        """
        loaded = await self.data.async_load()
        self.household = loaded.household
        self.household.forget_retired(dt_util.utcnow() - timedelta(days=self.reuse_days))
        for provider in self.factory.managed(loaded.keypads):
            if (lock_id := provider.entity_id) in loaded.bad_records:
                continue  # its record could not be read: nothing is sent to it
            self.info[lock_id] = LockInfo(provider.backend)
            self.locks[lock_id] = LockSync(
                self.hass,
                provider,
                loaded.records.get(lock_id, LockRecord()),
                on_change=partial(self._lock_changed, lock_id),
                on_state=partial(self._notify_lock, lock_id),
                on_report=self.reports.on_report,
                on_event=self.reports.on_sync_event,
                persist=self.data.async_save_records,
            )
        self.guard.restore(loaded.brute_force, self.locks)
        for lock_id, record in loaded.records.items():
            if lock_id not in self.locks and record.managed():
                self.former.retire(lock_id, record, loaded.keypads)
        self.data.report_set_aside()
        self.replan()
        await self.data.async_loaded(loaded.rewrite)
        self._unsubs.append(async_at_started(self.hass, self._start_locks))
        self._unsubs.append(
            async_track_entity_registry_updated_event(
                self.hass, [*self.locks, *self.retiring], self._lock_updated
            )
        )

    @callback
    def _lock_updated(self, event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        """Follow a lock whose entity id was changed: same lock, same slots, same history."""
        data = event.data
        if data["action"] == "update" and "old_entity_id" in data:
            follow_rename(self.hass, self.entry, data["old_entity_id"], data["entity_id"])

    @callback
    def _start_locks(self, _hass: HomeAssistant) -> None:
        audit = float(self.entry.options.get(CONF_AUDIT_HOURS, DEFAULT_AUDIT_HOURS)) * 3600
        for sync in self.locks.values():
            sync.start()
            sync.start_audit(audit)
        for sync in self.retiring.values():
            sync.start()

    async def async_unload(self) -> None:
        """Stop every queue and write what is not yet written."""
        for unsub in self._unsubs:
            unsub()
        if self._timer is not None:
            self._timer()
            self._timer = None
        for sync in [*self.locks.values(), *self.retiring.values()]:
            await sync.async_stop()
        await self.data.async_unload()

    @callback
    def remove_stale_entities(self) -> None:
        """Drop entities and devices of people and locks the household no longer has."""
        remove_stale_entities(
            self.hass,
            self.entry.entry_id,
            self.household.people,
            self.locks,
            self.factory.keypad_keys(),
        )

    def save_later(self) -> None:
        """Save the people soon (facts that may lag, such as use counts)."""
        self.data.save_people_later()

    # ---- queries -----------------------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        """Return the household's time zone (Home Assistant's)."""
        return dt_util.get_default_time_zone()

    def status(self, person: Person, now: datetime | None = None) -> Status:
        """Return a person's status now."""
        return status_at(person, now or dt_util.utcnow(), self.tz)

    def people_with_access(self) -> int:
        """Return how many people can open at least one door right now."""
        return len(self._active)  # as of the last plan: every change of access re-plans

    def resolve(self, ref: str, field_name: str = "person") -> Person:
        """Find a person by id or name, or raise a translated error naming the field."""
        return validation.resolve(self.household, ref, field_name)

    # ---- mutations ---------------------------------------------------------------------

    async def async_add_person(
        self, fields: NewPersonArgs, context: Context | None, *, action: str = "person_added"
    ) -> tuple[Person, str | None]:
        """Add a person; return them and the generated PIN, if one was generated."""
        # The only await comes first: from here to the commit nothing yields, so two
        # concurrent calls cannot both pass the uniqueness checks.
        ha_user = await validation.check_user(self.hass, fields.get("ha_user"))
        number = self.household.next_number
        person, generated = validation.new_person(
            self.household, self.locks, self._rules(), fields, ha_user
        )
        try:
            await self._commit(person, action, context)
        except HomeAssistantError:
            self.household.next_number = number  # refused before saving: the id stays unused
            raise
        return person, generated

    async def async_update_person(
        self, fields: UpdatePersonArgs, context: Context | None
    ) -> Person:
        """Change a person's name, role, access or duress PIN."""
        ha_user = await validation.check_user(self.hass, fields.get("ha_user"))  # see add
        person = validation.current(self.household, fields["person"])
        updated = validation.changed_person(
            self.household, self.locks, self._rules(), person, fields, ha_user
        )
        await self._commit(updated, "person_updated", context)
        return updated

    async def async_set_pin(
        self, ref: str, pin: validation.PinInput, context: Context | None
    ) -> tuple[Person, str | None]:
        """Give a person a new PIN; return the generated one if none was given."""
        person = validation.current(self.household, ref)
        ranges = validation.pin_ranges(self.locks, person.locks)
        taken = [*self.household.codes(besides=person.person_id)]
        if person.duress_pin:
            taken.append(person.duress_pin)
        new_pin, generated = self._rules().pin_or_generate(pin, taken, ranges, "pin")
        updated = person.evolve(pin=new_pin, pin_version=person.pin_version + 1)
        await self._commit(updated, "pin_changed", context)
        return updated, generated

    async def async_set_suspended(
        self, ref: str, suspended: bool, context: Context | None
    ) -> Person:
        """Suspend or resume a person."""
        person = validation.current(self.household, ref)
        updated = person.evolve(suspended=suspended)
        await self._commit(updated, "suspended" if suspended else "resumed", context)
        return updated

    async def async_offboard(
        self, ref: str, timeout: float, context: Context | None
    ) -> tuple[Person, dict[str, str]]:
        """Offboard a person: erase their codes and wait for every lock to drop them."""
        person = validation.current(self.household, ref)
        updated = person.evolve(
            offboarded_at=dt_util.utcnow(), pin=None, duress_pin=None, otp_secret=None
        )
        await self._commit(updated, "offboarded", context)
        results: dict[str, str] = {}
        for lock_id, sync in self.locks.items():
            removed = await sync.async_wait(_releases(sync, person.person_id), timeout)
            if removed:
                results[lock_id] = "removed"
            elif sync.state in (SyncState.FAILED,):
                results[lock_id] = "failed"
            else:
                results[lock_id] = "pending"
        return updated, results

    async def async_sync(self, lock_ids: Iterable[str], timeout: float) -> dict[str, str]:
        """Re-read the locks, re-apply the plan, and report each lock's state."""
        syncs = [self.locks[lock_id] for lock_id in lock_ids]
        for sync in syncs:
            sync.request_sync(rescan=True)
        for sync in syncs:
            await sync.async_wait(_settles(sync), timeout)
        return {sync.lock_id: sync.state.value for sync in syncs}

    async def async_clear_foreign(self, lock_id: str) -> None:
        """Clear the foreign codes of a lock, on an admin's explicit request."""
        self.locks[lock_id].clear_foreign()
        repairs.delete_foreign_code(self.hass, self.entry.entry_id, lock_id)

    def _rules(self) -> validation.CodeRules:
        return validation.code_rules(self.household, self.policy, self.reuse_days)

    # ---- applying intent ---------------------------------------------------------------

    async def _commit(self, person: Person, action: str, context: Context | None) -> None:
        """Store a changed person, push the change to the locks, and record it.

        The change is planned in a dry run first, so a person who cannot be planned
        onto the locks is refused before anything is saved.
        """
        now = dt_util.utcnow()
        people = self.household.people
        previous = people.get(person.person_id)
        # The dry run plans the household with the change in it (put back if refused):
        # nothing yields until the save, and a copy of everyone would cost the household.
        people[person.person_id] = person
        try:
            derived = self._derive(self.household, now, {person.person_id})
        except Exception as err:
            if previous is None:
                del people[person.person_id]
            else:
                people[person.person_id] = previous
            _LOGGER.error(
                "A change to %s could not be planned (%s); nothing was saved",
                person.person_id,
                type(err).__name__,
            )
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="plan_failed"
            ) from err
        if previous is not None and self.reuse_days:
            self.household.retire_taken(previous, person, now)
        self.household.forget_retired(now - timedelta(days=self.reuse_days))
        await self.data.async_save_people({person.person_id})
        self._apply(derived, {person.person_id})
        fire_admin(self.hass, self.name, action, person, context)

    @callback
    def replan(self, changed: Iterable[str] | None = None) -> None:
        """Derive the locks' targets from the people and the clock.

        `changed` names the people a change touched: only their credentials are placed
        again and only their entities refresh (every lock's entities follow their own
        lock). None: everyone may have changed (the clock, a lock's capabilities).
        """
        ids = None if changed is None else set(changed)
        self._apply(self._derive(self.household, dt_util.utcnow(), ids), ids)

    def _derive(self, household: Household, now: datetime, changed: set[str] | None) -> _Derived:
        """Return each lock's desired content, who has access now, and when that changes."""
        views = [
            LockView(
                lock_id,
                caps.slots,
                caps.pin_min,
                caps.pin_max,
                sync.record.held(),
                frozenset(sync.record.foreign),
                sync.unsettled(),
                sync.clearing(),
            )
            for lock_id, sync in self.locks.items()
            # nothing is planned onto a lock before its capabilities are known
            if (caps := sync.capabilities) is not None
        ]
        # Slots of people whose stored record could not be read are left as they are.
        set_aside = frozenset(household.quarantined_ids())
        if changed is None or any(view.lock_id not in self._plans for view in views):
            people = household.current()
            active = {p.person_id: p for p in people if self.status(p, now) is Status.ACTIVE}
            upcoming = {p.person_id: t for p in people if (t := next_transition(p, now, self.tz))}
            return _Derived(desired_state(active.values(), views, set_aside), active, upcoming)
        active, upcoming = dict(self._active), dict(self._upcoming)
        for person_id in changed:
            active.pop(person_id, None)
            upcoming.pop(person_id, None)
            person = household.people.get(person_id)
            if person is None or person.offboarded_at is not None:
                continue
            if self.status(person, now) is Status.ACTIVE:
                active[person_id] = person
            if (at := next_transition(person, now, self.tz)) is not None:
                upcoming[person_id] = at
        plans = desired_update(self._plans, active, changed, views, set_aside)
        return _Derived(plans, active, upcoming)

    def _apply(self, derived: _Derived, changed: set[str] | None) -> None:
        """Hand each lock its targets, keep the plan for the next change, and refresh."""
        self._plans, self._active, self._upcoming = derived
        for lock_id, plan in derived.plans.items():
            self.info[lock_id].unplaced = plan.unplaced
            self.locks[lock_id].set_targets(plan.targets, keep=plan.keep, changed=plan.changed)
        self._schedule_transition(min(derived.upcoming.values(), default=None))
        self.notify(changed)

    def _schedule_transition(self, upcoming: datetime | None) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
        if upcoming is not None:
            self._timer = async_track_point_in_utc_time(self.hass, self._on_transition, upcoming)

    @callback
    def _on_transition(self, _now: datetime) -> None:
        self._timer = None
        self.replan()

    @callback
    def _lock_changed(self, lock_id: str, replan: bool) -> None:
        self.data.save_records_later()
        if replan:
            if not self.locks[lock_id].record.foreign:
                repairs.delete_foreign_code(self.hass, self.entry.entry_id, lock_id)
            self.replan()

    @callback
    def notify(self, people: Iterable[str] | None = None) -> None:
        """Tell the entities of these people (None: every entity) to refresh."""
        entry_id = self.entry.entry_id
        if people is None:
            async_dispatcher_send(self.hass, signal_update(entry_id))
            return
        for person_id in people:
            async_dispatcher_send(self.hass, signal_person(entry_id, person_id))
        async_dispatcher_send(self.hass, signal_household(entry_id))

    @callback
    def _notify_lock(self, lock_id: str) -> None:
        """Tell one lock's entities that its sync state changed (and tighten its keypad)."""
        async_dispatcher_send(self.hass, signal_lock(self.entry.entry_id, lock_id))
        if (sync := self.locks.get(lock_id)) is not None:
            self.guard.harden(sync)


def _releases(sync: LockSync, person_id: str) -> Callable[[], bool]:
    return lambda: not sync.holds(person_id)


def _settles(sync: LockSync) -> Callable[[], bool]:
    return lambda: sync.state is SyncState.IN_SYNC
