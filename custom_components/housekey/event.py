"""Event entities: every access attempt at a lock, granted or denied."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import signal_access
from .entity import async_follow_lock_device, place_on_lock
from .providers.base import Outcome
from .runtime import Housekey, HousekeyConfigEntry

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HousekeyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create one access event entity per managed lock."""
    runtime = entry.runtime_data
    async_add_entities(AccessEventEntity(runtime, lock_id) for lock_id in runtime.locks)


class AccessEventEntity(EventEntity):
    """Fires `granted` or `denied` with who and how; duress looks like any grant here."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_translation_key = "access"
    _attr_event_types = [o.value for o in Outcome]

    def __init__(self, runtime: Housekey, lock_id: str) -> None:
        """Follow one lock."""
        self.runtime = runtime
        self.lock_id = lock_id
        self._attr_unique_id = f"{runtime.entry.entry_id}_{lock_id}_access"
        place_on_lock(self, runtime, lock_id)

    async def async_added_to_hass(self) -> None:
        """Listen for accesses; stay on the lock's device."""
        self.async_on_remove(async_follow_lock_device(self, self.lock_id))
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, signal_access(self.runtime.entry.entry_id), self._on_access
            )
        )

    @callback
    def _on_access(self, lock_id: str, access: dict[str, Any]) -> None:
        if lock_id != self.lock_id:
            return
        keys = ("person_id", "person_name", "role", "method", "slot")
        self._trigger_event(access["outcome"], {k: access[k] for k in keys})
        self.async_write_ha_state()
