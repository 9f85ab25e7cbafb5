"""Base entity and device placement for Housekey."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device import async_entity_id_to_device
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect, async_dispatcher_send
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.event import async_track_entity_registry_updated_event

from . import unique_ids
from .const import DOMAIN, signal_household, signal_lock, signal_person, signal_update

if TYPE_CHECKING:
    from .runtime import Housekey


class HousekeyEntity(Entity):
    """The base of every Housekey entity: naming, device placement and refreshes.

    An entity of the household (its head count, a person's status) sits on the
    household's device; an entity of a managed lock sits on the lock's own device and
    follows it there. Each entity names the dispatcher signals that can change what
    it shows, the narrowest that cover it, so a change at one lock refreshes that
    lock's entities and no other's.
    """

    _attr_has_entity_name = True
    _attr_should_poll = False
    #: whether the entity moves with the lock's device (not the lock entity itself)
    _follow_lock_device = True

    def __init__(self, runtime: Housekey, unique_id: str, lock_id: str | None = None) -> None:
        """Bind to a household, or to one of its locks when `lock_id` is given."""
        self.runtime = runtime
        self.lock_id = lock_id
        self._attr_unique_id = unique_id
        self._shown: tuple[object, ...] | None = None
        if lock_id is None:
            self._attr_device_info = household_device(runtime)
        else:
            place_on_lock(self, runtime, lock_id)

    def signals(self) -> list[str]:
        """Return the dispatcher signals after which this entity refreshes."""
        return []

    def refresh(self) -> None:
        """Update cached attributes before the state is written (a hook)."""

    @callback
    def listen(self, signal: str, target: Callable[..., None]) -> None:
        """Call `target` with a signal's payload while the entity exists."""
        self.async_on_remove(async_dispatcher_connect(self.hass, signal, target))

    @callback
    def _handle_update(self) -> None:
        """Write the state again, unless nothing it shows changed.

        A signal says something *may* have changed (a re-plan touches every lock);
        writing an unchanged state would still be reported to every listener.
        """
        self.refresh()
        shown = (self.available, self.name, self.state, self.extra_state_attributes)
        if shown != self._shown:
            self._shown = shown
            self.async_write_ha_state()

    async def async_added_to_hass(self) -> None:
        """Follow the signals, and the lock's device when the lock moves."""
        for signal in self.signals():
            self.listen(signal, self._handle_update)
        if self.lock_id is not None and self._follow_lock_device:
            self.async_on_remove(async_follow_lock_device(self, self.lock_id))


class HousekeyLockEntity(HousekeyEntity):
    """One of a managed lock's own entities: its sync state, last opener or accesses."""

    #: which of the lock's entities this is (the suffix of its unique id)
    kind: ClassVar[unique_ids.LockEntityKind]
    lock_id: str

    def __init__(self, runtime: Housekey, lock_id: str) -> None:
        """Follow one lock."""
        entry_id = runtime.entry.entry_id
        super().__init__(runtime, unique_ids.lock_entity(entry_id, lock_id, self.kind), lock_id)


def household_device(runtime: Housekey) -> DeviceInfo:
    """Return the service device that represents the household."""
    return DeviceInfo(
        identifiers={(DOMAIN, runtime.entry.entry_id)},
        name=runtime.name,
        manufacturer="Housekey",
        model="Household",
        entry_type=DeviceEntryType.SERVICE,
    )


def place_on_lock(entity: Entity, runtime: Housekey, lock_id: str) -> None:
    """Put one of a lock's Housekey entities on the lock's own device.

    A lock of another integration (Z-Wave JS, ZHA, Matter, MQTT) keeps its device: the
    entity points at it with `device_entry`, the way Home Assistant 2026.8+ attaches
    helper entities to a source device (a device belongs to one config entry, so a
    `DeviceInfo` with that device's identifiers would make a second device owned by
    Housekey, and the entity ids would follow its name). Housekey's own simulated
    keypads, and a lock without a device, get a device of Housekey's own under the
    household device.
    """
    hass = runtime.hass
    entity_entry = er.async_get(hass).async_get(lock_id)
    parent = runtime.device_id  # the household's device, made before the platforms
    if entity_entry is not None and entity_entry.platform == DOMAIN:
        keypad = runtime.keypads[lock_id]
        entity._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, keypad.key)},
            name=keypad.name,
            manufacturer="Housekey",
            model="Simulated keypad lock",
            via_device_id=parent,
        )
        return
    device = async_entity_id_to_device(hass, lock_id)
    if device is not None:
        entity.device_entry = device
        return
    entity._attr_device_info = DeviceInfo(
        identifiers={(DOMAIN, unique_ids.lock_device(runtime.entry.entry_id, lock_id))},
        name=lock_id,
        via_device_id=parent,
    )


@callback
def async_follow_lock_device(entity: Entity, lock_id: str) -> CALLBACK_TYPE:
    """Keep the entity on the lock's device when the lock moves to another device.

    An integration that re-creates a device (a re-interviewed Z-Wave node, a ZHA device
    removed and paired again) moves the lock entity to the new device; Housekey's
    entities follow it there, with unchanged entity ids.
    """
    hass = entity.hass
    registry = er.async_get(hass)

    @callback
    def moved(event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        data = event.data
        if data["action"] != "update" or "device_id" not in data["changes"]:
            return
        lock = registry.async_get(data["entity_id"])
        own = registry.async_get(entity.entity_id)
        if lock is None or own is None or lock.device_id is None:
            return
        if own.device_id != lock.device_id:
            registry.async_update_entity(entity.entity_id, device_id=lock.device_id)

    return async_track_entity_registry_updated_event(hass, lock_id, moved)


@callback
def notify_people(hass: HomeAssistant, entry_id: str, people: Iterable[str] | None) -> None:
    """Tell the entities of these people (None: every entity of the household) to refresh."""
    if people is None:
        async_dispatcher_send(hass, signal_update(entry_id))
        return
    for person_id in people:
        async_dispatcher_send(hass, signal_person(entry_id, person_id))
    async_dispatcher_send(hass, signal_household(entry_id))


@callback
def notify_lock(hass: HomeAssistant, entry_id: str, lock_id: str) -> None:
    """Tell one lock's entities that its sync state changed."""
    async_dispatcher_send(hass, signal_lock(entry_id, lock_id))
