"""Schedules a Matter lock holds itself: week-day and year-day entries, and the user type.

Housekey → sync engine → Matter provider → Home Assistant's real matter integration
→ the fake Matter server, whose Door Lock keeps each user's entries and refuses more
than NumberOf...SchedulesSupportedPerUser. What the lock holds is read from the lock's
side; the commands are asserted as the server received them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
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
from tests.conftest import call, setup_household
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


def change_names(server: FakeMatterServer) -> list[str]:
    return [c.name for c in server.changes()]


#: reading a restricted user back on the fixture lock: its credential, the user, then
#: every index of both kinds (the Get commands name no next index)
READ_BACK = [
    "GetCredentialStatus",
    "GetUser",
    *["GetWeekDaySchedule"] * 10,
    *["GetYearDaySchedule"] * 10,
]


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
    # the sync engine's verification read rebuilds the schedule from the lock: every
    # index the lock offers (10 week-day and 10 year-day entries per user)
    assert names(matter_server)[5:] == READ_BACK
    held = matter_server.lock.users[1]
    assert (held.user_type, held.week_days, held.year_days) == (
        RESTRICTED,
        {1: (0b0001010, 8, 0, 12, 0)},
        {},
    )


async def cleo_on(hass: HomeAssistant, lock: str) -> MockConfigEntry:
    """A household on the lock with Cleo, who comes Monday and Wednesday mornings."""
    entry = await household_on(hass, lock)
    await call(
        hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": MORNINGS}
    )
    await in_sync(entry, lock)
    return entry


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
    # entry 1 is overwritten in place, then entry 2 cleared: the read-back told Housekey
    # what the user holds, so nothing else is sent
    assert changes(matter_server)[:2] == [
        ("SetWeekDaySchedule", week_day(1, 1, 0b0001010, (8, 0), (12, 0)), None),
        ("ClearWeekDaySchedule", DL.Commands.ClearWeekDaySchedule(2, 1), None),
    ]
    assert change_names(matter_server)[2:] == ["SetCredential"]
    assert matter_server.lock.users[1].week_days == {1: (0b0001010, 8, 0, 12, 0)}
    assert matter_server.lock.pin_of(1) == PIN

    matter_server.commands.clear()
    await call(hass, "update_person", {"person": "Cleo", "weekly": []})
    await in_sync(entry, matter_lock)
    # the type first (from then on it opens at all hours, as wanted), then its entries
    assert changes(matter_server)[:2] == [
        ("SetUser", modify_user(1, UNRESTRICTED_USER), TIMED),
        ("ClearWeekDaySchedule", DL.Commands.ClearWeekDaySchedule(0xFE, 1), None),
    ]
    assert change_names(matter_server)[2:] == ["SetCredential"]
    assert names(matter_server)[:2] == ["GetCredentialStatus", "SetUser"]
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
    assert [c.name for c in matter_server.commands] == READ_BACK
    reads = await provider.async_read_slots(range(1, 11))
    assert reads[4].schedule == schedule
    assert reads[5].schedule == UNRESTRICTED
    assert reads[1].schedule is None  # empty


async def test_a_lock_that_lost_the_schedule_gets_it_again(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    entry = await cleo_on(hass, matter_lock)
    held = dict(matter_server.lock.users[1].week_days)
    matter_server.lock.users[1].week_days.clear()  # a reset at the lock: open at all hours
    matter_server.commands.clear()
    await call(hass, "sync", {"locks": [matter_lock]})
    await in_sync(entry, matter_lock)
    assert matter_server.lock.users[1].week_days == held
    # the read showed a restricted user without entries: only the entry is sent again
    assert change_names(matter_server) == ["SetWeekDaySchedule", "SetCredential"]
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


# ---- a change never opens the door outside the old and the new windows ----------------

#: every half hour of the week of Monday 2027-01-04, on the lock's wall clock
WEEK = tuple(datetime(2027, 1, 4) + timedelta(minutes=30 * n) for n in range(7 * 48))
#: Tuesday and Thursday, 14:00 to 18:00
AFTERNOONS = [{"days": ["tue", "thu"], "start": "14:00", "end": "18:00"}]
TWO_WINDOWS = [
    {"days": ["mon"], "start": "08:00", "end": "12:00"},
    {"days": ["sat", "sun"], "start": "10:00", "end": "14:30"},
]
STAY = {"valid_from": "2027-01-05 10:00:00", "valid_until": "2027-01-06 12:00:00"}
NO_STAY = {"valid_from": None, "valid_until": None}

#: (access before, access after, what is sent for it when Housekey knows the user's entries)
CHANGES = {
    "one window for another": (
        {"weekly": MORNINGS},
        {"weekly": AFTERNOONS},
        ["SetWeekDaySchedule", "SetCredential"],
    ),
    "two windows to one": (
        {"weekly": TWO_WINDOWS},
        {"weekly": MORNINGS},
        ["SetWeekDaySchedule", "ClearWeekDaySchedule", "SetCredential"],
    ),
    "weekly hours to a stay": (
        {"weekly": MORNINGS},
        {"weekly": [], **STAY},
        ["SetYearDaySchedule", "ClearWeekDaySchedule", "SetCredential"],
    ),
    "a stay to weekly hours": (
        STAY,
        {"weekly": MORNINGS, **NO_STAY},
        ["SetWeekDaySchedule", "ClearYearDaySchedule", "SetCredential"],
    ),
    "weekly hours to none": (
        {"weekly": MORNINGS},
        {"weekly": []},
        ["SetUser", "ClearWeekDaySchedule", "SetCredential"],
    ),
}


async def restart(hass: HomeAssistant, entry: MockConfigEntry, lock: str) -> MockConfigEntry:
    """Unload the household and load it again (a restart of Home Assistant, for Housekey)."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    entry = await setup_household(hass, entry=entry)
    await in_sync(entry, lock)
    return entry


