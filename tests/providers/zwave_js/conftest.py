"""Fixtures: the real Z-Wave JS stack and Home Assistant's real zwave_js integration on it."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncGenerator, Callable
from pathlib import Path

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .harness import STACK_DIR, ZwaveStack

if shutil.which("node") is None or not (STACK_DIR / "node_modules" / "zwave-js").is_dir():
    pytest.fail(
        "The Z-Wave JS stack is not installed: run scripts/e2e_deps.sh (make e2e-deps)",
        pytrace=False,
    )


async def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Poll a condition while letting Home Assistant run."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


@pytest.fixture(autouse=True)
def no_firmware_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep zwave_js's firmware update entity from asking for updates during a test.

    It asks 15 s after it is added and, whatever the answer, schedules its next check a
    day later: a test that ends while that question is out leaves the day's timer behind
    (Home Assistant's test plugin fails the test for it). The question itself is for the
    firmware update service on the internet, which has no part in these tests.
    """
    from homeassistant.components.zwave_js import update

    monkeypatch.setattr(update, "UPDATE_DELAY_INTERVAL", 24 * 3600)


@pytest.fixture
def zwave_lock_args() -> tuple[str, ...]:
    """What the mock lock is (mock_lock.cjs arguments): a module overrides it for another lock."""
    return ()


@pytest.fixture
async def zwave_stack(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    socket_enabled: None,
    zwave_lock_args: tuple[str, ...],
) -> AsyncGenerator[ZwaveStack]:
    """A fresh mock lock, driver (fresh cache) and websocket server for this test.

    Parametrized indirectly, the parameter holds ZwaveStack's options (the lock's clock).
    """
    stack = ZwaveStack(tmp_path / "zwave", zwave_lock_args, **getattr(request, "param", {}))
    try:
        await stack.start()
        yield stack
    finally:
        await stack.stop()


async def zwave_js_entry(hass: HomeAssistant, url: str) -> MockConfigEntry:
    """Set up Home Assistant's zwave_js integration on the Z-Wave JS server at `url`."""
    entry = MockConfigEntry(
        domain="zwave_js",
        title="Z-Wave JS",
        data={"url": url, "use_addon": False, "integration_created_addon": False},
        unique_id="2119630849",  # the mock controller's home id
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED
    return entry


@pytest.fixture
async def zwave_entry(hass: HomeAssistant, zwave_stack: ZwaveStack) -> MockConfigEntry:
    """Home Assistant's zwave_js integration, connected to the stack."""
    return await zwave_js_entry(hass, zwave_stack.url)


@pytest.fixture
async def zwave_lock(hass: HomeAssistant, zwave_entry: MockConfigEntry) -> str:
    """The entity id of the mock lock, once the driver has interviewed it."""
    registry = er.async_get(hass)

    def lock_entity() -> str | None:
        return next(
            (
                e.entity_id
                for e in er.async_entries_for_config_entry(registry, zwave_entry.entry_id)
                if e.domain == "lock"
            ),
            None,
        )

    await wait_for(lambda: lock_entity() is not None, 30)
    entity_id = lock_entity()
    assert entity_id is not None
    await wait_for(
        lambda: (state := hass.states.get(entity_id)) is not None
        and state.state != STATE_UNAVAILABLE
    )
    return entity_id
