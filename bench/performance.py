"""Housekey side by side with the polling baseline, on one scenario, in one process.

Every figure is measured on Housekey and on `bench/baseline.py`'s polling manager in the same
real Home Assistant test instance, on simulated keypads of the same slot counts, radio latency
and networks, and printed as Housekey / baseline / ratio. The table goes to
`docs/benchmarks.md`, the plots to `docs/*.png`. Prints figures; it is not a test. Run with
`make bench` (or `python bench/performance.py`).
"""

from __future__ import annotations

import asyncio
import gc
import math
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt
from homeassistant.components import recorder
from homeassistant.components.recorder.db_schema import Events, EventTypes
from homeassistant.components.recorder.util import session_scope
from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from bench.baseline import EVENT as BASELINE_EVENT
from bench.baseline import INTERVAL, PollingManager
from bench.harness import (
    Change,
    Scenario,
    action,
    commands,
    generate,
    household,
    idle,
    radio,
    restart,
    with_hass,
)
from custom_components.housekey.const import EVENT_ACCESS
from custom_components.housekey.records import SyncState

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: a responsive Z-Wave or Zigbee lock: seconds of radio time per command
LATENCY = 0.05
#: a household's radio networks (Z-Wave, Zigbee, Thread): locks go round-robin onto them
NETWORKS = 3
#: lock reports the access pipeline is fed
REPORTS = 2000


# ---- the table ---------------------------------------------------------------------------


@dataclass
class Table:
    """Figures as Housekey / baseline / ratio, printed as they come and kept for the file."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, figure: str, housekey: float, baseline: float, unit: str = "") -> None:
        """Add a figure; the ratio is Housekey's value over the baseline's."""
        ratio = "—" if baseline == 0 else ratio_text(housekey / baseline)
        row = (figure, number(housekey, unit), number(baseline, unit), ratio)
        self.rows.append(row)
        print(f"{figure}: {row[1]} / {row[2]} / {row[3]}", flush=True)

    def markdown(self) -> str:
        """Return the table in Markdown."""
        lines = [
            "| figure | Housekey | polling baseline | Housekey ÷ baseline |",
            "|---|---|---|---|",
        ]
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return "\n".join(lines)


def number(value: float, unit: str) -> str:
    """Format a figure: whole numbers with thousands separators, else three significant digits."""
    if value == 0 or (value == int(value) and abs(value) >= 1):
        text = f"{int(value):,}"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def ratio_text(ratio: float) -> str:
    """Format a ratio: 0, or 1/n below one, or n."""
    if ratio == 0:
        return "0"
    if ratio < 1:
        return f"1/{1 / ratio:,.0f}" if 1 / ratio >= 10 else f"1/{1 / ratio:.2g}"
    return f"{ratio:.3g}"


# ---- the two managers on one scenario ----------------------------------------------------


@dataclass
class Pair:
    """Housekey's household and the baseline on the same scenario, in one Home Assistant."""

    hass: HomeAssistant
    scenario: Scenario
    entry: MockConfigEntry
    baseline: PollingManager

    @property
    def pads(self) -> list[Any]:
        """Return Housekey's simulated keypads (new objects after each restart)."""
        return list(self.entry.runtime_data.keypads.values())

    async def apply(self, change: Change, *, settle: bool = True) -> None:
        """Make one change through Housekey's action and in the baseline's slot entities.

        `settle`: wait until every lock has it (else the next change may join it in the
        locks' queues, as changes made in a row do).
        """
        if change.kind == "add":
            response = await action(self.hass, "add_person", {"name": change.person})
            self.baseline.add(change.person, response["pin"])
        elif change.kind == "set_pin":
            response = await action(self.hass, "set_pin", {"person": change.person})
            self.baseline.set_pin(change.person, response["pin"])
        else:
            await action(self.hass, "offboard_person", {"person": change.person})
            self.baseline.remove(change.person)
        if settle:
            await idle(self.entry.runtime_data)


async def pair(
    hass: HomeAssistant, scenario: Scenario, *, states: bool = True, in_a_row: bool = False
) -> Pair:
    """Load both managers with the scenario's people, at zero latency, and sync them.

    `states`: the baseline keeps its slot entities' states (without them it counts them only).
    `in_a_row`: add everyone one action after the other and wait for the locks once (as a
    script filling a household would), not for every person.
    """
    entry = await household(hass, scenario.locks, slots=scenario.slots)
    baseline = PollingManager(hass, scenario, states=states)
    baseline.create_entities()
    both = Pair(hass, scenario, entry, baseline)
    for name in scenario.names():
        await both.apply(Change(0, "add", name), settle=not in_a_row)
    await idle(entry.runtime_data)
    await baseline.poll()
    return both


