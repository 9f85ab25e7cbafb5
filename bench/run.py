"""A brute-force burst at a simulated keypad, through a real Home Assistant core.

The figures side by side with the polling model are `bench/performance.py`'s. Prints figures;
it is not a test. Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from bench.harness import household, with_hass


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


async def main() -> None:
    print("Housekey benchmarks (simulated locks, real Home Assistant core)\n")
    burst = await with_hass(brute_force_burst)
    print(
        f"2,000 wrong codes at one simulated keypad: {burst['seconds']:.2f} s, "
        f"{burst['alerts']:.0f} brute_force alert, {burst['locked_out']:.0f} refused by the "
        f"lockout, Store grew {burst['store_growth']:.0f} bytes"
    )


if __name__ == "__main__":
    asyncio.run(main())
