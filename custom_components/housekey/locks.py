"""The household's locks: every provider is built here, real or simulated, and retired here.

A lock in the household's options gets the provider of its integration; a simulated
lock gets a keypad with its own persisted memory. A lock that left the household is
rebuilt the same way so that its codes can be cleared, and its entities go once it
holds none of them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_entity_registry_updated_event

from . import unique_ids
from .const import (
    CONF_KEYPADS,
    CONF_LOCKS,
    CONF_SIMULATED_LOCKS,
    CONF_SIMULATED_SCHEDULES,
    DOMAIN,
)
from .core.keypads import bindings_of
from .core.keypads import follow_rename as follow_keypads
from .core.keypads import to_option as keypads_option
from .core.lock_schedule import NO_SCHEDULES, ScheduleSupport
from .providers import PROVIDER_BY_PLATFORM
from .providers.base import LockProvider
from .providers.simulated import SimulatedKeypad, SimulatedProvider
from .records import LockRecord, SyncEvent
from .sync import LockSync

if TYPE_CHECKING:
    from .household_data import HouseholdData

_LOGGER = logging.getLogger(__name__)

SIMULATED_NAMES = ("Front door", "Back door", "Garage door", "Side door", "Patio door")
#: slots of each simulated keypad (a typical small keypad lock)
SIMULATED_SLOTS = 10
#: schedules a schedule-capable simulated keypad holds per user (as a typical Matter lock)
SIMULATED_SCHEDULES = ScheduleSupport(week_days=4, year_days=1, disposable=True)


def lock_key(hass: HomeAssistant, entity_id: str) -> str:
    """Return how the Stores name a lock: its entity registry id, which a rename keeps."""
    entry = er.async_get(hass).async_get(entity_id)
    return entry.id if entry is not None else entity_id


def lock_entity_id(hass: HomeAssistant, key: str) -> str:
    """Return a stored lock's entity id now (Stores before 1.3 named locks by entity id)."""
    entry = er.async_get(hass).async_get(key)  # a registry id or an entity id
    return entry.entity_id if entry is not None else key


