"""Snapshots of a demo household: every entity (registry entry and state) and the diagnostics.

A change to what Housekey shows, on purpose or not, shows up as a diff of
tests/snapshots/test_snapshots.ambr (`pytest --snapshot-update` rewrites it). The clock
is frozen and the entry id fixed, so the file is the same on every run and release, and
it must never hold a PIN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.housekey.const import (
    CONF_LOCKS,
    CONF_PIN_MAX,
    CONF_PIN_MIN,
    CONF_SIMULATED_LOCKS,
    DOMAIN,
)

from .conftest import BACK, FRONT, call, settle, setup_household

PINS = {"Alice": "482913", "Bob": "739154", "Carol": "519374", "Dan": "604827"}
DURESS = "851736"
NOW = "2026-06-01T10:00:00+00:00"
SNAPSHOTS = Path(__file__).parent / "snapshots" / "test_snapshots.ambr"

# Frozen from before Home Assistant starts, so tokens, stored times and events agree.
pytestmark = pytest.mark.freeze_time(NOW)


async def demo_household(hass: HomeAssistant) -> MockConfigEntry:
    """A household of every kind of person, with a grant and a refusal at the keypads."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        entry_id="01JDEMOHOUSEHOLD0000000000",
        title="Maple Street",
        data={"name": "Maple Street"},
        options={CONF_LOCKS: [], CONF_SIMULATED_LOCKS: 2, CONF_PIN_MIN: 6, CONF_PIN_MAX: 8},
    )
    entry.add_to_hass(hass)
    await setup_household(hass, entry=entry)
    weekly = [{"days": ["mon", "thu"], "start": "08:00", "end": "12:00"}]
    steps: list[tuple[str, dict[str, Any]]] = [
        ("add_person", {"name": "Alice", "role": "admin", "pin": PINS["Alice"]}),
        ("update_person", {"person": "Alice", "duress_pin": DURESS}),
        (
            "add_guest",
            {
                "name": "Bob",
                "valid_until": "2026-06-08T10:00:00+00:00",
                "locks": [FRONT],
                "sponsor": "Alice",
            },
        ),
        ("set_pin", {"person": "Bob", "pin": PINS["Bob"]}),
        ("add_person", {"name": "Carol", "role": "service", "pin": PINS["Carol"]}),
        ("update_person", {"person": "Carol", "weekly": weekly}),
        ("add_person", {"name": "Dan", "pin": PINS["Dan"], "max_uses": 3}),
        ("suspend_person", {"person": "Dan"}),
    ]
    for action, data in steps:
        await call(hass, action, data)
        await settle(entry.runtime_data)  # each step reaches the locks: the same commands every run
    keypads = entry.runtime_data.keypads
    assert keypads[FRONT].enter_code(PINS["Alice"])
    assert not keypads[BACK].enter_code("000000")
    await settle(entry.runtime_data)
    return entry


async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every entity's registry entry and state, as `snapshot_platform` records them.

    Home Assistant's helper wants one platform loaded at a time; the simulated lock
    entities are registered with the household whatever platforms load, so all three
    platforms are recorded together here, under the helper's names.
    """
    entry = await demo_household(hass)
    entries = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert {e.domain for e in entries} == {"event", "lock", "sensor"}
    for entity_entry in sorted(entries, key=lambda e: e.entity_id):
        assert entity_entry == snapshot(name=f"{entity_entry.entity_id}-entry")
        assert entity_entry.disabled_by is None
        state = hass.states.get(entity_entry.entity_id)
        assert state is not None
        assert state == snapshot(name=f"{entity_entry.entity_id}-state")


async def test_diagnostics(
    hass: HomeAssistant, hass_client: Any, snapshot: SnapshotAssertion
) -> None:
    entry = await demo_household(hass)
    assert await get_diagnostics_for_config_entry(hass, hass_client, entry) == snapshot


def test_snapshots_hold_no_pin() -> None:
    text = SNAPSHOTS.read_text()
    assert "Alice" in text  # the entities' names are there: the file is the right one
    for code in [*PINS.values(), DURESS]:
        assert code not in text
