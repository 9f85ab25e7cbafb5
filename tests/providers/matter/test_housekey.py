"""Housekey end to end on a Matter lock.

Housekey actions → sync engine → Matter provider → Home Assistant's real matter
integration and MatterClient → websocket → the fake Matter server's Door Lock, and
the lock's events all the way back to `housekey_access` / `housekey_alert`. What the
lock holds is read from the lock's side (the fake's user and credential tables),
never from Housekey. Each scenario pins the exact commands one change costs.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from chip.clusters import Objects as clusters
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.housekey.const import EVENT_ACCESS, EVENT_ALERT
from custom_components.housekey.records import SyncState
from tests.conftest import Recorder, call, setup_household
from tests.providers.matter.fake_matter_server import FakeMatterServer, wait_for

DL = clusters.DoorLock
TIMED = 10_000


async def household_on(hass: HomeAssistant, lock: str) -> MockConfigEntry:
    entry = await setup_household(hass, simulated=0, locks=[lock], pin_min=6, pin_max=8)
    sync = entry.runtime_data.locks[lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    return entry


async def in_sync(entry: MockConfigEntry, lock: str) -> None:
    sync = entry.runtime_data.locks[lock]
    await wait_for(lambda: not sync.working and sync.state is SyncState.IN_SYNC)


def names(server: FakeMatterServer) -> list[str]:
    return [c.name for c in server.commands]


async def test_person_lifecycle_on_the_lock(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str, events: Recorder
) -> None:
    """add → user + PIN; keypad opening → access with the person; set_pin; suspend;
    resume; offboard. Commands per change are counted on the server's side."""
    lock = matter_server.lock
    entry = await household_on(hass, matter_lock)
    caps = entry.runtime_data.locks[matter_lock].capabilities
    assert caps is not None
    assert (caps.slots, caps.pin_min, caps.pin_max) == (10, 6, 8)
    # adoption: one GetCredentialStatus; NextCredentialIndex says nothing else is stored
    assert names(matter_server) == ["GetCredentialStatus"]
    matter_server.commands.clear()

    added = await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    await in_sync(entry, matter_lock)
    slot = lock.user_of_pin("246813")
    assert slot is not None
    assert lock.pin_of(slot) == "246813"
    assert lock.users[slot].name == "housekey"
    add = matter_server.commands
    assert [c.name for c in add] == [
        "GetCredentialStatus",
        "GetUser",
        "SetUser",
        "SetCredential",
        "GetCredentialStatus",  # the sync engine's verification read
        "GetUser",  # with the user's type: the lock holds schedules, Alice has none
    ]
    assert add[2].command == DL.Commands.SetUser(
        operationType=DL.Enums.DataOperationTypeEnum.kAdd,
        userIndex=slot,
        userName="housekey",
        userUniqueID=clusters.NullValue,
        userStatus=DL.Enums.UserStatusEnum.kOccupiedEnabled,
        userType=DL.Enums.UserTypeEnum.kUnrestrictedUser,
        credentialRule=DL.Enums.CredentialRuleEnum.kSingle,
    )
    assert add[3].command == DL.Commands.SetCredential(
        operationType=DL.Enums.DataOperationTypeEnum.kAdd,
        credential=DL.Structs.CredentialStruct(
            credentialType=DL.Enums.CredentialTypeEnum.kPin, credentialIndex=slot
        ),
        credentialData=b"246813",
        userIndex=slot,
        userStatus=clusters.NullValue,
        userType=clusters.NullValue,
    )
    assert [c.timed_request_timeout_ms for c in add] == [None, None, TIMED, TIMED, None, None]

    # Alice types her PIN: the lock reports LockOperation with her user index only
    await matter_server.send_event(
        2, {"lockOperationType": 1, "operationSource": 3, "userIndex": lock.user_of_pin("246813")}
    )
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    access = events.of(EVENT_ACCESS)[-1]
    assert access["person_id"] == added["person_id"]
    assert access["person_name"] == "Alice"
    assert (access["outcome"], access["method"], access["slot"], access["lock"]) == (
        "granted",
        "keypad",
        slot,
        matter_lock,
    )
    assert len(matter_server.commands) == 6  # the user was known: no lookup

    matter_server.commands.clear()
    await call(hass, "set_pin", {"person": "Alice", "pin": "975318"})
    await in_sync(entry, matter_lock)
    assert lock.pin_of(slot) == "975318"
    assert lock.user_of_pin("246813") is None
    assert names(matter_server) == [
        "GetCredentialStatus",
        "GetUser",  # still unrestricted: no schedule command
        "SetCredential",
        "GetCredentialStatus",
        "GetUser",
    ]
    modify = matter_server.commands[2]
    assert modify.command.operationType == DL.Enums.DataOperationTypeEnum.kModify
    assert modify.command.userIndex == slot
    assert modify.timed_request_timeout_ms == TIMED

    matter_server.commands.clear()
    await call(hass, "suspend_person", {"person": "Alice"})
    await in_sync(entry, matter_lock)
    assert lock.pins == {}
    assert lock.users == {}
    assert names(matter_server) == [
        "GetCredentialStatus",
        "GetUser",
        "ClearUser",
        "GetCredentialStatus",
    ]
    assert matter_server.commands[2].command == DL.Commands.ClearUser(userIndex=slot)
    assert matter_server.commands[2].timed_request_timeout_ms == TIMED

    await call(hass, "resume_person", {"person": "Alice"})
    await in_sync(entry, matter_lock)
    assert lock.pin_of(slot) == "975318"

    matter_server.commands.clear()
    result = await call(hass, "offboard_person", {"person": "Alice", "timeout": 10})
    assert result["locks"] == {matter_lock: "removed"}
    assert lock.pins == {}
    assert lock.users == {}
    assert names(matter_server) == [
        "GetCredentialStatus",
        "GetUser",
        "ClearUser",
        "GetCredentialStatus",
    ]
    assert not any(pin in str(e.data) for e in events.events for pin in ("246813", "975318"))


