"""Forwarding keypads bound to a door, through Home Assistant with its recorder.

The keypad's side is Home Assistant's own `zwave_js_notification`, fired on the bus as the
zwave_js integration fires it for a Z-Wave device (the full Z-Wave stack, with the keypad's
indicators, is in tests/providers/zwave_js/test_keypads.py). The doors are simulated locks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Generator
from typing import Any

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DOMAIN, EVENT_ACCESS
from custom_components.housekey.providers.zwave_js_keypad import ENTER

from .conftest import BACK, FRONT, call, logged, settle, setup_household
from .conftest import Recorder as Events

PIN = "46820135"
EXCLUDED = {"exclude": {"event_types": ["zwave_js_notification"]}}


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> Generator[None]:
    """Start the recorder before Home Assistant, then load custom integrations."""
    return


def zwave_device(hass: HomeAssistant, node: int, name: str = "Hall keypad") -> str:
    """Register a Z-Wave device as Home Assistant's zwave_js would (its entry not loaded)."""
    entry = MockConfigEntry(domain="zwave_js")
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("zwave_js", f"1-{node}")}, name=name
    )
    return device.id


def keypad_options(**bindings: str) -> dict[str, Any]:
    return {"keypads": {k: {"lock": lock, "name": "Hall keypad"} for k, lock in bindings.items()}}


def typed(hass: HomeAssistant, device_id: str, code: str, event_type: int = ENTER) -> None:
    """Fire what Home Assistant's zwave_js fires for an Entry Control Notification."""
    hass.bus.async_fire(
        "zwave_js_notification",
        {
            "domain": "zwave_js",
            "node_id": 3,
            "home_id": 1,
            "endpoint": 0,
            "device_id": device_id,
            "command_class": 111,
            "command_class_name": "Entry Control",
            "event_type": event_type,
            "event_type_label": "Enter",
            "data_type": 2,
            "data_type_label": "ASCII",
            "event_data": code,
        },
    )


def issues(hass: HomeAssistant) -> dict[str, ir.IssueEntry]:
    return {i: issue for (d, i), issue in ir.async_get(hass).issues.items() if d == DOMAIN}


async def test_a_bound_keypad_opens_its_door_only(hass: HomeAssistant, events: Events) -> None:
    hall, garage = zwave_device(hass, 3), zwave_device(hass, 4, "Garage keypad")
    entry = await setup_household(hass, options=keypad_options(**{hall: BACK}))
    added = await call(hass, "add_person", {"name": "Amy", "pin": PIN})
    await settle(entry.runtime_data)
    notifications: list[Event] = []
    hass.bus.async_listen("zwave_js_notification", notifications.append)

    typed(hass, garage, PIN)  # not bound
    typed(hass, hall, PIN, event_type=25)  # cancel
    typed(hass, hall, "")  # Enter with nothing typed
    await hass.async_block_till_done()
    assert events.of(EVENT_ACCESS) == []

    typed(hass, hall, PIN)
    await hass.async_block_till_done()
    assert hass.states.get(BACK).state == "unlocked"
    assert hass.states.get(FRONT).state == "locked"
    [access] = events.of(EVENT_ACCESS)
    assert (access["lock"], access["outcome"], access["method"]) == (BACK, "granted", "keypad")
    assert access["person_id"] == added["person_id"]
    # The opening is the keypad event's consequence, as an automation's would be.
    assert hass.states.get(BACK).context.parent_id == notifications[-1].context.id


async def test_the_recorder_keeping_typed_codes_raises_a_repair_with_the_lines_to_stop_it(
    hass: HomeAssistant,
) -> None:
    hall = zwave_device(hass, 3)
    entry = await setup_household(hass, options=keypad_options(**{hall: FRONT}))
    issue = issues(hass)[f"keypad_codes_recorded.{entry.entry_id}"]
    assert issue.translation_placeholders == {"event_type": "zwave_js_notification"}
    assert issue.learn_more_url is not None and issue.learn_more_url.endswith("#forwarding-keypads")

    # Unbound, there is nothing to warn about.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"simulated_locks": 2, "pin_min": 6, "pin_max": 8, "keypads": {"unbind": [hall]}},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert "keypads" not in entry.options
    assert issues(hass) == {}


@pytest.mark.parametrize("recorder_config", [EXCLUDED])
async def test_no_repair_once_the_recorder_excludes_the_keypad_events(hass: HomeAssistant) -> None:
    await setup_household(hass, options=keypad_options(**{zwave_device(hass, 3): FRONT}))
    assert issues(hass) == {}


async def test_a_bound_keypad_that_is_gone_raises_a_repair_until_it_is_back(
    hass: HomeAssistant, hass_client: Any
) -> None:
    hall = zwave_device(hass, 3)
    options = keypad_options(**{hall: FRONT, "gone": BACK})
    entry = await setup_household(hass, options=options)
    missing = f"keypad_missing.{entry.entry_id}."
    assert {i for i in issues(hass) if i.startswith(missing)} == {f"{missing}gone"}
    assert issues(hass)[f"{missing}gone"].translation_placeholders == {
        "keypad": "Hall keypad",
        "door": BACK,
    }

    devices = dr.async_get(hass)
    removed = devices.async_get(hall)
    assert removed is not None
    devices.async_remove_device(hall)
    await hass.async_block_till_done()
    assert f"{missing}{hall}" in issues(hass)
    # Re-included with the same identifiers, the device comes back under its old id.
    back = devices.async_get_or_create(
        config_entry_id=removed.config_entry_id, identifiers=removed.identifiers
    )
    await hass.async_block_till_done()
    assert back.id == hall
    typed(hass, hall, "", event_type=25)  # it speaks (2026.8 announces no returning device)
    await hass.async_block_till_done()
    assert f"{missing}{hall}" not in issues(hass)
    assert f"{missing}gone" in issues(hass)


