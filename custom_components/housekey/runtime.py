"""The household at run time: intent in, effect out, and a faithful record of both.

Every change to people goes through one of the mutation methods here: validated
by the core rules, saved, re-planned onto every lock, and recorded. Locks report
back through `_on_report`, which turns slots into people.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import partial
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from . import repairs
from .audit import fire_access, fire_admin, fire_alert
from .const import (
    BRUTE_FORCE_ATTEMPTS,
    BRUTE_FORCE_WINDOW,
    CONF_LOCKS,
    CONF_PIN_MAX,
    CONF_PIN_MIN,
    CONF_SIMULATED_LOCKS,
    DEFAULT_PIN_MAX,
    DEFAULT_PIN_MIN,
    DOMAIN,
    signal_access,
    signal_lock,
    signal_update,
)
from .core.model import CredentialKind, CredentialRef, Household, Person, Role, Status
from .core.planner import Want, plan_slots
from .core.policy import PinPolicy, check_pin, fitting_length, generate_pin
from .core.schedule import next_transition, status_at
from .providers import PROVIDER_BY_PLATFORM
from .providers.base import AccessEvent, LockAlarm, LockProvider, Outcome
from .providers.simulated import SimulatedKeypad, SimulatedProvider
from .store import HousekeyStore
from .sync import LockRecord, LockSync, SyncEvent, SyncState, Target

_LOGGER = logging.getLogger(__name__)

SIMULATED_NAMES = ("Front door", "Back door", "Garage door", "Side door", "Patio door")
SAVE_DELAY = 1.0
#: unique id suffixes of the entities each managed lock has
LOCK_ENTITY_KINDS = ("sync", "last_access", "access")
#: slots of each simulated keypad (a typical small keypad lock)
SIMULATED_SLOTS = 10


def invalid(key: str, field_name: str, **placeholders: str) -> ServiceValidationError:
    """Build the translated error for bad input that names the field."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders={"field": field_name, **placeholders},
    )


def simulated_unique_id(entry_id: str, number: int) -> str:
    """Return the unique id of a simulated lock entity."""
    return f"{entry_id}_simulated_{number}"


@dataclass(slots=True)
class LockInfo:
    """Per-lock run-time facts the entities show."""

    backend: str
    last_access: dict[str, Any] | None = None
    unplaced: tuple[CredentialRef, ...] = ()
    denied: deque[float] = field(default_factory=deque)


