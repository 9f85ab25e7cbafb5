"""Schedules held by the lock itself, on the schedule-capable simulated keypad.

The keypad decides on its own clock, so these tests type codes at it with the Housekey
entry unloaded: what opens then is what the lock enforces by itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey.const import CONF_AUDIT_HOURS
from custom_components.housekey.core.lock_schedule import UNRESTRICTED
from custom_components.housekey.diagnostics import async_get_config_entry_diagnostics
from custom_components.housekey.providers.simulated import SimulatedKeypad

from .conftest import BACK, FRONT, call, settle, setup_household

BERLIN = ZoneInfo("Europe/Berlin")
PIN = "482913"
#: Monday 8 to 12
MORNINGS = [{"days": ["mon"], "start": "08:00", "end": "12:00"}]


def monday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, 1, hour, minute, tzinfo=BERLIN)  # 2026-06-01 is a Monday


@pytest.fixture(autouse=True)
async def berlin(hass: HomeAssistant) -> None:
    await hass.config.async_set_time_zone("Europe/Berlin")


async def at(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory, when: datetime
) -> None:
    """Move the clock, let Housekey act on it, and wait until the locks settle."""
    freezer.move_to(when)
    async_fire_time_changed(hass, when)
    await hass.async_block_till_done()
    await settle(entry.runtime_data)


def sent(keypads: list[SimulatedKeypad]) -> tuple[int, int, int]:
    return (
        sum(k.counters.writes for k in keypads),
        sum(k.counters.clears for k in keypads),
        sum(k.counters.reads for k in keypads),
    )


async def household_with_mornings(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, *, schedules: bool
) -> tuple[MockConfigEntry, SimulatedKeypad]:
    freezer.move_to(monday(7))
    entry = await setup_household(hass, schedules=schedules)
    await call(
        hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": MORNINGS}
    )
    await settle(entry.runtime_data)
    return entry, entry.runtime_data.keypads[FRONT]


async def test_the_lock_admits_inside_the_window_with_housekey_unloaded(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry, pad = await household_with_mornings(hass, freezer, schedules=True)
    state = hass.states.get("sensor.front_door_code_sync")
    assert (state.attributes["enforcement"], state.attributes["fallback"]) == ("lock", 0)
    assert pad.codes == {1: PIN}  # placed before the window: the lock keeps them out
    assert await hass.config_entries.async_unload(entry.entry_id)
    outcomes = {}
    for hour, minute in ((7, 59), (8, 0), (11, 59), (12, 0), (13, 0)):
        freezer.move_to(monday(hour, minute))
        outcomes[hour, minute] = pad.enter_code(PIN)
    assert outcomes == {
        (7, 59): False,
        (8, 0): True,
        (11, 59): True,
        (12, 0): False,
        (13, 0): False,
    }
    # Moving time: a week later the lock still follows the window on its own.
    freezer.move_to(monday(9) + timedelta(days=7))
    assert pad.enter_code(PIN)
    freezer.tick(timedelta(hours=3))
    assert not pad.enter_code(PIN)


async def test_without_lock_schedules_the_code_stays_as_home_assistant_left_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry, pad = await household_with_mornings(hass, freezer, schedules=False)
    state = hass.states.get("sensor.front_door_code_sync")
    assert state.attributes["enforcement"] == "home_assistant"
    assert pad.codes == {}  # Home Assistant writes it when the window opens
    assert await hass.config_entries.async_unload(entry.entry_id)
    freezer.move_to(monday(9))
    assert not pad.enter_code(PIN)  # Housekey is down: the code stays away
    # Loaded through the window's start, then down again: the code stays past its end.
    entry = await setup_household(hass, entry=entry)
    await at(hass, entry, freezer, monday(9, 1))
    pad = entry.runtime_data.keypads[FRONT]
    assert pad.codes == {1: PIN}
    assert await hass.config_entries.async_unload(entry.entry_id)
    freezer.move_to(monday(13))
    assert pad.enter_code(PIN)


async def test_a_window_edge_the_lock_enforces_sends_nothing(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry, pad = await household_with_mornings(hass, freezer, schedules=True)
    pads = list(entry.runtime_data.keypads.values())
    before = sent(pads)
    await at(hass, entry, freezer, monday(8))
    assert hass.states.get("sensor.maple_street_cleo").state == "active"
    # Only Cleo was planned again, and nothing of hers differs on either lock.
    plans = entry.runtime_data.planning.plans
    assert [plans[lock].changed for lock in (FRONT, BACK)] == [frozenset()] * 2
    await at(hass, entry, freezer, monday(12))
    assert hass.states.get("sensor.maple_street_cleo").state == "scheduled"
    assert sent(pads) == before
    assert pad.codes == {1: PIN}


async def test_a_restart_in_the_window_sends_nothing_and_after_a_change_one_write_a_lock(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry, _pad = await household_with_mornings(hass, freezer, schedules=True)
    await at(hass, entry, freezer, monday(9))
    assert await hass.config_entries.async_unload(entry.entry_id)
    entry = await setup_household(hass, entry=entry)
    pads = list(entry.runtime_data.keypads.values())
    assert sent(pads) == (0, 0, 0)
    # The hours change while the locks are off the air, then Home Assistant restarts.
    for pad in pads:
        pad.set_unreachable(True)
    later = [{"days": ["mon"], "start": "08:00", "end": "13:00"}]
    await call(hass, "update_person", {"person": "Cleo", "weekly": later})
    assert await hass.config_entries.async_unload(entry.entry_id)
    entry = await setup_household(hass, entry=entry)
    pads = list(entry.runtime_data.keypads.values())
    for pad in pads:
        pad.set_unreachable(False)
    await settle(entry.runtime_data)
    assert [(p.counters.writes, p.counters.clears) for p in pads] == [(1, 0), (1, 0)]
    (entry_hours,) = entry.runtime_data.keypads[BACK].schedule(1).week_days
    assert entry_hours.end.hour == 13


async def test_a_lock_that_loses_a_schedule_gets_it_again(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry, pad = await household_with_mornings(hass, freezer, schedules=True)
    held = pad.schedule(1)
    assert held.restricted
    pad.set_schedule(1, None)  # a reset at the lock: the code now opens at all hours
    assert pad.schedule(1) == UNRESTRICTED
    writes = pad.counters.writes
    await call(hass, "sync", {"locks": [FRONT]})
    await settle(entry.runtime_data)
    assert pad.schedule(1) == held
    assert pad.counters.writes == writes + 1
    assert hass.states.get("sensor.front_door_code_sync").state == "in_sync"
    # Lost silently again, it is found by the hourly slot audit and written again.
    hass.config_entries.async_update_entry(entry, options={**entry.options, CONF_AUDIT_HOURS: 1})
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    pad = entry.runtime_data.keypads[FRONT]
    pad.set_schedule(1, None)
    await at(hass, entry, freezer, monday(8, 5))
    assert pad.schedule(1) == held
    assert pad.counters.writes == 1


async def test_windows_the_lock_cannot_hold_fall_back_to_home_assistant_visibly(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(monday(7))
    entry = await setup_household(hass, schedules=True)
    five = [  # five different hours: one more entry than the keypad holds per user
        {"days": ["mon"], "start": "08:00", "end": "09:00"},
        *(
            {"days": [day], "start": "08:00", "end": f"1{n}:00"}
            for n, day in enumerate(("tue", "wed", "thu", "fri"))
        ),
    ]
    await call(hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": five})
    await call(hass, "add_person", {"name": "Dana", "pin": "739154"})
    await settle(entry.runtime_data)
    pad = entry.runtime_data.keypads[FRONT]
    state = hass.states.get("sensor.front_door_code_sync")
    assert (state.attributes["enforcement"], state.attributes["fallback"]) == ("lock", 1)
    assert PIN not in pad.codes.values()
    await at(hass, entry, freezer, monday(8))
    slot = next(s for s, code in pad.codes.items() if code == PIN)
    assert pad.schedule(slot) == UNRESTRICTED  # Home Assistant decides when it goes
    await at(hass, entry, freezer, monday(9))
    assert PIN not in pad.codes.values()
    # Admins see who falls back, by person id, in the diagnostics.
    dump = await async_get_config_entry_diagnostics(hass, entry)
    cleo = entry.runtime_data.household.find("Cleo")
    assert cleo is not None
    assert dump["locks"][FRONT]["enforcement"] == "lock"
    assert dump["locks"][FRONT]["fallback"] == [cleo.person_id]
    # Weekly hours within a date range fall back too.
    await call(
        hass,
        "update_person",
        {"person": "Cleo", "weekly": MORNINGS, "valid_until": "2026-07-01 00:00:00"},
    )
    await settle(entry.runtime_data)
    assert hass.states.get("sensor.front_door_code_sync").attributes["fallback"] == 1


async def test_a_single_use_guest_is_ended_by_the_lock(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(monday(7))
    entry = await setup_household(hass, schedules=True)
    await call(hass, "add_person", {"name": "Finn", "pin": PIN, "max_uses": 1})
    await settle(entry.runtime_data)
    pad = entry.runtime_data.keypads[FRONT]
    assert pad.schedule(1).single_use
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert pad.enter_code(PIN)
    assert not pad.enter_code(PIN)  # the lock deleted the user after its one opening


@pytest.mark.parametrize(
    ("window", "inside", "outside"),
    [
        # Spring, 2026-03-29: 02:00 jumps to 03:00; a window over the jump opens at 03:00.
        (
            {"days": ["sun"], "start": "01:00", "end": "04:00"},
            [
                datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN),
                datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN),
            ],
            [
                datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN),
                datetime(2026, 3, 29, 0, 59, tzinfo=BERLIN),
            ],
        ),
        # Autumn, 2026-10-25: 03:00 goes back to 02:00; the lock's clock shows 02:30 twice.
        (
            {"days": ["sun"], "start": "02:00", "end": "03:00"},
            [
                datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0),
                datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1),
            ],
            [
                datetime(2026, 10, 25, 3, 0, tzinfo=BERLIN),
                datetime(2026, 10, 25, 1, 59, tzinfo=BERLIN),
            ],
        ),
    ],
)
async def test_week_day_entries_on_the_keypad_across_dst(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    window: dict[str, object],
    inside: list[datetime],
    outside: list[datetime],
) -> None:
    freezer.move_to(datetime(2026, 3, 20, 12, tzinfo=BERLIN))
    entry = await setup_household(hass, schedules=True)
    await call(
        hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": [window]}
    )
    await settle(entry.runtime_data)
    pad = entry.runtime_data.keypads[FRONT]
    assert await hass.config_entries.async_unload(entry.entry_id)
    for moment in inside:
        freezer.move_to(moment)
        assert pad.enter_code(PIN), moment
    for moment in outside:
        freezer.move_to(moment)
        assert not pad.enter_code(PIN), moment


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "last_in"),
    [
        # Spring: a stay from before the change to 10:00 after it (08:00 UTC).
        ("2026-03-28 14:00:00", "2026-03-29 10:00:00", datetime(2026, 3, 29, 9, 59, tzinfo=BERLIN)),
        # Autumn: to 10:00 after the change (09:00 UTC).
        (
            "2026-10-24 14:00:00",
            "2026-10-25 10:00:00",
            datetime(2026, 10, 25, 9, 59, tzinfo=BERLIN),
        ),
    ],
)
async def test_year_day_entries_on_the_keypad_across_dst(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    valid_from: str,
    valid_until: str,
    last_in: datetime,
) -> None:
    freezer.move_to(datetime(2026, 3, 20, 12, tzinfo=BERLIN))
    entry = await setup_household(hass, schedules=True)
    stay = {"valid_from": valid_from, "valid_until": valid_until}
    await call(hass, "add_person", {"name": "Gina", "role": "guest", "pin": PIN, **stay})
    await settle(entry.runtime_data)
    pad = entry.runtime_data.keypads[FRONT]
    assert pad.codes == {1: PIN}  # before the stay: on the lock, which keeps them out
    assert await hass.config_entries.async_unload(entry.entry_id)
    start = datetime.fromisoformat(valid_from).replace(tzinfo=BERLIN)
    for moment, opens in (
        (start - timedelta(minutes=1), False),
        (start, True),
        (last_in, True),
        (last_in + timedelta(minutes=1), False),
    ):
        freezer.move_to(moment)
        assert pad.enter_code(PIN) is opens, moment


@pytest.mark.parametrize(
    ("zone", "stay", "last_in"),
    [
        # Berlin, autumn 2026-10-25: the stay ends at the second 02:30 (CET, +01:00). The
        # keypad's wall clock names both 02:30s alike and holds the first.
        ("Europe/Berlin", "2026-10-25T02:30:00+01:00", (2026, 10, 25, 2, 29)),
        # Berlin, spring 2026-03-29: 02:30 does not exist; the stay ends at 03:30 CEST.
        ("Europe/Berlin", "2026-03-29 02:30:00", (2026, 3, 29, 3, 29)),
        # New York, autumn 2026-11-01: the second 01:30 (EST, -05:00).
        ("America/New_York", "2026-11-01T01:30:00-05:00", (2026, 11, 1, 1, 29)),
        # New York, spring 2026-03-08: 02:30 does not exist; 03:30 EDT.
        ("America/New_York", "2026-03-08 02:30:00", (2026, 3, 8, 3, 29)),
    ],
)
async def test_a_stay_ending_in_a_changed_hour_is_written_once(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    zone: str,
    stay: str,
    last_in: tuple[int, int, int, int, int],
) -> None:
    """One write a lock; a restart sends nothing and a sync reads without writing."""
    await hass.config.async_set_time_zone(zone)
    freezer.move_to(datetime(2026, 3, 1, 12, tzinfo=UTC))
    entry = await setup_household(hass, schedules=True)
    await call(
        hass, "add_person", {"name": "Gina", "role": "guest", "pin": PIN, "valid_until": stay}
    )
    await settle(entry.runtime_data)
    pads = list(entry.runtime_data.keypads.values())
    assert sent(pads)[:2] == (2, 0)  # one write on each lock
    assert hass.states.get("sensor.front_door_code_sync").state == "in_sync"

    assert await hass.config_entries.async_unload(entry.entry_id)
    entry = await setup_household(hass, entry=entry)
    pads = list(entry.runtime_data.keypads.values())
    assert sent(pads) == (0, 0, 0)
    await call(hass, "sync", {})
    await settle(entry.runtime_data)
    assert sent(pads)[:2] == (0, 0)
    # and the keypad ends the stay on its own clock, with Housekey unloaded
    assert await hass.config_entries.async_unload(entry.entry_id)
    last = datetime(*last_in, tzinfo=ZoneInfo(zone))
    freezer.move_to(last)
    assert pads[0].enter_code(PIN)
    freezer.move_to(last + timedelta(minutes=1))
    assert not pads[0].enter_code(PIN)
