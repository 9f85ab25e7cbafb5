"""Faults between Housekey and a lock: every code Housekey may have written stays its own.

Each test breaks the lock the way real locks break (an answer lost after the write
landed, a restart in the middle of a command, a code stored differently than sent,
a memory wiped) and ends with the right codes on the lock and an honest report.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey.const import CONF_AUDIT_HOURS
from custom_components.housekey.providers.simulated import SimulatedKeypad

from .conftest import BACK, FRONT, call, settle, setup_household
from .test_sync import keypad, restart


def sync_state(hass: HomeAssistant, lock: str) -> str:
    return hass.states.get(f"sensor.{lock.removeprefix('lock.')}_code_sync").state


async def test_answer_lost_after_the_write_landed_is_still_cleared_on_offboarding(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    pad.drop_after_write = True  # the code lands, then the lock goes off the air
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    assert pad.codes == {1: "482913"}
    assert sync_state(hass, FRONT) == "unreachable"

    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 0.2})
    # The code may still open the door: nothing may say it was removed.
    assert response["locks"] == {FRONT: "pending", BACK: "removed"}
    assert runtime.locks[FRONT].holds("p1")

    pad.set_unreachable(False)
    await settle(runtime)
    assert pad.codes == {}
    assert keypad(household, BACK).codes == {}
    assert not runtime.locks[FRONT].holds("p1")
    assert sync_state(hass, FRONT) == "in_sync"


async def test_suspending_after_a_lost_answer_clears_the_code(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    pad.drop_after_write = True
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    await call(hass, "suspend_person", {"person": "Alice"})
    pad.set_unreachable(False)
    await settle(runtime)
    assert pad.codes == {}
    assert not pad.enter_code("482913")


async def test_restart_in_the_middle_of_a_write_verifies_instead_of_forgetting(
    hass: HomeAssistant, household: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad = keypad(household, FRONT)
    write = pad.write
    landed = asyncio.Event()

    async def hangs_after_landing(slot: int, code: str) -> None:
        await write(slot, code)
        landed.set()
        await asyncio.Event().wait()  # the answer never comes: Home Assistant stops first

    monkeypatch.setattr(pad, "write", hangs_after_landing)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await asyncio.wait_for(landed.wait(), 5)
    entry = await restart(hass, household)

    front = keypad(entry, FRONT)
    assert front.codes == {1: "482913"}
    # The slot was in doubt: one read proved the code is there, so nothing was rewritten.
    assert (front.counters.reads, front.counters.writes) == (1, 0)
    assert sync_state(hass, FRONT) == "in_sync"
    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 5})
    assert response["locks"] == {FRONT: "removed", BACK: "removed"}
    assert front.codes == {}


async def test_restart_in_the_middle_of_a_write_that_never_landed_writes_it(
    hass: HomeAssistant, household: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    pad = keypad(household, FRONT)
    started = asyncio.Event()

    async def never_answers(slot: int, code: str) -> None:
        started.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(pad, "write", never_answers)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await asyncio.wait_for(started.wait(), 5)
    entry = await restart(hass, household)
    assert keypad(entry, FRONT).codes == {1: "482913"}
    assert sync_state(hass, FRONT) == "in_sync"


async def test_a_lock_that_truncates_codes_is_still_cleared_on_offboarding(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    pad.truncate_to = 6  # stores 6 of 8 digits, without a word
    await call(hass, "add_person", {"name": "Alice", "pin": "48291375"})
    await settle(runtime)
    assert pad.codes == {1: "482913"}
    # What the lock holds is not what was written: never reported in sync.
    assert sync_state(hass, FRONT) != "in_sync"

    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 5})
    assert response["locks"][FRONT] == "removed"
    assert pad.codes == {}
    assert not pad.enter_code("482913")


async def test_a_cleared_foreign_code_survives_a_restart_before_it_is_sent(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    pad.program(5, "555123")
    await settle(runtime)
    assert runtime.locks[FRONT].record.foreign == {5}
    pad.set_unreachable(True)
    await runtime.async_clear_foreign(FRONT)
    await settle(runtime)
    entry = await restart(hass, household)
    keypad(entry, FRONT).set_unreachable(False)
    await settle(entry.runtime_data)
    assert keypad(entry, FRONT).codes == {}


async def test_lock_that_announces_lost_codes_gets_them_back(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(runtime)
    pad = keypad(household, FRONT)
    pad.lose_codes(announce=True)
    await settle(runtime)
    assert pad.codes == {1: "482913", 2: "739154"}
    assert pad.enter_code("739154")


async def test_a_refusal_soon_after_a_write_rereads_the_fresh_code(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    pad = keypad(household, FRONT)
    pad.lose_codes(announce=False)  # batteries swapped: nothing said
    assert not pad.enter_code("482913")  # Alice is refused once...
    await settle(runtime)
    assert pad.codes == {1: "482913"}  # ...and the lock has her code again
    assert pad.enter_code("482913")
    # Wrong guesses do not make Housekey read the lock again and again.
    reads = pad.counters.reads
    for _ in range(20):
        pad.enter_code("000000")
    await settle(runtime)
    assert pad.counters.reads == reads


async def test_slow_audit_finds_silently_lost_codes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await setup_household(hass)
    hass.config_entries.async_update_entry(entry, options={**entry.options, CONF_AUDIT_HOURS: 1})
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    runtime = entry.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(runtime)
    pad: SimulatedKeypad = keypad(entry, FRONT)
    pad.lose_codes(announce=False)
    reads = pad.counters.reads
    for _ in range(2):  # one slot per hour, round robin
        freezer.tick(timedelta(hours=1))
        async_fire_time_changed(hass)
        await settle(runtime)
    assert pad.codes == {1: "482913", 2: "739154"}
    # Each audit tick costs one read (plus the verifying read of a rewrite).
    assert pad.counters.reads - reads == 4


async def test_no_audit_by_default(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    pad = keypad(household, FRONT)
    reads = pad.counters.reads
    freezer.tick(timedelta(days=2))
    async_fire_time_changed(hass)
    await settle(runtime)
    assert pad.counters.reads == reads


async def test_lock_back_with_nothing_pending_leaves_unreachable(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    pad.set_unreachable(True)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    assert sync_state(hass, FRONT) == "unreachable"
    # Alice leaves before the lock ever got her code: nothing is left to send.
    await call(hass, "offboard_person", {"person": "Alice", "timeout": 0})
    pad.set_unreachable(False)
    await settle(runtime)
    assert sync_state(hass, FRONT) == "in_sync"
    assert pad.counters.writes == 0
