"""The Matter provider against Home Assistant's real matter integration.

The integration and its MatterClient are real; the Matter server behind the
websocket is the fake in tests/providers/matter/fake_matter_server.py, set up on the node
dump tests/fixtures/matter/door_lock.json. Assertions are on the commands the server
received, parsed into the SDK's command objects as the real server parses them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from chip.clusters import Objects as clusters
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_CALL_SERVICE
from homeassistant.core import HomeAssistant, ServiceCall, SupportsResponse
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.core.lock_schedule import Enforcement
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
    SlotState,
    WriteResult,
)
from custom_components.housekey.providers.matter import (
    REFUSAL_NO_PIN_USERS,
    TIMED_REQUEST_TIMEOUT_MS,
    MatterProvider,
    async_get_matter_target,
)
from custom_components.housekey.providers.matter_events import (
    matter_index,
    slot_of_index,
    translate_event,
)
from tests.providers.matter import fake_matter_server as fake

DL = clusters.DoorLock
PIN = DL.Enums.CredentialTypeEnum.kPin
LOCK = "lock.mock_door_lock"
CODE = "482916"
OTHER_CODE = "739105"


def pin(index: int) -> Any:
    return DL.Structs.CredentialStruct(credentialType=PIN, credentialIndex=index)


@pytest.fixture
async def server(socket_enabled: None) -> AsyncIterator[Any]:
    srv = fake.FakeMatterServer()
    await srv.start()
    yield srv
    await srv.stop()


@pytest.fixture
async def matter_entry(hass: HomeAssistant, server: Any) -> AsyncIterator[MockConfigEntry]:
    """Set up Home Assistant's matter integration against the fake server."""
    entry = MockConfigEntry(domain="matter", data={"url": server.url, "use_addon": False})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(LOCK) is not None
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


@pytest.fixture
def provider(hass: HomeAssistant, matter_entry: MockConfigEntry) -> MatterProvider:
    return MatterProvider(hass, LOCK)


async def flush(hass: HomeAssistant) -> None:
    """Let the client handle everything the server sent so far.

    The client reads its socket in order, so once the answer to a round trip is in,
    every event sent before it has been dispatched.
    """
    target = async_get_matter_target(hass, LOCK)
    assert target is not None
    await target.client.send_command("flush")
    await hass.async_block_till_done()


def sent(server: Any) -> list[tuple[str, Any, int | None]]:
    return [(c.name, c.command, c.timed_request_timeout_ms) for c in server.commands]


# --- mapping and registration ------------------------------------------------------


def test_slot_mapping() -> None:
    """Slot N is Matter user N and PIN credential N; index 0 (programming PIN) is never used."""
    assert [matter_index(s) for s in (1, 2, 10)] == [1, 2, 10]
    assert [slot_of_index(i) for i in (1, 2, 10)] == [1, 2, 10]
    assert slot_of_index(0) is None  # the programming PIN is no Housekey slot
    assert slot_of_index(None) is None
    with pytest.raises(ProviderError):
        matter_index(0)
    with pytest.raises(ProviderError):
        matter_index(-1)


def test_registered_for_matter_platform() -> None:
    assert PROVIDER_BY_PLATFORM["matter"] is MatterProvider
    assert MatterProvider.backend == "matter"


# --- finding the client --------------------------------------------------------------


async def test_target_from_entity(hass: HomeAssistant, matter_entry: MockConfigEntry) -> None:
    """The client, node and endpoint come from the entity and the matter entry."""
    target = async_get_matter_target(hass, LOCK)
    assert target is not None
    assert target.client is matter_entry.runtime_data.adapter.matter_client
    assert target.node.node_id == 1
    assert target.endpoint_id == 1
    assert target.attribute(18) == 10  # NumberOfPINUsersSupported from the dump

    assert async_get_matter_target(hass, "lock.nope") is None
    registry = er.async_get(hass)
    other = registry.async_get_or_create("lock", "demo", "x1", suggested_object_id="demo")
    assert async_get_matter_target(hass, other.entity_id) is None


