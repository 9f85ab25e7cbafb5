"""Persistence through Home Assistant's private, atomic, versioned Store."""

from __future__ import annotations

import asyncio
import glob
import os
from collections.abc import Callable, Iterable
from math import isqrt
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.storage import Store

from .const import DOMAIN, STORAGE_MINOR_VERSION, STORAGE_VERSION

type StoreData = dict[str, Any]

#: the minor version whose lock records carry `clock`
CLOCK_MINOR_VERSION = 5


#: the key suffixes of the people's journal, and of the roll-up kept beside it
JOURNAL = ".journal"
ROLLUP = ".rollup"


class HousekeyStore(Store[StoreData]):
    """The household's Store: people with their codes, and what each lock holds."""

    def __init__(self, hass: HomeAssistant, key: str) -> None:
        """Open the Store for one config entry."""
        super().__init__(
            hass,
            STORAGE_VERSION,
            f"{DOMAIN}.{key}",
            minor_version=STORAGE_MINOR_VERSION,
            private=True,
            atomic_writes=True,
        )

    async def async_remove(self) -> None:
        """Delete the Store; a people's journal goes together with its roll-up.

        Both hold codes: whoever deletes the journal must not leave the roll-up behind.
        """
        await super().async_remove()
        if self.key.endswith(JOURNAL):
            await HousekeyStore(
                self.hass, self.key.removeprefix(f"{DOMAIN}.") + ROLLUP
            ).async_remove()

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: StoreData
    ) -> StoreData:
        """Bring data written by an older version up to date.

        1.5 adds `clock` to each lock's record: a record from before never had its clock
        checked, so the first sync of a lock holding windows sets it.
        """
        if old_major_version > STORAGE_VERSION:
            raise NotImplementedError
        locks = old_data.get("locks")
        if old_minor_version < CLOCK_MINOR_VERSION and isinstance(locks, dict):
            records = {
                key: {"clock": None, **record} if isinstance(record, dict) else record
                for key, record in locks.items()
            }
            old_data = {**old_data, "locks": records}
        return old_data


class DurableStore:
    """One Store with its data function: saved at once when it must be, or soon after.

    `async_save_now` returns once what is known at the call is on disk. A save first lets
    the callers of the same turn of the event loop ask too (every lock woken by one
    change reaches its write-ahead in that turn), and calls made while a save is being
    written are served together by the next one, so many locks waking for one change
    cost one write, not one each: each write holds every lock's record, and one per lock
    would grow with the square of the locks (people x locks x slots in a household's
    setup).
    """

    def __init__(self, store: HousekeyStore, data: Callable[[], StoreData], delay: float) -> None:
        """Wrap a Store and the function that builds what it holds."""
        self.store = store
        self._data = data
        self._delay = delay
        self._lock = asyncio.Lock()
        self._asked = 0
        self._done = 0

    async def async_save_now(self) -> None:
        """Save durably before returning."""
        self._asked += 1
        asked = self._asked
        async with self._lock:
            if self._done >= asked:
                return
            await asyncio.sleep(0)  # the other locks woken by the same change ask first
            covers = self._asked
            await self.store.async_save(self._data())
            self._done = covers

    def save_later(self) -> None:
        """Save within the delay (counters and other facts that may lag)."""
        self.store.async_delay_save(self._data, self._delay)