async def test_code_behind_housekeys_back_is_reported(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str, events: Recorder
) -> None:
    """A user with a PIN added by another Matter admin is found, alerted, never deleted."""
    lock = matter_server.lock
    entry = await household_on(hass, matter_lock)
    await call(hass, "add_person", {"name": "Bob", "pin": "135792"})
    await in_sync(entry, matter_lock)
    bob_slot = lock.user_of_pin("135792")

    lock.add_foreign(user_index=7, credential_index=7, code="864209")
    assert not [a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]
    matter_server.commands.clear()
    states = await call(hass, "sync", {"locks": [matter_lock]})
    assert states == {matter_lock: "in_sync"}
    await wait_for(lambda: any(a["kind"] == "foreign_code" for a in events.of(EVENT_ALERT)))
    alerts = [a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]
    assert len(alerts) == 1
    assert alerts[0]["lock"] == matter_lock
    assert "864209" not in str(alerts)
    assert entry.runtime_data.locks[matter_lock].record.foreign == {7}
    # the rescan reads credential 1 (Bob's), which names 7 as the next occupied one:
    # one command per occupied slot, empty slots cost nothing
    assert bob_slot == 1
    credential_reads = [c for c in matter_server.commands if c.name == "GetCredentialStatus"]
    assert [c.command.credential.credentialIndex for c in credential_reads] == [1, 7]
    # and each occupied slot's user type (both unrestricted: no entries to read)
    assert [c.command for c in matter_server.commands if c.name == "GetUser"] == [
        DL.Commands.GetUser(userIndex=1),
        DL.Commands.GetUser(userIndex=7),
    ]
    assert lock.pin_of(7) == "864209"
    assert lock.pin_of(bob_slot) == "135792"
    assert set(lock.users) == {bob_slot, 7}

    # an opening with that PIN is an access by nobody, on slot 7
    await matter_server.send_event(
        2,
        {
            "lockOperationType": 1,
            "operationSource": 3,
            "userIndex": 7,
            "credentials": [{"credentialType": 1, "credentialIndex": 7}],
        },
    )
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    access = events.of(EVENT_ACCESS)[-1]
    assert (access["outcome"], access["slot"], access["person_id"]) == ("granted", 7, None)


