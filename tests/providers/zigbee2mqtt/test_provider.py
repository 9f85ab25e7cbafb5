"""The Zigbee2MQTT provider against a real broker, HA's real MQTT and an emulated bridge."""

from __future__ import annotations

import asyncio
import logging

import pytest
from homeassistant.core import HomeAssistant

from custom_components.housekey.core.lock_schedule import Enforcement
from custom_components.housekey.providers.base import (
    AccessEvent,
    AlarmKind,
    LockAlarm,
    LockReport,
    LockUnavailable,
    Method,
    Outcome,
    ProviderError,
    Readback,
    SlotChanged,
    SlotState,
    WriteResult,
)
from custom_components.housekey.providers.zigbee2mqtt import (
    CAPABILITIES_PROPERTY,
    Zigbee2MqttDevice,
    Zigbee2MqttProvider,
    async_zigbee2mqtt_device,
)

from .conftest import EmulatorFactory, async_add_foreign_mqtt_lock, async_start_lock
from .emulator import Zigbee2MqttLockEmulator, wait_until

PIN = "135790"


@pytest.fixture
async def provider(hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str]):
    _emulator, entity_id = z2m_lock
    provider = Zigbee2MqttProvider(hass, entity_id)
    yield provider
    await provider.async_unload()


async def test_lookup_reads_base_topic_and_friendly_name_from_discovery(
    hass: HomeAssistant, mqtt_entry, z2m_factory: EmulatorFactory
) -> None:
    """A custom base topic and a friendly name with slashes are taken apart correctly."""
    emulator = z2m_factory(base_topic="home/z2m", friendly_name="doors/front door")
    entity_id = await async_start_lock(hass, emulator)

    assert async_zigbee2mqtt_device(hass, entity_id) == Zigbee2MqttDevice(
        "home/z2m", "doors/front door", emulator.ieee
    )
    assert Zigbee2MqttProvider.refusal(hass, entity_id) is None


async def test_refuses_mqtt_locks_zigbee2mqtt_did_not_create(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str]
) -> None:
    """A Tasmota-style MQTT lock is refused with a translation key; a Z2M lock is not."""
    _emulator, z2m_entity = z2m_lock
    garage = await async_add_foreign_mqtt_lock(hass, origin="Tasmota")

    assert Zigbee2MqttProvider.refusal(hass, garage) == "not_zigbee2mqtt"
    assert Zigbee2MqttProvider.refusal(hass, "lock.nowhere") == "not_zigbee2mqtt"
    assert Zigbee2MqttProvider.refusal(hass, z2m_entity) is None


async def test_capabilities_are_read_from_the_bridge_and_the_lock(
    hass: HomeAssistant, mqtt_entry, z2m_factory: EmulatorFactory
) -> None:
    """Slots and PIN lengths come from the Door Lock cluster; readback from expose_pin."""
    emulator = z2m_factory(pin_code_count=20, min_pin_len=6, max_pin_len=10, expose_pin=True)
    provider = Zigbee2MqttProvider(hass, await async_start_lock(hass, emulator))
    try:
        caps = await provider.async_capabilities()
    finally:
        await provider.async_unload()

    assert (caps.slots, caps.pin_min, caps.pin_max) == (20, 6, 10)
    assert caps.readback is Readback.FULL
    assert caps.schedule_support.enforcement is Enforcement.HOME_ASSISTANT  # none written yet
    assert caps.methods == {Method.KEYPAD, Method.NFC, Method.MANUAL, Method.RF, Method.AUTO}
    assert emulator.traffic.sets == [
        {
            "read": {
                "cluster": "closuresDoorLock",
                "attributes": ["numOfPinUsersSupported", "minPinLen", "maxPinLen"],
                "state_property": CAPABILITIES_PROPERTY,
            }
        }
    ]


async def test_capabilities_without_expose_pin_are_masked(
    hass: HomeAssistant, mqtt_entry, z2m_factory: EmulatorFactory
) -> None:
    emulator = z2m_factory(expose_pin=False)
    provider = Zigbee2MqttProvider(hass, await async_start_lock(hass, emulator))
    try:
        caps = await provider.async_capabilities()
    finally:
        await provider.async_unload()
    assert caps.readback is Readback.MASKED
    assert caps.slots == 10