def admitted(server: FakeMatterServer, user: int) -> frozenset[datetime]:
    """Return the half hours of the week in which the lock opens for the user's PIN."""
    return frozenset(moment for moment in WEEK if server.lock.admits(user, moment))


def watch(server: FakeMatterServer, user: int) -> list[tuple[str, frozenset[datetime]]]:
    """Record, after each command the lock carries out, when it would open for the user."""
    seen: list[tuple[str, frozenset[datetime]]] = []
    server.watchers.append(lambda sent: seen.append((sent.name, admitted(server, user))))
    return seen


@pytest.mark.parametrize("restarted", [False, True], ids=["known", "after a restart"])
@pytest.mark.parametrize("change", list(CHANGES))
async def test_a_change_never_opens_outside_the_old_and_the_new_windows(
    hass: HomeAssistant,
    matter_server: FakeMatterServer,
    matter_lock: str,
    change: str,
    restarted: bool,
) -> None:
    """After every single command, the lock opens only inside the old or the new windows.

    A schedule-restricted user without entries opens at all hours on some locks: before,
    a change cleared all entries first (SetUser, ClearWeekDaySchedule(all),
    ClearYearDaySchedule(all), SetWeekDaySchedule, SetCredential: 5 changes, the door
    open to the PIN at any hour in between). Now the new entries overwrite the old in
    place and the surplus goes last; after a restart, when Housekey does not know the
    entries, the user is disabled while they are rewritten.
    """
    before, after, sent = CHANGES[change]
    entry = await household_on(hass, matter_lock)
    await call(hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, **before})
    await in_sync(entry, matter_lock)
    user = matter_server.lock.user_of_pin(PIN)
    assert user is not None
    old = admitted(matter_server, user)
    assert old and old != frozenset(WEEK)
    if restarted:  # what the lock holds is no longer known
        entry = await restart(hass, entry, matter_lock)
    matter_server.commands.clear()
    seen = watch(matter_server, user)

    await call(hass, "update_person", {"person": "Cleo", **after})
    await in_sync(entry, matter_lock)
    new = admitted(matter_server, user)
    assert new != old
    for name, moments in seen:
        assert moments <= old | new, f"after {name} the lock opens outside both windows"
    if not restarted:
        assert change_names(matter_server) == sent
    elif after.get("weekly") or after.get("valid_from"):
        windows = [c for c in change_names(matter_server) if c.startswith("Set") and "Day" in c]
        assert change_names(matter_server) == [
            "SetUser",  # disabled, with the restricted type
            "ClearWeekDaySchedule",
            "ClearYearDaySchedule",
            *windows,
            "SetUser",  # enabled again
            "SetCredential",
        ]
        disabled, enabled = (c.command for c in matter_server.commands if c.name == "SetUser")
        assert disabled.userStatus == DL.Enums.UserStatusEnum.kOccupiedDisabled
        assert enabled.userStatus == DL.Enums.UserStatusEnum.kOccupiedEnabled
    else:
        assert change_names(matter_server) == [
            "SetUser",
            "ClearWeekDaySchedule",
            "ClearYearDaySchedule",
            "SetCredential",
        ]


