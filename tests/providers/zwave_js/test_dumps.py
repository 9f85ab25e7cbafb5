"""Z-Wave JS provider on real node dumps (Schlage BE469, IDL-101, Ring Keypad).

Nodes are loaded the way Home Assistant's own tests load them,
`zwave_js_server.model.node.Node(client, state)`, with a stand-in client that answers
the few websocket commands the provider sends. The full stack is exercised in
tests/providers/zwave_js.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import MagicMock, patch

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import EVENT_CALL_SERVICE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from zwave_js_server.event import Event
from zwave_js_server.exceptions import FailedZWaveCommand
from zwave_js_server.model.node import Node

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
from custom_components.housekey.providers.zwave_js import (
    ZwaveJsProvider,
    zwave_client,
    zwave_node,
)
from custom_components.housekey.providers.zwave_js_events import (
    GATHER,
    report_from_alarm,
    report_from_notification,
    slot_read,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "zwave_js"
LOCK = "lock.front_door"
MODULE = "custom_components.housekey.providers.zwave_js"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


class FakeClient:
    """Answers the websocket commands the provider sends, and records them."""

    def __init__(self) -> None:
        self.driver = MagicMock()
        self.connected = True
        self.sent: list[dict[str, Any]] = []
        self.internal: dict[str, Any] = {}
        self.set_status: int = 254
        self.user_code: dict[int, tuple[int, str]] = {}
        self.fail: FailedZWaveCommand | None = None
        self.ping = True

    async def async_send_command(self, message: dict[str, Any], **_: Any) -> dict[str, Any]:
        self.sent.append(message)
        command = message["command"]
        if self.fail is not None and command != "node.get_value":
            raise self.fail
        if command == "node.get_value":
            return {"value": self.internal.get(message["valueId"]["property"])}
        if command == "node.set_value":
            value_id = message["valueId"]
            slot = value_id["propertyKey"]
            if self.set_status != 2:  # the lock stores it
                if value_id["property"] == "userCode":
                    self.user_code[slot] = (1, message["value"])
                else:
                    self.user_code[slot] = (0, "")
            return {"result": {"status": self.set_status}}
        if command == "endpoint.invoke_cc_api":
            status, code = self.user_code.get(message["args"][0], (0, ""))
            return {"response": {"userIdStatus": status, "userCode": code}}
        if command == "node.ping":
            return {"responded": self.ping}
        raise AssertionError(f"unexpected command {command}")

    def commands(self, name: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["command"] == name]


@dataclass
class Lock:
    node: Node
    client: FakeClient
    provider: ZwaveJsProvider


@pytest.fixture
def make_lock(hass: HomeAssistant) -> Callable[[str], Lock]:
    """A provider whose entity resolves to a node loaded from a dump.

    The entity belongs to a loaded zwave_js entry, as Home Assistant's own do: the
    provider follows the node while that entry is loaded.
    """
    zwave_entry = MockConfigEntry(domain="zwave_js")
    zwave_entry.add_to_hass(hass)
    zwave_entry.mock_state(hass, ConfigEntryState.LOADED)
    er.async_get(hass).async_get_or_create(
        "lock", "zwave_js", "dump-lock", config_entry=zwave_entry, suggested_object_id="front_door"
    )
    patcher = patch(f"{MODULE}.zwave_node")
    resolve = patcher.start()

    def _make(name: str) -> Lock:
        client = FakeClient()
        node = Node(client, copy.deepcopy(load(name)))  # type: ignore[arg-type]
        resolve.return_value = node
        return Lock(node, client, ZwaveJsProvider(hass, LOCK))

    yield _make  # type: ignore[misc]
    patcher.stop()
    zwave_entry.mock_state(hass, ConfigEntryState.NOT_LOADED)  # nothing of it to unload


# ---- reads and capabilities on real dumps -----------------------------------------------


async def test_be469_codes_read_masked(make_lock: Callable[[str], Lock]) -> None:
    """Schlage hides codes: occupied slots read MASKED, and readback is MASKED."""
    lock = make_lock("lock_schlage_be469_state")
    reads = await lock.provider.async_read_slots(range(1, 30))
    assert [reads[s].state for s in (1, 2, 3)] == [SlotState.MASKED] * 3
    assert all(reads[s].code is None for s in (1, 2, 3))
    # slot 4 holds raw bytes "7030\n\r": occupied, not a comparable PIN
    assert reads[4].state is SlotState.MASKED
    assert all(reads[s].state is SlotState.EMPTY for s in range(5, 30))
    # nothing was asked of the lock: the driver's copy was complete
    assert not lock.client.commands("endpoint.invoke_cc_api")

    caps = await lock.provider.async_capabilities()
    assert caps.slots == 30
    assert (caps.pin_min, caps.pin_max) == (4, 10)
    assert caps.readback is Readback.MASKED
    assert caps.schedule_support.enforcement is Enforcement.HOME_ASSISTANT  # none written yet
    assert caps.methods == frozenset({Method.KEYPAD})


async def test_unknown_slot_is_read_from_the_lock(make_lock: Callable[[str], Lock]) -> None:
    """Slot 30 of the BE469 dump was never read: that one slot is asked for (user id 30)."""
    lock = make_lock("lock_schlage_be469_state")
    lock.client.user_code[30] = (1, "**********")
    reads = await lock.provider.async_read_slots(range(29, 31))
    assert reads[30].state is SlotState.MASKED
    asked = lock.client.commands("endpoint.invoke_cc_api")
    assert [(m["commandClass"], m["methodName"], m["args"]) for m in asked] == [(99, "get", [30])]


async def test_capabilities_read_supported_users_and_events(
    make_lock: Callable[[str], Lock],
) -> None:
    """Slot count and reported methods come from the driver's User Code and Notification data."""
    lock = make_lock("lock_schlage_be469_state")
    lock.client.internal = {"supportedUsers": 250, "supportedNotificationEvents": [1, 2, 5, 6]}
    caps = await lock.provider.async_capabilities()
    assert caps.slots == 250
    assert caps.methods == frozenset({Method.MANUAL, Method.KEYPAD})


