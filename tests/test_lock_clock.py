"""The lock's clock: set where the stack allows, when a lock starts holding windows and daily.

Schedule-capable simulated keypads through the real integration, with frozen and moving
time. A keypad's clock is Home Assistant's plus an offset it keeps, so a keypad whose
clock is off can be made, and seen corrected; the keypad's own counters say what reached
it. The repair issue is read from Home Assistant's issue registry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.core.clock import ClockState
from custom_components.housekey.diagnostics import async_get_config_entry_diagnostics
from custom_components.housekey.providers.simulated import SimulatedKeypad
from custom_components.housekey.store import HousekeyStore

from .conftest import BACK, FRONT, call, settle, setup_household
from .test_lock_schedules import BERLIN, MORNINGS, PIN, at, monday

SYNC_SENSOR = "sensor.front_door_code_sync"
#: Berlin leaves summer time on 2026-10-25 at 03:00 CEST (01:00 UTC)
AUTUMN_CHANGE = datetime(2026, 10, 25, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
async def berlin(hass: HomeAssistant) -> None:
    await hass.config.async_set_time_zone("Europe/Berlin")


def clock_issue(hass: HomeAssistant, entry: MockConfigEntry, lock: str = FRONT) -> str | None:
    """Return the translation key of the lock's clock issue, or None when there is none."""
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"lock_clock.{entry.entry_id}.{lock}")
    return None if issue is None else issue.translation_key


def keypads(entry: MockConfigEntry) -> tuple[SimulatedKeypad, SimulatedKeypad]:
    """Return the front and the back door's keypads."""
    pads = entry.runtime_data.keypads
    return pads[FRONT], pads[BACK]


def clock_sets(entry: MockConfigEntry) -> tuple[int, int]:
    """Return how many times each keypad's clock was set, front door first.

    Every set is read back, so a keypad whose clock can be set was read as often.
    """
    front, back = (pad.counters for pad in keypads(entry))
    assert (front.clock_reads, back.clock_reads) == (front.clock_sets, back.clock_sets)
    return front.clock_sets, back.clock_sets


async def sets_at(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory, when: datetime
) -> tuple[int, int]:
    """Move the clock on, let the locks act on it, and return how often each clock was set."""
    await at(hass, entry, freezer, when)
    return clock_sets(entry)


async def household_at(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    when: datetime | None = None,
    *,
    schedules: bool = True,
) -> MockConfigEntry:
    """Set a household of two keypads up at `when` (Monday 07:00 by default)."""
    freezer.move_to(when or monday(7))
    return await setup_household(hass, schedules=schedules)


