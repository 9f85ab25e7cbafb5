"""What an encrypted household export and import cost: scrypt, then 100 and 1,000 people.

Each size is added through the actions to a household of 10 simulated locks in a real Home
Assistant core, exported with `housekey.export_household`, and imported with
`housekey.import_household` into a second, empty household of the same instance (as onto a
fresh host). The times are the action calls' own, from call to response: the locks are
written by the sync afterwards, as after any change. Prints figures; it is not a test.
Run with `make bench`.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_test_home_assistant, mock_storage

import custom_components.housekey.locks as housekey_locks
from bench.harness import action, household, idle
from custom_components.housekey.core.household_file import DEFAULT_KDF, KdfParameters

PASSPHRASE = "bench lantern orchard 2026"
RUNS = 3


def scrypt_seconds(log2_n: int) -> float:
    """The median time of deriving one key at n = 2**log2_n, r = 8, p = 1."""
    kdf = KdfParameters(log2_n, 8, 1)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        kdf.derive(PASSPHRASE, os.urandom(16))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def round_trip(hass: HomeAssistant, people: int) -> dict[str, float]:
    """Export a household of `people`, then import it into an empty one, RUNS times."""
    housekey_locks.SIMULATED_SLOTS = max(10, people * 2)
    source = await household(hass, 10, "Bench")
    for i in range(people):
        await action(
            hass, "add_person", {"name": f"Person {i}", "config_entry_id": source.entry_id}
        )
    await idle(source.runtime_data)
    exports, imports, size = [], [], 0
    for run in range(RUNS):
        start = time.perf_counter()
        response = await action(
            hass, "export_household", {"passphrase": PASSPHRASE, "config_entry_id": source.entry_id}
        )
        exports.append(time.perf_counter() - start)
        size = Path(response["path"]).stat().st_size
        target = await household(hass, 10, f"Bench copy {run}")
        start = time.perf_counter()
        imported = await action(
            hass,
            "import_household",
            {
                "path": response["path"],
                "passphrase": PASSPHRASE,
                "config_entry_id": target.entry_id,
            },
        )
        imports.append(time.perf_counter() - start)
        assert imported == {"people": people}
        await idle(target.runtime_data)
        await hass.config_entries.async_unload(target.entry_id)
    return {
        "export_s": statistics.median(exports),
        "import_s": statistics.median(imports),
        "bytes": size,
    }


async def measure(people: int) -> dict[str, float]:
    with mock_storage(), tempfile.TemporaryDirectory() as config_dir:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            try:
                return await round_trip(hass, people)
            finally:
                for entry in hass.config_entries.async_entries("housekey"):
                    await hass.config_entries.async_unload(entry.entry_id)
                await hass.async_stop(force=True)
                housekey_locks.SIMULATED_SLOTS = 10


async def main() -> None:
    print("Household export and import (simulated locks, real Home Assistant core)\n")
    for log2_n in (15, 16, 17):
        mark = "  (what Housekey writes)" if log2_n == DEFAULT_KDF.log2_n else ""
        print(
            f"scrypt n=2**{log2_n}, r=8, p=1: {scrypt_seconds(log2_n) * 1000:.0f} ms, "
            f"{128 * 8 * 2**log2_n // 2**20} MiB{mark}"
        )
    sizes = [int(n) for n in sys.argv[1:]] or [100, 1000]
    print(f"\n{'people':>7} {'export (s)':>11} {'import (s)':>11} {'file (KiB)':>11}")
    for people in sizes:
        r = await measure(people)
        print(
            f"{people:>7} {r['export_s']:>11.2f} {r['import_s']:>11.2f} {r['bytes'] / 1024:>11.0f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
