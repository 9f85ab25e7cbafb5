"""The Store: private, versioned, and loading what older versions wrote."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from custom_components.housekey.store import HousekeyStore

from .conftest import FRONT, call, setup_household


async def test_store_is_private_and_versioned(hass: HomeAssistant, hass_storage: dict) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    saved = hass_storage[f"housekey.{entry.entry_id}"]
    assert (saved["version"], saved["minor_version"]) == (1, 1)
    assert saved["data"]["household"]["people"][0]["pin"] == "482913"
    store = HousekeyStore(hass, entry.entry_id)
    assert store._private is True
    assert store._atomic_writes is True


async def test_older_minor_version_loads(hass: HomeAssistant, hass_storage: dict) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await hass.config_entries.async_unload(entry.entry_id)
    key = f"housekey.{entry.entry_id}"
    hass_storage[key]["minor_version"] = 0
    reloaded = await setup_household(hass, entry=entry)
    assert reloaded.runtime_data.household.find("Alice") is not None
    assert reloaded.runtime_data.keypads[FRONT].codes == {1: "482913"}


async def test_newer_major_version_is_refused(hass: HomeAssistant) -> None:
    store = HousekeyStore(hass, "x")
    data: dict[str, Any] = {}
    with pytest.raises(NotImplementedError):
        await store._async_migrate_func(2, 0, data)


async def test_deleting_the_household_deletes_its_codes(
    hass: HomeAssistant, hass_storage: dict
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert f"housekey.{entry.entry_id}" in hass_storage
    assert f"housekey.{entry.entry_id}.simulated" in hass_storage
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert f"housekey.{entry.entry_id}" not in hass_storage
    assert f"housekey.{entry.entry_id}.simulated" not in hass_storage
