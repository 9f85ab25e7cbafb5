"""Housekey end to end on the real Z-Wave JS stack.

Housekey actions → sync engine → Z-Wave JS provider → Home Assistant's zwave_js →
@zwave-js/server → zwave-js driver → mock controller → the mock lock's own slots, and
the lock's notifications all the way back to `housekey_access` / `housekey_alert`.
What the lock holds is always read from the lock's side (the mock), never from Housekey.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util import slugify
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.housekey.const import EVENT_ACCESS, EVENT_ALERT
from custom_components.housekey.records import SyncState
from tests.conftest import Recorder, call, setup_household

from .conftest import wait_for
from .harness import ZwaveStack


async def lock_holds(stack: ZwaveStack, code: str | None, timeout: float = 20.0) -> int | None:
    """Wait until the lock holds `code` (or, for None, until it holds no code at all)."""
    found: list[int | None] = []

    async def check() -> bool:
        held = await stack.codes()
        if code is None:
            return not held
        slot = next((s for s, c in held.items() if c == code), None)
        found[:] = [slot]
        return slot is not None

    async with asyncio.timeout(timeout):
        while True:
            if await check():
                return found[0] if found else None
            await asyncio.sleep(0.1)


async def household_on(hass: HomeAssistant, lock: str) -> MockConfigEntry:
    """Set the household up on the lock and wait until it is adopted and its keypad tightened."""
    entry = await setup_household(hass, simulated=0, locks=[lock], pin_min=6, pin_max=8)
    sync = entry.runtime_data.locks[lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    await wait_for(lambda: lock in entry.runtime_data.guard.hardened)
    await wait_for(lambda: not sync.working)
    return entry


async def test_entities_stay_on_the_locks_own_device(hass: HomeAssistant, zwave_lock: str) -> None:
    """Housekey's per-lock entities sit on the Z-Wave lock's device (no device of
    Housekey's own), named after it; a renamed device keeps them, and when the lock
    moves to a re-created device they follow, entity ids unchanged."""
    entry = await household_on(hass, zwave_lock)
    entities = er.async_get(hass)
    devices = dr.async_get(hass)
    lock = entities.async_get(zwave_lock)
    assert lock is not None
    assert lock.device_id is not None
    device = devices.async_get(lock.device_id)
    assert device is not None
    ours = [
        e
        for e in er.async_entries_for_config_entry(entities, entry.entry_id)
        if e.unique_id.startswith(f"{entry.entry_id}_{zwave_lock}_")
    ]
    ids = {e.entity_id for e in ours}
    assert len(ids) == 3
    assert {e.device_id for e in ours} == {device.id}
    assert f"sensor.{slugify(device.name)}_code_sync" in ids
    own_devices = dr.async_entries_for_config_entry(devices, entry.entry_id)
    assert [d.identifiers for d in own_devices] == [{("housekey", entry.entry_id)}]

    devices.async_update_device(device.id, name_by_user="Front gate")
    await hass.async_block_till_done()
    assert {entities.async_get(i).device_id for i in ids} == {device.id}  # type: ignore[union-attr]

    assert lock.config_entry_id is not None
    recreated = devices.async_get_or_create(
        config_entry_id=lock.config_entry_id, identifiers={("zwave_js", "recreated")}
    )
    entities.async_update_entity(zwave_lock, device_id=recreated.id)
    await hass.async_block_till_done()
    assert {entities.async_get(i).device_id for i in ids} == {recreated.id}  # type: ignore[union-attr]
    assert all(hass.states.get(i) is not None for i in ids)


async def test_person_lifecycle_on_the_lock(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str, events: Recorder
) -> None:
    """Add → code in the lock's slot; keypad use → access with the person; set_pin; offboard."""
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]
    caps = sync.capabilities
    assert caps is not None
    assert caps.slots == 10
    assert (caps.pin_min, caps.pin_max) == (4, 10)

    await zwave_stack.lock("reset_frames")
    added = await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    slot = await lock_holds(zwave_stack, "246813")
    assert slot is not None
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    # The lock's report of Housekey's own write is not taken for a change at the lock:
    # one User Code Set and the sync engine's one Get that verified it, no second read.
    # (The driver's own delayed Configuration Get, verifying the keypad limit set at
    # adoption, may land in this window too: it is not Housekey's.)
    await asyncio.sleep(0.5)
    assert (await zwave_stack.frames()).get("User Code") == 2

    await zwave_stack.keypad_unlock(slot)
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    access = events.of(EVENT_ACCESS)[-1]
    assert access["person_id"] == added["person_id"]
    assert access["person_name"] == "Alice"
    assert (access["outcome"], access["method"], access["slot"], access["lock"]) == (
        "granted",
        "keypad",
        slot,
        zwave_lock,
    )

    await call(hass, "set_pin", {"person": "Alice", "pin": "975318"})
    assert await lock_holds(zwave_stack, "975318") == slot
    assert "246813" not in (await zwave_stack.codes()).values()

    result = await call(hass, "offboard_person", {"person": "Alice", "timeout": 20})
    assert result["locks"] == {zwave_lock: "removed"}
    assert await zwave_stack.codes() == {}
    assert not any("975318" in str(e.data) for e in events.events)


