"""Z-Wave JS: commands per change and time to a verified change, on the real stack.

Starts the real Z-Wave stack (zwave-js mock lock, real driver, real @zwave-js/server), connects
a zwave-js-server-python client as Home Assistant's zwave_js does, and runs Housekey's
real ZwaveJsProvider against the node: write a PIN, clear it, N times, each verified as
the sync engine verifies it (a read-back unless the lock confirmed by Supervision; the
engine's pacing between the two is left out). The lock side counts the Z-Wave commands
it received. Run from the repository root:

    .venv/bin/python bench/zwave_js.py [rounds]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
from zwave_js_server.client import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.housekey.providers import zwave_js as provider_module
from custom_components.housekey.providers.base import SlotState, WriteResult
from tests.providers.zwave_js.harness import LOCK_NODE_ID, ZwaveStack


async def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stack = ZwaveStack(Path(tmp))
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
                provider = provider_module.ZwaveJsProvider(hass, "lock.bench")
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
                await client.disconnect()
                listener.cancel()
        finally:
            await stack.stop()

    per_change = sum(frames.values()) / (2 * rounds)
    print(f"rounds: {rounds} (one write + one clear each)")
    print(f"Z-Wave commands received by the lock: {frames} -> {per_change:.1f} per change")
    for name, samples in (("write", writes), ("clear", clears)):
        print(
            f"time to verified {name}: median {statistics.median(samples) * 1000:.0f} ms, "
            f"max {max(samples) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