async def test_idl101_full_readback_and_v1_alarms(
    hass: HomeAssistant, make_lock: Callable[[str], Lock]
) -> None:
    """IDL-101: codes read back in full; accesses come as vendor alarmType/alarmLevel."""
    lock = make_lock("idl_101_lock_state")
    caps = await lock.provider.async_capabilities()
    assert caps.slots == 52
    assert caps.readback is Readback.FULL
    assert caps.methods == frozenset({Method.KEYPAD})
    reads = await lock.provider.async_read_slots(range(1, 5))
    assert (reads[1].state, reads[1].code) == (SlotState.KNOWN, "57823")
    assert (reads[2].state, reads[2].code) == (SlotState.KNOWN, "6910")
    assert reads[3].state is SlotState.MASKED  # raw bytes, not digits
    assert reads[4].state is SlotState.EMPTY

    reports: list[LockReport] = []
    unsub = lock.provider.async_listen(reports.append, lambda _: None)

    def alarm(alarm_type: int, level: int) -> None:
        for prop, value in (("alarmType", alarm_type), ("alarmLevel", level)):
            lock.node.receive_event(
                Event(
                    "value updated",
                    {
                        "source": "node",
                        "event": "value updated",
                        "nodeId": lock.node.node_id,
                        "args": {
                            "commandClassName": "Notification",
                            "commandClass": 113,
                            "endpoint": 0,
                            "property": prop,
                            "newValue": value,
                            "prevValue": 0,
                            "propertyName": prop,
                        },
                    },
                )
            )

    alarm(19, 2)  # keypad unlock by user 2
    alarm(21, 1)  # manual lock: not an access
    alarm(161, 1)  # keypad attempts exceeded
    assert reports == [
        AccessEvent(Outcome.GRANTED, Method.KEYPAD, 2),
        LockAlarm(AlarmKind.BRUTE_FORCE, "keypad attempts exceeded"),
    ]
    unsub()
    alarm(19, 3)
    assert len(reports) == 2


def test_slot_read_values() -> None:
    assert slot_read(None, None).state is SlotState.UNKNOWN
    assert slot_read(0xFE, None).state is SlotState.UNKNOWN
    assert slot_read(0, "").state is SlotState.EMPTY
    assert slot_read(None, "").state is SlotState.EMPTY
    assert slot_read(1, "**********").state is SlotState.MASKED
    known = slot_read(2, "1234")  # disabled but present: occupied
    assert (known.state, known.code) == (SlotState.KNOWN, "1234")
    buffer = slot_read(1, {"type": "Buffer", "data": [52, 55, 49, 49]})
    assert (buffer.state, buffer.code) == (SlotState.KNOWN, "4711")
    assert "4711" not in repr(buffer)


