"""Schedules a Matter lock holds itself: week-day and year-day entries, and the user type.

Housekey → sync engine → Matter provider → Home Assistant's real matter integration
→ the fake Matter server, whose Door Lock keeps each user's entries and refuses more
than NumberOf...SchedulesSupportedPerUser. What the lock holds is read from the lock's
side; the commands are asserted as the server received them.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chip.clusters import Objects as clusters
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.core.lock_schedule import (
    UNRESTRICTED,
    Enforcement,
    LockSchedule,
    WeekDayEntry,
    YearDayEntry,
)
from custom_components.housekey.providers.base import ProviderError, SlotState
from custom_components.housekey.providers.matter import MatterProvider
from custom_components.housekey.providers.matter_schedules import days_mask, days_of
from tests.conftest import call
from tests.providers.matter.conftest import LOCK, matter_entry
from tests.providers.matter.fake_matter_server import FakeMatterServer
from tests.providers.matter.test_housekey import household_on, in_sync, names

DL = clusters.DoorLock
TIMED = 10_000
BERLIN = ZoneInfo("Europe/Berlin")
PIN = "482916"
#: Monday and Wednesday, 08:00 to 12:00
MORNINGS = [{"days": ["mon", "wed"], "start": "08:00", "end": "12:00"}]
RESTRICTED = DL.Enums.UserTypeEnum.kScheduleRestrictedUser
UNRESTRICTED_USER = DL.Enums.UserTypeEnum.kUnrestrictedUser


def local_seconds(wall: datetime) -> int:
    """Seconds since 2000-01-01 00:00 on the lock's local wall clock."""
    return int((wall - datetime(2000, 1, 1)).total_seconds())


def week_day(index: int, user: int, mask: int, start: tuple[int, int], end: tuple[int, int]) -> Any:
    return DL.Commands.SetWeekDaySchedule(
        weekDayIndex=index,
        userIndex=user,
        daysMask=mask,
        startHour=start[0],
        startMinute=start[1],
        endHour=end[0],
        endMinute=end[1],
    )


def modify_user(user: int, user_type: Any) -> Any:
    return DL.Commands.SetUser(
        operationType=DL.Enums.DataOperationTypeEnum.kModify,
        userIndex=user,
        userName=clusters.NullValue,
        userUniqueID=clusters.NullValue,
        userStatus=clusters.NullValue,
        userType=user_type,
        credentialRule=clusters.NullValue,
    )


def changes(server: FakeMatterServer) -> list[tuple[str, Any, int | None]]:
    return [(c.name, c.command, c.timed_request_timeout_ms) for c in server.changes()]


@pytest.fixture
async def berlin(hass: HomeAssistant) -> None:
    await hass.config.async_update(time_zone="Europe/Berlin")


def test_days_mask_is_sunday_first() -> None:
    assert days_mask(frozenset({0, 2})) == 0b0001010  # Monday bit 1, Wednesday bit 3
    assert days_mask(frozenset({6})) == 0b0000001  # Sunday bit 0
    assert days_of(0b1000001) == {5, 6}  # Saturday bit 6


async def test_capabilities_read_the_schedule_features(
    hass: HomeAssistant, matter_server: FakeMatterServer
) -> None:
    await matter_entry(hass, matter_server.url)
    caps = await MatterProvider(hass, LOCK).async_capabilities()
    assert (caps.week_day_schedules, caps.year_day_schedules) == (10, 10)
    assert caps.schedule_support.enforcement is Enforcement.LOCK
    assert not caps.disposable_users  # Matter does not announce disposable users


