"""The Z-Wave JS provider on the real stack, through Home Assistant's zwave_js."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.core.lock_schedule import Enforcement
from custom_components.housekey.providers.base import (
    Method,
    ProviderError,
    Readback,
    SlotState,
    WriteResult,
)
from custom_components.housekey.providers.zwave_js import (
    ZwaveJsProvider,
    zwave_client,
    zwave_node,
)

from .harness import LOCK_NODE_ID, ZwaveStack


async def test_provider_on_the_real_stack(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_entry: MockConfigEntry, zwave_lock: str
) -> None:
    """Node lookup, capabilities read from the driver, and a write and clear sent."""
    client = zwave_client(hass, zwave_entry)
    assert client is not None
    node = zwave_node(hass, zwave_lock)
    assert node is not None
    assert node is client.driver.controller.nodes[LOCK_NODE_ID]

    provider = ZwaveJsProvider(hass, zwave_lock)
    assert provider.available
    caps = await provider.async_capabilities()
    assert caps.slots == 10  # the mock's User Code "supported users"
    assert (caps.pin_min, caps.pin_max) == (4, 10)
    assert caps.readback is Readback.FULL
    assert caps.schedule_support.enforcement is Enforcement.HOME_ASSISTANT  # none written yet
    # the mock lock supports Access Control manual, RF and keypad unlock events
    assert caps.methods == frozenset({Method.MANUAL, Method.RF, Method.KEYPAD})

    await zwave_stack.lock("reset_frames")
    # the mock lock does not supervise: sent, for the sync engine to read back
    assert await provider.async_write_code(3, "4711") is WriteResult.SENT
    assert await zwave_stack.codes() == {3: "4711"}  # Z-Wave user id 3 = Housekey slot 3
    assert await zwave_stack.frames() == {"User Code": 1}  # the Set alone

    read = await provider.async_read_slot(3)
    assert read.state is SlotState.KNOWN
    assert read.code == "4711"
    assert await provider.async_clear_code(3) is WriteResult.SENT
    assert await zwave_stack.codes() == {}
    # the read the sync engine verifies a clear with (it refreshes the driver's copy too)
    assert (await provider.async_read_slot(3)).state is SlotState.EMPTY
    reads = await provider.async_read_slots(range(1, 11))
    assert all(r.state is SlotState.EMPTY for r in reads.values())


async def test_keypad_limit_on_the_real_stack(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_entry: MockConfigEntry, zwave_lock: str
) -> None:
    """The lock's "Wrong Code Limit" (#4, default 5) and "Wrong Code Lockout Time" (#7,
    default 60 s) are found by label and set within their ranges; equal values cost nothing."""
    provider = ZwaveJsProvider(hass, zwave_lock)
    await zwave_stack.lock("reset_frames")
    assert await provider.async_harden_keypad(5, 30)
    assert await zwave_stack.lock("config") == {"1": 2, "4": 5, "7": 30}
    assert await zwave_stack.frames() == {"Configuration": 1}  # one Set: the limit was 5
    await zwave_stack.lock("reset_frames")
    assert await provider.async_harden_keypad(5, 30)
    assert await zwave_stack.frames() == {}  # nothing to change: nothing sent
    assert await provider.async_harden_keypad(20, 3600)  # beyond the lock's ranges
    assert await zwave_stack.lock("config") == {"1": 2, "4": 10, "7": 127}
    assert await provider.async_harden_keypad(1, 1)
    assert await zwave_stack.lock("config") == {"1": 2, "4": 3, "7": 10}


async def test_credential_actions_of_the_real_integration(
    hass: HomeAssistant, zwave_stack: ZwaveStack, zwave_lock: str
) -> None:
    """The path User Credential locks take: Home Assistant's own zwave_js.set_user /
    delete_user / get_credential_capabilities, as the integration registers them, down to
    the lock (zwave-js's access control API also drives this User Code lock)."""
    provider = ZwaveJsProvider(hass, zwave_lock)
    caps = await provider._credential_capabilities()
    assert caps.slots == 10
    assert caps.readback is Readback.NONE

    # a new user and its PIN in one call, then a changed PIN for the same user
    assert await provider._credential_write(1, "246813") is WriteResult.SENT
    assert await zwave_stack.codes() == {1: "246813"}
    assert await provider._credential_write(1, "975311") is WriteResult.SENT
    assert await zwave_stack.codes() == {1: "975311"}

    # the lock gives a new user the first free id: one that would not land in the slot
    # Housekey chose is taken back, and the write fails
    with pytest.raises(ProviderError):
        await provider._credential_write(5, "135799")
    assert await zwave_stack.codes() == {1: "975311"}

    assert await provider._credential_clear(1) is WriteResult.SENT
    assert await zwave_stack.codes() == {}