class Housekey:
    """One household's runtime, kept in the config entry's runtime_data."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry[Housekey]) -> None:
        """Prepare the runtime; nothing is loaded or sent yet."""
        self.hass = hass
        self.entry = entry
        self.name: str = entry.data[CONF_NAME]
        self.policy = PinPolicy(
            entry.options.get(CONF_PIN_MIN, DEFAULT_PIN_MIN),
            entry.options.get(CONF_PIN_MAX, DEFAULT_PIN_MAX),
        )
        self.household = Household()
        self.locks: dict[str, LockSync] = {}
        self.info: dict[str, LockInfo] = {}
        self.keypads: dict[str, SimulatedKeypad] = {}
        #: locks that left the household and are being cleared of Housekey's codes
        self.retiring: dict[str, LockSync] = {}
        self._retired_keypads: dict[str, SimulatedKeypad] = {}
        self._store = HousekeyStore(hass, entry.entry_id)
        self._keypad_store = HousekeyStore(hass, f"{entry.entry_id}.simulated")
        self._timer: CALLBACK_TYPE | None = None
        self._unsubs: list[CALLBACK_TYPE] = []

    # ---- life cycle --------------------------------------------------------------------

    async def async_setup(self) -> None:
        """Load the Store, build one reconciler per lock, and start them once HA runs."""
        data = await self._store.async_load() or {}
        self.household = Household.from_dict(data.get("household", {}))
        records = {k: LockRecord.from_dict(v) for k, v in data.get("locks", {}).items()}
        saved = (await self._keypad_store.async_load() or {}).get("keypads", {})
        providers = [*self._simulated_providers(saved), *self._real_providers()]
        for provider in providers:
            self.info[provider.entity_id] = LockInfo(provider.backend)
            self.locks[provider.entity_id] = LockSync(
                self.hass,
                provider,
                records.get(provider.entity_id, LockRecord()),
                on_change=partial(self._lock_changed, provider.entity_id),
                on_state=partial(self._notify_lock, provider.entity_id),
                on_report=self._on_report,
                on_event=self._on_sync_event,
            )
        for lock_id, record in records.items():
            if lock_id not in self.locks and record.applied:
                self._retire(lock_id, record, saved)
        self._replan()
        self._unsubs.append(async_at_started(self.hass, self._start_locks))

    @callback
    def _start_locks(self, _hass: HomeAssistant) -> None:
        for sync in [*self.locks.values(), *self.retiring.values()]:
            sync.start()

    def _retire(self, lock_id: str, record: LockRecord, saved: dict[str, Any]) -> None:
        """Clear every code Housekey wrote to a lock that left the household.

        A lock taken out of a household must not keep admitting its people.
        """
        provider = self._former_provider(lock_id, saved)
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
            on_event=self._on_sync_event,
        )
        self.retiring[lock_id] = sync
        sync.set_targets({})

    def _former_provider(self, lock_id: str, saved: dict[str, Any]) -> LockProvider | None:
        entry = er.async_get(self.hass).async_get(lock_id)
        if entry is None:
            return None
        if entry.platform != DOMAIN:
            provider_cls = PROVIDER_BY_PLATFORM.get(entry.platform)
            return None if provider_cls is None else provider_cls(self.hass, lock_id)
        if entry.unique_id not in saved:
            return None
        keypad = SimulatedKeypad(entry.unique_id, lock_id, on_persist=self._save_keypads)
        keypad.restore(saved[entry.unique_id])
        self._retired_keypads[entry.unique_id] = keypad
        return SimulatedProvider(self.hass, lock_id, keypad)

    @callback
    def _retiring_changed(self, lock_id: str, _replan: bool) -> None:
        self._save_later()
        sync = self.retiring.get(lock_id)
        if sync is not None and not sync.record.applied:
            self.entry.async_create_background_task(
                self.hass, self._retired(lock_id, sync), f"housekey retire {lock_id}"
            )

    async def _retired(self, lock_id: str, sync: LockSync) -> None:
        """Forget a former lock once it holds none of Housekey's codes."""
        if self.retiring.pop(lock_id, None) is None:
            return
        await sync.async_stop()
        if isinstance(sync.provider, SimulatedProvider):
            self._retired_keypads.pop(sync.provider.keypad.key, None)
            self._save_keypads()
        self._save_later()
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
        await self._store.async_save(self._data())
        if self.keypads or self._retired_keypads:
            await self._keypad_store.async_save(self._keypad_data())

    def _simulated_providers(self, saved: dict[str, Any]) -> list[LockProvider]:
        count = int(self.entry.options.get(CONF_SIMULATED_LOCKS, 0))
        registry = er.async_get(self.hass)
        providers: list[LockProvider] = []
        for number in range(1, count + 1):
            unique_id = simulated_unique_id(self.entry.entry_id, number)
            name = (
                SIMULATED_NAMES[number - 1] if number <= len(SIMULATED_NAMES) else f"Door {number}"
            )
            entity_id = registry.async_get_or_create(
                "lock",
                DOMAIN,
                unique_id,
                config_entry=self.entry,
                suggested_object_id=name,
                has_entity_name=True,
            ).entity_id
            keypad = SimulatedKeypad(
                unique_id, name, slot_count=SIMULATED_SLOTS, on_persist=self._save_keypads
            )
            keypad.restore(saved.get(unique_id, {}))
            self.keypads[entity_id] = keypad
            providers.append(SimulatedProvider(self.hass, entity_id, keypad))
        return providers

    def _real_providers(self) -> list[LockProvider]:
        registry = er.async_get(self.hass)
        providers: list[LockProvider] = []
        for entity_id in self.entry.options.get(CONF_LOCKS, []):
            entry = registry.async_get(entity_id)
            provider_cls = PROVIDER_BY_PLATFORM.get(entry.platform) if entry else None
            if provider_cls is None:
                _LOGGER.warning("%s is not a lock Housekey can manage; skipped", entity_id)
                continue
            providers.append(provider_cls(self.hass, entity_id))
        return providers

    @callback
    def remove_stale_entities(self) -> None:
        """Drop entities and devices of locks that left the household (stale devices)."""
        entry_id = self.entry.entry_id
        expected = {f"{entry_id}_people_with_access"}
        expected |= {f"{entry_id}_{person_id}" for person_id in self.household.people}
        for lock_id in self.locks:
            expected |= {
                f"{entry_id}_{lock_id}_{kind}" for kind in ("sync", "last_access", "access")
            }
        expected |= {k.key for k in [*self.keypads.values(), *self._retired_keypads.values()]}
        entities = er.async_get(self.hass)
        for entity in er.async_entries_for_config_entry(entities, entry_id):
            if entity.unique_id not in expected:
                entities.async_remove(entity.entity_id)
        devices = dr.async_get(self.hass)
        used = {e.device_id for e in er.async_entries_for_config_entry(entities, entry_id)}
        for device in dr.async_entries_for_config_entry(devices, entry_id):
            if device.id not in used and (DOMAIN, entry_id) not in device.identifiers:
                devices.async_remove_device(device.id)  # Housekey's own: a keypad's

    # ---- persistence -------------------------------------------------------------------

    def _data(self) -> dict[str, Any]:
        syncs = {**self.retiring, **self.locks}
        return {
            "household": self.household.to_dict(),
            "locks": {k: s.record.to_dict() for k, s in syncs.items()},
        }

    def _keypad_data(self) -> dict[str, Any]:
        keypads = [*self.keypads.values(), *self._retired_keypads.values()]
        return {"keypads": {k.key: k.to_dict() for k in keypads}}

    def _save_later(self) -> None:
        self._store.async_delay_save(self._data, SAVE_DELAY)

    def _save_keypads(self) -> None:
        self._keypad_store.async_delay_save(self._keypad_data, SAVE_DELAY)

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
        now = dt_util.utcnow()
        return sum(1 for p in self.household.current() if self.status(p, now) is Status.ACTIVE)

    def resolve(self, ref: str, field_name: str = "person") -> Person:
        """Find a person by id or name, or raise a translated error naming the field."""
        person = self.household.find(ref)
        if person is None:
            raise invalid("unknown_person", field_name, person=ref)
        return person

    def lock_state(self, lock_id: str) -> SyncState:
        """Return a lock's sync state."""
        return self.locks[lock_id].state

    # ---- mutations ---------------------------------------------------------------------

    async def async_add_person(
        self, fields: dict[str, Any], context: Context | None, *, action: str = "person_added"
    ) -> tuple[Person, str | None]:
        """Add a person; return them and the generated PIN, if one was generated."""
        # The only await comes first: from here to the commit nothing yields, so two
        # concurrent calls cannot both pass the uniqueness checks.
        ha_user = await self._check_user(fields.get("ha_user"))
        name = self._check_name(fields["name"], None)
        role = Role(fields.get("role", Role.RESIDENT))
        locks = self._check_locks(fields.get("locks"))
        valid_from, valid_until = self._check_window(
            fields.get("valid_from"), fields.get("valid_until"), role
        )
        ranges = self._ranges(locks)
        taken = self.household.codes()
        pin, generated = self._pin_or_generate(fields.get("pin"), taken, ranges, "locks")
        duress = fields.get("duress_pin")
        if duress is not None:
            self._check_code(duress, "duress_pin", [*taken, pin], ranges)
        sponsor = self._check_sponsor(fields.get("sponsor"))
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
        await self._commit(person, action, context)
        return person, generated

    async def async_update_person(self, fields: dict[str, Any], context: Context | None) -> Person:
        """Change a person's name, role, access or duress PIN."""
        ha_user = await self._check_user(fields.get("ha_user"))  # the only await; see add
        person = self._current(fields["person"])
        changes: dict[str, Any] = {}
        if "name" in fields:
            changes["name"] = self._check_name(fields["name"], person.person_id)
        if "role" in fields:
            changes["role"] = Role(fields["role"])
        if "locks" in fields:
            changes["locks"] = self._check_locks(fields["locks"])
        role = changes.get("role", person.role)
        valid_from, valid_until = self._check_window(
            fields.get("valid_from", person.valid_from),
            fields.get("valid_until", person.valid_until),
            role,
        )
        changes |= {"valid_from": valid_from, "valid_until": valid_until}
        for key in ("weekly", "max_uses"):
            if key in fields:
                changes[key] = tuple(fields[key]) if key == "weekly" else fields[key]
        if "ha_user" in fields:
            changes["ha_user"] = ha_user
        ranges = self._ranges(changes.get("locks", person.locks))
        for code in (person.pin, person.duress_pin):
            if code is not None and any(not lo <= len(code) <= hi for lo, hi in ranges):
                raise invalid("pin_lock_range", "locks")
        if "duress_pin" in fields:
            duress = fields["duress_pin"]
            if duress is not None:
                taken = [*self.household.codes(besides=person.person_id), person.pin or ""]
                self._check_code(duress, "duress_pin", taken, ranges)
            changes["duress_pin"] = duress
            changes["duress_version"] = person.duress_version + 1
        updated = person.evolve(**changes)
        await self._commit(updated, "person_updated", context)
        return updated

    async def async_set_pin(
        self, ref: str, pin: str | None, context: Context | None
    ) -> tuple[Person, str | None]:
        """Give a person a new PIN; return the generated one if none was given."""
        person = self._current(ref)
        ranges = self._ranges(person.locks)
        taken = [*self.household.codes(besides=person.person_id)]
        if person.duress_pin:
            taken.append(person.duress_pin)
        pin, generated = self._pin_or_generate(pin, taken, ranges, "pin")
        updated = person.evolve(pin=pin, pin_version=person.pin_version + 1)
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

    # ---- validation helpers ------------------------------------------------------------

    def _current(self, ref: str) -> Person:
        person = self.resolve(ref)
        if person.offboarded_at is not None:
            raise invalid("person_offboarded", "person", person=ref)
        return person

    def _check_name(self, name: str, besides: str | None) -> str:
        name = name.strip()
        if not name:
            raise invalid("name_empty", "name")
        if self.household.name_taken(name, besides=besides):
            raise invalid("name_taken", "name", name=name)
        return name

    def _check_locks(self, locks: list[str] | None) -> tuple[str, ...] | None:
        if locks is None:
            return None
        for lock in locks:
            if lock not in self.locks:
                raise invalid("unknown_lock", "locks", lock=lock)
        return tuple(dict.fromkeys(locks))

    def _check_window(
        self, valid_from: datetime | None, valid_until: datetime | None, role: Role
    ) -> tuple[datetime | None, datetime | None]:
        valid_from = _aware(valid_from)
        valid_until = _aware(valid_until)
        if valid_from and valid_until and valid_until <= valid_from:
            raise invalid("end_before_start", "valid_until")
        if role is Role.GUEST and valid_until is None:
            raise invalid("guest_needs_end", "valid_until")
        return valid_from, valid_until

    def _check_code(
        self, code: str, field_name: str, taken: list[str], ranges: list[tuple[int, int]]
    ) -> None:
        problem = check_pin(code, self.policy, taken=taken, lock_ranges=ranges)
        if problem is not None:
            raise invalid(
                problem.value,
                field_name,
                min=str(self.policy.min_length),
                max=str(self.policy.max_length),
            )

    def _pin_or_generate(
        self,
        pin: str | None,
        taken: list[str],
        ranges: list[tuple[int, int]],
        length_field: str,
    ) -> tuple[str, str | None]:
        """Check a given PIN, or generate one; return it and the generated one, if any."""
        if pin is not None:
            self._check_code(pin, "pin", taken, ranges)
            return pin, None
        length = fitting_length(self.policy, ranges)
        if length is None:
            raise invalid("no_common_length", length_field)
        generated = generate_pin(length, taken=taken, policy=self.policy)
        return generated, generated

    async def _check_user(self, user_id: str | None) -> str | None:
        if user_id is not None and await self.hass.auth.async_get_user(user_id) is None:
            raise invalid("unknown_user", "ha_user")
        return user_id

    def _check_sponsor(self, sponsor: str | None) -> str | None:
        return None if sponsor is None else self._current(sponsor).person_id

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
        """Store a changed person, push the change to the locks, and record it."""
        self.household.people[person.person_id] = person
        await self._store.async_save(self._data())
        self._replan()
        fire_admin(self.hass, self.name, action, person, context)

    @callback
    def _replan(self) -> None:
        """Derive every lock's targets from the people and the clock."""
        now = dt_util.utcnow()
        active = [p for p in self.household.current() if self.status(p, now) is Status.ACTIVE]
        for lock_id, sync in self.locks.items():
            caps = sync.capabilities
            if caps is None:
                continue  # nothing is planned onto a lock before its capabilities are known
            codes: dict[CredentialRef, tuple[int, str]] = {}
            for person in active:
                if not person.may_use(lock_id):
                    continue
                for ref in person.credentials():
                    code = person.code(ref.kind)
                    if code is not None:
                        codes[ref] = (person.version(ref.kind), code)
            plan = plan_slots(
                [Want(ref, len(code)) for ref, (_, code) in codes.items()],
                {slot: applied.ref for slot, applied in sync.record.applied.items()},
                slot_count=caps.slots,
                pin_range=(caps.pin_min, caps.pin_max),
                blocked=sync.record.foreign,
            )
            self.info[lock_id].unplaced = plan.no_room + plan.wrong_length
            sync.set_targets({slot: Target(ref, *codes[ref]) for slot, ref in plan.slots.items()})
        self._schedule_transition(now)
        self._notify()

    def _schedule_transition(self, now: datetime) -> None:
        if self._timer is not None:
            self._timer()
            self._timer = None
        upcoming = [t for p in self.household.current() if (t := next_transition(p, now, self.tz))]
        if upcoming:
            self._timer = async_track_point_in_utc_time(
                self.hass, self._on_transition, min(upcoming)
            )

    @callback
    def _on_transition(self, _now: datetime) -> None:
        self._timer = None
        self._replan()

    @callback
    def _lock_changed(self, lock_id: str, replan: bool) -> None:
        self._save_later()
        if replan:
            if not self.locks[lock_id].record.foreign:
                repairs.delete_foreign_code(self.hass, self.entry.entry_id, lock_id)
            self._replan()

    @callback
    def _notify(self) -> None:
        """Tell every entity of the household to refresh."""
        async_dispatcher_send(self.hass, signal_update(self.entry.entry_id))

    @callback
    def _notify_lock(self, lock_id: str) -> None:
        """Tell one lock's entities that its sync state changed."""
        async_dispatcher_send(self.hass, signal_lock(self.entry.entry_id, lock_id))

    # ---- what locks report -------------------------------------------------------------

    @callback
    def _on_report(self, lock_id: str, report: AccessEvent | LockAlarm) -> None:
        if isinstance(report, LockAlarm):
            fire_alert(self.hass, self.name, report.kind.value, lock_id, detail=report.detail)
            return
        self._on_access(lock_id, report)

    def _on_access(self, lock_id: str, event: AccessEvent) -> None:
        sync, info = self.locks[lock_id], self.info[lock_id]
        person: Person | None = None
        kind: CredentialKind | None = None
        if event.slot is not None:
            applied = sync.record.applied.get(event.slot)
            if applied is not None:
                person = self.household.people.get(applied.ref.person_id)
                kind = applied.ref.kind
            elif event.outcome is Outcome.GRANTED:
                sync.note_foreign(event.slot)
        if event.outcome is Outcome.GRANTED and person is not None:
            person = person.evolve(
                uses=person.uses + 1, last_access=dt_util.utcnow(), last_lock=lock_id
            )
            self.household.people[person.person_id] = person
            self._save_later()
            if person.max_uses is not None and person.uses >= person.max_uses:
                self._replan()
        elif event.outcome is Outcome.DENIED:
            self._count_denied(lock_id, info)
        info.last_access = fire_access(
            self.hass, self.name, lock_id, event.outcome, event.method, event.slot, person
        )
        async_dispatcher_send(
            self.hass, signal_access(self.entry.entry_id), lock_id, info.last_access
        )
        if kind is CredentialKind.DURESS and person is not None:
            fire_alert(self.hass, self.name, "duress", lock_id, person.person_id)
        self._notify()

    def _count_denied(self, lock_id: str, info: LockInfo) -> None:
        now = time.monotonic()
        info.denied.append(now)
        while info.denied and info.denied[0] < now - BRUTE_FORCE_WINDOW:
            info.denied.popleft()
        if len(info.denied) >= BRUTE_FORCE_ATTEMPTS:
            info.denied.clear()
            fire_alert(
                self.hass,
                self.name,
                "brute_force",
                lock_id,
                detail=f"{BRUTE_FORCE_ATTEMPTS} wrong codes within {BRUTE_FORCE_WINDOW:.0f} s",
            )

    @callback
    def _on_sync_event(self, lock_id: str, event: SyncEvent, detail: str) -> None:
        if event is SyncEvent.RECOVERED:
            repairs.delete_sync_failed(self.hass, self.entry.entry_id, lock_id)
            return
        if event is SyncEvent.FOREIGN_CODE:
            repairs.create_foreign_code(self.hass, self.entry.entry_id, lock_id, detail)
        elif event is SyncEvent.FAILED:
            repairs.create_sync_failed(self.hass, self.entry.entry_id, lock_id)
        fire_alert(self.hass, self.name, event.value, lock_id, detail=_public(event, detail))


def _releases(sync: LockSync, person_id: str) -> Callable[[], bool]:
    return lambda: not sync.holds(person_id)


def _settles(sync: LockSync) -> Callable[[], bool]:
    return lambda: sync.state is SyncState.IN_SYNC


def _public(event: SyncEvent, detail: str) -> str:
    """Return what an alert may say about a sync event (slot numbers, never codes)."""
    return f"slots {detail}" if event is SyncEvent.FOREIGN_CODE else event.value


def _aware(value: datetime | None) -> datetime | None:
    """Read a naive date-time as Home Assistant local time."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt_util.get_default_time_zone())
