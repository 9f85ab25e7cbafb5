"""A duress opening looks exactly like an ordinary one everywhere but `housekey_alert`."""

from __future__ import annotations

import json
import re
from collections.abc import Generator
from typing import Any

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from .conftest import FRONT, call, settle, setup_household
from .conftest import Recorder as Events

PIN, DURESS, AMY = "48291735", "59302846", "60413957"
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> Generator[None]:
    """Start the recorder before Home Assistant (the logbook reads it), then Housekey."""
    return


def _without_times(value: Any) -> Any:
    """Drop what differs between any two moments: times and context ids."""
    text = _TIME.sub("<time>", json.dumps(value, default=str, sort_keys=True))
    return json.loads(re.sub(r'"context_[a-z_]+": "[^"]*"', '"context": ""', text))


async def _type_code(hass: HomeAssistant, client: Any, code: str, **query: Any) -> list[Any]:
    """Type a code at the front door; return the logbook lines of that moment (`query`: filters)."""
    start = dt_util.utcnow()
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": code}, blocking=True
    )
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    await client.send_json_auto_id(
        {
            "type": "logbook/get_events",
            "start_time": start.isoformat(),
            "end_time": dt_util.utcnow().isoformat(),
            **query,
        }
    )
    return list((await client.receive_json())["result"])


async def _open(
    hass: HomeAssistant, entry: MockConfigEntry, events: Events, client: Any, code: str
) -> dict[str, Any]:
    """Type a code at the front door; return what everyone can see of that opening."""
    seen = len(events.events)
    logbook = await _type_code(hass, client, code)
    states = {
        e.entity_id: json.loads(json.dumps(hass.states.get(e.entity_id).as_dict(), default=str))
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }
    # How often each person opened: the one thing two openings must differ in.
    uses = {k: v["attributes"].pop("uses") for k, v in states.items() if "uses" in v["attributes"]}
    seen_now = [(e.event_type, dict(e.data)) for e in events.events[seen:]]
    await hass.services.async_call("lock", "lock", {"entity_id": FRONT}, blocking=True)
    await async_wait_recording_done(hass)
    return {
        "uses": uses,
        "access": [d for t, d in seen_now if t == "housekey_access"],
        "alerts": [d for t, d in seen_now if t == "housekey_alert"],
        "logbook": _without_times([{k: v for k, v in e.items() if k != "when"} for e in logbook]),
        "states": _without_times(
            {k: {a: b for a, b in v.items() if a != "context"} for k, v in states.items()}
        ),
    }


async def test_a_duress_opening_looks_like_an_ordinary_one(
    recorder_mock: Recorder, hass: HomeAssistant, hass_ws_client: Any, events: Events
) -> None:
    assert await async_setup_component(hass, "logbook", {})
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Amy", "pin": AMY})
    await call(hass, "add_person", {"name": "Gus", "pin": PIN, "duress_pin": DURESS})
    await settle(entry.runtime_data)
    client = await hass_ws_client(hass)

    # Amy opens before each of Gus's openings, so each one changes who last opened.
    await _open(hass, entry, events, client, AMY)
    ordinary = await _open(hass, entry, events, client, PIN)
    await _open(hass, entry, events, client, AMY)
    duress = await _open(hass, entry, events, client, DURESS)

    assert ordinary.pop("uses") == {"sensor.maple_street_amy": 1, "sensor.maple_street_gus": 1}
    assert duress.pop("uses") == {"sensor.maple_street_amy": 2, "sensor.maple_street_gus": 2}
    assert ordinary.pop("alerts") == []
    assert [(a["kind"], a["person_id"]) for a in duress.pop("alerts")] == [("duress", "p2")]
    assert ordinary["access"] and ordinary["logbook"]
    assert duress == ordinary


async def test_the_door_s_logbook_shows_who_opened_it(
    recorder_mock: Recorder, hass: HomeAssistant, hass_ws_client: Any
) -> None:
    assert await async_setup_component(hass, "logbook", {})
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Carol", "pin": AMY})
    await settle(entry.runtime_data)
    client = await hass_ws_client(hass)
    lines = await _type_code(hass, client, AMY, entity_ids=[FRONT])
    assert {
        "entity_id": FRONT,
        "message": "Carol opened Front door (keypad)",
    } in [{k: e.get(k) for k in ("entity_id", "message")} for e in lines]
