"""Simulated keypad locks, for evaluation and tests without hardware."""

from __future__ import annotations

from typing import Any

from homeassistant.components.lock import LockEntity
from homeassistant.const import ATTR_CODE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .entity import HousekeyEntity
from .providers.base import AccessEvent, Method, Outcome
from .providers.simulated import SimulatedKeypad
from .runtime import Housekey, HousekeyConfigEntry

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HousekeyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Create the household's simulated locks."""
    runtime = entry.runtime_data
    async_add_entities(
        SimulatedLockEntity(runtime, entity_id, keypad)
        for entity_id, keypad in runtime.keypads.items()
    )


class SimulatedLockEntity(HousekeyEntity, LockEntity):
    """A keypad lock: `lock.unlock` with a code is typing it; without one, a remote unlock."""

    _attr_name = None
    _follow_lock_device = False  # it is the lock: its device is its own

    def __init__(self, runtime: Housekey, entity_id: str, keypad: SimulatedKeypad) -> None:
        """Represent one simulated keypad (its key is the entity's unique id)."""
        self.keypad = keypad
        super().__init__(runtime, keypad.key, entity_id)

    async def async_added_to_hass(self) -> None:
        """Follow the keypad."""
        await super().async_added_to_hass()
        self.async_on_remove(self.keypad.listen_state(self.async_write_ha_state))

    @property
    def available(self) -> bool:
        """Return whether the lock answers."""
        return not self.keypad.unreachable

    @property
    def is_locked(self) -> bool:
        """Return whether the bolt is thrown."""
        return self.keypad.locked

    async def async_lock(self, **kwargs: Any) -> None:
        """Throw the bolt."""
        self.keypad.turn(locked=True)

    async def async_unlock(self, **kwargs: Any) -> None:
        """Type a code at the keypad, or unlock remotely when no code is given."""
        code = kwargs.get(ATTR_CODE)
        if code is None:
            user_id = self._context.user_id if self._context else None
            self.keypad.report(AccessEvent(Outcome.GRANTED, Method.REMOTE, user_id=user_id))
            self.keypad.turn(locked=False)
            return
        if not self.keypad.enter_code(str(code)):
            # Locked out (by this code or before): say so, without saying whether it was right.
            # The caller's input, not a fault: HTTP 400 over REST, no error logged.
            key = "keypad_locked_out" if self.keypad.locked_out() else "code_rejected"
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key=key)