async def test_target_while_matter_sets_up(
    hass: HomeAssistant, matter_entry: MockConfigEntry
) -> None:
    """The matter integration fills runtime_data before its entry is LOADED: the client
    is already usable then (its entities write their states in that window)."""
    client = matter_entry.runtime_data.adapter.matter_client
    matter_entry.mock_state(hass, ConfigEntryState.SETUP_IN_PROGRESS)
    target = async_get_matter_target(hass, LOCK)
    assert target is not None
    assert target.client is client
    matter_entry.mock_state(hass, ConfigEntryState.LOADED)


async def test_target_gone_when_matter_unloaded(
    hass: HomeAssistant, matter_entry: MockConfigEntry, provider: MatterProvider
) -> None:
    await hass.config_entries.async_unload(matter_entry.entry_id)
    await hass.async_block_till_done()
    assert async_get_matter_target(hass, LOCK) is None
    assert not provider.available
    with pytest.raises(LockUnavailable):
        await provider.async_read_slot(1)


# --- capabilities and refusal -------------------------------------------------------


async def test_capabilities_from_door_lock_attributes(provider: MatterProvider) -> None:
    caps = await provider.async_capabilities()
    assert caps.slots == 10  # NumberOfPINUsersSupported and NumberOfTotalUsersSupported
    assert (caps.pin_min, caps.pin_max) == (6, 8)
    assert caps.readback is Readback.MASKED  # PINs are write-only
    # WDSCH and YDSCH, 10 entries of each per user: the lock enforces windows itself
    assert caps.schedule_support.enforcement is Enforcement.LOCK
    assert caps.methods == {Method.KEYPAD, Method.NFC, Method.REMOTE}


async def test_refusal_without_user_feature(hass: HomeAssistant, server: Any) -> None:
    server.node["attributes"]["1/257/65532"] = 0x1  # PIN credential, but no USR
    entry = MockConfigEntry(domain="matter", data={"url": server.url, "use_addon": False})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert MatterProvider.refusal(hass, LOCK) == REFUSAL_NO_PIN_USERS
    with pytest.raises(ProviderError):
        await MatterProvider(hass, LOCK).async_capabilities()
    await hass.config_entries.async_unload(entry.entry_id)


async def test_refusal_none_for_pin_user_lock(
    hass: HomeAssistant, matter_entry: MockConfigEntry
) -> None:
    assert MatterProvider.refusal(hass, LOCK) is None


# --- writes, clears, reads ---------------------------------------------------------------


async def test_add_sends_set_user_and_set_credential(provider: MatterProvider, server: Any) -> None:
    """A new slot: user N is created, then PIN credential N, both as timed requests."""
    assert await provider.async_write_code(3, CODE) is WriteResult.SENT
    T = TIMED_REQUEST_TIMEOUT_MS
    assert sent(server) == [
        ("GetCredentialStatus", DL.Commands.GetCredentialStatus(credential=pin(3)), None),
        ("GetUser", DL.Commands.GetUser(userIndex=3), None),
        (
            "SetUser",
            DL.Commands.SetUser(
                operationType=DL.Enums.DataOperationTypeEnum.kAdd,
                userIndex=3,
                userName="housekey",
                userUniqueID=clusters.NullValue,
                userStatus=DL.Enums.UserStatusEnum.kOccupiedEnabled,
                userType=DL.Enums.UserTypeEnum.kUnrestrictedUser,
                credentialRule=DL.Enums.CredentialRuleEnum.kSingle,
            ),
            T,
        ),
        (
            "SetCredential",
            DL.Commands.SetCredential(
                operationType=DL.Enums.DataOperationTypeEnum.kAdd,
                credential=pin(3),
                credentialData=CODE.encode(),
                userIndex=3,
                userStatus=clusters.NullValue,
                userType=clusters.NullValue,
            ),
            T,
        ),
    ]
    assert T == 10_000
    assert server.lock.pin_of(3) == CODE
    assert server.lock.user_of_pin(CODE) == 3
    assert all(c.endpoint_id == 1 for c in server.commands)
    assert len(server.commands) == 4  # what reached the lock
    # verification read: occupancy only, the digits never come back
    read = await provider.async_read_slot(3)
    assert read.state is SlotState.MASKED
    assert read.code is None


