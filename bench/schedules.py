"""Commands a lock schedule costs, on every stack whose locks hold schedules themselves.

For a weekly person (one window, Monday and Tuesday 08:00-12:00) on one lock: the
commands that put them on the lock, change their window (13:00-17:00), change it once
more after a restart (when the provider knows nothing of the lock yet), remove them,
and a restart with nothing changed (which must send nothing). Each is set against the
minimum: the fewest writes the stack's protocol allows for it, plus one read-back as
the stack reads a slot with its schedule. Counted on the lock's side, through a real
Home Assistant core:

- simulated: the schedule-capable keypad's own counters;
- Matter: Home Assistant's real matter integration on the fake Matter server
  (tests/providers/matter), its Door Lock holding 10 week-day and 10 year-day entries
  per user;
- ZHA: Home Assistant's real ZHA with zigpy and the simulated Yale YRD226
  (tests/providers/zha), 1 week-day and 1 year-day entry per user;
- Z-Wave JS: Home Assistant's real zwave_js on the real Z-Wave JS server and driver, with
  the zwave-js mock lock of tests/providers/zwave_js holding Schedule Entry Lock CC v3
  (7 week-day, 1 year-day and 2 daily-repeating slots per user); its User Code and
  Schedule Entry Lock commands are counted.

Prints figures; it is not a test. Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import patch

from aiohttp import ThreadedResolver

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from bench.harness import action, idle, with_hass
from custom_components.housekey.const import CONF_SIMULATED_SCHEDULES, DOMAIN
from custom_components.housekey.providers.simulated import SimulatedKeypad
from custom_components.housekey.providers.zha import ZhaProvider
from custom_components.housekey.sync import LockSync
from tests.providers.matter.conftest import LOCK as MATTER_LOCK
from tests.providers.matter.conftest import matter_entry
from tests.providers.matter.fake_matter_server import FakeMatterServer
from tests.providers.zha.zha_stack import zha_stack
from tests.providers.zwave_js.conftest import wait_for, zwave_js_entry
from tests.providers.zwave_js.harness import ZwaveStack

MORNINGS = [{"days": ["mon", "tue"], "start": "08:00", "end": "12:00"}]
AFTERNOONS = [{"days": ["mon", "tue"], "start": "13:00", "end": "17:00"}]
STEPS = ("put on", "change", "restart", "change after restart", "remove")


@dataclass(frozen=True)
class Count:
    """Commands the lock received for one step: writes and reads."""

    writes: int
    reads: int

    @property
    def total(self) -> int:
        """Return every command."""
        return self.writes + self.reads


#: a counter of the commands a lock received so far (asking the lock's side, or not)
type Counter = Callable[[], Count | Awaitable[Count]]


async def counted(counter: Counter) -> Count:
    """Return what a counter says now."""
    count = counter()
    return await count if inspect.isawaitable(count) else count


async def household(hass: HomeAssistant, locks: list[str], simulated: int = 0) -> MockConfigEntry:
    """Create and load a household whose locks hold schedules themselves."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Bench",
        data={"name": "Bench"},
        options={
            "locks": locks,
            "simulated_locks": simulated,
            "pin_min": 6,
            "pin_max": 8,
            CONF_SIMULATED_SCHEDULES: True,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await idle(entry.runtime_data)
    return entry


async def steps(hass: HomeAssistant, entry: MockConfigEntry, counter: Counter) -> dict[str, Count]:
    """Run the steps on a loaded household; return what each cost on the lock."""

    async def measured(step: Callable[[], Awaitable[Any]]) -> Count:
        before = await counted(counter)
        await step()
        await idle(entry.runtime_data)
        after = await counted(counter)
        return Count(after.writes - before.writes, after.reads - before.reads)

    async def restart() -> None:
        assert await hass.config_entries.async_unload(entry.entry_id)
        assert await hass.config_entries.async_setup(entry.entry_id)

    def update(weekly: list[dict[str, Any]]) -> Awaitable[Any]:
        return action(hass, "update_person", {"person": "Cleo", "weekly": weekly})

    person = {"name": "Cleo", "role": "service", "pin": "482913", "weekly": MORNINGS}
    return {
        "put on": await measured(lambda: action(hass, "add_person", person)),
        "change": await measured(lambda: update(AFTERNOONS)),
        "restart": await measured(restart),
        "change after restart": await measured(lambda: update(MORNINGS)),
        "remove": await measured(lambda: action(hass, "offboard_person", {"person": "Cleo"})),
    }


async def simulated(hass: HomeAssistant) -> dict[str, Count]:
    entry = await household(hass, [], simulated=1)
    pads: dict[int, SimulatedKeypad] = {}  # a restart makes new ones: count them all

    def counter() -> Count:
        for pad in entry.runtime_data.keypads.values():
            pads[id(pad)] = pad
        writes = sum(pad.counters.writes + pad.counters.clears for pad in pads.values())
        return Count(writes, sum(pad.counters.reads for pad in pads.values()))

    return await steps(hass, entry, counter)


def loopback_resolver() -> Any:
    """Resolve names without zeroconf while a stack's client session is made.

    Home Assistant's client sessions resolve names with zeroconf, which wants a multicast
    interface; the stacks are on loopback (the test plugin patches the same).
    """
    threaded = ThreadedResolver()
    threaded.real_close = threaded.close  # type: ignore[attr-defined]  # what HA closes
    return patch("homeassistant.helpers.aiohttp_client._async_make_resolver", return_value=threaded)


async def matter(hass: HomeAssistant) -> dict[str, Count]:
    server = FakeMatterServer()
    await server.start()
    try:
        with loopback_resolver():
            await matter_entry(hass, server.url)
        entry = await household(hass, [MATTER_LOCK])

        def counter() -> Count:
            writes = len(server.changes())
            return Count(writes, len(server.commands) - writes)

        return await steps(hass, entry, counter)
    finally:
        await server.stop()


async def zha(hass: HomeAssistant) -> dict[str, Count]:
    ZhaProvider.pacing = 0.0  # commands are counted here; their pacing is not
    LockSync.SCAN_PACING = 0.0
    async with zha_stack(hass) as stack:
        entry = await household(hass, [stack.entity_id])

        def counter() -> Count:
            names = [frame.name for frame in stack.lock.received]
            reads = sum(name.startswith(("get_", "Read")) for name in names)
            return Count(len(names) - reads, reads)

        return await steps(hass, entry, counter)


async def zwave_js(hass: HomeAssistant) -> dict[str, Count]:
    with tempfile.TemporaryDirectory() as tmp:
        stack = ZwaveStack(Path(tmp), ("--schedules", "3,7,1,2"))
        await stack.start()
        try:
            with loopback_resolver():
                await zwave_js_entry(hass, stack.url)
            await wait_for(  # the driver interviews the lock
                lambda: (state := hass.states.get("lock.node_2")) is not None
                and state.state != "unavailable",
                60,
            )
            entry = await household(hass, ["lock.node_2"])

            async def counter() -> Count:
                received = [r["command"] for r in await stack.received()]
                reads = sum(name.endswith("_get") for name in received)
                return Count(len(received) - reads, reads)

            return await steps(hass, entry, counter)
        finally:
            await stack.stop()


#: the fewest writes each step needs on the stack's protocol, and one read-back of the
#: slot as the stack reads it (Matter: GetCredentialStatus, GetUser and one Get per
#: entry index, 10 + 10; ZHA: Get PIN Code and one Get per week-day id, 1; Z-Wave JS:
#: User Code Get and one Get per daily-repeating id, 2)
MINIMUM = {
    "simulated": {"put on": (1, 1), "change": (1, 1), "remove": (1, 1)},
    "Matter": {"put on": (3, 22), "change": (1, 22), "remove": (1, 1)},
    "ZHA": {"put on": (2, 2), "change": (1, 2), "remove": (1, 1)},
    "Z-Wave JS": {"put on": (2, 3), "change": (1, 3), "remove": (1, 1)},
}


def row(stack: str, counts: dict[str, Count]) -> str:
    cells = []
    for step in STEPS:
        count = counts[step]
        cell = f"{count.total} ({count.writes} w)"
        if (minimum := MINIMUM[stack].get(step)) is not None:
            cell += f" / {sum(minimum)} ({minimum[0]} w)"
        cells.append(cell)
    return f"{stack:<10}" + "".join(f"{cell:>24}" for cell in cells)


async def main() -> None:
    print("Lock schedules: commands for a weekly person (one window, two days) on one lock")
    print("each: commands (writes) / minimum: fewest writes + one read-back\n")
    print(f"{'stack':<10}" + "".join(f"{step:>24}" for step in STEPS))
    for stack, scenario in (
        ("simulated", simulated),
        ("Matter", matter),
        ("ZHA", zha),
        ("Z-Wave JS", zwave_js),
    ):
        counts: dict[str, Count] = await with_hass(scenario)
        print(row(stack, counts))
        assert counts["restart"].total == 0, f"{stack}: a restart with nothing changed sent"


if __name__ == "__main__":
    asyncio.run(main())
