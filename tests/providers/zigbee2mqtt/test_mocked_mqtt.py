"""Zigbee2MQTT provider: mapping, normalization and Zigbee2MQTT's quirks, on HA's mocked MQTT.

The real broker, Home Assistant's connected MQTT client and the emulated bridge are
in tests/providers/zigbee2mqtt; here single messages are injected with
async_fire_mqtt_message to pin exact behaviours (stale cache copies, log lines).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import async_fire_mqtt_message
from pytest_homeassistant_custom_component.typing import MqttMockHAClient

from custom_components.housekey.providers import PROVIDER_BY_PLATFORM
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
    SlotRead,
    SlotState,
)
from custom_components.housekey.providers.zigbee2mqtt import (
    CAPABILITIES_PROPERTY,
    FALLBACK_LIMITS,
    Zigbee2MqttDevice,
    Zigbee2MqttProvider,
    async_zigbee2mqtt_device,
)
from custom_components.housekey.providers.zigbee2mqtt_events import (
    PinProgramming,
    methods_from_exposes,
    normalize_action,
    pin_programming,
    slot_to_user,
    user_to_slot,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "zigbee2mqtt"
IEEE = "0x000d6f0011a2b3c4"
BASE = "zigbee2mqtt"
NAME = "front_door"
STATE_TOPIC = f"{BASE}/{NAME}"
PIN = "864209"


def discovery(**overrides: Any) -> dict[str, Any]:
    """Return the discovery config Zigbee2MQTT 2.x publishes for a lock."""
    payload: dict[str, Any] = {
        "availability": [
            {"topic": f"{BASE}/bridge/state", "value_template": "{{ value_json.state }}"},
            {"topic": f"{STATE_TOPIC}/availability", "value_template": "{{ value_json.state }}"},
        ],
        "availability_mode": "all",
        "command_topic": f"{STATE_TOPIC}/set",
        "device": {"identifiers": [f"zigbee2mqtt_{IEEE}"], "name": NAME, "model": "Assure lock"},
        "name": None,
        "object_id": NAME,
        "origin": {"name": "Zigbee2MQTT", "sw": "2.1.1", "url": "https://www.zigbee2mqtt.io"},
        "state_locked": "LOCK",
        "state_topic": STATE_TOPIC,
        "state_unlocked": "UNLOCK",
        "unique_id": f"{IEEE}_lock_{BASE}",
        "value_template": "{{ value_json.state }}",
    }
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not ...}


def bridge_devices() -> list[dict[str, Any]]:
    devices: list[dict[str, Any]] = json.loads((FIXTURES / "bridge_devices.json").read_text())
    devices[1]["friendly_name"] = NAME
    return devices


async def discover(
    hass: HomeAssistant, payload: dict[str, Any], unique_id: str | None = None
) -> str:
    """Fire a lock discovery and return the entity id HA created."""
    unique_id = unique_id or payload["unique_id"]
    async_fire_mqtt_message(hass, f"homeassistant/lock/{unique_id}/config", json.dumps(payload))
    await hass.async_block_till_done()
    entity_id = er.async_get(hass).async_get_entity_id("lock", "mqtt", unique_id)
    assert entity_id is not None
    return entity_id


def bring_online(hass: HomeAssistant, *, expose_pin: bool = True) -> None:
    """Fire the retained topics a running Zigbee2MQTT keeps on the broker."""
    async_fire_mqtt_message(hass, f"{BASE}/bridge/state", '{"state":"online"}', retain=True)
    async_fire_mqtt_message(hass, f"{STATE_TOPIC}/availability", '{"state":"online"}', retain=True)
    async_fire_mqtt_message(
        hass, f"{BASE}/bridge/devices", json.dumps(bridge_devices()), retain=True
    )
    info = {"config": {"device_options": {}, "devices": {IEEE: {"expose_pin": expose_pin}}}}
    async_fire_mqtt_message(hass, f"{BASE}/bridge/info", json.dumps(info), retain=True)


def publish_state(hass: HomeAssistant, state: dict[str, Any]) -> None:
    async_fire_mqtt_message(hass, STATE_TOPIC, json.dumps(state))


def log_error(hass: HomeAssistant, message: str) -> None:
    async_fire_mqtt_message(
        hass, f"{BASE}/bridge/logging", json.dumps({"level": "error", "message": message})
    )


def sent(mqtt_mock: MqttMockHAClient) -> list[tuple[str, Any]]:
    """Return (topic, decoded payload) of everything published."""
    return [(c.args[0], json.loads(c.args[1])) for c in mqtt_mock.async_publish.call_args_list]


@pytest.fixture
def expected_lingering_timers() -> bool:
    """The mocked MQTT client never disconnects, so its housekeeping timer stays."""
    return True


async def online_provider(
    hass: HomeAssistant, entity_id: str, *, expose_pin: bool = True
) -> Zigbee2MqttProvider:
    """Create a provider, let it subscribe, then fire the retained bridge topics to it.

    The mocked broker keeps nothing retained, so the topics are fired after subscribing.
    """
    provider = Zigbee2MqttProvider(hass, entity_id)
    provider.ANSWER_TIMEOUT = 2.0
    provider.async_listen(lambda _report: None, lambda _available: None)
    await hass.async_block_till_done()
    bring_online(hass, expose_pin=expose_pin)
    await hass.async_block_till_done()
    return provider


@pytest.fixture
async def lock(hass: HomeAssistant, mqtt_mock: MqttMockHAClient) -> str:
    entity_id = await discover(hass, discovery())
    bring_online(hass)
    await hass.async_block_till_done()
    return entity_id


@pytest.fixture
async def provider(hass: HomeAssistant, lock: str):
    provider = await online_provider(hass, lock)
    yield provider
    await provider.async_unload()


async def answered(hass: HomeAssistant, call: asyncio.Task[Any], *states: dict[str, Any]) -> Any:
    """Let a provider call publish, then feed it state publishes until it returns."""
    for _ in range(50):
        if call.done():
            break
        await asyncio.sleep(0.01)
        if states and _ > 1:
            publish_state(hass, states[0])
            states = states[1:]
    return await asyncio.wait_for(call, 2)


# ---- pure mapping ----------------------------------------------------------------------


def test_registered_for_the_mqtt_platform() -> None:
    assert PROVIDER_BY_PLATFORM["mqtt"] is Zigbee2MqttProvider
    assert Zigbee2MqttProvider.backend == "zigbee2mqtt"


@pytest.mark.parametrize(("slot", "user"), [(1, 0), (2, 1), (30, 29), (250, 249)])
def test_slot_mapping(slot: int, user: int) -> None:
    """Housekey slots are 1..N, Zigbee2MQTT PIN users 0..N-1; the mapping is one shift."""
    assert slot_to_user(slot) == user
    assert user_to_slot(user) == slot


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"action": "unlock", "action_source_name": "keypad", "action_user": 4},
            AccessEvent(Outcome.GRANTED, Method.KEYPAD, 5),
        ),
        (
            {"action": "unlock", "action_source_name": "keypad", "action_user": 0},
            AccessEvent(Outcome.GRANTED, Method.KEYPAD, 1),
        ),
        (
            {"action": "keypad_unlock", "action_user": 2},
            AccessEvent(Outcome.GRANTED, Method.KEYPAD, 3),
        ),
        (
            {"action": "unlock", "action_source_name": "rf", "action_user": 0},
            AccessEvent(Outcome.GRANTED, Method.RF, None),
        ),
        (
            {"action": "manual_unlock", "action_source_name": "manual", "action_user": 0},
            AccessEvent(Outcome.GRANTED, Method.MANUAL, None),
        ),
        (
            {"action": "unlock", "action_source_name": "rfid", "action_user": 3},
            AccessEvent(Outcome.GRANTED, Method.NFC, None),
        ),
        ({"action": "key_unlock"}, AccessEvent(Outcome.GRANTED, Method.MANUAL, None)),
        ({"action": "schedule_unlock"}, AccessEvent(Outcome.GRANTED, Method.AUTO, None)),
        ({"action": "unlock"}, AccessEvent(Outcome.GRANTED, Method.UNKNOWN, None)),
        (
            {
                "action": "unlock_failure_invalid_pin_or_id",
                "action_source_name": "keypad",
                "action_user": 0,
            },
            AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        ),
        (
            {"action": "lock_failure_invalid_pin_or_id", "action_source_name": "keypad"},
            AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        ),
        (
            {
                "action": "unlock_failure_invalid_schedule",
                "action_source_name": "keypad",
                "action_user": 6,
            },
            AccessEvent(Outcome.DENIED, Method.KEYPAD, 7),
        ),
        (
            {"action": "unlock", "action_source_name": "keypad", "action_user": 65535},
            AccessEvent(Outcome.GRANTED, Method.KEYPAD, None),
        ),
        ({"action": "lock", "action_source_name": "keypad", "action_user": 1}, None),
        ({"action": "auto_lock"}, None),
        ({"action": "pin_code_added", "action_source_name": "keypad", "action_user": 5}, None),
        ({"state": "UNLOCK"}, None),
    ],
)
def test_normalize_action(payload: dict[str, Any], expected: AccessEvent | None) -> None:
    assert normalize_action(payload) == expected


def test_methods_come_from_the_action_exposes() -> None:
    exposes = bridge_devices()[1]["definition"]["exposes"]
    assert methods_from_exposes(exposes) == {
        Method.KEYPAD,
        Method.RF,
        Method.MANUAL,
        Method.NFC,
        Method.AUTO,
    }
    only_lock = [e for e in exposes if e.get("property") not in ("action", "action_source_name")]
    assert methods_from_exposes(only_lock) == frozenset()
    yale_ymc = [{"property": "action", "values": ["password_unlock", "fingerprint_unlock"]}]
    assert methods_from_exposes(yale_ymc) == {Method.KEYPAD}


# ---- the lookup of base topic and friendly name ----------------------------------------------


async def test_lookup_from_discovery(hass: HomeAssistant, lock: str) -> None:
    assert async_zigbee2mqtt_device(hass, lock) == Zigbee2MqttDevice(BASE, NAME, IEEE)


async def test_lookup_without_availability_uses_the_unique_id(
    hass: HomeAssistant, mqtt_mock: MqttMockHAClient
) -> None:
    """With availability disabled, the base topic is the unique id's suffix."""
    entity_id = await discover(
        hass,
        discovery(
            availability=...,
            availability_mode=...,
            state_topic="my/z2m/doors/back",
            command_topic="my/z2m/doors/back/set",
            unique_id=f"{IEEE}_lock_my/z2m",
        ),
        unique_id=f"{IEEE}_lock_my/z2m",
    )
    assert async_zigbee2mqtt_device(hass, entity_id) == Zigbee2MqttDevice(
        "my/z2m", "doors/back", IEEE
    )


