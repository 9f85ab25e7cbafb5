"""Faults on the real Z-Wave JS stack: what Housekey reports is what the lock holds.

The mock lock is broken the way real locks break: the answer to a write is lost after
the code landed, Home Assistant restarts in the middle of a write, the lock stores a
shorter code than it was sent, the lock loses its codes without a word. Every test
reads the lock's own memory (the mock), never Housekey's record, to judge the outcome.
"""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.records import SyncState
from tests.conftest import call, setup_household

from .conftest import wait_for
from .harness import ZwaveStack
from .test_housekey import household_on, lock_holds

ALICE = "48291375"


async def revive(stack: ZwaveStack) -> None:
    """The lock answers again and is heard from (someone turns the thumb turn)."""
    await stack.lock("alive")
    await stack.lock("notify", type=6, event=1)


async def test_answer_lost_after_the_code_landed(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]
    await zwave_stack.lock("fault", die_after_set=True)
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    assert await lock_holds(zwave_stack, ALICE) is not None
    await wait_for(lambda: sync.state is SyncState.UNREACHABLE, 60)

    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 1})
    assert response["locks"] == {zwave_lock: "pending"}  # the code may still open the door

    await revive(zwave_stack)
    assert await lock_holds(zwave_stack, None, timeout=60) is None
    await wait_for(lambda: sync.state is SyncState.IN_SYNC, 30)
    assert not sync.holds(response["person_id"])


async def test_restart_while_a_written_code_is_unconfirmed(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry = await household_on(hass, zwave_lock)
    await zwave_stack.lock("fault", die_after_set=True)
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    assert await lock_holds(zwave_stack, ALICE) is not None
    # Home Assistant stops before the lock confirmed anything.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await zwave_stack.lock("reset_frames")
    await revive(zwave_stack)

    reloaded = await setup_household(hass, entry=entry)
    sync = reloaded.runtime_data.locks[zwave_lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC, 60)
    # The slot in doubt was read, found holding Alice's code, and not written again.
    frames = await zwave_stack.frames()
    assert frames.get("User Code", 0) >= 1
    assert await zwave_stack.codes() == {1: ALICE}
    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 30})
    assert response["locks"] == {zwave_lock: "removed"}
    assert await zwave_stack.codes() == {}


async def test_restart_in_the_middle_of_a_write_that_never_landed(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry = await household_on(hass, zwave_lock)
    await zwave_stack.lock("dead")
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    await asyncio.sleep(0.5)  # the Set is on its way to a lock that does not answer
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await revive(zwave_stack)
    reloaded = await setup_household(hass, entry=entry)
    sync = reloaded.runtime_data.locks[zwave_lock]
    assert await lock_holds(zwave_stack, ALICE, timeout=60) is not None
    await wait_for(lambda: sync.state is SyncState.IN_SYNC, 30)


async def test_a_lock_that_truncates_codes_is_cleared_on_offboarding(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]
    await zwave_stack.lock("fault", truncate=6)
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    assert await lock_holds(zwave_stack, ALICE[:6]) is not None
    await asyncio.sleep(1)
    assert sync.state is not SyncState.IN_SYNC  # never shown as holding what it does not

    response = await call(hass, "offboard_person", {"person": "Alice", "timeout": 30})
    assert response["locks"] == {zwave_lock: "removed"}
    assert await zwave_stack.codes() == {}


async def test_codes_lost_without_a_word_come_back_at_the_first_refusal(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry: MockConfigEntry = await household_on(hass, zwave_lock)
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    slot = await lock_holds(zwave_stack, ALICE)
    assert slot is not None
    await zwave_stack.lock("wipe_codes", notify=False)  # batteries swapped
    # Alice types her code; the lock refuses it (Access Control: invalid credential).
    await zwave_stack.lock("notify", type=6, event=50)
    assert await lock_holds(zwave_stack, ALICE, timeout=30) == slot
    sync = entry.runtime_data.locks[zwave_lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC, 30)