async def test_a_renamed_door_keeps_its_keypads(hass: HomeAssistant) -> None:
    hall = zwave_device(hass, 3)
    entry = await setup_household(hass, options=keypad_options(**{hall: FRONT}))
    er.async_get(hass).async_update_entity(FRONT, new_entity_id="lock.entrance")
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    assert entry.options["keypads"][hall]["lock"] == "lock.entrance"
    await call(hass, "add_person", {"name": "Amy", "pin": PIN})
    await settle(entry.runtime_data)
    typed(hass, hall, PIN)
    await hass.async_block_till_done()
    assert hass.states.get("lock.entrance").state == "unlocked"


async def test_a_door_with_a_keypad_cannot_leave_the_household(hass: HomeAssistant) -> None:
    hall = zwave_device(hass, 3)
    entry = await setup_household(hass, options=keypad_options(**{hall: BACK}))
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {"name": "Maple Street", "simulated_locks": 1, "pin_min": 6, "pin_max": 8},
    )
    assert result["errors"] == {"locks": "keypad_door_removed"}
    assert result["description_placeholders"]["keypad"] == "Hall keypad"
    assert result["description_placeholders"]["door"] == BACK

    # The options keep the bindings they do not change.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"simulated_locks": 2, "pin_min": 6, "pin_max": 7}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options["keypads"] == {hall: {"lock": BACK, "name": "Hall keypad"}}
    # Without a Z-Wave Entry Control keypad in reach, none is offered to bind.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    with pytest.raises(InvalidData):
        await hass.config_entries.options.async_configure(
            result["flow_id"],
            {"simulated_locks": 2, "pin_min": 6, "pin_max": 8, "keypads": {"bind": hall}},
        )


async def test_a_keypad_automation_passing_the_typed_code_raises_no_repair_a_literal_one_does(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """A code handed on from a trigger or a field is no code in a configuration; one
    written into a script is (its traces keep it), and the repair says so."""
    hall = zwave_device(hass, 3)
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Amy", "pin": PIN})
    await settle(entry.runtime_data)
    forward = {
        "action": "housekey.submit_code",
        "data": {"lock": FRONT, "code": "{{ trigger.event.data.event_data }}"},
    }
    automation = {
        "id": "keypad",
        "triggers": [
            {
                "trigger": "event",
                "event_type": "zwave_js_notification",
                "event_data": {"device_id": hall, "command_class": 111, "event_type": ENTER},
            }
        ],
        "actions": [forward],
    }
    assert await async_setup_component(hass, "automation", {"automation": automation})
    field = {"action": "housekey.submit_code", "data": {"lock": BACK, "code": "{{ code }}"}}
    literal = {"action": "housekey.submit_code", "data": {"lock": BACK, "code": "13572468"}}
    scripts = {
        "keypad": {"fields": {"code": {}}, "sequence": [field]},
        "fixed": {"sequence": [literal]},
    }
    assert await async_setup_component(hass, "script", {"script": scripts})

    typed(hass, hall, PIN)
    await hass.async_block_till_done()
    assert hass.states.get(FRONT).state == "unlocked"
    await hass.services.async_call("script", "keypad", {"code": PIN}, blocking=True)
    assert hass.states.get(BACK).state == "unlocked"
    assert "code_in_script" not in issues(hass)

    await hass.services.async_call("script", "fixed", blocking=True)
    issue = issues(hass)["code_in_script"]
    assert issue.translation_placeholders == {"source": "script.fixed"}
    await hass.async_stop(force=True)
    saved = json.dumps(hass_storage["trace.saved_traces"]["data"]["automation.keypad"])
    assert PIN not in saved  # the trigger's event data, and the step's call


async def test_an_esphome_keypad_refused_its_action_logs_no_code(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """Home Assistant's ESPHome integration logs the data of an action call it refuses (the
    device is not allowed to call actions) as an error: the code typed is not in it."""
    await setup_household(hass)
    logging.getLogger("homeassistant.components.esphome.manager").error(
        "%s: Service call %s.%s: with data %s rejected",
        "Porch keypad",
        "housekey",
        "submit_code",
        {"lock": FRONT, "code": PIN},
    )
    assert "Porch keypad: Service call housekey.submit_code" in caplog.text
    assert PIN not in caplog.text


async def test_a_door_that_does_not_open_is_logged_by_the_keypad_without_the_code(
    hass: HomeAssistant, events: Events, caplog: pytest.LogCaptureFixture
) -> None:
    hall = zwave_device(hass, 3)
    entry = await setup_household(hass, options=keypad_options(**{hall: FRONT}))
    await call(hass, "add_person", {"name": "Amy", "pin": PIN})
    await settle(entry.runtime_data)
    entry.runtime_data.keypads[FRONT].set_unreachable(True)
    await hass.async_block_till_done()
    typed(hass, hall, PIN)
    await hass.async_block_till_done()
    assert [a["outcome"] for a in events.of(EVENT_ACCESS)] == ["denied"]
    assert "A code typed at keypad Hall keypad did not open lock.front_door" in logged(caplog)
    assert PIN not in logged(caplog)
