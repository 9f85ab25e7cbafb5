"""A deleted household's codes leave a real Z-Wave lock, also one that is away at the time.

Housekey → Home Assistant's zwave_js → Z-Wave JS server → zwave-js driver → mock lock;
what the lock holds is read from the mock lock itself.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir

from custom_components.housekey import departure
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.records import SyncState
from tests.conftest import call

from .conftest import wait_for
from .harness import ZwaveStack
from .test_housekey import household_on, lock_holds

FOREIGN = {7: "8642"}


async def lock_holds_only(stack: ZwaveStack, held: dict[int, str], timeout: float = 30.0) -> None:
    """Wait until the lock's slots hold exactly `held`."""
    async with asyncio.timeout(timeout):
        while True:
            if await stack.codes() == held:
                return
            await asyncio.sleep(0.1)


async def household_with_codes(
    hass: HomeAssistant, stack: ZwaveStack, lock: str
) -> tuple[Any, list[int]]:
    """A household with two people on the lock, beside a code set at the lock's keypad."""
    entry = await household_on(hass, lock)
    sync = entry.runtime_data.locks[lock]
    await stack.lock("set_code", slot=7, code="8642", report=True)
    await wait_for(lambda: sync.record.foreign == {7})
    await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    await call(hass, "add_person", {"name": "Bob", "pin": "975318"})
    slots = [await lock_holds(stack, "246813"), await lock_holds(stack, "975318")]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC)
    return entry, [s for s in slots if s is not None]


async def test_removing_the_household_clears_the_lock(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry, _slots = await household_with_codes(hass, zwave_stack, zwave_lock)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    # Confirmed before the removal returned; the code set at the keypad is not Housekey's.
    assert await zwave_stack.codes() == FOREIGN
    assert not hass.data[departure.LEFTOVERS].departing


async def test_a_lock_away_at_the_removal_is_cleared_when_it_comes_back(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(departure, "REMOVAL_WAIT", 5.0)
    entry, slots = await household_with_codes(hass, zwave_stack, zwave_lock)
    await zwave_stack.lock("dead")
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    # Not confirmed: the lock still holds the codes, and the admins are told which.
    assert sorted((await zwave_stack.codes()).values()) == ["246813", "8642", "975318"]
    key = er.async_get(hass).async_get(zwave_lock).id  # type: ignore[union-attr]
    issue_id = f"{departure.CODES_LEFT}.{entry.entry_id}.{key}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["slots"] == ", ".join(map(str, sorted(slots)))
    assert issue.translation_placeholders["household"] == entry.title
    stored = hass_storage[f"{DOMAIN}.leftovers"]["data"]["locks"]
    assert list(stored) == [f"{entry.entry_id}.{key}"]
    assert "246813" not in str(stored)
    assert not [k for k in hass_storage if k.startswith(f"{DOMAIN}.{entry.entry_id}")]

    # The lock is back and is heard from (someone locks it by hand): the codes go then.
    await zwave_stack.lock("alive")
    await zwave_stack.lock("notify", type=6, event=1)
    await lock_holds_only(zwave_stack, FOREIGN)
    await wait_for(lambda: not hass.data[departure.LEFTOVERS].departing)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert hass_storage[f"{DOMAIN}.leftovers"]["data"] == {"locks": {}}


async def test_clearing_resumes_from_its_store_after_a_restart(
    hass: HomeAssistant,
    zwave_stack: ZwaveStack,
    zwave_lock: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Home Assistant stops with the lock still away; at the next start (Housekey is set
    up again because a household exists) the clearing goes on from the Store."""
    monkeypatch.setattr(departure, "REMOVAL_WAIT", 5.0)
    entry, _slots = await household_with_codes(hass, zwave_stack, zwave_lock)
    await zwave_stack.lock("dead")
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    before = hass.data.pop(departure.LEFTOVERS)
    await before._async_stop(None)  # type: ignore[arg-type]  # as at Home Assistant's stop
    assert not [s for d in before.departing.values() for s in [d.sync] if s.working]

    await departure.leftovers(hass).async_load()  # what async_setup does at the next start
    await zwave_stack.lock("alive")
    await zwave_stack.lock("notify", type=6, event=1)
    await lock_holds_only(zwave_stack, FOREIGN)
    await wait_for(lambda: not hass.data[departure.LEFTOVERS].departing)
