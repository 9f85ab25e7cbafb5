"""Guests from a calendar: the cost of reading a calendar of 500 events, through a real
Home Assistant core with its real local calendar.

Prints figures; it is not a test. Run with `make bench` (or `python bench/calendar_guests.py`).

The calendar holds 500 bookings, one every 17 hours over the coming year (the first under
way), each 8 hours long, none overlapping (the simulated locks have 10 slots); the
household creates people 365 days ahead, so the first reading makes every one of them a
person. Figures:
- the first reading (500 people created, each through the household's ordinary add, with
  its Store write and its record) and the lock commands that sent (only the guest whose
  window is open has a code on the locks: the others are written when theirs opens);
- a reading with nothing changed (what every later calendar write or timer costs);
- the calendar follower's Store size for 500 links.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncio
import json
import socket
import statistics
import tempfile
import time
from datetime import timedelta

from homeassistant import loader
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_test_home_assistant,
    mock_storage,
)

from custom_components.housekey.const import CONF_AHEAD_DAYS, CONF_CALENDARS, DOMAIN
from custom_components.housekey.runtime import Housekey

EVENTS = 500
EVERY = timedelta(hours=17)
LASTS = timedelta(hours=8)
CALENDAR = "calendar.bench_bookings"


def ics(count: int) -> str:
    """A calendar file of `count` bookings, the first begun an hour ago (UTC, one uid each)."""
    first = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    stamp = dt_util.utcnow().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Housekey bench//EN"]
    for n in range(count):
        start = first + n * EVERY
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@housekey.test",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTEND:{(start + LASTS).strftime('%Y%m%dT%H%M%SZ')}",
            f"SUMMARY:Booking {n}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def settled(runtime: Housekey) -> None:
    """Wait until the calendar follower and every lock's queue are idle."""
    while True:
        await runtime.hass.async_block_till_done()
        await runtime.calendar.async_idle()
        if not any(s.working for s in runtime.locks.values()):
            return
        await asyncio.sleep(0.001)


async def scenario(hass: HomeAssistant, config: Path) -> dict[str, str]:
    figures: dict[str, str] = {}
    http = {"server_host": "127.0.0.1", "server_port": free_port()}
    assert await async_setup_component(hass, "http", {"http": http})
    storage = config / ".storage"
    storage.mkdir(exist_ok=True)
    (storage / "local_calendar.bench_bookings.ics").write_text(ics(EVENTS))
    calendar = MockConfigEntry(
        domain="local_calendar",
        data={"calendar_name": "Bench bookings", "storage_key": "bench_bookings"},
    )
    calendar.add_to_hass(hass)
    assert await hass.config_entries.async_setup(calendar.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(CALENDAR) is not None

    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Bench",
        data={"name": "Bench"},
        options={
            "locks": [],
            "simulated_locks": 2,
            "pin_min": 6,
            "pin_max": 8,
            CONF_CALENDARS: [CALENDAR],
            CONF_AHEAD_DAYS: 365,
        },
    )
    entry.add_to_hass(hass)
    began = time.perf_counter()
    assert await hass.config_entries.async_setup(entry.entry_id)
    runtime: Housekey = entry.runtime_data
    await settled(runtime)
    took = time.perf_counter() - began
    first = dict(runtime.calendar.last)
    syncs = runtime.locks.values()
    commands = sum(s.counters.writes + s.counters.clears for s in syncs)
    reads = sum(s.counters.reads for s in syncs)
    people = len(runtime.household.current())
    figures[f"first reading of {EVENTS} events"] = (
        f"{first['duration_ms'] / 1000:.2f} s in the reading, {took:.2f} s from setup to"
        f" settled; {first['created']} people created, {people} current"
    )
    figures["lock commands the first reading caused (2 locks)"] = (
        f"{commands} writes and clears, {reads} reads"
    )

    times = []
    for _ in range(5):
        began = time.perf_counter()
        await runtime.calendar.async_reconcile()
        times.append(time.perf_counter() - began)
    after = runtime.calendar.last
    assert after["created"] == after["updated"] == after["ended"] == 0, after
    figures[f"reading of {EVENTS} events, nothing changed (median of 5)"] = (
        f"{statistics.median(times) * 1e3:.0f} ms (fastest {min(times) * 1e3:.0f} ms),"
        f" 0 people changed"
    )
    links = json.dumps({"links": runtime.calendar.links})
    figures[f"the follower's links for {first['created']} people (Store data)"] = (
        f"{len(links.encode()):,} bytes"
    )
    return figures


async def bench() -> dict[str, str]:
    with mock_storage(), tempfile.TemporaryDirectory() as config:
        async with async_test_home_assistant(config_dir=config) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            try:
                return await scenario(hass, Path(config))
            finally:
                await hass.async_stop(force=True)


def main() -> None:
    figures = asyncio.run(bench())
    print("Guests from a calendar (bench/calendar_guests.py)")
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