# ---- writes, clears and their confirmation ----------------------------------------------


async def test_unsupervised_write_is_sent_for_the_engine_to_verify(
    make_lock: Callable[[str], Lock],
) -> None:
    """Unsupervised set → SENT, and nothing read back: verifying is the sync engine's job."""
    lock = make_lock("lock_schlage_be469_state")
    assert await lock.provider.async_write_code(5, "135792") is WriteResult.SENT
    (write,) = lock.client.commands("node.set_value")
    assert write["valueId"]["property"] == "userCode"
    assert write["valueId"]["propertyKey"] == 5  # Housekey slot 5 is Z-Wave user id 5
    assert write["value"] == "135792"
    assert not lock.client.commands("endpoint.invoke_cc_api")

    assert await lock.provider.async_clear_code(5) is WriteResult.SENT
    clear = lock.client.commands("node.set_value")[-1]
    assert clear["valueId"]["property"] == "userIdStatus"
    assert (clear["valueId"]["propertyKey"], clear["value"]) == (5, 0)


async def test_supervised_success_needs_no_read(make_lock: Callable[[str], Lock]) -> None:
    lock = make_lock("lock_schlage_be469_state")
    lock.client.set_status = 255
    assert await lock.provider.async_write_code(6, "2468") is WriteResult.CONFIRMED
    assert not lock.client.commands("endpoint.invoke_cc_api")


async def test_masked_lock_write_is_left_to_verification(
    make_lock: Callable[[str], Lock],
) -> None:
    lock = make_lock("lock_schlage_be469_state")
    lock.client.user_code[6] = (1, "**********")
    lock.client.set_status = 254
    real = lock.client.async_send_command

    async def masked(message: dict[str, Any], **kw: Any) -> dict[str, Any]:
        result = await real(message, **kw)
        if message["command"] == "node.set_value":
            lock.client.user_code[6] = (1, "**********")
        return result

    lock.client.async_send_command = masked  # type: ignore[method-assign]
    assert await lock.provider.async_write_code(6, "2468") is WriteResult.SENT


async def test_refused_and_failed_writes(make_lock: Callable[[str], Lock]) -> None:
    lock = make_lock("lock_schlage_be469_state")
    lock.client.set_status = 2  # supervised: the lock refused
    with pytest.raises(ProviderError):
        await lock.provider.async_write_code(6, "2468")

    lock.client.set_status = 5  # InvalidValue: neither success nor "working"
    with pytest.raises(ProviderError):
        await lock.provider.async_write_code(6, "2468")

    with pytest.raises(ProviderError):
        await lock.provider.async_write_code(99, "2468")  # no such user id


async def test_unreachable_lock(make_lock: Callable[[str], Lock]) -> None:
    lock = make_lock("lock_schlage_be469_state")
    lock.client.fail = FailedZWaveCommand("1", 202, "The node did not respond")
    with pytest.raises(LockUnavailable):
        await lock.provider.async_write_code(6, "2468")

    # a node the driver presumes dead is pinged first, and nothing else is sent
    lock.client.fail = None
    lock.client.ping = False
    lock.node.data["status"] = 3
    lock.client.sent.clear()
    with pytest.raises(LockUnavailable):
        await lock.provider.async_clear_code(1)
    assert [m["command"] for m in lock.client.sent] == ["node.ping"]


