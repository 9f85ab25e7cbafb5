"""Persistence through Home Assistant's private, atomic, versioned Store."""

from __future__ import annotations

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
