"""`housekey.reveal_pin`: an admin's way to a guest's code, recorded, and never kept elsewhere.

The README's automation runs here as written: a day before a guest's window opens it
asks for their code and sends it to the host. The code reaches the message, and not
the recorder's database file, the saved traces or the DEBUG log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Generator
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockUser, async_fire_time_changed
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from .conftest import Recorder as Events
from .conftest import call, capture_notifications, logged, settle, setup_household
from .test_privacy import database_bytes, recorded_calls


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


#: the README's automation (section *Automations*), for the guest Dana
DAY_BEFORE = {
    "id": "dana_code",
    "triggers": [
        {
            "trigger": "template",
            "value_template": (
                "{{ now() >= as_datetime(state_attr('sensor.maple_street_dana', 'valid_from'))"
                " - timedelta(days=1) }}"
            ),
        }
    ],
    "actions": [
        {
            "action": "housekey.reveal_pin",
            "data": {"person": "Dana"},
            "response_variable": "code",
        },
        {
            "action": "notify.host",
            "data": {"message": "Dana arrives tomorrow. Her door code: {{ code.pin }}"},
        },
    ],
}


async def test_an_admin_sees_a_pin_others_are_refused_and_both_are_recorded(
    hass: HomeAssistant,
    events: Events,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    entry = await setup_household(hass)
    added = await call(hass, "add_guest", {"name": "Dana", "valid_until": "2099-01-01"})
    admin = Context(user_id=hass_admin_user.id)
    shown = await call(hass, "reveal_pin", {"person": "Dana"}, context=admin)
    assert shown == {"person_id": added["person_id"], "pin": added["pin"]}
    assert entry.runtime_data.household.people[added["person_id"]].pin == shown["pin"]
    reader = Context(user_id=hass_read_only_user.id)
    with pytest.raises(Unauthorized) as err:
        await call(hass, "reveal_pin", {"person": "Dana"}, context=reader)
    assert err.value.translation_key == "admin_required"
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "reveal_pin", {"person": "Nobody"}, context=admin)
    assert err.value.translation_key == "unknown_person"
    revealed = [e for e in events.of("housekey_admin") if e["action"] == "reveal_pin"]
    assert revealed == [
        {
            "household": "Maple Street",
            "action": "reveal_pin",
            "person_id": added["person_id"],
            "person_name": "Dana",
            "actor": hass_read_only_user.id,
            "refused": "admin_required",
        }
    ]
    shown_events = [e for e in events.of("housekey_admin") if e["action"] == "pin_revealed"]
    assert [(e["person_id"], e["actor"]) for e in shown_events] == [
        (added["person_id"], hass_admin_user.id)
    ]
    assert added["pin"] not in json.dumps(events.of("housekey_admin"))
    # Offboarded people have no PIN to show.
    await call(hass, "offboard_person", {"person": "Dana", "timeout": 5})
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "reveal_pin", {"person": added["person_id"]}, context=admin)
    assert err.value.translation_key == "person_offboarded"


async def test_the_readme_automation_sends_the_code_a_day_ahead_and_keeps_it_nowhere_else(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    hass_ws_client: Any,
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
) -> None:
    caplog.set_level(logging.DEBUG)
    entry = await setup_household(hass)
    hass.bus.async_fire("logging_changed")  # the bus logs each event from now on
    arrives = dt_util.utcnow() + timedelta(days=2)
    await call(
        hass,
        "add_guest",
        {
            "name": "Dana",
            "valid_from": arrives.isoformat(),
            "valid_until": (arrives + timedelta(days=3)).isoformat(),
        },
    )
    await settle(entry.runtime_data)
    pin = entry.runtime_data.household.find("Dana").pin  # type: ignore[union-attr]
    assert pin is not None
    # An admin in the panel's websocket asks for it too: the reply is logged redacted.
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": "housekey",
            "service": "reveal_pin",
            "service_data": {"person": "Dana"},
            "return_response": True,
        }
    )
    reply = await client.receive_json()
    assert reply["result"]["response"]["pin"] == pin
    await client.close()
    sent = capture_notifications(hass, "host")
    assert await async_setup_component(hass, "automation", {"automation": DAY_BEFORE})
    await hass.async_block_till_done()
    assert sent == []  # two days ahead: not yet

    later = arrives - timedelta(days=1, seconds=-30)
    freezer.move_to(later)
    async_fire_time_changed(hass, later)
    await hass.async_block_till_done()
    assert sent == [f"Dana arrives tomorrow. Her door code: {pin}"]

    await async_wait_recording_done(hass)
    calls = await recorded_calls(recorder_mock, hass)
    assert any("reveal_pin" in c for c in calls)
    assert any("**REDACTED**" in c for c in calls if "notify" in c or "host" in c)
    assert pin.encode() not in database_bytes(recorder_mock)
    messages = logged(caplog)
    assert "Bus:Handling <Event call_service" in messages and "Sending" in messages
    assert pin not in messages
    # Off before Home Assistant stops, which saves the traces: the trigger's minute timer goes.
    await hass.services.async_call("automation", "turn_off", {"entity_id": "all"}, blocking=True)
    await hass.async_stop(force=True)
    traces = hass_storage["trace.saved_traces"]["data"]["automation.dana_code"]
    saved = json.dumps(traces)
    assert '"code": {"person_id": "p1", "pin": "**REDACTED**"}' in saved
    assert pin not in saved
