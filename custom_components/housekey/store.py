"""Persistence through Home Assistant's private, atomic, versioned Store."""

from __future__ import annotations

import asyncio
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
