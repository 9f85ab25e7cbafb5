"""Zigbee2MQTT: commands per change and time to a verified change.

Starts a real mosquitto on a loopback port, a real Home Assistant core with its real
MQTT integration connected to it, and the emulated Zigbee2MQTT lock of the real-stack tests;
then runs Housekey's real Zigbee2MqttProvider the way the sync engine does for each
change: write (or clear), wait the provider's pacing, read back with a /get round trip.
The emulated bridge counts the /set and /get messages it received. The radio latency
is the emulator's (default 20 ms per Zigbee command); a real lock adds its own.
Run from the repository root:

    .venv/bin/python bench/zigbee2mqtt.py [rounds] [zigbee latency in ms]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from unittest.mock import patch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from homeassistant.components import mqtt
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
)

from custom_components.housekey.providers.base import SlotState
from custom_components.housekey.providers.zigbee2mqtt import Zigbee2MqttProvider
from tests.providers.zigbee2mqtt.broker import Mosquitto
from tests.providers.zigbee2mqtt.conftest import async_start_lock
from tests.providers.zigbee2mqtt.emulator import Zigbee2MqttLockEmulator, wait_until


async def main(rounds: int, latency: float) -> None:
    broker = Mosquitto()
    broker.start()
    emulator = Zigbee2MqttLockEmulator(broker.port, zigbee_latency=latency, expose_pin=True)
    try:
        async with async_test_home_assistant() as hass:
            entry = MockConfigEntry(
                domain=mqtt.DOMAIN,
                data={"broker": "127.0.0.1", "port": broker.port},
                version=mqtt.CONFIG_ENTRY_VERSION,
                minor_version=mqtt.CONFIG_ENTRY_MINOR_VERSION,
            )
            entry.add_to_hass(hass)
            with patch("homeassistant.config.async_hass_config_yaml", return_value={}):
                assert await hass.config_entries.async_setup(entry.entry_id)
                await wait_until(lambda: hass.data[mqtt.DATA_MQTT].client.connected)
                lock = await async_start_lock(hass, emulator)
                provider = Zigbee2MqttProvider(hass, lock)

                t0 = time.monotonic()
                caps = await provider.async_capabilities()
                print(f"capabilities in {(time.monotonic() - t0) * 1000:.0f} ms: {caps}")
                t0 = time.monotonic()
                await provider.async_read_slots(range(1, caps.slots + 1))
                print(
                    f"adoption scan of {caps.slots} slots: "
                    f"{(time.monotonic() - t0) * 1000:.0f} ms, {caps.slots} /get"
                )

                sets, gets = len(emulator.traffic.sets), len(emulator.traffic.gets)
                samples: dict[str, list[float]] = {"write": [], "clear": []}
                for i in range(rounds):
                    slot = 1 + i % caps.slots
                    code = f"{246810 + i}"
                    for name in ("write", "clear"):
                        t0 = time.monotonic()
                        if name == "write":
                            await provider.async_write_code(slot, code)
                        else:
                            await provider.async_clear_code(slot)
                        await asyncio.sleep(provider.pacing)  # the sync engine's pacing
                        read = await provider.async_read_slot(slot)
                        expected = SlotState.KNOWN if name == "write" else SlotState.EMPTY
                        assert read.state is expected, (name, read.state)
                        samples[name].append(time.monotonic() - t0)
                sets = len(emulator.traffic.sets) - sets
                gets = len(emulator.traffic.gets) - gets
                await provider.async_unload()
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_stop(force=True)
    finally:
        emulator.stop()
        broker.cleanup()

    changes = 2 * rounds
    print(f"rounds: {rounds} (one write + one clear each), Zigbee latency {latency * 1000:.0f} ms")
    print(
        f"MQTT commands to Zigbee2MQTT: {sets} /set + {gets} /get "
        f"-> {(sets + gets) / changes:.1f} per change (one Zigbee command each)"
    )
    for name, values in samples.items():
        print(
            f"time to verified {name} (incl. {provider.pacing * 1000:.0f} ms pacing): "
            f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    asyncio.run(
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 20,
            float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.02,
        )
    )
