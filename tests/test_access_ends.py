"""Access that ends leaves every lock at that very moment, and the locks confirm it.

An expired, used-up or offboarded person's code must not outlive their access by a
timer's slack: the codes are on every lock one instant before the end and gone from
every lock at it, and what the keypads hold is read from the keypads themselves. A
slot counts as cleared only once the lock confirmed it (`LockSync.holds`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from .conftest import BACK, FRONT, call, settle, setup_household

PIN = "482913"


def held_on(entry: MockConfigEntry, person_id: str) -> dict[str, bool]:
    """Return, per lock, whether its keypad holds the PIN and whether the record says it may."""
    runtime = entry.runtime_data
    return {
        lock: PIN in runtime.keypads[lock].codes.values() or sync.holds(person_id)
        for lock, sync in runtime.locks.items()
    }


async def at(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory, moment: datetime
) -> None:
    """Move the clock to `moment`, let the timers due by then run, and the locks settle."""
    freezer.move_to(moment)
    async_fire_time_changed(hass, moment)
    await settle(entry.runtime_data)


def check(
    hass: HomeAssistant, entry: MockConfigEntry, person_id: str, held: bool, status: str
) -> None:
    """Check that every lock holds the person's code (or that none does), and their status."""
    assert held_on(entry, person_id) == {FRONT: held, BACK: held}
    state = hass.states.get(
        f"sensor.maple_street_{entry.runtime_data.household.people[person_id].name.lower()}"
    )
    assert state is not None
    assert state.state == status


@pytest.mark.parametrize("schedules", [False, True], ids=["home_assistant", "lock"])
async def test_expiry_clears_every_lock_at_the_exact_moment(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, schedules: bool
) -> None:
    """Also where the keypads hold schedules: expiry is always Home Assistant's to enforce."""
    entry = await setup_household(hass, schedules=schedules)
    until = (dt_util.utcnow() + timedelta(hours=2)).replace(microsecond=0)
    added = await call(
        hass,
        "add_person",
        {"name": "Dana", "role": "guest", "pin": PIN, "valid_until": until.isoformat()},
    )
    await settle(entry.runtime_data)
    person_id = added["person_id"]
    assert held_on(entry, person_id) == {FRONT: True, BACK: True}

    await at(hass, entry, freezer, until - timedelta(milliseconds=1))
    check(hass, entry, person_id, True, "active")
    await at(hass, entry, freezer, until)
    check(hass, entry, person_id, False, "expired")


async def test_the_last_use_clears_every_lock_at_once(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    added = await call(hass, "add_person", {"name": "Finn", "pin": PIN, "max_uses": 2})
    await settle(runtime)
    person_id = added["person_id"]
    unlock = {"entity_id": FRONT, "code": PIN}
    await hass.services.async_call("lock", "unlock", unlock, blocking=True)
    await settle(runtime)
    check(hass, household, person_id, True, "active")

    # The last use was at the front door: the back door's code goes too, unasked.
    await hass.services.async_call("lock", "unlock", unlock, blocking=True)
    await settle(runtime)
    check(hass, household, person_id, False, "used_up")


async def test_offboarding_clears_every_lock_and_the_sensor_lists_no_door(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    added = await call(hass, "add_person", {"name": "Alice", "pin": PIN})
    await call(hass, "add_person", {"name": "Bea", "pin": "739164", "locks": [FRONT]})
    await settle(runtime)
    sensor = "sensor.maple_street_alice"
    assert hass.states.get(sensor).attributes["locks"] == [FRONT, BACK]  # type: ignore[union-attr]

    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 5})
    # Reported removed only once each lock confirmed it: nothing is left to settle.
    assert response["locks"] == {FRONT: "removed", BACK: "removed"}
    check(hass, household, added["person_id"], False, "offboarded")
    assert hass.states.get(sensor).attributes["locks"] == []  # type: ignore[union-attr]
    bea = hass.states.get("sensor.maple_street_bea")
    assert bea is not None and bea.attributes["locks"] == [FRONT]
    assert runtime.keypads[FRONT].codes == {2: "739164"}
