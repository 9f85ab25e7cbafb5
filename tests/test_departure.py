"""A deleted household takes its codes off its locks: every slot it wrote is cleared.

The simulated keypads are rebuilt from the memory the unload saved, as Housekey
rebuilds them at the removal, and what they hold is read from the keypads themselves.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.housekey import departure
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.locks import LockFactory
from custom_components.housekey.providers.base import LockProvider
from custom_components.housekey.providers.simulated import SimulatedProvider

from .conftest import BACK, FRONT, call, settle, setup_household


@pytest.fixture
def rebuilt(monkeypatch: pytest.MonkeyPatch) -> dict[str, LockProvider]:
    """The providers Housekey builds again to clear a household's locks, by lock."""
    built: dict[str, LockProvider] = {}
    former = LockFactory.former

    def spy(self: LockFactory, lock_id: str, saved: dict[str, Any]) -> LockProvider | None:
        provider = former(self, lock_id, saved)
        if provider is not None:
            built[lock_id] = provider
        return provider

    monkeypatch.setattr(LockFactory, "former", spy)
    return built


def codes(provider: LockProvider) -> dict[int, str]:
    assert isinstance(provider, SimulatedProvider)
    return dict(provider.keypad.codes)


async def test_removing_the_household_clears_its_codes_and_leaves_foreign_ones(
    hass: HomeAssistant, hass_storage: dict[str, Any], rebuilt: dict[str, LockProvider]
) -> None:
    entry = await setup_household(hass)
    runtime = entry.runtime_data
    runtime.keypads[FRONT].codes[9] = "555123"  # set at the lock's own keypad
    await call(hass, "sync")
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739164", "locks": [BACK]})
    await settle(runtime)
    assert runtime.keypads[FRONT].codes == {1: "482913", 9: "555123"}
    assert sorted(runtime.keypads[BACK].codes.values()) == ["482913", "739164"]

    assert (await hass.config_entries.async_remove(entry.entry_id)) == {"require_restart": False}
    await hass.async_block_till_done()

    # Rebuilt from what the household last saved, each lock was cleared of its codes only.
    assert set(rebuilt) == {FRONT, BACK}
    assert codes(rebuilt[FRONT]) == {9: "555123"}
    assert codes(rebuilt[BACK]) == {}
    assert not hass.data[departure.LEFTOVERS].departing
    assert hass_storage[f"{DOMAIN}.leftovers"]["data"] == {"locks": {}}
    assert not [i for i in ir.async_get(hass).issues if i[1].startswith(departure.CODES_LEFT)]
    assert not [key for key in hass_storage if entry.entry_id in key]
    assert "482913" not in str(hass_storage) and "739164" not in str(hass_storage)


async def test_a_household_that_never_wrote_a_code_is_removed_without_a_command(
    hass: HomeAssistant, rebuilt: dict[str, LockProvider]
) -> None:
    entry = await setup_household(hass)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert rebuilt == {}