# ---- reports ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "event", "params", "expected"),
    [
        (6, 6, {"userId": 3}, AccessEvent(Outcome.GRANTED, Method.KEYPAD, 3)),
        (6, 5, {"userId": 3}, None),  # keypad lock: not an access
        (6, 1, None, None),
        (6, 2, None, AccessEvent(Outcome.GRANTED, Method.MANUAL)),
        (6, 4, None, AccessEvent(Outcome.GRANTED, Method.RF)),
        (6, 34, {"userId": 9}, AccessEvent(Outcome.GRANTED, Method.KEYPAD, 9)),
        (6, 50, None, AccessEvent(Outcome.DENIED, Method.KEYPAD)),
        (6, 20, None, AccessEvent(Outcome.DENIED, Method.RF)),
        (6, 19, None, LockAlarm(AlarmKind.BRUTE_FORCE, "x")),
        (6, 16, None, LockAlarm(AlarmKind.BRUTE_FORCE, "x")),
        (7, 3, None, LockAlarm(AlarmKind.TAMPER, "x")),
        (7, 4, None, AccessEvent(Outcome.DENIED, Method.KEYPAD)),
        (8, 1, None, None),
        # user codes changed at the lock: zwave-js gives the user id of the report inside
        (6, 14, {"userId": 5}, SlotChanged(5)),  # new user code added
        (6, 13, {"userId": 5}, SlotChanged(5)),  # single user code deleted
        (6, 14, None, None),  # a lock that does not say which user: nothing to read
        (6, 15, {"userId": 5}, None),  # not added (duplicate): nothing changed
        (6, 12, None, None),  # all deleted: the listener expands it to occupied slots
    ],
)
def test_notifications(
    kind: int, event: int, params: dict[str, int] | None, expected: LockReport | None
) -> None:
    data = {
        "command_class": 113,
        "type": kind,
        "event": event,
        "event_label": "x",
        "parameters": params,
    }
    assert report_from_notification(data) == expected


def test_v1_alarms() -> None:
    assert report_from_alarm(19, 4) == AccessEvent(Outcome.GRANTED, Method.KEYPAD, 4)
    assert report_from_alarm(22, 1) == AccessEvent(Outcome.GRANTED, Method.MANUAL)
    assert report_from_alarm(25, 1) == AccessEvent(Outcome.GRANTED, Method.RF)
    assert report_from_alarm(18, 4) is None  # keypad lock
    assert report_from_alarm(161, 2) == LockAlarm(AlarmKind.TAMPER, "alarm level 2")
    # Kwikset/Yale: 112 user added (or master code changed, level 0), 33 user deleted
    assert report_from_alarm(112, 7) == SlotChanged(7)
    assert report_from_alarm(33, 7) == SlotChanged(7)
    assert report_from_alarm(112, 0) is None


def user_code_update(node: Node, slot: int, prop: str, new: Any, prev: Any) -> None:
    """Feed the node the driver's value update for one User Code value of a slot."""
    node.receive_event(
        Event(
            "value updated",
            {
                "source": "node",
                "event": "value updated",
                "nodeId": node.node_id,
                "args": {
                    "commandClassName": "User Code",
                    "commandClass": 99,
                    "endpoint": 0,
                    "property": prop,
                    "propertyKey": slot,
                    "newValue": new,
                    "prevValue": prev,
                    "propertyName": prop,
                    "propertyKeyName": str(slot),
                },
            },
        )
    )


async def test_unsolicited_user_code_reports_become_slot_changes(
    hass: HomeAssistant, make_lock: Callable[[str], Lock]
) -> None:
    """A User Code Report the lock sends by itself changes the driver's values: SlotChanged.

    Status and code of one report come as two updates and make one SlotChanged; a report
    that repeats what the driver held (every read) and Housekey's own writes do not.
    """
    lock = make_lock("idl_101_lock_state")
    reports: list[LockReport] = []
    unsub = lock.provider.async_listen(reports.append, lambda _: None)

    user_code_update(lock.node, 4, "userIdStatus", 1, 0)
    user_code_update(lock.node, 4, "userCode", "2580", "")
    assert reports == []  # gathered for GATHER seconds
    await asyncio.sleep(GATHER * 2)
    assert reports == [SlotChanged(4)]

    user_code_update(lock.node, 1, "userCode", "57823", "57823")  # a read: unchanged
    await asyncio.sleep(GATHER * 2)
    assert reports == [SlotChanged(4)]

    # Housekey's own write of slot 5: its echo is not a change at the lock ...
    lock.client.set_status = 255
    assert await lock.provider.async_write_code(5, "135792") is WriteResult.CONFIRMED
    user_code_update(lock.node, 5, "userCode", "135792", "")
    await asyncio.sleep(GATHER * 2)
    assert reports == [SlotChanged(4)]
    # ... but only for OWN_ECHO seconds after the write; then a change is the lock's own
    with patch.object(ZwaveJsProvider, "echo_window", 0.0):
        assert await lock.provider.async_write_code(6, "2468") is WriteResult.CONFIRMED
    user_code_update(lock.node, 6, "userCode", "8642", "2468")
    await asyncio.sleep(GATHER * 2)
    assert reports == [SlotChanged(4), SlotChanged(6)]

    # what is still being gathered when Housekey stops listening is dropped
    user_code_update(lock.node, 4, "userCode", "1111", "2580")
    unsub()
    await asyncio.sleep(GATHER * 2)
    assert reports == [SlotChanged(4), SlotChanged(6)]