# ---- the figures -------------------------------------------------------------------------


async def entities(table: Table, people: int, locks: int) -> None:
    async def run(hass: HomeAssistant) -> tuple[int, int]:
        both = await pair(hass, generate(people, locks))
        registry = er.async_get(hass)
        ours = er.async_entries_for_config_entry(registry, both.entry.entry_id)
        # The simulated lock entities are the hardware's, not the manager's.
        return sum(e.domain != "lock" for e in ours), both.baseline.entities

    housekey, baseline = await with_hass(run)
    budget = people + 3 * locks + 2
    table.add(f"entities, {people} people x {locks} locks (budget {budget})", housekey, baseline)
    assert housekey <= budget, f"{housekey} entities, over the budget of {budget}"


async def commands_per_change(table: Table) -> None:
    """One change of each kind, then an idle hour, then a restart with nothing changed."""
    locks = 3

    async def run(hass: HomeAssistant) -> dict[str, tuple[int, int]]:
        both = await pair(hass, generate(10, locks, slots=20))
        counts: dict[str, tuple[int, int]] = {}
        for change in (
            Change(0, "add", "Guest"),
            Change(0, "set_pin", "Person 3"),
            Change(0, "offboard", "Person 5"),
        ):
            ours, theirs = commands(both.pads), commands(both.baseline.pads)
            await both.apply(change)
            await both.baseline.poll()  # the poll that carries the change to the locks
            counts[change.kind] = (
                commands(both.pads) - ours,
                commands(both.baseline.pads) - theirs,
            )
        ours, theirs = commands(both.pads), commands(both.baseline.pads)
        start = dt_util.utcnow()
        for minute in range(1, 61):
            async_fire_time_changed(hass, start + timedelta(minutes=minute))
            await idle(both.entry.runtime_data)
            await both.baseline.poll()
        counts["idle"] = (commands(both.pads) - ours, commands(both.baseline.pads) - theirs)
        theirs = commands(both.baseline.pads)
        await restart(hass, both.entry, slots=both.scenario.slots)
        await both.baseline.poll()  # a polling manager's start is a poll
        counts["restart"] = (commands(both.pads), commands(both.baseline.pads) - theirs)
        return counts

    counts = await with_hass(run)
    names = {"add": "adding a person", "set_pin": "a PIN change", "offboard": "an offboarding"}
    for kind, name in names.items():
        ours, theirs = counts[kind]
        table.add(
            f"commands for {name} on {locks} locks (minimum {locks}, at most {2 * locks})",
            ours,
            theirs,
        )
        assert locks <= ours <= 2 * locks, f"{name}: {ours} commands"
    table.add(f"commands per idle hour, {locks} locks", *counts["idle"])
    table.add("commands on a restart with nothing changed", *counts["restart"])
    assert counts["idle"][0] == 0
    assert counts["restart"][0] == 0


async def offboarding(table: Table, sizes: tuple[int, ...]) -> dict[int, tuple[float, float]]:
    """Offboarding on M locks at LATENCY per command, the locks on NETWORKS networks."""
    results: dict[int, tuple[float, float]] = {}
    for locks in sizes:

        async def run(hass: HomeAssistant, locks: int = locks) -> tuple[float, float]:
            scenario = generate(5, locks, latency=LATENCY, networks=NETWORKS)
            both = await pair(hass, scenario)
            radio(both.pads, scenario)
            both.baseline.radio(scenario)
            start = time.perf_counter()
            response = await action(hass, "offboard_person", {"person": "Person 0"})
            ours = time.perf_counter() - start
            assert set(response["locks"].values()) == {"removed"}
            both.baseline.remove("Person 0")
            # The change waits for the next poll (half a minute on average), which writes it.
            theirs = INTERVAL / 2 + await both.baseline.poll()
            return ours, theirs

        results[locks] = await with_hass(run)
    single = results[sizes[0]][0]
    for locks, (ours, theirs) in results.items():
        turns = math.ceil(locks / NETWORKS)
        table.add(
            f"offboarding verified on {locks} locks ({NETWORKS} networks, "
            f"{LATENCY * 1000:.0f} ms per command); x{ours / single:.2f} the single lock's "
            f"{single * 1000:.0f} ms (serial per network: x{turns})",
            ours,
            theirs,
            "s",
        )
        assert ours / single < turns * 1.5, f"{locks} locks took x{ours / single:.2f}"
    return results