@callback
def async_follow_renames(
    hass: HomeAssistant, entry: ConfigEntry[Any], lock_ids: list[str]
) -> CALLBACK_TYPE:
    """Follow the household's locks when their entity ids change; return the unsubscribe."""

    @callback
    def updated(event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        data = event.data
        if data["action"] == "update" and "old_entity_id" in data:
            follow_rename(hass, entry, data["old_entity_id"], data["entity_id"])

    return async_track_entity_registry_updated_event(hass, lock_ids, updated)


@callback
def follow_rename(hass: HomeAssistant, entry: ConfigEntry[Any], old: str, new: str) -> None:
    """Keep a renamed lock in the household: its entities' unique ids, the options, its keypads.

    The entities keep their own entity ids, so their history stays; the household is
    reloaded with the lock under its new entity id (the Stores name it by registry id).
    """
    registry = er.async_get(hass)
    for kind in unique_ids.LockEntityKind:
        domain = "event" if kind is unique_ids.LockEntityKind.ACCESS else "sensor"
        before = unique_ids.lock_entity(entry.entry_id, old, kind)
        if (entity_id := registry.async_get_entity_id(domain, DOMAIN, before)) is not None:
            after = unique_ids.lock_entity(entry.entry_id, new, kind)
            registry.async_update_entity(entity_id, new_unique_id=after)
    options = dict(entry.options)
    locks = list(options.get(CONF_LOCKS, []))
    if old in locks:
        locks[locks.index(old)] = new
        options[CONF_LOCKS] = locks
    if CONF_KEYPADS in options:  # the keypads that open it follow it
        options[CONF_KEYPADS] = keypads_option(
            follow_keypads(bindings_of(options[CONF_KEYPADS]), old, new)
        )
    if options != entry.options:
        # The options listener reloads the household.
        hass.config_entries.async_update_entry(entry, options=options)
    else:
        hass.config_entries.async_schedule_reload(entry.entry_id)


class LockFactory:
    """Builds the provider of every lock of one household."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry[Any], on_persist: Callable[[], None]
    ) -> None:
        """Prepare; nothing is built yet."""
        self._hass = hass
        self._entry = entry
        self._on_persist = on_persist
        #: the simulated keypads of the household's locks, by lock entity id
        self.keypads: dict[str, SimulatedKeypad] = {}
        #: the simulated keypads of former locks still being cleared, by lock entity id
        self.retired_keypads: dict[str, SimulatedKeypad] = {}

    def managed(self, saved: dict[str, Any]) -> list[LockProvider]:
        """Build the providers of the household's locks (simulated ones from `saved`)."""
        return [*self._simulated(saved), *self._real()]

    def former(self, lock_id: str, saved: dict[str, Any]) -> LockProvider | None:
        """Build the provider of a lock that left the household, or None if it is gone."""
        entry = er.async_get(self._hass).async_get(lock_id)
        if entry is None:
            return None
        if entry.platform != DOMAIN:
            provider_cls = PROVIDER_BY_PLATFORM.get(entry.platform)
            return None if provider_cls is None else provider_cls(self._hass, lock_id)
        if entry.unique_id not in saved:
            return None
        keypad = SimulatedKeypad(entry.unique_id, lock_id, on_persist=self._on_persist)
        keypad.restore(saved[entry.unique_id])
        self.retired_keypads[lock_id] = keypad
        return SimulatedProvider(self._hass, lock_id, keypad)

    def release(self, lock_id: str) -> None:
        """Forget a former lock's simulated memory once it holds no code of the household."""
        if self.retired_keypads.pop(lock_id, None) is not None:
            self._on_persist()

    def keypad_keys(self) -> set[str]:
        """Return the unique ids of every simulated lock entity still in use."""
        return {k.key for k in [*self.keypads.values(), *self.retired_keypads.values()]}

    def keypad_data(self) -> dict[str, Any]:
        """Return the simulated keypads' memory, as persisted."""
        keypads = [*self.keypads.values(), *self.retired_keypads.values()]
        return {"keypads": {k.key: k.to_dict() for k in keypads}}

    def _simulated_support(self) -> ScheduleSupport:
        """Return what schedules the simulated keypads hold, as the options ask."""
        if self._entry.options.get(CONF_SIMULATED_SCHEDULES, False):
            return SIMULATED_SCHEDULES
        return NO_SCHEDULES

    def _simulated(self, saved: dict[str, Any]) -> list[LockProvider]:
        count = int(self._entry.options.get(CONF_SIMULATED_LOCKS, 0))
        registry = er.async_get(self._hass)
        providers: list[LockProvider] = []
        for number in range(1, count + 1):
            unique_id = unique_ids.simulated_lock(self._entry.entry_id, number)
            name = (
                SIMULATED_NAMES[number - 1] if number <= len(SIMULATED_NAMES) else f"Door {number}"
            )
            entity_id = registry.async_get_or_create(
                "lock",
                DOMAIN,
                unique_id,
                config_entry=self._entry,
                suggested_object_id=name,
                has_entity_name=True,
            ).entity_id
            keypad = SimulatedKeypad(
                unique_id,
                name,
                slot_count=SIMULATED_SLOTS,
                support=self._simulated_support(),
                on_persist=self._on_persist,
            )
            keypad.restore(saved.get(unique_id, {}))
            self.keypads[entity_id] = keypad
            providers.append(SimulatedProvider(self._hass, entity_id, keypad))
        return providers

    def _real(self) -> list[LockProvider]:
        registry = er.async_get(self._hass)
        providers: list[LockProvider] = []
        for entity_id in self._entry.options.get(CONF_LOCKS, []):
            entry = registry.async_get(entity_id)
            provider_cls = PROVIDER_BY_PLATFORM.get(entry.platform) if entry else None
            if provider_cls is None:
                _LOGGER.warning("%s is not a lock Housekey can manage; skipped", entity_id)
                continue
            providers.append(provider_cls(self._hass, entity_id))
        return providers


@callback
def remove_stale_entities(
    hass: HomeAssistant,
    entry_id: str,
    people: Iterable[str],
    locks: Iterable[str],
    keypads: set[str],
) -> None:
    """Drop entities and devices of people and locks the household no longer has."""
    expected = unique_ids.expected(entry_id, people, locks, keypads)
    entities = er.async_get(hass)
    for entity in er.async_entries_for_config_entry(entities, entry_id):
        if entity.unique_id not in expected:
            entities.async_remove(entity.entity_id)
    devices = dr.async_get(hass)
    used = {e.device_id for e in er.async_entries_for_config_entry(entities, entry_id)}
    for device in dr.async_entries_for_config_entry(devices, entry_id):
        if device.id not in used and (DOMAIN, entry_id) not in device.identifiers:
            devices.async_remove_device(device.id)  # Housekey's own: a keypad's


def clearing_sync(
    hass: HomeAssistant,
    provider: LockProvider,
    record: LockRecord,
    *,
    on_change: Callable[[bool], None],
    on_event: Callable[[str, SyncEvent, str], None],
    persist: Callable[[], Awaitable[None]],
) -> LockSync:
    """Return a reconciler driving a lock to hold none of the codes in its record.

    The door is not the household's any more: nobody is planned onto it, and what it
    reports is nobody's business. Foreign codes are not in the record and stay.
    """
    sync = LockSync(
        hass,
        provider,
        record,
        on_change=on_change,
        on_state=lambda: None,
        on_report=lambda _lock, _report: None,
        on_event=on_event,
        persist=persist,
    )
    sync.set_targets({})
    return sync


class FormerLocks:
    """Locks that left the household: cleared of its codes, then forgotten.

    A lock taken out of a household must not keep admitting its people, so each is
    driven to hold nothing of the household's, across restarts, and only then let go.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        factory: LockFactory,
        data: HouseholdData,
        on_event: Callable[[str, SyncEvent, str], None],
        on_gone: Callable[[], None],
    ) -> None:
        """Prepare; nothing is retired yet."""
        self._hass = hass
        self._entry = entry
        self._factory = factory
        self._data = data
        self._on_event = on_event
        self._on_gone = on_gone
        #: the former locks still holding codes of the household, by lock id
        self.syncs: dict[str, LockSync] = {}

    def retire(self, lock_id: str, record: LockRecord, saved: dict[str, Any]) -> None:
        """Start clearing every code Housekey wrote to a lock that left the household."""
        provider = self._factory.former(lock_id, saved)
        if provider is None:
            _LOGGER.warning(
                "%s left the household holding %d codes Housekey wrote, and cannot be reached "
                "to clear them",
                lock_id,
                len(record.applied),
            )
            return
        self.syncs[lock_id] = clearing_sync(
            self._hass,
            provider,
            record,
            on_change=partial(self._changed, lock_id),
            on_event=self._on_event,
            persist=self._data.async_save_records,
        )

    @callback
    def _changed(self, lock_id: str, _replan: bool) -> None:
        self._data.save_records_later()
        sync = self.syncs.get(lock_id)
        if sync is not None and not sync.record.managed():
            self._entry.async_create_background_task(
                self._hass, self._forget(lock_id, sync), f"housekey retire {lock_id}"
            )

    async def _forget(self, lock_id: str, sync: LockSync) -> None:
        """Forget a former lock once it holds none of Housekey's codes."""
        if self.syncs.pop(lock_id, None) is None:
            return
        await sync.async_stop()
        self._factory.release(lock_id)
        self._data.save_records_later()
        self._on_gone()
        _LOGGER.info("%s no longer holds codes of this household", lock_id)
