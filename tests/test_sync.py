"""The reconciler through the real integration: restarts, outages, foreign codes, failures."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.sync import LockSync

from .conftest import BACK, FRONT, Recorder, call, logged, settle, setup_household


def keypad(entry: MockConfigEntry, lock: str):
    return entry.runtime_data.keypads[lock]


def sent(entry: MockConfigEntry) -> dict[str, int]:
    """Commands the simulated hardware received, all locks together."""
    totals = {"writes": 0, "clears": 0, "reads": 0}
    for pad in entry.runtime_data.keypads.values():
        totals["writes"] += pad.counters.writes
        totals["clears"] += pad.counters.clears
        totals["reads"] += pad.counters.reads
    return totals


async def restart(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Unload the household (as Home Assistant does when stopping) and load it again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    return await setup_household(hass, entry=entry)


async def test_first_adoption_reads_each_slot_once_then_nothing(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    # Two locks of 10 slots were scanned once for foreign codes.
    assert sent(household) == {"writes": 0, "clears": 0, "reads": 20}
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(household.runtime_data)
    # One write per lock and one read-back each to verify it.
    assert sent(household) == {"writes": 2, "clears": 0, "reads": 22}


async def test_restart_with_nothing_changed_sends_nothing(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(household.runtime_data)
    entry = await restart(hass, household)
    # New keypad objects after the restart start counting from zero.
    assert sent(entry) == {"writes": 0, "clears": 0, "reads": 0}
    assert keypad(entry, FRONT).codes == {1: "482913", 2: "739154"}
    assert hass.states.get("sensor.front_door_code_sync").state == "in_sync"


async def test_nothing_is_sent_before_home_assistant_has_started(hass: HomeAssistant) -> None:
    hass.set_state(CoreState.not_running)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Early",
        data={"name": "Early"},
        options={"locks": [], "simulated_locks": 1, "pin_min": 6, "pin_max": 8},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert sent(entry) == {"writes": 0, "clears": 0, "reads": 0}
    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await settle(entry.runtime_data)
    assert sent(entry)["reads"] == 10


async def test_unreachable_lock_gets_the_change_when_it_returns(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    runtime = household.runtime_data
    keypad(household, BACK).set_unreachable(True)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    assert keypad(household, FRONT).codes == {1: "482913"}
    assert keypad(household, BACK).codes == {}
    state = hass.states.get("sensor.back_door_code_sync")
    assert state.state == "unreachable"
    assert state.attributes["pending_changes"] == 1
    assert [a["kind"] for a in events.of("housekey_alert")] == ["lock_unreachable"]
    keypad(household, BACK).set_unreachable(False)
    await settle(runtime)
    assert keypad(household, BACK).codes == {1: "482913"}
    assert hass.states.get("sensor.back_door_code_sync").state == "in_sync"


async def test_unreachable_lock_catches_up_after_a_restart(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(household.runtime_data)
    keypad(household, BACK).set_unreachable(True)
    await call(hass, "offboard_person", {"person": "Bob", "timeout": 0})
    await call(hass, "set_pin", {"person": "Alice", "pin": "604827"})
    await settle(household.runtime_data)
    assert keypad(household, BACK).codes == {1: "482913", 2: "739154"}

    entry = await restart(hass, household)
    assert hass.states.get("sensor.back_door_code_sync").state == "unreachable"
    assert hass.states.get("sensor.back_door_code_sync").attributes["pending_changes"] == 2
    keypad(entry, BACK).set_unreachable(False)
    await settle(entry.runtime_data)
    assert keypad(entry, BACK).codes == {1: "604827"}
    # Exactly the two pending changes were sent, the removal first.
    assert keypad(entry, BACK).counters.clears == 1
    assert keypad(entry, BACK).counters.writes == 1


async def test_foreign_code_is_reported_and_never_deleted(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    runtime = household.runtime_data
    keypad(household, FRONT).codes[1] = "555123"  # typed in at the lock's own keypad menu
    response = await call(hass, "sync")
    assert response == {FRONT: "in_sync", BACK: "in_sync"}
    alerts = events.of("housekey_alert")
    assert [(a["kind"], a["lock"]) for a in alerts] == [("foreign_code", FRONT)]
    assert "555123" not in str(alerts)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"foreign_code.{household.entry_id}.{FRONT}")
    assert issue is not None and issue.is_fixable
    # People are planned around the foreign slot, and it stays untouched.
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    assert keypad(household, FRONT).codes == {1: "555123", 2: "482913"}
    assert hass.states.get("sensor.front_door_code_sync").attributes["foreign_slots"] == 1
    # Using the foreign code is recorded with no person.
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": "555123"}, blocking=True
    )
    assert events.of("housekey_access")[-1]["person_id"] is None


async def test_admin_clears_foreign_codes_through_the_repair_flow(
    hass: HomeAssistant, household: MockConfigEntry, hass_client
) -> None:
    from homeassistant.components.repairs import DOMAIN as REPAIRS
    from homeassistant.setup import async_setup_component

    assert await async_setup_component(hass, REPAIRS, {})
    keypad(household, FRONT).codes[3] = "555123"
    await call(hass, "sync")
    issue_id = f"foreign_code.{household.entry_id}.{FRONT}"
    client = await hass_client()
    resp = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    flow = await resp.json()
    assert (flow["step_id"], flow["menu_options"]) == ("init", ["confirm", "adopt"])
    url = f"/api/repairs/issues/fix/{flow['flow_id']}"
    resp = await client.post(url, json={"next_step_id": "confirm"})
    assert (await resp.json())["step_id"] == "confirm"
    resp = await client.post(url, json={})
    assert (await resp.json())["type"] == "create_entry"
    await settle(household.runtime_data)
    assert keypad(household, FRONT).codes == {}
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_code_lost_by_the_lock_is_written_again_on_sync(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(household.runtime_data)
    keypad(household, FRONT).codes.clear()  # batteries out, memory gone
    await call(hass, "sync")
    assert keypad(household, FRONT).codes == {1: "482913"}


async def test_failed_writes_back_off_then_open_the_breaker_and_recover(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    pad.jammed = True
    attempts: list[float] = []
    write = pad.write

    async def timed(slot: int, code: str) -> None:
        attempts.append(dt_util.utcnow().timestamp())
        await write(slot, code)

    monkeypatch.setattr(pad, "write", timed)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    for _ in range(LockSync.BREAKER_THRESHOLD - 1):
        freezer.tick(timedelta(seconds=LockSync.RETRY_CAP))
        async_fire_time_changed(hass)
        await settle(runtime)
    assert len(attempts) == LockSync.BREAKER_THRESHOLD
    gaps = [round(b - a) for a, b in itertools.pairwise(attempts)]
    assert gaps == [300, 300, 300, 300]  # one retry per (capped) backoff, no flood
    assert hass.states.get("sensor.front_door_code_sync").state == "failed"
    assert [a["kind"] for a in events.of("housekey_alert")] == ["sync_failed"]
    issue_id = f"sync_failed.{household.entry_id}.{FRONT}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    # The lock works again: the next retry lands the code and withdraws the issue.
    pad.jammed = False
    freezer.tick(timedelta(seconds=LockSync.RETRY_CAP))
    async_fire_time_changed(hass)
    await settle(runtime)
    assert pad.codes == {1: "482913"}
    assert hass.states.get("sensor.front_door_code_sync").state == "in_sync"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_backoff_grows_exponentially(
    hass: HomeAssistant,
    household: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runtime = household.runtime_data
    monkeypatch.setattr(LockSync, "RETRY_BASE", 20.0)
    pad = keypad(household, FRONT)
    pad.jammed = True
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    assert pad.counters.writes == 1
    for delay in (20, 40, 80):
        freezer.tick(timedelta(seconds=delay - 5))
        async_fire_time_changed(hass)
        await settle(runtime)
        before = pad.counters.writes
        freezer.tick(timedelta(seconds=6))
        async_fire_time_changed(hass)
        await settle(runtime)
        assert pad.counters.writes == before + 1, (delay, before)


async def test_write_that_does_not_read_back_is_retried(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory, monkeypatch
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    original = pad.write
    calls = 0

    async def garbled(slot: int, code: str) -> None:
        nonlocal calls
        calls += 1
        await original(slot, "9" + code[1:] if calls == 1 else code)

    monkeypatch.setattr(pad, "write", garbled)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    assert pad.codes == {1: "982913"}
    freezer.tick(timedelta(seconds=LockSync.RETRY_BASE))
    async_fire_time_changed(hass)
    await settle(runtime)
    assert pad.codes == {1: "482913"}


async def test_revocations_go_before_additions(
    hass: HomeAssistant, household: MockConfigEntry, monkeypatch
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(runtime)
    pad = keypad(household, FRONT)
    order: list[tuple[str, int]] = []
    write, clear = pad.write, pad.clear

    async def record_write(slot: int, code: str) -> None:
        order.append(("write", slot))
        await write(slot, code)

    async def record_clear(slot: int) -> None:
        order.append(("clear", slot))
        await clear(slot)

    monkeypatch.setattr(pad, "write", record_write)
    monkeypatch.setattr(pad, "clear", record_clear)
    pad.set_unreachable(True)
    await call(hass, "add_person", {"name": "Carol", "pin": "519374"})
    await call(hass, "add_person", {"name": "Dan", "pin": "640281"})
    await call(hass, "suspend_person", {"person": "Bob"})
    pad.set_unreachable(False)
    await settle(runtime)
    # Bob's slot is reused by Carol (one overwrite revokes him), then Dan is added.
    assert order == [("write", 2), ("write", 3)]
    assert pad.codes == {1: "482913", 2: "519374", 3: "640281"}


async def test_slot_count_limits_are_reported(hass: HomeAssistant) -> None:
    entry = await setup_household(hass, simulated=1)
    runtime = entry.runtime_data
    keypad(entry, FRONT).slot_count = 2
    await call(hass, "sync")
    for name, pin in (("A", "482913"), ("B", "739154"), ("C", "519374")):
        await call(hass, "add_person", {"name": name, "pin": pin})
    await settle(runtime)
    assert keypad(entry, FRONT).codes == {1: "482913", 2: "739154"}
    assert hass.states.get("sensor.front_door_code_sync").attributes["not_placed"] == 1


async def test_first_scan_spaces_its_reads(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock without a bulk read is scanned one paced read at a time."""
    import time

    from custom_components.housekey.providers.simulated import SimulatedKeypad, SimulatedProvider

    monkeypatch.setattr(SimulatedProvider, "pacing", 0.02)
    stamps: list[float] = []
    read = SimulatedKeypad.read

    async def timed(self: SimulatedKeypad, slot: int) -> str | None:
        stamps.append(time.monotonic())
        return await read(self, slot)

    monkeypatch.setattr(SimulatedKeypad, "read", timed)
    await setup_household(hass, simulated=1)
    assert len(stamps) == 10
    assert min(b - a for a, b in itertools.pairwise(stamps)) >= 0.018


