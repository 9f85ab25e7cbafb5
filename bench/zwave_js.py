"""Z-Wave JS: commands per change and time to a verified change, on the real stack.

Starts the real Z-Wave stack (zwave-js mock lock, real driver, real @zwave-js/server), connects
a zwave-js-server-python client as Home Assistant's zwave_js does, and runs Housekey's
real ZwaveJsProvider against the node: write a PIN, clear it, N times, each verified as
the sync engine verifies it (a read-back unless the lock confirmed by Supervision; the
engine's pacing between the two is left out). Then, on locks with Schedule Entry Lock CC
(v3 with daily-repeating slots, and v2 without), a weekly person (one window on two days)
is written and read back. The lock side counts the Z-Wave commands it received. Run from
the repository root:

    .venv/bin/python bench/zwave_js.py [rounds]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import time as wall_time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
from zwave_js_server.client import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.housekey.core.lock_schedule import LockSchedule, WeekDayEntry
from custom_components.housekey.providers import zwave_js as provider_module
from custom_components.housekey.providers.base import SlotState, WriteResult
from tests.providers.zwave_js.harness import LOCK_NODE_ID, ZwaveStack

#: one window on two days: Mondays and Tuesdays 08:00-12:00
WEEKLY = LockSchedule((WeekDayEntry(frozenset({0, 1}), wall_time(8), wall_time(12)),))


@asynccontextmanager
async def provider_on(
    lock_args: tuple[str, ...] = (),
) -> AsyncIterator[tuple[ZwaveStack, provider_module.ZwaveJsProvider]]:
    """The real stack with the mock lock `lock_args` make, and the provider on its node."""
    with tempfile.TemporaryDirectory() as tmp:
        stack = ZwaveStack(Path(tmp), lock_args)
        started = time.monotonic()
        await stack.start()
        try:
            async with aiohttp.ClientSession() as session:
                client = Client(stack.url, session)
                await client.connect()
                ready = asyncio.Event()
                listener = asyncio.create_task(client.listen(ready))
                await ready.wait()
                assert client.driver is not None
                node = client.driver.controller.nodes[LOCK_NODE_ID]
                for _ in range(1200):  # the interview takes a few seconds
                    if node.ready:
                        break
                    await asyncio.sleep(0.05)
                print(f"stack up and lock interviewed in {time.monotonic() - started:.1f} s")
                # the real provider, with Home Assistant's lookup replaced by this node
                provider_module.zwave_node = lambda _hass, _entity: node  # type: ignore[assignment]
                hass: Any = SimpleNamespace(services=SimpleNamespace(has_service=lambda *_: False))
                yield stack, provider_module.ZwaveJsProvider(hass, "lock.bench")
                await client.disconnect()
                listener.cancel()
        finally:
            await stack.stop()


async def pins(rounds: int) -> None:
    """Write and clear a PIN `rounds` times, each verified; count commands, time them."""
    async with provider_on() as (stack, provider):
        caps = await provider.async_capabilities()
        print(f"capabilities: {caps}")
        writes: list[float] = []
        clears: list[float] = []
        await stack.lock("reset_frames")
        for i in range(rounds):
            slot = 1 + i % caps.slots
            code = f"{246810 + i}"
            t0 = time.monotonic()
            if await provider.async_write_code(slot, code) is WriteResult.SENT:
                assert (await provider.async_read_slot(slot)).code == code
            writes.append(time.monotonic() - t0)
            t0 = time.monotonic()
            if await provider.async_clear_code(slot) is WriteResult.SENT:
                read = await provider.async_read_slot(slot)
                assert read.state is SlotState.EMPTY
            clears.append(time.monotonic() - t0)
        frames = await stack.frames()

    per_change = sum(frames.values()) / (2 * rounds)
    print(f"rounds: {rounds} (one write + one clear each)")
    print(f"Z-Wave commands received by the lock: {frames} -> {per_change:.1f} per change")
    for name, samples in (("write", writes), ("clear", clears)):
        print(
            f"time to verified {name}: median {statistics.median(samples) * 1000:.0f} ms, "
            f"max {max(samples) * 1000:.0f} ms"
        )


async def weekly_person(version: int, daily_repeating: int, minimum: int) -> None:
    """Put a weekly person on a fresh Schedule Entry Lock lock, verified; count commands."""
    async with provider_on(("--schedules", f"{version},7,1,{daily_repeating}")) as (
        stack,
        provider,
    ):
        await provider.async_capabilities()
        await stack.lock("reset_frames")
        t0 = time.monotonic()
        if await provider.async_write_code(1, "482913", WEEKLY) is WriteResult.SENT:
            assert (await provider.async_read_slot(1)).schedule == WEEKLY
        took = time.monotonic() - t0
        received = await stack.received()
    reads = sum(r["command"].endswith("_get") for r in received)
    print(
        f"weekly person (one window, two days) on a Schedule Entry Lock v{version} lock "
        f"(7 week-day, {daily_repeating} daily-repeating slots): "
        f"{len(received) - reads} writes + {reads} reads (minimum: {minimum} writes), "
        f"verified in {took * 1000:.0f} ms: {[r['command'] for r in received]}"
    )


async def main(rounds: int) -> None:
    await pins(rounds)
    await weekly_person(3, 2, minimum=2)  # the code and one daily-repeating entry
    await weekly_person(2, 0, minimum=3)  # the code and one week-day entry per day


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
