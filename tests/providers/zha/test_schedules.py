"""Schedules the Zigbee lock holds itself, through Home Assistant's real ZHA.

The Yale YRD226 of zha_stack.py holds one week-day and one year-day entry per user
(NumberOfWeekDay/YearDaySchedulesSupportedPerUser). Assertions are on the user-table
and schedule frames that reached the lock, and on the entries it then holds.
"""

from __future__ import annotations

import time as clock
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from homeassistant.core import HomeAssistant
from zigpy.zcl.clusters.closures import DoorLock

from custom_components.housekey.core.lock_schedule import (
    UNRESTRICTED,
    LockSchedule,
    WeekDayEntry,
    YearDayEntry,
)
from custom_components.housekey.diagnostics import async_get_config_entry_diagnostics
from custom_components.housekey.providers.base import ProviderError
from custom_components.housekey.providers.zha import ZhaProvider
from custom_components.housekey.providers.zha_schedules import (
    NOBODY,
    USER_NON_ACCESS,
    USER_WEEK_DAY,
    USER_YEAR_DAY,
    ScheduleWire,
    day_mask,
    decode,
    encode,
    from_local_time,
    mask_days,
    to_local_time,
)
from custom_components.housekey.sync import LockSync
from tests.conftest import call, settle, setup_household
from tests.providers.zha.zha_stack import DOOR_LOCK, ZhaStack

BERLIN = ZoneInfo("Europe/Berlin")
PIN = "482913"
MON_TUE = [{"days": ["mon", "tue"], "start": "08:00", "end": "12:00"}]
WEEK_DAY_USER = DoorLock.UserType.Week_Day_Schedule_User
YEAR_DAY_USER = DoorLock.UserType.Year_Day_Schedule_User
UNRESTRICTED_USER = DoorLock.UserType.Unrestricted


@pytest.fixture(autouse=True)
async def berlin(hass: HomeAssistant) -> None:
    await hass.config.async_set_time_zone("Europe/Berlin")


@pytest.fixture
def no_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ZhaProvider, "pacing", 0.0)


def local_seconds(*wall: int) -> int:
    """A wall-clock time as the lock's LocalTime (seconds since 2000-01-01 local)."""
    return int((datetime(*wall) - datetime(2000, 1, 1)).total_seconds())  # type: ignore[misc]


def set_pin(uid: int, user_type: int, pin: str = PIN) -> tuple[str, dict[str, Any]]:
    args = {"user_id": uid, "user_status": DoorLock.UserStatus.Enabled, "user_type": user_type}
    return ("set_pin_code", {**args, "pin_code": pin})


def entry_frame(verb: str, kind: str, uid: int, sid: int = 0, **fields: int) -> tuple[str, Any]:
    return (f"{verb}_{kind}_schedule", {"schedule_id": sid, "user_id": uid, **fields})


def week_day(mask: int, start: tuple[int, int], end: tuple[int, int]) -> dict[str, int]:
    return {
        "days_mask": mask,
        "start_hour": start[0],
        "start_minute": start[1],
        "end_hour": end[0],
        "end_minute": end[1],
    }


MON_TUE_WIRE = week_day(0x06, (8, 0), (12, 0))  # DayMask: bit 0 Sunday, Mon 0x02, Tue 0x04


async def household(hass: HomeAssistant, stack: ZhaStack) -> Any:
    entry = await setup_household(hass, simulated=0, locks=[stack.entity_id])
    await settle(entry.runtime_data, timeout=15)
    return entry


async def add(hass: HomeAssistant, entry: Any, action: str, data: dict[str, Any]) -> int:
    """Run an action adding someone (a person with PIN, a guest with a generated one)."""
    resp = await call(hass, action, {"pin": PIN, **data} if action == "add_person" else data)
    await settle(entry.runtime_data, timeout=15)
    return slot_of(entry, resp["person_id"])


def slot_of(entry: Any, person_id: str) -> int:
    (lock,) = entry.runtime_data.locks
    record = entry.runtime_data.locks[lock].record
    return int(next(s for s, a in record.applied.items() if a.ref.person_id == person_id))


async def enforcement(hass: HomeAssistant, entry: Any, stack: ZhaStack) -> tuple[str, list[str]]:
    """Who enforces windows on the lock, and the people Home Assistant does it for."""
    dump = await async_get_config_entry_diagnostics(hass, entry)
    lock = dump["locks"][stack.entity_id]
    return lock["enforcement"], lock["fallback"]


