"""Event entities: every access attempt at a lock, granted or denied."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import signal_access
from .entity import HousekeyLockEntity
from .providers.base import Outcome
from .runtime import HousekeyConfigEntry
from .unique_ids import LockEntityKind

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HousekeyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create one access event entity per managed lock."""
    runtime = entry.runtime_data
    async_add_entities(AccessEventEntity(runtime, lock_id) for lock_id in runtime.locks)


class AccessEventEntity(HousekeyLockEntity, EventEntity):
    """Fires `granted` or `denied` with who and how; duress looks like any grant here."""

    _attr_translation_key = "access"
    _attr_event_types = [o.value for o in Outcome]
    kind = LockEntityKind.ACCESS

    async def async_added_to_hass(self) -> None:
        """Listen for this lock's accesses; stay on the lock's device."""
        await super().async_added_to_hass()
        self.listen(signal_access(self.runtime.entry.entry_id, self.lock_id), self._on_access)

    @callback
    def _on_access(self, access: dict[str, Any]) -> None:
        keys = ("person_id", "person_name", "role", "method", "slot")
        self._trigger_event(access["outcome"], {k: access[k] for k in keys})
        self.async_write_ha_state()