async def test_code_behind_housekeys_back_is_reported(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str, events: Recorder
) -> None:
    """A code programmed at the lock's keypad is alerted as soon as the lock reports it.

    The lock sends an unsolicited User Code Report; the driver's value update for slot 7
    becomes SlotChanged(7), the engine reads slot 7 back and alerts, no housekey.sync.
    """
    entry = await household_on(hass, zwave_lock)
    await call(hass, "add_person", {"name": "Bob", "pin": "135792"})
    bob_slot = await lock_holds(zwave_stack, "135792")
    await wait_for(lambda: entry.runtime_data.locks[zwave_lock].state is SyncState.IN_SYNC)

    # someone programs 8642 into slot 7 at the keypad; the lock reports it (User Code Report)
    await zwave_stack.lock("reset_frames")
    await zwave_stack.lock("set_code", slot=7, code="8642", report=True)
    await wait_for(lambda: any(a["kind"] == "foreign_code" for a in events.of(EVENT_ALERT)))
    await wait_for(lambda: entry.runtime_data.locks[zwave_lock].state is SyncState.IN_SYNC)
    # status and code changed together: read back once
    assert await zwave_stack.frames() == {"User Code": 1}
    alerts = [a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]
    assert len(alerts) == 1
    assert alerts[0]["lock"] == zwave_lock
    assert entry.runtime_data.locks[zwave_lock].record.foreign == {7}
    assert await zwave_stack.codes() == {bob_slot: "135792", 7: "8642"}

    # and an opening with that foreign code is recorded as an access by nobody
    await zwave_stack.keypad_unlock(7)
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    access = events.of(EVENT_ACCESS)[-1]
    assert (access["outcome"], access["slot"], access["person_id"]) == ("granted", 7, None)


async def test_code_change_notifications_are_followed(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str, events: Recorder
) -> None:
    """Access Control 14 / 13 / 12 from the lock make Housekey read the slots they name.

    No User Code Report comes with them, so the driver's copy stays stale: what Housekey
    learns it learns from reading the lock because the notification said so.
    """
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]
    await call(hass, "add_person", {"name": "Bob", "pin": "135792"})
    bob_slot = await lock_holds(zwave_stack, "135792")
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)

    # "New user code added" for user 5
    await zwave_stack.lock("set_code", slot=5, code="8642", notify=True)
    await wait_for(lambda: sync.record.foreign == {5})
    alerts = [a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]
    assert len(alerts) == 1

    # "Single user code deleted" for user 5: the slot is no longer foreign
    await zwave_stack.lock("set_code", slot=5, code="", notify=True)
    await wait_for(lambda: sync.record.foreign == set())

    # "All user codes deleted": Bob's code is gone from the lock, and Housekey puts it back
    await zwave_stack.lock("wipe_codes", notify=True)
    assert await zwave_stack.codes() == {}
    assert await lock_holds(zwave_stack, "135792") == bob_slot
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    assert len([a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]) == 1
    assert not any("135792" in str(e.data) or "8642" in str(e.data) for e in events.events)


async def test_lockout_and_invalid_codes_become_alerts(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str, events: Recorder
) -> None:
    """Access Control 19 (code-entry limit) → brute_force; 50 (invalid code) → denied."""
    await household_on(hass, zwave_lock)
    await zwave_stack.lock("notify", type=6, event=50)
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    assert events.of(EVENT_ACCESS)[-1]["outcome"] == "denied"

    await zwave_stack.lock("notify", type=6, event=19)
    await wait_for(lambda: any(a["kind"] == "brute_force" for a in events.of(EVENT_ALERT)))

    # a keypad *lock* operation is not an access
    count = len(events.of(EVENT_ACCESS))
    await zwave_stack.lock("notify", type=6, event=5, params=[1])
    await zwave_stack.lock("notify", type=6, event=6, params=[4])  # a marker that does count
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) > count)
    assert [e["slot"] for e in events.of(EVENT_ACCESS)[count:]] == [4]