@dataclass
class Cost:
    seconds: float
    peak_mib: float


async def setup_cost(people: int, locks: int) -> tuple[Cost, Cost]:
    """Time to set up a household (load, add everyone, every lock written) and its peak memory.

    Timed in one run and traced (tracemalloc) in another: tracing slows everything down.
    """

    async def run(hass: HomeAssistant, trace: bool) -> tuple[Cost, Cost]:
        scenario = generate(people, locks)

        async def housekey() -> None:
            entry = await household(hass, locks, slots=scenario.slots)
            for name in scenario.names():
                await action(hass, "add_person", {"name": name})
            await idle(entry.runtime_data)

        async def baseline() -> None:
            manager = PollingManager(hass, scenario)
            manager.create_entities()
            for n, name in enumerate(scenario.names()):
                manager.add(name, f"{n:06d}")
            await manager.poll()

        costs = []
        for step in (housekey, baseline):
            gc.collect()
            if trace:
                tracemalloc.start()
            start = time.perf_counter()
            await step()
            seconds = time.perf_counter() - start
            peak = 0.0
            if trace:
                peak = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            costs.append(Cost(seconds, peak))
        return costs[0], costs[1]

    timed = await with_hass(lambda hass: run(hass, False))
    traced = await with_hass(lambda hass: run(hass, True))
    return (
        Cost(timed[0].seconds, traced[0].peak_mib),
        Cost(timed[1].seconds, traced[1].peak_mib),
    )


async def growth(
    table: Table, label: str, sizes: list[tuple[int, int]], key: Callable[[tuple[int, int]], int]
) -> dict[int, tuple[Cost, Cost]]:
    """Setup cost over growing sizes, with each step's growth ratio beside the size's."""
    results = {key(size): await setup_cost(*size) for size in sizes}
    previous: tuple[int, tuple[Cost, Cost]] | None = None
    for (people, locks), (n, (ours, theirs)) in zip(sizes, results.items(), strict=True):
        grown = ""
        if previous is not None:
            before, (was, _) = previous
            grown = (
                f"; x{n / before:.0f} {label}: time x{ours.seconds / was.seconds:.1f}, "
                f"memory x{ours.peak_mib / was.peak_mib:.1f}"
            )
        table.add(
            f"setup time, {people} people x {locks} locks{grown}", ours.seconds, theirs.seconds, "s"
        )
        table.add(
            f"setup peak memory, {people} people x {locks} locks",
            ours.peak_mib,
            theirs.peak_mib,
            "MiB",
        )
        previous = (n, (ours, theirs))
    return results


async def access_pipeline(table: Table) -> None:
    """Lock reports through to the access event and the recorder's database."""

    async def run(hass: HomeAssistant) -> tuple[tuple[float, float], tuple[float, float]]:
        scenario = generate(1, 1)
        entry = await household(hass, 1, slots=scenario.slots)
        pin = "482913"
        await action(hass, "add_person", {"name": "Person 0", "pin": pin})
        await idle(entry.runtime_data)
        baseline = PollingManager(hass, scenario)
        baseline.create_entities()
        baseline.add("Person 0", pin)
        await baseline.poll()
        baseline.listen()
        pad = next(iter(entry.runtime_data.keypads.values()))
        ours = await reports_per_second(hass, EVENT_ACCESS, lambda: pad.enter_code(pin))
        theirs = await reports_per_second(
            hass, BASELINE_EVENT, lambda: baseline.pads[0].enter_code(pin)
        )
        return ours, theirs

    (ours_event, ours_db), (theirs_event, theirs_db) = await with_hass(run, with_recorder=True)
    table.add(
        f"lock reports per second to the access event ({REPORTS:,} openings)",
        ours_event,
        theirs_event,
    )
    table.add("lock reports per second to the recorder's database", ours_db, theirs_db)