async def test_write_read_clear_with_expose_pin(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, z2m_lock
) -> None:
    """Slot 1 is Zigbee user 0; the PIN is sent as a string and read back in full."""
    emulator, _ = z2m_lock
    assert await provider.async_write_code(1, PIN) is WriteResult.SENT
    await wait_until(lambda: emulator.pin_of(1) == PIN)
    assert emulator.traffic.sets[-1] == {
        "pin_code": {"user": 0, "user_type": "unrestricted", "user_enabled": True, "pin_code": PIN}
    }

    read = await provider.async_read_slot(1)
    assert (read.state, read.code) == (SlotState.KNOWN, PIN)
    assert emulator.traffic.gets[-1] == {"pin_code": {"user": 0}}

    assert await provider.async_clear_code(1) is WriteResult.SENT
    await wait_until(
        lambda: emulator.traffic.sets[-1] == {"pin_code": {"user": 0, "pin_code": None}}
    )
    read = await provider.async_read_slot(1)
    assert read.state is SlotState.EMPTY
    # Zigbee2MQTT's deep-merged cache still carries the old PIN beside "available":
    # the provider decided by status, not by the presence of pin_code.
    assert emulator.state["users"]["0"] == {"status": "available", "pin_code": PIN}


async def test_leading_zeros_and_slot_mapping(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, z2m_lock
) -> None:
    emulator, _ = z2m_lock
    await provider.async_write_code(7, "012345")
    read = await provider.async_read_slot(7)
    assert (read.state, read.code) == (SlotState.KNOWN, "012345")
    assert emulator.users[6].pin == "012345"
    assert 7 not in emulator.users


async def test_masked_readback_without_expose_pin(
    hass: HomeAssistant, mqtt_entry, z2m_factory: EmulatorFactory
) -> None:
    emulator = z2m_factory(expose_pin=False)
    provider = Zigbee2MqttProvider(hass, await async_start_lock(hass, emulator))
    try:
        await provider.async_write_code(2, PIN)
        read = await provider.async_read_slot(2)
        assert (read.state, read.code) == (SlotState.MASKED, None)
        assert emulator.pin_of(2) == PIN
        await provider.async_clear_code(2)
        assert (await provider.async_read_slot(2)).state is SlotState.EMPTY
    finally:
        await provider.async_unload()


async def test_a_code_the_lock_refuses_is_seen_on_read_back(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, z2m_lock
) -> None:
    """The lock answers setPinCode with a failure status: nothing changes, nothing is logged."""
    emulator, _ = z2m_lock
    await provider.async_write_code(1, "123")  # shorter than the lock's minimum
    assert (await provider.async_read_slot(1)).state is SlotState.EMPTY
    assert emulator.pin_of(1) is None


async def test_a_user_outside_the_bridge_range_fails_the_read(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, z2m_lock, caplog
) -> None:
    """Zigbee2MQTT logs 'user must be in range': the read raises without echoing the log."""
    await provider.async_write_code(11, PIN)
    with pytest.raises(ProviderError) as err:
        await provider.async_read_slot(11)
    assert not isinstance(err.value, LockUnavailable)
    assert PIN not in str(err.value)


async def test_delivery_failure_is_unreachable_and_never_echoes_the_pin(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, z2m_lock, caplog
) -> None:
    """The lock stops answering before Zigbee2MQTT marks it offline."""
    emulator, _ = z2m_lock
    caplog.set_level(logging.DEBUG, logger="custom_components.housekey")
    emulator.device_online = False  # radio gone, availability not yet updated
    await provider.async_write_code(1, PIN)
    with pytest.raises(LockUnavailable) as err:
        await provider.async_read_slot(1)
    assert PIN not in str(err.value)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("custom_components")]
    assert not [m for m in ours if PIN in m]
    assert emulator.pin_of(1) is None


