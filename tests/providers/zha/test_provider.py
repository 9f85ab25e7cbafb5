"""ZHA provider against Home Assistant's real `zha` integration on a radio-free zigpy stack.

Home Assistant's zha integration, the zha library and zigpy run unmodified; the
lock is a Yale YRD226 built from its Zigbee signature and answers ZCL frames at
the radio boundary (tests/providers/zha/zha_stack.py). Assertions are on the frames
that reached the lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from zigpy.zcl.clusters.closures import DoorLock

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
from custom_components.housekey.providers.zha import (
    ZhaProvider,
    access_event_from_zha,
    async_get_door_lock_cluster,
    slot_change_from_zcl,
    slot_to_user_id,
    user_id_to_slot,
)
from tests.providers.zha.zha_stack import ZhaStack

PIN = "135792"


@pytest.fixture
def provider(hass: HomeAssistant, stack: ZhaStack) -> ZhaProvider:
    return ZhaProvider(hass, stack.entity_id)


class Reports:
    def __init__(self) -> None:
        self.reports: list[LockReport] = []
        self.availability: list[bool] = []
        self.unsub: Callable[[], None] = lambda: None


@pytest.fixture
def listening(hass: HomeAssistant, provider: ZhaProvider) -> Reports:
    reports = Reports()
    reports.unsub = provider.async_listen(reports.reports.append, reports.availability.append)
    return reports


# ---- mapping and lookup ----------------------------------------------------------------


def test_slot_mapping_is_one_based_in_zha_zero_based_on_the_wire() -> None:
    assert slot_to_user_id(1) == 0
    assert slot_to_user_id(250) == 249
    assert user_id_to_slot(slot_to_user_id(17)) == 17
    with pytest.raises(ProviderError):
        slot_to_user_id(0)
    with pytest.raises(ProviderError):
        slot_to_user_id(0x10000)


def test_registered_for_zha_lock_entities() -> None:
    assert PROVIDER_BY_PLATFORM["zha"] is ZhaProvider
    assert ZhaProvider.backend == "zha"


async def test_cluster_lookup_finds_the_door_lock_zha_uses(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    """The one function that reaches into ZHA returns the lock's own zigpy cluster."""
    cluster = async_get_door_lock_cluster(hass, stack.entity_id)
    assert cluster is stack.lock.door_lock
    assert cluster.cluster_id == 0x0101


async def test_cluster_lookup_refuses_what_is_not_a_zha_lock(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    with pytest.raises(LockUnavailable):
        async_get_door_lock_cluster(hass, "lock.nowhere")
    battery = next(
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), stack.entry.entry_id)
        if e.domain == "sensor"
    )
    with pytest.raises(LockUnavailable):  # a ZHA entity, but not a lock
        async_get_door_lock_cluster(hass, battery)


async def test_cluster_lookup_without_zha(hass: HomeAssistant) -> None:
    with pytest.raises(LockUnavailable, match="ZHA is not loaded"):
        async_get_door_lock_cluster(hass, "lock.front_door")


# ---- capabilities ----------------------------------------------------------------------


async def test_capabilities_read_from_the_lock(provider: ZhaProvider, stack: ZhaStack) -> None:
    caps = await provider.async_capabilities()
    assert caps.slots == 250
    assert (caps.pin_min, caps.pin_max) == (4, 8)
    assert caps.readback is Readback.FULL
    # One week-day and one year-day entry per user; the ZCL has no single-use user type.
    assert (caps.week_day_schedules, caps.year_day_schedules) == (1, 1)
    assert caps.disposable_users is False
    assert caps.schedule_support.enforcement is Enforcement.LOCK
    assert caps.methods == {Method.KEYPAD, Method.RF, Method.MANUAL}  # no RFID users
    # One attribute read (zigpy may split it into several frames), then one probe.
    *reads, probe = stack.lock.received
    assert {frame.name for frame in reads} == {"Read_Attributes"}
    read_ids = {i for frame in reads for i in frame.args["attribute_ids"]}
    assert read_ids >= {0x0012, 0x0014, 0x0015, 0x0017, 0x0018, 0x0032}
    assert (probe.name, probe.args) == ("get_pin_code", {"user_id": 0})


async def test_readback_masked_when_the_lock_hides_digits(
    provider: ZhaProvider, stack: ZhaStack
) -> None:
    stack.lock.table[0] = (DoorLock.UserStatus.Enabled, DoorLock.UserType.Unrestricted, "2468")
    stack.lock.masked = True
    assert (await provider.async_capabilities()).readback is Readback.MASKED
    assert (await provider.async_read_slot(1)).state is SlotState.MASKED


