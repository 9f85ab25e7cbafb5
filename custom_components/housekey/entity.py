"""Base entity and device placement for Housekey."""

from __future__ import annotations

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity

from .const import DOMAIN, signal_update
from .runtime import Housekey


class HousekeyEntity(Entity):
    """An entity that refreshes whenever its household changes."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, runtime: Housekey) -> None:
        """Bind to a household."""
        self.runtime = runtime

    def signals(self) -> list[str]:
        """Return the dispatcher signals after which this entity refreshes."""
        return [signal_update(self.runtime.entry.entry_id)]

    def refresh(self) -> None:
        """Update cached attributes before the state is written (a hook)."""

    @callback
    def _handle_update(self) -> None:
        self.refresh()
        self.async_write_ha_state()

    async def async_added_to_hass(self) -> None:
        """Follow the household's changes."""
        for signal in self.signals():
            self.async_on_remove(async_dispatcher_connect(self.hass, signal, self._handle_update))


def household_device(runtime: Housekey) -> DeviceInfo:
    """Return the service device that represents the household."""
    return DeviceInfo(
        identifiers={(DOMAIN, runtime.entry.entry_id)},
        name=runtime.name,
        manufacturer="Housekey",
        model="Household",
        entry_type=DeviceEntryType.SERVICE,
    )


def lock_device(runtime: Housekey, lock_id: str) -> DeviceInfo:
    """Place a lock's Housekey entities on the lock's own device."""
    hass = runtime.hass
    entity = er.async_get(hass).async_get(lock_id)
    if entity is not None and entity.platform == DOMAIN:
        keypad = runtime.keypads[lock_id]
        return DeviceInfo(
            identifiers={(DOMAIN, keypad.key)},
            name=keypad.name,
            manufacturer="Housekey",
            model="Simulated keypad lock",
            via_device=(DOMAIN, runtime.entry.entry_id),
        )
    if entity is not None and entity.device_id is not None:
        device = dr.async_get(hass).async_get(entity.device_id)
        if device is not None:
            return DeviceInfo(identifiers=device.identifiers)
    return DeviceInfo(
        identifiers={(DOMAIN, f"{runtime.entry.entry_id}_{lock_id}")},
        name=lock_id,
        via_device=(DOMAIN, runtime.entry.entry_id),
    )