async def test_set_pin_modifies_credential(provider: MatterProvider, server: Any) -> None:
    await provider.async_write_code(3, CODE)
    server.commands.clear()
    await provider.async_write_code(3, OTHER_CODE)
    assert sent(server) == [
        ("GetCredentialStatus", DL.Commands.GetCredentialStatus(credential=pin(3)), None),
        (
            "SetCredential",
            DL.Commands.SetCredential(
                operationType=DL.Enums.DataOperationTypeEnum.kModify,
                credential=pin(3),
                credentialData=OTHER_CODE.encode(),
                userIndex=3,
                userStatus=clusters.NullValue,
                userType=clusters.NullValue,
            ),
            TIMED_REQUEST_TIMEOUT_MS,
        ),
    ]
    assert server.lock.pin_of(3) == OTHER_CODE
    assert set(server.lock.users) == {3}


async def test_clear_removes_housekeys_user(provider: MatterProvider, server: Any) -> None:
    await provider.async_write_code(4, CODE)
    server.commands.clear()
    assert await provider.async_clear_code(4) is WriteResult.SENT
    assert sent(server) == [
        ("GetCredentialStatus", DL.Commands.GetCredentialStatus(credential=pin(4)), None),
        ("GetUser", DL.Commands.GetUser(userIndex=4), None),
        ("ClearUser", DL.Commands.ClearUser(userIndex=4), TIMED_REQUEST_TIMEOUT_MS),
    ]
    assert server.lock.users == {}
    assert server.lock.pins == {}
    assert (await provider.async_read_slot(4)).state is SlotState.EMPTY


async def test_clear_of_empty_slot_sends_only_a_read(provider: MatterProvider, server: Any) -> None:
    await provider.async_clear_code(5)
    assert [c.name for c in server.commands] == ["GetCredentialStatus"]


async def test_clear_leaves_someone_elses_user(provider: MatterProvider, server: Any) -> None:
    """A PIN in a user Housekey did not create: only that credential goes."""
    server.lock.add_foreign(user_index=6, credential_index=2, code="555123")
    server.lock.users[6].credentials.add(9)
    server.lock.pins[9] = (b"555987", 6)
    await provider.async_clear_code(2)
    assert sent(server)[-1] == (
        "ClearCredential",
        DL.Commands.ClearCredential(credential=pin(2)),
        TIMED_REQUEST_TIMEOUT_MS,
    )
    assert 6 in server.lock.users
    assert set(server.lock.pins) == {9}


async def test_write_beside_someone_elses_user(provider: MatterProvider, server: Any) -> None:
    """User N taken by another app: the lock files the PIN under a user it creates."""
    server.lock.users[2] = fake.FakeUser("Guest", 1, 0, 0)
    await provider.async_write_code(2, CODE)
    set_credential = server.commands[-1]
    assert set_credential.name == "SetCredential"
    assert set_credential.command.userIndex is clusters.NullValue
    assert "SetUser" not in [c.name for c in server.commands]
    owner = server.lock.user_of_pin(CODE)
    assert owner == 1  # the first free user
    assert server.lock.users[2].credentials == set()
    # an event naming only that user is attributed to slot 2
    reports: list[LockReport] = []
    unsub = provider.async_listen(reports.append, lambda _available: None)
    await server.send_event(2, {"lockOperationType": 1, "operationSource": 3, "userIndex": owner})
    await flush(provider.hass)
    assert reports == [AccessEvent(Outcome.GRANTED, Method.KEYPAD, 2)]
    unsub()


