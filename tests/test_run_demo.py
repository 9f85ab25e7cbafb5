"""`make run` seeds its household as files; Housekey must load them as the demo promises."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntries, ConfigEntryDisabler, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.housekey.const import DOMAIN
from custom_components.housekey.core.policy import PinPolicy, check_pin

from .conftest import settle

LOCKS = ("lock.front_door", "lock.back_door", "lock.garage_door")


def _run_demo() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "scripts" / "run_demo.py"
    spec = importlib.util.spec_from_file_location("run_demo", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_demo_pins_follow_the_household_rules() -> None:
    """The demo's PINs bypass the actions' checks, so they are checked here."""
    demo = _run_demo()
    pins = [pin for _, _, pin, _, _ in demo.PEOPLE]
    policy = PinPolicy(demo.OPTIONS["pin_min"], demo.OPTIONS["pin_max"])
    for pin in pins:
        assert check_pin(pin, policy, taken=[p for p in pins if p != pin]) is None


async def test_the_seeded_household_loads_and_its_codes_reach_the_locks(
    hass: HomeAssistant, hass_storage: dict, freezer: FrozenDateTimeFactory
) -> None:
    # A Tuesday morning, household time: Dana (Mon and Thu) is outside her hours.
    now = datetime(2026, 12, 1, 10, 0, tzinfo=dt_util.get_default_time_zone())
    freezer.move_to(now)
    files = _run_demo().storage(dt_util.utcnow())
    hass_storage.update(files)
    # Home Assistant's own loader reads the config entry the demo wrote.
    entries = ConfigEntries(hass, {})
    await entries.async_initialize()
    [entry] = entries.async_entries(DOMAIN)
    # The demo goes online for nothing: Home Assistant's Marketplace is turned off.
    [marketplace] = entries.async_entries("marketplace", include_disabled=True)
    assert marketplace.disabled_by is ConfigEntryDisabler.USER
    assert f"housekey.{entry.entry_id}" in files
    await hass.config_entries.async_add(entry)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    runtime = entry.runtime_data
    await settle(runtime)

    assert sorted(runtime.locks) == sorted(LOCKS)
    for lock in LOCKS:
        assert hass.states.get(f"sensor.{lock.removeprefix('lock.')}_code_sync").state == "in_sync"
    statuses = {
        name: hass.states.get(f"sensor.demo_house_{name.lower()}").state
        for name in ("Alice", "Bob", "Carol", "Dana", "Eve")
    }
    assert statuses == {
        "Alice": "active",
        "Bob": "active",
        "Carol": "active",
        "Dana": "scheduled",
        "Eve": "active",
    }
    household = runtime.household
    pins = {p.name: p.pin for p in household.current()}
    everywhere = sorted(pins[n] for n in ("Alice", "Bob", "Eve"))
    assert sorted(runtime.keypads["lock.front_door"].codes.values()) == sorted(
        [*everywhere, pins["Carol"]]
    )
    for lock in LOCKS[1:]:
        assert sorted(runtime.keypads[lock].codes.values()) == everywhere
    eve = household.find("Eve")
    assert eve is not None and eve.sponsor == household.find("Alice").person_id  # type: ignore[union-attr]
    assert eve.valid_until == dt_util.utcnow() + timedelta(days=3)


def test_the_banner_shows_the_demo_pins_only_for_a_freshly_seeded_household() -> None:
    """Once the demo has run, people may have changed: the seeded PINs would mislead."""
    demo = _run_demo()
    pins = [pin for _, _, pin, _, _ in demo.PEOPLE]
    assert all(pin in demo.banner(fresh=True) for pin in pins)
    assert not [pin for pin in pins if pin in demo.banner(fresh=False)]