async def reports_per_second(
    hass: HomeAssistant, event_type: str, open_door: Callable[[], object]
) -> tuple[float, float]:
    """Open a door REPORTS times at its keypad; return the rates to the event and to the DB."""
    seen = 0

    @callback
    def heard(_event: Event) -> None:
        nonlocal seen
        seen += 1

    unsub = hass.bus.async_listen(event_type, heard)
    start = time.perf_counter()
    for n in range(REPORTS):
        open_door()
        if n % 20 == 0:
            await asyncio.sleep(0)  # a radio's reports arrive one after another, not at once
    while seen < REPORTS:
        await hass.async_block_till_done()
        await asyncio.sleep(0)
    to_event = time.perf_counter() - start
    instance = recorder.get_instance(hass)
    await instance.async_block_till_done()

    def rows() -> int:
        with session_scope(hass=hass, read_only=True) as session:
            query = session.query(Events).join(
                EventTypes, Events.event_type_id == EventTypes.event_type_id
            )
            return int(query.filter(EventTypes.event_type == event_type).count())

    while (stored := await instance.async_add_executor_job(rows)) < REPORTS:
        await instance.async_block_till_done()
    to_db = time.perf_counter() - start
    unsub()
    assert stored == REPORTS
    return REPORTS / to_event, REPORTS / to_db


async def restart_at_scale(table: Table, people: int, locks: int) -> None:
    """A restart with nothing changed, 1,000 people and 50 locks: time until all are in sync."""

    async def run(hass: HomeAssistant) -> dict[str, float]:
        scenario = generate(people, locks)
        # 250,000 slot entities would be the baseline's: counted, not kept. The household is
        # filled in a row: the restart is the figure, the setup's growth is measured above.
        both = await pair(hass, scenario, states=False, in_a_row=True)
        theirs = commands(both.baseline.pads)
        seconds = await restart(hass, both.entry, slots=scenario.slots)
        runtime = both.entry.runtime_data
        assert all(s.state is SyncState.IN_SYNC for s in runtime.locks.values())
        poll = await both.baseline.poll()
        return {
            "seconds": seconds,
            "commands": commands(both.pads),
            "baseline_seconds": poll,
            "baseline_commands": commands(both.baseline.pads) - theirs,
        }

    r = await with_hass(run)
    where = f"{people:,} people x {locks} locks"
    table.add(
        f"restart with nothing changed, {where}: time until every lock is known in sync",
        r["seconds"],
        r["baseline_seconds"],
        "s",
    )
    table.add(
        f"restart with nothing changed, {where}: commands sent",
        r["commands"],
        r["baseline_commands"],
    )
    radio_time = r["baseline_commands"] * LATENCY / NETWORKS
    table.add(
        f"the same restart's radio time ({LATENCY * 1000:.0f} ms per command, {NETWORKS} networks)",
        r["commands"] * LATENCY / NETWORKS,
        radio_time,
        "s",
    )
    assert r["commands"] == 0