class PeopleStore:
    """The people's Store: a snapshot, a roll-up and a journal of the people changed since.

    A durable save writes the journal only: the people changed since the roll-up, and
    the household's small facts. Once the journal holds more people than the square
    root of what the roll-up may grow to, the roll-up is rewritten with everyone
    changed since the snapshot; once that is an eighth of the household, the snapshot
    is rewritten instead. So what an action writes follows what it changed, and the
    bigger writes come rarely enough to stay close to linear in total. Each roll-up
    names the snapshot generation it follows and its own sequence number, each
    journal both; one left behind by a newer write is ignored on load, so a later
    snapshot or roll-up always wins.
    """

    #: the roll-up may hold up to this share of the household before a snapshot
    SHARE = 8

    def __init__(
        self,
        hass: HomeAssistant,
        key: str,
        snapshot: Callable[[], StoreData],
        facts: Callable[[], StoreData],
        person: Callable[[str], dict[str, Any] | None],
        size: Callable[[], int],
        delay: float,
    ) -> None:
        """Open the Stores; `snapshot` builds everything, `facts` all but the people."""
        self.hass = hass
        self.store = HousekeyStore(hass, key)
        self.journal = HousekeyStore(hass, f"{key}{JOURNAL}")
        self.rollup = HousekeyStore(hass, f"{key}{JOURNAL}{ROLLUP}")
        self._snapshot = snapshot
        self._facts = facts
        self._person = person
        self._size = size
        self._delay = delay
        #: people changed since the snapshot, and since the roll-up
        self._dirty: set[str] = set()
        self._recent: set[str] = set()
        self._generation = 0
        self._sequence = 0
        #: whether the journal and the roll-up exist for the stored snapshots (then they
        #: must load)
        self._journaled = False
        self._rolled = False
        self._lock = asyncio.Lock()
        self._later_unsub: CALLBACK_TYPE | None = None
        self._final_unsub: CALLBACK_TYPE | None = None

    async def async_load(self, *, had_one: bool) -> StoreData | None:
        """Load the snapshot with its roll-up and journal; StoreUnreadable for a lost one."""
        data = await async_load_or_refuse(self.hass, self.store, had_one=had_one)
        if data is None:
            return None
        self._generation = _integer(data.get("generation"))
        self._journaled = data.get("journaled") is True
        self._rolled = data.get("rolled") is True
        self._sequence = 0
        rollup = await async_load_or_refuse(self.hass, self.rollup, had_one=self._rolled)
        if rollup is not None and _integer(rollup.get("generation")) == self._generation:
            data = _replay(data, rollup)
            self._sequence = max(0, _integer(rollup.get("sequence")))
        journal = await async_load_or_refuse(self.hass, self.journal, had_one=self._journaled)
        if (
            journal is not None
            and _integer(journal.get("generation")) == self._generation
            and _integer(journal.get("sequence", 0)) == self._sequence
        ):
            data = _replay(data, journal)
        return data

    async def async_save_now(self, changed: Iterable[str] = ()) -> None:
        """Save durably before returning: the journal, with a roll-up or snapshot when due."""
        changed = set(changed)
        self._dirty.update(changed)
        async with self._lock:
            if (
                not self._journaled
                or not self._rolled
                or len(self._dirty) * self.SHARE > self._size()
            ):
                await self._snapshot_now()
                return
            if len(self._recent) > isqrt(self._size() // self.SHARE):
                await self._roll_up()
            self._recent.update(changed)
            await self._write_journal()

    async def async_save_snapshot(self) -> None:
        """Write everything now (a new format, or facts saved for later on unload)."""
        async with self._lock:
            await self._snapshot_now()

    async def async_save_everywhere(self) -> None:
        """Write the snapshot, then a roll-up and a journal after it: nothing older stays.

        For what must not outlive a change of format on disk (retired codes once kept
        in clear): a journal or roll-up of an older generation would be ignored on load,
        but would still hold it.
        """
        async with self._lock:
            await self._snapshot_now()
            await self._roll_up()
            await self._write_journal()

    def save_later(self) -> None:
        """Write a snapshot within the delay (counters and other facts that may lag).

        Under the same lock as every other write: a snapshot starts a new generation,
        and a journal written while it is on its way must not be one a crash could
        leave pointing at a snapshot that never landed. Home Assistant's final write
        flushes a snapshot still due.
        """
        if self._later_unsub is not None:
            return
        self._later_unsub = async_call_later(self.hass, self._delay, self._later_due)
        if self._final_unsub is None:
            self._final_unsub = self.hass.bus.async_listen_once(
                EVENT_HOMEASSISTANT_FINAL_WRITE, self._final_write
            )

    @callback
    def _later_due(self, _now: Any) -> None:
        self._later_unsub = None
        self.hass.async_create_task(self.async_save_snapshot(), "housekey snapshot")

    async def _final_write(self, _event: Event) -> None:
        self._final_unsub = None
        if self._later_unsub is not None:
            self._later_unsub()
            self._later_unsub = None
            await self.async_save_snapshot()

    def close(self) -> None:
        """Drop the timers (the owner writes a snapshot when it unloads)."""
        for unsub in (self._later_unsub, self._final_unsub):
            if unsub is not None:
                unsub()
        self._later_unsub = self._final_unsub = None

    async def async_remove(self) -> None:
        """Delete every Store (removing the journal removes its roll-up too)."""
        await self.store.async_remove()
        await self.journal.async_remove()

    async def _snapshot_now(self) -> None:
        # The journal and the roll-up exist before any snapshot says they must.
        if not self._journaled:
            await self._write_journal()
            self._journaled = True
        if not self._rolled:
            await self._roll_up()
            self._rolled = True
        await self.store.async_save(self._later())

    async def _write_journal(self) -> None:
        await self.journal.async_save(
            {
                "generation": self._generation,
                "sequence": self._sequence,
                "people": {person_id: self._person(person_id) for person_id in self._recent},
                "facts": self._facts(),
            }
        )

    async def _roll_up(self) -> None:
        """Write everyone changed since the snapshot; the journal starts over after it."""
        generation, sequence = self._generation, self._sequence + 1
        recent, self._recent = self._recent, set()
        try:
            await self.rollup.async_save(
                {
                    "generation": generation,
                    "sequence": sequence,
                    "people": {person_id: self._person(person_id) for person_id in self._dirty},
                    "facts": self._facts(),
                }
            )
        except BaseException:
            self._recent |= recent
            raise
        if self._generation == generation:  # no snapshot began a new generation meanwhile
            self._sequence = sequence

    def _later(self) -> StoreData:
        """Build a snapshot: it covers everything, so it starts a generation of journal."""
        self._generation += 1
        self._sequence = 0
        self._dirty.clear()
        self._recent.clear()
        return {
            **self._snapshot(),
            "generation": self._generation,
            "journaled": self._journaled,
            "rolled": self._rolled,
        }


def _integer(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


#: the household's small facts a journal carries beside the people changed
JOURNALED_FACTS = ("next_number", "retired", "reuse_key", "review_snoozed")


def _replay(data: StoreData, journal: StoreData) -> StoreData:
    """Apply a journal's people and facts onto its snapshot (bad entries are set aside later)."""
    household = data.get("household")
    people = journal.get("people")
    facts = journal.get("facts")
    if not isinstance(household, dict) or not isinstance(people, dict):
        return data
    stored = household.get("people")
    listed = stored if isinstance(stored, list) else []
    index = {p.get("person_id"): i for i, p in enumerate(listed) if isinstance(p, dict)}
    merged = list(listed)
    for person_id, person in people.items():
        if person_id in index:
            merged[index[person_id]] = person
        elif person is not None:
            merged.append(person)
    household = {**household, "people": merged}
    if isinstance(facts, dict):
        household |= {k: facts[k] for k in JOURNALED_FACTS if k in facts}
        if "brute_force" in facts:
            data = {**data, "brute_force": facts["brute_force"]}
    return {**data, "household": household}


class StoreUnreadable(Exception):
    """A household's Store exists, or existed, but could not be read; nothing was loaded."""

    def __init__(self, backup: str) -> None:
        """Name the copy Home Assistant kept of the unreadable file (or the missing path)."""
        super().__init__(backup)
        self.backup = backup


async def async_load_or_refuse(
    hass: HomeAssistant, store: HousekeyStore, *, had_one: bool
) -> StoreData | None:
    """Load a Store; None for one that never existed; StoreUnreadable for a lost one.

    Home Assistant moves a Store file it cannot parse aside and hands back nothing, as
    for a new one. A household that had a Store must not take that for an empty one.
    """
    existed = await hass.async_add_executor_job(os.path.exists, store.path)
    data = await store.async_load()
    if data is None and (existed or had_one):
        backup = await hass.async_add_executor_job(_newest_backup, store.path)
        raise StoreUnreadable(backup or store.path)
    return data if isinstance(data, dict) else None


def _newest_backup(path: str) -> str | None:
    """Return the newest copy Home Assistant kept of an unreadable Store file."""
    copies = sorted(glob.glob(f"{glob.escape(path)}.corrupt.*"))
    return copies[-1] if copies else None
