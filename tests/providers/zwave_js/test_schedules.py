"""Schedules the Z-Wave lock holds itself: Schedule Entry Lock CC on the real stack.

The test lock (mock_lock.cjs `--schedules 3,7,1,2`) has Schedule Entry Lock CC v3 with
7 week-day, 1 year-day and 2 daily-repeating slots per user, modelled in the mock itself:
entries per user, Enable Set, the kind the user follows, and the lock's own decision to
open. Assertions are on the commands that reached the lock, with their fields, and on
what the lock then holds and decides; the lock's clock is its own wall clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.core.lock_schedule import (
    Enforcement,
    LockSchedule,
    YearDayEntry,
)
from custom_components.housekey.providers.base import ProviderError, WriteResult
from custom_components.housekey.providers.zwave_js import ZwaveJsProvider
from custom_components.housekey.providers.zwave_js_schedules import YearDaySlot
from custom_components.housekey.records import SyncState
from tests.conftest import call, setup_household

from .conftest import wait_for
from .harness import ZwaveStack

PIN = "482913"
MON_TUE = [{"days": ["mon", "tue"], "start": "08:00", "end": "12:00"}]
#: 2026-06-01 is a Monday
MONDAY = datetime(2026, 6, 1)


@pytest.fixture
def zwave_lock_args() -> tuple[str, ...]:
    """A lock with Schedule Entry Lock CC v3: 7 week-day, 1 year-day, 2 daily-repeating slots."""
    return ("--schedules", "3,7,1,2")


@pytest.fixture(autouse=True)
async def berlin(hass: HomeAssistant) -> None:
    await hass.config.async_set_time_zone("Europe/Berlin")


async def household_on(hass: HomeAssistant, lock: str, stack: ZwaveStack) -> MockConfigEntry:
    """The household on the lock, adopted, and the lock's record of commands started afresh."""
    entry = await setup_household(hass, simulated=0, locks=[lock], pin_min=6, pin_max=8)
    await in_sync(entry, lock)
    await wait_for(lambda: lock in entry.runtime_data.guard.hardened)
    await in_sync(entry, lock)
    await stack.lock("reset_frames")
    return entry


async def cleo_on(
    hass: HomeAssistant,
    lock: str,
    stack: ZwaveStack,
    weekly: list[dict[str, Any]] | None = None,
) -> MockConfigEntry:
    """The household on the lock with Cleo, who cleans at `weekly` hours (MON_TUE), on it."""
    entry = await household_on(hass, lock, stack)
    person = {"name": "Cleo", "role": "service", "pin": PIN, "weekly": weekly or MON_TUE}
    await call(hass, "add_person", person)
    await in_sync(entry, lock)
    return entry


async def in_sync(entry: MockConfigEntry, lock: str) -> None:
    sync = entry.runtime_data.locks[lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC and not sync.working)


async def sent(stack: ZwaveStack, read_back: int | None = 1) -> list[dict[str, Any]]:
    """Return the commands the lock received, in order, but for the User Code Gets.

    zwave-js polls a code it set by itself after 5 s unless a report came first, so on a
    busy machine its Get may come next to Housekey's read-back: the Gets are counted
    apart, for `read_back` users (None: not counted).
    """
    received = await stack.received()
    gets = {r["userId"] for r in received if r["command"] == "user_code_get"}
    if read_back is not None:
        assert gets == {read_back}
    return [r for r in received if r["command"] != "user_code_get"]


def user_code(verb: str, user: int = 1, **fields: Any) -> dict[str, Any]:
    return {"command": f"user_code_{verb}", "userId": user, **fields}


def entry(command: str, slot_id: int, user: int = 1, **fields: Any) -> dict[str, Any]:
    return {"command": command, "userId": user, "slotId": slot_id, **fields}


def daily(weekdays: list[int], start: tuple[int, int], duration: tuple[int, int]) -> dict[str, Any]:
    return {
        "weekdays": weekdays,
        "startHour": start[0],
        "startMinute": start[1],
        "durationHour": duration[0],
        "durationMinute": duration[1],
    }


