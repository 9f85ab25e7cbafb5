"""Housekey end to end on Zigbee2MQTT: actions → sync → provider → HA MQTT → broker → lock.

What the lock holds is always read from the emulated lock's own memory, never from
Housekey; accesses travel back as Zigbee2MQTT `action` publishes.
"""

from __future__ import annotations

import time

import pytest
from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DOMAIN, EVENT_ACCESS, EVENT_ALERT
from custom_components.housekey.providers.base import Readback
from custom_components.housekey.records import SyncState
from tests.conftest import Recorder, call, setup_household

from .conftest import EmulatorFactory, async_add_foreign_mqtt_lock, async_start_lock
from .emulator import Zigbee2MqttLockEmulator, wait_until


async def household_on(hass: HomeAssistant, lock: str) -> MockConfigEntry:
    """Set the household up on the lock and wait until it is adopted and its keypad tightened."""
    entry = await setup_household(hass, simulated=0, locks=[lock], pin_min=6, pin_max=8)
    sync = entry.runtime_data.locks[lock]
    await wait_until(lambda: sync.state is SyncState.IN_SYNC, 15)
    await wait_until(lambda: lock in entry.runtime_data.guard.hardened, 15)
    return entry


def in_sync(entry: MockConfigEntry, lock: str) -> bool:
    return entry.runtime_data.locks[lock].state is SyncState.IN_SYNC


async def test_config_flow_offers_zigbee2mqtt_locks_only(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str]
) -> None:
    """Another MQTT lock is refused with a reason; Zigbee2MQTT's lock makes a household."""
    _emulator, lock = z2m_lock
    garage = await async_add_foreign_mqtt_lock(hass)
    user_input = {"name": "Elm", "simulated_locks": 0, "pin_min": 6, "pin_max": 8}

    flow = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {**user_input, "locks": [lock, garage]}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"locks": "not_zigbee2mqtt"}
    assert result["description_placeholders"]["lock"] == garage

    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {**user_input, "locks": [lock]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = hass.config_entries.async_get_entry(result["result"].entry_id)
    assert entry is not None
    await hass.async_block_till_done()
    await wait_until(lambda: in_sync(entry, lock), 15)
    assert entry.runtime_data.info[lock].backend == "zigbee2mqtt"


@pytest.mark.parametrize("expose_pin", [True, False], ids=["expose_pin", "masked"])
async def test_person_lifecycle_on_the_lock(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    z2m_factory: EmulatorFactory,
    events: Recorder,
    expose_pin: bool,
) -> None:
    """Add → code in the lock; keypad → access; set_pin; suspend/resume; offboard."""
    emulator = z2m_factory(expose_pin=expose_pin)
    lock = await async_start_lock(hass, emulator)
    entry = await household_on(hass, lock)
    caps = entry.runtime_data.locks[lock].capabilities
    assert caps is not None
    assert (caps.slots, caps.pin_min, caps.pin_max) == (10, 4, 8)
    assert caps.readback is (Readback.FULL if expose_pin else Readback.MASKED)

    added = await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    await wait_until(lambda: "246813" in emulator.codes().values(), 10)
    slot = next(s for s, c in emulator.codes().items() if c == "246813")
    await wait_until(lambda: in_sync(entry, lock), 10)

    assert emulator.type_code("246813")
    await wait_until(lambda: bool(events.of(EVENT_ACCESS)))
    access = events.of(EVENT_ACCESS)[-1]
    assert (access["person_id"], access["person_name"]) == (added["person_id"], "Alice")
    assert (access["outcome"], access["method"], access["slot"], access["lock"]) == (
        "granted",
        "keypad",
        slot,
        lock,
    )

    await call(hass, "set_pin", {"person": "Alice", "pin": "975318"})
    await wait_until(lambda: emulator.pin_of(slot) == "975318", 10)
    await wait_until(lambda: in_sync(entry, lock), 10)
    assert not emulator.type_code("246813")

    await call(hass, "suspend_person", {"person": "Alice"})
    await wait_until(lambda: emulator.codes() == {}, 10)
    await call(hass, "resume_person", {"person": "Alice"})
    await wait_until(lambda: "975318" in emulator.codes().values(), 10)
    await wait_until(lambda: in_sync(entry, lock), 10)

    result = await call(hass, "offboard_person", {"person": "Alice", "timeout": 20})
    assert result["locks"] == {lock: "removed"}
    assert emulator.codes() == {}
    assert not any(pin in str(e.data) for e in events.events for pin in ("246813", "975318"))


async def test_code_behind_housekeys_back_is_reported(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], events: Recorder
) -> None:
    """A code programmed at the keypad is alerted at once, and never deleted.

    Zigbee2MQTT publishes the lock's programming event (pin_code_added, action_user 6);
    the provider turns it into SlotChanged(7), the engine reads slot 7 back and alerts,
    with no housekey.sync.
    """
    emulator, lock = z2m_lock
    entry = await household_on(hass, lock)
    sync = entry.runtime_data.locks[lock]
    await call(hass, "add_person", {"name": "Bob", "pin": "135792"})
    await wait_until(lambda: "135792" in emulator.codes().values(), 10)
    await wait_until(lambda: in_sync(entry, lock), 10)
    bob_slot = next(s for s, c in emulator.codes().items() if c == "135792")
    gets = len(emulator.traffic.gets)

    emulator.program_at_keypad(6, "8642")  # Zigbee user 6 = Housekey slot 7
    await wait_until(lambda: any(a["kind"] == "foreign_code" for a in events.of(EVENT_ALERT)))
    alerts = [a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]
    assert len(alerts) == 1
    assert alerts[0]["lock"] == lock
    assert sync.record.foreign == {7}
    await wait_until(lambda: in_sync(entry, lock), 10)
    assert emulator.codes() == {bob_slot: "135792", 7: "8642"}
    # one /get of that one user, and nothing written
    assert emulator.traffic.gets[gets:] == [{"pin_code": {"user": 6}}]

    # an opening with the foreign code is an access by nobody, and no second alert
    emulator.type_code("8642")
    await wait_until(lambda: bool(events.of(EVENT_ACCESS)))
    access = events.of(EVENT_ACCESS)[-1]
    assert (access["outcome"], access["slot"], access["person_id"]) == ("granted", 7, None)
    assert len([a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]) == 1

    # deleted at the keypad (pin_code_deleted): the slot is no longer foreign
    emulator.program_at_keypad(6, None)
    await wait_until(lambda: sync.record.foreign == set())

    # Bob's code changed at the keypad (pin_code_changed): Housekey puts Bob's back
    emulator.program_at_keypad(bob_slot - 1, "97531")
    assert emulator.pin_of(bob_slot) == "97531"
    await wait_until(lambda: emulator.pin_of(bob_slot) == "135792", 10)
    await wait_until(lambda: in_sync(entry, lock), 10)
    assert not any(pin in str(e.data) for e in events.events for pin in ("135792", "8642"))


