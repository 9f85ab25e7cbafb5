"""A code someone held is not handed to the next person within the reuse window.

A departing roommate still knows their PIN: the next roommate must not get it, neither
typed in by an admin nor generated. The codes given up are kept only as keyed digests,
so the Store never holds a working door code of someone who left.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DEFAULT_PIN_REUSE_DAYS, DOMAIN

from .conftest import call, settle, setup_household

ALICE = "482913"


def stored(hass_storage: dict[str, Any]) -> str:
    """Return everything Housekey keeps in its Stores, as text."""
    return json.dumps({k: v for k, v in hass_storage.items() if k.startswith(f"{DOMAIN}.")})


async def refused(hass: HomeAssistant, service: str, data: dict[str, Any]) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, data)
    assert err.value.translation_key == "pin_recently_used"
    assert err.value.translation_placeholders["field"] == "pin"  # type: ignore[index]


async def test_a_former_roommates_pin_is_refused_inside_the_window_and_accepted_after(
    hass: HomeAssistant,
    household: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    await call(hass, "offboard_person", {"person": "Alice", "timeout": 5})
    left = dt_util.utcnow()
    await settle(household.runtime_data)
    assert ALICE not in stored(hass_storage)  # not even as a retired code

    await refused(hass, "add_person", {"name": "Bob", "pin": ALICE})
    freezer.move_to(left + timedelta(days=DEFAULT_PIN_REUSE_DAYS) - timedelta(minutes=1))
    await refused(hass, "add_person", {"name": "Bob", "pin": ALICE})
    assert household.runtime_data.household.find("Bob") is None

    freezer.move_to(left + timedelta(days=DEFAULT_PIN_REUSE_DAYS, minutes=1))
    await call(hass, "add_person", {"name": "Bob", "pin": ALICE})
    await settle(household.runtime_data)
    assert ALICE in household.runtime_data.keypads["lock.front_door"].codes.values()


async def test_a_person_cannot_take_back_a_pin_they_gave_up(
    hass: HomeAssistant, household: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    await call(hass, "set_pin", {"person": "Alice", "pin": "739164"})
    await refused(hass, "set_pin", {"person": "Alice", "pin": ALICE})
    assert ALICE not in stored(hass_storage)


async def test_retired_codes_stored_in_clear_are_hashed_and_rewritten_at_load(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A Store written before kept retired codes in clear: read as digests, saved at once."""
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": ALICE})
    await call(hass, "offboard_person", {"person": "Alice", "timeout": 5})
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    old = [{"code": ALICE, "retired_at": dt_util.utcnow().isoformat()}]
    store = f"{DOMAIN}.{entry.entry_id}"
    for key, path in ((store, "household"), (f"{store}.journal", "facts")):
        part = hass_storage[key]["data"][path]
        part["retired"] = old
        part.pop("reuse_key", None)
    assert ALICE in stored(hass_storage)

    await setup_household(hass, entry=entry)
    assert ALICE not in stored(hass_storage)
    await refused(hass, "add_person", {"name": "Bob", "pin": ALICE})