async def test_unavailable_lock_is_not_written(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, z2m_lock
) -> None:
    emulator, entity_id = z2m_lock
    emulator.set_device_online(False)
    await wait_until(lambda: not provider.available)
    with pytest.raises(LockUnavailable):
        await provider.async_write_code(1, PIN)
    assert emulator.traffic.count("set", "pin_code") == 0
    emulator.set_device_online(True)
    await wait_until(lambda: provider.available)


async def test_reports_access_events_alarms_and_availability(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, z2m_lock
) -> None:
    emulator, _ = z2m_lock
    reports: list[LockReport] = []
    availability: list[bool] = []
    unsubscribe = provider.async_listen(reports.append, availability.append)
    await provider.async_write_code(3, PIN)  # subscribes and programs user 2
    await provider.async_read_slot(3)
    reports.clear()  # the write's own programming event is neither an access nor a change

    emulator.type_code(PIN)
    emulator.type_code("999999")
    emulator.turn_thumb()
    emulator.program_at_keypad(5, "246802")  # no access, but Zigbee user 5 = slot 6 changed
    emulator.raise_alarm("tamper_alarm_keypad_attempts", tamper=True)
    await wait_until(lambda: len(reports) >= 5)
    assert reports == [
        AccessEvent(Outcome.GRANTED, Method.KEYPAD, 3),
        AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        AccessEvent(Outcome.GRANTED, Method.MANUAL, None),
        SlotChanged(6),
        LockAlarm(AlarmKind.BRUTE_FORCE, "tamper_alarm_keypad_attempts"),
    ]

    emulator.stop()  # Zigbee2MQTT shuts down: bridge offline
    await wait_until(lambda: availability == [False])
    emulator.start()
    await wait_until(lambda: availability == [False, True])
    unsubscribe()
    emulator.type_code(PIN)
    await asyncio.sleep(0.3)  # would have arrived by now
    assert len(reports) == 5


async def test_harden_writes_the_wrong_code_attributes(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], provider
) -> None:
    """One read, one generic `write` of what differs (the limit is 5 already), and a
    read that confirms it; when everything is in place, one read and nothing else."""
    emulator, _entity = z2m_lock
    read = {
        "read": {
            "cluster": "closuresDoorLock",
            "attributes": ["wrongCodeEntryLimit", "userCodeTemporaryDisableTime"],
            "state_property": "housekey_wrong_code",
        }
    }
    assert await provider.async_harden_keypad(5, 30)
    assert emulator.traffic.sets == [
        read,
        {"write": {"cluster": "closuresDoorLock", "payload": {"userCodeTemporaryDisableTime": 30}}},
        read,
    ]
    assert emulator.security == {"wrongCodeEntryLimit": 5, "userCodeTemporaryDisableTime": 30}
    assert await provider.async_harden_keypad(5, 30)
    assert emulator.traffic.sets[3:] == [read]


async def test_harden_on_a_lock_without_the_attributes(
    hass: HomeAssistant, mqtt_entry, z2m_factory: EmulatorFactory
) -> None:
    emulator = z2m_factory(wrong_code_entry_limit=None, user_code_temporary_disable_time=None)
    provider = Zigbee2MqttProvider(hass, await async_start_lock(hass, emulator))
    try:
        assert not await provider.async_harden_keypad(5, 30)
        assert [list(m) for m in emulator.traffic.sets] == [["read"]]
    finally:
        await provider.async_unload()


async def test_harden_write_the_lock_does_not_take(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], provider
) -> None:
    emulator, _entity = z2m_lock
    await provider.async_capabilities()  # the state carries an earlier read
    emulator.device_online = False
    with pytest.raises(LockUnavailable):
        await provider.async_harden_keypad(4, 30)
    emulator.device_online = True
    emulator.security_read_only = True  # it reads them out, but will not take a write
    with pytest.raises(ProviderError, match="did not take its wrong-code limit"):
        await provider.async_harden_keypad(4, 30)
    assert emulator.security == {"wrongCodeEntryLimit": 5, "userCodeTemporaryDisableTime": 60}