async def change(hass: HomeAssistant, entry: Any, action: str, data: dict[str, Any]) -> None:
    await call(hass, action, data)
    await settle(entry.runtime_data, timeout=15)


@pytest.mark.usefixtures("no_pacing")
async def test_a_weekly_person_gets_a_week_day_entry_on_the_lock(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    entry = await household(hass, stack)
    caps = entry.runtime_data.locks[stack.entity_id].capabilities
    assert (caps.week_day_schedules, caps.year_day_schedules) == (1, 1)
    assert caps.disposable_users is False  # the ZCL has no single-use user type
    mark = len(stack.lock.user_commands())
    slot = await add(hass, entry, "add_person", {"name": "Cleo", "weekly": MON_TUE})
    uid = slot - 1
    assert stack.lock.user_commands()[mark:] == [
        set_pin(uid, WEEK_DAY_USER),
        entry_frame("set", "week_day", uid, **MON_TUE_WIRE),
        entry_frame("clear", "year_day", uid),
        ("get_pin_code", {"user_id": uid}),  # the sync engine's read-back
        entry_frame("get", "week_day", uid),
    ]
    assert stack.lock.user_type(slot) == WEEK_DAY_USER
    assert stack.lock.schedules_of(slot) == {"week_day": {0: (0x06, 8, 0, 12, 0)}, "year_day": {}}
    assert await enforcement(hass, entry, stack) == ("lock", [])


@pytest.mark.usefixtures("no_pacing")
async def test_a_date_range_guest_gets_a_year_day_entry_in_local_time(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    entry = await household(hass, stack)
    mark = len(stack.lock.user_commands())
    stay = {"valid_from": "2030-06-01 14:00:00", "valid_until": "2030-06-08 10:00:00"}
    slot = await add(hass, entry, "add_guest", {"name": "Gina", **stay})
    uid = slot - 1
    start, end = local_seconds(2030, 6, 1, 14), local_seconds(2030, 6, 8, 10)
    pin = stack.lock.code_in_slot(slot)
    assert pin is not None
    assert stack.lock.user_commands()[mark:] == [
        set_pin(uid, YEAR_DAY_USER, pin),
        entry_frame("set", "year_day", uid, local_start_time=start, local_end_time=end),
        entry_frame("clear", "week_day", uid),
        ("get_pin_code", {"user_id": uid}),
        entry_frame("get", "year_day", uid),
    ]
    assert stack.lock.schedules_of(slot) == {"week_day": {}, "year_day": {0: (start, end)}}


@pytest.mark.usefixtures("no_pacing")
async def test_a_guest_from_now_reads_back_as_written(hass: HomeAssistant, stack: ZhaStack) -> None:
    """`valid_from` defaults to now, to the microsecond; the lock keeps whole seconds."""
    entry = await household(hass, stack)
    mark = len(stack.lock.user_commands())
    slot = await add(hass, entry, "add_guest", {"name": "Gina", "valid_until": "2030-06-08"})
    assert [name for name, _ in stack.lock.user_commands()[mark:]] == [
        "set_pin_code",
        "set_year_day_schedule",
        "clear_week_day_schedule",
        "get_pin_code",
        "get_year_day_schedule",
    ]
    assert entry.runtime_data.locks[stack.entity_id].state.value == "in_sync"
    assert stack.lock.schedules_of(slot)["year_day"][0][1] == local_seconds(2030, 6, 8)


@pytest.mark.usefixtures("no_pacing")
async def test_a_change_of_hours_clears_the_entries_no_longer_wanted(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    stack.lock.attributes[DOOR_LOCK]["num_of_week_day_schedules_supported_per_user"] = 2
    entry = await household(hass, stack)
    two = [
        {"days": ["mon"], "start": "08:00", "end": "12:00"},
        {"days": ["wed"], "start": "14:00", "end": "18:00"},
    ]
    slot = await add(hass, entry, "add_person", {"name": "Cleo", "weekly": two})
    assert stack.lock.schedules_of(slot)["week_day"] == {
        0: (0x02, 8, 0, 12, 0),
        1: (0x08, 14, 0, 18, 0),
    }
    mark = len(stack.lock.user_commands())
    friday = [{"days": ["fri"], "start": "09:00", "end": "10:30"}]
    await change(hass, entry, "update_person", {"person": "Cleo", "weekly": friday})
    uid = slot - 1
    assert stack.lock.user_commands()[mark:] == [
        set_pin(uid, WEEK_DAY_USER),
        entry_frame("set", "week_day", uid, **week_day(0x20, (9, 0), (10, 30))),
        entry_frame("clear", "week_day", uid, 1),
        # year-day entry 0 is known empty since Cleo was put on: not sent again
        ("get_pin_code", {"user_id": uid}),
        entry_frame("get", "week_day", uid),
        entry_frame("get", "week_day", uid, 1),
    ]
    assert stack.lock.schedules_of(slot) == {"week_day": {0: (0x20, 9, 0, 10, 30)}, "year_day": {}}


@pytest.mark.usefixtures("no_pacing")
async def test_back_to_unrestricted_clears_the_users_entries(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    entry = await household(hass, stack)
    slot = await add(hass, entry, "add_person", {"name": "Cleo", "weekly": MON_TUE})
    mark = len(stack.lock.user_commands())
    await change(hass, entry, "update_person", {"person": "Cleo", "weekly": []})
    uid = slot - 1
    assert stack.lock.user_commands()[mark:] == [
        set_pin(uid, UNRESTRICTED_USER),
        entry_frame("clear", "week_day", uid),  # the year-day entry is known empty
        ("get_pin_code", {"user_id": uid}),  # an unrestricted user: no entry to read
    ]
    assert stack.lock.user_type(slot) == UNRESTRICTED_USER
    assert stack.lock.schedules_of(slot) == {"week_day": {}, "year_day": {}}


@pytest.mark.usefixtures("no_pacing")
async def test_clearing_a_slot_clears_its_entries(hass: HomeAssistant, stack: ZhaStack) -> None:
    entry = await household(hass, stack)
    slot = await add(hass, entry, "add_person", {"name": "Cleo", "weekly": MON_TUE})
    mark = len(stack.lock.user_commands())
    await change(hass, entry, "suspend_person", {"person": "Cleo"})
    uid = slot - 1
    assert stack.lock.user_commands()[mark:] == [
        ("clear_pin_code", {"user_id": uid}),
        entry_frame("clear", "week_day", uid),
        ("get_pin_code", {"user_id": uid}),
    ]
    assert stack.lock.code_in_slot(slot) is None
    assert stack.lock.schedules_of(slot) == {"week_day": {}, "year_day": {}}
    # Back again in a slot whose entries are known empty: only the one it needs is sent.
    mark = len(stack.lock.user_commands())
    await change(hass, entry, "resume_person", {"person": "Cleo"})
    person = entry.runtime_data.household.find("Cleo")
    assert person is not None
    uid = slot_of(entry, person.person_id) - 1
    assert [name for name, _ in stack.lock.user_commands()[mark:]] == [
        "set_pin_code",
        "set_week_day_schedule",
        "get_pin_code",
        "get_week_day_schedule",
    ]


@pytest.mark.usefixtures("no_pacing")
async def test_a_single_use_guest_stays_home_assistants_to_count(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    """The ZCL has no disposable user: the lock holds the code unrestricted, uses are counted."""
    entry = await household(hass, stack)
    mark = len(stack.lock.user_commands())
    slot = await add(hass, entry, "add_person", {"name": "Finn", "max_uses": 1})
    uid = slot - 1
    assert stack.lock.user_commands()[mark:] == [
        set_pin(uid, UNRESTRICTED_USER),
        entry_frame("clear", "week_day", uid),
        entry_frame("clear", "year_day", uid),
        ("get_pin_code", {"user_id": uid}),
    ]
    assert await enforcement(hass, entry, stack) == ("lock", [])


@pytest.mark.usefixtures("no_pacing")
async def test_more_entries_than_the_lock_holds_fall_back_to_home_assistant(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    entry = await household(hass, stack)
    two = [  # two different hours: one more week-day entry than the Yale holds per user
        {"days": ["mon"], "start": "08:00", "end": "12:00"},
        {"days": ["wed"], "start": "14:00", "end": "18:00"},
    ]
    resp = await call(hass, "add_person", {"name": "Cleo", "pin": PIN, "weekly": two})
    await settle(entry.runtime_data, timeout=15)
    assert await enforcement(hass, entry, stack) == ("lock", [resp["person_id"]])
    assert not [name for name, _ in stack.lock.user_commands() if name.startswith("set_week")]
    # Where Home Assistant has the code on the lock, it is an unrestricted user.
    held = [s + 1 for s, (_st, _ty, code) in stack.lock.table.items() if code == PIN]
    assert all(stack.lock.user_type(s) == UNRESTRICTED_USER for s in held)


async def test_a_schedule_the_lock_cannot_hold_is_refused_before_sending(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    provider = ZhaProvider(hass, stack.entity_id)
    two = tuple(WeekDayEntry(frozenset({d}), time(8), time(9 + d)) for d in (0, 1))
    with pytest.raises(ProviderError, match="cannot hold"):
        await provider.async_write_code(2, PIN, LockSchedule(week_days=two))
    assert stack.lock.user_commands() == []


@pytest.mark.usefixtures("no_pacing")
async def test_read_back_rebuilds_the_schedule_from_the_lock(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    """A provider that never wrote the slot (a restart) rebuilds it from Get commands."""
    writer = ZhaProvider(hass, stack.entity_id)
    weekly = LockSchedule(week_days=(WeekDayEntry(frozenset({0, 1}), time(8), time(12)),))
    stay = LockSchedule(
        year_days=(
            YearDayEntry(
                datetime(2030, 6, 1, 14, tzinfo=BERLIN), datetime(2030, 6, 8, 10, tzinfo=BERLIN)
            ),
        )
    )
    open_start = LockSchedule(year_days=(YearDayEntry(None, datetime(2031, 1, 1, tzinfo=BERLIN)),))
    open_end = LockSchedule(year_days=(YearDayEntry(datetime(2030, 1, 1, tzinfo=BERLIN), None),))
    written = ((2, weekly), (3, stay), (4, open_start), (5, open_end), (6, UNRESTRICTED))
    for slot, schedule in written:
        await writer.async_write_code(slot, str(700000 + slot), schedule)
    assert stack.lock.year_days[(3, 0)][0] == 0  # an open start is the lock's minimum
    assert stack.lock.year_days[(4, 0)][1] == 0xFFFFFFFE  # an open end its maximum
    reader = ZhaProvider(hass, stack.entity_id)
    for slot, schedule in written:
        read = await reader.async_read_slot(slot)
        assert (read.code, read.schedule) == (str(700000 + slot), schedule)
    # Without schedule entries (a lock that does not hold them), nothing is read back.
    mark = len(stack.lock.received)
    stack.lock.attributes[DOOR_LOCK]["num_of_week_day_schedules_supported_per_user"] = 0
    stack.lock.attributes[DOOR_LOCK]["num_of_year_day_schedules_supported_per_user"] = 0
    plain = ZhaProvider(hass, stack.entity_id)
    await plain.async_capabilities()
    mark = len(stack.lock.received)
    assert (await plain.async_read_slot(2)).schedule is None
    assert [f.name for f in stack.lock.received[mark:]] == ["get_pin_code"]


@pytest.mark.usefixtures("no_pacing")
async def test_a_lock_that_lost_the_schedule_gets_it_again(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    entry = await household(hass, stack)
    slot = await add(hass, entry, "add_person", {"name": "Cleo", "weekly": MON_TUE})
    held = stack.lock.schedules_of(slot)
    # A reset at the lock drops the entries: a week-day user without them admits nobody.
    stack.lock.week_days.clear()
    assert await call(hass, "sync", {}) == {stack.entity_id: "in_sync"}
    await settle(entry.runtime_data, timeout=15)
    assert stack.lock.schedules_of(slot) == held
    # Made unrestricted behind Housekey's back (Set User Type): it would open at all hours.
    mark = len(stack.lock.user_commands())
    stack.lock.table[slot - 1] = (DoorLock.UserStatus.Enabled, UNRESTRICTED_USER, PIN)
    await call(hass, "sync", {})
    await settle(entry.runtime_data, timeout=15)
    assert stack.lock.user_type(slot) == WEEK_DAY_USER
    assert ("set_pin_code", set_pin(slot - 1, WEEK_DAY_USER)[1]) in stack.lock.user_commands()[
        mark:
    ]


async def test_set_and_get_user_type_are_answered(hass: HomeAssistant, stack: ZhaStack) -> None:
    """The simulated lock answers the user type commands as the ZCL says."""
    cluster = stack.lock.door_lock
    stack.lock.table[3] = (DoorLock.UserStatus.Enabled, UNRESTRICTED_USER, PIN)
    assert (await cluster.set_user_type(3, WEEK_DAY_USER)).status == 0
    assert (await cluster.get_user_type(3)).user_type == WEEK_DAY_USER
    assert (await cluster.set_user_type(9, WEEK_DAY_USER)).status == 0x8B  # no such user


@pytest.mark.usefixtures("no_pacing")
async def test_a_user_changed_at_the_keypad_gets_all_its_entries_again(
    hass: HomeAssistant, stack: ZhaStack
) -> None:
    """What Housekey knew of the slot's entries is dropped: the lock may have cleared them."""
    entry = await household(hass, stack)
    slot = await add(hass, entry, "add_person", {"name": "Cleo", "weekly": MON_TUE})
    stack.lock.program_at_keypad(slot, None)  # deleted at the keypad, and with it...
    stack.lock.week_days.clear()  # ...its entries, as some locks do
    await hass.async_block_till_done()
    mark = len(stack.lock.user_commands())
    await settle(entry.runtime_data, timeout=15)
    uid = slot - 1
    assert stack.lock.user_commands()[mark:] == [
        ("get_pin_code", {"user_id": uid}),  # the programming event's read
        set_pin(uid, WEEK_DAY_USER),
        entry_frame("set", "week_day", uid, **MON_TUE_WIRE),
        entry_frame("clear", "year_day", uid),
        ("get_pin_code", {"user_id": uid}),
        entry_frame("get", "week_day", uid),
    ]


@pytest.mark.usefixtures("no_pacing")
@pytest.mark.parametrize(
    ("valid_from", "valid_until", "local_start", "local_end"),
    [
        # Spring, 2030-03-31: 02:00 jumps to 03:00; the stay ends 10:00 CEST (08:00 UTC).
        ("2030-03-30 14:00:00", "2030-03-31 10:00:00", (2030, 3, 30, 14), (2030, 3, 31, 10)),
        # Autumn, 2030-10-27: 03:00 goes back to 02:00; it ends 10:00 CET (09:00 UTC).
        ("2030-10-26 14:00:00", "2030-10-27 10:00:00", (2030, 10, 26, 14), (2030, 10, 27, 10)),
    ],
)
async def test_year_day_entries_are_the_locks_wall_clock_across_dst(
    hass: HomeAssistant,
    stack: ZhaStack,
    valid_from: str,
    valid_until: str,
    local_start: tuple[int, ...],
    local_end: tuple[int, ...],
) -> None:
    entry = await household(hass, stack)
    stay = {"valid_from": valid_from, "valid_until": valid_until}
    slot = await add(hass, entry, "add_guest", {"name": "Gina", **stay})
    start, end = local_seconds(*local_start), local_seconds(*local_end)
    assert stack.lock.schedules_of(slot)["year_day"] == {0: (start, end)}
    # Read back by a provider that did not write it: the same instants.
    read = await ZhaProvider(hass, stack.entity_id).async_read_slot(slot)
    assert read.schedule == LockSchedule(
        year_days=(
            YearDayEntry(
                datetime(*local_start, tzinfo=BERLIN),  # type: ignore[misc]
                datetime(*local_end, tzinfo=BERLIN),  # type: ignore[misc]
            ),
        )
    )


@pytest.mark.usefixtures("no_pacing")
@pytest.mark.parametrize(
    ("zone", "stay", "local_end"),
    [
        # Berlin, autumn 2030-10-27: the stay ends at the second 02:30 (CET, +01:00); the
        # lock's wall clock names both 02:30s alike and reads back the first.
        ("Europe/Berlin", "2030-10-27T02:30:00+01:00", (2030, 10, 27, 2, 30)),
        # Berlin, spring 2030-03-31: 02:30 does not exist; it is 03:30 CEST on the lock.
        ("Europe/Berlin", "2030-03-31 02:30:00", (2030, 3, 31, 3, 30)),
        # New York, autumn 2030-11-03: the second 01:30 (EST, -05:00).
        ("America/New_York", "2030-11-03T01:30:00-05:00", (2030, 11, 3, 1, 30)),
        # New York, spring 2030-03-10: 02:30 does not exist; 03:30 EDT.
        ("America/New_York", "2030-03-10 02:30:00", (2030, 3, 10, 3, 30)),
    ],
)
async def test_a_stay_ending_in_a_changed_hour_is_not_rewritten_after_a_restart(
    hass: HomeAssistant, stack: ZhaStack, zone: str, stay: str, local_end: tuple[int, ...]
) -> None:
    """Written once as the lock's wall time; a restart and a sync then read, never write."""
    await hass.config.async_set_time_zone(zone)
    entry = await household(hass, stack)
    slot = await add(hass, entry, "add_guest", {"name": "Gina", "valid_until": stay})
    assert stack.lock.schedules_of(slot)["year_day"][0][1] == local_seconds(*local_end)
    assert entry.runtime_data.locks[stack.entity_id].state.value == "in_sync"

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    mark = len(stack.lock.received)
    entry = await setup_household(hass, entry=entry)
    await settle(entry.runtime_data, timeout=15)
    assert stack.lock.received[mark:] == []  # nothing changed: nothing is sent
    assert await call(hass, "sync", {}) == {stack.entity_id: "in_sync"}
    await settle(entry.runtime_data, timeout=15)
    sent = [f.name for f in stack.lock.received[mark:]]
    assert "get_year_day_schedule" in sent
    assert [name for name in sent if name.startswith(("set_", "clear_", "Write"))] == []


async def test_figures_commands_to_put_a_weekly_person_on_the_lock(
    hass: HomeAssistant, stack: ZhaStack, record_property: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One window on two days, with the provider's real pacing: frames and time to verified.

    The minimum is two frames (Set PIN Code carrying the user type, one Set Week Day
    Schedule); Housekey also clears the user's year-day entry, then reads both back."""
    monkeypatch.setattr(LockSync, "SCAN_PACING", 0.0)
    entry = await household(hass, stack)
    mark = len(stack.lock.received)
    start = clock.monotonic()
    await add(hass, entry, "add_person", {"name": "Cleo", "weekly": MON_TUE})
    seconds = round(clock.monotonic() - start, 2)
    names = [f.name for f in stack.lock.received[mark:]]
    writes = [n for n in names if not n.startswith("get_")]
    figures = {"frames": len(names), "writes": len(writes), "seconds": seconds}
    record_property("zha_weekly_person", figures)
    print(f"ZHA weekly person: {len(writes)} writes, {len(names)} frames, {seconds} s")
    assert writes == ["set_pin_code", "set_week_day_schedule", "clear_year_day_schedule"]
    assert len(names) == 5
    assert seconds < 5 * ZhaProvider.pacing + 1


# ---- the wire form (zha_schedules) --------------------------------------------------------


def test_day_mask_starts_on_sunday() -> None:
    assert day_mask(frozenset({6})) == DoorLock.DayMask.Sun
    assert day_mask(frozenset({0, 5})) == DoorLock.DayMask.Mon | DoorLock.DayMask.Sat
    assert mask_days(0x7F) == frozenset(range(7))
    assert mask_days(0x80 | 0x01) == frozenset({6})  # bit 7 is reserved


def test_local_time_is_clamped_to_the_locks_range() -> None:
    assert to_local_time(datetime(1999, 1, 1, tzinfo=BERLIN), BERLIN, 0) == 0
    assert to_local_time(datetime(2150, 1, 1, tzinfo=BERLIN), BERLIN, 0) == 0xFFFFFFFE
    # A fraction of a second is dropped: the lock counts whole seconds.
    assert to_local_time(datetime(2000, 1, 1, 0, 0, 1, 900000, tzinfo=BERLIN), BERLIN, 0) == 1
    assert from_local_time(0, BERLIN) is None
    assert from_local_time(0xFFFFFFFF, BERLIN) is None


@pytest.mark.parametrize(
    "wire",
    [
        ScheduleWire(USER_WEEK_DAY),  # a week-day user without entries
        ScheduleWire(USER_WEEK_DAY, week_days=((0, 8, 0, 12, 0), (0x02, 12, 0, 8, 0))),
        ScheduleWire(USER_YEAR_DAY, year_days=((500, 400),)),
        ScheduleWire(USER_NON_ACCESS),
    ],
)
def test_users_the_lock_admits_at_no_time_read_as_nobody(wire: ScheduleWire) -> None:
    assert decode(wire, BERLIN) == NOBODY
    assert NOBODY != UNRESTRICTED


def test_a_master_user_opens_at_all_hours() -> None:
    assert decode(ScheduleWire(DoorLock.UserType.Master_User), BERLIN) == UNRESTRICTED


def test_what_a_zigbee_user_cannot_hold_is_refused() -> None:
    entry = WeekDayEntry(frozenset({0}), time(8), time(9))
    year = YearDayEntry(None, None)
    for schedule in (
        LockSchedule(week_days=(entry,), year_days=(year,)),
        LockSchedule(single_use=True),
    ):
        with pytest.raises(ValueError, match="Zigbee"):
            encode(schedule, BERLIN)