# ---- reaching the node through Home Assistant's zwave_js --------------------------------


def test_client_wherever_the_release_keeps_it(hass: HomeAssistant) -> None:
    client = object()
    entry = MockConfigEntry(domain="zwave_js")
    assert zwave_client(hass, entry) is None  # not loaded

    @dataclass
    class Data:
        client: object

    entry.runtime_data = Data(client)
    assert zwave_client(hass, entry) is client


async def test_node_from_the_entity(hass: HomeAssistant) -> None:
    """Entity → device identifier (home id - node id) → loaded entry's client → node."""
    state = load("lock_schlage_be469_state")
    client = FakeClient()
    node = Node(client, copy.deepcopy(state))  # type: ignore[arg-type]
    client.driver.controller.home_id = 3967092454
    client.driver.controller.nodes = {20: node}
    entry = MockConfigEntry(domain="zwave_js", state=ConfigEntryState.LOADED)
    entry.add_to_hass(hass)
    entry.runtime_data = SimpleNamespace(client=client)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={("zwave_js", "3967092454-20"), ("zwave_js", "3967092454-20-59:25409:20548")},
    )
    er.async_get(hass).async_get_or_create(
        "lock",
        "zwave_js",
        "3967092454.20-98-0-currentMode",
        config_entry=entry,
        device_id=device.id,
    )
    entity_id = er.async_get(hass).async_get_entity_id(
        "lock", "zwave_js", "3967092454.20-98-0-currentMode"
    )
    assert entity_id is not None
    assert zwave_node(hass, entity_id) is node
    assert PROVIDER_BY_PLATFORM["zwave_js"] is ZwaveJsProvider
    assert ZwaveJsProvider(hass, entity_id).available

    client.connected = False  # the server went away
    assert zwave_node(hass, entity_id) is None
    assert not ZwaveJsProvider(hass, entity_id).available
    assert zwave_node(hass, "lock.somewhere_else") is None


async def test_refusal(hass: HomeAssistant) -> None:
    """A Z-Wave device without user codes (the Ring keypad) cannot be managed."""
    with patch(f"{MODULE}.zwave_node") as resolve:
        resolve.return_value = Node(MagicMock(), copy.deepcopy(load("ring_keypad_state")))
        assert ZwaveJsProvider.refusal(hass, LOCK) == "no_user_codes"
        resolve.return_value = Node(MagicMock(), copy.deepcopy(load("idl_101_lock_state")))
        assert ZwaveJsProvider.refusal(hass, LOCK) is None
        resolve.return_value = None  # not reachable now: decided later, not refused
        assert ZwaveJsProvider.refusal(hass, LOCK) is None


# ---- Home Assistant 2026.6+ credential actions ------------------------------------------


async def test_user_code_locks_keep_codes_out_of_action_calls(
    hass: HomeAssistant, make_lock: Callable[[str], Lock]
) -> None:
    """With the real zwave_js credential actions registered, a User Code lock is still
    written directly: an action call is recorded with its data, so the code goes
    through the client. (The actions themselves run against the real stack in
    tests/providers/zwave_js/test_provider.py.)"""
    assert await async_setup_component(hass, "zwave_js", {})
    assert hass.services.has_service("zwave_js", "set_user")
    calls = async_capture_events(hass, EVENT_CALL_SERVICE)
    lock = make_lock("lock_schlage_be469_state")
    await lock.provider.async_write_code(7, "2468")
    await lock.provider.async_clear_code(1)
    assert calls == []
    assert lock.client.commands("node.set_value")


async def test_a_node_without_codes_stays_refused_beside_the_real_actions(
    hass: HomeAssistant, make_lock: Callable[[str], Lock]
) -> None:
    """The credential actions reach User Credential locks only: a node with neither User
    Code nor User Credential (the Ring keypad) is refused with them registered too."""
    make_lock("ring_keypad_state")
    assert ZwaveJsProvider.refusal(hass, LOCK) == "no_user_codes"
    assert await async_setup_component(hass, "zwave_js", {})
    assert hass.services.has_service("zwave_js", "set_user")
    assert ZwaveJsProvider.refusal(hass, LOCK) == "no_user_codes"