async def test_refusal(hass: HomeAssistant, mqtt_mock: MqttMockHAClient, lock: str) -> None:
    """Only Zigbee2MQTT's MQTT locks are accepted; the reason is a translation key."""
    tasmota = await discover(
        hass,
        {
            "name": "Garage",
            "unique_id": "garage_1",
            "command_topic": "garage/lock/set",
            "state_topic": "garage/lock",
            "device": {"identifiers": ["tasmota_1"], "name": "Garage"},
        },
    )
    odd_topics = await discover(
        hass,
        discovery(unique_id="odd_1", command_topic="elsewhere/set", device={"identifiers": ["x"]}),
    )
    assert Zigbee2MqttProvider.refusal(hass, lock) is None
    assert Zigbee2MqttProvider.refusal(hass, tasmota) == "not_zigbee2mqtt"
    assert Zigbee2MqttProvider.refusal(hass, odd_topics) == "not_zigbee2mqtt"
    assert Zigbee2MqttProvider.refusal(hass, "lock.missing") == "not_zigbee2mqtt"


# ---- reading slots ----------------------------------------------------------------------------


async def test_read_publishes_a_get_for_the_zigbee_user(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, mqtt_mock: MqttMockHAClient
) -> None:
    call = asyncio.create_task(provider.async_read_slot(3))
    read = await answered(hass, call, {"users": {"2": {"status": "enabled", "pin_code": PIN}}})
    assert read == SlotRead(SlotState.KNOWN, PIN)
    assert sent(mqtt_mock)[-1] == (f"{STATE_TOPIC}/get", {"pin_code": {"user": 2}})


