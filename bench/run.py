"""Housekey benchmarks on simulated locks, through a real Home Assistant core.

Prints figures; it is not a test. Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant import loader
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
    mock_storage,
)

import custom_components.housekey.locks as housekey_locks
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.runtime import Housekey


async def idle(runtime: Housekey) -> None:
    """Wait until every lock's queue is idle."""
    while True:
        await runtime.hass.async_block_till_done()
        if not any(s.working for s in runtime.locks.values()):
            return
        await asyncio.sleep(0.001)


def sent(runtime: Housekey) -> dict[str, int]:
    """Commands the sync engine sent to all locks together (its per-lock counters)."""
    syncs = runtime.locks.values()
    return {
        "writes": sum(s.counters.writes for s in syncs),
        "clears": sum(s.counters.clears for s in syncs),
        "reads": sum(s.counters.reads for s in syncs),
    }


async def household(hass: HomeAssistant, locks: int, name: str = "Bench") -> MockConfigEntry:
    """Create and load a household of simulated locks."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=name,
        data={"name": name},
        options={"locks": [], "simulated_locks": locks, "pin_min": 6, "pin_max": 8},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await idle(entry.runtime_data)
    return entry


async def action(hass: HomeAssistant, service: str, data: dict[str, Any]) -> Any:
    """Call a Housekey action as an automation would."""
    return await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )


async def restart(hass: HomeAssistant, entry: MockConfigEntry) -> float:
    """Unload and load the household; return the seconds the load took."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    start = time.perf_counter()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await idle(entry.runtime_data)
    return time.perf_counter() - start


async def with_hass(scenario: Any) -> Any:
    """Run one scenario in a fresh Home Assistant with in-memory storage.

    Its configuration directory is a temporary one: the audit journal writes there.
    """
    with mock_storage(), tempfile.TemporaryDirectory() as config:
        async with async_test_home_assistant(config_dir=config) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            try:
                return await scenario(hass)
            finally:
                await hass.async_stop(force=True)


async def entities_10_people_2_locks(hass: HomeAssistant) -> dict[str, int]:
    entry = await household(hass, 2)
    for i in range(10):
        await action(hass, "add_person", {"name": f"Person {i}"})
    await hass.async_block_till_done()
    counts: dict[str, int] = {}
    for entity in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        counts[entity.domain] = counts.get(entity.domain, 0) + 1
    return counts


async def pin_change_3_locks(hass: HomeAssistant) -> dict[str, int]:
    entry = await household(hass, 3)
    runtime = entry.runtime_data
    for i, pin in enumerate(("482913", "739154", "519374")):
        await action(hass, "add_person", {"name": f"Person {i}", "pin": pin})
    await idle(runtime)
    before = sent(runtime)
    await action(hass, "set_pin", {"person": "Person 1", "pin": "604827"})
    await idle(runtime)
    after = sent(runtime)
    return {k: after[k] - before[k] for k in after}


async def restart_unchanged(hass: HomeAssistant) -> dict[str, float]:
    entry = await household(hass, 3)
    for i in range(10):
        await action(hass, "add_person", {"name": f"Person {i}"})
    await idle(entry.runtime_data)
    seconds = await restart(hass, entry)
    return {**sent(entry.runtime_data), "seconds": seconds}


async def offboarding(hass: HomeAssistant) -> dict[str, float]:
    entry = await household(hass, 3)
    runtime = entry.runtime_data
    for i in range(5):
        await action(hass, "add_person", {"name": f"Person {i}"})
    await idle(runtime)
    for pad in runtime.keypads.values():
        pad.latency = 0.05  # 50 ms per command, a responsive Z-Wave or Zigbee lock
    times = []
    for i in range(5):
        start = time.perf_counter()
        response = await action(hass, "offboard_person", {"person": f"Person {i}"})
        times.append(time.perf_counter() - start)
        assert set(response["locks"].values()) == {"removed"}
    return {"median_s": statistics.median(times), "max_s": max(times)}