async def test_an_unexpected_provider_error_does_not_stop_the_queue(
    hass: HomeAssistant,
    household: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    runtime = household.runtime_data
    pad = keypad(household, FRONT)
    write = pad.write
    broken = True

    async def buggy(slot: int, code: str) -> None:
        if broken:
            raise KeyError(code)  # a provider bug whose message carries the code
        await write(slot, code)

    monkeypatch.setattr(pad, "write", buggy)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    assert pad.codes == {}
    assert "Unexpected KeyError while syncing lock.front_door" in logged(caplog)
    assert "482913" not in logged(caplog)
    broken = False
    freezer.tick(timedelta(seconds=LockSync.RETRY_BASE))
    async_fire_time_changed(hass)
    await settle(runtime)
    assert pad.codes == {1: "482913"}


async def test_a_lock_leaving_the_household_is_cleared_of_its_codes(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    """Former locks must not keep admitting the household's people (no ghost codes)."""
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    keypad(household, BACK).set_unreachable(True)  # off the air while it is removed
    hass.config_entries.async_update_entry(
        household, options={**household.options, "simulated_locks": 1}
    )
    await hass.async_block_till_done()
    runtime = household.runtime_data
    await settle(runtime)
    assert list(runtime.locks) == [FRONT]
    assert BACK in runtime.retiring
    # Still pending across a restart, and cleared once the lock answers again.
    entry = await restart(hass, household)
    runtime = entry.runtime_data
    retiring = runtime.retiring[BACK]
    retiring.provider.keypad.set_unreachable(False)
    await settle(runtime)
    await hass.async_block_till_done()
    assert retiring.provider.keypad.codes == {}
    assert BACK not in runtime.retiring
    assert keypad(entry, FRONT).codes == {1: "482913"}
    # Its entities and device are gone too, once its queue has stopped (in the background).
    for _ in range(100):
        if er.async_get(hass).async_get(BACK) is None:
            break
        await asyncio.sleep(0.01)
    assert er.async_get(hass).async_get(BACK) is None
    assert hass.states.get("sensor.back_door_code_sync") is None


async def test_code_programmed_at_the_keypad_is_reported_when_it_appears(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    runtime = household.runtime_data
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(runtime)
    pad = keypad(household, BACK)
    reads = pad.counters.reads
    pad.program(5, "555123")  # with the lock's own master code, no housekey.sync needed
    await settle(runtime)
    assert pad.counters.reads == reads + 1  # that slot only
    alerts = events.of("housekey_alert")
    assert [(a["kind"], a["lock"], a["detail"]) for a in alerts] == [
        ("foreign_code", BACK, "slots 5")
    ]
    assert pad.codes == {1: "482913", 5: "555123"}  # reported, never deleted
    # Deleted again at the keypad: the slot is free for Housekey again.
    issue_id = f"foreign_code.{household.entry_id}.{BACK}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    pad.program(5, None)
    await settle(runtime)
    assert 5 not in runtime.locks[BACK].record.foreign
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    # A managed code deleted at the keypad is written again.
    pad.program(1, None)
    await settle(runtime)
    assert pad.codes == {1: "482913"}


async def test_a_locks_view_is_a_copy_readers_cannot_change(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    sync = household.runtime_data.locks[FRONT]
    before = sync.view()
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(household.runtime_data)
    after = sync.view()
    person_id = household.runtime_data.household.find("Alice").person_id
    assert (before.holders, after.holders) == (frozenset(), frozenset({person_id}))
    assert after.state.value == "in_sync"
    assert after.pending == 0
    assert after.counters.writes == before.counters.writes + 1
    assert after.capabilities is not None
    assert after.capabilities.slots == 10
    sync.persisted()["applied"].clear()  # a reader's copy: the lock's record is untouched
    assert sync.view().holders == after.holders
    with pytest.raises(AttributeError):
        after.state = before.state  # type: ignore[misc]
    assert "482913" not in repr(after)


async def test_a_person_of_a_lock_that_left_the_household_can_still_be_changed(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    """A person limited to a lock that left keeps it named; a new PIN or other change is
    checked against the doors still there, not refused with an error about the lock."""
    await call(hass, "add_person", {"name": "Bo", "pin": "482913", "locks": [FRONT, BACK]})
    await settle(household.runtime_data)
    hass.config_entries.async_update_entry(
        household, options={**household.options, "simulated_locks": 1}
    )
    await hass.async_block_till_done()
    runtime = household.runtime_data
    await settle(runtime)
    await call(hass, "set_pin", {"person": "Bo", "pin": "739154"})
    await call(hass, "update_person", {"person": "Bo", "name": "Bo Lind"})
    await settle(runtime)
    assert keypad(household, FRONT).codes == {1: "739154"}