async def test_readback_masked_from_send_pin_ota_when_slot_one_is_empty(
    provider: ZhaProvider, stack: ZhaStack
) -> None:
    stack.lock.attributes[0x0101]["send_pin_ota"] = 0
    assert (await provider.async_capabilities()).readback is Readback.MASKED


async def test_readback_none_without_get_pin_code(provider: ZhaProvider, stack: ZhaStack) -> None:
    stack.lock.get_pin_supported = False
    assert (await provider.async_capabilities()).readback is Readback.NONE
    assert (await provider.async_read_slot(2)).state is SlotState.UNKNOWN


async def test_capabilities_defaults_for_optional_attributes(
    provider: ZhaProvider, stack: ZhaStack
) -> None:
    door = stack.lock.attributes[0x0101]
    for name in (
        "min_pin_len",
        "max_pin_len",
        "keypad_operation_event_mask",
        "rf_operation_event_mask",
    ):
        del door[name]
    for name in (
        "num_of_week_day_schedules_supported_per_user",
        "num_of_year_day_schedules_supported_per_user",
    ):
        door[name] = 0
    caps = await provider.async_capabilities()
    assert (caps.pin_min, caps.pin_max) == (4, 8)
    assert caps.schedule_support.enforcement is Enforcement.HOME_ASSISTANT  # holds none
    assert caps.methods == {Method.KEYPAD, Method.MANUAL}


async def test_capabilities_need_a_user_count(provider: ZhaProvider, stack: ZhaStack) -> None:
    door = stack.lock.attributes[0x0101]
    del door["num_of_pin_users_supported"]
    del door["num_of_total_users_supported"]
    with pytest.raises(ProviderError):
        await provider.async_capabilities()


async def test_a_lock_known_to_hold_no_pin_users_is_refused(
    hass: HomeAssistant, provider: ZhaProvider, stack: ZhaStack
) -> None:
    """What zigpy knows of the lock decides, nothing is sent: a lock read as holding no PIN
    users (0x0012 = 0, whatever its other users) is refused; one holding some is not."""
    assert ZhaProvider.refusal(hass, stack.entity_id) is None
    door = stack.lock.attributes[0x0101]
    door["num_of_pin_users_supported"] = 0
    with pytest.raises(ProviderError):
        await provider.async_capabilities()  # the read puts what the lock said in the cache
    stack.lock.received.clear()
    assert ZhaProvider.refusal(hass, stack.entity_id) == "no_user_codes"
    assert stack.lock.received == []
    assert ZhaProvider.refusal(hass, "lock.not_zha") is None  # decided by its own provider


# ---- writes, reads, clears -------------------------------------------------------------


async def test_write_sends_one_set_pin_code_with_user_id_slot_minus_one(
    provider: ZhaProvider, stack: ZhaStack
) -> None:
    assert await provider.async_write_code(3, PIN) is WriteResult.SENT
    (frame,) = stack.lock.received
    assert frame.name == "set_pin_code"
    assert frame.args == {
        "user_id": 2,
        "user_status": DoorLock.UserStatus.Enabled,
        "user_type": DoorLock.UserType.Unrestricted,
        "pin_code": PIN,
    }
    # user_id uint16 LE, status Enabled, type Unrestricted, length-prefixed digits
    assert frame.payload == b"\x02\x00\x01\x00\x06" + PIN.encode()
    assert stack.lock.code_in_slot(3) == PIN


async def test_zha_action_and_provider_put_the_code_in_the_same_slot(
    hass: HomeAssistant, provider: ZhaProvider, stack: ZhaStack
) -> None:
    """Housekey slot N is ZHA's code_slot N: both end up as the same frame on the wire."""
    await hass.services.async_call(
        "zha",
        "set_lock_user_code",
        {"entity_id": stack.entity_id, "code_slot": 5, "user_code": "97531"},
        blocking=True,
    )
    await provider.async_write_code(5, "97531")
    by_zha, by_housekey = stack.lock.pin_commands()
    assert by_zha.payload == by_housekey.payload
    assert by_housekey.args["user_id"] == 4


async def test_read_back_known_empty_and_disabled(provider: ZhaProvider, stack: ZhaStack) -> None:
    await provider.async_write_code(2, PIN)
    read = await provider.async_read_slot(2)
    assert read.state is SlotState.KNOWN
    assert read.code == PIN
    assert PIN not in repr(read)
    assert (await provider.async_read_slot(7)).state is SlotState.EMPTY
    stack.lock.table[8] = (DoorLock.UserStatus.Disabled, DoorLock.UserType.Unrestricted, "4444")
    assert (await provider.async_read_slot(9)).state is SlotState.MASKED
    frames = [(f.name, f.args["user_id"]) for f in stack.lock.pin_commands()]
    assert frames == [
        ("set_pin_code", 1),
        ("get_pin_code", 1),
        ("get_pin_code", 6),
        ("get_pin_code", 8),
    ]


