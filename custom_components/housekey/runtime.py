"""The household at run time: intent in, effect out, and a faithful record of both.

Every change to people goes through one of the mutation methods here: validated
by the core rules, saved, re-planned onto every lock, and recorded. Locks report
back through `reports.py`, which turns slots into people.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import Any, NamedTuple

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_point_in_utc_time
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
    CONF_STORED,
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
from .core.model import CredentialRef, Household, Person, Role, Status
from .core.policy import PinPolicy, codes_equal
from .core.schedule import next_transition, status_at
from .keypad_guard import KeypadGuard
from .locks import LockFactory, remove_stale_entities
from .providers.simulated import SimulatedKeypad
from .records import LockRecord, SyncState
from .reports import LockReports
from .store import (
    DurableStore,
    HousekeyStore,
    PeopleStore,
    StoreUnreadable,
    async_load_or_refuse,
)
from .sync import LockSync

_LOGGER = logging.getLogger(__name__)

SAVE_DELAY = 1.0


class _Derived(NamedTuple):
    """What the people and the clock make of the locks."""

    plans: dict[str, LockPlan]
    #: the people with access now, by id
    active: dict[str, Person]
    #: when each person's access next changes by itself
    upcoming: dict[str, datetime]


@dataclass(slots=True)
class LockInfo:
    """Per-lock run-time facts the entities show."""

    backend: str
    last_access: dict[str, Any] | None = None
    unplaced: tuple[CredentialRef, ...] = ()


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
        self.factory = LockFactory(hass, entry, self._save_keypads)
        self.keypads: dict[str, SimulatedKeypad] = self.factory.keypads
        #: locks that left the household and are being cleared of Housekey's codes
        self.retiring: dict[str, LockSync] = {}
        #: people and their codes; saved with every change, before it is sent
        self._people = PeopleStore(
            hass,
            entry.entry_id,
            self._data,
            self._facts,
            self._person_data,
            lambda: len(self.household.people),
            SAVE_DELAY,
        )
        #: what each lock holds (small): saved before every command that changes a slot
        self._slots = DurableStore(
            HousekeyStore(hass, f"{entry.entry_id}.locks"), self._records_data, SAVE_DELAY
        )
        self._keypad_store = HousekeyStore(hass, f"{entry.entry_id}.simulated")
        self._timer: CALLBACK_TYPE | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        #: stored lock records that could not be read: kept as they were, lock left alone
        self._bad_records: dict[str, Any] = {}
        self.guard = KeypadGuard(hass, entry, self.name, self.keypads, self.save_later)
        self.reports = LockReports(self)
        #: the last plan of every lock, who had access then, and when that changes
        self._plans: dict[str, LockPlan] = {}
        self._active: dict[str, Person] = {}
        self._upcoming: dict[str, datetime] = {}
        #: the household's own device (set once it is registered, before the platforms)
        self.device_id = ""

    # ---- life cycle --------------------------------------------------------------------

    async def async_setup(self) -> None:
        """Load the Store, build one reconciler per lock, and start them once HA runs.

        Raises StoreUnreadable, before anything is built or sent, when a household that
        has a Store cannot read it.
        """
        data = await self._load_people()
        fresh = data is None
        data = data or {}
        self.household = Household.from_dict(_mapping(data.get("household")))
        self._forget_retired()
        # Stores of version 1.1 kept the locks' records beside the people.
        legacy = data.get("locks")
        slots = await self._load_store(self._slots.store, required=legacy is None)
        records: dict[str, LockRecord] = {}
        raw_records = (
            _mapping(legacy) if legacy is not None else _mapping((slots or {}).get("locks"))
        )
        for lock_id, raw in raw_records.items():
            try:
                records[lock_id] = LockRecord.from_dict(raw)
            except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
                self._bad_records[lock_id] = raw
        saved = (await self._keypad_store.async_load() or {}).get("keypads", {})
        providers = self.factory.managed(saved)
        providers = [p for p in providers if p.entity_id not in self._bad_records]
        for provider in providers:
            self.info[provider.entity_id] = LockInfo(provider.backend)
            self.locks[provider.entity_id] = LockSync(
                self.hass,
                provider,
                records.get(provider.entity_id, LockRecord()),
                on_change=partial(self._lock_changed, provider.entity_id),
                on_state=partial(self._notify_lock, provider.entity_id),
                on_report=self.reports.on_report,
                on_event=self.reports.on_sync_event,
                persist=self._slots.async_save_now,
            )
        self.guard.restore(data.get("brute_force"), self.locks)
        for lock_id, record in records.items():
            if lock_id not in self.locks and record.managed():
                self._retire(lock_id, record, saved)
        self._report_set_aside()
        self.replan()
        if fresh or legacy is not None:
            # From now on a missing Store means a lost one, not a new household.
            await self._slots.async_save_now()
            await self._people.async_save_snapshot()
        if not self.entry.data.get(CONF_STORED):
            self.hass.config_entries.async_update_entry(
                self.entry, data={**self.entry.data, CONF_STORED: True}
            )
        self._unsubs.append(async_at_started(self.hass, self._start_locks))

    async def _load_people(self) -> dict[str, Any] | None:
        """Load the people's snapshot and journal; None for a household that never had one."""
        try:
            data = await self._people.async_load(had_one=bool(self.entry.data.get(CONF_STORED)))
        except StoreUnreadable as err:
            repairs.create_store_unreadable(self.hass, self.entry.entry_id, err.backup)
            raise
        return data

    async def _load_store(self, store: HousekeyStore, *, required: bool) -> dict[str, Any] | None:
        """Load one of the household's Stores; None for a household that never had one.

        Home Assistant moves a Store it cannot parse aside and hands back nothing. Read
        as an empty household, every code on every lock would look foreign and the
        repair would offer to clear them all; so a household that had a Store and now
        gets nothing loads nothing, sends nothing, and says where the copy is.
        """
        try:
            data = await async_load_or_refuse(
                self.hass, store, had_one=required and bool(self.entry.data.get(CONF_STORED))
            )
        except StoreUnreadable as err:
            repairs.create_store_unreadable(self.hass, self.entry.entry_id, err.backup)
            raise
        repairs.delete_store_unreadable(self.hass, self.entry.entry_id)
        return data

    def _report_set_aside(self) -> None:
        """Raise a repair issue for stored values that could not be read, or withdraw it."""
        people = sorted(self.household.quarantined_ids())
        locks = sorted(self._bad_records)
        if people or locks:
            _LOGGER.warning(
                "Stored data set aside: %d people, %d locks (see the repair issue)",
                len(people),
                len(locks),
            )
        repairs.set_stored_data_invalid(self.hass, self.entry.entry_id, people, locks)

    @callback
    def _start_locks(self, _hass: HomeAssistant) -> None:
        audit = float(self.entry.options.get(CONF_AUDIT_HOURS, DEFAULT_AUDIT_HOURS)) * 3600
        for sync in self.locks.values():
            sync.start()
            sync.start_audit(audit)
        for sync in self.retiring.values():
            sync.start()

    def _retire(self, lock_id: str, record: LockRecord, saved: dict[str, Any]) -> None:
        """Clear every code Housekey wrote to a lock that left the household.

        A lock taken out of a household must not keep admitting its people.
        """
        provider = self.factory.former(lock_id, saved)
        if provider is None:
            _LOGGER.warning(
                "%s left the household holding %d codes Housekey wrote, and cannot be reached "
                "to clear them",
                lock_id,
                len(record.applied),
            )
            return
        sync = LockSync(
            self.hass,
            provider,
            record,
            on_change=partial(self._retiring_changed, lock_id),
            on_state=lambda: None,
            on_report=lambda _lock, _report: None,  # not this household's door any more
            on_event=self.reports.on_sync_event,
            persist=self._slots.async_save_now,
        )
        self.retiring[lock_id] = sync
        sync.set_targets({})

    @callback
    def _retiring_changed(self, lock_id: str, replan: bool) -> None:
        self._slots.save_later()
        sync = self.retiring.get(lock_id)
        if sync is not None and not sync.record.managed():
            self.entry.async_create_background_task(
                self.hass, self._retired(lock_id, sync), f"housekey retire {lock_id}"
            )

    async def _retired(self, lock_id: str, sync: LockSync) -> None:
        """Forget a former lock once it holds none of Housekey's codes."""
        if self.retiring.pop(lock_id, None) is None:
            return
        await sync.async_stop()
        self.factory.release(lock_id)
        self._slots.save_later()
        self.remove_stale_entities()
        _LOGGER.info("%s no longer holds codes of this household", lock_id)

    async def async_unload(self) -> None:
        """Stop every queue and write what is not yet written."""
        for unsub in self._unsubs:
            unsub()
        if self._timer is not None:
            self._timer()
            self._timer = None
        for sync in [*self.locks.values(), *self.retiring.values()]:
            await sync.async_stop()
        await self._slots.async_save_now()
        await self._people.async_save_snapshot()
        if self.keypads or self.factory.retired_keypads:
            await self._keypad_store.async_save(self.factory.keypad_data())

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

    # ---- persistence -------------------------------------------------------------------

    def _data(self) -> dict[str, Any]:
        return {"household": self.household.to_dict(), "brute_force": self.guard.to_dict()}

    def _facts(self) -> dict[str, Any]:
        household = self.household.to_dict(people=False)
        return {**household, "brute_force": self.guard.to_dict()}

    def _person_data(self, person_id: str) -> dict[str, Any] | None:
        person = self.household.people.get(person_id)
        return None if person is None else person.to_dict()

    def _records_data(self) -> dict[str, Any]:
        syncs = {**self.retiring, **self.locks}
        return {"locks": {**self._bad_records, **{k: s.record.to_dict() for k, s in syncs.items()}}}

    def save_later(self) -> None:
        """Save the people soon (facts that may lag, such as use counts)."""
        self._people.save_later()

    def _save_keypads(self) -> None:
        self._keypad_store.async_delay_save(self.factory.keypad_data, SAVE_DELAY)

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

    def lock_state(self, lock_id: str) -> SyncState:
        """Return a lock's sync state."""
        return self.locks[lock_id].state

    # ---- mutations ---------------------------------------------------------------------

    async def async_add_person(
        self, fields: NewPersonArgs, context: Context | None, *, action: str = "person_added"
    ) -> tuple[Person, str | None]:
        """Add a person; return them and the generated PIN, if one was generated."""
        # The only await comes first: from here to the commit nothing yields, so two
        # concurrent calls cannot both pass the uniqueness checks.
        ha_user = await validation.check_user(self.hass, fields.get("ha_user"))
        name = validation.check_name(self.household, fields["name"], None)
        role = Role(fields.get("role", Role.RESIDENT))
        locks = validation.check_locks(self.locks, fields.get("locks"))
        valid_from, valid_until = validation.check_window(
            fields.get("valid_from"), fields.get("valid_until"), role
        )
        ranges = self._ranges(locks)
        taken = self.household.taken()  # indexed: a look-up, not a pass over everyone
        rules = self._code_rules()
        pin, generated = rules.pin_or_generate(fields.get("pin"), taken, ranges, "locks")
        duress = fields.get("duress_pin")
        if duress is not None:
            duress = rules.check(duress, "duress_pin", taken.plus(pin), ranges)
        sponsor = validation.check_sponsor(self.household, fields.get("sponsor"))
        number = self.household.next_number
        person = Person(
            person_id=self.household.new_person_id(),
            name=name,
            role=role,
            created_at=dt_util.utcnow(),
            pin=pin,
            pin_version=1,
            duress_pin=duress,
            duress_version=1 if duress else 0,
            locks=locks,
            valid_from=valid_from,
            valid_until=valid_until,
            weekly=tuple(fields.get("weekly", ())),
            max_uses=fields.get("max_uses"),
            ha_user=ha_user,
            sponsor=sponsor,
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
        person = self._current(fields["person"])
        changes: dict[str, Any] = {}
        if "name" in fields:
            changes["name"] = validation.check_name(
                self.household, fields["name"], person.person_id
            )
        if "role" in fields:
            changes["role"] = Role(fields["role"])
        if "locks" in fields:
            changes["locks"] = validation.check_locks(self.locks, fields["locks"])
        role = changes.get("role", person.role)
        valid_from, valid_until = validation.check_window(
            fields.get("valid_from", person.valid_from),
            fields.get("valid_until", person.valid_until),
            role,
        )
        changes |= {"valid_from": valid_from, "valid_until": valid_until}
        if "weekly" in fields:
            changes["weekly"] = tuple(fields["weekly"])
        if "max_uses" in fields:
            changes["max_uses"] = fields["max_uses"]
        if "ha_user" in fields:
            changes["ha_user"] = ha_user
        ranges = self._ranges(changes.get("locks", person.locks))
        validation.check_codes_fit(person, ranges)
        if "duress_pin" in fields:
            duress = fields["duress_pin"]
            if duress is not None:
                taken = [*self.household.codes(besides=person.person_id), person.pin or ""]
                duress = self._code_rules().check(duress, "duress_pin", taken, ranges)
            changes["duress_pin"] = duress
            changes["duress_version"] = person.duress_version + 1
        updated = person.evolve(**changes)
        await self._commit(updated, "person_updated", context)
        return updated

    async def async_set_pin(
        self, ref: str, pin: validation.PinInput, context: Context | None
    ) -> tuple[Person, str | None]:
        """Give a person a new PIN; return the generated one if none was given."""
        person = self._current(ref)
        ranges = self._ranges(person.locks)
        taken = [*self.household.codes(besides=person.person_id)]
        if person.duress_pin:
            taken.append(person.duress_pin)
        new_pin, generated = self._code_rules().pin_or_generate(pin, taken, ranges, "pin")
        updated = person.evolve(pin=new_pin, pin_version=person.pin_version + 1)
        await self._commit(updated, "pin_changed", context)
        return updated, generated

    async def async_set_suspended(
        self, ref: str, suspended: bool, context: Context | None
    ) -> Person:
        """Suspend or resume a person."""
        person = self._current(ref)
        updated = person.evolve(suspended=suspended)
        await self._commit(updated, "suspended" if suspended else "resumed", context)
        return updated

    async def async_offboard(
        self, ref: str, timeout: float, context: Context | None
    ) -> tuple[Person, dict[str, str]]:
        """Offboard a person: erase their codes and wait for every lock to drop them."""
        person = self._current(ref)
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

    # ---- checks ------------------------------------------------------------------------

    def _current(self, ref: str) -> Person:
        return validation.current(self.household, ref)

    def _code_rules(self) -> validation.CodeRules:
        """Return the rules a new code must satisfy now (codes held recently included)."""
        since = dt_util.utcnow() - timedelta(days=self.reuse_days)
        recent = tuple(r.code for r in self.household.retired if r.retired_at >= since)
        return validation.CodeRules(self.policy, recent, self.reuse_days)

    def _ranges(self, locks: Iterable[str] | None) -> list[tuple[int, int]]:
        """Return the PIN length ranges of the given locks (all managed when None)."""
        ranges = []
        for lock_id in self.locks if locks is None else locks:
            caps = self.locks[lock_id].capabilities
            if caps is not None:
                ranges.append((caps.pin_min, caps.pin_max))
        return ranges

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
        if previous is not None:
            self._retire_codes(previous, person, now)
        self._forget_retired(now)
        await self._people.async_save_now({person.person_id})
        self._apply(derived, {person.person_id})
        fire_admin(self.hass, self.name, action, person, context)

    def _retire_codes(self, before: Person, after: Person, now: datetime) -> None:
        """Remember the codes a change takes from someone: replaced, removed or offboarded."""
        if not self.reuse_days:
            return
        kept = [code for code in (after.pin, after.duress_pin) if code is not None]
        self.household.retire(
            (
                code
                for code in (before.pin, before.duress_pin)
                if code is not None and not any(codes_equal(code, k) for k in kept)
            ),
            now,
        )

    def _forget_retired(self, now: datetime | None = None) -> None:
        """Forget codes retired longer ago than the reuse period (every one when it is 0)."""
        since = (now or dt_util.utcnow()) - timedelta(days=self.reuse_days)
        self.household.forget_retired(since)

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
        self._slots.save_later()
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


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _releases(sync: LockSync, person_id: str) -> Callable[[], bool]:
    return lambda: not sync.holds(person_id)


def _settles(sync: LockSync) -> Callable[[], bool]:
    return lambda: sync.state is SyncState.IN_SYNC
