"""Locks on different radio networks are synced side by side; on one network they take turns.

A Z-Wave or Zigbee mesh carries one command at a time, so an offboarding on locks sharing one
network costs their commands end to end; on separate networks (a Z-Wave lock and a Zigbee one)
each lock's queue runs on its own and the slowest lock alone sets the time.
"""

from __future__ import annotations

import asyncio
import time

from homeassistant.core import HomeAssistant

from .conftest import call, settle, setup_household

#: seconds per radio command, long enough that the machine's own load cannot blur the two cases
LATENCY = 0.2
LOCKS = 4
#: an offboarding costs each lock a clear and its verification read
COMMANDS = 2


async def offboard_seconds(hass: HomeAssistant, networks: list[asyncio.Lock | None]) -> float:
    """Offboard one person from every lock, the locks on the given networks; return seconds."""
    entry = await setup_household(hass, simulated=LOCKS)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await settle(entry.runtime_data)
    for pad, network in zip(entry.runtime_data.keypads.values(), networks, strict=True):
        pad.latency = LATENCY
        pad.network = network
    start = time.perf_counter()
    response = await call(hass, "offboard_person", {"person": "Alice"})
    seconds = time.perf_counter() - start
    assert set(response["locks"].values()) == {"removed"}
    assert all(not pad.codes for pad in entry.runtime_data.keypads.values())
    return seconds


async def test_locks_on_separate_networks_are_offboarded_side_by_side(
    hass: HomeAssistant,
) -> None:
    seconds = await offboard_seconds(hass, [asyncio.Lock() for _ in range(LOCKS)])
    # One lock's two commands, not four locks' eight end to end.
    assert COMMANDS * LATENCY <= seconds < LOCKS * COMMANDS * LATENCY / 2


async def test_locks_sharing_one_network_take_turns_on_it(hass: HomeAssistant) -> None:
    mesh = asyncio.Lock()
    seconds = await offboard_seconds(hass, [mesh] * LOCKS)
    assert seconds >= LOCKS * COMMANDS * LATENCY