async def brute_force_burst(hass: HomeAssistant) -> dict[str, float]:
    """2,000 wrong codes typed as fast as lock.unlock takes them, at one keypad."""
    entry = await household(hass, 1)
    runtime = entry.runtime_data
    lock = next(iter(runtime.keypads))
    alerts: list[Event] = []

    @callback
    def alerted(event: Event) -> None:
        alerts.append(event)

    hass.bus.async_listen("housekey_alert", alerted)
    before = len(json.dumps(runtime.data.snapshot()))
    refused = 0
    start = time.perf_counter()
    for _ in range(2000):
        try:
            await hass.services.async_call(
                "lock", "unlock", {"entity_id": lock, "code": "000000"}, blocking=True
            )
        except HomeAssistantError as err:
            refused += err.translation_key == "keypad_locked_out"
    seconds = time.perf_counter() - start
    await hass.async_block_till_done()
    return {
        "seconds": seconds,
        "alerts": len(alerts),
        "locked_out": refused,
        "store_growth": len(json.dumps(runtime.data.snapshot())) - before,
    }


async def setup_cost(people: int, locks: int) -> dict[str, float]:
    async def scenario(hass: HomeAssistant) -> dict[str, float]:
        housekey_locks.SIMULATED_SLOTS = max(10, people * 2)
        entry = await household(hass, locks)
        runtime = entry.runtime_data
        start = time.perf_counter()
        for i in range(people):
            await action(hass, "add_person", {"name": f"Person {i}"})
        await idle(runtime)
        populate = time.perf_counter() - start
        start = time.perf_counter()
        runtime.replan()
        replan = time.perf_counter() - start
        load = await restart(hass, entry)
        return {"populate_s": populate, "replan_ms": replan * 1000, "load_ms": load * 1000}

    try:
        result: dict[str, float] = await with_hass(scenario)
        return result
    finally:
        housekey_locks.SIMULATED_SLOTS = 10


async def main() -> None:
    print("Housekey benchmarks (simulated locks, real Home Assistant core)\n")
    counts = await with_hass(entities_10_people_2_locks)
    total = sum(counts.values())
    print(
        f"Entities for 10 people on 2 locks: {total - counts.get('lock', 0)} "
        f"(sensor {counts.get('sensor', 0)}, event {counts.get('event', 0)}; "
        f"plus {counts.get('lock', 0)} simulated lock entities); budget 10 + 3x2 + 2 = 18"
    )
    change = await with_hass(pin_change_3_locks)
    print(
        f"One PIN change on 3 locks: {change['writes']} writes, {change['clears']} clears, "
        f"{change['reads']} reads (verification read-backs)"
    )
    unchanged = await with_hass(restart_unchanged)
    print(
        f"Restart with nothing changed (10 people, 3 locks): {unchanged['writes']:.0f} writes, "
        f"{unchanged['reads']:.0f} reads, household loaded in {unchanged['seconds'] * 1000:.1f} ms"
    )
    off = await with_hass(offboarding)
    print(
        "Verified offboarding on 3 locks at 50 ms per command: "
        f"median {off['median_s'] * 1000:.0f} ms, max {off['max_s'] * 1000:.0f} ms"
    )
    burst = await with_hass(brute_force_burst)
    print(
        f"2,000 wrong codes at one simulated keypad: {burst['seconds']:.2f} s, "
        f"{burst['alerts']:.0f} brute_force alert, {burst['locked_out']:.0f} refused by the "
        f"lockout, Store grew {burst['store_growth']:.0f} bytes"
    )
    print("\nSetup cost as people and locks grow:")
    print(f"{'people':>7} {'locks':>6} {'add all (s)':>12} {'re-plan (ms)':>13} {'load (ms)':>10}")
    for people, locks in ((10, 1), (10, 3), (50, 3), (100, 3), (100, 10), (250, 10)):
        cost = await setup_cost(people, locks)
        print(
            f"{people:>7} {locks:>6} {cost['populate_s']:>12.2f} "
            f"{cost['replan_ms']:>13.2f} {cost['load_ms']:>10.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
