"""Housekey actions end to end on a Zigbee lock behind Home Assistant's real ZHA.

A household config entry manages the ZHA lock entity; the lock is the radio-free
Yale YRD226 of zha_stack.py. Every assertion about the lock is about the PIN
user table the lock holds after decoding the frames ZHA/zigpy put on the air.
"""

from __future__ import annotations

import time

import pytest
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockUser
from zigpy.zcl.clusters.closures import DoorLock

from custom_components.housekey.providers.zha import ZhaProvider
from custom_components.housekey.records import SyncState
from custom_components.housekey.reports import REMOTE_WINDOW
from custom_components.housekey.sync import LockSync
from tests.conftest import Recorder, call, settle, setup_household
from tests.providers.zha.zha_stack import ZhaStack

ALICE_PIN = "482913"
NEW_PIN = "739154"


@pytest.fixture
def no_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scenario tests need no radio breathing room; the figures test keeps it."""
    monkeypatch.setattr(ZhaProvider, "pacing", 0.0)


def slot_of(entry, lock: str, person_id: str) -> int:
    record = entry.runtime_data.locks[lock].record
    return next(s for s, a in record.applied.items() if a.ref.person_id == person_id)


def frames_since(stack: ZhaStack, mark: int) -> list[tuple[str, int]]:
    return [(f.name, f.args["user_id"]) for f in stack.lock.pin_commands()[mark:]]


@pytest.mark.usefixtures("no_pacing")
async def test_people_reach_the_zigbee_lock(
    hass: HomeAssistant, stack: ZhaStack, events: Recorder
) -> None:
    lock = stack.entity_id
    # A code someone set on the keypad before Housekey arrived (ZHA slot 10).
    stack.lock.table[9] = (DoorLock.UserStatus.Enabled, DoorLock.UserType.Unrestricted, "5550")
    entry = await setup_household(hass, simulated=0, locks=[lock])
    runtime = entry.runtime_data
    await settle(runtime, timeout=15)
    # Adoption: capabilities, then every slot read once.
    assert runtime.locks[lock].capabilities.slots == 250
    assert len(stack.lock.pin_commands()) == 1 + 250
    foreign = [a for a in events.of("housekey_alert") if a["kind"] == "foreign_code"]
    assert foreign == [
        {
            "household": "Maple Street",
            "kind": "foreign_code",
            "lock": lock,
            "person_id": None,
            "detail": "slots 10",
        }
    ]
    assert stack.lock.code_in_slot(10) == "5550"  # reported, never deleted

    # add_person -> Set PIN Code on the wire, verified by Get PIN Code.
    mark = len(stack.lock.pin_commands())
    resp = await call(hass, "add_person", {"name": "Alice", "pin": ALICE_PIN})
    await settle(runtime, timeout=15)
    person_id = resp["person_id"]
    slot = slot_of(entry, lock, person_id)
    assert slot != 10
    assert stack.lock.code_in_slot(slot) == ALICE_PIN
    assert frames_since(stack, mark) == [("set_pin_code", slot - 1), ("get_pin_code", slot - 1)]
    assert runtime.locks[lock].state is SyncState.IN_SYNC

    # The lock reports Alice's keypad unlock: housekey_access names her.
    stack.lock.send_operation_event("Keypad", "Unlock", slot - 1)
    stack.lock.send_operation_event("Keypad", "UnlockFailureInvalidPINorID", 0xFFFF)
    await hass.async_block_till_done()
    # A refusal right after a write re-reads the fresh code once; let that finish.
    await settle(runtime, timeout=15)
    access = {e["outcome"]: e for e in events.of("housekey_access")}
    granted, denied = access["granted"], access["denied"]
    assert granted | {"household": None} == {
        "household": None,
        "lock": lock,
        "entity_id": lock,
        "outcome": "granted",
        "person_id": person_id,
        "person_name": "Alice",
        "role": "resident",
        "method": "keypad",
        "slot": slot,
        "user_id": None,
    }
    assert (denied["outcome"], denied["person_id"], denied["slot"]) == ("denied", None, None)

    # set_pin: the same slot now holds the new code.
    mark = len(stack.lock.pin_commands())
    await call(hass, "set_pin", {"person": "Alice", "pin": NEW_PIN})
    await settle(runtime, timeout=15)
    assert stack.lock.code_in_slot(slot_of(entry, lock, person_id)) == NEW_PIN
    assert ALICE_PIN not in {entry[2] for entry in stack.lock.table.values()}
    assert [name for name, _ in frames_since(stack, mark)] == ["set_pin_code", "get_pin_code"]

    # suspend -> Clear PIN Code (verified empty); resume -> back.
    slot = slot_of(entry, lock, person_id)
    mark = len(stack.lock.pin_commands())
    await call(hass, "suspend_person", {"person": "Alice"})
    await settle(runtime, timeout=15)
    assert stack.lock.code_in_slot(slot) is None
    assert frames_since(stack, mark) == [("clear_pin_code", slot - 1), ("get_pin_code", slot - 1)]
    await call(hass, "resume_person", {"person": "Alice"})
    await settle(runtime, timeout=15)
    assert NEW_PIN in {entry[2] for entry in stack.lock.table.values()}

    # offboard: removed from the lock before the action returns.
    resp = await call(hass, "offboard_person", {"person": "Alice"})
    assert resp["locks"] == {lock: "removed"}
    assert NEW_PIN not in {entry[2] for entry in stack.lock.table.values()}
    assert stack.lock.code_in_slot(10) == "5550"


@pytest.mark.usefixtures("no_pacing")
async def test_foreign_code_set_behind_housekeys_back(
    hass: HomeAssistant, stack: ZhaStack, events: Recorder
) -> None:
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    await settle(entry.runtime_data, timeout=15)
    assert not [a for a in events.of("housekey_alert") if a["kind"] == "foreign_code"]
    # Someone programs slot 42 on the keypad; a sync re-reads the lock.
    stack.lock.table[41] = (DoorLock.UserStatus.Enabled, DoorLock.UserType.Unrestricted, "9090")
    assert await call(hass, "sync", {}) == {lock: "in_sync"}
    await hass.async_block_till_done()
    alerts = [a for a in events.of("housekey_alert") if a["kind"] == "foreign_code"]
    assert [(a["lock"], a["detail"]) for a in alerts] == [(lock, "slots 42")]
    # And an unlock with an unknown slot's code is reported as foreign too.
    stack.lock.table[60] = (DoorLock.UserStatus.Enabled, DoorLock.UserType.Unrestricted, "7070")
    stack.lock.send_operation_event("Keypad", "Unlock", 60)
    await hass.async_block_till_done()
    alerts = [a for a in events.of("housekey_alert") if a["kind"] == "foreign_code"]
    assert alerts[-1]["detail"] == "slots 61"
    assert events.of("housekey_access")[-1]["person_id"] is None


@pytest.mark.usefixtures("no_pacing")
async def test_code_programmed_at_the_keypad_is_reported_without_a_sync(
    hass: HomeAssistant, stack: ZhaStack, events: Recorder
) -> None:
    """The lock's Programming Event Notification → that slot read back → foreign_code."""
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    runtime = entry.runtime_data
    await settle(runtime, timeout=15)
    resp = await call(hass, "add_person", {"name": "Alice", "pin": ALICE_PIN})
    await settle(runtime, timeout=15)
    alice = slot_of(entry, lock, resp["person_id"])
    mark = len(stack.lock.pin_commands())

    stack.lock.program_at_keypad(42, "9090")  # with the master code; no housekey.sync
    await hass.async_block_till_done()
    await settle(runtime, timeout=15)
    alerts = [a for a in events.of("housekey_alert") if a["kind"] == "foreign_code"]
    assert [(a["lock"], a["detail"]) for a in alerts] == [(lock, "slots 42")]
    assert "9090" not in str(events.events)
    assert frames_since(stack, mark) == [("get_pin_code", 41)]  # that slot only
    assert stack.lock.code_in_slot(42) == "9090"  # reported, never deleted
    assert runtime.locks[lock].record.foreign == {42}

    # Deleted again at the keypad: the slot is no longer foreign.
    stack.lock.program_at_keypad(42, None)
    await hass.async_block_till_done()
    await settle(runtime, timeout=15)
    assert runtime.locks[lock].record.foreign == set()

    # A managed code deleted at the keypad is written again.
    mark = len(stack.lock.pin_commands())
    stack.lock.program_at_keypad(alice, None)
    await hass.async_block_till_done()
    await settle(runtime, timeout=15)
    assert stack.lock.code_in_slot(alice) == ALICE_PIN
    assert frames_since(stack, mark) == [
        ("get_pin_code", alice - 1),
        ("set_pin_code", alice - 1),
        ("get_pin_code", alice - 1),
    ]