async def add_cleo(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Add a cleaner with weekly hours: the locks that hold schedules hold her windows."""
    await call(
        hass, "add_person", {"name": "Cleo", "role": "service", "pin": PIN, "weekly": MORNINGS}
    )
    await settle(entry.runtime_data)


async def with_cleo(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime | None = None
) -> MockConfigEntry:
    """Return a household whose keypads hold Cleo's windows, added at `when`."""
    entry = await household_at(hass, freezer, when)
    await add_cleo(hass, entry)
    return entry


async def test_set_when_the_lock_first_holds_windows_not_on_a_restart_and_again_a_day_later(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household_at(hass, freezer)
    for pad in keypads(entry):
        pad.clock_offset = -600.0  # ten minutes slow
    await call(hass, "add_person", {"name": "Bob", "pin": "573019"})
    await settle(entry.runtime_data)
    assert clock_sets(entry) == (0, 0)  # an unrestricted user needs no clock

    await add_cleo(hass, entry)
    assert clock_sets(entry) == (1, 1)
    assert [pad.clock_offset for pad in keypads(entry)] == [0.0, 0.0]
    assert keypads(entry)[0].codes == {1: "573019", 2: PIN}
    attributes = hass.states.get(SYNC_SENSOR).attributes
    assert (attributes["clock"], attributes["clock_set_at"], attributes["clock_drift"]) == (
        "set",
        monday(7),
        0,
    )
    assert entry.runtime_data.locks[FRONT].counters.clock_sets == 1
    assert clock_issue(hass, entry) is None

    # A restart the same day sends no clock command.
    await at(hass, entry, freezer, monday(10))
    assert await hass.config_entries.async_unload(entry.entry_id)
    entry = await setup_household(hass, entry=entry)
    assert await sets_at(hass, entry, freezer, monday(11)) == (0, 0)
    assert hass.states.get(SYNC_SENSOR).attributes["clock_set_at"] == monday(7)

    # A day after the last set, each lock's timer sets it again: once.
    assert await sets_at(hass, entry, freezer, monday(7) + timedelta(days=1, seconds=1)) == (1, 1)
    assert await sets_at(hass, entry, freezer, monday(9) + timedelta(days=1)) == (1, 1)
    assert await sets_at(hass, entry, freezer, monday(8) + timedelta(days=2)) == (2, 2)


async def test_a_lock_whose_windows_home_assistant_enforces_gets_no_clock_command(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household_at(hass, freezer, schedules=False)
    await add_cleo(hass, entry)
    for days in (1, 2, 3):
        await at(hass, entry, freezer, monday(9) + timedelta(days=days))
    await call(hass, "sync", {})
    assert clock_sets(entry) == (0, 0)
    attributes = hass.states.get(SYNC_SENSOR).attributes
    assert (attributes["enforcement"], attributes["clock"]) == ("home_assistant", None)
    assert clock_issue(hass, entry) is None


async def test_a_lock_that_refuses_the_time_gets_a_repair_until_it_takes_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household_at(hass, freezer)
    pad = keypads(entry)[0]
    pad.clock_refuses = True
    await add_cleo(hass, entry)
    assert clock_issue(hass, entry) == "lock_clock_failed"
    assert clock_issue(hass, entry, BACK) is None
    # The clock holds up no code: Cleo is on the lock, which is in sync.
    assert pad.codes == {1: PIN}
    state = hass.states.get(SYNC_SENSOR)
    assert (state.state, state.attributes["clock"]) == ("in_sync", "failed")
    assert (pad.counters.clock_sets, pad.counters.clock_reads) == (1, 0)

    # Tried again an hour later (not sooner), it still refuses; then it takes it.
    await at(hass, entry, freezer, monday(7, 59))
    assert pad.counters.clock_sets == 1
    await at(hass, entry, freezer, monday(8, 0) + timedelta(seconds=1))
    assert pad.counters.clock_sets == 2
    assert clock_issue(hass, entry) == "lock_clock_failed"
    pad.clock_refuses = False
    await at(hass, entry, freezer, monday(9, 0) + timedelta(seconds=2))
    assert pad.counters.clock_sets == 3
    assert clock_issue(hass, entry) is None
    assert hass.states.get(SYNC_SENSOR).attributes["clock"] == "set"


async def test_a_clock_that_cannot_be_set_is_read_and_reported_when_off(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household_at(hass, freezer)
    front, back = keypads(entry)
    front.clock_settable = back.clock_settable = False
    front.clock_offset = -600.0
    back.clock_offset = 45.0  # within the tolerance
    await add_cleo(hass, entry)
    assert [(p.counters.clock_sets, p.counters.clock_reads) for p in (front, back)] == [(0, 1)] * 2
    assert clock_issue(hass, entry) == "lock_clock_off"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"lock_clock.{entry.entry_id}.{FRONT}")
    assert issue is not None
    assert issue.translation_placeholders == {"lock": FRONT, "minutes": "10"}
    attributes = hass.states.get(SYNC_SENSOR).attributes
    assert (attributes["clock"], attributes["clock_drift"], attributes["clock_set_at"]) == (
        "off",
        -600,
        None,
    )
    assert clock_issue(hass, entry, BACK) is None
    assert hass.states.get("sensor.back_door_code_sync").attributes["clock"] == "right"

    # Someone sets the lock's time at its own menu: the next day's check finds it right.
    front.clock_offset = 20.0
    await at(hass, entry, freezer, monday(7) + timedelta(days=1, seconds=1))
    assert clock_issue(hass, entry) is None
    assert hass.states.get(SYNC_SENSOR).attributes["clock"] == "right"


async def test_a_lock_that_stops_holding_windows_takes_its_clock_issue_with_it(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await household_at(hass, freezer)
    keypads(entry)[0].clock_refuses = True
    await add_cleo(hass, entry)
    assert clock_issue(hass, entry) == "lock_clock_failed"
    await call(hass, "offboard_person", {"person": "Cleo"})
    await settle(entry.runtime_data)
    assert clock_issue(hass, entry) is None
    assert hass.states.get(SYNC_SENSOR).attributes["clock"] is None
    # Its record keeps the check: back with windows, the issue is back until a set succeeds.
    weekly = {"name": "Dana", "role": "service", "pin": "690247", "weekly": MORNINGS}
    await call(hass, "add_person", weekly)
    await settle(entry.runtime_data)
    assert clock_issue(hass, entry) == "lock_clock_failed"


async def test_the_clocks_are_set_again_just_after_a_daylight_saving_change(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await with_cleo(hass, freezer, datetime(2026, 10, 24, 12, tzinfo=BERLIN))
    assert clock_sets(entry) == (1, 1)
    assert await sets_at(hass, entry, freezer, AUTUMN_CHANGE - timedelta(seconds=1)) == (1, 1)
    assert await sets_at(hass, entry, freezer, AUTUMN_CHANGE + timedelta(seconds=2)) == (2, 2)
    # The daily check follows the last set, not the first.
    noon = datetime(2026, 10, 25, 12, 30, tzinfo=BERLIN)
    assert await sets_at(hass, entry, freezer, noon) == (2, 2)
    next_day = AUTUMN_CHANGE + timedelta(days=1, seconds=3)
    assert await sets_at(hass, entry, freezer, next_day) == (3, 3)


async def test_the_clocks_are_set_again_when_the_time_zone_changes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await with_cleo(hass, freezer)
    await hass.config.async_update(time_zone="Europe/Lisbon")
    await settle(entry.runtime_data)
    assert clock_sets(entry) == (2, 2)
    await hass.config.async_update(location_name="Elsewhere")  # not the time zone
    await settle(entry.runtime_data)
    assert clock_sets(entry) == (2, 2)


async def test_the_sync_action_sets_the_clock_too(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await with_cleo(hass, freezer)
    await at(hass, entry, freezer, monday(8))
    await call(hass, "sync", {"locks": [FRONT]})
    assert clock_sets(entry) == (2, 1)


async def test_an_unreachable_lock_is_set_when_it_comes_back(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await with_cleo(hass, freezer)
    pad = keypads(entry)[0]
    pad.set_unreachable(True)
    await at(hass, entry, freezer, monday(7) + timedelta(days=1, seconds=1))
    assert pad.counters.clock_sets == 1
    assert hass.states.get(SYNC_SENSOR).state == "unreachable"
    pad.clock_offset = 300.0  # it came back five minutes fast
    pad.set_unreachable(False)
    await settle(entry.runtime_data)
    assert pad.counters.clock_sets == 2
    assert pad.clock_offset == 0.0
    assert clock_issue(hass, entry) is None


async def test_the_check_is_kept_in_the_record_and_shown_in_diagnostics(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict
) -> None:
    entry = await with_cleo(hass, freezer)
    assert await hass.config_entries.async_unload(entry.entry_id)
    saved = hass_storage[f"housekey.{entry.entry_id}.locks"]["data"]["locks"]
    seven = monday(7).astimezone(UTC).isoformat()
    check = {"state": "set", "at": seven, "set_at": seven, "drift": 0.0}
    assert [record["clock"] for record in saved.values()] == [check, check]
    entry = await setup_household(hass, entry=entry)
    dump = await async_get_config_entry_diagnostics(hass, entry)
    front = dump["locks"][FRONT]
    assert front["clock"]["state"] == ClockState.SET
    assert front["counters"]["clock_sets"] == 0  # since this start


async def test_records_of_store_1_4_have_no_clock_check_and_get_one(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, hass_storage: dict
) -> None:
    entry = await with_cleo(hass, freezer)
    assert await hass.config_entries.async_unload(entry.entry_id)
    stored = hass_storage[f"housekey.{entry.entry_id}.locks"]
    stored["minor_version"] = 4
    for record in stored["data"]["locks"].values():
        del record["clock"]
    migrated = await HousekeyStore(hass, f"{entry.entry_id}.locks").async_load()
    assert migrated is not None
    assert [record["clock"] for record in migrated["locks"].values()] == [None, None]
    # The first sync of each lock, which holds Cleo's windows, sets its clock.
    entry = await setup_household(hass, entry=entry)
    assert clock_sets(entry) == (1, 1)
    assert keypads(entry)[0].counters.writes == 0  # nothing else to send
