"""Lock providers, one per stack, chosen by the entity platform of the lock."""

from __future__ import annotations

from .base import LockProvider
from .matter import MatterProvider
from .zha import ZhaProvider
from .zigbee2mqtt import Zigbee2MqttProvider
from .zwave_js import ZwaveJsProvider

#: entity platform of a lock entity -> the provider that manages it.
#: The simulated provider is not listed: Housekey creates those locks itself.
PROVIDER_BY_PLATFORM: dict[str, type[LockProvider]] = {
    "matter": MatterProvider,
    "mqtt": Zigbee2MqttProvider,
    "zha": ZhaProvider,
    "zwave_js": ZwaveJsProvider,
}