async def test_a_lock_without_the_schedule_features_stays_home_assistant(
    hass: HomeAssistant, matter_server: FakeMatterServer
) -> None:
    matter_server.node["attributes"]["1/257/65532"] = 0x103  # PIN, RFID, USR; no WDSCH/YDSCH
    await matter_entry(hass, matter_server.url)
    provider = MatterProvider(hass, LOCK)
    caps = await provider.async_capabilities()
    assert (caps.week_day_schedules, caps.year_day_schedules) == (0, 0)
    assert caps.schedule_support.enforcement is Enforcement.HOME_ASSISTANT
    weekly = LockSchedule(week_days=(WeekDayEntry(frozenset({0}), time(8), time(9)),))
    with pytest.raises(ProviderError):
        await provider.async_write_code(1, PIN, weekly)
    assert matter_server.commands == []


async def test_a_weekly_person_gets_the_restricted_type_and_the_entry_before_the_pin(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """Five commands put a weekly person on the lock: the three writes are the minimum."""
    entry = await household_on(hass, matter_lock)
    state = hass.states.get("sensor.mock_door_lock_code_sync")
    assert (state.attributes["enforcement"], state.attributes["fallback"]) == ("lock", 0)
    matter_server.commands.clear()
    await call(
        hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": MORNINGS}
    )
    await in_sync(entry, matter_lock)
    user = matter_server.lock.user_of_pin(PIN)
    assert user == 1
    writes = [
        ("GetCredentialStatus", DL.Commands.GetCredentialStatus(credential=pin(1)), None),
        ("GetUser", DL.Commands.GetUser(userIndex=1), None),
        (
            "SetUser",
            DL.Commands.SetUser(
                operationType=DL.Enums.DataOperationTypeEnum.kAdd,
                userIndex=1,
                userName="housekey",
                userUniqueID=clusters.NullValue,
                userStatus=DL.Enums.UserStatusEnum.kOccupiedEnabled,
                userType=RESTRICTED,
                credentialRule=DL.Enums.CredentialRuleEnum.kSingle,
            ),
            TIMED,
        ),
        ("SetWeekDaySchedule", week_day(1, 1, 0b0001010, (8, 0), (12, 0)), None),
        (
            "SetCredential",
            DL.Commands.SetCredential(
                operationType=DL.Enums.DataOperationTypeEnum.kAdd,
                credential=pin(1),
                credentialData=PIN.encode(),
                userIndex=1,
                userStatus=clusters.NullValue,
                userType=clusters.NullValue,
            ),
            TIMED,
        ),
    ]
    sent = [(c.name, c.command, c.timed_request_timeout_ms) for c in matter_server.commands]
    assert sent[:5] == writes
    # the sync engine's verification read rebuilds the schedule from the lock
    assert names(matter_server)[5:] == [
        "GetCredentialStatus",
        "GetUser",
        "GetWeekDaySchedule",
        "GetWeekDaySchedule",  # index 2: not found, the end of the entries
        "GetYearDaySchedule",
    ]
    held = matter_server.lock.users[1]
    assert (held.user_type, held.week_days, held.year_days) == (
        RESTRICTED,
        {1: (0b0001010, 8, 0, 12, 0)},
        {},
    )


def pin(index: int) -> Any:
    return DL.Structs.CredentialStruct(
        credentialType=DL.Enums.CredentialTypeEnum.kPin, credentialIndex=index
    )


async def test_a_change_of_window_clears_the_old_entries_and_back_to_unrestricted(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    entry = await household_on(hass, matter_lock)
    two = [
        {"days": ["mon"], "start": "08:00", "end": "12:00"},
        {"days": ["sat", "sun"], "start": "10:00", "end": "14:30"},
    ]
    await call(hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": two})
    await in_sync(entry, matter_lock)
    assert set(matter_server.lock.users[1].week_days) == {1, 2}

    matter_server.commands.clear()
    await call(hass, "update_person", {"person": "Cleo", "weekly": MORNINGS})
    await in_sync(entry, matter_lock)
    assert changes(matter_server)[:4] == [
        ("SetUser", modify_user(1, RESTRICTED), TIMED),
        ("ClearWeekDaySchedule", DL.Commands.ClearWeekDaySchedule(0xFE, 1), None),
        ("ClearYearDaySchedule", DL.Commands.ClearYearDaySchedule(0xFE, 1), None),
        ("SetWeekDaySchedule", week_day(1, 1, 0b0001010, (8, 0), (12, 0)), None),
    ]
    assert [c.name for c in matter_server.changes()][4:] == ["SetCredential"]
    assert matter_server.lock.users[1].week_days == {1: (0b0001010, 8, 0, 12, 0)}
    assert matter_server.lock.pin_of(1) == PIN

    matter_server.commands.clear()
    await call(hass, "update_person", {"person": "Cleo", "weekly": []})
    await in_sync(entry, matter_lock)
    assert changes(matter_server)[:3] == [
        ("SetUser", modify_user(1, UNRESTRICTED_USER), TIMED),
        ("ClearWeekDaySchedule", DL.Commands.ClearWeekDaySchedule(0xFE, 1), None),
        ("ClearYearDaySchedule", DL.Commands.ClearYearDaySchedule(0xFE, 1), None),
    ]
    assert [c.name for c in matter_server.changes()][3:] == ["SetCredential"]
    assert names(matter_server)[:2] == ["GetCredentialStatus", "GetUser"]
    held = matter_server.lock.users[1]
    assert (held.user_type, held.week_days, held.year_days) == (UNRESTRICTED_USER, {}, {})
    # a PIN change of an unrestricted person costs one GetUser more, no schedule command
    matter_server.commands.clear()
    await call(hass, "set_pin", {"person": "Cleo", "pin": "739105"})
    await in_sync(entry, matter_lock)
    assert [c.name for c in matter_server.changes()] == ["SetCredential"]


async def test_a_date_range_guest_gets_a_year_day_entry_in_local_time_across_dst(
    hass: HomeAssistant, berlin: None, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """A stay from before the spring change to 10:00 after it: 10:00 on the lock's clock."""
    entry = await household_on(hass, matter_lock)
    matter_server.commands.clear()
    stay = {"valid_from": "2027-03-27 14:00:00", "valid_until": "2027-03-28 10:00:00"}
    await call(hass, "add_person", {"name": "Gina", "role": "guest", "pin": PIN, **stay})
    await in_sync(entry, matter_lock)
    start = local_seconds(datetime(2027, 3, 27, 14))  # CET, +01:00
    end = local_seconds(datetime(2027, 3, 28, 10))  # CEST, +02:00
    assert [c for c in changes(matter_server) if c[0] == "SetYearDaySchedule"] == [
        ("SetYearDaySchedule", DL.Commands.SetYearDaySchedule(1, 1, start, end), None)
    ]
    held = matter_server.lock.users[1]
    assert (held.user_type, held.year_days, held.week_days) == (RESTRICTED, {1: (start, end)}, {})
    # and autumn: to 10:00 after the change, the lock's wall clock again
    await call(
        hass,
        "update_person",
        {
            "person": "Gina",
            "valid_from": "2027-10-30 14:00:00",
            "valid_until": "2027-10-31 10:00:00",
        },
    )
    await in_sync(entry, matter_lock)
    autumn = (local_seconds(datetime(2027, 10, 30, 14)), local_seconds(datetime(2027, 10, 31, 10)))
    assert matter_server.lock.users[1].year_days == {1: autumn}


async def test_open_ends_are_the_locks_minimum_and_maximum(
    hass: HomeAssistant, berlin: None, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    provider = MatterProvider(hass, matter_lock)
    until = YearDayEntry(None, datetime(2027, 7, 1, 12, tzinfo=BERLIN))
    await provider.async_write_code(2, PIN, LockSchedule(year_days=(until,)))
    assert matter_server.lock.users[2].year_days == {
        1: (0, local_seconds(datetime(2027, 7, 1, 12)))
    }
    since = YearDayEntry(datetime(2027, 7, 1, 12, tzinfo=BERLIN), None)
    await provider.async_write_code(2, PIN, LockSchedule(year_days=(since,)))
    assert matter_server.lock.users[2].year_days == {
        1: (local_seconds(datetime(2027, 7, 1, 12)), 0xFFFFFFFF)
    }
    read = await provider.async_read_slot(2)
    assert read.schedule == LockSchedule(year_days=(since,))


async def test_read_back_rebuilds_the_schedule(
    hass: HomeAssistant, berlin: None, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    provider = MatterProvider(hass, matter_lock)
    schedule = LockSchedule(
        week_days=(
            WeekDayEntry(frozenset({0, 1, 2, 3, 4}), time(7, 30), time(9)),
            WeekDayEntry(frozenset({5, 6}), time(0), time(23, 59)),
        ),
    )
    await provider.async_write_code(4, PIN, schedule)
    await provider.async_write_code(5, "739105")  # no schedule given: an ordinary user
    matter_server.commands.clear()
    read = await provider.async_read_slot(4)
    assert read.state is SlotState.MASKED
    assert read.schedule == schedule
    assert [c.name for c in matter_server.commands] == [
        "GetCredentialStatus",
        "GetUser",
        "GetWeekDaySchedule",
        "GetWeekDaySchedule",
        "GetWeekDaySchedule",
        "GetYearDaySchedule",
    ]
    reads = await provider.async_read_slots(range(1, 11))
    assert reads[4].schedule == schedule
    assert reads[5].schedule == UNRESTRICTED
    assert reads[1].schedule is None  # empty


async def test_a_lock_that_lost_the_schedule_gets_it_again(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    entry = await household_on(hass, matter_lock)
    await call(
        hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": MORNINGS}
    )
    await in_sync(entry, matter_lock)
    held = dict(matter_server.lock.users[1].week_days)
    matter_server.lock.users[1].week_days.clear()  # a reset at the lock: open at all hours
    matter_server.commands.clear()
    await call(hass, "sync", {"locks": [matter_lock]})
    await in_sync(entry, matter_lock)
    assert matter_server.lock.users[1].week_days == held
    assert [c.name for c in matter_server.changes()] == [
        "SetUser",
        "ClearWeekDaySchedule",
        "ClearYearDaySchedule",
        "SetWeekDaySchedule",
        "SetCredential",
    ]
    assert hass.states.get("sensor.mock_door_lock_code_sync").state == "in_sync"


async def test_more_windows_than_the_lock_holds_fall_back_to_home_assistant(
    hass: HomeAssistant, matter_server: FakeMatterServer
) -> None:
    matter_server.node["attributes"]["1/257/20"] = 1  # one week-day entry per user
    matter_server.lock.week_days_per_user = 1
    await matter_entry(hass, matter_server.url)
    entry = await household_on(hass, LOCK)
    every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    two = [  # two entries, one more than the lock holds; together they cover now
        {"days": every_day, "start": "00:00", "end": "12:00"},
        {"days": every_day, "start": "12:00", "end": "23:59"},
    ]
    await call(hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": two})
    await call(
        hass, "add_person", {"name": "Dana", "role": "service", "pin": "739105", "weekly": MORNINGS}
    )
    await in_sync(entry, LOCK)
    state = hass.states.get("sensor.mock_door_lock_code_sync")
    assert (state.attributes["enforcement"], state.attributes["fallback"]) == ("lock", 1)
    dana = matter_server.lock.user_of_pin("739105")
    assert dana is not None
    assert matter_server.lock.users[dana].week_days == {1: (0b0001010, 8, 0, 12, 0)}
    # Cleo's code is Home Assistant's to write and clear: unrestricted while on the lock
    cleo = matter_server.lock.user_of_pin(PIN)
    assert cleo is not None
    held = matter_server.lock.users[cleo]
    assert (held.user_type, held.week_days) == (UNRESTRICTED_USER, {})
    assert not any(
        c.name == "SetWeekDaySchedule" and c.command.weekDayIndex > 1
        for c in matter_server.commands
    )


async def test_the_lock_refuses_entries_past_what_it_holds(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """A lock announcing more entries than it keeps refuses the extra one: no user is left."""
    matter_server.lock.week_days_per_user = 1  # the attribute still says 10
    schedule = LockSchedule(
        week_days=(
            WeekDayEntry(frozenset({0}), time(8), time(9)),
            WeekDayEntry(frozenset({1}), time(10), time(11)),
        )
    )
    with pytest.raises(ProviderError):
        await MatterProvider(hass, matter_lock).async_write_code(3, PIN, schedule)
    assert [c.name for c in matter_server.changes()] == [
        "SetUser",
        "SetWeekDaySchedule",
        "SetWeekDaySchedule",
        "ClearUser",
    ]
    assert matter_server.lock.users == {}
    assert matter_server.lock.pins == {}


async def test_schedule_past_the_announced_entries_is_refused_before_sending(
    hass: HomeAssistant, matter_server: FakeMatterServer
) -> None:
    matter_server.node["attributes"]["1/257/21"] = 0  # no year-day entries per user
    entry: MockConfigEntry = await matter_entry(hass, matter_server.url)
    assert entry is not None
    ranged = LockSchedule(year_days=(YearDayEntry(None, datetime(2027, 1, 1, tzinfo=BERLIN)),))
    with pytest.raises(ProviderError):
        await MatterProvider(hass, LOCK).async_write_code(1, PIN, ranged)
    assert matter_server.commands == []


async def test_a_guest_from_now_reads_back_as_written(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """A stay starting "now" (microseconds) is held to the minute: a rescan rewrites nothing."""
    entry = await household_on(hass, matter_lock)
    await call(hass, "add_guest", {"name": "Hugo", "valid_until": "2027-01-10 10:00:00"})
    await in_sync(entry, matter_lock)
    assert matter_server.lock.users[1].year_days
    matter_server.commands.clear()
    await call(hass, "sync", {"locks": [matter_lock]})
    await in_sync(entry, matter_lock)
    assert "GetYearDaySchedule" in names(matter_server)
    assert matter_server.changes() == []


def _as_saved_before_schedules(data: Any) -> None:
    """Turn saved capabilities into what a release that read no schedules saved."""
    if isinstance(data, dict):
        if "readback" in data and "slots" in data:
            for key in ("week_day_schedules", "year_day_schedules", "disposable_users"):
                data.pop(key, None)
            data["schedules"] = False
        for value in data.values():
            _as_saved_before_schedules(value)
    elif isinstance(data, list):
        for value in data:
            _as_saved_before_schedules(value)


async def test_capabilities_saved_before_schedules_are_read_once_more_without_a_scan(
    hass: HomeAssistant,
    matter_server: FakeMatterServer,
    matter_lock: str,
    hass_storage: dict[str, Any],
) -> None:
    """An upgrade: the lock starts holding schedules without a new scan of its slots."""
    entry = await household_on(hass, matter_lock)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    _as_saved_before_schedules(hass_storage[f"housekey.{entry.entry_id}.locks"])
    matter_server.commands.clear()

    assert await hass.config_entries.async_setup(entry.entry_id)
    await in_sync(entry, matter_lock)
    state = hass.states.get("sensor.mock_door_lock_code_sync")
    assert state.attributes["enforcement"] == "lock"
    assert names(matter_server) == []  # capabilities come from the node: no slot read

    # Saved with them now: the next start reads nothing again.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert "week_day_schedules" in str(hass_storage[f"housekey.{entry.entry_id}.locks"])
    assert await hass.config_entries.async_setup(entry.entry_id)
    await in_sync(entry, matter_lock)
    assert entry.runtime_data.locks[matter_lock].capabilities.before_schedules is False
    assert names(matter_server) == []
