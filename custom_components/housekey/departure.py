"""A deleted household takes its codes off every lock with it.

Home Assistant deletes a config entry in two steps: it unloads it (the runtime and its
providers are torn down, `runtime_data` is gone) and then calls `async_remove_entry`;
after that the entry is gone, and a custom integration with no entries is not even set
up at the next start. So the clearing happens in `async_remove_entry`, from the records
the unload has just written: each lock's provider is built again and driven, by the same
reconciler as always, to hold nothing of the household's, and the removal waits a
bounded time for the locks to confirm. Foreign codes are not Housekey's and stay.

A lock that does not confirm in that time stays with `Leftovers`: a process of the
integration, not of any household, that keeps the slots still to clear in a Store of
its own (written before any command, like every record), keeps clearing them for the
rest of the run (the reconciler retries with backoff, and at once when the lock comes
back), resumes after a restart whenever Home Assistant sets Housekey up again (that is,
while any household exists), and keeps a repair issue naming the door and the slots
that may still hold codes until they are confirmed empty.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.start import async_at_started
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .locks import LockFactory, clearing_sync, lock_entity_id, lock_key
from .providers import PROVIDER_BY_PLATFORM
from .providers.base import LockProvider
from .records import LockRecord
from .store import HousekeyStore
from .sync import LockSync

_LOGGER = logging.getLogger(__name__)

#: seconds a household's removal waits for its locks to confirm their codes are gone
REMOVAL_WAIT = 20.0
#: the repair issue of a door that may still hold a deleted household's codes
CODES_LEFT = "household_codes_left"

LEFTOVERS: HassKey[Leftovers] = HassKey(f"{DOMAIN}_leftovers")


@dataclass(slots=True)
class _Departing:
    """One lock being cleared of a deleted household's codes."""

    household: str
    entry_id: str
    lock_key: str
    sync: LockSync
    #: the lock vanishes with the household (a simulated one): not kept past the removal
    own: bool


