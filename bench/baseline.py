"""The polling baseline: the model of older lock managers, run beside Housekey in the same process.

Every minute it reads every slot of every lock and rewrites what differs from its own idea of
the slot; it keeps that idea in entities, one per slot setting (a name, a PIN, an enabled
switch, whether the slot is active, whether it is in sync, when it was last used), for every
slot of every lock. It drives simulated keypads of its own, the same hardware model as
Housekey's (the same slot counts, radio latency and networks), so the two are counted by the
same counters.

It is a generous model: it polls once a minute, not every few seconds; it skips the
verification read after a write (the next poll sees it); and its entities are bare states,
without the entity objects a real manager also keeps in memory.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.housekey.providers.base import AccessEvent, LockReport
from custom_components.housekey.providers.simulated import SimulatedKeypad

from .harness import Scenario, radio

#: seconds between two polls
INTERVAL = 60
#: the entities of one slot on one lock: its settings, and what the manager shows of it
SLOT_SETTINGS = (
    ("text", "name"),
    ("text", "pin"),
    ("switch", "enabled"),
    ("binary_sensor", "active"),
    ("binary_sensor", "in_sync"),
    ("sensor", "last_used"),
)
#: the event the baseline fires for an access, as older managers fire their own
EVENT = "baseline_access"


class PollingManager:
    """A lock manager that polls: every slot of every lock, every minute."""

    def __init__(self, hass: HomeAssistant, scenario: Scenario, *, states: bool = True) -> None:
        """Build its keypads; no entity exists and nothing is sent yet.

        `states`: keep the entities' states in Home Assistant (False: count them only, for a
        scale whose states alone would not fit the bench machine).
        """
        self.hass = hass
        self.states = states
        self.pads = [
            SimulatedKeypad(f"baseline_{n}", f"baseline_{n}", slot_count=scenario.slots)
            for n in range(scenario.locks)
        ]
        #: what each slot should hold, the same on every lock (the manager's slot entities)
        self.codes: dict[int, str] = {}
        self.slot_of: dict[str, int] = {}
        self.person_at: dict[int, str] = {}
        self._unsubs: list[Callable[[], None]] = []

    # ---- the slot entities -----------------------------------------------------------

    def create_entities(self) -> int:
        """Create one entity per setting of every slot of every lock; return how many."""
        for lock in range(len(self.pads)):
            for slot in range(1, self.pads[lock].slot_count + 1):
                self._show(lock, slot)
        return self.entities

    @property
    def entities(self) -> int:
        """Return how many entities the manager creates."""
        return sum(pad.slot_count for pad in self.pads) * len(SLOT_SETTINGS)

    def _show(self, lock: int, slot: int, *, in_sync: bool = True) -> None:
        """Set the states of one slot's entities (never the PIN itself)."""
        if not self.states:
            return
        name = self.person_at.get(slot, "")
        values = {
            "name": name,
            "pin": "set" if slot in self.codes else "",
            "enabled": "on" if name else "off",
            "active": "on" if name else "off",
            "in_sync": "on" if in_sync else "off",
            "last_used": "unknown",
        }
        for domain, setting in SLOT_SETTINGS:
            self.hass.states.async_set(
                f"{domain}.baseline_{lock}_slot_{slot}_{setting}", values[setting]
            )

    # ---- the changes: they reach the locks on the next poll ---------------------------------

    def add(self, name: str, pin: str) -> None:
        """Give a person the lowest free slot on every lock."""
        slot = min(set(range(1, self.pads[0].slot_count + 1)) - set(self.codes))
        self.slot_of[name] = slot
        self.person_at[slot] = name
        self.set_pin(name, pin)

    def set_pin(self, name: str, pin: str) -> None:
        """Change a person's PIN on every lock."""
        self.codes[self.slot_of[name]] = pin
        for lock in range(len(self.pads)):
            self._show(lock, self.slot_of[name], in_sync=False)

    def remove(self, name: str) -> None:
        """Empty a person's slot on every lock."""
        slot = self.slot_of.pop(name)
        del self.codes[slot]
        del self.person_at[slot]
        for lock in range(len(self.pads)):
            self._show(lock, slot, in_sync=False)

    # ---- the poll ----------------------------------------------------------------------

    def radio(self, scenario: Scenario) -> None:
        """Give its keypads the scenario's radio."""
        radio(self.pads, scenario)

    async def poll(self) -> float:
        """Read every slot of every lock and rewrite what differs; return the seconds it took.

        Locks are polled side by side; those on one radio network take turns on it.
        """
        start = time.perf_counter()
        await asyncio.gather(*(self._poll(lock, pad) for lock, pad in enumerate(self.pads)))
        return time.perf_counter() - start

    async def _poll(self, lock: int, pad: SimulatedKeypad) -> None:
        for slot in range(1, pad.slot_count + 1):
            held = await pad.read(slot)
            want = self.codes.get(slot)
            if held == want:
                continue
            if want is None:
                await pad.clear(slot)
            else:
                await pad.write(slot, want)
            self._show(lock, slot)

    # ---- accesses ----------------------------------------------------------------------

    def listen(self) -> None:
        """Turn each keypad report into an access event, naming the slot's person."""
        for lock, pad in enumerate(self.pads):
            self._unsubs.append(pad.listen(lambda report, lock=lock: self._report(lock, report)))

    def _report(self, lock: int, report: LockReport) -> None:
        if not isinstance(report, AccessEvent) or report.slot is None:
            return
        name = self.hass.states.get(f"text.baseline_{lock}_slot_{report.slot}_name")
        self.hass.states.async_set(
            f"sensor.baseline_{lock}_slot_{report.slot}_last_used", dt_util.utcnow().isoformat()
        )
        self.hass.bus.async_fire(
            EVENT,
            {
                "lock": f"baseline_{lock}",
                "slot": report.slot,
                "person": name.state if name is not None else None,
                "outcome": report.outcome.value,
            },
        )
