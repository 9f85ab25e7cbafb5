"""Persistence through Home Assistant's private, atomic, versioned Store."""

from __future__ import annotations

import asyncio
import glob
import os
from collections.abc import Callable
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN, STORAGE_MINOR_VERSION, STORAGE_VERSION

type StoreData = dict[str, Any]


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

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: StoreData
    ) -> StoreData:
        """Bring data written by an older version up to date (the hook for future versions)."""
        if old_major_version > STORAGE_VERSION:
            raise NotImplementedError
        return old_data


class DurableStore:
    """One Store with its data function: saved at once when it must be, or soon after.

    `async_save_now` returns once what is known at the call is on disk. Calls made while
    a save is being written are served together by the next one, so many locks waking
    for one change cost two writes, not one each.
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
            covers = self._asked
            await self.store.async_save(self._data())
            self._done = covers

    def save_later(self) -> None:
        """Save within the delay (counters and other facts that may lag)."""
        self.store.async_delay_save(self._data, self._delay)


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