async def test_change_lands_when_the_stack_comes_back(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    zwave_entry: MockConfigEntry,
    events: Recorder,
) -> None:
    """The Z-Wave JS server goes down: the change waits, and lands when it is back."""
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]

    await zwave_stack.stop_server()
    await wait_for(lambda: hass.states.get(zwave_lock).state == STATE_UNAVAILABLE)
    await call(hass, "add_person", {"name": "Carol", "pin": "864213"})
    await wait_for(lambda: sync.state is SyncState.UNREACHABLE)
    assert await zwave_stack.codes() == {}

    await zwave_stack.start_server()
    # Home Assistant's zwave_js retries its setup on its own schedule; move the clock on
    for _ in range(20):
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=5))
        await hass.async_block_till_done()
        if hass.states.get(zwave_lock).state != STATE_UNAVAILABLE:
            break
        await asyncio.sleep(0.5)
    slot = await lock_holds(zwave_stack, "864213")
    assert slot is not None
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    kinds = [a["kind"] for a in events.of(EVENT_ALERT)]
    assert "lock_unreachable" in kinds


async def test_reports_keep_coming_after_zwave_js_reloads(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    zwave_entry: MockConfigEntry,
    events: Recorder,
) -> None:
    """A reload of Home Assistant's zwave_js builds a new client and new node objects:
    Housekey attaches to the new node, so openings and codes set at the keypad are
    still reported."""
    entry = await household_on(hass, zwave_lock)
    added = await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    slot = await lock_holds(zwave_stack, "246813")
    assert slot is not None
    sync = entry.runtime_data.locks[zwave_lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)

    assert await hass.config_entries.async_reload(zwave_entry.entry_id)
    await wait_for(lambda: hass.states.get(zwave_lock).state != STATE_UNAVAILABLE, 30)
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    count = len(events.of(EVENT_ACCESS))
    await zwave_stack.keypad_unlock(slot)
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) > count)
    assert events.of(EVENT_ACCESS)[-1]["person_id"] == added["person_id"]
    # the new node's value updates: a code programmed at the keypad
    await zwave_stack.lock("set_code", slot=7, code="8642", report=True)
    await wait_for(lambda: any(a["kind"] == "foreign_code" for a in events.of(EVENT_ALERT)))
    assert sync.record.foreign == {7}


async def test_change_lands_when_a_dead_node_comes_back(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str, events: Recorder
) -> None:
    """The lock stops answering (driver marks it dead); the change lands once it is heard."""
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]

    await zwave_stack.lock("dead")
    await call(hass, "add_person", {"name": "Dave", "pin": "531864"})
    await wait_for(lambda: sync.state is SyncState.UNREACHABLE, 30)
    assert any(a["kind"] == "lock_unreachable" for a in events.of(EVENT_ALERT))
    assert await zwave_stack.codes() == {}

    # the lock is back and is heard from (someone locks it by hand)
    await zwave_stack.lock("alive")
    await zwave_stack.lock("notify", type=6, event=1)
    slot = await lock_holds(zwave_stack, "531864", timeout=30)
    assert slot is not None
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)


async def test_keypad_limit_is_set_once_and_wrong_codes_alert_once(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str, events: Recorder
) -> None:
    """Adoption sets the lock's own Wrong Code Lockout Time to the first lockout (the limit
    already is 5); a restart sends nothing; a dozen invalid codes are one alert."""
    entry = await household_on(hass, zwave_lock)
    assert await zwave_stack.lock("config") == {"1": 2, "4": 5, "7": 30}
    assert entry.runtime_data.guard.hardened[zwave_lock] == {
        "limit": 5,
        "lockout": 30,
        "supported": True,
    }

    await zwave_stack.lock("reset_frames")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    sync = entry.runtime_data.locks[zwave_lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    await asyncio.sleep(0.5)
    assert "Configuration" not in await zwave_stack.frames()

    for _ in range(12):
        await zwave_stack.lock("notify", type=6, event=50)  # invalid credential used
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 12)
    await zwave_stack.lock("notify", type=6, event=19)  # the lock's own code-entry limit
    await zwave_stack.lock("notify", type=6, event=50)
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 13)
    assert [(a["kind"], a["detail"]) for a in events.of(EVENT_ALERT)] == [
        (
            "brute_force",
            "burst window: 5 wrong codes within 1 min; "
            "the lock shuts its keypad by its own wrong-code limit",
        )
    ]
