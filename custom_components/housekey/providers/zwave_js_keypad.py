"""Z-Wave Entry Control keypads (a Ring Keypad): what was typed, and the keypad's green or red.

An Entry Control keypad (command class 0x6F) is no lock: it has no code slots and no Door
Lock CC, so Home Assistant's zwave_js makes no lock entity for it and Housekey cannot manage
it as one. What it does is forward what was typed: the keypad caches the keys and sends an
Entry Control Notification when Enter or Disarm is pressed (or the key cache fills or times
out), which Home Assistant's zwave_js fires on its bus as a `zwave_js_notification` event
with `command_class` 111, the `event_type` (2 Enter, 3 Disarm all, 25 Cancel, ...) and the
keys as `event_data` text. Only Enter and Disarm carry a code someone means to open with;
cached keys, arming, cancelling and the alarm keys are not.

Feedback goes back as the keypad expects it, where it advertises it: Indicator CC v2+
indicators "Code accepted" (8) and "Code not accepted" (9), as Binary (on) or else
Multilevel (99, fully on). A keypad without them (Indicator v1, a single value with no
meaning of its own, as the first-generation Ring keypad has) gets no feedback.

zwave-js-server-python is only installed when Home Assistant set up zwave_js, so it is
imported lazily, never at module import time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr

from .zwave_js import DOMAIN, _supports_cc, zwave_device_node

if TYPE_CHECKING:
    from zwave_js_server.model.node import Node as ZwaveNode
    from zwave_js_server.model.value import Value as ZwaveValue

_LOGGER = logging.getLogger(__name__)

#: the event Home Assistant's zwave_js fires for a node's stateless notifications
NOTIFICATION_EVENT: Final = "zwave_js_notification"
CC_ENTRY_CONTROL: Final = 0x6F
CC_INDICATOR: Final = 0x87
#: Entry Control event types that carry a code typed to open (zwave-js EntryControlEventTypes)
ENTER: Final = 2
DISARM_ALL: Final = 3
CODE_EVENTS: Final = frozenset({ENTER, DISARM_ALL})
#: Indicator ids and property ids (Z-Wave Indicator CC v2+)
CODE_ACCEPTED: Final = 8
CODE_NOT_ACCEPTED: Final = 9
MULTILEVEL: Final = 1
BINARY: Final = 2
#: a Multilevel indicator fully on (0x63)
FULLY_ON: Final = 99
#: the keys an Entry Control notification carries, as debug logs print them: Home
#: Assistant's bus (`<Event zwave_js_notification[L]: ..., command_class=111, ...,
#: event_data=1234>`), zwave_js_server's messages (`'eventData': '1234'`, a key only Entry
#: Control notifications have), and zwave-js's own driver log as Home Assistant's zwave_js
#: relays it (`EntryControlCCNotification` ... `event data: 1234`; zwave-js masks the keys
#: of Enter there, not those of Disarm)
_BUS_KEYS = re.compile(
    rf"(<Event {NOTIFICATION_EVENT}\[\w\]: [^>]*?\bcommand_class={CC_ENTRY_CONTROL}\b"
    r"[^>]*?\bevent_data=)[^,>]*"
)
_SERVER_KEYS = re.compile(r"""(["']eventData["']\s*:\s*)(["'])(?:(?!\2)[^\\]|\\.)*\2""")
_DRIVER_KEYS = re.compile(r"(EntryControlCCNotification\].*?event data:[ \t]*)(\S+)", re.DOTALL)


@callback
def is_entry_control(node: ZwaveNode) -> bool:
    """Return whether a node is an Entry Control keypad (supports command class 0x6F)."""
    return _supports_cc(node, CC_ENTRY_CONTROL)


@callback
def entry_control_keypads(hass: HomeAssistant) -> dict[str, str]:
    """Return the Entry Control keypads of every loaded zwave_js entry: device id -> name."""
    registry = dr.async_get(hass)
    found: dict[str, str] = {}
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is not ConfigEntryState.LOADED:
            continue
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
            node = zwave_device_node(hass, device.id, entry.entry_id)
            if node is not None and node.ready and is_entry_control(node):
                found[device.id] = device.name_by_user or device.name or device.id
    return found


def typed_code(data: Mapping[str, Any]) -> str | None:
    """Return the code an Entry Control notification carries to open a door, or None.

    None for other command classes and for events that are no attempt to open (cancel,
    arming, cached keys, the alarm keys), and for data that is not text (a raw or MD5 key
    cache is not a code Housekey can check).
    """
    if data.get("command_class") != CC_ENTRY_CONTROL or data.get("event_type") not in CODE_EVENTS:
        return None
    code = data.get("event_data")
    return code if isinstance(code, str) and code else None


def scrub_typed_keys(text: str, redacted: str) -> str:
    """Replace the keys of Entry Control notifications in a debug log line with `redacted`."""
    text = _BUS_KEYS.sub(lambda m: f"{m[1]}{redacted}", text)
    text = _DRIVER_KEYS.sub(lambda m: f"{m[1]}{redacted}", text)
    return _SERVER_KEYS.sub(lambda m: f"{m[1]}{m[2]}{redacted}{m[2]}", text)


def _indicator(node: ZwaveNode, indicator_id: int) -> ZwaveValue | None:
    """Return the writable Binary, else Multilevel, value of an indicator the keypad has."""
    values = {
        value.property_key: value
        for value in node.values.values()
        if value.command_class == CC_INDICATOR
        and (value.endpoint or 0) == 0
        and value.property_ == indicator_id
        and value.metadata.writeable is not False
    }
    return values.get(BINARY) or values.get(MULTILEVEL)


async def async_feedback(hass: HomeAssistant, device_id: str, accepted: bool) -> bool:
    """Show "code accepted" or "code not accepted" on a keypad; return whether it was sent.

    A keypad out of reach or without the indicator gets nothing; a failure to send is
    logged by its type only (the stack's message is the stack's).
    """
    from zwave_js_server.exceptions import BaseZwaveJSServerError

    node = zwave_device_node(hass, device_id)
    if node is None or not node.ready:
        return False
    value = _indicator(node, CODE_ACCEPTED if accepted else CODE_NOT_ACCEPTED)
    if value is None:
        return False
    target: bool | int = True if value.property_key == BINARY else FULLY_ON
    try:
        await node.async_set_value(value, target)
    except BaseZwaveJSServerError as err:
        _LOGGER.debug("Keypad %s got no feedback (%s)", device_id, type(err).__name__)
        return False
    return True