async def test_a_stale_copy_does_not_answer_a_read(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    """An unrelated publish carries the cached users map: the changed entry wins."""
    publish_state(hass, {"users": {"0": {"status": "available"}}, "battery": 90})
    await hass.async_block_till_done()
    call = asyncio.create_task(provider.async_read_slot(1))
    read = await answered(
        hass,
        call,
        {"users": {"0": {"status": "available"}}, "battery": 89},  # battery report, stale users
        {"users": {"0": {"status": "enabled", "pin_code": PIN}}, "battery": 89},  # the answer
    )
    assert read == SlotRead(SlotState.KNOWN, PIN)


async def test_an_unchanged_answer_is_accepted_after_settling(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    publish_state(hass, {"users": {"0": {"status": "enabled", "pin_code": PIN}}})
    await hass.async_block_till_done()
    call = asyncio.create_task(provider.async_read_slot(1))
    read = await answered(hass, call, {"users": {"0": {"status": "enabled", "pin_code": PIN}}})
    assert read == SlotRead(SlotState.KNOWN, PIN)


async def test_cleared_slot_with_stale_pin_is_empty(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    """Deep merge keeps the old pin_code after a clear; the status decides."""
    call = asyncio.create_task(provider.async_read_slot(1))
    read = await answered(hass, call, {"users": {"0": {"status": "available", "pin_code": PIN}}})
    assert read.state is SlotState.EMPTY


async def test_without_expose_pin_a_cached_pin_is_not_trusted(
    hass: HomeAssistant, lock: str
) -> None:
    """expose_pin switched off later: the deep-merged cache still has a PIN, now stale."""
    provider = await online_provider(hass, lock, expose_pin=False)
    try:
        call = asyncio.create_task(provider.async_read_slot(1))
        read = await answered(hass, call, {"users": {"0": {"status": "enabled", "pin_code": PIN}}})
        assert read == SlotRead(SlotState.MASKED)
        call = asyncio.create_task(provider.async_read_slot(2))
        read = await answered(hass, call, {"users": {"1": {"status": "not_supported_2"}}})
        assert read.state is SlotState.UNKNOWN
    finally:
        await provider.async_unload()


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (
            "Publish 'get' 'pin_code' to 'front_door' failed: 'Error: ZCL command "
            f'{IEEE}/1 closuresDoorLock.getPinCode({{"userid":0}}) failed (Timeout - 12345)\'',
            LockUnavailable,
        ),
        (
            "Publish 'set' 'pin_code' to 'front_door' failed: 'Error: ZCL command "
            f'{IEEE}/1 closuresDoorLock.setPinCode({{"pincodevalue":"{PIN}"}}) failed '
            f"(Delivery failed for '{IEEE}'.)'",
            LockUnavailable,
        ),
        (
            "Publish 'get' 'pin_code' to 'front_door' failed: "
            "'Error: userId must be in range for device'",
            ProviderError,
        ),
        ("Entity 'front_door' is unknown", LockUnavailable),
    ],
)
async def test_logged_failures_end_the_read(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, message: str, error: type[Exception]
) -> None:
    """Zigbee2MQTT's log line decides the error; its text (with the PIN) is not kept."""
    call = asyncio.create_task(provider.async_read_slot(1))
    await asyncio.sleep(0.05)
    log_error(hass, "Publish 'get' 'pin_code' to 'back_door' failed: 'Error: Timeout'")
    log_error(hass, message)
    with pytest.raises(error) as err:
        await asyncio.wait_for(call, 2)
    assert PIN not in str(err.value)


async def test_no_answer_is_unreachable(hass: HomeAssistant, provider: Zigbee2MqttProvider) -> None:
    provider.ANSWER_TIMEOUT = 0.2
    with pytest.raises(LockUnavailable):
        await provider.async_read_slot(1)


async def test_bridge_topics_missing_is_unreachable(
    hass: HomeAssistant, mqtt_mock: MqttMockHAClient
) -> None:
    """Without Zigbee2MQTT's retained bridge topics nothing is sent."""
    entity_id = await discover(hass, discovery())
    provider = Zigbee2MqttProvider(hass, entity_id)
    provider.READY_TIMEOUT = 0.1
    try:
        with pytest.raises(LockUnavailable):
            await provider.async_write_code(1, PIN)
    finally:
        await provider.async_unload()
    assert not any(t.endswith("/set") for t, _ in sent(mqtt_mock))


async def test_undiscovered_entity_is_unreachable(
    hass: HomeAssistant, mqtt_mock: MqttMockHAClient
) -> None:
    provider = Zigbee2MqttProvider(hass, "lock.front_door")
    assert not provider.available
    with pytest.raises(LockUnavailable):
        await provider.async_read_slot(1)


# ---- writing ----------------------------------------------------------------------------------


async def test_write_and_clear_payloads(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, mqtt_mock: MqttMockHAClient
) -> None:
    await provider.async_write_code(10, "001234")
    await provider.async_clear_code(10)
    assert sent(mqtt_mock)[-2:] == [
        (
            f"{STATE_TOPIC}/set",
            {
                "pin_code": {
                    "user": 9,
                    "user_type": "unrestricted",
                    "user_enabled": True,
                    "pin_code": "001234",
                }
            },
        ),
        (f"{STATE_TOPIC}/set", {"pin_code": {"user": 9, "pin_code": None}}),
    ]


async def test_unavailable_entity_is_not_written(
    hass: HomeAssistant, provider: Zigbee2MqttProvider, mqtt_mock: MqttMockHAClient
) -> None:
    async_fire_mqtt_message(hass, f"{STATE_TOPIC}/availability", '{"state":"offline"}')
    await hass.async_block_till_done()
    assert not provider.available
    with pytest.raises(LockUnavailable):
        await provider.async_write_code(1, PIN)
    assert not any(t.endswith("/set") for t, _ in sent(mqtt_mock))


# ---- capabilities -----------------------------------------------------------------------------


async def test_capabilities(hass: HomeAssistant, provider: Zigbee2MqttProvider, mqtt_mock) -> None:
    call = asyncio.create_task(provider.async_capabilities())
    caps = await answered(
        hass,
        call,
        {CAPABILITIES_PROPERTY: {"numOfPinUsersSupported": 30, "minPinLen": 4, "maxPinLen": 8}},
    )
    assert (caps.slots, caps.pin_min, caps.pin_max, caps.readback) == (30, 4, 8, Readback.FULL)
    assert sent(mqtt_mock)[-1][1]["read"]["state_property"] == CAPABILITIES_PROPERTY


async def test_capabilities_fall_back_when_the_lock_refuses_the_read(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    call = asyncio.create_task(provider.async_capabilities())
    await asyncio.sleep(0.05)
    log_error(
        hass, "Publish 'set' 'read' to 'front_door' failed: 'Error: Status 'UNSUPPORTED_ATTRIBUTE''"
    )
    caps = await asyncio.wait_for(call, 2)
    assert (caps.slots, caps.pin_min, caps.pin_max) == FALLBACK_LIMITS


async def test_capabilities_refuse_a_lock_without_pin_codes(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    devices = bridge_devices()
    devices[1]["definition"]["exposes"] = [
        e for e in devices[1]["definition"]["exposes"] if e.get("property") != "pin_code"
    ]
    async_fire_mqtt_message(hass, f"{BASE}/bridge/devices", json.dumps(devices))
    await hass.async_block_till_done()
    with pytest.raises(ProviderError) as err:
        await provider.async_capabilities()
    assert not isinstance(err.value, LockUnavailable)


async def test_capabilities_refuse_attribute_only_output(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    """With `advanced.output: attribute` no JSON state carries the answers."""
    info = {"config": {"advanced": {"output": "attribute"}, "devices": {}}}
    async_fire_mqtt_message(hass, f"{BASE}/bridge/info", json.dumps(info))
    await hass.async_block_till_done()
    with pytest.raises(ProviderError) as err:
        await provider.async_capabilities()
    assert not isinstance(err.value, LockUnavailable)


# ---- reports ----------------------------------------------------------------------------------


async def test_reports_and_alarm_baseline(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    """An alarm already in the cached state is history; a new one is reported once."""
    reports: list[LockReport] = []
    availability: list[bool] = []
    unsubscribe = provider.async_listen(reports.append, availability.append)
    await hass.async_block_till_done()
    publish_state(hass, {"alarm": "tamper_alarm_front_escutcheon", "state": "LOCK"})
    publish_state(hass, {"alarm": "tamper_alarm_front_escutcheon", "battery": 80})
    publish_state(
        hass,
        {
            "alarm": "tamper_alarm_keypad_attempts",
            "action": "unlock_failure_invalid_pin_or_id",
            "action_source_name": "keypad",
            "action_user": 65535,
        },
    )
    publish_state(hass, {"alarm": "tamper_alarm_keypad_attempts"})
    async_fire_mqtt_message(hass, f"{BASE}/bridge/state", '{"state":"offline"}')
    await hass.async_block_till_done()
    assert reports == [
        AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        LockAlarm(AlarmKind.BRUTE_FORCE, "tamper_alarm_keypad_attempts"),
    ]
    assert availability == [False]
    unsubscribe()
    publish_state(hass, {"action": "unlock", "action_source_name": "keypad", "action_user": 1})
    async_fire_mqtt_message(hass, f"{BASE}/bridge/state", '{"state":"online"}')
    await hass.async_block_till_done()
    assert len(reports) == 2
    assert availability == [False]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {"action": "pin_code_added", "action_user": 6, "action_source_name": "keypad"},
            PinProgramming(6, over_zigbee=False),
        ),
        (
            {"action": "pin_code_changed", "action_user": 0, "action_source_name": "keypad"},
            PinProgramming(0, over_zigbee=False),
        ),
        (
            {"action": "pin_code_deleted", "action_user": 3, "action_source_name": "rf"},
            PinProgramming(3, over_zigbee=True),
        ),
        ({"action": "pin_code_added", "action_user": 3}, PinProgramming(3, over_zigbee=True)),
        (
            {"action": "pin_code_deleted", "action_user": 255, "action_source_name": "keypad"},
            PinProgramming(None, over_zigbee=False),
        ),
        ({"action": "pin_code_added", "action_user": 0xFFFF}, None),
        ({"action": "master_code_changed", "action_user": 0}, None),
        ({"action": "rfid_code_added", "action_user": 2}, None),
        ({"action": "pin_code_added"}, None),
        ({"action": "pin_code_added", "action_user": True}, None),
        ({"action": "unlock", "action_user": 2, "action_source_name": "keypad"}, None),
    ],
)
def test_pin_programming(payload: dict[str, Any], expected: PinProgramming | None) -> None:
    """fz.lock_programming_event's actions for PIN users, and who may have made them."""
    assert pin_programming(payload) == expected
    if expected is not None:
        assert normalize_action(payload) is None  # a programming event is no access


async def test_programming_events_become_slot_changes(
    hass: HomeAssistant, provider: Zigbee2MqttProvider
) -> None:
    """A PIN programmed at the lock → SlotChanged(action_user + 1); Housekey's own write
    coming back over Zigbee ("rf") is its echo; "all deleted" names the occupied users."""
    reports: list[LockReport] = []
    unsubscribe = provider.async_listen(reports.append, lambda _available: None)
    await hass.async_block_till_done()

    def programmed(action: str, user: int, source: str) -> None:
        publish_state(
            hass,
            {
                "action": action,
                "action_user": user,
                "action_source_name": source,
                "users": {
                    "0": {"status": "enabled"},
                    "1": {"status": "available"},
                    "4": {"status": "disabled"},
                },
            },
        )

    programmed("pin_code_added", 6, "keypad")
    programmed("pin_code_deleted", 6, "keypad")
    programmed("pin_code_changed", 2, "rf")  # over Zigbee, not by Housekey
    await hass.async_block_till_done()
    assert reports == [SlotChanged(7), SlotChanged(7), SlotChanged(3)]

    reports.clear()
    await provider.async_write_code(9, "2468")
    programmed("pin_code_added", 8, "rf")  # the echo of that write
    programmed("pin_code_changed", 8, "keypad")  # someone at the keypad: reported
    await hass.async_block_till_done()
    assert reports == [SlotChanged(9)]

    reports.clear()
    programmed("pin_code_deleted", 255, "keypad")  # every PIN user deleted
    await hass.async_block_till_done()
    assert reports == [SlotChanged(1), SlotChanged(5)]
    unsubscribe()


async def test_listening_before_discovery_starts_when_the_lock_appears(
    hass: HomeAssistant, mqtt_mock: MqttMockHAClient
) -> None:
    provider = Zigbee2MqttProvider(hass, "lock.front_door")
    reports: list[LockReport] = []
    availability: list[bool] = []
    unsubscribe = provider.async_listen(reports.append, availability.append)
    await discover(hass, discovery())
    bring_online(hass)
    await hass.async_block_till_done()
    await asyncio.sleep(0.05)
    publish_state(hass, {"action": "unlock", "action_source_name": "keypad", "action_user": 1})
    await hass.async_block_till_done()
    assert availability == [True]
    assert reports == [AccessEvent(Outcome.GRANTED, Method.KEYPAD, 2)]
    unsubscribe()
    await provider.async_unload()