@pytest.mark.usefixtures("no_pacing")
async def test_change_lands_when_the_lock_comes_back(
    hass: HomeAssistant, stack: ZhaStack, events: Recorder
) -> None:
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    runtime = entry.runtime_data
    await settle(runtime, timeout=15)
    await stack.go_offline()
    mark = len(stack.lock.received)
    resp = await call(hass, "add_person", {"name": "Bob", "pin": "615243"})
    await settle(runtime, timeout=15)
    assert runtime.locks[lock].state is SyncState.UNREACHABLE
    assert "615243" not in {entry[2] for entry in stack.lock.table.values()}
    assert len(stack.lock.received) == mark  # nothing was sent while ZHA says unavailable
    assert any(a["kind"] == "lock_unreachable" for a in events.of("housekey_alert"))
    await stack.come_back()
    await settle(runtime, timeout=15)
    slot = slot_of(entry, lock, resp["person_id"])
    assert stack.lock.code_in_slot(slot) == "615243"
    assert runtime.locks[lock].state is SyncState.IN_SYNC


async def test_figures_commands_and_time_per_change(
    hass: HomeAssistant, stack: ZhaStack, record_property, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frames on the air and wall time per change, with the provider's real pacing.

    The lock announces every PIN change made over Zigbee too; those echoes of
    Housekey's own writes cost no extra read. The Yale holds schedules (one week-day
    and one year-day entry per user): the first write to a slot also clears the
    user's two entries, which are then known empty."""
    # The first scan of 250 slots is not what is measured here; let it run unspaced.
    monkeypatch.setattr(LockSync, "SCAN_PACING", 0.0)
    stack.lock.announce_rf_writes = True
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    runtime = entry.runtime_data
    await settle(runtime, timeout=15)
    figures = {}
    for action, data in (
        ("add_person", {"name": "Carol", "pin": "246813"}),
        ("set_pin", {"person": "Carol", "pin": "864213"}),
        ("suspend_person", {"person": "Carol"}),
    ):
        mark = len(stack.lock.received)
        start = time.monotonic()
        await call(hass, action, data)
        await settle(runtime, timeout=15)
        figures[action] = (len(stack.lock.received) - mark, round(time.monotonic() - start, 2))
    record_property("zha_figures", figures)
    print(f"ZHA figures (frames, seconds to verified): {figures}")
    # one write or clear and one read-back; the first write clears the two entries too
    assert {action: frames for action, (frames, _s) in figures.items()} == {
        "add_person": 4,
        "set_pin": 2,
        "suspend_person": 2,
    }
    for frames, seconds in figures.values():
        assert seconds < (frames + 1) * ZhaProvider.pacing + 1


