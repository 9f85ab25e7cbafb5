"""Forwarding keypads bound to the household's doors: the code typed opens the door it is bound to.

A Z-Wave Entry Control keypad (a Ring Keypad) bound in the household's options
(`core/keypads.py`) is heard through Home Assistant's own `zwave_js_notification` events:
an Enter or Disarm with the keys typed, from that device only, goes to the household's one
entry point for typed codes (`Housekey.async_submit_code`, door.py), so it is checked,
throttled, counted against brute force and recorded (`housekey_access`, method `keypad`,
the person) as any code typed at a door is. Cancel, arming, the alarm keys and every other
device are not listened to. The keypad then shows "code accepted" or "code not accepted"
where it has those indicators (providers/zwave_js_keypad.py).

The typed code is Home Assistant's event data, not Housekey's: Housekey does not change the
event (automations and alarm panels listening to the same keypad need it), logs nothing of
it, and passes it on only to the checker. Home Assistant's recorder keeps every event it is
not told to exclude, so while a Z-Wave keypad is bound and the recorder keeps
`zwave_js_notification` events, a repair issue gives the `recorder: exclude: event_types`
lines that keep typed codes out of the database. A bound keypad whose device is gone from
Home Assistant raises a repair issue too, and diagnostics show each binding's state.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from homeassistant.core import CALLBACK_TYPE, Context, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.event import async_track_device_registry_updated_event
from homeassistant.helpers.recorder import get_instance

from . import repairs
from .const import CONF_KEYPADS
from .core.keypads import Bindings, KeypadBinding, bindings_of
from .providers.zwave_js_keypad import (
    CC_ENTRY_CONTROL,
    NOTIFICATION_EVENT,
    async_feedback,
    typed_code,
)

if TYPE_CHECKING:
    from .runtime import Housekey

_LOGGER = logging.getLogger(__name__)


def recorded_event_type(hass: HomeAssistant) -> str | None:
    """Return the keypad event type Home Assistant's recorder keeps, or None if it keeps none.

    Read from the recorder's own exclusions (`recorder: exclude: event_types`); nothing
    about the recorder is changed.
    """
    if "recorder" not in hass.config.components:
        return None
    if NOTIFICATION_EVENT in get_instance(hass).exclude_event_types:
        return None
    return NOTIFICATION_EVENT


class ForwardingKeypads:
    """The household's bound keypads: heard, forwarded to the door checker, answered."""

    def __init__(self, runtime: Housekey) -> None:
        """Read the bindings from the household's options; nothing is listened to yet."""
        self._rt = runtime
        self._hass = runtime.hass
        self.bindings: Bindings = bindings_of(runtime.entry.options.get(CONF_KEYPADS))
        #: bound keypads whose device was gone when last looked at (a repair issue is open)
        self._missing: set[str] = set()

    @callback
    def start(self) -> CALLBACK_TYPE:
        """Listen to the bound keypads and report what is wrong; return the unsubscribe."""
        hass = self._hass
        self._report_missing()
        repairs.set_keypad_codes_recorded(
            hass, self._rt.entry.entry_id, recorded_event_type(hass) if self.bindings else None
        )
        if not self.bindings:
            return lambda: None
        unsubs = [
            hass.bus.async_listen(NOTIFICATION_EVENT, self._on_notification, self._is_bound),
            async_track_device_registry_updated_event(hass, self.bindings, self._on_device),
        ]

        @callback
        def stop() -> None:
            for unsub in unsubs:
                unsub()

        return stop

    @callback
    def _is_bound(self, data: Any) -> bool:
        return bool(
            data.get("command_class") == CC_ENTRY_CONTROL and data.get("device_id") in self.bindings
        )

    @callback
    def _on_notification(self, event: Event[dict[str, Any]]) -> None:
        binding = self.bindings.get(event.data.get("device_id", ""))
        if binding is not None and binding.device_id in self._missing:
            self._report_missing()  # it speaks, so it is back (2026.8 announces no return)
        code = typed_code(event.data)
        if binding is None or code is None:
            return  # cancel, arming, cached keys: no attempt to open
        # The opening is the keypad event's consequence, as an automation's would be.
        context = Context(parent_id=event.context.id)
        self._rt.entry.async_create_task(
            self._hass, self._async_forward(binding, code, context), "housekey keypad"
        )

    async def _async_forward(self, binding: KeypadBinding, code: str, context: Context) -> None:
        """Check a code typed at a bound keypad at its door, then answer the keypad."""
        try:
            answer = await self._rt.async_submit_code(
                binding.lock_id, code, source=f"keypad {binding.name}", context=context
            )
        except HomeAssistantError as err:
            # The type only: the message may name the lock's stack's own words.
            _LOGGER.warning(
                "A code typed at keypad %s did not open %s (%s)",
                binding.name,
                binding.lock_id,
                type(err).__name__,
            )
            accepted = False
        else:
            accepted = answer.granted
        await async_feedback(self._hass, binding.device_id, accepted)

    @callback
    def _on_device(self, event: Event[dr.EventDeviceRegistryUpdatedData]) -> None:
        """Report a bound keypad removed from Home Assistant (and withdraw it if it returns)."""
        if event.data["action"] != "update":
            self._report_missing()

    @callback
    def _report_missing(self) -> None:
        """Raise one repair issue per bound keypad whose device is gone; withdraw the others."""
        registry = dr.async_get(self._hass)
        missing = {
            k: (b.name, b.lock_id) for k, b in self.bindings.items() if not registry.async_get(k)
        }
        self._missing = set(missing)
        repairs.set_keypads_missing(self._hass, self._rt.entry.entry_id, missing)

    def describe(self) -> dict[str, dict[str, Any]]:
        """Return each binding's door and whether its device is there, for diagnostics."""
        registry = dr.async_get(self._hass)
        return {
            device_id: {
                "lock": binding.lock_id,
                "device": "present" if registry.async_get(device_id) else "missing",
                "door_managed": binding.lock_id in self._rt.locks,
            }
            for device_id, binding in self.bindings.items()
        }