class Leftovers:
    """Locks still holding codes of deleted households, cleared until they confirm."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Open the Store; nothing is loaded or sent yet."""
        self.hass = hass
        self._store = HousekeyStore(hass, "leftovers")
        #: by `entry_id.lock_key`: a lock may have served two households
        self.departing: dict[str, _Departing] = {}
        #: stored entries whose lock cannot be built now (its entity is gone), kept as they were
        self._unbuilt: dict[str, Any] = {}
        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, self._async_stop)

    async def async_load(self) -> None:
        """Resume clearing what an earlier run left; the locks are talked to once HA runs."""
        stored = await self._store.async_load() or {}
        for key, item in (stored.get("locks") or {}).items():
            try:
                record = LockRecord.from_dict(item["record"])
                provider = _real_provider(self.hass, lock_entity_id(self.hass, item["lock"]))
            except (KeyError, TypeError, ValueError, AttributeError):
                provider = None
            if provider is None:
                self._unbuilt[key] = item
                continue
            self._add(item["household"], item["entry_id"], item["lock"], provider, record)
        if self.departing:
            async_at_started(self.hass, self._start_all)

    @callback
    def _start_all(self, _hass: HomeAssistant) -> None:
        for departing in self.departing.values():
            departing.sync.start()

    def _add(
        self,
        household: str,
        entry_id: str,
        key: str,
        provider: LockProvider,
        record: LockRecord,
        *,
        own: bool = False,
    ) -> _Departing:
        name = f"{entry_id}.{key}"
        sync = clearing_sync(
            self.hass,
            provider,
            record,
            on_change=partial(self._changed, name),
            on_event=lambda _lock, _event, _detail: None,
            persist=self._async_save,
        )
        departing = _Departing(household, entry_id, key, sync, own)
        self.departing[name] = departing
        return departing

    async def async_clear(self, entry: ConfigEntry[Any]) -> dict[str, list[int]]:
        """Clear a household's codes from every lock it wrote to; return what is left.

        Waits up to REMOVAL_WAIT for the locks to confirm. The result names, per lock
        entity, the slots that may still hold the household's codes; each real lock
        among them stays here and gets a repair issue.
        """
        locks = await HousekeyStore(self.hass, f"{entry.entry_id}.locks").async_load() or {}
        saved = await HousekeyStore(self.hass, f"{entry.entry_id}.simulated").async_load() or {}
        factory = LockFactory(self.hass, entry, lambda: None)
        keypads = saved.get("keypads") or {}
        started: list[_Departing] = []
        for key, raw in (locks.get("locks") or {}).items():
            lock_id = lock_entity_id(self.hass, key)
            try:
                record = LockRecord.from_dict(raw)
            except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
                _LOGGER.warning("%s: its record cannot be read, its codes cannot be cleared", key)
                continue
            if not record.managed():
                continue
            provider = factory.former(lock_id, keypads)
            if provider is None:
                _LOGGER.warning("%s is gone: the codes Housekey wrote to it stay", lock_id)
                continue
            started.append(
                self._add(
                    entry.title,
                    entry.entry_id,
                    lock_key(self.hass, lock_id),
                    provider,
                    record,
                    own=lock_id in factory.retired_keypads,
                )
            )
        if not started:
            return {}
        await self._async_save()  # before the first command: a crash now resumes at the start
        for departing in started:
            departing.sync.start()
        await asyncio.gather(*(_async_cleared(d.sync, REMOVAL_WAIT) for d in started))
        left: dict[str, list[int]] = {}
        for departing in started:
            if slots := sorted(departing.sync.record.managed()):
                left[departing.sync.lock_id] = slots
            if departing.own:
                await self._async_drop(departing)  # its lock is deleted with the household
            elif slots:
                _LOGGER.warning(
                    "%s did not confirm clearing %d codes of %s; retrying while Housekey runs",
                    departing.sync.lock_id,
                    len(slots),
                    entry.title,
                )
                self._report(departing)
        return left

    @callback
    def _changed(self, name: str, _replan: bool) -> None:
        departing = self.departing.get(name)
        if departing is None:
            return
        self._store.async_delay_save(self._data, 1.0)
        if not departing.sync.record.managed() and not departing.own:
            self.hass.async_create_background_task(
                self._async_drop(departing), f"housekey leftovers {name}"
            )

    async def _async_drop(self, departing: _Departing) -> None:
        """Forget a lock once it holds none of the household's codes (or vanished with it)."""
        name = f"{departing.entry_id}.{departing.lock_key}"
        if self.departing.pop(name, None) is None:
            return
        await departing.sync.async_stop()
        ir.async_delete_issue(self.hass, DOMAIN, f"{CODES_LEFT}.{name}")
        await self._async_save()
        if not departing.own:
            _LOGGER.info(
                "%s no longer holds codes of %s", departing.sync.lock_id, departing.household
            )

    def _report(self, departing: _Departing) -> None:
        """Keep a repair issue naming the door and the slots that may still hold codes."""
        lock_id = departing.sync.lock_id
        state = self.hass.states.get(lock_id)
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            f"{CODES_LEFT}.{departing.entry_id}.{departing.lock_key}",
            is_fixable=False,
            is_persistent=True,  # shown after a restart too, even with no household left
            severity=ir.IssueSeverity.ERROR,
            translation_key=CODES_LEFT,
            translation_placeholders={
                "household": departing.household,
                "lock": state.name if state is not None else lock_id,
                "slots": ", ".join(map(str, sorted(departing.sync.record.managed()))),
            },
        )

    def _data(self) -> dict[str, Any]:
        kept = {
            name: {
                "household": d.household,
                "entry_id": d.entry_id,
                "lock": d.lock_key,
                "record": d.sync.record.to_dict(),
            }
            for name, d in self.departing.items()
            if not d.own
        }
        return {"locks": {**self._unbuilt, **kept}}

    async def _async_save(self) -> None:
        await self._store.async_save(self._data())

    async def _async_stop(self, _event: Event) -> None:
        """Stop every queue at shutdown; what is left resumes at the next start."""
        for departing in list(self.departing.values()):
            await departing.sync.async_stop()
        await self._async_save()


async def _async_cleared(sync: LockSync, timeout: float) -> None:
    """Wait until the lock holds none of the household's codes, or the time is up."""
    await sync.async_wait(lambda: not sync.record.managed(), timeout)


def _real_provider(hass: HomeAssistant, lock_id: str) -> LockProvider | None:
    """Build the provider of a lock of another integration, or None if it is gone."""
    entry = er.async_get(hass).async_get(lock_id)
    provider_cls = None if entry is None else PROVIDER_BY_PLATFORM.get(entry.platform)
    return None if provider_cls is None else provider_cls(hass, lock_id)


def leftovers(hass: HomeAssistant) -> Leftovers:
    """Return the integration's leftovers (made on first use)."""
    if (found := hass.data.get(LEFTOVERS)) is None:
        found = hass.data[LEFTOVERS] = Leftovers(hass)
    return found