async def test_code_programmed_at_the_keypad_is_reported_without_a_sync(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str, events: Recorder
) -> None:
    """The lock's LockUserChange for a PIN set at its keypad → that credential read
    back → foreign_code, with no housekey.sync; the lock's echo of Housekey's own
    writes costs nothing."""
    lock = matter_server.lock
    entry = await household_on(hass, matter_lock)
    sync = entry.runtime_data.locks[matter_lock]
    await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    await in_sync(entry, matter_lock)
    alice = lock.user_of_pin("246813")
    assert alice == 1
    matter_server.commands.clear()

    await matter_server.program_at_keypad(5, "555123")
    await wait_for(lambda: any(a["kind"] == "foreign_code" for a in events.of(EVENT_ALERT)))
    await in_sync(entry, matter_lock)
    alerts = [a for a in events.of(EVENT_ALERT) if a["kind"] == "foreign_code"]
    assert [(a["lock"], a["detail"]) for a in alerts] == [(matter_lock, "slots 5")]
    assert "555123" not in str(events.events)
    assert [c.command for c in matter_server.commands] == [  # that slot only
        DL.Commands.GetCredentialStatus(
            credential=DL.Structs.CredentialStruct(
                credentialType=DL.Enums.CredentialTypeEnum.kPin, credentialIndex=5
            )
        ),
        DL.Commands.GetUser(userIndex=lock.pins[5][1]),
    ]
    assert sync.record.foreign == {5}
    assert lock.pin_of(5) == "555123"  # reported, never deleted

    # cleared again at the keypad: the slot is no longer foreign
    await matter_server.program_at_keypad(5, None)
    await wait_for(lambda: sync.record.foreign == set())

    # Alice's PIN cleared at the keypad is written again at once; the lock announces
    # that write too (source Remote), which costs no further read
    matter_server.commands.clear()
    announced = len(matter_server.announced)
    await matter_server.program_at_keypad(alice, None)
    await wait_for(lambda: lock.pin_of(alice) == "246813")
    await in_sync(entry, matter_lock)
    assert names(matter_server) == [
        "GetCredentialStatus",  # the slot the lock named
        "GetCredentialStatus",
        "GetUser",
        "SetCredential",  # Housekey's user 1 is still there: only the PIN is added
        "GetCredentialStatus",  # the sync engine's verification read
        "GetUser",  # with the user's type (unrestricted: no entries to read)
    ]
    assert [
        (e["operationSource"], e["dataOperationType"]) for e in matter_server.announced[announced:]
    ] == [
        (3, 1),  # keypad: cleared
        (7, 0),  # Housekey (remote): added
    ]


async def test_wrong_codes_and_alarms(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str, events: Recorder
) -> None:
    """LockOperationError → denied access; the lock's own code-entry limit → brute_force;
    a forced-user alarm → tamper."""
    await household_on(hass, matter_lock)
    await matter_server.send_event(
        3, {"lockOperationType": 1, "operationSource": 3, "operationError": 1}
    )
    await wait_for(lambda: bool(events.of(EVENT_ACCESS)))
    denied = events.of(EVENT_ACCESS)[-1]
    assert (denied["outcome"], denied["method"], denied["person_id"]) == ("denied", "keypad", None)

    await matter_server.send_event(0, {"alarmCode": 4})
    await matter_server.send_event(0, {"alarmCode": 8})
    await wait_for(lambda: len(events.of(EVENT_ALERT)) >= 2)
    # (the shared Recorder appends from executor threads: order is not guaranteed)
    assert sorted((a["kind"], a["lock"]) for a in events.of(EVENT_ALERT)) == [
        ("brute_force", matter_lock),
        ("tamper", matter_lock),
    ]


async def test_change_lands_when_the_node_comes_back(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str, events: Recorder
) -> None:
    """Node unreachable: the person is added in Housekey, nothing reaches the lock;
    when the Matter server reports the node back, the queue applies it."""
    lock = matter_server.lock
    entry = await household_on(hass, matter_lock)
    sync = entry.runtime_data.locks[matter_lock]
    await matter_server.set_available(False)
    await wait_for(lambda: sync.state is SyncState.UNREACHABLE)
    assert hass.states.get(matter_lock).state == "unavailable"

    matter_server.commands.clear()
    await call(hass, "add_person", {"name": "Carol", "pin": "357913"})
    await hass.async_block_till_done()
    assert sync.state is SyncState.UNREACHABLE
    assert lock.pins == {}
    assert matter_server.commands == []  # nothing is sent to a node known to be away

    await matter_server.set_available(True)
    await in_sync(entry, matter_lock)
    slot = lock.user_of_pin("357913")
    assert slot is not None
    assert lock.pin_of(slot) == "357913"
    assert names(matter_server) == [
        "GetCredentialStatus",
        "GetUser",
        "SetUser",
        "SetCredential",
        "GetCredentialStatus",
        "GetUser",
    ]


async def test_access_after_restart_learns_the_user_once(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str, events: Recorder
) -> None:
    """After a restart the provider no longer knows which user holds which PIN: the
    first event naming only a user costs one GetUser, later ones nothing."""
    entry = await household_on(hass, matter_lock)
    added = await call(hass, "add_person", {"name": "Dana", "pin": "591357"})
    await in_sync(entry, matter_lock)
    user = matter_server.lock.user_of_pin("591357")
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    entry = await setup_household(hass, entry=entry)
    await in_sync(entry, matter_lock)

    matter_server.commands.clear()
    opening = {"lockOperationType": 1, "operationSource": 3, "userIndex": user}
    await matter_server.send_event(2, opening)
    await matter_server.send_event(2, opening)
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 2)
    assert {a["person_id"] for a in events.of(EVENT_ACCESS)} == {added["person_id"]}
    assert names(matter_server) == ["GetUser"]


