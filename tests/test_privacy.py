"""Codes given to actions stay out of the recorder's database file, traces and logs.

These tests run Home Assistant's real recorder on an SQLite file and read the file
and its write-ahead log as bytes, so a code cannot hide in a table or page the
queries do not look at.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.db_schema import EventData, Events, EventTypes
from homeassistant.components.recorder.util import session_scope
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import floor_registry as fr
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers import label_registry as lr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.housekey.const import DOMAIN

from .conftest import (
    BACK,
    FRONT,
    call,
    capture_notifications,
    guest_with_notice,
    logged,
    settle,
    setup_household,
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> Generator[None]:
    """Start the recorder before Home Assistant, then load custom integrations."""
    return


@pytest.fixture
def persistent_database() -> bool:
    """Record to an SQLite file (with its write-ahead log), not to memory."""
    return True


def database_bytes(recorder: Recorder) -> bytes:
    """Return the recorder's database file and write-ahead log, as stored on disk."""
    path = Path(recorder.db_url.removeprefix("sqlite:///"))
    files = [path, path.with_name(path.name + "-wal")]
    assert files[0].stat().st_size > 0
    return b"".join(f.read_bytes() for f in files if f.exists())


async def recorded_calls(recorder: Recorder, hass: HomeAssistant) -> list[str]:
    """Return the recorded data of every action call."""

    def query() -> list[str]:
        with session_scope(hass=hass, read_only=True) as session:
            rows = (
                session.query(EventData.shared_data)
                .join(Events, Events.data_id == EventData.data_id)
                .join(EventTypes, Events.event_type_id == EventTypes.event_type_id)
                .filter(EventTypes.event_type == "call_service")
                .all()
            )
            return [row[0] for row in rows]

    return await recorder.async_add_executor_job(query)


def _front_device(hass: HomeAssistant) -> str:
    device_id = er.async_get(hass).async_get(FRONT).device_id
    assert device_id is not None
    return device_id


def _in_area(hass: HomeAssistant, *, device: bool = False) -> str:
    area = ar.async_get(hass).async_get_or_create("Hall")
    if device:
        dr.async_get(hass).async_update_device(_front_device(hass), area_id=area.id)
    else:
        # An entity has an area of its own only with a name of its own.
        er.async_get(hass).async_update_entity(FRONT, name="Front door", area_id=area.id)
    return area.id


def _on_floor(hass: HomeAssistant) -> str:
    floor = fr.async_get(hass).async_create("Ground floor")
    area = ar.async_get(hass).async_get_or_create("Porch")
    ar.async_get(hass).async_update(area.id, floor_id=floor.floor_id)
    er.async_get(hass).async_update_entity(FRONT, name="Front door", area_id=area.id)
    return floor.floor_id


def _labelled(hass: HomeAssistant, *, device: bool = False) -> str:
    label = lr.async_get(hass).async_create("Doors")
    if device:
        dr.async_get(hass).async_update_device(_front_device(hass), labels={label.label_id})
    else:
        er.async_get(hass).async_update_entity(FRONT, labels={label.label_id})
    return label.label_id


#: Every way Home Assistant lets an action name its target, each reaching a managed lock.
TARGETS: dict[str, Callable[[HomeAssistant], dict[str, Any]]] = {
    "entity_id": lambda hass: {"entity_id": FRONT},
    "entity_id list": lambda hass: {"entity_id": [BACK, FRONT]},
    "upper case": lambda hass: {"entity_id": FRONT.upper()},
    "comma-separated": lambda hass: {"entity_id": f"{BACK}, {FRONT}"},
    "all": lambda hass: {"entity_id": "all"},
    "device_id": lambda hass: {"device_id": _front_device(hass)},
    "area_id": lambda hass: {"area_id": _in_area(hass)},
    "area of the device": lambda hass: {"area_id": _in_area(hass, device=True)},
    "floor_id": lambda hass: {"floor_id": _on_floor(hass)},
    "label_id": lambda hass: {"label_id": _labelled(hass)},
    "label of the device": lambda hass: {"label_id": _labelled(hass, device=True)},
}
CODE = "40917253"


@pytest.mark.parametrize("how", [*TARGETS, "target"])
async def test_a_code_for_a_managed_lock_never_reaches_the_database(
    recorder_mock: Recorder, hass: HomeAssistant, how: str
) -> None:
    await setup_household(hass)
    if how == "target":  # a separate `target:`, as scripts and the UI send it
        kwargs: dict[str, Any] = {"target": {"device_id": [_front_device(hass)]}}
        data: dict[str, Any] = {"code": CODE}
    else:
        kwargs, data = {}, {**TARGETS[how](hass), "code": CODE}
    with contextlib.suppress(HomeAssistantError):  # a wrong code: the keypad refuses it
        await hass.services.async_call("lock", "unlock", data, blocking=True, **kwargs)
    await async_wait_recording_done(hass)

    calls = [c for c in await recorded_calls(recorder_mock, hass) if '"unlock"' in c]
    assert len(calls) == 1
    assert "**REDACTED**" in calls[0]
    assert CODE.encode() not in database_bytes(recorder_mock)