async def test_not_found_answer_means_empty(provider: ZhaProvider, stack: ZhaStack) -> None:
    stack.lock.empty_is_not_found = True
    assert (await provider.async_read_slot(12)).state is SlotState.EMPTY


async def test_garbled_answer_is_a_provider_error(provider: ZhaProvider, stack: ZhaStack) -> None:
    stack.lock.garble_next = True
    with pytest.raises(ProviderError, match="ParsingError") as err:
        await provider.async_write_code(1, PIN)
    assert not isinstance(err.value, LockUnavailable)
    assert PIN not in str(err.value)


async def test_read_slot_outside_the_lock_is_an_error(provider: ZhaProvider) -> None:
    with pytest.raises(ProviderError, match="refused"):
        await provider.async_read_slot(251)


async def test_bulk_read_reads_each_slot(provider: ZhaProvider, stack: ZhaStack) -> None:
    stack.lock.table[1] = (DoorLock.UserStatus.Enabled, DoorLock.UserType.Unrestricted, "8080")
    reads = await provider.async_read_slots(range(1, 5))
    assert {s: r.state for s, r in reads.items()} == {
        1: SlotState.EMPTY,
        2: SlotState.KNOWN,
        3: SlotState.EMPTY,
        4: SlotState.EMPTY,
    }
    assert len(stack.lock.pin_commands()) == 4


async def test_clear_sends_clear_pin_code(provider: ZhaProvider, stack: ZhaStack) -> None:
    await provider.async_write_code(4, PIN)
    assert await provider.async_clear_code(4) is WriteResult.SENT
    frame = stack.lock.pin_commands()[-1]
    assert (frame.name, frame.args, frame.payload) == (
        "clear_pin_code",
        {"user_id": 3},
        b"\x03\x00",
    )
    assert stack.lock.code_in_slot(4) is None
    assert (await provider.async_read_slot(4)).state is SlotState.EMPTY


async def test_lock_refusals_are_errors_not_silent_success(
    provider: ZhaProvider, stack: ZhaStack
) -> None:
    """What ZHA's own action swallows (duplicate code, memory full) fails here."""
    await provider.async_write_code(1, PIN)
    with pytest.raises(ProviderError, match="duplicate code") as err:
        await provider.async_write_code(2, PIN)
    assert PIN not in str(err.value)
    stack.lock.write_status = 2
    with pytest.raises(ProviderError, match="memory full"):
        await provider.async_write_code(3, "8642")
    with pytest.raises(ProviderError, match="digits"):
        await provider.async_write_code(3, "12ab")
    assert stack.lock.code_in_slot(2) is None


async def test_unreachable_lock(
    hass: HomeAssistant, provider: ZhaProvider, stack: ZhaStack
) -> None:
    # The radio cannot deliver but ZHA has not noticed yet: the send fails.
    stack.lock.online = False
    assert provider.available
    with pytest.raises(LockUnavailable):
        await provider.async_write_code(1, PIN)
    # ZHA marks the lock unavailable: nothing more goes on the air.
    await stack.go_offline()
    assert hass.states.get(stack.entity_id).state == "unavailable"
    assert not provider.available
    sent = len(stack.lock.received)
    with pytest.raises(LockUnavailable):
        await provider.async_clear_code(1)
    assert len(stack.lock.received) == sent
    await stack.come_back()
    assert provider.available
    assert await provider.async_write_code(1, PIN) is WriteResult.SENT
    assert stack.lock.code_in_slot(1) == PIN