async def test_change_lands_when_the_matter_server_comes_back(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """The Matter server stops: Home Assistant's matter integration drops its client
    and retries; the offboarding waits, and lands once a new client is connected."""
    lock = matter_server.lock
    entry = await household_on(hass, matter_lock)
    await call(hass, "add_person", {"name": "Erin", "pin": "824613"})
    await in_sync(entry, matter_lock)
    sync = entry.runtime_data.locks[matter_lock]

    await matter_server.stop()
    await wait_for(lambda: sync.state is SyncState.UNREACHABLE)
    result = await call(hass, "offboard_person", {"person": "Erin", "timeout": 0.5})
    assert result["locks"] == {matter_lock: "pending"}
    assert lock.user_of_pin("824613") is not None

    await matter_server.start()  # same port
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=2))  # matter's retry
    await in_sync(entry, matter_lock)
    assert lock.pins == {}
    assert lock.users == {}


async def test_keypad_limit_set_on_adoption_and_when_the_options_change(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """Adoption writes the burst window as the lock's WrongCodeEntryLimit (the node had 3)
    and the first lockout as UserCodeTemporaryDisableTime (it had 10); a restart writes
    nothing; new windows in the options write what changed."""
    entry = await household_on(hass, matter_lock)
    guard = entry.runtime_data.guard
    await wait_for(lambda: matter_lock in guard.hardened)
    assert matter_server.writes == [("1/257/48", 5), ("1/257/49", 30)]
    assert guard.hardened[matter_lock] == {"limit": 5, "lockout": 30, "supported": True}

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await in_sync(entry, matter_lock)
    assert len(matter_server.writes) == 2

    result = await hass.config_entries.options.async_init(entry.entry_id)
    await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "locks": [matter_lock],
            "simulated_locks": 0,
            "pin_min": 6,
            "pin_max": 8,
            "brute_force": {
                "burst_attempts": 4,
                "burst_window": 60,
                "slow_attempts": 30,
                "slow_window": 24,
            },
        },
    )
    await hass.async_block_till_done()
    guard = entry.runtime_data.guard
    await wait_for(lambda: guard.hardened.get(matter_lock, {}).get("limit") == 4)
    assert matter_server.writes[2:] == [("1/257/48", 4)]


async def test_lock_wrong_codes_alert_once_with_the_locks_own_limit(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str, events: Recorder
) -> None:
    """Housekey cannot shut a Matter keypad itself; the alert says the lock's own limit
    applies, and one episode is one alert however many errors the lock reports."""
    entry = await household_on(hass, matter_lock)
    await wait_for(lambda: matter_lock in entry.runtime_data.guard.hardened)
    wrong = {"lockOperationType": 1, "operationSource": 3, "operationError": 1}
    for _ in range(12):
        await matter_server.send_event(3, wrong)
    await matter_server.send_event(0, {"alarmCode": 4})  # the lock's own limit, same episode
    await matter_server.send_event(3, wrong)  # events arrive in order: the alarm is in
    await wait_for(lambda: len(events.of(EVENT_ACCESS)) == 13)
    await hass.async_block_till_done()
    assert [(a["kind"], a["detail"]) for a in events.of(EVENT_ALERT)] == [
        (
            "brute_force",
            "burst window: 5 wrong codes within 1 min; "
            "the lock shuts its keypad by its own wrong-code limit",
        )
    ]


async def test_a_refused_keypad_limit_is_tried_again_later(
    hass: HomeAssistant,
    matter_server: FakeMatterServer,
    matter_lock: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    matter_server.write_status = 0x87  # CONSTRAINT_ERROR: the lock refuses the value
    entry = await household_on(hass, matter_lock)
    await wait_for(lambda: len(matter_server.writes) == 1)
    await hass.async_block_till_done()
    guard = entry.runtime_data.guard
    assert matter_lock not in guard.hardened
    assert f"Could not set the wrong-code limit of {matter_lock} (ProviderError)" in caplog.text
    matter_server.write_status = 0
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=9))
    await hass.async_block_till_done()
    assert len(matter_server.writes) == 1  # not before ten minutes
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=11))
    await wait_for(lambda: matter_lock in guard.hardened)
    assert matter_server.writes[1:] == [("1/257/48", 5), ("1/257/49", 30)]
