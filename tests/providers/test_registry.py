"""The backend registry: every stack-specific list Housekey keeps follows from it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant import config_entries
from homeassistant.core import HomeAssistant

from custom_components.housekey import privacy
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.core.lock_schedule import Enforcement
from custom_components.housekey.providers import BACKENDS, HOST_INTEGRATIONS, PROVIDER_BY_PLATFORM
from custom_components.housekey.providers.base import Capabilities, LockProvider, Method, Readback
from custom_components.housekey.providers.simulated import SimulatedProvider

MANIFEST = Path(__file__).parents[2] / "custom_components" / "housekey" / "manifest.json"


def test_manifest_loads_after_every_host_integration() -> None:
    manifest = json.loads(MANIFEST.read_text())
    # Besides the lock stacks, the frontend pieces the sidebar panel registers with, and the
    # calendars whose events become guests (read once their entities exist).
    panel = {"frontend", "http", "panel_custom"}
    expected = HOST_INTEGRATIONS | panel | {"calendar"}
    assert sorted(manifest["after_dependencies"]) == sorted(expected)


def test_each_backend_names_its_stack_once() -> None:
    assert {p.integration for p in BACKENDS} == set(PROVIDER_BY_PLATFORM) == HOST_INTEGRATIONS
    assert all(PROVIDER_BY_PLATFORM[p.integration] is p for p in BACKENDS)
    backends = [p.backend for p in (*BACKENDS, SimulatedProvider)]
    assert all(backends)
    assert len(set(backends)) == len(backends)


def test_bulk_reads_are_declared_not_guessed() -> None:
    """The sync engine uses a provider's bulk read only where the provider says it has one."""
    for provider in (*BACKENDS, SimulatedProvider):
        overrides = provider.async_read_slots is not LockProvider.async_read_slots
        assert provider.bulk_read is overrides, provider.__name__


def test_action_calls_to_every_host_integration_are_redacted() -> None:
    assert {"lock"} | HOST_INTEGRATIONS == privacy.LOCK_DOMAINS


async def test_config_flow_offers_the_locks_of_every_backend(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    schema = result["data_schema"].schema
    locks = next(v for k, v in schema.items() if str(k) == "locks")
    offered: list[dict[str, Any]] = locks.config["filter"]
    assert sorted(f["integration"] for f in offered) == sorted(HOST_INTEGRATIONS)


def test_capabilities_keep_their_stored_format() -> None:
    caps = Capabilities(
        slots=30,
        pin_min=4,
        pin_max=8,
        readback=Readback.MASKED,
        methods=frozenset({Method.RF, Method.KEYPAD}),
        week_day_schedules=4,
        year_day_schedules=1,
        disposable_users=True,
        single_day_schedules=7,
    )
    stored = {
        "slots": 30,
        "pin_min": 4,
        "pin_max": 8,
        "readback": "masked",
        "methods": ["keypad", "rf"],
        "week_day_schedules": 4,
        "year_day_schedules": 1,
        "disposable_users": True,
        "single_day_schedules": 7,
    }
    assert caps.to_dict() == stored
    assert Capabilities.from_dict(stored) == caps
    # records written before schedules and methods were read
    old = Capabilities.from_dict(
        {"slots": 10, "pin_min": 4, "pin_max": 8, "readback": "full", "schedules": True}
    )
    assert old.methods == frozenset({Method.KEYPAD})
    # the unused `schedules` flag of older records is ignored: no schedule is held
    assert old.schedule_support.enforcement is Enforcement.HOME_ASSISTANT
    assert old.before_schedules
    # saved before Z-Wave locks were asked for their Week Day slots: asked once more
    without = {k: v for k, v in stored.items() if k != "single_day_schedules"}
    assert Capabilities.from_dict(without).before_schedules
    assert not Capabilities.from_dict(stored).before_schedules