async def test_foreign_code_used_before_any_rescan_is_reported(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    z2m_factory: EmulatorFactory,
    events: Recorder,
) -> None:
    """A lock that sends no programming events: the first use of an unknown code
    reveals it, foreign_code alert from the access."""
    emulator = z2m_factory(programming_events=False)
    lock = await async_start_lock(hass, emulator)
    entry = await household_on(hass, lock)
    emulator.program_at_keypad(3, "5173")
    emulator.type_code("5173")
    await wait_until(lambda: any(a["kind"] == "foreign_code" for a in events.of(EVENT_ALERT)))
    assert entry.runtime_data.locks[lock].record.foreign == {4}
    assert emulator.pin_of(4) == "5173"


async def test_wrong_codes_and_lock_alarms_become_alerts(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], events: Recorder
) -> None:
    emulator, lock = z2m_lock
    await household_on(hass, lock)
    emulator.type_code("000000")
    await wait_until(lambda: bool(events.of(EVENT_ACCESS)))
    assert events.of(EVENT_ACCESS)[-1]["outcome"] == "denied"
    emulator.raise_alarm("tamper_alarm_keypad_attempts", tamper=True)
    await wait_until(lambda: any(a["kind"] == "brute_force" for a in events.of(EVENT_ALERT)))
    emulator.raise_alarm("tamper_alarm_front_escutcheon", tamper=True)
    await wait_until(lambda: any(a["kind"] == "tamper" for a in events.of(EVENT_ALERT)))
    # locking by hand or by Zigbee is not an access
    count = len(events.of(EVENT_ACCESS))
    await hass.services.async_call("lock", "lock", {"entity_id": lock}, blocking=True)
    emulator.turn_thumb()
    await wait_until(lambda: len(events.of(EVENT_ACCESS)) > count)
    assert [e["method"] for e in events.of(EVENT_ACCESS)[count:]] == ["manual"]


async def test_change_lands_when_the_lock_comes_back_online(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], events: Recorder
) -> None:
    """Zigbee2MQTT marks the lock offline: the change waits and lands once it is online."""
    emulator, lock = z2m_lock
    entry = await household_on(hass, lock)
    sync = entry.runtime_data.locks[lock]

    emulator.set_device_online(False)
    await wait_until(lambda: sync.state is SyncState.UNREACHABLE)
    await call(hass, "add_person", {"name": "Carol", "pin": "864213"})
    assert emulator.codes() == {}
    assert emulator.traffic.count("set", "pin_code") == 0

    emulator.set_device_online(True)
    await wait_until(lambda: "864213" in emulator.codes().values(), 10)
    await wait_until(lambda: sync.state is SyncState.IN_SYNC, 10)


async def test_change_lands_when_zigbee2mqtt_restarts(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], events: Recorder
) -> None:
    """Zigbee2MQTT itself stops (bridge offline); the change lands after its restart."""
    emulator, lock = z2m_lock
    entry = await household_on(hass, lock)
    sync = entry.runtime_data.locks[lock]

    emulator.stop()
    await wait_until(lambda: not sync.provider.available)
    await call(hass, "add_person", {"name": "Dave", "pin": "531864"})
    await wait_until(lambda: sync.state is SyncState.UNREACHABLE)
    assert emulator.codes() == {}

    emulator.start()
    await wait_until(lambda: "531864" in emulator.codes().values(), 10)
    await wait_until(lambda: sync.state is SyncState.IN_SYNC, 10)


