"""The audit journal reads a Z-Wave lock's own Door Lock Logging back after a gap.

The mock lock keeps the Door Lock Logging records a real one does (its last 16 events,
with its own clock and the code that was typed). While nobody hears the lock, its
keypad is used; once it is heard again, what it logged during the gap is in the
journal, marked recovered, with the person who holds the slot and never the code.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.records import SyncState
from tests.conftest import call, setup_household
from tests.test_journal import directory, read_records

from .conftest import wait_for
from .harness import ZwaveStack
from .test_faults import revive
from .test_housekey import household_on, lock_holds

ALICE = "48291375"
WRONG = "13572468"


def recovered(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["data"] for r in records if r.get("recovered")]


async def journal_bytes(hass: HomeAssistant, entry: MockConfigEntry) -> bytes:
    await entry.runtime_data.journal.async_flush()
    folder = directory(hass, entry)
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()))


async def test_accesses_while_the_lock_was_unreachable_are_recovered(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry = await household_on(hass, zwave_lock)
    sync = entry.runtime_data.locks[zwave_lock]
    added = await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    slot = await lock_holds(zwave_stack, ALICE)
    assert slot is not None
    await wait_for(lambda: sync.state is SyncState.IN_SYNC, 30)
    await zwave_stack.keypad(slot, ALICE)  # heard live: an access, not recovered
    await wait_for(lambda: any(r for r in _live_accesses(entry)), 10)

    await zwave_stack.lock("dead")
    await call(hass, "add_person", {"name": "Bob"})  # a write the lock never answers
    await wait_for(lambda: sync.state is SyncState.UNREACHABLE, 60)
    await asyncio.sleep(1.1)  # the lock's clock has whole seconds
    await zwave_stack.keypad(slot, ALICE)
    await zwave_stack.keypad(0, WRONG, granted=False)
    await asyncio.sleep(1.1)
    await revive(zwave_stack)
    await wait_for(lambda: sync.state is SyncState.IN_SYNC, 60)

    async def read_back() -> list[dict[str, Any]]:
        return await read_records(hass, entry)

    records = await read_back()
    for _ in range(100):
        if any(r["kind"] == "recovery" for r in records):
            break
        await asyncio.sleep(0.1)
        records = await read_back()
    [gap] = [r["data"] for r in records if r["kind"] == "gap"]
    assert gap["cause"] == "lock_unreachable"
    [recovery] = [r["data"] for r in records if r["kind"] == "recovery"]
    assert (recovery["ok"], recovery["records"]) == (True, 2)
    opened, refused = recovered(records)
    assert (opened["outcome"], opened["method"], opened["slot"]) == ("granted", "keypad", slot)
    assert (opened["person_id"], opened["person_name"]) == (added["person_id"], "Alice")
    assert opened["event"] == "unlock_keypad"
    assert (refused["outcome"], refused["person_id"]) == ("denied", None)
    for data in (opened, refused):
        at = dt_util.parse_datetime(data["at"])
        assert dt_util.parse_datetime(gap["from"]) <= at <= dt_util.parse_datetime(gap["to"])
    # The lock logged the codes typed; the journal holds neither.
    assert ALICE in json.dumps(await zwave_stack.lock("log"))
    written = await journal_bytes(hass, entry)
    assert ALICE.encode() not in written and WRONG.encode() not in written
    assert (await call(hass, "verify_journal"))["ok"] is True


def _live_accesses(entry: MockConfigEntry) -> list[Any]:
    info = entry.runtime_data.info
    return [i.last_access for i in info.values() if i.last_access]


async def test_accesses_while_home_assistant_was_down_are_recovered(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    entry = await household_on(hass, zwave_lock)
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    slot = await lock_holds(zwave_stack, ALICE)
    assert slot is not None
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)  # Home Assistant stops
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    await asyncio.sleep(1.1)
    await zwave_stack.keypad(slot, ALICE)  # nobody listens
    await asyncio.sleep(1.1)

    entry = await setup_household(hass, entry=entry)
    sync = entry.runtime_data.locks[zwave_lock]
    await wait_for(lambda: sync.state is SyncState.IN_SYNC, 60)
    records: list[dict[str, Any]] = []
    for _ in range(100):
        records = await read_records(hass, entry)
        if any(r["kind"] == "recovery" for r in records):
            break
        await asyncio.sleep(0.1)
    [gap] = [r["data"] for r in records if r["data"].get("cause") == "home_assistant_down"]
    [opened] = recovered(records)
    assert (opened["person_name"], opened["slot"], opened["outcome"]) == ("Alice", slot, "granted")
    at = dt_util.parse_datetime(opened["at"])
    assert dt_util.parse_datetime(gap["from"]) <= at <= dt_util.parse_datetime(gap["to"])
    assert ALICE.encode() not in await journal_bytes(hass, entry)
