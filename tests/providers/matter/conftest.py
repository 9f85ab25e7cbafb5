"""Fixtures: the fake Matter server and Home Assistant's real matter integration on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.providers.matter.fake_matter_server import FakeMatterServer

LOCK = "lock.mock_door_lock"


@pytest.fixture
async def matter_server(socket_enabled: None) -> AsyncIterator[FakeMatterServer]:
    """A Matter server with the door lock node, on a free loopback port."""
    server = FakeMatterServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def matter_lock(hass: HomeAssistant, matter_server: FakeMatterServer) -> AsyncIterator[str]:
    """Home Assistant's matter integration connected to the server; the lock entity id."""
    entry = MockConfigEntry(
        domain="matter", title="Matter", data={"url": matter_server.url, "use_addon": False}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get(LOCK) is not None
    yield LOCK
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