@pytest.mark.usefixtures("no_pacing")
async def test_the_keypad_limit_is_set_once_on_adoption(
    hass: HomeAssistant, stack: ZhaStack, events: Recorder
) -> None:
    """The lock's UserCodeTemporaryDisableTime (60 s) becomes the first lockout (30 s);
    its WrongCodeEntryLimit already is the burst window's 5. A restart sends nothing."""
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    await settle(entry.runtime_data, timeout=15)
    writes = [f for f in stack.lock.received if f.name == "Write_Attributes"]
    assert [[(a.attrid, a.value.value) for a in f.args["attributes"]] for f in writes] == [
        [(0x0031, 30)]
    ]
    assert stack.lock.attributes[0x0101]["user_code_temporary_disable_time"] == 30
    assert entry.runtime_data.guard.hardened[lock]["supported"] is True
    mark = len(stack.lock.received)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await settle(entry.runtime_data, timeout=15)
    assert stack.lock.received[mark:] == []


@pytest.mark.usefixtures("no_pacing")
async def test_a_lock_without_a_keypad_limit_is_alerted_as_such(
    hass: HomeAssistant, stack: ZhaStack, events: Recorder
) -> None:
    door = stack.lock.attributes[0x0101]
    del door["wrong_code_entry_limit"], door["user_code_temporary_disable_time"]
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    await settle(entry.runtime_data, timeout=15)
    assert entry.runtime_data.guard.hardened[lock]["supported"] is False
    assert not [f for f in stack.lock.received if f.name == "Write_Attributes"]
    for _ in range(6):
        stack.lock.send_operation_event("Keypad", "UnlockFailureInvalidPINorID", 0xFFFF)
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    assert len([a for a in events.of("housekey_access") if a["outcome"] == "denied"]) == 6
    assert [a["detail"] for a in events.of("housekey_alert") if a["kind"] == "brute_force"] == [
        "burst window: 5 wrong codes within 1 min; "
        "no lockout: Housekey cannot shut this lock's keypad"
    ]


@pytest.mark.usefixtures("no_pacing")
async def test_a_remote_opening_is_attributed_to_the_user_who_asked_for_it(
    hass: HomeAssistant, stack: ZhaStack, events: Recorder, hass_admin_user: MockUser
) -> None:
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    await settle(entry.runtime_data, timeout=15)
    await call(hass, "add_person", {"name": "Bob", "ha_user": hass_admin_user.id})
    await settle(entry.runtime_data, timeout=15)

    # Bob opens the door from the dashboard; the lock says only "RF unlock".
    context = Context(user_id=hass_admin_user.id)
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": lock}, blocking=True, context=context
    )
    stack.lock.send_operation_event("RF", "Unlock", 0)
    # A Zigbee remote opens it next: nobody asked Home Assistant, so nobody is named.
    stack.lock.send_operation_event("RF", "Unlock", 0)
    await hass.async_block_till_done()
    first, second = [(e["user_id"], e["person_name"]) for e in events.of("housekey_access")]
    assert first == (hass_admin_user.id, "Bob")
    assert second == (None, None)


@pytest.mark.usefixtures("no_pacing")
async def test_an_old_action_does_not_name_a_later_remote_opening(
    hass: HomeAssistant,
    stack: ZhaStack,
    events: Recorder,
    hass_admin_user: MockUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = stack.entity_id
    entry = await setup_household(hass, simulated=0, locks=[lock])
    await settle(entry.runtime_data, timeout=15)
    context = Context(user_id=hass_admin_user.id)
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": lock}, blocking=True, context=context
    )
    later = time.monotonic() + REMOTE_WINDOW + 1
    monkeypatch.setattr("custom_components.housekey.reports.monotonic", lambda: later)
    stack.lock.send_operation_event("RF", "Unlock", 0)
    await hass.async_block_till_done()
    assert [e["user_id"] for e in events.of("housekey_access")] == [None]
