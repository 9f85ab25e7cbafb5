"""Fixtures: Home Assistant's real matter integration on the fake Matter server, or on the
real stack (python-matter-server and a matter.js lock, one per test module)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.providers.matter.fake_matter_server import FakeMatterServer, wait_for
from tests.providers.matter.real_stack import MatterStack, missing

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


async def matter_entry(hass: HomeAssistant, url: str) -> MockConfigEntry:
    """Set up Home Assistant's matter integration on the Matter server at `url`."""
    entry = MockConfigEntry(domain="matter", title="Matter", data={"url": url, "use_addon": False})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


@pytest.fixture
async def matter_lock(hass: HomeAssistant, matter_server: FakeMatterServer) -> AsyncIterator[str]:
    """Home Assistant's matter integration connected to the server; the lock entity id."""
    entry = await matter_entry(hass, matter_server.url)
    assert hass.states.get(LOCK) is not None
    yield LOCK
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


@pytest.fixture(scope="module")
def matter_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MatterStack]:
    """The real stack for one test module; the first test that uses it starts it."""
    if (reason := missing()) is not None:
        pytest.fail(reason, pytrace=False)
    stack = MatterStack(tmp_path_factory.mktemp("matter-stack"))
    try:
        yield stack
    finally:
        stack.stop()


@pytest.fixture
async def real_matter(matter_stack: MatterStack, socket_enabled: None) -> MatterStack:
    """The real stack, commissioned, with the lock's user and credential tables empty."""
    await matter_stack.ready()
    await matter_stack.reset()
    return matter_stack


@pytest.fixture
async def real_matter_lock(hass: HomeAssistant, real_matter: MatterStack) -> AsyncIterator[str]:
    """Home Assistant's matter integration on the real server; the matter.js lock's entity id."""
    entry = await matter_entry(hass, real_matter.url)
    registry = er.async_get(hass)
    locks = [
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == "lock"
    ]
    assert len(locks) == 1, locks
    await wait_for(lambda: hass.states.get(locks[0]) is not None)
    assert hass.states.get(locks[0]).state != STATE_UNAVAILABLE
    yield locks[0]
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
