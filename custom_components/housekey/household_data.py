"""The household's Stores: the people (snapshot and journal), each lock's record, the keypads.

Everything Housekey knows survives a restart through here, and nothing is taken for
empty that was only lost: a household that had a Store and now gets nothing loads
nothing, sends nothing, and says where the copy is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant

from . import repairs
from .const import CONF_STORED
from .core.model import Household
from .locks import lock_entity_id, lock_key
from .records import LockRecord
from .store import (
    DurableStore,
    HousekeyStore,
    PeopleStore,
    StoreUnreadable,
    async_load_or_refuse,
)

if TYPE_CHECKING:
    from .runtime import Housekey

_LOGGER = logging.getLogger(__name__)

#: seconds within which facts that may lag (use counts, a retired lock's progress) are saved
SAVE_DELAY = 1.0


@dataclass(slots=True)
class Loaded:
    """What the Stores held at start."""

    household: Household
    brute_force: Any
    records: dict[str, LockRecord]
    #: the simulated keypads' memory, by unique id
    keypads: dict[str, Any]
    #: nothing was stored yet, or it was stored in an older layout: save it now
    rewrite: bool
    #: stored lock records that could not be read, kept as they were
    bad_records: dict[str, Any] = field(default_factory=dict)


class HouseholdData:
    """Loads and saves one household; a change is saved before it is sent."""

    def __init__(self, hass: HomeAssistant, runtime: Housekey) -> None:
        """Open the Stores of one config entry; nothing is read yet."""
        self.hass = hass
        self._runtime = runtime
        entry_id = runtime.entry.entry_id
        self._entry = runtime.entry
        #: people and their codes; journaled with every change, before it is sent
        self._people = PeopleStore(
            hass,
            entry_id,
            self.snapshot,
            self._facts,
            self._person,
            lambda: len(runtime.household.people),
            SAVE_DELAY,
        )
        #: what each lock holds (small): saved before every command that changes a slot
        self._slots = DurableStore(
            HousekeyStore(hass, f"{entry_id}.locks"), self._records, SAVE_DELAY
        )
        self._keypads = HousekeyStore(hass, f"{entry_id}.simulated")
        self.bad_records: dict[str, Any] = {}
        #: each lock's key in the Stores (its registry id), by its entity id at load
        self._keys: dict[str, str] = {}
        #: retired codes were stored in clear (earlier versions): the people's Stores are rewritten
        self._rehash = False

    async def async_load(self) -> Loaded:
        """Read every Store; raise StoreUnreadable (with a repair issue) for a lost one."""
        stored = bool(self._entry.data.get(CONF_STORED))
        try:
            data = await self._people.async_load(had_one=stored)
            # Stores of version 1.1 kept the locks' records beside the people.
            legacy = (data or {}).get("locks")
            slots = await async_load_or_refuse(
                self.hass, self._slots.store, had_one=legacy is None and stored
            )
        except StoreUnreadable as err:
            repairs.create_store_unreadable(self.hass, self._entry.entry_id, err.backup)
            raise
        repairs.delete_store_unreadable(self.hass, self._entry.entry_id)
        raw = _mapping(legacy) if legacy is not None else _mapping((slots or {}).get("locks"))
        raw = {self._entity_id(key): record for key, record in raw.items()}
        records: dict[str, LockRecord] = {}
        for lock_id, record in raw.items():
            try:
                records[lock_id] = LockRecord.from_dict(record)
            except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
                self.bad_records[lock_id] = record
        keypads = _mapping((await self._keypads.async_load() or {}).get("keypads"))
        household = _mapping((data or {}).get("household"))
        self._rehash = _clear_retired(household)
        people = household.get("people")
        if isinstance(people, list):
            household = {**household, "people": [_person_locks(p, self._entity_id) for p in people]}
        return Loaded(
            Household.from_dict(household),
            _guard_locks((data or {}).get("brute_force"), self._entity_id),
            records,
            keypads,
            data is None or legacy is not None,
            self.bad_records,
        )

    async def async_loaded(self, rewrite: bool) -> None:
        """Finish a load: write what was new or old, and from now on expect a Store."""
        if rewrite:
            # From now on a missing Store means a lost one, not a new household.
            await self._slots.async_save_now()
            await self._people.async_save_snapshot()
        if self._rehash:  # retired codes were read in clear: none may stay on disk
            await self._people.async_save_everywhere()
            self._rehash = False
        if not self._entry.data.get(CONF_STORED):
            self.hass.config_entries.async_update_entry(
                self._entry, data={**self._entry.data, CONF_STORED: True}
            )

    def report_set_aside(self) -> None:
        """Raise a repair issue for stored values that could not be read, or withdraw it."""
        people = sorted(self._runtime.household.quarantined_ids())
        locks = sorted(self.bad_records)
        if people or locks:
            _LOGGER.warning(
                "Stored data set aside: %d people, %d locks (see the repair issue)",
                len(people),
                len(locks),
            )
        repairs.set_stored_data_invalid(self.hass, self._entry.entry_id, people, locks)

    async def async_save_people(self, changed: Iterable[str]) -> None:
        """Save changed people durably (the journal, or a snapshot when it is due)."""
        await self._people.async_save_now(changed)

    def save_people_later(self) -> None:
        """Save the people soon (facts that may lag, such as use counts)."""
        self._people.save_later()

    async def async_save_records(self) -> None:
        """Save the locks' records durably: awaited before a command changes a slot."""
        await self._slots.async_save_now()

    def save_records_later(self) -> None:
        """Save the locks' records soon (a command was confirmed)."""
        self._slots.save_later()

    def save_keypads_later(self) -> None:
        """Save the simulated keypads' memory soon."""
        self._keypads.async_delay_save(self._runtime.factory.keypad_data, SAVE_DELAY)

    async def async_unload(self) -> None:
        """Write everything that is not written yet."""
        await self._slots.async_save_now()
        self._people.close()
        await self._people.async_save_snapshot()
        factory = self._runtime.factory
        if factory.keypads or factory.retired_keypads:
            await self._keypads.async_save(factory.keypad_data())

    def snapshot(self) -> dict[str, Any]:
        """Return everything the people's Store holds (codes included: never log it)."""
        household = self._runtime.household.to_dict()
        household["people"] = [_person_locks(p, self._key) for p in household["people"]]
        return {"household": household, "brute_force": self._guard()}

    def _facts(self) -> dict[str, Any]:
        household = self._runtime.household.to_dict(people=False)
        return {**household, "brute_force": self._guard()}

    def _person(self, person_id: str) -> dict[str, Any] | None:
        person = self._runtime.household.people.get(person_id)
        return None if person is None else _person_locks(person.to_dict(), self._key)

    def _guard(self) -> Any:
        return _guard_locks(self._runtime.guard.to_dict(), self._key)

    def _records(self) -> dict[str, Any]:
        syncs = {**self._runtime.retiring, **self._runtime.locks}
        records = {self._key(lock_id): sync.record.to_dict() for lock_id, sync in syncs.items()}
        bad = {self._key(lock_id): record for lock_id, record in self.bad_records.items()}
        return {"locks": {**bad, **records}}

    # ---- locks are stored by registry id, used by entity id -----------------------------

    def _entity_id(self, key: str) -> str:
        entity_id = lock_entity_id(self.hass, key)
        self._keys[entity_id] = lock_key(self.hass, key) if key == entity_id else key
        return entity_id

    def _key(self, entity_id: str) -> str:
        if entity_id not in self._keys:
            self._keys[entity_id] = lock_key(self.hass, entity_id)
        return self._keys[entity_id]


def _person_locks(person: Any, name: Callable[[str], str]) -> Any:
    """Return a stored person with their locks renamed (by entity id or by registry id)."""
    if not isinstance(person, dict) or not isinstance(person.get("locks"), list):
        return person
    return {**person, "locks": [name(x) if isinstance(x, str) else x for x in person["locks"]]}


def _guard_locks(data: Any, name: Callable[[str], str]) -> Any:
    """Return the brute-force counters with their lock keys renamed."""
    if not isinstance(data, dict):
        return data
    return {
        part: {name(k): v for k, v in value.items()} if isinstance(value, dict) else value
        for part, value in data.items()
    }


def _clear_retired(household: dict[str, Any]) -> bool:
    """Return whether retired codes were stored in clear (by earlier versions)."""
    retired = household.get("retired")
    return isinstance(retired, list) and any(isinstance(r, dict) and "code" in r for r in retired)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