async def test_no_pin_in_logs(
    hass: HomeAssistant, provider: ZhaProvider, stack: ZhaStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.housekey")
    await provider.async_write_code(6, PIN)
    await provider.async_read_slot(6)
    own = [r.getMessage() for r in caplog.records if r.name.startswith("custom_components")]
    assert all(PIN not in m for m in own)


# ---- reports ---------------------------------------------------------------------------


async def _events(hass: HomeAssistant, stack: ZhaStack, *frames: tuple[str, str, int]) -> None:
    for source, operation, user_id in frames:
        stack.lock.send_operation_event(source, operation, user_id)
        await hass.async_block_till_done()


async def test_operation_events_become_access_reports(
    hass: HomeAssistant, stack: ZhaStack, listening: Reports
) -> None:
    zha_events: list[dict[str, Any]] = []
    hass.bus.async_listen("zha_event", lambda e: zha_events.append(dict(e.data)))
    await _events(
        hass,
        stack,
        ("Keypad", "Unlock", 2),  # user id 2 is slot 3
        ("Keypad", "UnlockFailureInvalidPINorID", 0xFFFF),
        ("Keypad", "UnlockFailureInvalidPINorID", 0),  # some locks say user 0
        ("Keypad", "UnlockFailureInvalidSchedule", 4),
        ("RF", "Unlock", 0),  # Home Assistant (or a remote) unlocking: no PIN user
        ("Manual", "Manual_Unlock", 0xFFFF),
        ("Manual", "KeyUnlock", 0xFFFF),
        ("Keypad", "Lock", 2),  # locking is not an access
        ("Manual", "AutoLock", 0xFFFF),
    )
    assert zha_events[0]["args"] == {"source": "Keypad", "operation": "Unlock", "code_slot": 3}
    assert listening.reports == [
        AccessEvent(Outcome.GRANTED, Method.KEYPAD, 3),
        AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        AccessEvent(Outcome.DENIED, Method.KEYPAD, None),
        AccessEvent(Outcome.DENIED, Method.KEYPAD, 5),
        AccessEvent(Outcome.GRANTED, Method.RF, None),
        AccessEvent(Outcome.GRANTED, Method.MANUAL, None),
        AccessEvent(Outcome.GRANTED, Method.MANUAL, None),
    ]


async def test_events_of_other_devices_are_ignored(
    hass: HomeAssistant, stack: ZhaStack, listening: Reports
) -> None:
    hass.bus.async_fire(
        "zha_event",
        {
            "device_id": "another-device",
            "cluster_id": 0x0101,
            "command": "operation_event_notification",
            "args": {"source": "Keypad", "operation": "Unlock", "code_slot": 1},
        },
    )
    await hass.async_block_till_done()
    assert listening.reports == []


def test_access_event_normalization_edges() -> None:
    assert access_event_from_zha(["Keypad", "Unlock", 1]) is None
    assert access_event_from_zha({"source": "RFID", "operation": "Unlock", "code_slot": 4}) == (
        AccessEvent(Outcome.GRANTED, Method.NFC, None)
    )
    assert access_event_from_zha(
        {"source": "Indeterminate", "operation": "ScheduleUnlock", "code_slot": 65536}
    ) == AccessEvent(Outcome.GRANTED, Method.AUTO, None)
    assert access_event_from_zha(
        {"source": "Keypad", "operation": "Unlock", "code_slot": 65536}
    ) == AccessEvent(Outcome.GRANTED, Method.KEYPAD, None)


async def test_keypad_programming_becomes_slot_changed(
    hass: HomeAssistant, stack: ZhaStack, listening: Reports, caplog: pytest.LogCaptureFixture
) -> None:
    """ZHA does not forward Programming Event Notifications; the provider hears them."""
    caplog.set_level(logging.DEBUG, logger="custom_components.housekey")
    zha_events: list[dict[str, Any]] = []
    hass.bus.async_listen("zha_event", lambda e: zha_events.append(dict(e.data)))
    stack.lock.program_at_keypad(5, "5566")  # user id 4: added
    stack.lock.program_at_keypad(5, "6655")  # changed
    stack.lock.program_at_keypad(5, None)  # deleted
    stack.lock.send_programming_event("Keypad", "MasterCodeChanged", 0, "9999")
    stack.lock.send_programming_event("RFID", "RFIDCodeAdded", 7, "")
    stack.lock.send_programming_event("Keypad", "UnknownOrMfgSpecific", 7, "")
    await hass.async_block_till_done()
    assert listening.reports == [SlotChanged(5), SlotChanged(5), SlotChanged(5)]
    assert zha_events == []  # nothing of it reaches Home Assistant's event bus
    own = [r.getMessage() for r in caplog.records if r.name.startswith("custom_components")]
    assert not any(pin in m for m in own for pin in ("5566", "6655", "9999"))


async def test_lock_echo_of_own_write_is_not_read_back_again(
    hass: HomeAssistant, provider: ZhaProvider, stack: ZhaStack, listening: Reports
) -> None:
    """Locks that announce Zigbee-made changes too would double every write's frames."""
    await provider.async_write_code(3, PIN)
    stack.lock.send_programming_event("RF", "PINCodeAdded", 2, PIN)  # the echo: dropped
    stack.lock.send_programming_event("RF", "PINCodeAdded", 8, "8080")  # not Housekey's
    stack.lock.send_programming_event("Keypad", "PINCodeChanges", 2, "3030")  # at the lock
    await hass.async_block_till_done()
    assert listening.reports == [SlotChanged(9), SlotChanged(3)]


def test_slot_change_normalization_edges() -> None:
    assert slot_change_from_zcl(0x02, 0) == SlotChanged(1)
    assert slot_change_from_zcl(0x03, 0xFFFE) == SlotChanged(0xFFFF)
    assert slot_change_from_zcl(0x04, 0xFFFF) is None  # "no user"
    assert slot_change_from_zcl(0x01, 3) is None  # master code
    assert slot_change_from_zcl(0x05, 3) is None  # RFID


async def test_alarms_become_lock_alarms(
    hass: HomeAssistant, stack: ZhaStack, listening: Reports
) -> None:
    for code in (4, 5, 6, 0):  # 0: deadbolt jammed is not a Housekey alarm
        stack.lock.send_alarm(code)
        await hass.async_block_till_done()
    assert listening.reports == [
        LockAlarm(AlarmKind.BRUTE_FORCE, "wrong_code_entry_limit"),
        LockAlarm(AlarmKind.TAMPER, "front_escutcheon_removed"),
        LockAlarm(AlarmKind.TAMPER, "forced_door_open"),
    ]


async def test_reports_keep_flowing_after_zha_reload(
    hass: HomeAssistant, stack: ZhaStack, listening: Reports
) -> None:
    await stack.reload_zha()
    stack.lock.send_operation_event("Keypad", "Unlock", 1)
    stack.lock.send_alarm(4)
    stack.lock.program_at_keypad(4, "4455")
    await hass.async_block_till_done()
    assert listening.reports == [
        AccessEvent(Outcome.GRANTED, Method.KEYPAD, 2),
        LockAlarm(AlarmKind.BRUTE_FORCE, "wrong_code_entry_limit"),
        SlotChanged(4),
    ]
    assert listening.availability[-1:] == [True]


async def test_availability_follows_zha(
    hass: HomeAssistant, stack: ZhaStack, listening: Reports
) -> None:
    await stack.go_offline()
    await stack.come_back()
    assert listening.availability == [False, True]


async def test_unsubscribe_stops_everything(
    hass: HomeAssistant, stack: ZhaStack, listening: Reports
) -> None:
    listening.unsub()
    stack.lock.send_operation_event("Keypad", "Unlock", 0)
    stack.lock.send_alarm(4)
    stack.lock.program_at_keypad(2, "2211")
    await hass.async_block_till_done()
    await stack.go_offline()
    assert listening.reports == []
    assert listening.availability == []


# ---- the keypad's own wrong-code limit ---------------------------------------------------


async def test_harden_writes_the_wrong_code_attributes(
    provider: ZhaProvider, stack: ZhaStack
) -> None:
    """The Yale YRD226 has WrongCodeEntryLimit 5 and UserCodeTemporaryDisableTime 60."""
    assert await provider.async_harden_keypad(4, 30)
    read, write = stack.lock.received
    assert (read.name, read.args["attribute_ids"]) == ("Read_Attributes", [0x0030, 0x0031])
    assert write.name == "Write_Attributes"
    assert [(a.attrid, a.value.value) for a in write.args["attributes"]] == [
        (0x0030, 4),
        (0x0031, 30),
    ]
    door = stack.lock.attributes[0x0101]
    assert (door["wrong_code_entry_limit"], door["user_code_temporary_disable_time"]) == (4, 30)
    assert await provider.async_harden_keypad(4, 3600)  # the limit is in place: not written
    assert [(a.attrid, a.value.value) for a in stack.lock.received[-1].args["attributes"]] == [
        (0x0031, 255)
    ]


async def test_harden_on_a_lock_without_the_attributes(
    provider: ZhaProvider, stack: ZhaStack
) -> None:
    del stack.lock.attributes[0x0101]["wrong_code_entry_limit"]
    del stack.lock.attributes[0x0101]["user_code_temporary_disable_time"]
    assert not await provider.async_harden_keypad(5, 30)
    assert [f.name for f in stack.lock.received] == ["Read_Attributes"]


async def test_harden_refused_by_the_lock(provider: ZhaProvider, stack: ZhaStack) -> None:
    stack.lock.read_only = {"user_code_temporary_disable_time"}
    with pytest.raises(ProviderError, match="refused its wrong-code limit"):
        await provider.async_harden_keypad(5, 30)
    await stack.go_offline()
    with pytest.raises(LockUnavailable):
        await provider.async_harden_keypad(5, 30)
