"""What every bench shares: a real Home Assistant test instance, a household on it, the scenario.

One place for each helper: the benches start Home Assistant, load a household of simulated
locks, call its actions, wait for its queues and count the commands the simulated hardware
received, all through here.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant import loader
from homeassistant.components import recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers import recorder as recorder_helper
from homeassistant.helpers import storage
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
    mock_storage,
)

import custom_components.housekey.locks as housekey_locks
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.providers.simulated import SimulatedKeypad
from custom_components.housekey.runtime import Housekey

#: each Home Assistant the benches start would warn again that Housekey is a custom integration
logging.getLogger("homeassistant.loader").setLevel(logging.ERROR)

#: the simulated keypad's slot count when a bench sets none
DEFAULT_SLOTS = 10


# ---- the scenario ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One change to the household: at a minute of the simulated day, to one person."""

    minute: int
    kind: str  # "add", "set_pin" or "offboard"
    person: str


@dataclass(frozen=True, slots=True)
class Scenario:
    """N people, M locks of a slot count on some radio networks, K changes over a day.

    Locks go round-robin onto the networks (a Z-Wave mesh, a Zigbee one, a Thread one):
    commands on one network take turns, networks run side by side.
    """

    people: int
    locks: int
    slots: int = DEFAULT_SLOTS
    #: seconds of radio time per command
    latency: float = 0.0
    networks: int = 1
    changes: tuple[Change, ...] = ()

    def names(self) -> list[str]:
        """Return the people present at the start."""
        return [f"Person {i}" for i in range(self.people)]


def generate(
    people: int,
    locks: int,
    *,
    slots: int | None = None,
    latency: float = 0.0,
    networks: int = 1,
    changes: int = 0,
    seed: int = 15,
) -> Scenario:
    """Return a scenario: `changes` changes at random minutes of a day (seeded, repeatable).

    A change adds a guest, changes someone's PIN or offboards someone still there; the slot
    count defaults to room for everyone present plus every guest added.
    """
    rng = random.Random(seed)  # noqa: S311 -- a repeatable scenario, not a secret
    present = [f"Person {i}" for i in range(people)]
    added = 0
    steps: list[Change] = []
    for minute in sorted(rng.randrange(24 * 60) for _ in range(changes)):
        kind = rng.choice(("add", "set_pin", "offboard")) if present else "add"
        if kind == "add":
            name = f"Guest {added}"
            added += 1
            present.append(name)
        else:
            name = rng.choice(present)
            if kind == "offboard":
                present.remove(name)
        steps.append(Change(minute, kind, name))
    return Scenario(
        people,
        locks,
        slots if slots is not None else max(DEFAULT_SLOTS, people + added),
        latency,
        networks,
        tuple(steps),
    )


def radio(pads: Iterable[SimulatedKeypad], scenario: Scenario) -> None:
    """Give keypads the scenario's radio: its latency, round-robin on its networks."""
    meshes = [asyncio.Lock() for _ in range(scenario.networks)]
    for number, pad in enumerate(pads):
        pad.latency = scenario.latency
        pad.network = meshes[number % len(meshes)]


def commands(pads: Iterable[SimulatedKeypad]) -> int:
    """Return every command the simulated hardware received, writes, clears and reads."""
    total = 0
    for pad in pads:
        c = pad.counters
        total += c.writes + c.clears + c.reads + c.clock_sets + c.clock_reads
    return total


# ---- Home Assistant and a household ------------------------------------------------------


async def idle(runtime: Housekey) -> None:
    """Wait until every lock's queue is idle."""
    while True:
        await runtime.hass.async_block_till_done()
        if not any(s.working for s in runtime.locks.values()):
            forget_writes()
            return
        await asyncio.sleep(0.001)


def forget_writes() -> None:
    """Let go of what the in-memory Store's mock keeps of every write it was given.

    `mock_storage` patches `Store._async_write_data` with a mock that records each call,
    the data written included: a household of 1,000 people on 50 locks would keep every
    version of its lock records (gigabytes) that Home Assistant itself lets go.
    """
    write = storage.Store._async_write_data
    if hasattr(write, "reset_mock"):
        write.reset_mock()


def sent(runtime: Housekey) -> dict[str, int]:
    """Commands the sync engine sent to all locks together (its per-lock counters)."""
    syncs = runtime.locks.values()
    return {
        "writes": sum(s.counters.writes for s in syncs),
        "clears": sum(s.counters.clears for s in syncs),
        "reads": sum(s.counters.reads for s in syncs),
    }


async def household(
    hass: HomeAssistant, locks: int, name: str = "Bench", slots: int = DEFAULT_SLOTS
) -> MockConfigEntry:
    """Create and load a household of simulated locks of `slots` slots each."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=name,
        data={"name": name},
        options={"locks": [], "simulated_locks": locks, "pin_min": 6, "pin_max": 8},
    )
    entry.add_to_hass(hass)
    housekey_locks.SIMULATED_SLOTS = slots
    try:
        assert await hass.config_entries.async_setup(entry.entry_id)
    finally:
        housekey_locks.SIMULATED_SLOTS = DEFAULT_SLOTS
    await idle(entry.runtime_data)
    return entry


async def action(hass: HomeAssistant, service: str, data: dict[str, Any]) -> Any:
    """Call a Housekey action as an automation would."""
    response = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )
    forget_writes()
    return response


async def restart(hass: HomeAssistant, entry: MockConfigEntry, slots: int = DEFAULT_SLOTS) -> float:
    """Unload and load the household; return the seconds until every lock was idle again."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    housekey_locks.SIMULATED_SLOTS = slots
    start = time.perf_counter()
    try:
        assert await hass.config_entries.async_setup(entry.entry_id)
    finally:
        housekey_locks.SIMULATED_SLOTS = DEFAULT_SLOTS
    await idle(entry.runtime_data)
    return time.perf_counter() - start


async def with_hass[T](
    scenario: Callable[[HomeAssistant], Awaitable[T]], *, with_recorder: bool = False
) -> T:
    """Run one scenario in a fresh Home Assistant with in-memory storage.

    Its configuration directory is a temporary one: the audit journal writes there, and the
    recorder (when asked for) keeps its SQLite database there, as Home Assistant's default.
    """
    with mock_storage(), tempfile.TemporaryDirectory() as config:
        async with async_test_home_assistant(config_dir=config) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            try:
                if with_recorder:
                    recorder_helper.async_initialize_recorder(hass)
                    assert await async_setup_component(hass, recorder.DOMAIN, {recorder.DOMAIN: {}})
                    await recorder.get_instance(hass).async_recorder_ready.wait()
                return await scenario(hass)
            finally:
                await hass.async_stop(force=True)
