"""Housekey on a real Matter stack: python-matter-server and a matter.js door lock.

Housekey actions → sync engine → Matter provider → Home Assistant's real matter integration
→ websocket → python-matter-server (the CHIP SDK) → Matter over IPv6 on a veth pair → the
matter.js lock's Door Lock cluster; and the lock's own events all the way back. What the lock
holds is read from the lock's own store through its control socket, never from Housekey; what
happens at the keypad is done at the lock, which decides itself whether a code opens it.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DOMAIN, EVENT_ACCESS, EVENT_ALERT
from custom_components.housekey.sync import SyncState
from tests.conftest import Recorder, call, setup_household
from tests.providers.matter.fake_matter_server import wait_for
from tests.providers.matter.real_stack import MatterStack

#: Round trips through the real stack take longer than through the fake.
TIMEOUT = 20.0


async def household_on(hass: HomeAssistant, lock: str) -> MockConfigEntry:
    entry = await setup_household(hass, simulated=0, locks=[lock], pin_min=6, pin_max=8)
    await in_sync(entry, lock)
    return entry


async def in_sync(entry: MockConfigEntry, lock: str) -> None:
    sync = entry.runtime_data.locks[lock]
    await wait_for(lambda: not sync.working and sync.state is SyncState.IN_SYNC, TIMEOUT)


async def test_person_pin_lands_on_the_lock_and_leaves_with_them(
    hass: HomeAssistant, real_matter: MatterStack, real_matter_lock: str, events: Recorder
) -> None:
    """add_person → a user and PIN credential in the lock's own tables; set_pin → the new
    PIN replaces the old one there; offboard_person → user and credential gone."""
    entry = await household_on(hass, real_matter_lock)
    caps = entry.runtime_data.locks[real_matter_lock].capabilities
    assert caps is not None
    assert (caps.slots, caps.pin_min, caps.pin_max, caps.schedules) == (10, 4, 8, True)

    await call(hass, "add_person", {"name": "Alice", "pin": "246813"})
    await in_sync(entry, real_matter_lock)
    held = await real_matter.held()
    index = held.index_of("246813")
    assert index is not None
    user = held.user_of(index)
    assert user is not None
    assert held.users[user]["name"] == "housekey"
    assert held.users[user]["status"] == 1  # occupied, enabled
    assert held.pins == {index: "246813"}

    await call(hass, "set_pin", {"person": "Alice", "pin": "975318"})
    await in_sync(entry, real_matter_lock)
    held = await real_matter.held()
    assert held.pins == {index: "975318"}
    assert held.user_of(index) == user

    result = await call(hass, "offboard_person", {"person": "Alice", "timeout": 10})
    assert result["locks"] == {real_matter_lock: "removed"}
    held = await real_matter.held()
    assert held.pins == {}
    assert held.users == {}
    assert not any(pin in str(e.data) for e in events.events for pin in ("246813", "975318"))
