"""Shared fixtures: a household of simulated locks driven through the real integration."""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from typing import Any

import pytest
from homeassistant.core import Event, HomeAssistant, ServiceCall, callback
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.housekey.const import (
    CONF_LOCKS,
    CONF_PIN_MAX,
    CONF_PIN_MIN,
    CONF_SIMULATED_LOCKS,
    CONF_SIMULATED_SCHEDULES,
    DOMAIN,
    EVENT_ACCESS,
    EVENT_ADMIN,
    EVENT_ALERT,
)
from custom_components.housekey.runtime import Housekey
from custom_components.housekey.sync import LockSync

pytest_plugins = "pytest_homeassistant_custom_component"

FRONT = "lock.front_door"
BACK = "lock.back_door"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> Generator[None]:
    """Load custom_components/housekey in every test."""
    return


@pytest.fixture(autouse=True)
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Give every test a configuration directory of its own: the audit journal writes there."""
    return hass_tmp_config_dir


@pytest.fixture(autouse=True)
def check_pending_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check the sync engine's slot-by-slot pending set against a recount, in every test."""
    monkeypatch.setattr(LockSync, "SELF_CHECK", True)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in tests/snapshots/, written with Home Assistant's serializer (as core's tests).

    The plugin's own fixture of this name loses to syrupy's plain one: this one is nearer.
    """
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


async def setup_household(
    hass: HomeAssistant,
    *,
    name: str = "Maple Street",
    simulated: int = 2,
    locks: list[str] | None = None,
    pin_min: int = 6,
    pin_max: int = 8,
    entry: MockConfigEntry | None = None,
    options: dict[str, Any] | None = None,
    schedules: bool = False,
) -> MockConfigEntry:
    """Create (or re-load) a household config entry and wait until its locks settle.

    `schedules`: the simulated keypads hold schedules themselves (Enforcement.LOCK).
    """
    if entry is None:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=name,
            data={"name": name},
            options={
                CONF_LOCKS: locks or [],
                CONF_SIMULATED_LOCKS: simulated,
                CONF_PIN_MIN: pin_min,
                CONF_PIN_MAX: pin_max,
                **(options or {}),
                **({CONF_SIMULATED_SCHEDULES: True} if schedules else {}),
            },
        )
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    return entry


async def settle(runtime: Housekey, timeout: float = 5.0) -> None:
    """Wait until no lock has work it can do now."""

    def idle() -> bool:
        return not any(s.working for s in [*runtime.locks.values(), *runtime.retiring.values()])

    async with asyncio.timeout(timeout):
        while True:
            # A few turns of the loop first: under a frozen clock a timed sleep never ends.
            for _ in range(3):
                await asyncio.sleep(0)
                await runtime.hass.async_block_till_done()
                if idle():
                    return
            await asyncio.sleep(0.01)


async def call(
    hass: HomeAssistant, service: str, data: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    """Call a Housekey action and return its response."""
    return await hass.services.async_call(
        DOMAIN, service, data or {}, blocking=True, return_response=True, **kwargs
    )


class Recorder:
    """Collects Housekey's bus events."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.events: list[Event] = []

        @callback
        def record(event: Event) -> None:
            self.events.append(event)

        for event_type in (EVENT_ACCESS, EVENT_ADMIN, EVENT_ALERT):
            hass.bus.async_listen(event_type, record)

    def of(self, event_type: str) -> list[dict[str, Any]]:
        return [dict(e.data) for e in self.events if e.event_type == event_type]


@pytest.fixture
def events(hass: HomeAssistant) -> Recorder:
    """Record Housekey's events."""
    return Recorder(hass)


@pytest.fixture
async def household(hass: HomeAssistant) -> MockConfigEntry:
    """A household with two simulated keypad locks and nobody in it yet."""
    return await setup_household(hass)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """Return what was logged, less the test harness's in-memory Store (it logs what it stores;
    Home Assistant's real Store does not)."""
    return "\n".join(
        r.getMessage()
        for r in caplog.records
        if not r.name.startswith("pytest_homeassistant_custom_component")
    )


def capture_notifications(hass: HomeAssistant, name: str) -> list[str]:
    """Register `notify.<name>` and return the list of messages it is sent."""
    sent: list[str] = []

    async def notify(service_call: ServiceCall) -> None:
        sent.append(service_call.data["message"])

    hass.services.async_register("notify", name, notify)
    return sent


def guest_with_notice(name: str, notify: str) -> list[dict[str, Any]]:
    """Return the README's automation steps: add a guest, and send them the generated PIN."""
    return [
        {
            "action": "housekey.add_guest",
            "data": {"name": name, "valid_until": "2099-01-01 12:00:00"},
            "response_variable": "guest",
        },
        {"action": f"notify.{notify}", "data": {"message": f"{name}'s code: {{{{ guest.pin }}}}"}},
    ]
