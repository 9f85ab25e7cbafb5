"""Config, options and reconfigure flows."""

from __future__ import annotations

from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DOMAIN

from .conftest import FRONT, Recorder, call, settle, setup_household

USER_INPUT = {
    "name": "Maple Street",
    "locks": [],
    "simulated_locks": 2,
    "pin_min": 6,
    "pin_max": 8,
}


async def test_create_household(hass: HomeAssistant) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], USER_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Maple Street"
    assert result["data"] == {"name": "Maple Street"}
    assert result["options"] == {
        "locks": [],
        "simulated_locks": 2,
        "pin_min": 6,
        "pin_max": 8,
        "audit_hours": 0,  # the slow slot audit is off unless chosen
        "pin_reuse_days": 365,
        "review_days": 60,
    }
    await hass.async_block_till_done()
    assert hass.states.get("lock.front_door") is not None
    assert hass.states.get("lock.back_door") is not None


async def _errors(hass: HomeAssistant, **changes) -> dict[str, str]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, **changes}
    )
    assert result["type"] is FlowResultType.FORM
    return result["errors"]


async def test_form_errors(hass: HomeAssistant) -> None:
    MockConfigEntry(domain=DOMAIN, title="Maple Street", data={"name": "Maple Street"}).add_to_hass(
        hass
    )
    assert await _errors(hass, name="maple street") == {"name": "name_taken"}
    assert await _errors(hass, name="  ") == {"name": "name_empty"}
    assert await _errors(hass, name="Elm", simulated_locks=0) == {"base": "no_locks"}
    assert await _errors(hass, name="Elm", pin_min=8, pin_max=6) == {"pin_max": "pin_range"}
    assert await _errors(hass, name="Elm", locks=["lock.missing"]) == {"locks": "lock_not_found"}


async def test_lock_of_an_unsupported_integration_is_refused(hass: HomeAssistant) -> None:
    er.async_get(hass).async_get_or_create("lock", "demo", "front", suggested_object_id="demo_lock")
    assert await _errors(hass, name="Elm", locks=["lock.demo_lock"]) == {
        "locks": "lock_unsupported"
    }


async def test_lock_of_another_household_is_refused(hass: HomeAssistant) -> None:
    er.async_get(hass).async_get_or_create(
        "lock", "zwave_js", "3-2-lock", suggested_object_id="shared_lock"
    )
    MockConfigEntry(
        domain=DOMAIN,
        title="Other",
        data={"name": "Other"},
        options={"locks": ["lock.shared_lock"]},
    ).add_to_hass(hass)
    assert await _errors(hass, name="Elm", locks=["lock.shared_lock"]) == {
        "locks": "lock_in_other_household"
    }


async def test_options_change_policy_and_reload(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(household.entry_id)
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"locks": [], "simulated_locks": 3, "pin_min": 4, "pin_max": 10}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    await settle(household.runtime_data)
    assert household.runtime_data.policy.min_length == 4
    assert len(household.runtime_data.locks) == 3
    assert hass.states.get("lock.garage_door") is not None


async def test_an_option_makes_the_simulated_locks_hold_schedules(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    weekly = [{"days": ["mon"], "start": "08:00", "end": "12:00"}]
    await call(hass, "add_person", {"name": "Cleo", "pin": "482913", "weekly": weekly})
    result = await hass.config_entries.options.async_init(household.entry_id)
    assert "simulated_schedules" in result["data_schema"].schema
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"simulated_locks": 2, "pin_min": 6, "pin_max": 8, "simulated_schedules": True},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    await settle(household.runtime_data)
    sensor = hass.states.get("sensor.front_door_code_sync")
    assert sensor.attributes["enforcement"] == "lock"
    # Cleo is on the lock now, which admits her in her hours by itself.
    assert household.runtime_data.keypads[FRONT].schedule(1).week_days
    assert await hass.config_entries.async_unload(household.entry_id)