async def test_a_code_from_a_script_target_never_reaches_the_database(
    recorder_mock: Recorder, hass: HomeAssistant
) -> None:
    await setup_household(hass)
    area = _in_area(hass, device=True)
    step = {"action": "lock.unlock", "target": {"area_id": area}, "data": {"code": CODE}}
    assert await async_setup_component(
        hass, "script", {"script": {"open_hall": {"sequence": [step]}}}
    )
    with contextlib.suppress(HomeAssistantError):
        await hass.services.async_call("script", "open_hall", blocking=True)
    await async_wait_recording_done(hass)
    assert CODE.encode() not in database_bytes(recorder_mock)


SCRIPT_PIN = "04829173"  # a leading zero keeps a template's result text


async def test_traces_keep_no_pin_housekey_can_reach_and_a_repair_names_the_rest(
    recorder_mock: Recorder, hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await setup_household(hass)
    sequence = [
        {"action": "housekey.add_person", "data": {"name": "Zed"}, "response_variable": "added"},
        {"action": "housekey.set_pin", "data": {"person": "Zed", "pin": "{{ pin }}"}},
        {"wait_template": "{{ is_state('sensor.front_door_code_sync', 'in_sync') }}"},
        {"action": "lock.unlock", "target": {"entity_id": FRONT}, "data": {"code": "{{ pin }}"}},
        {"variables": {"greeting": "{{ added.person_id }} is in"}},
    ]
    assert await async_setup_component(
        hass, "script", {"script": {"welcome": {"fields": {"pin": {}}, "sequence": sequence}}}
    )
    await hass.services.async_call("script", "welcome", {"pin": SCRIPT_PIN}, blocking=True)
    await settle(entry.runtime_data)
    generated = entry.runtime_data.household.find("Zed")
    assert generated is not None and generated.pin == SCRIPT_PIN
    assert hass.states.get(FRONT).state == "unlocked"  # the script got its codes through

    issues = [i for (d, _), i in ir.async_get(hass).issues.items() if d == DOMAIN]
    assert [(i.translation_key, i.translation_placeholders) for i in issues] == [
        ("code_in_script", {"source": "script.welcome"})
    ]
    await hass.async_stop(force=True)
    traces = hass_storage["trace.saved_traces"]["data"]["script.welcome"]
    steps = traces[0]["extended_dict"]["trace"]
    recorded = {
        path: step[0]["result"]["params"]["service_data"]
        for path, step in steps.items()
        if "params" in step[0].get("result", {})
    }
    assert recorded["sequence/1"] == {"person": "Zed", "pin": "**REDACTED**"}
    assert recorded["sequence/3"]["code"] == "**REDACTED**"
    saved = json.dumps(traces)
    assert '"added": {"person_id": "p1", "pin": "**REDACTED**"}' in saved  # the response
    assert SCRIPT_PIN not in saved  # nor the script's field that brought it


async def test_a_pin_a_script_hands_over_in_its_only_step_stays_out_of_its_trace(
    recorder_mock: Recorder, hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """The step records the run's variables again when it ends, the field with the PIN too."""
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Zed"})
    step = {"action": "housekey.set_pin", "data": {"person": "Zed", "pin": "{{ pin }}"}}
    script = {"fields": {"pin": {}}, "sequence": [step]}
    assert await async_setup_component(hass, "script", {"script": {"rekey": script}})
    await hass.services.async_call("script", "rekey", {"pin": SCRIPT_PIN}, blocking=True)
    assert entry.runtime_data.household.people["p1"].pin == SCRIPT_PIN
    await hass.async_stop(force=True)
    saved = json.dumps(hass_storage["trace.saved_traces"]["data"]["script.rekey"])
    assert '"changed_variables"' in saved and '"pin": "**REDACTED**"' in saved
    assert SCRIPT_PIN not in saved


async def test_a_pin_written_into_a_script_stays_in_its_configuration_so_a_repair_says_so(
    recorder_mock: Recorder, hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Zed"})
    step = {"action": "housekey.set_pin", "data": {"person": "Zed", "pin": SCRIPT_PIN}}
    assert await async_setup_component(hass, "script", {"script": {"fixed": {"sequence": [step]}}})
    for _ in range(2):
        await hass.services.async_call("script", "fixed", blocking=True)
    assert entry.runtime_data.household.people["p1"].pin == SCRIPT_PIN
    issues = [i for (d, _), i in ir.async_get(hass).issues.items() if d == DOMAIN]
    assert [i.translation_key for i in issues] == ["code_in_script"]  # once
    await hass.async_stop(force=True)
    saved = json.dumps(hass_storage["trace.saved_traces"]["data"]["script.fixed"])
    assert '"pin": "**REDACTED**"' in saved  # the step's record of the call
    assert saved.count(SCRIPT_PIN) == 2  # the configuration, in each of the two traces


async def test_a_direct_call_or_a_generated_pin_raises_no_repair(
    recorder_mock: Recorder, hass: HomeAssistant
) -> None:
    await setup_household(hass)
    await call(hass, "add_person", {"name": "Amy", "pin": "40917253"})
    step = {"action": "housekey.add_person", "data": {"name": "Zed"}, "response_variable": "r"}
    assert await async_setup_component(hass, "script", {"script": {"add": {"sequence": [step]}}})
    await hass.services.async_call("script", "add", blocking=True)
    assert not [key for key in ir.async_get(hass).issues if key[0] == DOMAIN]


LOG_PINS = ("51739284", "62840395", "73951406")


async def test_debug_logs_of_action_calls_keep_no_code(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_ws_client: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    entry = await setup_household(hass)
    caplog.set_level(logging.DEBUG)
    hass.bus.async_fire("logging_changed")  # the bus logs each event from now on
    await call(hass, "add_person", {"name": "Amy", "pin": LOG_PINS[0]})
    # Refused by the schema, and logged in full at DEBUG by Home Assistant.
    with pytest.raises(Exception, match="extra keys|not a valid option"):
        await call(hass, "set_pin", {"person": "Amy", "pin": LOG_PINS[1], "colour": "red"})
    await settle(entry.runtime_data)
    with contextlib.suppress(HomeAssistantError):
        await hass.services.async_call(
            "lock", "unlock", {"device_id": _front_device(hass), "code": LOG_PINS[2]}, blocking=True
        )
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": "add_person",
            "service_data": {"name": "Bo"},
            "return_response": True,
        }
    )
    reply = await client.receive_json()
    generated = reply["result"]["response"]["pin"]
    await hass.async_block_till_done()

    messages = logged(caplog)
    assert "Bus:Handling <Event call_service" in messages
    assert "Received" in messages and "Sending" in messages  # the websocket's own lines
    for secret in (*LOG_PINS, generated):
        assert secret not in messages


async def test_a_generated_pin_a_script_passes_on_stays_out_of_history_and_traces(
    recorder_mock: Recorder, hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """The README's guest example: the PIN reaches the notification, and only there."""
    await setup_household(hass)
    sent = capture_notifications(hass, "alice")
    sequence = guest_with_notice("Dana", "alice")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": "dana",
                "triggers": [{"trigger": "event", "event_type": "dana_arrives"}],
                "actions": sequence,
            }
        },
    )
    hass.bus.async_fire("dana_arrives")
    await hass.async_block_till_done()
    assert len(sent) == 1
    pin = sent[0].removeprefix("Dana's code: ")
    assert pin.isdigit()
    await async_wait_recording_done(hass)
    assert "**REDACTED**" in "".join(await recorded_calls(recorder_mock, hass))
    assert pin.encode() not in database_bytes(recorder_mock)
    await hass.async_stop(force=True)
    assert "automation.dana" in hass_storage["trace.saved_traces"]["data"]
    assert pin not in json.dumps(hass_storage["trace.saved_traces"])
    assert not [key for key in ir.async_get(hass).issues if key[0] == DOMAIN]