async def test_a_pin_change_of_a_weekly_person_sends_no_schedule_command(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """Their entries are known from the read-back: only the credential changes (before: 5)."""
    entry = await cleo_on(hass, matter_lock)
    matter_server.commands.clear()
    await call(hass, "set_pin", {"person": "Cleo", "pin": "739105"})
    await in_sync(entry, matter_lock)
    assert change_names(matter_server) == ["SetCredential"]
    assert matter_server.lock.users[1].week_days == {1: (0b0001010, 8, 0, 12, 0)}


async def test_a_pin_filed_under_a_user_the_lock_makes_waits_for_its_entries(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """User N is someone else's: the lock makes a user for the PIN, disabled until the
    entries are on, then enabled; it never opens outside the window meanwhile."""
    matter_server.lock.add_foreign(1, 5, "555123")  # user 1 is another app's
    seen = watch(matter_server, 2)  # the free user the lock will make
    weekly = LockSchedule(week_days=(WeekDayEntry(frozenset({0}), time(8), time(12)),))
    await MatterProvider(hass, matter_lock).async_write_code(1, PIN, weekly)
    assert matter_server.lock.user_of_pin(PIN) == 2
    assert change_names(matter_server) == ["SetCredential", "SetWeekDaySchedule", "SetUser"]
    monday_mornings = admitted(matter_server, 2)
    assert monday_mornings == {t for t in WEEK if t.weekday() == 0 and 8 <= t.hour < 12}
    assert all(moments <= monday_mornings for _, moments in seen)


# ---- read-back sees every entry the lock applies --------------------------------------


async def test_an_entry_beyond_an_empty_index_is_seen_and_cleared(
    hass: HomeAssistant, matter_server: FakeMatterServer, matter_lock: str
) -> None:
    """The lock holds entries 1 and 3, not 2: entry 3 opens the door on Sundays too."""
    entry = await cleo_on(hass, matter_lock)
    matter_server.lock.users[1].week_days[3] = (0b0000001, 0, 0, 23, 59)  # another app's
    assert matter_server.lock.admits(1, datetime(2027, 1, 10, 20))  # a Sunday evening
    matter_server.commands.clear()
    await call(hass, "sync", {"locks": [matter_lock]})
    await in_sync(entry, matter_lock)
    assert changes(matter_server) == [
        ("SetWeekDaySchedule", week_day(1, 1, 0b0001010, (8, 0), (12, 0)), None),
        ("ClearWeekDaySchedule", DL.Commands.ClearWeekDaySchedule(3, 1), None),
        ("SetCredential", matter_server.changes()[-1].command, TIMED),
    ]
    assert matter_server.lock.users[1].week_days == {1: (0b0001010, 8, 0, 12, 0)}
    assert not matter_server.lock.admits(1, datetime(2027, 1, 10, 20))


async def test_read_back_asks_every_index_of_a_small_lock(
    hass: HomeAssistant, matter_server: FakeMatterServer
) -> None:
    """A lock with 4 week-day and 2 year-day entries per user: 1 + 4 + 2 commands per user."""
    matter_server.node["attributes"]["1/257/20"] = 4
    matter_server.node["attributes"]["1/257/21"] = 2
    matter_server.lock.week_days_per_user, matter_server.lock.year_days_per_user = 4, 2
    await matter_entry(hass, matter_server.url)
    provider = MatterProvider(hass, LOCK)
    stay = YearDayEntry(None, datetime(2027, 7, 1, 12, tzinfo=BERLIN))
    await provider.async_write_code(2, PIN, LockSchedule(year_days=(stay,)))
    matter_server.lock.users[2].year_days[2] = (10, 20)  # beyond nothing: index 2 of 2
    matter_server.commands.clear()
    read = await provider.async_read_slot(2)
    assert names(matter_server) == [
        "GetCredentialStatus",
        "GetUser",
        *["GetWeekDaySchedule"] * 4,
        *["GetYearDaySchedule"] * 2,
    ]
    assert read.schedule is not None
    assert len(read.schedule.year_days) == 2


# ---- the hour an autumn change repeats ------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "stay", "wall"),
    [
        # Berlin, autumn 2027-10-31: 03:00 CEST goes back to 02:00 CET. The stay ends at
        # the second 02:30 (+01:00); the lock's wall clock names both 02:30s alike.
        (
            "Europe/Berlin",
            {"valid_from": "2027-10-30 14:00:00", "valid_until": "2027-10-31T02:30:00+01:00"},
            (datetime(2027, 10, 30, 14), datetime(2027, 10, 31, 2, 30)),
        ),
        # and it starts in the second 02:15
        (
            "Europe/Berlin",
            {"valid_from": "2027-10-31T02:15:00+01:00", "valid_until": "2027-11-01 10:00:00"},
            (datetime(2027, 10, 31, 2, 15), datetime(2027, 11, 1, 10)),
        ),
        # Berlin, spring 2027-03-28: 02:30 does not exist; it is 03:30 CEST on the lock.
        (
            "Europe/Berlin",
            {"valid_from": "2027-03-27 14:00:00", "valid_until": "2027-03-28 02:30:00"},
            (datetime(2027, 3, 27, 14), datetime(2027, 3, 28, 3, 30)),
        ),
        # New York, autumn 2027-11-07: 02:00 EDT goes back to 01:00 EST; the second 01:30.
        (
            "America/New_York",
            {"valid_from": "2027-11-06 14:00:00", "valid_until": "2027-11-07T01:30:00-05:00"},
            (datetime(2027, 11, 6, 14), datetime(2027, 11, 7, 1, 30)),
        ),
        # New York, spring 2027-03-14: 02:30 does not exist; 03:30 EDT.
        (
            "America/New_York",
            {"valid_from": "2027-03-13 14:00:00", "valid_until": "2027-03-14 02:30:00"},
            (datetime(2027, 3, 13, 14), datetime(2027, 3, 14, 3, 30)),
        ),
    ],
)
async def test_a_stay_edge_in_a_changed_hour_reads_back_as_written(
    hass: HomeAssistant,
    matter_server: FakeMatterServer,
    matter_lock: str,
    zone: str,
    stay: dict[str, str],
    wall: tuple[datetime, datetime],
) -> None:
    """Written once as the lock's wall time; then a restart and a sync send no change."""
    await hass.config.async_update(time_zone=zone)
    entry = await household_on(hass, matter_lock)
    matter_server.commands.clear()
    await call(hass, "add_person", {"name": "Gina", "role": "guest", "pin": PIN, **stay})
    await in_sync(entry, matter_lock)
    assert change_names(matter_server).count("SetYearDaySchedule") == 1
    user = matter_server.lock.user_of_pin(PIN)
    assert user is not None
    assert matter_server.lock.users[user].year_days == {1: tuple(map(local_seconds, wall))}

    matter_server.commands.clear()
    entry = await restart(hass, entry, matter_lock)
    assert matter_server.commands == []  # a restart with nothing changed sends nothing
    await call(hass, "sync", {"locks": [matter_lock]})
    await in_sync(entry, matter_lock)
    assert "GetYearDaySchedule" in names(matter_server)
    assert matter_server.changes() == []


@pytest.mark.parametrize("weekly", [MORNINGS, []], ids=["weekly", "unrestricted"])
async def test_a_user_left_disabled_is_enabled_again(
    hass: HomeAssistant,
    matter_server: FakeMatterServer,
    matter_lock: str,
    weekly: list[dict[str, Any]],
) -> None:
    """A disabled user (a rewrite cut short, another app) admits nobody: read as such, and
    written again, enabled."""
    entry = await household_on(hass, matter_lock)
    data = {"name": "Cleo", "role": "service", "pin": PIN, "weekly": weekly}
    await call(hass, "add_person", data)
    await in_sync(entry, matter_lock)
    matter_server.lock.users[1].status = int(DL.Enums.UserStatusEnum.kOccupiedDisabled)
    assert not matter_server.lock.admits(1, datetime(2027, 1, 4, 9))
    await call(hass, "sync", {"locks": [matter_lock]})
    await in_sync(entry, matter_lock)
    assert matter_server.lock.users[1].status == int(DL.Enums.UserStatusEnum.kOccupiedEnabled)
    assert matter_server.lock.admits(1, datetime(2027, 1, 4, 9))  # a Monday morning