async def test_rejected_pin_leaves_no_user_behind(provider: MatterProvider, server: Any) -> None:
    server.lock.add_foreign(user_index=9, credential_index=9, code=CODE)
    with pytest.raises(ProviderError, match="duplicate"):
        await provider.async_write_code(1, CODE)
    assert [c.name for c in server.mutations()] == ["SetUser", "SetCredential", "ClearUser"]
    assert set(server.lock.users) == {9}


async def test_bulk_read_skips_empty_slots(provider: MatterProvider, server: Any) -> None:
    """NextCredentialIndex lets a full read cost one command per occupied slot, plus one.

    On a lock that holds schedules each occupied slot's user is read too (GetUser).
    """
    server.lock.add_foreign(user_index=2, credential_index=2, code="555123")
    server.lock.add_foreign(user_index=7, credential_index=7, code="555789")
    reads = await provider.async_read_slots(range(1, 11))
    assert {s for s, r in reads.items() if r.state is SlotState.MASKED} == {2, 7}
    assert all(reads[s].state is SlotState.EMPTY for s in set(range(1, 11)) - {2, 7})
    credential_reads = [c for c in server.commands if c.name == "GetCredentialStatus"]
    assert [c.command.credential.credentialIndex for c in credential_reads] == [1, 2, 7]
    assert [c.command.userIndex for c in server.commands if c.name == "GetUser"] == [2, 7]


async def test_credential_index_zero_is_never_sent(provider: MatterProvider, server: Any) -> None:
    with pytest.raises(ProviderError):
        await provider.async_write_code(0, CODE)
    with pytest.raises(ProviderError):
        await provider.async_clear_code(0)
    await provider.async_read_slots(range(1, 11))
    assert server.commands  # reads went out
    for command in server.commands:
        credential = getattr(command.command, "credential", None)
        assert credential is None or credential.credentialIndex >= 1