async def test_radio_loss_before_zigbee2mqtt_notices(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], events: Recorder
) -> None:
    """The write is sent while the lock is already gone: the failed read-back keeps it
    pending (lock_unreachable), and a later sync lands it."""
    emulator, lock = z2m_lock
    entry = await household_on(hass, lock)
    sync = entry.runtime_data.locks[lock]
    emulator.device_online = False  # radio gone, availability still says online
    await call(hass, "add_person", {"name": "Erin", "pin": "319753"})
    await wait_until(lambda: any(a["kind"] == "lock_unreachable" for a in events.of(EVENT_ALERT)))
    assert emulator.codes() == {}
    assert not any("319753" in str(e.data) for e in events.events)

    emulator.device_online = True
    await call(hass, "sync", {"locks": [lock]})
    await wait_until(lambda: "319753" in emulator.codes().values(), 10)
    await wait_until(lambda: sync.state is SyncState.IN_SYNC, 10)


async def test_commands_and_time_per_change(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str]
) -> None:
    """A change costs one /set and one /get; it is verified within about a second.

    The lock's programming event for Housekey's own write (pin_code_added, source rf)
    is its echo and costs no second /get.
    """
    emulator, lock = z2m_lock
    entry = await household_on(hass, lock)
    sets, gets = len(emulator.traffic.sets), len(emulator.traffic.gets)

    started = time.monotonic()
    await call(hass, "add_person", {"name": "Fay", "pin": "482915"})
    await wait_until(lambda: "482915" in emulator.codes().values(), 10)
    await wait_until(lambda: in_sync(entry, lock), 10)
    elapsed = time.monotonic() - started

    assert (len(emulator.traffic.sets) - sets, len(emulator.traffic.gets) - gets) == (1, 1)
    assert elapsed < 3.0


async def test_keypad_limit_set_on_adoption_and_wrong_codes_alert_once(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str], events: Recorder
) -> None:
    """The lock's own lockout becomes the first one (30 s); a restart sends nothing; wrong
    codes typed at its keypad are one alert."""
    emulator, lock = z2m_lock
    entry = await household_on(hass, lock)
    assert emulator.security == {"wrongCodeEntryLimit": 5, "userCodeTemporaryDisableTime": 30}
    writes = [m for m in emulator.traffic.sets if "write" in m]
    assert len(writes) == 1
    sets = len(emulator.traffic.sets)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await wait_until(lambda: in_sync(entry, lock), 15)
    await hass.async_block_till_done()
    assert emulator.traffic.sets[sets:] == []

    for _ in range(8):
        emulator.type_code("000000")
    await wait_until(lambda: len(events.of(EVENT_ACCESS)) == 8)
    assert [(a["kind"], a["detail"]) for a in events.of(EVENT_ALERT)] == [
        (
            "brute_force",
            "burst window: 5 wrong codes within 1 min; "
            "the lock shuts its keypad by its own wrong-code limit",
        )
    ]


async def test_weekly_hours_stay_home_assistants_to_enforce(
    hass: HomeAssistant, z2m_lock: tuple[Zigbee2MqttLockEmulator, str]
) -> None:
    """Zigbee2MQTT offers a lock's user type only as a write-only `pin_code.user_type` and
    no Door Lock schedule commands (zigbee-herdsman-converters has no converter for them),
    and its `users` map reads back no type or entry. So the windows stay Home Assistant's:
    the code is on the lock, as an unrestricted user, only while the window is open."""
    emulator, lock = z2m_lock
    (yale,) = [d for d in emulator.bridge_devices() if d["type"] != "Coordinator"]
    exposes = yale["definition"]["exposes"]
    pin_code = next(e for e in exposes if e.get("name") == "pin_code")
    access = {feature["name"]: feature["access"] for feature in pin_code["features"]}
    assert access["user_type"] == 2  # set only: never published back
    features = [f for e in exposes for f in (e, *e.get("features", ()))]
    assert not [f for f in features if "schedule" in f.get("name", "")]

    entry = await household_on(hass, lock)
    state = hass.states.get("sensor.front_door_code_sync")
    assert state is not None
    assert state.attributes["enforcement"] == "home_assistant"
    today = dt_util.now().weekday()
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    all_day = {"start": "00:00", "end": "23:59"}
    now = [{"days": [day[today]], **all_day}]
    later = [{"days": [day[(today + 2) % 7]], **all_day}]
    for name, pin, weekly in (("Cleo", "135792", now), ("Dana", "246813", later)):
        data = {"name": name, "role": "service", "pin": pin, "weekly": weekly}
        await call(hass, "add_person", data)
    await wait_until(lambda: in_sync(entry, lock), 15)
    held = {user.pin: user.user_type for user in emulator.users.values()}
    assert held == {"135792": 0}  # unrestricted; Dana's code comes when her window opens
