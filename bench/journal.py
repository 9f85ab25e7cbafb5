"""The audit journal's cost, through a real Home Assistant core, on the repository's disk.

Prints figures; it is not a test. Run with `make bench` (or `python bench/journal.py`).

- cost per record: the time `Journal.write` takes in the event loop (canonical JSON,
  SHA-256, one append), and its bytes on disk, for access records as doors report them;
- how many fsyncs a burst of records costs (they are batched in the executor);
- the size of 10,000 records;
- the time to verify 100,000 records (the whole chain, in the executor) and to export
  a period of 10,000 of them;
- the time the panel's Audit view waits for one page of those 100,000 records.

The journal is written under `.run/bench-journal` (ext4 here, so fsync is real; /tmp is
tmpfs in the chroot) and deleted afterwards.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant import loader
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
    mock_storage,
)

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.core.journal_query import RecordQuery
from custom_components.housekey.journal import ACCESS, Journal

ROOT = Path(__file__).resolve().parents[1] / ".run" / "bench-journal"


def access(n: int) -> dict[str, Any]:
    """An access record's fields as `audit.fire_access` gives them."""
    return {
        "household": "Bench House",
        "lock": "lock.front_door",
        "entity_id": "lock.front_door",
        "outcome": "granted" if n % 7 else "denied",
        "person_id": f"p{n % 40 + 1}",
        "person_name": f"Person {n % 40 + 1}",
        "role": "resident",
        "method": "keypad",
        "slot": n % 40 + 1,
        "user_id": None,
    }


#: the Audit view's pages timed: the newest, one person's, and a filter nothing matches (the
#: whole journal read)
PAGES = {
    "newest 50": RecordQuery(),
    "one person's newest 50": RecordQuery(person_id="p7"),
    "a filter matching nothing": RecordQuery(person_id="nobody"),
}


def size_of(journal: Journal) -> int:
    return sum(p.stat().st_size for p in journal.files.directory.glob("*.jsonl"))


class CountingSyncs:
    """Counts the fsync batches the journal runs (wraps its files' sync)."""

    def __init__(self, journal: Journal) -> None:
        self.count = 0
        original = journal.files.sync

        def sync(fd: int | None, head: Any) -> None:
            self.count += 1
            original(fd, head)

        journal.files.sync = sync


async def write(journal: Journal, count: int, *, burst: int = 100) -> list[float]:
    """Write `count` access records in bursts (the loop runs between bursts); time each write."""
    times: list[float] = []
    for start in range(0, count, burst):
        for n in range(start, min(start + burst, count)):
            began = time.perf_counter()
            journal.write(ACCESS, access(n))
            times.append(time.perf_counter() - began)
        await asyncio.sleep(0)
    await journal.async_flush()
    return times


async def bench() -> dict[str, str]:
    figures: dict[str, str] = {}
    shutil.rmtree(ROOT, ignore_errors=True)
    ROOT.mkdir(parents=True)
    with mock_storage():
        async with async_test_home_assistant(config_dir=str(ROOT)) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            entry = MockConfigEntry(
                domain=DOMAIN,
                title="Bench House",
                data={"name": "Bench House"},
                options={"locks": [], "simulated_locks": 1},
            )
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            journal: Journal = entry.runtime_data.journal
            await journal.async_flush()
            syncs = CountingSyncs(journal)
            before = size_of(journal)

            times = await write(journal, 10_000)
            written = size_of(journal) - before
            figures["write per record (median / p99)"] = (
                f"{statistics.median(times) * 1e6:.1f} µs / "
                f"{sorted(times)[int(len(times) * 0.99)] * 1e6:.1f} µs"
            )
            figures["bytes per access record"] = f"{written / 10_000:.0f}"
            figures["size of 10,000 records"] = f"{written / 1e6:.2f} MB"
            figures["fsyncs for 10,000 records (bursts of 100)"] = str(syncs.count)

            syncs.count = 0
            began = time.perf_counter()
            for n in range(200):
                journal.write(ACCESS, access(n))
                await journal.async_flush()
            one_by_one = (time.perf_counter() - began) / 200
            figures["a record written and fsynced alone"] = f"{one_by_one * 1e3:.2f} ms"

            await write(journal, 100_000 - 10_200)
            verify_times = []
            for _ in range(3):
                began = time.perf_counter()
                verdict = await journal.async_verify()
                verify_times.append(time.perf_counter() - began)
                assert verdict.ok, verdict
            figures["verify 100,000 records (median of 3)"] = (
                f"{statistics.median(verify_times):.2f} s ({verdict.records:,} records, "
                f"{len(list(journal.files.segments()))} segments, {size_of(journal) / 1e6:.1f} MB)"
            )

            for name, query in PAGES.items():
                took = []
                for _ in range(3):
                    began = time.perf_counter()
                    page = await journal.async_page(query)
                    took.append(time.perf_counter() - began)
                figures[f"Audit view page of 100,000: {name} (median of 3)"] = (
                    f"{statistics.median(took) * 1e3:.0f} ms ({len(page.records)} records)"
                )

            now = dt_util.utcnow()
            began = time.perf_counter()
            export = await journal.async_export(now - timedelta(days=1), now + timedelta(days=1))
            figures["select a period of every record (export, before writing)"] = (
                f"{time.perf_counter() - began:.2f} s ({export.checkpoint.records:,} records)"
            )
            await hass.async_stop(force=True)
    shutil.rmtree(ROOT, ignore_errors=True)
    return figures


def main() -> None:
    figures = asyncio.run(bench())
    print("Audit journal (bench/journal.py)")
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
