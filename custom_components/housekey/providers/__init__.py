"""Lock providers, one per stack: the registry every stack-specific list follows from.

A backend is its own module plus one line in BACKENDS. Which lock entities Housekey
manages (and offers in the config flow), whose action calls may carry a code (and are
redacted), and the manifest's `after_dependencies` all derive from it.
"""

from __future__ import annotations

from .base import LockProvider
from .matter import MatterProvider
from .zha import ZhaProvider
from .zigbee2mqtt import Zigbee2MqttProvider
from .zwave_js import ZwaveJsProvider

#: Every stack Housekey manages locks on. The simulated provider is not listed:
#: Housekey creates those locks itself.
BACKENDS: tuple[type[LockProvider], ...] = (
    MatterProvider,
    ZhaProvider,
    Zigbee2MqttProvider,
    ZwaveJsProvider,
)

#: entity platform of a lock entity -> the provider that manages it.
PROVIDER_BY_PLATFORM: dict[str, type[LockProvider]] = {p.integration: p for p in BACKENDS}

#: the Home Assistant integrations hosting the locks (loaded before Housekey where present)
HOST_INTEGRATIONS: frozenset[str] = frozenset(PROVIDER_BY_PLATFORM)