TYPED = "58203917"


async def test_a_code_typed_at_a_forwarding_keypad_stays_out_of_history_and_traces(
    recorder_mock: Recorder, hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """`submit_code`'s code is redacted like `pin`; a one-step script's field stays out of its
    trace although the step records its variables again when it ends."""
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Amy", "pin": TYPED})
    await settle(entry.runtime_data)
    step = {"action": "housekey.submit_code", "data": {"lock": FRONT, "code": "{{ code }}"}}
    assert await async_setup_component(
        hass, "script", {"script": {"keypad": {"fields": {"code": {}}, "sequence": [step]}}}
    )
    await hass.services.async_call("script", "keypad", {"code": TYPED}, blocking=True)
    assert hass.states.get(FRONT).state == "unlocked"
    await call(hass, "submit_code", {"lock": BACK, "code": TYPED})
    await async_wait_recording_done(hass)
    calls = [c for c in await recorded_calls(recorder_mock, hass) if "submit_code" in c]
    assert len(calls) == 2 and all("**REDACTED**" in c for c in calls)
    assert TYPED.encode() not in database_bytes(recorder_mock)
    await hass.async_stop(force=True)
    saved = json.dumps(hass_storage["trace.saved_traces"]["data"]["script.keypad"])
    assert '"code": "**REDACTED**"' in saved
    assert TYPED not in saved