async def test_changing_the_options_is_on_the_admin_record(
    hass: HomeAssistant, household: MockConfigEntry, events: Recorder
) -> None:
    result = await hass.config_entries.options.async_init(household.entry_id)
    await hass.config_entries.options.async_configure(
        result["flow_id"], {"locks": [], "simulated_locks": 2, "pin_min": 6, "pin_max": 9}
    )
    await hass.async_block_till_done()
    assert [(a["household"], a["action"], a["actor"]) for a in events.of("housekey_admin")] == [
        ("Maple Street", "options_changed", None)
    ]


async def test_options_set_how_long_a_pin_is_barred_from_reuse(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(household.entry_id)
    assert "pin_reuse_days" in result["data_schema"].schema
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"locks": [], "simulated_locks": 2, "pin_min": 6, "pin_max": 8, "pin_reuse_days": 30},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert household.options["pin_reuse_days"] == 30
    assert household.runtime_data.reuse_days == 30


async def test_options_refuse_a_policy_that_existing_pins_break(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "48291357"})
    result = await hass.config_entries.options.async_init(household.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"locks": [], "simulated_locks": 2, "pin_min": 6, "pin_max": 7}
    )
    assert result["errors"] == {"pin_min": "pins_outside_policy"}


async def test_reconfigure_renames(hass: HomeAssistant) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "Elm House"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    assert entry.title == "Elm House"
    assert entry.runtime_data.name == "Elm House"
    # People and their codes survive the reload.
    assert entry.runtime_data.keypads[FRONT].codes == {1: "482913"}


OPTIONS = {"locks": [], "simulated_locks": 2, "pin_min": 6, "pin_max": 8}
BRUTE_FORCE = {"burst_attempts": 4, "burst_window": 30, "slow_attempts": 20, "slow_window": 12}


async def test_options_set_the_brute_force_windows(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(household.entry_id)
    section = result["data_schema"].schema["brute_force"]
    defaults = {str(k): k.default() for k in section.schema.schema}
    assert defaults == {
        "burst_attempts": 5,
        "burst_window": 60,
        "slow_attempts": 30,
        "slow_window": 24,
    }
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**OPTIONS, "brute_force": BRUTE_FORCE}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert household.options == {
        **OPTIONS,
        "pin_reuse_days": 365,  # the other options keep their defaults
        "review_days": 60,
        "audit_hours": 0,
        "max_window_hours": 24,  # the weekly-hour limits, untouched, at their defaults
        "max_windows": 7,
        "brute_force_burst_attempts": 4,
        "brute_force_burst_window": 30,
        "brute_force_slow_attempts": 20,
        "brute_force_slow_window": 12,
        "journal_retention_days": 365,
        "guest_quota": 3,  # residents' guests, at their defaults
        "guest_max_days": 14,
    }
    await hass.async_block_till_done()
    burst, slow = household.runtime_data.guard.policy.windows
    assert (burst.limit, burst.seconds, slow.limit, slow.seconds) == (4, 30, 20, 12 * 3600)


async def test_options_refuse_a_slow_window_no_longer_than_the_burst(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(household.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {**OPTIONS, "brute_force": {**BRUTE_FORCE, "burst_window": 3600, "slow_window": 1}},
    )
    assert result["errors"] == {"brute_force": "slow_window_short"}


async def test_reconfigure_keeps_the_brute_force_windows(hass: HomeAssistant) -> None:
    entry = await setup_household(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    await hass.config_entries.options.async_configure(
        result["flow_id"], {**OPTIONS, "brute_force": BRUTE_FORCE}
    )
    await hass.async_block_till_done()
    result = await entry.start_reconfigure_flow(hass)
    await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "Elm House"}
    )
    await hass.async_block_till_done()
    assert entry.options["brute_force_burst_attempts"] == 4
    assert entry.runtime_data.guard.policy.windows[0].limit == 4