async def simulated_day() -> tuple[list[int], list[int], Scenario]:
    """Commands per hour over a day of changes, 10 people on 3 locks of 30 slots."""
    scenario = generate(10, 3, slots=30, changes=24)

    async def run(hass: HomeAssistant) -> tuple[list[int], list[int]]:
        both = await pair(hass, scenario)
        ours, theirs = [0] * 24, [0] * 24
        due = list(scenario.changes)
        start = dt_util.utcnow()
        for minute in range(24 * 60):
            before = commands(both.pads), commands(both.baseline.pads)
            async_fire_time_changed(hass, start + timedelta(minutes=minute))
            while due and due[0].minute == minute:
                await both.apply(due.pop(0))
            await idle(both.entry.runtime_data)
            await both.baseline.poll()
            ours[minute // 60] += commands(both.pads) - before[0]
            theirs[minute // 60] += commands(both.baseline.pads) - before[1]
        return ours, theirs

    ours, theirs = await with_hass(run)
    return ours, theirs, scenario


# ---- the plots ---------------------------------------------------------------------------


def plot_day(ours: list[int], theirs: list[int], scenario: Scenario) -> Path:
    fig, ax = plt.subplots(figsize=(8, 4))
    hours = list(range(24))
    ax.bar([h - 0.2 for h in hours], theirs, width=0.4, label="polling baseline", color="#c0504d")
    ax.bar([h + 0.2 for h in hours], ours, width=0.4, label="Housekey", color="#4f81bd")
    ax.set_yscale("symlog", linthresh=10)
    ax.set_xlabel("hour of the simulated day")
    ax.set_ylabel("lock commands in the hour")
    ax.set_title(
        f"Commands per hour: {scenario.people} people, {scenario.locks} locks of "
        f"{scenario.slots} slots, {len(scenario.changes)} changes"
    )
    ax.set_xticks(hours)
    ax.legend()
    return save(fig, "bench-commands-per-hour.png")


def plot_setup(results: dict[int, tuple[Cost, Cost]], locks: int) -> Path:
    fig, ax = plt.subplots(figsize=(6, 4))
    people = list(results)
    ax.plot(people, [r[0].seconds for r in results.values()], "o-", label="Housekey")
    ax.plot(people, [r[1].seconds for r in results.values()], "s--", label="polling baseline")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("people")
    ax.set_ylabel("setup time (s)")
    ax.set_title(f"Setup time against people ({locks} locks)")
    ax.legend()
    ax.grid(True, which="both", alpha=0.3)
    return save(fig, "bench-setup-time.png")


def plot_offboarding(results: dict[int, tuple[float, float]]) -> Path:
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    locks = list(results)
    left.plot(locks, [r[0] for r in results.values()], "o-", label="Housekey")
    single = results[locks[0]][0]
    left.plot(
        locks,
        [single * math.ceil(n / NETWORKS) for n in locks],
        ":",
        color="grey",
        label="serial per network",
    )
    left.set_xlabel("locks")
    left.set_ylabel("time to verified (s)")
    left.set_title("Housekey: offboarding to verified")
    left.legend()
    right.plot(locks, [r[0] for r in results.values()], "o-", label="Housekey (verified)")
    right.plot(locks, [r[1] for r in results.values()], "s--", label="polling baseline (written)")
    right.set_yscale("log")
    right.set_xlabel("locks")
    right.set_ylabel("seconds (log)")
    right.set_title("Against the polling baseline")
    right.legend()
    fig.suptitle(
        f"Offboarding against locks ({NETWORKS} networks, {LATENCY * 1000:.0f} ms per command)"
    )
    return save(fig, "bench-offboarding-time.png")


def save(fig: Any, name: str) -> Path:
    path = DOCS / name
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


# ---- the run -----------------------------------------------------------------------------


def write_docs(table: Table, plots: list[Path], seconds: float) -> Path:
    load = os.getloadavg()
    text = f"""# Benchmarks: Housekey and the polling model

Written by `make bench` (`bench/performance.py`); do not edit by hand. Housekey and a polling
baseline (every minute, read every slot of every lock and rewrite what differs; one entity per
slot setting: name, PIN, enabled, active, in sync) run on the same scenario in one real Home
Assistant {HA_VERSION} test instance, on simulated keypads of the same slot counts, radio latency
and networks, counted by the same counters. Python {platform.python_version()}, {os.cpu_count()}
cores, load average {load[0]:.1f} at the end (the machine is shared); the whole run took
{seconds:.0f} s.

{table.markdown()}

The baseline's offboarding time is half a minute's wait for its next poll (on average) plus
that poll, which writes the change; it reads it back only a minute later. Its restart time is
one poll at zero latency (the radio time of that poll is the row below it).

{chr(10).join(f"![{p.stem}]({p.name})" for p in plots)}
"""
    path = DOCS / "benchmarks.md"
    path.write_text(text)
    return path


async def main() -> None:
    started = time.perf_counter()
    print("Housekey / polling baseline / ratio (simulated locks, real Home Assistant core)\n")
    table = Table()
    await entities(table, 10, 2)
    await entities(table, 100, 10)
    await commands_per_change(table)
    offboard = await offboarding(table, (1, 2, 3, 6, 12, 24))
    people = await growth(table, "people", [(10, 10), (100, 10), (1000, 10)], lambda s: s[0])
    await growth(table, "locks", [(100, 1), (100, 10), (100, 50)], lambda s: s[1])
    await access_pipeline(table)
    await restart_at_scale(table, 1000, 50)
    ours, theirs, day = await simulated_day()
    table.add(
        f"commands over the simulated day ({len(day.changes)} changes, {day.locks} locks)",
        sum(ours),
        sum(theirs),
    )
    plots = [plot_day(ours, theirs, day), plot_setup(people, 10), plot_offboarding(offboard)]
    path = write_docs(table, plots, time.perf_counter() - started)
    print(
        f"\nwritten: {path.relative_to(DOCS.parent)}, "
        + ", ".join(str(p.relative_to(DOCS.parent)) for p in plots)
    )


if __name__ == "__main__":
    asyncio.run(main())
