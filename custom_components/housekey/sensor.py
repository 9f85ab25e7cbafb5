"""Sensors: each person's status, each lock's sync state and last opener, and a head count."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import RestoreSensor, SensorDeviceClass, SensorEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import unique_ids
from .const import signal_access, signal_household, signal_lock, signal_person, signal_update
from .core.clock import ClockCheck
from .core.model import CredentialKind, Person, Status
from .door_readiness import door_readiness
from .entity import HousekeyEntity, HousekeyLockEntity
from .records import SyncState
from .runtime import Housekey, HousekeyConfigEntry
from .unique_ids import LockEntityKind

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HousekeyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the household, lock and person sensors; add person sensors as people arrive."""
    runtime = entry.runtime_data
    entities: list[SensorEntity] = [PeopleWithAccessSensor(runtime)]
    for lock_id in runtime.locks:
        entities += [LockSyncSensor(runtime, lock_id), LastAccessSensor(runtime, lock_id)]
    known: set[str] = set()

    @callback
    def add_people() -> None:
        new = runtime.household.people.keys() - known
        known.update(new)
        if new:
            order = list(runtime.household.people)  # in the household's order
            async_add_entities([PersonSensor(runtime, p) for p in sorted(new, key=order.index)])

    async_add_entities(entities)
    add_people()
    for signal in (signal_update(entry.entry_id), signal_household(entry.entry_id)):
        entry.async_on_unload(async_dispatcher_connect(hass, signal, add_people))


class PersonSensor(HousekeyEntity, SensorEntity):
    """A person's access status: active, scheduled, expired, used up, suspended, offboarded."""

    _attr_device_class = SensorDeviceClass.ENUM
    _attr_options = [s.value for s in Status]
    _attr_translation_key = "person"

    def __init__(self, runtime: Housekey, person_id: str) -> None:
        """Follow one person."""
        super().__init__(runtime, unique_ids.person(runtime.entry.entry_id, person_id))
        self.person_id = person_id
        self._attr_name = self.person.name

    def signals(self) -> list[str]:
        """Refresh on changes to this person, and on household-wide ones (the clock)."""
        entry_id = self.runtime.entry.entry_id
        return [signal_update(entry_id), signal_person(entry_id, self.person_id)]

    def refresh(self) -> None:
        """Follow a renamed person."""
        self._attr_name = self.person.name

    @callback
    def _handle_update(self) -> None:
        """Refresh, unless an import took the person away (the entity is being removed)."""
        if self.person_id in self.runtime.household.people:
            super()._handle_update()

    @property
    def person(self) -> Person:
        """Return the person as stored now."""
        return self.runtime.household.people[self.person_id]

    @property
    def native_value(self) -> str:
        """Return the status now."""
        return self.runtime.status(self.person).value

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return the person's access, never a code.

        A limit the person does not have (no start, no end, no use cap) is left out: a null
        would show as "Unknown" where it means "no limit". An offboarded person opens no
        door ever again, so no door is listed: "all doors" would read as access kept.
        """
        p = self.person
        if p.offboarded_at is not None:
            locks: list[str] = []
        else:
            locks = list(p.locks) if p.locks is not None else list(self.runtime.locks)
        limits = {
            "valid_from": p.valid_from.isoformat() if p.valid_from else None,
            "valid_until": p.valid_until.isoformat() if p.valid_until else None,
            "max_uses": p.max_uses,
        }
        return {
            "person_id": p.person_id,
            "role": p.role.value,
            "locks": locks,
            **{k: v for k, v in limits.items() if v is not None},
            "weekly": [w.to_dict() for w in p.weekly],
            "uses": p.uses,
            "last_access": p.last_access.isoformat() if p.last_access else None,
            "last_lock": p.last_lock,
        }


class PeopleWithAccessSensor(HousekeyEntity, SensorEntity):
    """How many people can open a door of the household right now."""

    _attr_translation_key = "people_with_access"
    _attr_native_unit_of_measurement = "people"

    def __init__(self, runtime: Housekey) -> None:
        """Count for one household."""
        super().__init__(runtime, unique_ids.people_with_access(runtime.entry.entry_id))

    def signals(self) -> list[str]:
        """Refresh on any change to the people, and on household-wide ones (the clock)."""
        entry_id = self.runtime.entry.entry_id
        return [signal_update(entry_id), signal_household(entry_id)]

    @property
    def native_value(self) -> int:
        """Return the count."""
        return self.runtime.people_with_access()


class LockSyncSensor(HousekeyLockEntity, SensorEntity):
    """Whether a lock holds exactly what Housekey planned for it."""

    _attr_device_class = SensorDeviceClass.ENUM
    _attr_options = [s.value for s in SyncState]
    _attr_translation_key = "sync"
    kind = LockEntityKind.SYNC

    def signals(self) -> list[str]:
        """Refresh on this lock's progress (a re-plan sets every lock's targets, and says so)."""
        return [signal_lock(self.runtime.entry.entry_id, self.lock_id)]

    @property
    def native_value(self) -> str:
        """Return the sync state."""
        return self.runtime.locks[self.lock_id].view().state.value

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return slot usage and pending work, counted per person, and the door's readiness.

        Every user sees these attributes, and a duress PIN takes a slot of its own:
        counting slots would tell who has one. So managed slots count one per person
        on the lock, free slots are not shown, and only people whose own PIN found no
        slot count as not placed (diagnostics, for admins, show every slot).
        """
        status = self.runtime.locks[self.lock_id].view()
        unplaced = self.runtime.info[self.lock_id].unplaced
        report = door_readiness(self.runtime, self.lock_id)
        return {
            "lock": self.lock_id,
            "backend": self.runtime.info[self.lock_id].backend,
            "pending_changes": status.pending,
            "managed_slots": len(status.holders),
            "foreign_slots": len(status.foreign),
            "not_placed": len({r.person_id for r in unplaced if r.kind is CredentialKind.PIN}),
            "enforcement": status.enforcement.value,
            "fallback": len(self.runtime.info[self.lock_id].fallback),
            **clock_attributes(status.clock),
            "readiness": report.verdicts(),
            "readiness_reasons": report.reasons(),
        }


class LastAccessSensor(HousekeyLockEntity, RestoreSensor):
    """The last person who opened a lock."""

    _attr_translation_key = "last_access"
    kind = LockEntityKind.LAST_ACCESS

    async def async_added_to_hass(self) -> None:
        """Restore the last opener and follow this lock's accesses."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_sensor_data()) is not None:
            self._attr_native_value = last.native_value
        self.listen(signal_access(self.runtime.entry.entry_id, self.lock_id), self._on_access)

    @callback
    def _on_access(self, access: dict[str, Any]) -> None:
        if access["outcome"] != "granted":
            return
        self._attr_native_value = access["person_name"]
        self._attr_extra_state_attributes = {
            "person_id": access["person_id"],
            "method": access["method"],
        }
        self.async_write_ha_state()


def clock_attributes(check: ClockCheck | None) -> dict[str, Any]:
    """Return what the sync sensor shows of the lock's clock (None while it holds no windows).

    The drift is in whole seconds: the radio's fraction of a second is no news.
    """
    return {
        "clock": None if check is None else check.state.value,
        "clock_set_at": None if check is None else check.set_at,
        "clock_drift": None if check is None or check.drift is None else round(check.drift),
    }
