"""Matter: commands per change, and time per change over the websocket.

Starts the fake Matter server of the real-stack tests (python-matter-server's websocket
protocol, a Door Lock with 1-based users and PIN credentials), connects the real
python-matter-server client as Home Assistant's matter integration does, and runs
Housekey's real MatterProvider against the node: add a PIN, change it, clear it,
N times, plus a full read of the slots. The server counts the Door Lock commands it
received. The Matter radio itself is not in the loop, so the times are the cost of
Housekey, the client and the wire format alone. Run from the repository root:

    .venv/bin/python bench/matter.py [rounds]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
from matter_server.client import MatterClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from custom_components.housekey.providers import matter as provider_module
from tests.providers.matter.fake_matter_server import FakeMatterServer

LOCK = "lock.bench"


async def main(rounds: int) -> None:
    server = FakeMatterServer()
    await server.start()
    try:
        async with aiohttp.ClientSession() as session:
            client = MatterClient(server.url, session)
            await client.connect()
            ready = asyncio.Event()
            listener = asyncio.create_task(client.start_listening(ready))
            await ready.wait()
            target = provider_module.MatterTarget(client, client.get_node(server.node_id), 1)
            # the bench has no Home Assistant: hand the provider its target directly
            provider_module.async_get_matter_target = lambda _hass, _entity: target
            hass: Any = SimpleNamespace(services=SimpleNamespace(has_service=lambda *_: False))
            provider = provider_module.MatterProvider(hass, LOCK)

            figures: dict[str, list[int]] = {"add": [], "set_pin": [], "clear": []}
            times: dict[str, list[float]] = {k: [] for k in figures}
            sequence: dict[str, str] = {}

            async def measure(name: str, change: Any, slot: int) -> None:
                before = len(server.commands)
                started = time.perf_counter()
                await change
                await provider.async_read_slot(slot)  # the sync engine's verification
                times[name].append((time.perf_counter() - started) * 1000)
                sent = server.commands[before:]
                figures[name].append(len(sent))
                sequence[name] = ", ".join(
                    c.name + (" (timed)" if c.timed_request_timeout_ms else "") for c in sent
                )

            for n in range(rounds):
                slot = n % 10 + 1
                await measure("add", provider.async_write_code(slot, f"{482900 + n:06d}"), slot)
                await measure("set_pin", provider.async_write_code(slot, f"{739100 + n:06d}"), slot)
                await measure("clear", provider.async_clear_code(slot), slot)

            for occupied in (0, 3, 10):
                for slot in range(1, occupied + 1):
                    await provider.async_write_code(slot, f"{615200 + slot:06d}")
                before = len(server.commands)
                await provider.async_read_slots(range(1, 11))
                print(
                    f"full read of 10 slots, {occupied:2d} occupied: "
                    f"{len(server.commands) - before} commands"
                )
                for slot in range(1, occupied + 1):
                    await provider.async_clear_code(slot)

            print(f"{rounds} rounds; commands include the verification read")
            for name, counts in figures.items():
                print(
                    f"{name:8s} {statistics.mean(counts):.1f} commands, "
                    f"median {statistics.median(times[name]):.1f} ms per verified change: "
                    f"{sequence[name]}"
                )
            listener.cancel()
            await client.disconnect()
    finally:
        await server.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