async def test_no_pin_in_logs_or_events(
    hass: HomeAssistant,
    provider: MatterProvider,
    server: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    events: list[Any] = []
    hass.bus.async_listen("*", events.append)
    await provider.async_write_code(3, CODE)
    await provider.async_write_code(3, OTHER_CODE)
    await hass.async_block_till_done()
    assert CODE not in caplog.text
    assert OTHER_CODE not in caplog.text
    assert not any(CODE in str(e.data) or OTHER_CODE in str(e.data) for e in events)


# --- availability ----------------------------------------------------------------------


async def test_unavailable_node_raises_and_reports(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    changes: list[bool] = []
    unsub = provider.async_listen(lambda _report: None, changes.append)
    await server.set_available(False)
    await flush(hass)
    assert not provider.available
    assert changes == [False]
    with pytest.raises(LockUnavailable):
        await provider.async_write_code(1, CODE)
    assert server.commands == []  # nothing sent to a node the server cannot reach

    await server.set_available(True)
    await flush(hass)
    assert provider.available
    assert changes == [False, True]
    await provider.async_write_code(1, CODE)
    assert server.lock.pin_of(1) == CODE
    unsub()


async def test_node_not_ready_from_server_is_unavailable(
    provider: MatterProvider, server: Any
) -> None:
    """The server refuses a command for a node it just lost before HA hears of it."""
    server.node["available"] = False  # no node_updated sent yet
    with pytest.raises(LockUnavailable):
        await provider.async_read_slot(1)


async def test_dropped_server_connection_is_unavailable(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    """The client cancels commands in flight when its socket closes: unreachable, not cancelled."""
    server.respond.clear()  # the command is in flight when the server goes away
    task = hass.async_create_task(provider.async_read_slot(1))
    await fake.wait_for(lambda: server.commands)
    await server.stop()
    with pytest.raises(LockUnavailable):
        await task


# --- events --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_id", "data", "expected"),
    [
        # LockOperation unlock with the PIN credential named
        (
            2,
            {
                "lockOperationType": 1,
                "operationSource": 3,
                "userIndex": 3,
                "credentials": [{"credentialType": 1, "credentialIndex": 3}],
            },
            AccessEvent(Outcome.GRANTED, Method.KEYPAD, 3),
        ),
        # user only: no slot until the provider has learned the user's PIN credential
        (
            2,
            {"lockOperationType": 1, "operationSource": 3, "userIndex": 4},
            AccessEvent(Outcome.GRANTED, Method.KEYPAD, None),
        ),
        # unlatch, RFID card
        (
            2,
            {"lockOperationType": 4, "operationSource": 8, "userIndex": 5},
            AccessEvent(Outcome.GRANTED, Method.NFC, None),
        ),
        # remote unlock from Home Assistant: no user
        (
            2,
            {"lockOperationType": 1, "operationSource": 7, "userIndex": None},
            AccessEvent(Outcome.GRANTED, Method.REMOTE, None),
        ),
        # locking is no access
        (2, {"lockOperationType": 0, "operationSource": 3, "userIndex": 3}, None),
        (2, {"lockOperationType": 2, "operationSource": 3, "userIndex": 3}, None),
        # wrong PIN at the keypad
        (
            3,
            {"lockOperationType": 1, "operationSource": 3, "operationError": 1},
            AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        ),
        # disabled user denied, PIN named
        (
            3,
            {
                "lockOperationType": 1,
                "operationSource": 3,
                "operationError": 2,
                "userIndex": 6,
                "credentials": [{"credentialType": 1, "credentialIndex": 6}],
            },
            AccessEvent(Outcome.DENIED, Method.KEYPAD, 6),
        ),
        (3, {"lockOperationType": 0, "operationSource": 3, "operationError": 1}, None),
        # alarms
        (0, {"alarmCode": 4}, LockAlarm(AlarmKind.BRUTE_FORCE, "wrong_code_entry_limit")),
        (0, {"alarmCode": 8}, LockAlarm(AlarmKind.TAMPER, "forced_user")),
        (0, {"alarmCode": 5}, LockAlarm(AlarmKind.TAMPER, "front_escutcheon_removed")),
        (0, {"alarmCode": 6}, LockAlarm(AlarmKind.TAMPER, "door_forced_open")),
        (0, {"alarmCode": 0}, None),  # jammed: no Housekey alert kind
        (1, {"doorState": 1}, None),  # DoorStateChange
        # LockUserChange: a PIN credential added, cleared or modified is a slot change
        (4, {"lockDataType": 6, "dataOperationType": 0}, None),  # no dataIndex
        (4, {"lockDataType": 6, "dataOperationType": 0, "dataIndex": 4}, SlotChanged(4)),
        (4, {"lockDataType": 6, "dataOperationType": 1, "dataIndex": 9}, SlotChanged(9)),
        (4, {"lockDataType": 6, "dataOperationType": 2, "dataIndex": 1}, SlotChanged(1)),
        (4, {"lockDataType": 6, "dataOperationType": 0, "dataIndex": 0}, None),  # programming
        (4, {"lockDataType": 1, "dataOperationType": 2, "dataIndex": 0}, None),  # PIN; no slot
        (4, {"lockDataType": 7, "dataOperationType": 0, "dataIndex": 4}, None),  # RFID
        (4, {"lockDataType": 2, "dataOperationType": 0, "dataIndex": 4}, None),  # user added
        (4, {"lockDataType": 2, "dataOperationType": 1, "dataIndex": 4}, None),  # unknown user
        (4, {"lockDataType": 6, "dataOperationType": 5, "dataIndex": 4}, None),
    ],
)
def test_translate_event(event_id: int, data: dict[str, Any], expected: Any) -> None:
    assert translate_event(event_id, data) == expected


def test_translate_event_maps_users_through_the_lookup() -> None:
    data = {"lockOperationType": 1, "operationSource": 3, "userIndex": 4}
    assert translate_event(2, data, {4: 9}.get) == AccessEvent(Outcome.GRANTED, Method.KEYPAD, 9)
    # a PIN credential named in the event wins over the user
    data["credentials"] = [
        {"credentialType": 2, "credentialIndex": 1},
        {"credentialType": 1, "credentialIndex": 3},
    ]
    assert translate_event(2, data, {4: 9}.get) == AccessEvent(Outcome.GRANTED, Method.KEYPAD, 3)
    # the programming PIN (credential 0) is no slot
    data["credentials"] = [{"credentialType": 1, "credentialIndex": 0}]
    assert translate_event(2, data).slot is None


def test_cleared_user_names_the_slot_of_its_pin() -> None:
    """Clearing a user clears its credentials: the slot is the PIN the user held."""
    data = {"lockDataType": 2, "dataOperationType": 1, "dataIndex": 4}
    assert translate_event(4, data, {4: 7}.get) == SlotChanged(7)
    assert translate_event(4, data, {4: None}.get) is None  # a user without a PIN


async def test_keypad_programming_becomes_slot_changed(
    hass: HomeAssistant, provider: MatterProvider, server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The lock's LockUserChange for a PIN programmed at its keypad names the slot."""
    caplog.set_level(logging.DEBUG, logger="custom_components.housekey")
    reports: list[LockReport] = []
    unsub = provider.async_listen(reports.append, lambda _available: None)
    await server.program_at_keypad(3, CODE)  # user add, then PIN add
    await server.program_at_keypad(3, OTHER_CODE)  # PIN modify
    await server.program_at_keypad(3, None)  # PIN clear
    await flush(hass)
    assert reports == [SlotChanged(3), SlotChanged(3), SlotChanged(3)]
    assert server.commands == []  # the slot is read by the sync engine, not here
    own = [r.getMessage() for r in caplog.records if r.name.startswith("custom_components")]
    assert not any(code in m for m in own for code in (CODE, OTHER_CODE))
    unsub()


async def test_lock_echo_of_own_writes_is_dropped(
    hass: HomeAssistant, provider: MatterProvider, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock announces Housekey's own SetUser/SetCredential/ClearUser too (source
    Remote); those are dropped, while other admins' and the keypad's changes are not."""
    reports: list[LockReport] = []
    unsub = provider.async_listen(reports.append, lambda _available: None)
    await provider.async_write_code(2, CODE)
    await provider.async_write_code(2, OTHER_CODE)
    await provider.async_clear_code(2)
    await flush(hass)
    announced = [
        e
        for e in server.announced
        if e["operationSource"] == fake.SOURCE_REMOTE and e["lockDataType"] == 6
    ]
    assert [e["dataOperationType"] for e in announced] == [0, 2]  # the lock did tell
    assert reports == []
    # another Matter admin (source Remote too) changes slot 6: reported
    remote = {"lockDataType": 6, "operationSource": 7, "fabricIndex": 2, "userIndex": 6}
    await server.send_event(4, remote | {"dataOperationType": 0, "dataIndex": 6})
    # and the keypad changes slot 2 right after Housekey did: reported
    await server.program_at_keypad(2, CODE)
    await flush(hass)
    assert reports == [SlotChanged(6), SlotChanged(2)]
    # past the echo window a remote change of Housekey's slot is someone else's
    later = time.monotonic() + MatterProvider.echo_window + 1
    monkeypatch.setattr("custom_components.housekey.providers.base.monotonic", lambda: later)
    await server.send_event(4, remote | {"dataOperationType": 1, "dataIndex": 2})
    await flush(hass)
    assert reports[-1] == SlotChanged(2)
    unsub()


async def test_events_through_client_subscription(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    reports: list[LockReport] = []
    unsub = provider.async_listen(reports.append, lambda _available: None)
    await server.send_event(
        2,
        {
            "lockOperationType": 1,
            "operationSource": 3,
            "userIndex": 3,
            "fabricIndex": None,
            "sourceNode": None,
            "credentials": [{"credentialType": 1, "credentialIndex": 3}],
        },
    )
    await server.send_event(3, {"lockOperationType": 1, "operationSource": 3, "operationError": 1})
    await server.send_event(0, {"alarmCode": 4})
    await server.send_event(2, {"lockOperationType": 1, "operationSource": 3}, endpoint_id=0)
    await flush(hass)
    assert reports == [
        AccessEvent(Outcome.GRANTED, Method.KEYPAD, 3),
        AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        LockAlarm(AlarmKind.BRUTE_FORCE, "wrong_code_entry_limit"),
    ]
    unsub()
    await server.send_event(0, {"alarmCode": 4})
    await flush(hass)
    assert len(reports) == 3


async def test_event_naming_only_a_user_asks_the_lock_once(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    """User 5 holds PIN 8 (made by another app): one GetUser finds slot 8, then cached.

    A user with no PIN (an RFID card user) maps to no slot, so it is never taken for
    a foreign PIN in the slot that happens to share its number.
    """
    server.lock.add_foreign(user_index=5, credential_index=8, code="555123")
    server.lock.users[7] = fake.FakeUser("Card", 1, 0, 0)
    reports: list[LockReport] = []
    unsub = provider.async_listen(reports.append, lambda _available: None)
    keypad = {"lockOperationType": 1, "operationSource": 3}
    await server.send_event(2, keypad | {"userIndex": 5})
    await fake.wait_for(lambda: len(reports) == 1)
    await server.send_event(2, keypad | {"userIndex": 5})
    await server.send_event(2, {"lockOperationType": 1, "operationSource": 8, "userIndex": 7})
    await fake.wait_for(lambda: len(reports) == 3)
    assert reports == [
        AccessEvent(Outcome.GRANTED, Method.KEYPAD, 8),
        AccessEvent(Outcome.GRANTED, Method.KEYPAD, 8),
        AccessEvent(Outcome.GRANTED, Method.NFC, None),
    ]
    assert [(c.name, c.command.userIndex) for c in server.commands] == [
        ("GetUser", 5),
        ("GetUser", 7),
    ]
    unsub()


async def test_events_follow_matter_reload(
    hass: HomeAssistant, provider: MatterProvider, server: Any, matter_entry: MockConfigEntry
) -> None:
    """A reload of the matter integration builds a new client; events keep coming."""
    reports: list[LockReport] = []
    changes: list[bool] = []
    unsub = provider.async_listen(reports.append, changes.append)
    old = async_get_matter_target(hass, LOCK)
    assert await hass.config_entries.async_reload(matter_entry.entry_id)
    await hass.async_block_till_done()
    new = async_get_matter_target(hass, LOCK)
    assert old is not None
    assert new is not None
    assert new.client is not old.client
    await server.send_event(0, {"alarmCode": 8})
    await flush(hass)
    assert reports == [LockAlarm(AlarmKind.TAMPER, "forced_user")]
    assert changes in ([], [False, True])
    unsub()


# --- official Matter lock actions (newer Home Assistant) ------------------------------------


async def test_official_actions_preferred_without_pins(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    """With matter.get_lock_credential_status & co. present they carry the reads and
    clears; SetCredential still goes through the client, so no PIN is ever put into
    a call_service event (which the recorder keeps)."""
    calls: list[tuple[str, dict[str, Any]]] = []
    lock = server.lock

    async def get_status(call: ServiceCall) -> dict[str, Any]:
        calls.append((call.service, dict(call.data)))
        entry = lock.pins.get(call.data["credential_index"])
        return {
            call.data["entity_id"]: {
                "credential_exists": entry is not None,
                "user_index": entry[1] if entry else None,
                "next_credential_index": None,
            }
        }

    async def clear_credential(call: ServiceCall) -> None:
        calls.append((call.service, dict(call.data)))
        lock.pins.pop(call.data["credential_index"], None)

    async def clear_user(call: ServiceCall) -> None:
        calls.append((call.service, dict(call.data)))
        user = lock.users.pop(call.data["user_index"])
        for index in user.credentials:
            lock.pins.pop(index, None)

    hass.services.async_register(
        "matter", "get_lock_credential_status", get_status, supports_response=SupportsResponse.ONLY
    )
    hass.services.async_register("matter", "clear_lock_credential", clear_credential)
    hass.services.async_register("matter", "clear_lock_user", clear_user)
    service_data: list[Any] = []
    hass.bus.async_listen(EVENT_CALL_SERVICE, lambda e: service_data.append(e.data))

    await provider.async_write_code(3, CODE)
    assert lock.pin_of(3) == CODE
    assert calls == [
        (
            "get_lock_credential_status",
            {"entity_id": LOCK, "credential_type": "pin", "credential_index": 3},
        )
    ]
    assert [c.name for c in server.commands] == ["GetUser", "SetUser", "SetCredential"]
    assert (await provider.async_read_slot(3)).state is SlotState.MASKED

    await provider.async_clear_code(3)
    assert calls[-1] == ("clear_lock_user", {"entity_id": LOCK, "user_index": 3})
    assert lock.pins == {}
    await hass.async_block_till_done()
    assert service_data  # the actions were called through the bus ...
    assert not any(CODE in str(d) for d in service_data)  # ... without the PIN


async def test_failed_actions_become_unreachable_or_refused(
    hass: HomeAssistant, provider: MatterProvider
) -> None:
    """Home Assistant wraps the server's errors in HomeAssistantError: "node not ready"
    inside is the lock out of reach; anything else is a refusal. Neither message
    repeats the action's data."""
    from matter_server.common.errors import NodeNotReady

    failure: list[Exception] = []

    async def get_status(call: ServiceCall) -> None:
        raise failure[0]

    hass.services.async_register(
        "matter", "get_lock_credential_status", get_status, supports_response=SupportsResponse.ONLY
    )
    try:
        raise NodeNotReady("node 1 is not ready")
    except NodeNotReady as err:
        wrapped = HomeAssistantError("Matter command failed")
        wrapped.__cause__ = err
        failure.append(wrapped)
    with pytest.raises(LockUnavailable):
        await provider.async_read_slot(3)
    failure[0] = HomeAssistantError("Matter command failed: invalid command")
    with pytest.raises(ProviderError) as refused:
        await provider.async_read_slot(3)
    assert not isinstance(refused.value, LockUnavailable)
    assert "credential_index" not in str(refused.value)


# --- the keypad's own wrong-code limit -------------------------------------------------


async def test_harden_writes_the_wrong_code_limit_and_disable_time(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    """The node dump has WrongCodeEntryLimit 3 and UserCodeTemporaryDisableTime 10."""
    assert await provider.async_harden_keypad(5, 30)
    assert server.writes == [("1/257/48", 5), ("1/257/49", 30)]
    await flush(hass)
    target = async_get_matter_target(hass, LOCK)
    assert target is not None
    assert (target.live_attribute(48), target.live_attribute(49)) == (5, 30)  # as reported
    assert await provider.async_harden_keypad(5, 30)
    assert len(server.writes) == 2  # nothing to change: nothing sent
    assert server.commands == []  # attribute writes, no Door Lock commands


async def test_harden_keeps_values_in_the_attributes_range(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    assert await provider.async_harden_keypad(0, 3600)
    assert server.writes == [("1/257/48", 1), ("1/257/49", 255)]


async def test_harden_on_a_lock_without_the_attributes(
    hass: HomeAssistant, provider: MatterProvider, server: Any
) -> None:
    target = async_get_matter_target(hass, LOCK)
    assert target is not None
    listed = target.live_attribute(65531)
    target.node.update_attribute("1/257/65531", [a for a in listed if a not in (48, 49)])
    assert not await provider.async_harden_keypad(5, 30)
    assert server.writes == []


async def test_harden_failures(hass: HomeAssistant, provider: MatterProvider, server: Any) -> None:
    server.write_status = 0x87  # CONSTRAINT_ERROR
    with pytest.raises(ProviderError, match="refused attribute 48"):
        await provider.async_harden_keypad(5, 30)
    await server.set_available(False)
    await flush(hass)
    with pytest.raises(LockUnavailable):
        await provider.async_harden_keypad(5, 30)
    assert len(server.writes) == 1
