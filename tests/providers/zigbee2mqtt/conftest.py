"""Fixtures: a real mosquitto, Home Assistant's real MQTT integration, an emulated Zigbee2MQTT."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.components import mqtt
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .broker import Mosquitto
from .emulator import Zigbee2MqttLockEmulator, wait_until


@pytest.fixture
def mosquitto(socket_enabled: None) -> Generator[Mosquitto]:
    """Start a broker of our own on a free loopback port."""
    broker = Mosquitto()
    broker.start()
    yield broker
    broker.cleanup()


@pytest.fixture
async def mqtt_entry(hass: HomeAssistant, mosquitto: Mosquitto) -> AsyncGenerator[MockConfigEntry]:
    """Set up Home Assistant's MQTT integration, connected to the broker."""
    entry = MockConfigEntry(
        domain=mqtt.DOMAIN,
        data={"broker": "127.0.0.1", "port": mosquitto.port, "discovery": True},
        version=mqtt.CONFIG_ENTRY_VERSION,
        minor_version=mqtt.CONFIG_ENTRY_MINOR_VERSION,
    )
    entry.add_to_hass(hass)
    # The test config dir has no configuration.yaml for MQTT to read its YAML items from.
    with patch("homeassistant.config.async_hass_config_yaml", return_value={}):
        assert await hass.config_entries.async_setup(entry.entry_id)
        assert await mqtt.async_wait_for_mqtt_client(hass)
        await wait_until(lambda: hass.data[mqtt.DATA_MQTT].client.connected)
        yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


type EmulatorFactory = Callable[..., Zigbee2MqttLockEmulator]


@pytest.fixture
def z2m_factory(mosquitto: Mosquitto) -> Generator[EmulatorFactory]:
    """Build emulated Zigbee2MQTT installations on the broker; all are stopped afterwards."""
    made: list[Zigbee2MqttLockEmulator] = []

    def factory(**kwargs: Any) -> Zigbee2MqttLockEmulator:
        emulator = Zigbee2MqttLockEmulator(mosquitto.port, **kwargs)
        made.append(emulator)
        return emulator

    yield factory
    for emulator in made:
        emulator.stop()


async def async_start_lock(hass: HomeAssistant, emulator: Zigbee2MqttLockEmulator) -> str:
    """Start the emulator and wait until Home Assistant discovered its lock entity."""
    emulator.start()
    registry = er.async_get(hass)
    unique_id = f"{emulator.ieee}_lock_{emulator.base}"

    def entity_id() -> str | None:
        return registry.async_get_entity_id("lock", mqtt.DOMAIN, unique_id)

    await wait_until(lambda: entity_id() is not None)
    found = entity_id()
    assert found is not None
    await wait_until(
        lambda: (state := hass.states.get(found)) is not None and state.state != STATE_UNAVAILABLE
    )
    return found


@pytest.fixture
async def z2m_lock(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, z2m_factory: EmulatorFactory
) -> tuple[Zigbee2MqttLockEmulator, str]:
    """One emulated Zigbee2MQTT lock with expose_pin on, discovered by Home Assistant."""
    emulator = z2m_factory()
    return emulator, await async_start_lock(hass, emulator)


async def async_add_foreign_mqtt_lock(hass: HomeAssistant, origin: str | None = None) -> str:
    """Publish discovery of an MQTT lock that Zigbee2MQTT did not create; return its entity."""
    config: dict[str, Any] = {
        "name": "Garage",
        "unique_id": "garage_lock_1",
        "command_topic": "garage/lock/set",
        "state_topic": "garage/lock",
        "device": {"identifiers": ["tasmota_garage"], "name": "Garage"},
    }
    if origin is not None:
        config["origin"] = {"name": origin}
    await mqtt.async_publish(
        hass, "homeassistant/lock/garage/config", json.dumps(config), retain=True
    )
    registry = er.async_get(hass)
    await wait_until(
        lambda: registry.async_get_entity_id("lock", "mqtt", "garage_lock_1") is not None
    )
    entity_id = registry.async_get_entity_id("lock", "mqtt", "garage_lock_1")
    assert entity_id is not None
    return entity_id