def week_day(weekday: int, start: tuple[int, int], stop: tuple[int, int]) -> dict[str, int]:
    return {
        "weekday": weekday,
        "startHour": start[0],
        "startMinute": start[1],
        "stopHour": stop[0],
        "stopMinute": stop[1],
    }


def held(kind: str, **entries: dict[str, Any]) -> dict[str, Any]:
    """A user's schedule as the mock lock reports it: scheduling on, one kind's entries."""
    found = {"week_day": {}, "year_day": {}, "daily_repeating": {}}
    found[kind] = {slot_id.removeprefix("slot"): value for slot_id, value in entries.items()}
    return {"enabled": True, "kind": kind, **found}


async def test_the_lock_reports_its_slots_and_holds_schedules(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Capabilities come from the driver's copy of the Supported Report: nothing is sent."""
    provider = ZwaveJsProvider(hass, zwave_lock)
    await zwave_stack.lock("reset_frames")
    caps = await provider.async_capabilities()
    assert (caps.week_day_schedules, caps.single_day_schedules, caps.year_day_schedules) == (
        2,
        7,
        1,
    )
    assert not caps.disposable_users
    assert caps.schedule_support.enforcement is Enforcement.LOCK
    assert await zwave_stack.frames() == {}
    # two date ranges do not fit the one year-day slot: refused before anything is sent
    two = LockSchedule(year_days=(YearDayEntry(None, dt_util.now()),) * 2)
    with pytest.raises(ProviderError):
        await provider.async_write_code(1, PIN, two)
    assert await zwave_stack.frames() == {}


async def test_a_weekly_person_is_one_daily_repeating_entry_and_the_lock_decides(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Mondays and Tuesdays 08:00-12:00: the code and one Daily Repeating entry on both
    days; read back: the code and both slots (nothing was known of the second). The lock
    then opens for the code inside those hours only, by itself."""
    entry_ = await cleo_on(hass, zwave_lock, zwave_stack)
    assert await sent(zwave_stack) == [
        user_code("set", status=1),
        entry("daily_repeating_set", 1, **daily([1, 2], (8, 0), (4, 0))),
        entry("daily_repeating_get", 1),
        entry("daily_repeating_get", 2),
    ]
    assert await zwave_stack.schedules() == {
        1: held("daily_repeating", slot1=daily([1, 2], (8, 0), (4, 0)))
    }
    for moment, opens in (
        (MONDAY.replace(hour=7, minute=59), False),
        (MONDAY.replace(hour=8), True),
        (MONDAY.replace(hour=11, minute=59), True),
        (MONDAY.replace(hour=12), False),
        (MONDAY + timedelta(days=1, hours=9), True),  # Tuesday
        (MONDAY + timedelta(days=2, hours=9), False),  # Wednesday
    ):
        assert await zwave_stack.opens(PIN, moment) is opens, moment
    state = hass.states.get("sensor.node_2_code_sync")
    assert (state.attributes["enforcement"], state.attributes["fallback"]) == ("lock", 0)

    # A new PIN: the code alone; the entries are in place (read back: both slots).
    await zwave_stack.lock("reset_frames")
    await call(hass, "set_pin", {"person": "Cleo", "pin": "739154"})
    await in_sync(entry_, zwave_lock)
    assert await sent(zwave_stack) == [
        user_code("set", status=1),
        entry("daily_repeating_get", 1),
        entry("daily_repeating_get", 2),
    ]


@pytest.mark.parametrize("zwave_lock_args", [("--schedules", "2,7,1,0")])
async def test_without_daily_repeating_slots_each_day_is_a_week_day_entry(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """On a v2 lock (7 week-day slots): one entry per day; read back: all seven."""
    await cleo_on(hass, zwave_lock, zwave_stack)
    assert await sent(zwave_stack) == [
        user_code("set", status=1),
        entry("week_day_set", 1, **week_day(1, (8, 0), (12, 0))),
        entry("week_day_set", 2, **week_day(2, (8, 0), (12, 0))),
        *(entry("week_day_get", n) for n in range(1, 8)),
    ]
    assert await zwave_stack.schedules() == {
        1: held(
            "week_day",
            slot1=week_day(1, (8, 0), (12, 0)),
            slot2=week_day(2, (8, 0), (12, 0)),
        )
    }
    assert await zwave_stack.opens(PIN, MONDAY.replace(hour=9))
    assert not await zwave_stack.opens(PIN, MONDAY.replace(hour=13))


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "fields", "last_in"),
    [
        # Spring, 2030-03-31: 02:00 jumps to 03:00. A stay to 10:00 after it (08:00 UTC).
        (
            "2030-03-30 14:00:00",
            "2030-03-31 10:00:00",
            (30, 3, 30, 14, 0, 30, 3, 31, 10, 0),
            datetime(2030, 3, 31, 9, 59),
        ),
        # Autumn, 2030-10-27: 03:00 goes back to 02:00. To 10:00 after it (09:00 UTC).
        (
            "2030-10-26 14:00:00",
            "2030-10-27 10:00:00",
            (30, 10, 26, 14, 0, 30, 10, 27, 10, 0),
            datetime(2030, 10, 27, 9, 59),
        ),
    ],
)
async def test_a_stay_is_one_year_day_entry_on_the_locks_wall_clock_across_dst(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    valid_from: str,
    valid_until: str,
    fields: tuple[int, ...],
    last_in: datetime,
) -> None:
    entry_ = await household_on(hass, zwave_lock, zwave_stack)
    stay = {"valid_from": valid_from, "valid_until": valid_until}
    await call(hass, "add_person", {"name": "Gina", "role": "guest", "pin": PIN, **stay})
    await in_sync(entry_, zwave_lock)
    year_day = YearDaySlot(*fields).args()
    assert await sent(zwave_stack) == [
        user_code("set", status=1),
        entry("year_day_set", 1, **year_day),
        entry("year_day_get", 1),
    ]
    assert await zwave_stack.schedules() == {1: held("year_day", slot1=year_day)}
    start = datetime.fromisoformat(valid_from)
    for moment, opens in (
        (start - timedelta(minutes=1), False),
        (start, True),
        (last_in, True),
        (last_in + timedelta(minutes=1), False),
    ):
        assert await zwave_stack.opens(PIN, moment) is opens, moment


@pytest.mark.parametrize(
    ("window", "weekday_entry", "inside", "outside"),
    [
        # Spring Sunday: a window over the jump opens at 03:00 on the lock's clock.
        (
            {"days": ["sun"], "start": "01:00", "end": "04:00"},
            week_day(0, (1, 0), (4, 0)),
            [datetime(2030, 3, 31, 1, 30), datetime(2030, 3, 31, 3, 30)],
            [datetime(2030, 3, 31, 4, 0), datetime(2030, 3, 31, 0, 59)],
        ),
        # Autumn Sunday: the lock's clock shows 02:30 twice and opens both times.
        (
            {"days": ["sun"], "start": "02:00", "end": "03:00"},
            week_day(0, (2, 0), (3, 0)),
            [datetime(2030, 10, 27, 2, 30)],
            [datetime(2030, 10, 27, 3, 0), datetime(2030, 10, 27, 1, 59)],
        ),
    ],
)
async def test_weekly_hours_are_the_locks_wall_clock_across_dst(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    window: dict[str, Any],
    weekday_entry: dict[str, int],
    inside: list[datetime],
    outside: list[datetime],
) -> None:
    """One day, so one Week Day entry (a Daily Repeating one would save nothing)."""
    await cleo_on(hass, zwave_lock, zwave_stack, [window])
    assert await zwave_stack.schedules() == {1: held("week_day", slot1=weekday_entry)}
    for moment in inside:
        assert await zwave_stack.opens(PIN, moment), moment
    for moment in outside:
        assert not await zwave_stack.opens(PIN, moment), moment


async def test_an_entry_found_where_nothing_was_known_is_erased(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Another controller left user 1 a Sunday entry in daily-repeating slot 2. Housekey
    does not erase ids it knows nothing of blindly: the read-back finds the entry, and
    the rewrite erases it, so the lock keeps Cleo out on Sundays."""
    sundays = daily([0], (0, 0), (23, 59))
    await zwave_stack.lock("put_entry", slot=1, kind="daily_repeating", slot_id=2, entry=sundays)
    await cleo_on(hass, zwave_lock, zwave_stack)
    commands = [r["command"] for r in await sent(zwave_stack)]
    assert commands.count("daily_repeating_erase") == 1
    assert entry("daily_repeating_erase", 2) in await sent(zwave_stack)
    assert await zwave_stack.schedules() == {
        1: held("daily_repeating", slot1=daily([1, 2], (8, 0), (4, 0)))
    }
    assert not await zwave_stack.opens(PIN, MONDAY - timedelta(hours=12))  # a Sunday noon


async def test_back_to_unrestricted_and_offboarded(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Hours taken away: scheduling off for the user and its entry erased; the code opens
    at all hours. Offboarded: the code cleared and the user's schedule switched off, so a
    code programmed into that slot later opens at all hours; a resident's clear sends
    nothing more."""
    entry_ = await cleo_on(hass, zwave_lock, zwave_stack)
    await zwave_stack.lock("reset_frames")
    await call(hass, "update_person", {"person": "Cleo", "weekly": []})
    await in_sync(entry_, zwave_lock)
    assert await sent(zwave_stack) == [  # the code is in place already
        entry("daily_repeating_erase", 1),
        {"command": "enable_set", "userId": 1, "enabled": False},
    ]
    assert await zwave_stack.schedules() == {}
    assert await zwave_stack.opens(PIN, MONDAY.replace(hour=3))

    await call(hass, "add_person", {"name": "Rosa", "pin": "739154"})
    await in_sync(entry_, zwave_lock)
    await call(
        hass, "update_person", {"person": "Cleo", "weekly": MON_TUE}
    )  # back on the lock's hours
    await in_sync(entry_, zwave_lock)
    await zwave_stack.lock("reset_frames")
    result = await call(hass, "offboard_person", {"person": "Cleo", "timeout": 20})
    assert result["locks"] == {zwave_lock: "removed"}
    assert await sent(zwave_stack) == [
        user_code("set", status=0),
        {"command": "enable_set", "userId": 1, "enabled": False},
    ]
    held_on = await zwave_stack.schedules()
    assert not held_on[1]["enabled"]  # its entry stays, switched off
    await zwave_stack.lock("set_code", slot=1, code="8642")  # programmed at the keypad
    assert await zwave_stack.opens("8642", MONDAY.replace(hour=3))
    await zwave_stack.lock("reset_frames")
    await call(hass, "offboard_person", {"person": "Rosa", "timeout": 20})
    assert await sent(zwave_stack, read_back=2) == [user_code("set", 2, status=0)]


async def test_a_lock_that_loses_the_schedule_gets_it_again(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """The lock forgets the user's entries (a reset): it opens at all hours. A sync reads
    the entries back from the lock, finds them gone, and writes them again."""
    entry_ = await cleo_on(hass, zwave_lock, zwave_stack)
    kept = await zwave_stack.schedules()
    await zwave_stack.lock("lose_schedules", slot=1)
    assert await zwave_stack.opens(PIN, MONDAY.replace(hour=3))
    await zwave_stack.lock("reset_frames")
    await call(hass, "sync", {"locks": [zwave_lock]})
    await in_sync(entry_, zwave_lock)
    # The scan reads the slot's entries from the lock (the code from the driver's copy);
    # the sync engine looks once more before it rewrites (and reads the code there); the
    # code is in place, so only the entry goes again, and is read back.
    read = [entry("daily_repeating_get", 1), entry("daily_repeating_get", 2)]
    assert await sent(zwave_stack) == [
        *read,
        *read,
        entry("daily_repeating_set", 1, **daily([1, 2], (8, 0), (4, 0))),
        *read,
    ]
    assert await zwave_stack.schedules() == kept
    assert not await zwave_stack.opens(PIN, MONDAY.replace(hour=3))


async def test_a_restart_in_the_window_sends_nothing(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Inside the person's hours, Home Assistant restarts Housekey: nothing is sent. A
    change of hours afterwards is the changed entry alone (and its read-back)."""
    today = dt_util.now().strftime("%a").lower()
    whole_day = [{"days": [today], "start": "00:00", "end": "23:59"}]
    entry_ = await cleo_on(hass, zwave_lock, zwave_stack, whole_day)
    assert hass.states.get("sensor.maple_street_cleo").state == "active"
    await zwave_stack.lock("reset_frames")
    assert await hass.config_entries.async_reload(entry_.entry_id)
    await hass.async_block_till_done()
    await in_sync(entry_, zwave_lock)
    assert await zwave_stack.frames() == {}

    later = [{"days": [today], "start": "06:00", "end": "23:59"}]
    await call(hass, "update_person", {"person": "Cleo", "weekly": later})
    await in_sync(entry_, zwave_lock)
    # the code is already there: only the entry changes
    assert await sent(zwave_stack) == [
        entry("week_day_set", 1, **week_day(dt_util.now().isoweekday() % 7, (6, 0), (23, 59))),
        *(entry("week_day_get", n) for n in range(1, 8)),
    ]


@pytest.mark.parametrize("zwave_lock_args", [("--user-credential",)])
async def test_a_single_use_guest_is_a_disposable_user_on_a_user_credential_lock(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """Home Assistant's set_user offers the lock's user types: a `max_uses: 1` guest is a
    disposable user, whom the lock deletes after one opening; anyone else a general one.
    Weekly hours have no place in set_user: they stay Home Assistant's (a fallback)."""
    entry_ = await household_on(hass, zwave_lock, zwave_stack)
    caps = entry_.runtime_data.locks[zwave_lock].capabilities
    assert caps is not None
    assert caps.disposable_users
    assert caps.schedule_support.enforcement is Enforcement.LOCK
    await call(hass, "add_person", {"name": "Finn", "pin": PIN, "max_uses": 1})
    await in_sync(entry_, zwave_lock)
    disposable, general = 6, 0  # User Credential CC user types
    assert await zwave_stack.lock("users") == {
        "1": {"userType": disposable, "active": True, "pins": [PIN]}
    }
    await call(hass, "update_person", {"person": "Finn", "max_uses": 2})
    await in_sync(entry_, zwave_lock)
    assert await zwave_stack.lock("users") == {
        "1": {"userType": general, "active": True, "pins": [PIN]}
    }
    await call(
        hass, "add_person", {"name": "Cleo", "role": "service", "pin": "739154", "weekly": MON_TUE}
    )
    await in_sync(entry_, zwave_lock)
    assert hass.states.get("sensor.node_2_code_sync").attributes["fallback"] == 1
    # A user the lock no longer holds (a disposable one it ended) is cleared with no command.
    await zwave_stack.lock("reset_frames")
    assert await ZwaveJsProvider(hass, zwave_lock).async_clear_code(9) is WriteResult.SENT
    assert await zwave_stack.frames() == {}


async def test_a_lock_saved_before_its_schedules_were_read_starts_holding_them(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    hass_storage: dict[str, Any],
) -> None:
    """An upgrade: the lock's record, saved by a release that never asked a Z-Wave lock
    for its Schedule Entry Lock slots, is read once more at start (from the driver: no
    command, no slot scan), and the lock holds its people's windows from then on. A
    resident written without a schedule is written again: its code is in place and
    zwave-js remembers its user unrestricted, so that is the read-back alone."""
    entry_ = await household_on(hass, zwave_lock, zwave_stack)
    await call(hass, "add_person", {"name": "Rosa", "pin": "739154"})
    await in_sync(entry_, zwave_lock)
    assert await hass.config_entries.async_unload(entry_.entry_id)
    await hass.async_block_till_done()
    for record in hass_storage[f"housekey.{entry_.entry_id}.locks"]["data"]["locks"].values():
        caps = record["capabilities"]
        for key in ("week_day_schedules", "year_day_schedules", "single_day_schedules"):
            del caps[key]
        for applied in record["applied"].values():
            applied["schedule"] = None
    await zwave_stack.lock("reset_frames")

    assert await hass.config_entries.async_setup(entry_.entry_id)
    await hass.async_block_till_done()
    await in_sync(entry_, zwave_lock)
    state = hass.states.get("sensor.node_2_code_sync")
    assert (state.attributes["enforcement"], state.attributes["fallback"]) == ("lock", 0)
    assert await sent(zwave_stack) == []
    assert len(await zwave_stack.received()) == 1  # the User Code Get
